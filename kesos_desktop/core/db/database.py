"""Opening a database: engine with the right pragmas, read and write sessions, checks, backup and migrations."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kesos_desktop.core.db import guard, migrate
from kesos_desktop.core.db.backup import backup_before_upgrade
from kesos_desktop.core.db.urls import display_location, sqlite_path
from kesos_desktop.core.errors import DatabaseRefused
from kesos_desktop.core.i18n import _

log = logging.getLogger(__name__)

# How long a writer waits for another writer before giving up (ms). Offices have a few PCs, not hundreds.
BUSY_TIMEOUT_MS = 10_000


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con, _record) -> None:  # type: ignore[no-untyped-def]
        # Let us issue BEGIN ourselves (pysqlite's implicit BEGIN is DEFERRED and comes too late).
        dbapi_con.isolation_level = None
        cur = dbapi_con.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        # FULL: every commit reaches the disk before it is reported done (power cuts are common).
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # Writers take the write lock up front, so two writers queue instead of failing halfway (SQLITE_BUSY).
        mode = "IMMEDIATE" if conn.get_execution_options().get("kesos_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Database:
    """An open database: ``read()`` and ``write()`` give sessions; services commit inside them."""

    url: URL
    engine: Engine
    backup_path: Path | None = None
    _write_engine: Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._write_engine = self.engine.execution_options(kesos_write=True)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def location(self) -> str:
        return display_location(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose first statement takes the write lock; rolled back unless the service committed."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: URL, *, upgrade: bool = True, seed: bool = True) -> Database:
    """Check, back up, migrate and seed; refuses (DatabaseRefused) without touching a file it cannot trust."""
    path = sqlite_path(url)
    known = migrate.known_revisions()
    state = guard.FileState(exists=False, revision=None)
    if path is not None:
        state = guard.inspect_sqlite_file(path, known)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseRefused(
                _("Folder data {folder} tidak dapat dibuat: {error}").format(folder=path.parent, error=exc),
                "read_only",
            ) from exc
    engine = make_engine(url)
    db = Database(url=url, engine=engine)
    try:
        if path is None:
            state = guard.FileState(exists=True, revision=migrate.check_server_revision(engine, known))
        head = migrate.head_revision()
        # A database already at head skips Alembic entirely: most starts are like this, and it saves time.
        if upgrade and state.revision != head:
            if path is not None and state.exists:
                db.backup_path = backup_before_upgrade(path, state.revision, head)
            migrate.upgrade(engine)
        if seed:
            from kesos_desktop.core.services.seed import after_upgrade, is_seeded, seed_reference_data

            with db.read() as session:
                seeded = is_seeded(session)
            if not seeded:
                with db.write() as session:
                    seed_reference_data(session)
            if upgrade and state.revision is not None and state.revision != head:
                with db.write() as session:
                    after_upgrade(session, state.revision)
    except OperationalError as exc:
        engine.dispose()
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseRefused(
                _("Basis data {where} sedang dikunci oleh program lain. Tutup program itu, lalu coba lagi.").format(
                    where=db.location
                ),
                "locked",
            ) from exc
        raise DatabaseRefused(
            _("Basis data {where} tidak dapat dibuka: {error}").format(where=db.location, error=exc.orig),
            "unreachable",
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return db
