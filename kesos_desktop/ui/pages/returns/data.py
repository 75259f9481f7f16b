"""What the return screens read and compute on a worker: people in care, the wizard's choices, fares, the route check.

Every function takes a Session (opened on the worker by ``ui.operations``) and returns plain frozen values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from sqlalchemy.orm import Session

from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import relay, relay_admin, resident_list, residents_profile, returns, returns_budget
from kesos_desktop.core.services.relay import OfficeRef
from kesos_desktop.core.services.returns_costs import BudgetCheck, FareMatch, escort_cost, leg_costs, lookup_fare
from kesos_desktop.core.services.returns_views import ACTIVE_STATUSES, ARRIVED, PlanInfo, list_plans

SEARCH_LIMIT = 50


# ------------------------------------------------------------------------------------------------------- people


def people_in_care(session: Session, actor: Actor, text: str) -> list[resident_list.ResidentRow]:
    """People with an open stay matching ``text`` (all of them, by name, when empty), at most SEARCH_LIMIT."""
    flt = resident_list.ResidentFilter(text=text.strip(), status="in_care")
    ids = resident_list.find_resident_ids(session, actor, flt, sort="name")[:SEARCH_LIMIT]
    return resident_list.fetch_resident_rows(session, actor, ids)


@dataclass(frozen=True)
class PersonForPlan:
    """The person a plan is for: where they stay, where home is, family to receive them, earlier returns."""

    profile: residents_profile.Profile
    active_plan_no: str
    returns_done: int
    last_arrived_on: date | None

    @property
    def id(self) -> uuid.UUID:
        return self.profile.id

    @property
    def in_care(self) -> bool:
        return self.profile.current_stay is not None


def person_for_plan(session: Session, actor: Actor, person_id: uuid.UUID) -> PersonForPlan:
    """Reads the profile (the view is audited like opening the profile) and the person's plans."""
    profile = residents_profile.get_profile(session, actor, person_id)
    plans = list_plans(session, actor, person_id=person_id)
    active = next((p.plan_no for p in plans if p.status in ACTIVE_STATUSES), "")
    done = [p for p in plans if p.status == ARRIVED]
    last = returns.get_plan(session, actor, done[0].id).arrived_on if done else None
    return PersonForPlan(profile, active, len(done), last)


# -------------------------------------------------------------------------------------------------- the wizard


@dataclass(frozen=True)
class WizardChoices:
    own: OfficeRef
    offices: tuple[OfficeRef, ...]
    lines: tuple[returns_budget.BudgetLineInfo, ...]


def office_refs(session: Session, actor: Actor) -> list[OfficeRef]:
    return [
        OfficeRef(o.id, o.code, o.name, o.short_name or o.name, o.level, o.region_code, o.is_mpu_member)
        for o in relay_admin.list_relay_offices(session, actor, include_inactive=False)
    ]


def wizard_choices(session: Session, actor: Actor) -> WizardChoices:
    own = relay.own_relay_office(session)
    lines = returns_budget.budget_lines(session, actor)
    return WizardChoices(own, tuple(office_refs(session, actor)), tuple(lines))


def table_fares(
    session: Session, legs: list[tuple[OfficeRef | None, OfficeRef | None, str, date | None]]
) -> list[FareMatch | None]:
    """The fare table's amount for each (from, to, mode, date)."""
    out: list[FareMatch | None] = []
    for src, dst, mode, on in legs:
        out.append(lookup_fare(session, src, dst, mode, on) if src is not None and dst is not None else None)
    return out


@dataclass(frozen=True)
class LegTotal:
    seq: int
    route: str
    mode: str
    fare: int
    meals: int
    pocket: int
    escorts: int
    total: int
    paid_here: bool
    budget_line_id: int | None


@dataclass(frozen=True)
class FundLine:
    label: str
    amount: int
    budget_line_id: int | None


@dataclass(frozen=True)
class RouteCheck:
    """The legs as the service accepts them, with money per leg and per fund source and the budget check."""

    legs: tuple[LegTotal, ...]
    funds: tuple[FundLine, ...]
    checks: tuple[BudgetCheck, ...]
    total: int
    own_total: int


def check_route(session: Session, actor: Actor, legs: list[returns.LegInput], on: date | None) -> RouteCheck:
    """Validate the legs exactly as saving will (ValidationError named ``legs.<i>.<field>``) and add up the money."""
    office = returns.own_office(session, actor)
    checked = returns.validate_legs(session, office, legs, on=on)
    lines = {line.id: line for line in returns_budget.budget_lines(session, actor, include_inactive=True)}
    totals: list[LegTotal] = []
    by_line: dict[int | None, int] = {}
    for values, escorts in checked:
        leg = SimpleNamespace(**{k: values[k] for k in ("fare_amount", "meal_per_day", "pocket_per_day", "days")})
        people = [SimpleNamespace(**e) for e in escorts]
        costs = leg_costs(leg, people)  # type: ignore[arg-type]
        paid = bool(values["paid_by_own_office"])
        totals.append(
            LegTotal(
                values["seq"],
                f"{values['_from'].short_name} → {values['_to'].short_name}",
                relay.mode_label(values["mode"]),
                costs.fare,
                costs.meals,
                costs.pocket,
                sum(escort_cost(p) for p in people),  # type: ignore[arg-type]
                costs.total,
                paid,
                values["budget_line_id"],
            )
        )
        if paid:
            by_line[values["budget_line_id"]] = by_line.get(values["budget_line_id"], 0) + costs.total
    funds = []
    checks = []
    for line_id, amount in sorted(by_line.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        line = lines.get(line_id) if line_id is not None else None
        funds.append(FundLine(line.label if line else "", amount, line_id))
        if line is not None:
            checks.append(
                BudgetCheck(line.id, line.label, line.year, line.amount, line.used, amount, line.remaining - amount)
            )
    own_total = sum(t.total for t in totals if t.paid_here)
    return RouteCheck(tuple(totals), tuple(funds), tuple(checks), sum(t.total for t in totals), own_total)


def save_plan(
    session: Session, actor: Actor, data: returns.PlanInput, plan: PlanInfo | None, version_id: int | None
) -> PlanInfo:
    """Create the draft, or replace an existing draft's details and legs."""
    if plan is None:
        return returns.create_plan(session, actor, data)
    return returns.update_plan(session, actor, plan.id, data, version_id)
