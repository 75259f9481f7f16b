"""Money of a return plan: fare lookup in the fare table, leg and escort costs, totals per fund source, budget check.

Amounts are whole rupiah (int). A leg's cost = fare + (uang makan + uang saku) per day × days + its escorts'
fares and daily allowances. Only legs the own office sends (``paid_by_own_office``) are charged to a budget line:
"food and travel costs of a leg are borne by the local government that sends it" (issue #5).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_rupiah
from kesos_desktop.core.models import BudgetLine, Fare, FundSource, ReturnLeg, ReturnLegEscort, ReturnPlan
from kesos_desktop.core.services.relay import OfficeRef, route_class

# Plans whose money counts as used: approved and later, never drafts or cancelled ones.
COMMITTED_STATUSES = ("disetujui", "berangkat", "tiba")
MAX_AMOUNT = 10**12


def whole_rupiah(value: object, field_name: str, *, allow_zero: bool = True) -> int:
    """An amount typed or computed as int/Decimal; ValidationError at ``field_name`` if negative, fractional or 0."""
    from decimal import Decimal

    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        message = _("Jumlah harus berupa angka rupiah.")
        raise ValidationError(message, {field_name: message})
    if value != int(value):
        message = _("Jumlah harus dalam rupiah penuh (tanpa sen).")
        raise ValidationError(message, {field_name: message})
    amount = int(value)
    if amount < 0 or (amount == 0 and not allow_zero):
        message = _("Jumlah harus lebih dari nol.") if not allow_zero else _("Jumlah tidak boleh negatif.")
        raise ValidationError(message, {field_name: message})
    if amount > MAX_AMOUNT:
        message = _("Jumlah terlalu besar.")
        raise ValidationError(message, {field_name: message})
    return amount


# ------------------------------------------------------------------------------------------------------- fares


@dataclass(frozen=True)
class FareMatch:
    fare_id: int
    amount: int
    carrier: str
    source_note: str
    description: str


def _fare_description(fare: Fare) -> str:
    parts = []
    if fare.route_class:
        parts.append(fare.route_class.replace("_", " "))
    if fare.from_region_prefix or fare.to_region_prefix:
        parts.append(f"{fare.from_region_prefix or '*'} → {fare.to_region_prefix or '*'}")
    if fare.mode:
        parts.append(fare.mode)
    if fare.carrier:
        parts.append(fare.carrier)
    return ", ".join(parts) or _("tarif umum")


def _score(fare: Fare, src: OfficeRef, dst: OfficeRef, klass: str) -> int | None:
    """How specifically ``fare`` fits the trip src → dst (None: it does not apply)."""
    score = 0
    if fare.from_office_id is not None:
        if fare.from_office_id != src.id:
            return None
        score += 1000
    if fare.to_office_id is not None:
        if fare.to_office_id != dst.id:
            return None
        score += 1000
    if fare.from_region_prefix:
        if not src.region_code.startswith(fare.from_region_prefix):
            return None
        score += 100 + len(fare.from_region_prefix)
    if fare.to_region_prefix:
        if not dst.region_code.startswith(fare.to_region_prefix):
            return None
        score += 100 + len(fare.to_region_prefix)
    if fare.route_class:
        if fare.route_class != klass:
            return None
        score += 10
    return score


def lookup_fare(
    session: Session, src: OfficeRef, dst: OfficeRef, mode: str, on: date | None = None
) -> FareMatch | None:
    """The most specific active fare for a trip by ``mode`` on ``on`` (office pair > region prefixes > route
    class; an exact mode beats "any mode"; then the most recent ``valid_from``), or None."""
    on = on or date.today()
    fares = session.scalars(
        select(Fare).where(
            Fare.is_active.is_(True),
            (Fare.mode == "") | (Fare.mode == mode),
            (Fare.valid_from.is_(None)) | (Fare.valid_from <= on),
            (Fare.valid_to.is_(None)) | (Fare.valid_to >= on),
        )
    ).all()
    klass = route_class(src.region_code, dst.region_code)
    best: tuple[tuple[int, int, date, int], Fare] | None = None
    for fare in fares:
        score = _score(fare, src, dst, klass)
        if score is None and fare.bidirectional:
            score = _score(fare, dst, src, klass)
        if score is None:
            continue
        rank = (score, 1 if fare.mode else 0, fare.valid_from or date.min, fare.id)
        if best is None or rank > best[0]:
            best = (rank, fare)
    if best is None:
        return None
    fare = best[1]
    return FareMatch(fare.id, int(fare.amount), fare.carrier, fare.source_note, _fare_description(fare))


# ------------------------------------------------------------------------------------------------------ costs


@dataclass(frozen=True)
class LegCosts:
    fare: int
    meals: int
    pocket: int
    escorts: int

    @property
    def total(self) -> int:
        return self.fare + self.meals + self.pocket + self.escorts


def escort_cost(escort: ReturnLegEscort) -> int:
    return int(escort.fare_amount) + (int(escort.meal_per_day) + int(escort.pocket_per_day)) * int(escort.days)


def leg_costs(leg: ReturnLeg, escorts: list[ReturnLegEscort]) -> LegCosts:
    return LegCosts(
        fare=int(leg.fare_amount),
        meals=int(leg.meal_per_day) * int(leg.days),
        pocket=int(leg.pocket_per_day) * int(leg.days),
        escorts=sum(escort_cost(e) for e in escorts),
    )


@dataclass(frozen=True)
class FundTotal:
    """Cost of a plan charged to one budget line (``budget_line_id`` None: not assigned yet)."""

    budget_line_id: int | None
    label: str
    amount: int


@dataclass(frozen=True)
class PlanTotals:
    total: int
    own_total: int
    other_offices_total: int
    by_fund: tuple[FundTotal, ...]


def budget_line_label(line: BudgetLine, source: FundSource) -> str:
    code = f" [{line.code}]" if line.code else ""
    return f"{source.name} — {line.name}{code} ({line.year})"


def _line_labels(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(BudgetLine, FundSource)
        .join(FundSource, FundSource.id == BudgetLine.fund_source_id)
        .where(BudgetLine.id.in_(ids))
    ).all()
    return {line.id: budget_line_label(line, source) for line, source in rows}


def plan_totals(session: Session, legs: list[tuple[ReturnLeg, LegCosts]]) -> PlanTotals:
    own = [(leg, costs) for leg, costs in legs if leg.paid_by_own_office]
    by_line: dict[int | None, int] = {}
    for leg, costs in own:
        by_line[leg.budget_line_id] = by_line.get(leg.budget_line_id, 0) + costs.total
    labels = _line_labels(session, {k for k in by_line if k is not None})
    funds = tuple(
        FundTotal(line_id, labels.get(line_id, "") if line_id is not None else _("Sumber dana belum dipilih"), amount)
        for line_id, amount in sorted(by_line.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    )
    own_total = sum(c.total for _leg, c in own)
    total = sum(c.total for _leg, c in legs)
    return PlanTotals(total, own_total, total - own_total, funds)


# ------------------------------------------------------------------------------------------------ budget check


@dataclass(frozen=True)
class BudgetCheck:
    """One budget line against this plan: allocation, what approved plans already use, and what would remain."""

    budget_line_id: int
    label: str
    year: int
    allocation: int
    committed: int
    this_plan: int
    remaining_after: int

    @property
    def goes_negative(self) -> bool:
        return self.remaining_after < 0

    def warning(self) -> str:
        return _(
            "Anggaran {line} tidak cukup: pagu {allocation}, sudah terpakai {used}, rencana ini {this}; "
            "sisa menjadi {remaining}."
        ).format(
            line=self.label,
            allocation=format_rupiah(self.allocation),
            used=format_rupiah(self.committed),
            this=format_rupiah(self.this_plan),
            remaining=format_rupiah(self.remaining_after),
        )


def _leg_cost_expr():  # type: ignore[no-untyped-def]
    escorts = (
        select(
            func.coalesce(
                func.sum(
                    ReturnLegEscort.fare_amount
                    + (ReturnLegEscort.meal_per_day + ReturnLegEscort.pocket_per_day) * ReturnLegEscort.days
                ),
                0,
            )
        )
        .where(ReturnLegEscort.leg_id == ReturnLeg.id)
        .scalar_subquery()
    )
    return ReturnLeg.fare_amount + (ReturnLeg.meal_per_day + ReturnLeg.pocket_per_day) * ReturnLeg.days + escorts


def committed_by_line(
    session: Session, line_ids: set[int], *, exclude_plan_id: uuid.UUID | None = None
) -> dict[int, int]:
    """Money of approved (and later) plans per budget line, optionally leaving one plan out."""
    if not line_ids:
        return {}
    stmt = (
        select(ReturnLeg.budget_line_id, func.sum(_leg_cost_expr()))
        .join(ReturnPlan, ReturnPlan.id == ReturnLeg.plan_id)
        .where(
            ReturnLeg.budget_line_id.in_(line_ids),
            ReturnLeg.paid_by_own_office.is_(True),
            ReturnPlan.status.in_(COMMITTED_STATUSES),
        )
        .group_by(ReturnLeg.budget_line_id)
    )
    if exclude_plan_id is not None:
        stmt = stmt.where(ReturnPlan.id != exclude_plan_id)
    return {line_id: int(total or 0) for line_id, total in session.execute(stmt)}


def budget_checks(session: Session, plan_id: uuid.UUID, totals: PlanTotals) -> list[BudgetCheck]:
    ids = {f.budget_line_id for f in totals.by_fund if f.budget_line_id is not None}
    if not ids:
        return []
    used = committed_by_line(session, ids, exclude_plan_id=plan_id)
    lines = {line.id: line for line in session.scalars(select(BudgetLine).where(BudgetLine.id.in_(ids)))}
    checks = []
    for fund in totals.by_fund:
        if fund.budget_line_id is None:
            continue
        line = lines[fund.budget_line_id]
        committed = used.get(line.id, 0)
        checks.append(
            BudgetCheck(
                line.id,
                fund.label,
                line.year,
                int(line.amount),
                committed,
                fund.amount,
                int(line.amount) - committed - fund.amount,
            )
        )
    return checks
