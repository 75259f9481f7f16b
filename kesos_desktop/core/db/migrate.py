"""Alembic migrations shipped inside the package, run programmatically at start."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from kesos_desktop.core.errors import DatabaseRefused
from kesos_desktop.core.i18n import _

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Made by hand in the migrations (FTS5 virtual table and its shadow tables): not part of the models' metadata.
UNMODELLED_TABLES = ("person_fts",)


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Alembic filter: leave the hand-made search tables out of schema comparisons."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not (table or "").startswith(UNMODELLED_TABLES)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script().walk_revisions()}


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_server_revision(engine: Engine, known: set[str]) -> str | None:
    """PostgreSQL: refuse a database whose schema was written by a newer program, or that belongs to another one."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = MigrationContext.configure(conn).get_current_revision()
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
