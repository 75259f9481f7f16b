"""Status changes of a return plan, each with who/when/why, audited and on the person's timeline.

draft → disetujui (pimpinan; budget check, override recorded) → berangkat → each leg diserahterimakan →
tiba (arrival confirmed; the stay ends with reason DIPULANGKAN through the stays service) — or batal with a reason.
An approved plan can go back to draft (to change legs) while it has no valid voucher.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.models import BudgetLine, RelayOffice, ReturnLeg, ReturnPlan, Stay, Voucher
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.reference.nip import parse_nip
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.common import check_version, commit
from kesos_desktop.core.services.returns import WHAT, record_plan_event
from kesos_desktop.core.services.returns_costs import BudgetCheck, leg_costs
from kesos_desktop.core.services.returns_views import (
    APPROVED,
    ARRIVED,
    CANCELLED,
    DEPARTED,
    DRAFT,
    LEG_HANDED_OVER,
    LEG_PLANNED,
    PlanInfo,
    build_plan_info,
    load_legs,
    load_plan,
    status_label,
)

DIPULANGKAN = "DIPULANGKAN"


class BudgetExceeded(ValidationError):
    """Approving would take a budget line below zero. ``can_override``: this user may approve anyway with a reason
    (pimpinan, ``budget.override``); ``checks``: the lines that run short."""

    def __init__(self, message: str, fields: dict[str, str], checks: list[BudgetCheck], can_override: bool) -> None:
        super().__init__(message, fields)
        self.checks = checks
        self.can_override = can_override


def _what() -> str:
    return _(WHAT)


def _load(session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int | None, *allowed: str) -> ReturnPlan:
    plan = load_plan(session, actor, plan_id, for_update=True)
    check_version(plan, version_id, _what())
    if plan.status not in allowed:
        message = _("Rencana {no} berstatus {status}; tindakan ini tidak dapat dilakukan.").format(
            no=plan.plan_no, status=status_label(plan.status)
        )
        raise ValidationError(message, {"status": message})
    return plan


def _check_day(on: date, name: str, *, not_before: date | None = None, before_text: str = "") -> None:
    if on > date.today():
        message = _("Tanggal tidak boleh di masa depan.")
        raise ValidationError(message, {name: message})
    if not_before is not None and on < not_before:
        raise ValidationError(before_text, {name: before_text})


def _active_vouchers(session: Session, plan_id: uuid.UUID) -> list[str]:
    return list(
        session.scalars(
            select(Voucher.number).where(Voucher.plan_id == plan_id, Voucher.status == "aktif").order_by(Voucher.seq)
        )
    )


def _set_status(session: Session, actor: Actor, plan: ReturnPlan, to: str, action: str, reason: str = "") -> None:
    record_plan_event(session, actor, plan, action, to, reason)
    audit.record(
        session,
        actor,
        f"return_plan.{action}",
        "return_plan",
        plan.id,
        summary=f"{plan.plan_no}: {plan.status} → {to}" + (f" ({reason})" if reason else ""),
        changes={"status": [plan.status, to]},
    )
    plan.status = to


def approve_plan(
    session: Session,
    actor: Actor,
    plan_id: uuid.UUID,
    version_id: int | None,
    *,
    note: str = "",
    override_reason: str = "",
) -> PlanInfo:
    """Pimpinan approval. When a budget line would go below zero: BudgetExceeded, unless ``override_reason`` is
    given by a user with ``budget.override`` — then approved, and who/when/why is kept on the plan."""
    actor.require("returns.approve")
    plan = _load(session, actor, plan_id, version_id, DRAFT)
    pairs = load_legs(session, plan.id)
    problems: dict[str, str] = {}
    if not pairs:
        problems["legs"] = _("Rencana belum punya leg perjalanan.")
    for i, (leg, escorts) in enumerate(pairs):
        if leg.paid_by_own_office and leg_costs(leg, escorts).total > 0 and leg.budget_line_id is None:
            problems[f"legs.{i}.budget_line_id"] = _("Pilih sumber dana (pagu anggaran) untuk leg {n}.").format(
                n=leg.seq
            )
    stay = session.get(Stay, plan.stay_id) if plan.stay_id else None
    if stay is not None and stay.exited_on is not None:
        problems["stay_id"] = _("Masa tinggal orang ini sudah berakhir ({day}); rencana tidak dapat disetujui.").format(
            day=format_date(stay.exited_on)
        )
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    # Lock the budget lines (PostgreSQL) so two PCs approving at once cannot both spend the same remainder.
    line_ids = {leg.budget_line_id for leg, _e in pairs if leg.budget_line_id is not None}
    if line_ids:
        session.execute(select(BudgetLine.id).where(BudgetLine.id.in_(line_ids)).with_for_update()).all()
    info = build_plan_info(session, plan)
    short = [check for check in info.budget if check.goes_negative]
    reason = override_reason.strip()
    if short:
        if not reason:
            message = " ".join(check.warning() for check in short)
            fields = {"budget": message}
            if actor.can("budget.override"):
                fields["override_reason"] = _("Untuk tetap menyetujui, tulis alasan melampaui anggaran.")
            raise BudgetExceeded(message, fields, short, actor.can("budget.override"))
        actor.require("budget.override")
        plan.budget_override_at = utcnow()
        plan.budget_override_by = actor.username
        plan.budget_override_reason = reason
        record_plan_event(session, actor, plan, "anggaran_dilampaui", plan.status, reason)
        audit.record(
            session,
            actor,
            "return_plan.budget_override",
            "return_plan",
            plan.id,
            summary=plan.plan_no,
            changes={
                "budget_override_reason": [None, reason],
                "budget": [None, [f"{c.label}: {c.remaining_after}" for c in short]],
            },
        )
    _set_status(session, actor, plan, APPROVED, "disetujui", note.strip())
    plan.approved_at = utcnow()
    plan.approved_by = actor.username
    plan.approval_note = note.strip()
    timeline.add_event(
        session,
        actor,
        plan.person_id,
        date.today(),
        "return_approved",
        _("Rencana pemulangan {no} disetujui oleh {user}.").format(no=plan.plan_no, user=actor.full_name),
        ref_entity="return_plan",
        ref_id=plan.id,
    )
    commit(session, _what())
    return build_plan_info(session, plan)


def reopen_plan(session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int | None, reason: str) -> PlanInfo:
    """Back from disetujui to draft to change it; the approval (and any budget override) is withdrawn."""
    actor.require("returns.plan")
    plan = _load(session, actor, plan_id, version_id, APPROVED)
    if not reason.strip():
        message = _("Tulis alasan mengembalikan rencana ke draf.")
        raise ValidationError(message, {"reason": message})
    vouchers = _active_vouchers(session, plan.id)
    if vouchers:
        message = _("Batalkan dahulu voucher yang masih berlaku: {numbers}.").format(numbers=", ".join(vouchers))
        raise ValidationError(message, {"vouchers": message})
    _set_status(session, actor, plan, DRAFT, "dikembalikan_ke_draf", reason.strip())
    plan.approved_at = None
    plan.approved_by = ""
    plan.approval_note = ""
    plan.budget_override_at = None
    plan.budget_override_by = ""
    plan.budget_override_reason = ""
    commit(session, _what())
    return build_plan_info(session, plan)


def record_departure(
    session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int | None, on: date, note: str = ""
) -> PlanInfo:
    actor.require("returns.plan")
    plan = _load(session, actor, plan_id, version_id, APPROVED)
    _check_day(on, "departed_on")
    _set_status(session, actor, plan, DEPARTED, "berangkat", note.strip())
    plan.departed_on = on
    timeline.add_event(
        session,
        actor,
        plan.person_id,
        on,
        "return_departed",
        _("Berangkat pulang ke {destination} (rencana {no}).").format(
            destination=plan.destination_region_name, no=plan.plan_no
        ),
        ref_entity="return_plan",
        ref_id=plan.id,
    )
    commit(session, _what())
    return build_plan_info(session, plan)


def record_handover(
    session: Session,
    actor: Actor,
    plan_id: uuid.UUID,
    leg_id: uuid.UUID,
    version_id: int | None,
    *,
    on: date,
    officer_name: str,
    officer_nip: str = "",
    officer_jabatan: str = "",
    note: str = "",
) -> PlanInfo:
    """A leg was handed over (serah terima) to the receiving office's officer on ``on``."""
    actor.require("returns.plan")
    plan = _load(session, actor, plan_id, version_id, DEPARTED)
    leg = session.get(ReturnLeg, leg_id)
    if leg is None or leg.plan_id != plan.id:
        message = _("Leg tidak ditemukan pada rencana ini.")
        raise ValidationError(message, {"leg_id": message})
    if leg.status != LEG_PLANNED:
        message = _("Leg {n} sudah diserahterimakan.").format(n=leg.seq)
        raise ValidationError(message, {"leg_id": message})
    problems: dict[str, str] = {}
    if not officer_name.strip():
        problems["officer_name"] = _("Nama petugas penerima wajib diisi.")
    nip = officer_nip.replace(" ", "")
    if nip:
        try:
            nip = parse_nip(nip).nip
        except ValidationError as exc:
            problems["officer_nip"] = str(exc)
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    _check_day(
        on,
        "handed_over_on",
        not_before=plan.departed_on,
        before_text=_("Tanggal serah terima tidak boleh sebelum tanggal berangkat."),
    )
    leg.status = LEG_HANDED_OVER
    leg.handed_over_on = on
    leg.receiving_officer_name = officer_name.strip()
    leg.receiving_officer_nip = nip
    leg.receiving_officer_jabatan = officer_jabatan.strip()
    leg.handover_note = note.strip()
    leg.handover_recorded_by = actor.username
    office = session.get(RelayOffice, leg.to_office_id)
    office_name = office.name if office else ""
    record_plan_event(session, actor, plan, "diserahterimakan", plan.status, f"leg {leg.seq}: {office_name}")
    plan.updated_at = utcnow()  # the plan's version moves on with its legs
    audit.record(
        session,
        actor,
        "return_plan.leg_handed_over",
        "return_leg",
        leg.id,
        summary=f"{plan.plan_no} leg {leg.seq}: {office_name}",
        changes={
            "status": [LEG_PLANNED, LEG_HANDED_OVER],
            "receiving_officer_name": [None, leg.receiving_officer_name],
        },
    )
    timeline.add_event(
        session,
        actor,
        plan.person_id,
        on,
        "return_handover",
        _("Diserahterimakan di {office} kepada {officer} (leg {n}).").format(
            office=office_name, officer=leg.receiving_officer_name, n=leg.seq
        ),
        ref_entity="return_plan",
        ref_id=plan.id,
    )
    commit(session, _what())
    return build_plan_info(session, plan)


def confirm_arrival(
    session: Session,
    actor: Actor,
    plan_id: uuid.UUID,
    version_id: int | None,
    *,
    on: date,
    confirmed_by: str,
    note: str = "",
) -> PlanInfo:
    """The person arrived (confirmed by the receiving family or office): the plan is complete and the stay ends
    with reason DIPULANGKAN, dated the day of departure, through ``stays.exit_stay`` — in the same transaction."""
    actor.require("returns.plan")
    plan = _load(session, actor, plan_id, version_id, DEPARTED)
    if not confirmed_by.strip():
        message = _("Tulis siapa yang mengonfirmasi kedatangan (keluarga atau petugas penerima).")
        raise ValidationError(message, {"confirmed_by": message})
    _check_day(
        on,
        "arrived_on",
        not_before=plan.departed_on,
        before_text=_("Tanggal tiba tidak boleh sebelum tanggal berangkat."),
    )
    _set_status(session, actor, plan, ARRIVED, "tiba", note.strip())
    plan.arrived_on = on
    plan.arrival_confirmed_by = confirmed_by.strip()
    plan.arrival_note = note.strip()
    timeline.add_event(
        session,
        actor,
        plan.person_id,
        on,
        "return_arrived",
        _("Tiba di daerah asal: {destination} (dikonfirmasi oleh {who}).").format(
            destination=plan.destination_region_name, who=plan.arrival_confirmed_by
        ),
        ref_entity="return_plan",
        ref_id=plan.id,
    )
    stay = session.get(Stay, plan.stay_id) if plan.stay_id else None
    if stay is not None and stay.exited_on is None:
        from kesos_desktop.core.services import stays

        # exit_stay validates, writes its own audit and timeline lines and commits: the plan's changes above go
        # into the same commit, so either both land or neither does.
        stays.exit_stay(
            session,
            actor,
            stay.id,
            stays.ExitInput(
                on_date=plan.departed_on or on,
                reason_code=DIPULANGKAN,
                destination=plan.destination_address,
                destination_region_code=plan.destination_region_code,
                note=_("Rencana pemulangan {no}").format(no=plan.plan_no),
            ),
            None,
        )
    else:
        commit(session, _what())
    return build_plan_info(session, plan)


def cancel_plan(session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int | None, reason: str) -> PlanInfo:
    """Batal with a reason, from draft, disetujui or berangkat; vouchers must be voided first."""
    actor.require("returns.plan")
    plan = _load(session, actor, plan_id, version_id, DRAFT, APPROVED, DEPARTED)
    if not reason.strip():
        message = _("Alasan pembatalan wajib diisi.")
        raise ValidationError(message, {"reason": message})
    vouchers = _active_vouchers(session, plan.id)
    if vouchers:
        message = _("Batalkan dahulu voucher yang masih berlaku: {numbers}.").format(numbers=", ".join(vouchers))
        raise ValidationError(message, {"vouchers": message})
    _set_status(session, actor, plan, CANCELLED, "batal", reason.strip())
    plan.cancelled_at = utcnow()
    plan.cancelled_by = actor.username
    plan.cancel_reason = reason.strip()
    timeline.add_event(
        session,
        actor,
        plan.person_id,
        date.today(),
        "return_cancelled",
        _("Rencana pemulangan {no} dibatalkan: {reason}").format(no=plan.plan_no, reason=plan.cancel_reason),
        ref_entity="return_plan",
        ref_id=plan.id,
    )
    commit(session, _what())
    return build_plan_info(session, plan)
