"""Engine settings for power cuts and several writers: WAL, synchronous=FULL, foreign keys, BEGIN IMMEDIATE."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from kesos_desktop.core.db.urls import display_location, resolve_url


def test_sqlite_pragmas(db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert s.execute(text("PRAGMA application_id")).scalar() == 0x4B45534F


def test_write_session_takes_the_write_lock_at_its_first_statement(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with db.write() as s:
            s.execute(text("SELECT 1")).scalar()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            s.rollback()
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_read_session_does_not_block_writers(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with db.read() as s:
            s.execute(text("SELECT count(*) FROM role")).scalar()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_foreign_keys_are_enforced(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    with db.write() as s, pytest.raises(IntegrityError):
        s.execute(text("INSERT INTO role_permission (role_code, permission) VALUES ('tidak_ada', 'x')"))
        s.flush()


def test_resolve_url_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kesos_home: Path) -> None:
    default = resolve_url()
    assert default.database == str((kesos_home / "data" / "kesos.sqlite").resolve())
    assert resolve_url(demo=True).database == str((kesos_home / "data" / "kesos-demo.sqlite").resolve())
    monkeypatch.setenv("KESOS_DB_URL", "postgresql://kesos:rahasia@server/kantor")
    env = resolve_url()
    assert env.drivername == "postgresql+psycopg"
    assert "rahasia" not in display_location(env)
    explicit = resolve_url(str(tmp_path / "lain.sqlite"))
    assert explicit.database == str(tmp_path / "lain.sqlite")


def test_resolve_url_rejects_unsupported_backends() -> None:
    from kesos_desktop.core.errors import ValidationError

    with pytest.raises(ValidationError, match="tidak didukung"):
        resolve_url("mysql://root@localhost/kesos")


def test_display_location_of_a_file() -> None:
    url = URL.create("sqlite", database="/data/kesos.sqlite")
    assert display_location(url) == "/data/kesos.sqlite"
