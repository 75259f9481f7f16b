"""A database from an earlier version gets the rehabilitation tables and its roles the new permissions."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL

from kesos_desktop.core.db import open_database
from kesos_desktop.core.services import auth

OLD_FILE = Path(__file__).resolve().parents[2] / "data" / "kesos-0001.sqlite"


def test_upgrade_from_0001_grants_the_new_permissions(tmp_path: Path) -> None:
    path = tmp_path / "kesos.sqlite"
    shutil.copyfile(OLD_FILE, path)
    db = open_database(URL.create("sqlite", database=str(path)))
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert {"rehab_case", "assessment", "intervention_plan", "progress_note", "placement", "task"} <= tables
        with db.write() as s:
            admin = auth.login(s, "admin", "rahasia123")
        assert {"cases.view", "cases.manage", "placements.manage", "tasks.view"} <= admin.permissions
        assert "plans.approve" not in admin.permissions and "notes.view_confidential" not in admin.permissions
    finally:
        db.dispose()
