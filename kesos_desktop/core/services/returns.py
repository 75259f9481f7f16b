"""Return plans (rencana pemulangan): create one from a person's open stay, edit it and its legs while it is a draft.

Status changes (approve, depart, hand over, arrive, cancel, reopen) are in ``returns_status``; reading plans and
their dataclasses in ``returns_views``; money in ``returns_costs``; the route proposal in ``relay``.

Every leg is checked on save; problems come back together as one ValidationError whose fields are named
``legs.<index>.<field>`` (index from 0), e.g. ``legs.0.fare_amount`` for a missing fare.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_rupiah
from kesos_desktop.core.models import (
    BudgetLine,
    FamilyContact,
    FundSource,
    Office,
    ReturnLeg,
    ReturnLegEscort,
    ReturnPlan,
    ReturnPlanEvent,
    Stay,
)
from kesos_desktop.core.reference import regions
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, numbering, relay, timeline
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.common import apply_changes, check_version, commit
from kesos_desktop.core.services.returns_costs import lookup_fare, whole_rupiah
from kesos_desktop.core.services.returns_views import (
    ACTIVE_STATUSES,
    DRAFT,
    PlanInfo,
    build_plan_info,
    load_plan,
    status_label,
)
from kesos_desktop.core.services.returns_views import LegInfo as LegInfo
from kesos_desktop.core.services.returns_views import PlanRow as PlanRow
from kesos_desktop.core.services.returns_views import get_plan as get_plan
from kesos_desktop.core.services.returns_views import list_plans as list_plans

WHAT = "Rencana pemulangan"
MAX_LEGS = 20
MAX_DAYS = 60
NO_FARE_MODES = ("kendaraan_dinas",)  # an official vehicle has no ticket


@dataclass
class EscortInput:
    """A pendamping on a leg: their own fare and daily allowances (whole rupiah)."""

    name: str
    nip: str = ""
    jabatan: str = ""
    fare_amount: int = 0
    days: int = 1
    meal_per_day: int = 0
    pocket_per_day: int = 0
    notes: str = ""


@dataclass
class LegInput:
    """One leg as the user sets it. ``from_office``/``to_office``: a relay office id, an office code
    ("DINSOS-33") or a kode wilayah (the Dinas Sosial of that region, made if missing).

    ``fare_amount`` None takes the fare from the fare table; a different amount needs ``fare_override_reason``.
    ``paid_by_own_office`` None: true when the leg leaves from this office.
    """

    from_office: uuid.UUID | str
    to_office: uuid.UUID | str
    mode: str
    carrier: str = ""
    travel_date: date | None = None
    fare_amount: int | None = None
    fare_override_reason: str = ""
    days: int = 1
    meal_per_day: int = 0
    pocket_per_day: int = 0
    budget_line_id: int | None = None
    paid_by_own_office: bool | None = None
    escorts: list[EscortInput] = field(default_factory=list)
    reason: str = ""
    notes: str = ""

    @classmethod
    def from_proposal(cls, leg: relay.ProposedLeg, **values: Any) -> LegInput:
        """A leg input from the planner's proposal; ``values`` set the rest (fare, days, allowances...)."""
        values.setdefault("mode", leg.mode_hint)
        values.setdefault("reason", leg.reason)
        return cls(leg.from_office.key, leg.to_office.key, **values)


@dataclass
class PlanInput:
    """The plan form. ``legs`` None: take the planner's proposal from this office; [] for no legs yet."""

    person_id: uuid.UUID
    destination_region_code: str
    destination_address: str = ""
    receiver_name: str = ""
    receiver_relation: str = ""
    receiver_phone: str = ""
    receiver_address: str = ""
    family_contact_id: int | None = None
    planned_departure_on: date | None = None
    notes: str = ""
    legs: list[LegInput] | None = None


def _what() -> str:
    return _(WHAT)


def own_office(session: Session, actor: Actor) -> Office:
    office = session.get(Office, actor.office_id) if actor.office_id else None
    office = office or session.scalar(select(Office).where(Office.is_own.is_(True)))
    if office is None:
        raise ValidationError(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    return office


def record_plan_event(
    session: Session, actor: Actor, plan: ReturnPlan, action: str, to_status: str = "", reason: str = ""
) -> None:
    session.add(
        ReturnPlanEvent(
            plan_id=plan.id,
            username=actor.username,
            action=action,
            from_status=plan.status,
            to_status=to_status or plan.status,
            reason=reason,
        )
    )


# -------------------------------------------------------------------------------------------------- validation


def _destination(data: PlanInput, problems: dict[str, str]) -> tuple[str, str]:
    text = (data.destination_region_code or "").strip()
    if not text:
        problems["destination_region_code"] = _("Wilayah tujuan wajib diisi (provinsi sampai desa/kelurahan).")
        return "", ""
    code = regions.normalize_code(text)
    region = regions.get_region(code) if code else None
    if region is None:
        problems["destination_region_code"] = _("Wilayah tujuan tidak dikenal: {code}. Pilih dari daftar.").format(
            code=text
        )
        return "", ""
    if region.retired:
        problems["destination_region_code"] = _(
            "Kode wilayah {code} sudah tidak berlaku; pilih kode yang baru."
        ).format(code=region.code)
        return "", ""
    return region.code, regions.full_label(region.code)


def _check_text(problems: dict[str, str], name: str, value: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        problems[name] = _("Terlalu panjang (paling banyak {n} karakter).").format(n=limit)
    return value


def _plan_values(session: Session, data: PlanInput, problems: dict[str, str]) -> dict[str, Any]:
    code, name = _destination(data, problems)
    if data.family_contact_id is not None:
        contact = session.get(FamilyContact, data.family_contact_id)
        if contact is None or contact.person_id != data.person_id:
            problems["family_contact_id"] = _("Kontak keluarga tidak ditemukan pada data orang ini.")
    return {
        "destination_region_code": code,
        "destination_region_name": name,
        "destination_address": (data.destination_address or "").strip(),
        "receiver_name": _check_text(problems, "receiver_name", data.receiver_name, 150),
        "receiver_relation": _check_text(problems, "receiver_relation", data.receiver_relation, 60),
        "receiver_phone": _check_text(problems, "receiver_phone", data.receiver_phone, 40),
        "receiver_address": (data.receiver_address or "").strip(),
        "family_contact_id": data.family_contact_id,
        "planned_departure_on": data.planned_departure_on,
        "notes": (data.notes or "").strip(),
    }


def _days(value: object, name: str, problems: dict[str, str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        problems[name] = _("Jumlah hari harus 1 sampai {n}.").format(n=MAX_DAYS)
        return 1
    return value


def _money(value: object, name: str, problems: dict[str, str], *, positive: bool = False) -> int:
    try:
        return whole_rupiah(value, name, allow_zero=not positive)
    except ValidationError as exc:
        problems.update(exc.fields)
        return 0


def _budget_line(session: Session, office: Office, line_id: int | None, name: str, problems: dict[str, str]) -> None:
    if line_id is None:
        return
    line = session.get(BudgetLine, line_id)
    source = session.get(FundSource, line.fund_source_id) if line is not None else None
    if line is None or source is None or source.office_id != office.id or not line.is_active:
        problems[name] = _("Pagu anggaran tidak ditemukan atau tidak aktif. Pilih dari daftar.")


def validate_legs(
    session: Session, office: Office, legs: list[LegInput], *, on: date | None = None
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Check every leg; returns (leg values, escort values) per leg or raises one ValidationError for all."""
    problems: dict[str, str] = {}
    if len(legs) > MAX_LEGS:
        raise ValidationError(_("Paling banyak {n} leg.").format(n=MAX_LEGS), {"legs": _("Terlalu banyak leg.")})
    own = relay.own_relay_office(session)
    out: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    previous_to: relay.OfficeRef | None = None
    for i, leg in enumerate(legs):
        key = f"legs.{i}."
        src = dst = None
        try:
            src = relay.find_office(session, leg.from_office, key + "from_office")
        except ValidationError as exc:
            problems.update(exc.fields)
        try:
            dst = relay.find_office(session, leg.to_office, key + "to_office")
        except ValidationError as exc:
            problems.update(exc.fields)
        if src is not None and dst is not None and src.code == dst.code:
            problems[key + "to_office"] = _("Kantor tujuan leg harus berbeda dari kantor asal.")
        if src is not None and previous_to is not None and src.code != previous_to.code:
            problems[key + "from_office"] = _(
                "Leg {n} harus berangkat dari kantor tujuan leg sebelumnya ({office})."
            ).format(n=i + 1, office=previous_to.name)
        previous_to = dst
        if leg.mode not in relay.MODES:
            problems[key + "mode"] = _("Pilih moda perjalanan dari daftar.")
        paid_by_own = leg.paid_by_own_office
        if paid_by_own is None:
            paid_by_own = src is not None and src.code == own.code
        days = _days(leg.days, key + "days", problems)
        meal = _money(leg.meal_per_day, key + "meal_per_day", problems)
        pocket = _money(leg.pocket_per_day, key + "pocket_per_day", problems)
        _budget_line(session, office, leg.budget_line_id, key + "budget_line_id", problems)
        fare_id, fare_amount, reason = _leg_fare(
            session, leg, src, dst, paid_by_own, leg.travel_date or on, key, problems
        )
        escorts = []
        for j, escort in enumerate(leg.escorts):
            ekey = f"{key}escorts.{j}."
            if not escort.name.strip():
                problems[ekey + "name"] = _("Nama pendamping wajib diisi.")
            escorts.append(
                {
                    "name": escort.name.strip(),
                    "nip": escort.nip.replace(" ", ""),
                    "jabatan": escort.jabatan.strip(),
                    "fare_amount": _money(escort.fare_amount, ekey + "fare_amount", problems),
                    "days": _days(escort.days, ekey + "days", problems),
                    "meal_per_day": _money(escort.meal_per_day, ekey + "meal_per_day", problems),
                    "pocket_per_day": _money(escort.pocket_per_day, ekey + "pocket_per_day", problems),
                    "notes": escort.notes.strip(),
                }
            )
        values = {
            "seq": i + 1,
            "_from": src,
            "_to": dst,
            "mode": leg.mode,
            "carrier": leg.carrier.strip(),
            "travel_date": leg.travel_date,
            "fare_id": fare_id,
            "fare_amount": fare_amount,
            "fare_override_reason": reason,
            "days": days,
            "meal_per_day": meal,
            "pocket_per_day": pocket,
            "paid_by_own_office": paid_by_own,
            "budget_line_id": leg.budget_line_id,
            "reason": leg.reason.strip(),
            "notes": leg.notes.strip(),
        }
        out.append((values, escorts))
    if problems:
        first = next(iter(problems.values()))
        raise ValidationError(_("Periksa leg perjalanan: {problem}").format(problem=first), problems)
    return out


def _leg_fare(
    session: Session,
    leg: LegInput,
    src: relay.OfficeRef | None,
    dst: relay.OfficeRef | None,
    paid_by_own: bool,
    on: date | None,
    key: str,
    problems: dict[str, str],
) -> tuple[int | None, int, str]:
    """(fare id, amount, override reason) of a leg: from the fare table, or typed with a reason."""
    if src is None or dst is None or leg.mode not in relay.MODES:
        return None, 0, ""
    match = lookup_fare(session, src, dst, leg.mode, on)
    reason = leg.fare_override_reason.strip()
    needs_fare = paid_by_own and leg.mode not in NO_FARE_MODES
    if leg.fare_amount is None:
        if match is not None:
            return match.fare_id, match.amount, ""
        if needs_fare:
            problems[key + "fare_amount"] = _(
                "Tarif {mode} dari {src} ke {dst} belum ada di tabel tarif. Isi tarifnya beserta alasan, "
                "atau tambahkan tarif ke tabel tarif."
            ).format(mode=relay.mode_label(leg.mode), src=src.short_name, dst=dst.short_name)
        return None, 0, ""
    amount = _money(leg.fare_amount, key + "fare_amount", problems, positive=needs_fare)
    if match is not None and amount == match.amount:
        return match.fare_id, amount, ""
    if paid_by_own and not reason:
        if match is not None:
            problems[key + "fare_override_reason"] = _(
                "Tarif berbeda dari tabel tarif ({amount}): tulis alasannya."
            ).format(amount=format_rupiah(match.amount))
        elif amount > 0:
            problems[key + "fare_override_reason"] = _("Tarif ini tidak ada di tabel tarif: tulis alasannya.")
    return None, amount, reason


def _write_legs(session: Session, plan: ReturnPlan, legs: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    """Replace the plan's legs (drafts only, so no voucher or hand-over refers to them)."""
    old_ids = select(ReturnLeg.id).where(ReturnLeg.plan_id == plan.id)
    session.execute(delete(ReturnLegEscort).where(ReturnLegEscort.leg_id.in_(old_ids)))
    session.execute(delete(ReturnLeg).where(ReturnLeg.plan_id == plan.id))
    session.flush()
    for values, escorts in legs:
        values = dict(values)
        src = relay.ensure_office(session, values.pop("_from"))
        dst = relay.ensure_office(session, values.pop("_to"))
        leg = ReturnLeg(id=uuid.uuid4(), plan_id=plan.id, from_office_id=src.id, to_office_id=dst.id, **values)
        session.add(leg)
        for escort in escorts:
            session.add(ReturnLegEscort(leg_id=leg.id, **escort))
    session.flush()


def _legs_summary(legs: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[str]:
    return [
        f"{v['seq']}. {v['_from'].short_name} → {v['_to'].short_name} ({v['mode']}, {v['fare_amount']})"
        for v, _e in legs
    ]


# ----------------------------------------------------------------------------------------------------- services


def propose_for_person(
    session: Session, actor: Actor, destination_region_code: str, *, direct: bool = False
) -> relay.RoutePlan:
    """The planner's proposal from this office to a destination (for the plan wizard)."""
    actor.require("returns.view")
    office = own_office(session, actor)
    return relay.propose_route(session, office.id, destination_region_code, direct=direct)


def _open_stay(session: Session, person_id: uuid.UUID) -> Stay | None:
    return session.scalar(
        select(Stay)
        .where(Stay.person_id == person_id, Stay.exited_on.is_(None))
        .order_by(Stay.admitted_on.desc())
        .limit(1)
    )


def create_plan(session: Session, actor: Actor, data: PlanInput) -> PlanInfo:
    """A draft plan from the person's open stay, with the given legs or the planner's proposal."""
    actor.require("returns.plan")
    person = ensure_person_visible(session, actor, data.person_id)
    office = own_office(session, actor)
    problems: dict[str, str] = {}
    stay = _open_stay(session, person.id)
    if stay is None:
        problems["person_id"] = _(
            "Orang ini tidak sedang tinggal di lembaga; rencana pemulangan dibuat dari masa "
            "tinggal yang masih berjalan."
        )
    active = session.scalar(
        select(ReturnPlan.plan_no).where(ReturnPlan.person_id == person.id, ReturnPlan.status.in_(ACTIVE_STATUSES))
    )
    if active:
        problems["person_id"] = _("Orang ini sudah punya rencana pemulangan yang berjalan ({no}).").format(no=active)
    values = _plan_values(session, data, problems)
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    legs_input = data.legs
    if legs_input is None:
        proposal = relay.propose_route(session, office.id, values["destination_region_code"])
        legs_input = [LegInput.from_proposal(leg) for leg in proposal.legs]
    legs = validate_legs(session, office, legs_input, on=data.planned_departure_on)
    year = (data.planned_departure_on or date.today()).year
    number = numbering.next_number(session, office.id, "return_plan", year)
    plan = ReturnPlan(
        id=uuid.uuid4(),
        office_id=office.id,
        plan_no=f"RP-{year}-{number:04d}",
        person_id=person.id,
        stay_id=stay.id if stay else None,
        status=DRAFT,
        created_by=actor.username,
        **values,
    )
    session.add(plan)
    session.flush()
    _write_legs(session, plan, legs)
    record_plan_event(session, actor, plan, "dibuat")
    audit.record(
        session,
        actor,
        "return_plan.created",
        "return_plan",
        plan.id,
        summary=f"{plan.plan_no}: {person.registration_no} → {values['destination_region_name']}",
        changes={
            **{k: [None, v] for k, v in values.items() if v not in (None, "")},
            "legs": [None, _legs_summary(legs)],
        },
    )
    timeline.add_event(
        session,
        actor,
        person.id,
        date.today(),
        "return_planned",
        _("Rencana pemulangan {no} dibuat: tujuan {destination}.").format(
            no=plan.plan_no, destination=values["destination_region_name"]
        ),
        ref_entity="return_plan",
        ref_id=plan.id,
    )
    commit(session, _what())
    return build_plan_info(session, plan)


def _editable(session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int | None) -> ReturnPlan:
    actor.require("returns.plan")
    plan = load_plan(session, actor, plan_id, for_update=True)
    check_version(plan, version_id, _what())
    if plan.status != DRAFT:
        message = _("Rencana berstatus {status} tidak dapat diubah; kembalikan ke draf dahulu.").format(
            status=status_label(plan.status)
        )
        raise ValidationError(message, {"status": message})
    return plan


def update_plan(
    session: Session, actor: Actor, plan_id: uuid.UUID, data: PlanInput, version_id: int | None
) -> PlanInfo:
    """Change a draft's destination, receiver, dates and notes; ``data.legs`` not None also replaces the legs."""
    plan = _editable(session, actor, plan_id, version_id)
    problems: dict[str, str] = {}
    data.person_id = plan.person_id
    values = _plan_values(session, data, problems)
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    legs = None
    if data.legs is not None:
        legs = validate_legs(session, own_office(session, actor), data.legs, on=data.planned_departure_on)
    changes = apply_changes(plan, values)
    if legs is not None:
        _write_legs(session, plan, legs)
        _bump(plan)
        changes["legs"] = [None, _legs_summary(legs)]
    if changes:
        audit.record(
            session, actor, "return_plan.updated", "return_plan", plan.id, summary=plan.plan_no, changes=changes
        )
    commit(session, _what())
    return build_plan_info(session, plan)


def _bump(plan: ReturnPlan) -> None:
    """Make the plan row count as changed (new version) when only its legs changed."""
    from kesos_desktop.core.models.base import utcnow

    plan.updated_at = utcnow()


def set_legs(
    session: Session, actor: Actor, plan_id: uuid.UUID, legs: list[LegInput], version_id: int | None
) -> PlanInfo:
    """Replace a draft's legs (the wizard's leg table)."""
    plan = _editable(session, actor, plan_id, version_id)
    checked = validate_legs(session, own_office(session, actor), legs, on=plan.planned_departure_on)
    _write_legs(session, plan, checked)
    _bump(plan)
    audit.record(
        session,
        actor,
        "return_plan.legs_set",
        "return_plan",
        plan.id,
        summary=plan.plan_no,
        changes={"legs": [None, _legs_summary(checked)]},
    )
    commit(session, _what())
    return build_plan_info(session, plan)
