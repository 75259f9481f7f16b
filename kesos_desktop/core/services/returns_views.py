"""Reading return plans: the plain dataclasses the UI shows (plan, legs, escorts, events, totals, budget) and lists.

Status flow (``ReturnPlan.status``): draft → disetujui (pimpinan) → berangkat → tiba (arrival confirmed; the stay
ends with DIPULANGKAN), or batal with a reason. Each leg is ``direncanakan`` until it is ``diserahterimakan``
(handed over, with date and receiving officer).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.models import (
    BudgetLine,
    Person,
    RelayOffice,
    ReturnLeg,
    ReturnLegEscort,
    ReturnPlan,
    ReturnPlanEvent,
    Voucher,
)
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.access import person_visible_clause
from kesos_desktop.core.services.relay import OfficeRef, mode_label, office_ref
from kesos_desktop.core.services.returns_costs import (
    BudgetCheck,
    LegCosts,
    PlanTotals,
    budget_checks,
    leg_costs,
    plan_totals,
)

DRAFT, APPROVED, DEPARTED, ARRIVED, CANCELLED = "draft", "disetujui", "berangkat", "tiba", "batal"
STATUSES: tuple[str, ...] = (DRAFT, APPROVED, DEPARTED, ARRIVED, CANCELLED)
ACTIVE_STATUSES: tuple[str, ...] = (DRAFT, APPROVED, DEPARTED)
LEG_PLANNED, LEG_HANDED_OVER = "direncanakan", "diserahterimakan"
_STATUS_LABELS = {
    DRAFT: N_("Draf"),
    APPROVED: N_("Disetujui"),
    DEPARTED: N_("Berangkat"),
    ARRIVED: N_("Tiba / dikonfirmasi"),
    CANCELLED: N_("Batal"),
    LEG_PLANNED: N_("Direncanakan"),
    LEG_HANDED_OVER: N_("Diserahterimakan"),
}
# Timeline kinds written by the return services (the UI picks an icon per kind).
TIMELINE_KINDS: tuple[str, ...] = (
    "return_planned",
    "return_approved",
    "return_departed",
    "return_handover",
    "return_arrived",
    "return_cancelled",
    "voucher_issued",
    "voucher_voided",
)


def status_label(status: str) -> str:
    return _(_STATUS_LABELS[status]) if status in _STATUS_LABELS else status


@dataclass(frozen=True)
class EscortInfo:
    id: int
    name: str
    nip: str
    jabatan: str
    fare_amount: int
    days: int
    meal_per_day: int
    pocket_per_day: int
    notes: str
    total: int


@dataclass(frozen=True)
class LegInfo:
    id: uuid.UUID
    seq: int
    from_office: OfficeRef
    to_office: OfficeRef
    mode: str
    mode_label: str
    carrier: str
    travel_date: date | None
    fare_id: int | None
    fare_amount: int
    fare_override_reason: str
    days: int
    meal_per_day: int
    pocket_per_day: int
    paid_by_own_office: bool
    budget_line_id: int | None
    reason: str
    notes: str
    status: str
    status_label: str
    handed_over_on: date | None
    receiving_officer_name: str
    receiving_officer_nip: str
    receiving_officer_jabatan: str
    handover_note: str
    escorts: tuple[EscortInfo, ...]
    costs: LegCosts

    @property
    def total(self) -> int:
        return self.costs.total


@dataclass(frozen=True)
class PlanEventInfo:
    at: datetime
    username: str
    action: str
    from_status: str
    to_status: str
    reason: str


@dataclass(frozen=True)
class PlanInfo:
    id: uuid.UUID
    plan_no: str
    office_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    registration_no: str
    stay_id: uuid.UUID | None
    status: str
    status_label: str
    destination_region_code: str
    destination_region_name: str
    destination_address: str
    receiver_name: str
    receiver_relation: str
    receiver_phone: str
    receiver_address: str
    family_contact_id: int | None
    planned_departure_on: date | None
    notes: str
    created_by: str
    created_at: datetime
    approved_at: datetime | None
    approved_by: str
    approval_note: str
    budget_override_at: datetime | None
    budget_override_by: str
    budget_override_reason: str
    departed_on: date | None
    arrived_on: date | None
    arrival_confirmed_by: str
    arrival_note: str
    cancelled_at: datetime | None
    cancelled_by: str
    cancel_reason: str
    legs: tuple[LegInfo, ...]
    totals: PlanTotals
    budget: tuple[BudgetCheck, ...]
    warnings: tuple[str, ...]
    events: tuple[PlanEventInfo, ...]
    voucher_count: int
    version_id: int

    @property
    def budget_short(self) -> bool:
        return any(check.goes_negative for check in self.budget)


@dataclass(frozen=True)
class PlanRow:
    """One line of a plan list."""

    id: uuid.UUID
    plan_no: str
    person_id: uuid.UUID
    person_name: str
    registration_no: str
    status: str
    status_label: str
    destination_region_code: str
    destination_region_name: str
    planned_departure_on: date | None
    created_at: datetime


def _escort_info(e: ReturnLegEscort) -> EscortInfo:
    from kesos_desktop.core.services.returns_costs import escort_cost

    return EscortInfo(
        e.id,
        e.name,
        e.nip,
        e.jabatan,
        int(e.fare_amount),
        e.days,
        int(e.meal_per_day),
        int(e.pocket_per_day),
        e.notes,
        escort_cost(e),
    )


def load_legs(session: Session, plan_id: uuid.UUID) -> list[tuple[ReturnLeg, list[ReturnLegEscort]]]:
    legs = session.scalars(select(ReturnLeg).where(ReturnLeg.plan_id == plan_id).order_by(ReturnLeg.seq)).all()
    escorts: dict[uuid.UUID, list[ReturnLegEscort]] = {leg.id: [] for leg in legs}
    if legs:
        for e in session.scalars(
            select(ReturnLegEscort).where(ReturnLegEscort.leg_id.in_(escorts)).order_by(ReturnLegEscort.id)
        ):
            escorts[e.leg_id].append(e)
    return [(leg, escorts[leg.id]) for leg in legs]


def _leg_info(leg: ReturnLeg, escorts: list[ReturnLegEscort], offices: dict[uuid.UUID, OfficeRef]) -> LegInfo:
    return LegInfo(
        id=leg.id,
        seq=leg.seq,
        from_office=offices[leg.from_office_id],
        to_office=offices[leg.to_office_id],
        mode=leg.mode,
        mode_label=mode_label(leg.mode),
        carrier=leg.carrier,
        travel_date=leg.travel_date,
        fare_id=leg.fare_id,
        fare_amount=int(leg.fare_amount),
        fare_override_reason=leg.fare_override_reason,
        days=leg.days,
        meal_per_day=int(leg.meal_per_day),
        pocket_per_day=int(leg.pocket_per_day),
        paid_by_own_office=leg.paid_by_own_office,
        budget_line_id=leg.budget_line_id,
        reason=leg.reason,
        notes=leg.notes,
        status=leg.status,
        status_label=status_label(leg.status),
        handed_over_on=leg.handed_over_on,
        receiving_officer_name=leg.receiving_officer_name,
        receiving_officer_nip=leg.receiving_officer_nip,
        receiving_officer_jabatan=leg.receiving_officer_jabatan,
        handover_note=leg.handover_note,
        escorts=tuple(_escort_info(e) for e in escorts),
        costs=leg_costs(leg, escorts),
    )


def _warnings(session: Session, plan: ReturnPlan, legs: list[LegInfo], checks: list[BudgetCheck]) -> list[str]:
    # Once approved, a shortfall is history: the approval (and any pimpinan override) records who allowed it.
    out = [check.warning() for check in checks if check.goes_negative] if plan.status == DRAFT else []
    for leg in legs:
        if leg.paid_by_own_office and leg.total > 0 and leg.budget_line_id is None:
            out.append(_("Leg {n}: sumber dana belum dipilih.").format(n=leg.seq))
    year = (plan.planned_departure_on or date.today()).year
    line_ids = {leg.budget_line_id for leg in legs if leg.budget_line_id is not None}
    line_years = {
        i: y for i, y in session.execute(select(BudgetLine.id, BudgetLine.year).where(BudgetLine.id.in_(line_ids)))
    }
    for leg in legs:
        line_year = line_years.get(leg.budget_line_id) if leg.budget_line_id is not None else None
        if line_year is not None and line_year != year:
            out.append(
                _("Leg {n}: pagu anggaran tahun {line_year}, sedangkan keberangkatan tahun {year}.").format(
                    n=leg.seq, line_year=line_year, year=year
                )
            )
    dates = [leg.travel_date for leg in legs if leg.travel_date is not None]
    if dates != sorted(dates):
        out.append(_("Tanggal perjalanan antar-leg tidak berurutan."))
    previous = session.execute(
        select(func.count(ReturnPlan.id), func.max(ReturnPlan.arrived_on)).where(
            ReturnPlan.person_id == plan.person_id, ReturnPlan.status == ARRIVED, ReturnPlan.id != plan.id
        )
    ).one()
    if previous[0]:
        # Domain §4.5: some people use the free return again and again; warn, never block.
        out.append(
            _("Perhatian: orang ini sudah {n} kali dipulangkan (terakhir tiba {day}).").format(
                n=previous[0], day=format_date(previous[1]) if previous[1] else "-"
            )
        )
    return out


def build_plan_info(session: Session, plan: ReturnPlan) -> PlanInfo:
    person = session.get(Person, plan.person_id)
    assert person is not None
    pairs = load_legs(session, plan.id)
    office_ids = {leg.from_office_id for leg, _e in pairs} | {leg.to_office_id for leg, _e in pairs}
    offices = {o.id: office_ref(o) for o in session.scalars(select(RelayOffice).where(RelayOffice.id.in_(office_ids)))}
    legs = [_leg_info(leg, escorts, offices) for leg, escorts in pairs]
    totals = plan_totals(session, [(leg, leg_costs(leg, escorts)) for leg, escorts in pairs])
    checks = budget_checks(session, plan.id, totals)
    events = tuple(
        PlanEventInfo(e.at, e.username, e.action, e.from_status, e.to_status, e.reason)
        for e in session.scalars(
            select(ReturnPlanEvent).where(ReturnPlanEvent.plan_id == plan.id).order_by(ReturnPlanEvent.id)
        )
    )
    vouchers = session.scalar(select(func.count(Voucher.id)).where(Voucher.plan_id == plan.id)) or 0
    return PlanInfo(
        id=plan.id,
        plan_no=plan.plan_no,
        office_id=plan.office_id,
        person_id=plan.person_id,
        person_name=person.full_name or person.alias,
        registration_no=person.registration_no,
        stay_id=plan.stay_id,
        status=plan.status,
        status_label=status_label(plan.status),
        destination_region_code=plan.destination_region_code,
        destination_region_name=plan.destination_region_name,
        destination_address=plan.destination_address,
        receiver_name=plan.receiver_name,
        receiver_relation=plan.receiver_relation,
        receiver_phone=plan.receiver_phone,
        receiver_address=plan.receiver_address,
        family_contact_id=plan.family_contact_id,
        planned_departure_on=plan.planned_departure_on,
        notes=plan.notes,
        created_by=plan.created_by,
        created_at=plan.created_at,
        approved_at=plan.approved_at,
        approved_by=plan.approved_by,
        approval_note=plan.approval_note,
        budget_override_at=plan.budget_override_at,
        budget_override_by=plan.budget_override_by,
        budget_override_reason=plan.budget_override_reason,
        departed_on=plan.departed_on,
        arrived_on=plan.arrived_on,
        arrival_confirmed_by=plan.arrival_confirmed_by,
        arrival_note=plan.arrival_note,
        cancelled_at=plan.cancelled_at,
        cancelled_by=plan.cancelled_by,
        cancel_reason=plan.cancel_reason,
        legs=tuple(legs),
        totals=totals,
        budget=tuple(checks),
        warnings=tuple(_warnings(session, plan, legs, checks)),
        events=events,
        voucher_count=vouchers,
        version_id=plan.version_id,
    )


def load_plan(session: Session, actor: Actor, plan_id: uuid.UUID, *, for_update: bool = False) -> ReturnPlan:
    """The plan, or NotFound (also when the person is not visible to this user)."""
    stmt = (
        select(ReturnPlan)
        .join(Person, Person.id == ReturnPlan.person_id)
        .where(ReturnPlan.id == plan_id, person_visible_clause(actor))
    )
    if for_update:
        stmt = stmt.with_for_update(of=ReturnPlan)
    plan = session.scalar(stmt)
    if plan is None:
        raise NotFound(_("Rencana pemulangan tidak ditemukan."))
    return plan


def get_plan(session: Session, actor: Actor, plan_id: uuid.UUID) -> PlanInfo:
    actor.require("returns.view")
    return build_plan_info(session, load_plan(session, actor, plan_id))


def list_plans(
    session: Session,
    actor: Actor,
    *,
    person_id: uuid.UUID | None = None,
    statuses: tuple[str, ...] = (),
    year: int | None = None,
    limit: int = 1000,
) -> list[PlanRow]:
    """Plans, newest first, optionally of one person / in some statuses / created in one year."""
    actor.require("returns.view")
    stmt = (
        select(ReturnPlan, Person.full_name, Person.alias, Person.registration_no)
        .join(Person, Person.id == ReturnPlan.person_id)
        .where(person_visible_clause(actor))
    )
    if person_id is not None:
        stmt = stmt.where(ReturnPlan.person_id == person_id)
    if statuses:
        stmt = stmt.where(ReturnPlan.status.in_(statuses))
    if year is not None:
        start, end = datetime(year, 1, 1).astimezone(), datetime(year + 1, 1, 1).astimezone()
        stmt = stmt.where(ReturnPlan.created_at >= start, ReturnPlan.created_at < end)
    stmt = stmt.order_by(ReturnPlan.created_at.desc()).limit(limit)
    return [
        PlanRow(
            p.id,
            p.plan_no,
            p.person_id,
            name or alias,
            reg,
            p.status,
            status_label(p.status),
            p.destination_region_code,
            p.destination_region_name,
            p.planned_departure_on,
            p.created_at,
        )
        for p, name, alias, reg in session.execute(stmt)
    ]
