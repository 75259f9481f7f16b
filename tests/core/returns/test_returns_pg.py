"""The same return services on PostgreSQL (KESOS_TEST_PG_URL): the lifecycle, and voucher numbers issued by several
processes at once — as several office PCs would — unique and gap-free."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from kesos_desktop.core.db import open_database
from kesos_desktop.core.models import Stay, Voucher
from kesos_desktop.core.services import returns_status, vouchers, vouchers_register
from tests.core.returns.conftest import approved_plan, make_resident

pytestmark = pytest.mark.pg

ROOT = Path(__file__).resolve().parents[3]

WORKER = textwrap.dedent(
    """
    import sys, uuid
    from sqlalchemy.engine import make_url
    from kesos_desktop.core import i18n
    from kesos_desktop.core.db import open_database
    from kesos_desktop.core.security.actor import Actor
    from kesos_desktop.core.services import vouchers

    i18n.install("id")
    db = open_database(make_url(sys.argv[1]), upgrade=False, seed=False)
    actor = Actor.system(uuid.UUID(sys.argv[2]))
    numbers = []
    for plan_id in sys.argv[3:]:
        with db.write() as s:
            numbers.append(vouchers.issue_voucher(s, actor, vouchers.VoucherRequest(uuid.UUID(plan_id))).info.seq)
    db.dispose()
    print(" ".join(map(str, numbers)))
    """
)


@pytest.fixture
def db(pg_url):  # type: ignore[no-untyped-def]
    """Replaces the SQLite ``db`` for this module: every fixture above it now works on PostgreSQL."""
    database = open_database(pg_url)
    yield database
    database.dispose()


def test_lifecycle_on_postgresql(db, admin, pimpinan, network, fares, budget_line, signatory) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    who = make_resident(db)
    plan = approved_plan(db, admin, pimpinan, who, budget_line, "12.71")
    with db.write() as s:
        issued = vouchers.issue_voucher(s, admin, vouchers.VoucherRequest(plan.id))
    with db.read() as s:
        assert vouchers_register.verify_voucher(s, issued.info.payload).status == "asli"
    with db.write() as s:
        plan = returns_status.record_departure(s, admin, plan.id, plan.version_id, date.today())
    with db.write() as s:
        plan = returns_status.confirm_arrival(s, admin, plan.id, plan.version_id, on=date.today(), confirmed_by="Adik")
    with db.read() as s:
        assert s.get(Stay, who.stay_id).exit_reason_code == "DIPULANGKAN"


def test_processes_issue_unique_gap_free_numbers(
    db, pg_url, admin, pimpinan, network, fares, budget_line, signatory
) -> None:  # type: ignore[no-untyped-def]
    plans = [approved_plan(db, admin, pimpinan, make_resident(db), budget_line) for _ in range(12)]
    with db.write() as s:
        vouchers_register.export_public_key(s, admin)  # the office key exists before the PCs start
    url = pg_url.render_as_string(hide_password=False)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(admin.office_id), *[str(p.id) for p in plans[i::4]]],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    numbers: list[int] = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        numbers += [int(n) for n in out.split()]
    assert sorted(numbers) == list(range(1, 13))
    with db.read() as s:
        assert sorted(s.scalars(select(Voucher.seq))) == list(range(1, 13))
