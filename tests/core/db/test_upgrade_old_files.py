"""Real database files written by earlier versions are backed up, upgraded and keep every row."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import URL

from kesos_desktop.core.db import open_database
from kesos_desktop.core.db.migrate import current_revision, head_revision
from kesos_desktop.core.models import Person, Stay
from kesos_desktop.core.services import auth
from kesos_desktop.core.services.resident_list import ResidentFilter, fetch_resident_rows, find_resident_ids

OLD_FILES = Path(__file__).resolve().parents[2] / "data"


def test_upgrade_from_0001(tmp_path: Path, kesos_home: Path) -> None:
    original = OLD_FILES / "kesos-0001.sqlite"
    path = tmp_path / "kesos.sqlite"
    shutil.copyfile(original, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    db = open_database(URL.create("sqlite", database=str(path)))
    try:
        assert current_revision(db.engine) == head_revision()
        # The backup is the file exactly as it was before the upgrade.
        assert db.backup_path is not None
        assert db.backup_path.parent == kesos_home / "backups"
        con = sqlite3.connect(db.backup_path)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_foundation"
        con.close()
        with db.write() as s:
            actor = auth.login(s, "admin", "rahasia123")
        with db.read() as s:
            person = s.scalars(select(Person)).one()
            assert person.nik == "3205011204750003"
            assert person.name_key == "muhamad jukardi"
            assert s.scalars(select(Stay)).one().admitted_on.isoformat() == "2026-01-05"
            ids = find_resident_ids(s, actor, ResidentFilter(text="jukardi"))
            assert [r.registration_no for r in fetch_resident_rows(s, actor, ids)] == ["WB-2026-000001"]
    finally:
        db.dispose()
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before, "the committed fixture is never modified"
