"""Return plans: legs with fares from the table, bad input at the field, budget check and override, the lifecycle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import Conflict, PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent, PersonEvent, ReturnPlanEvent, Stay
from kesos_desktop.core.services import returns, returns_status
from kesos_desktop.core.services.returns import EscortInput, LegInput, PlanInput
from tests.core.returns.conftest import make_resident


def _legs(db, actor, destination: str, line_id: int | None, **own_values) -> list[LegInput]:  # type: ignore[no-untyped-def]
    """The planner's proposal, with allowances and the budget line on this office's legs."""
    with db.read() as s:
        proposal = returns.propose_for_person(s, actor, destination)
    out = []
    for i, leg in enumerate(proposal.legs):
        if i == 0:
            values = {"budget_line_id": line_id, "days": 2, "meal_per_day": 50_000, "pocket_per_day": 100_000}
            values.update(own_values)
            out.append(LegInput.from_proposal(leg, **values))
        else:
            out.append(LegInput.from_proposal(leg))
    return out


def _plan(db, actor, resident, destination="12.71.01.1001", line_id=None, **own_values):  # type: ignore[no-untyped-def]
    data = PlanInput(
        person_id=resident.person_id,
        destination_region_code=destination,
        destination_address="Jl. Sisingamangaraja Gg. Melati No. 4",
        receiver_name="Rosmawati Siregar",
        receiver_relation="Kakak",
        receiver_phone="0812 6000 1234",
        planned_departure_on=date.today(),
        legs=_legs(db, actor, destination, line_id, **own_values),
    )
    with db.write() as s:
        return returns.create_plan(s, actor, data)


def test_plan_from_proposal_takes_fares_from_the_table(db, admin, resident, fares, budget_line) -> None:  # type: ignore[no-untyped-def]
    plan = _plan(db, admin, resident, line_id=budget_line)
    assert plan.status == "draft" and plan.plan_no.startswith(f"RP-{date.today().year}-")
    assert [leg.from_office.code for leg in plan.legs] == ["DINSOS-31", "DINSOS-36", "DINSOS-18", "DINSOS-12"]
    own = plan.legs[0]
    assert own.paid_by_own_office and own.fare_amount == 150_000 and own.fare_id is not None
    assert own.costs.total == 150_000 + 2 * (50_000 + 100_000)
    assert not any(leg.paid_by_own_office for leg in plan.legs[1:])  # sent by Banten, Lampung, Sumut: they pay
    assert plan.totals.own_total == 450_000
    assert [(f.budget_line_id, f.amount) for f in plan.totals.by_fund] == [(budget_line, 450_000)]
    assert plan.destination_region_name.startswith("Kelurahan") and "Kota Medan" in plan.destination_region_name
    with db.read() as s:
        kinds = [e.kind for e in s.scalars(select(PersonEvent).where(PersonEvent.person_id == resident.person_id))]
        assert "return_planned" in kinds
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "return_plan.created")) is not None


def test_missing_fare_asks_for_an_amount_or_a_table_entry(db, admin, resident, budget_line) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        _plan(db, admin, resident, line_id=budget_line)
    assert "legs.0.fare_amount" in info.value.fields
    assert "tabel tarif" in info.value.fields["legs.0.fare_amount"]
    with pytest.raises(ValidationError) as info:
        _plan(db, admin, resident, line_id=budget_line, fare_amount=180_000)
    assert "legs.0.fare_override_reason" in info.value.fields
    plan = _plan(
        db, admin, resident, line_id=budget_line, fare_amount=180_000, fare_override_reason="Harga tiket DAMRI 2026"
    )
    assert plan.legs[0].fare_amount == 180_000 and plan.legs[0].fare_id is None


def test_a_fare_different_from_the_table_needs_a_reason(db, admin, resident, fares, budget_line) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        _plan(db, admin, resident, line_id=budget_line, fare_amount=200_000)
    assert "Rp150.000,00" in info.value.fields["legs.0.fare_override_reason"]
    plan = _plan(db, admin, resident, line_id=budget_line, fare_amount=150_000)  # the table's own amount: no reason
    assert plan.legs[0].fare_id is not None


def test_bad_input_is_refused_at_the_field(db, admin, resident, fares, budget_line) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns.create_plan(s, admin, PlanInput(person_id=resident.person_id, destination_region_code="", legs=[]))
    assert "destination_region_code" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _plan(db, admin, resident, line_id=budget_line, meal_per_day=-5_000)
    assert "legs.0.meal_per_day" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _plan(db, admin, resident, line_id=budget_line, fare_amount=0, fare_override_reason="gratis")
    assert "legs.0.fare_amount" in info.value.fields
    bad = [LegInput("DINSOS-31", "DINSOS-77", "bus"), LegInput("DINSOS-36", "DINSOS-18", "terbang")]
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns.create_plan(
            s, admin, PlanInput(person_id=resident.person_id, destination_region_code="12.71", legs=bad)
        )
    assert {"legs.0.to_office", "legs.1.mode"} <= set(info.value.fields)
    gap = [LegInput("DINSOS-31", "DINSOS-36", "bus"), LegInput("DINSOS-32", "DINSOS-33", "bus")]
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns.create_plan(s, admin, PlanInput(person_id=resident.person_id, destination_region_code="33", legs=gap))
    assert "legs.1.from_office" in info.value.fields
    escort = [
        LegInput(
            "DINSOS-31",
            "DINSOS-32.75",
            "bus",
            budget_line_id=budget_line,
            escorts=[EscortInput(name="", fare_amount=60_000)],
        )
    ]
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns.create_plan(
            s, admin, PlanInput(person_id=resident.person_id, destination_region_code="32.75", legs=escort)
        )
    assert "legs.0.escorts.0.name" in info.value.fields


def test_only_people_in_care_and_one_active_plan(db, admin, network, fares, budget_line) -> None:  # type: ignore[no-untyped-def]
    gone = make_resident(db)
    with db.write() as s:
        stay = s.get(Stay, gone.stay_id)
        stay.exited_on = date.today()
        s.commit()
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns.create_plan(s, admin, PlanInput(person_id=gone.person_id, destination_region_code="32.75", legs=[]))
    assert "person_id" in info.value.fields
    here = make_resident(db)
    with db.write() as s:
        returns.create_plan(s, admin, PlanInput(person_id=here.person_id, destination_region_code="32.75", legs=[]))
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns.create_plan(s, admin, PlanInput(person_id=here.person_id, destination_region_code="32.75", legs=[]))
    assert "sudah punya rencana" in info.value.fields["person_id"]


def test_lifecycle_from_draft_to_arrival_exits_the_stay(
    db, admin, pimpinan, worker, resident, fares, budget_line
) -> None:  # type: ignore[no-untyped-def]
    plan = _plan(db, worker, resident, line_id=budget_line)
    with db.write() as s, pytest.raises(PermissionDenied):
        returns_status.approve_plan(s, worker, plan.id, plan.version_id)
    with db.write() as s:
        plan = returns_status.approve_plan(s, pimpinan, plan.id, plan.version_id, note="Disetujui")
    assert plan.status == "disetujui" and plan.approved_by == "kadis"
    with db.write() as s, pytest.raises(ValidationError):  # an approved plan is not edited in place
        returns.set_legs(s, worker, plan.id, [], plan.version_id)
    today = date.today()
    with db.write() as s:
        plan = returns_status.record_departure(s, worker, plan.id, plan.version_id, today)
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns_status.record_handover(
            s, worker, plan.id, plan.legs[0].id, plan.version_id, on=today, officer_name="", officer_nip="123"
        )
    assert {"officer_name", "officer_nip"} <= set(info.value.fields)
    with db.write() as s:
        plan = returns_status.record_handover(
            s,
            worker,
            plan.id,
            plan.legs[0].id,
            plan.version_id,
            on=today,
            officer_name="Agus Salim",
            officer_nip="197501012000031002",
            officer_jabatan="Kepala Seksi Rehabilitasi Tuna Sosial",
        )
    assert plan.legs[0].status == "diserahterimakan" and plan.legs[0].receiving_officer_name == "Agus Salim"
    with db.write() as s:
        plan = returns_status.confirm_arrival(
            s, worker, plan.id, plan.version_id, on=today, confirmed_by="Rosmawati Siregar (kakak)"
        )
    assert plan.status == "tiba"
    with db.read() as s:
        stay = s.get(Stay, resident.stay_id)
        assert stay.exited_on == today and stay.exit_reason_code == "DIPULANGKAN"
        assert "Kota Medan" in stay.exit_destination
        kinds = [e.kind for e in s.scalars(select(PersonEvent).where(PersonEvent.person_id == resident.person_id))]
        for kind in ("return_planned", "return_approved", "return_departed", "return_handover", "return_arrived"):
            assert kind in kinds
        assert "exited" in kinds
        actions = [e.action for e in s.scalars(select(ReturnPlanEvent).where(ReturnPlanEvent.plan_id == plan.id))]
        assert actions == ["dibuat", "disetujui", "berangkat", "diserahterimakan", "tiba"]


def test_budget_warning_refusal_and_pimpinan_override(db, admin, pimpinan, network, fares, budget_line) -> None:  # type: ignore[no-untyped-def]
    first = make_resident(db)
    big = _plan(db, admin, first, "91.03", line_id=budget_line, days=3)  # Rp1.250.000 ship + 3 × Rp150.000
    assert big.totals.own_total == 1_700_000 and not big.warnings
    with db.write() as s:
        returns_status.approve_plan(s, pimpinan, big.id, big.version_id)
    second = make_resident(db)
    costly = _plan(db, admin, second, "91.03", line_id=budget_line, days=20, pocket_per_day=100_000)
    assert costly.budget_short
    assert costly.budget[0].committed == 1_700_000 and costly.budget[0].remaining_after < 0
    assert any("tidak cukup" in w for w in costly.warnings)
    with db.write() as s, pytest.raises(returns_status.BudgetExceeded) as info:
        returns_status.approve_plan(s, pimpinan, costly.id, costly.version_id)
    assert info.value.can_override and "budget" in info.value.fields
    with db.write() as s:
        approved = returns_status.approve_plan(
            s, pimpinan, costly.id, costly.version_id, override_reason="Darurat: korban TPPO, dana ditambah di APBD-P"
        )
    assert approved.status == "disetujui"
    assert approved.budget_override_by == "kadis" and approved.budget_override_reason.startswith("Darurat")
    with db.read() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "return_plan.budget_override")) is not None


def test_cancel_needs_a_reason_and_stale_edits_conflict(db, admin, resident, fares, budget_line) -> None:  # type: ignore[no-untyped-def]
    plan = _plan(db, admin, resident, "32.75", line_id=budget_line)
    with db.write() as s:
        returns.update_plan(
            s,
            admin,
            plan.id,
            PlanInput(person_id=resident.person_id, destination_region_code="32.75", receiver_name="Pak RT"),
            plan.version_id,
        )
    with db.write() as s, pytest.raises(Conflict):
        returns.update_plan(
            s, admin, plan.id, PlanInput(person_id=resident.person_id, destination_region_code="32.75"), plan.version_id
        )
    with db.read() as s:
        plan = returns.get_plan(s, admin, plan.id)
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns_status.cancel_plan(s, admin, plan.id, plan.version_id, "  ")
    assert "reason" in info.value.fields
    with db.write() as s:
        plan = returns_status.cancel_plan(s, admin, plan.id, plan.version_id, "Keluarga menjemput sendiri")
    assert plan.status == "batal" and plan.cancel_reason == "Keluarga menjemput sendiri"


def test_dates_in_the_future_are_refused(db, admin, pimpinan, resident, fares, budget_line) -> None:  # type: ignore[no-untyped-def]
    plan = _plan(db, admin, resident, "32.75", line_id=budget_line)
    with db.write() as s:
        plan = returns_status.approve_plan(s, pimpinan, plan.id, plan.version_id)
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns_status.record_departure(s, admin, plan.id, plan.version_id, date.today() + timedelta(days=2))
    assert "departed_on" in info.value.fields
