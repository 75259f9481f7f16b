"""A database file that cannot be trusted is refused with a clear reason and left byte-for-byte untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from kesos_desktop.core.db import open_database
from kesos_desktop.core.errors import DatabaseRefused


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(path: Path, *, other_program_open: bool = False) -> DatabaseRefused:
    before = _digest(path)
    with pytest.raises(DatabaseRefused) as info:
        open_database(URL.create("sqlite", database=str(path)))
    assert _digest(path) == before, "a refused file must not be changed"
    if not other_program_open:
        assert not Path(str(path) + "-wal").exists()
    return info.value


def test_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "catatan.sqlite"
    path.write_text("Daftar warga binaan 2024\nBudi;Siti\n", encoding="utf-8")
    err = _refused(path)
    assert err.reason == "not_database"
    assert "bukan basis data Kesos" in str(err)


def test_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "lain.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    con.execute("INSERT INTO pelanggan (nama) VALUES ('Toko Maju')")
    con.commit()
    con.close()
    err = _refused(path)
    assert err.reason == "foreign"
    assert "program lain" in str(err)


def test_database_from_a_newer_version(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    err = _refused(db_path)
    assert err.reason == "newer"
    assert "9999_from_the_future" in str(err)
    assert "lebih baru" in str(err)


def test_corrupt_database(db_path: Path) -> None:
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    # Scribble over the b-tree pages after the header page, keeping the SQLite header intact.
    for i in range(page, len(data), 7):
        data[i] = 0xA5
    db_path.write_bytes(bytes(data))
    err = _refused(db_path)
    assert err.reason == "corrupt"
    assert "rusak" in str(err)


def test_read_only_file(db_path: Path) -> None:
    db_path.chmod(0o444)
    try:
        err = _refused(db_path)
    finally:
        db_path.chmod(0o644)
    assert err.reason == "read_only"
    assert "hanya-baca" in str(err)


def test_locked_by_another_program(db_path: Path) -> None:
    holder = sqlite3.connect(db_path, timeout=0)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        err = _refused(db_path, other_program_open=True)
    finally:
        holder.rollback()
        holder.close()
    assert err.reason == "locked"
    assert "dikunci" in str(err)


def test_network_share_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kesos_desktop.core.db import guard

    monkeypatch.setattr(guard, "is_network_path", lambda path: True)
    path = tmp_path / "bersama.sqlite"
    with pytest.raises(DatabaseRefused) as info:
        open_database(URL.create("sqlite", database=str(path)))
    assert info.value.reason == "network_share"
    assert "PostgreSQL" in str(info.value)
    assert not path.exists()


def test_empty_database_after_downgrade_is_backed_up_then_rebuilt(db_path: Path, kesos_home: Path) -> None:
    """A Kesos file whose schema is behind the program is copied to the backup folder before it is upgraded."""
    from alembic import command
    from sqlalchemy import create_engine

    from kesos_desktop.core.db.migrate import alembic_config

    engine = create_engine(URL.create("sqlite", database=str(db_path)))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    engine.dispose()
    db = open_database(URL.create("sqlite", database=str(db_path)))
    try:
        assert db.backup_path is not None and db.backup_path.exists()
        assert db.backup_path.parent == kesos_home / "backups"
        con = sqlite3.connect(db.backup_path)
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x4B45534F
        con.close()
    finally:
        db.dispose()


def test_good_copy_opens_without_backup(db_path: Path) -> None:
    copy = db_path.with_name("salinan.sqlite")
    shutil.copyfile(db_path, copy)
    db = open_database(URL.create("sqlite", database=str(copy)))
    try:
        assert db.backup_path is None
    finally:
        db.dispose()
