"""A database from an earlier version gets the pemulangan tables, and its existing roles the new permissions."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import URL

from kesos_desktop.core.db import open_database
from kesos_desktop.core.models import RolePermission
from kesos_desktop.core.services import auth, relay

OLD = Path(__file__).resolve().parents[2] / "data" / "kesos-0001.sqlite"


def test_upgrade_from_0001_grants_the_return_permissions(tmp_path: Path) -> None:
    path = tmp_path / "kesos.sqlite"
    shutil.copyfile(OLD, path)
    db = open_database(URL.create("sqlite", database=str(path)))
    try:
        with db.read() as s:
            granted = {(r.role_code, r.permission) for r in s.scalars(select(RolePermission))}
        assert {("admin", "relay.manage"), ("admin", "vouchers.issue"), ("pimpinan", "returns.approve")} <= granted
        assert ("pimpinan", "budget.override") in granted and ("auditor", "returns.view") in granted
        assert not any(role == "mitra" and perm.startswith(("returns.", "vouchers.")) for role, perm in granted)
        with db.write() as s:
            actor = auth.login(s, "admin", "rahasia123")
            relay.seed_relay_network(s)
            s.commit()
        assert actor.can("returns.plan")
        with db.read() as s:
            plan = relay.propose_route(s, "31", "12.71")
        assert plan.rule_code == "SUMATERA-LAMPUNG"
    finally:
        db.dispose()
