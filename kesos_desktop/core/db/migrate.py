"""Alembic migrations shipped inside the package, run programmatically at start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from kesos_desktop.core.errors import DatabaseRefused
from kesos_desktop.core.i18n import _

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Made by hand in the migrations (FTS5 virtual table and its shadow tables): not part of the models' metadata.
UNMODELLED_TABLES = ("person_fts",)


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Alembic filter: leave the hand-made search tables out of schema comparisons."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not (table or "").startswith(UNMODELLED_TABLES)


if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config() -> Config:
    # Alembic (with Mako and Pygments) costs a few hundred ms to import: only loaded when a migration runs.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _revision_files() -> list[str]:
    # House convention, checked by a test against Alembic itself: a revision id is its file name,
    # numbered in order ("0003_pemulangan.py" has revision "0003_pemulangan"), so the highest is the head.
    return sorted(p.stem for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def known_revisions() -> set[str]:
    return set(_revision_files())


def head_revision() -> str:
    return _revision_files()[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_server_revision(engine: Engine, known: set[str]) -> str | None:
    """PostgreSQL: refuse a database whose schema was written by a newer program, or that belongs to another one."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    revision = current_revision(engine) if "alembic_version" in tables else None
    if revision is not None and revision not in known:
        raise DatabaseRefused(
            _(
                "Basis data dibuat oleh versi Kesos Desktop yang lebih baru (revisi {revision}). Perbarui program ini."
            ).format(revision=revision),
            "newer",
        )
    if revision is None and tables:
        raise DatabaseRefused(
            _("Basis data di server berisi tabel milik program lain. Gunakan basis data kosong untuk Kesos Desktop."),
            "foreign",
        )
    return revision


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate in one transaction. On SQLite foreign keys are off meanwhile: batch mode rebuilds tables by
    copy-drop-rename, and dropping a parent table with ON DELETE CASCADE on would delete its children's rows."""
    from alembic import command

    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.execution_options(kesos_write=True).connect() as conn:
        raw = conn.connection.dbapi_connection
        if sqlite:
            # Must be outside a transaction to take effect; the connection is in autocommit mode until BEGIN.
            raw.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseRefused(
                            _("Pembaruan basis data dibatalkan: {n} baris kehilangan rujukan.").format(n=len(broken)),
                            "upgrade_failed",
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
