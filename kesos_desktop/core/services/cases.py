"""Rehabilitation cases: one per stay, moved through the stages of case_stages.csv by the rules of
case_transitions.csv; every move records who, when and why; terminasi needs a coded exit reason.

The other rehabilitation services (assessments, plans, activities, notes, training, placements, tasks) load their
case with :func:`load_case`, which applies the partner rule, and name users with :func:`user_names`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import Conflict, NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import ExitReason, Institution, Person, Stay, UserAccount
from kesos_desktop.core.models.cases import Assessment, CaseTransition, InterventionPlan, RehabCase
from kesos_desktop.core.models.placements import Placement
from kesos_desktop.core.reference.datafiles import optional_int, pick_label, read_rows
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, numbering, timeline
from kesos_desktop.core.services.access import ensure_person_visible, person_visible_clause
from kesos_desktop.core.services.common import check_version, commit

STAGE_KINDS = ("initial", "active", "terminated", "aftercare", "referral", "closed")
# Stages a "*" row in case_transitions.csv starts from: before terminasi.
_WILDCARD_KINDS = ("initial", "active")
CONDITIONS = ("reason", "exit_reason", "target", "plan_approved")  # plus "assessment:CODE"
RETURN_REASON = "DIPULANGKAN"
RUNAWAY_REASON = "KABUR"


# ------------------------------------------------------------------------------------------------ stage data


@dataclass(frozen=True)
class StageDef:
    code: str
    name_id: str
    name_en: str
    kind: str
    due_days: int | None
    source_regulation: str
    notes: str
    order: int

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@dataclass(frozen=True)
class TransitionRule:
    from_stage: str
    to_stage: str
    requires: frozenset[str]
    notes: str

    @property
    def needs_reason(self) -> bool:
        return "reason" in self.requires

    @property
    def needs_exit_reason(self) -> bool:
        return "exit_reason" in self.requires

    @property
    def needs_target(self) -> bool:
        return "target" in self.requires

    @property
    def needs_plan_approved(self) -> bool:
        return "plan_approved" in self.requires

    @property
    def assessment_codes(self) -> tuple[str, ...]:
        return tuple(sorted(r.split(":", 1)[1] for r in self.requires if r.startswith("assessment:")))


@cache
def load_stages() -> tuple[StageDef, ...]:
    stages = []
    for order, row in enumerate(read_rows("case_stages.csv")):
        if row["kind"] not in STAGE_KINDS:
            raise ValidationError(
                _("Berkas data {file}: jenis tahap tidak dikenal: {kind}.").format(
                    file="case_stages.csv", kind=row["kind"]
                )
            )
        stages.append(
            StageDef(
                code=row["code"],
                name_id=row["name_id"],
                name_en=row["name_en"],
                kind=row["kind"],
                due_days=optional_int(row.get("due_days", "")),
                source_regulation=row.get("source_regulation", ""),
                notes=row.get("notes", ""),
                order=order,
            )
        )
    if sum(1 for s in stages if s.kind == "initial") != 1:
        raise ValidationError(_("Berkas data case_stages.csv harus memuat tepat satu tahap awal (initial)."))
    return tuple(stages)


def stage_map() -> dict[str, StageDef]:
    return {s.code: s for s in load_stages()}


def get_stage(code: str) -> StageDef:
    try:
        return stage_map()[code]
    except KeyError:
        raise ValidationError(_("Tahap kasus tidak dikenal: {code}.").format(code=code), {"stage": code}) from None


def stage_label(code: str, lang: str | None = None) -> str:
    stage = stage_map().get(code)
    return stage.label(lang) if stage is not None else code


def initial_stage() -> StageDef:
    return next(s for s in load_stages() if s.kind == "initial")


@cache
def load_transitions() -> tuple[TransitionRule, ...]:
    """The rules with ``*`` expanded to every stage before terminasi."""
    stages = load_stages()
    known = {s.code for s in stages}
    rules: dict[tuple[str, str], TransitionRule] = {}
    for row in read_rows("case_transitions.csv"):
        requires = frozenset(row.get("requires", "").split())
        for cond in requires:
            if cond not in CONDITIONS and not cond.startswith("assessment:"):
                raise ValidationError(
                    _("Berkas data case_transitions.csv: syarat tidak dikenal: {cond}.").format(cond=cond)
                )
        to = row["to_stage"]
        sources = (
            [s.code for s in stages if s.kind in _WILDCARD_KINDS] if row["from_stage"] == "*" else [row["from_stage"]]
        )
        for src in sources:
            if src not in known or to not in known:
                raise ValidationError(
                    _("Berkas data case_transitions.csv: tahap tidak dikenal: {a} → {b}.").format(a=src, b=to)
                )
            # An explicit row wins over a "*" row for the same pair (it may ask for more).
            if src != to and ((src, to) not in rules or row["from_stage"] != "*"):
                rules[(src, to)] = TransitionRule(src, to, requires, row.get("notes", ""))
    return tuple(rules.values())


def allowed_transitions(from_stage: str) -> list[TransitionRule]:
    order = {s.code: s.order for s in load_stages()}
    rules = [r for r in load_transitions() if r.from_stage == from_stage]
    return sorted(rules, key=lambda r: order[r.to_stage])


def find_rule(from_stage: str, to_stage: str) -> TransitionRule | None:
    return next((r for r in load_transitions() if r.from_stage == from_stage and r.to_stage == to_stage), None)


# ------------------------------------------------------------------------------------------------ dataclasses


@dataclass(frozen=True)
class NextStage:
    """A stage the case may move to now, with what the move asks for."""

    code: str
    label: str
    needs_reason: bool
    needs_exit_reason: bool
    needs_target: bool
    # Conditions not met yet ("Rencana intervensi belum disetujui"); the move is refused while any remain.
    blocked_by: tuple[str, ...]


@dataclass(frozen=True)
class CaseInfo:
    id: uuid.UUID
    case_no: str
    person_id: uuid.UUID
    registration_no: str
    person_name: str
    stay_id: uuid.UUID
    institution_id: uuid.UUID
    institution_name: str
    worker_id: uuid.UUID | None
    worker_name: str
    stage_code: str
    stage_label: str
    stage_kind: str
    stage_since: date
    opened_on: date
    terminated_on: date | None
    closed_on: date | None
    exit_reason_code: str | None
    exit_reason_label: str
    exit_destination: str
    exit_note: str
    exit_target_institution_id: uuid.UUID | None
    previous_case_id: uuid.UUID | None
    return_handover_on: date | None
    version_id: int
    next_stages: tuple[NextStage, ...] = ()

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


@dataclass(frozen=True)
class TransitionInfo:
    id: int
    from_stage: str
    from_label: str
    to_stage: str
    to_label: str
    occurred_on: date
    username: str
    reason: str
    exit_reason_code: str | None
    target_institution_id: uuid.UUID | None
    target_institution_name: str
    target_text: str


@dataclass
class TransitionInput:
    """A move to ``to_stage``. Terminasi: ``exit_reason_code`` (+ what the reason asks for). Rujukan: a target."""

    to_stage: str
    occurred_on: date | None = None
    reason: str = ""
    exit_reason_code: str | None = None
    exit_destination: str = ""
    exit_note: str = ""
    exit_target_institution_id: uuid.UUID | None = None
    target_institution_id: uuid.UUID | None = None
    target_text: str = ""


@dataclass(frozen=True)
class CaseFilter:
    worker_id: uuid.UUID | None = None
    institution_id: uuid.UUID | None = None
    stage_codes: tuple[str, ...] = ()
    # open (not closed) / closed / all
    status: str = "open"
    person_id: uuid.UUID | None = None
    unassigned: bool = False


@dataclass(frozen=True)
class CaseRow:
    id: uuid.UUID
    case_no: str
    person_id: uuid.UUID
    registration_no: str
    person_name: str
    sex: str
    institution_id: uuid.UUID
    institution_name: str
    worker_id: uuid.UUID | None
    worker_name: str
    stage_code: str
    stage_label: str
    stage_since: date
    days_in_stage: int
    opened_on: date
    overdue_in_stage: bool


@dataclass(frozen=True)
class ReturnHandover:
    """A person terminated with DIPULANGKAN, waiting for a return plan (read by the pemulangan work)."""

    case_id: uuid.UUID
    person_id: uuid.UUID
    stay_id: uuid.UUID
    registration_no: str
    person_name: str
    institution_id: uuid.UUID
    handed_over_on: date
    exit_destination: str
    task_key: str


# ------------------------------------------------------------------------------------------------ helpers


def user_names(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(UserAccount.id, UserAccount.full_name).where(UserAccount.id.in_(wanted))).all())


def check_user(session: Session, user_id: uuid.UUID | None, field_name: str) -> None:
    """A worker or responsible person picked from the user list must be an active account."""
    if user_id is None:
        return
    active = session.scalar(select(UserAccount.is_active).where(UserAccount.id == user_id))
    if not active:
        raise ValidationError(_("Pilih petugas dari daftar pengguna aktif."), {field_name: _("Pengguna tidak aktif.")})


def check_not_future(on: date, field_name: str, today: date | None = None) -> None:
    if on > (today or date.today()):
        raise ValidationError(_("Periksa tanggal."), {field_name: _("Tanggal tidak boleh di masa depan.")})


def load_case(session: Session, actor: Actor, case_id: uuid.UUID) -> RehabCase:
    """The case, or NotFound — also for a partner user whose institution the person is not placed with."""
    case = session.get(RehabCase, case_id)
    if case is None:
        raise NotFound(_("Kasus tidak ditemukan."))
    ensure_person_visible(session, actor, case.person_id)
    return case


def ensure_open(case: RehabCase) -> None:
    if case.closed_on is not None:
        raise ValidationError(_("Kasus {no} sudah ditutup; tidak dapat diubah lagi.").format(no=case.case_no))


def _office_id(session: Session, actor: Actor, person: Person) -> uuid.UUID:
    return person.office_id or actor.office_id  # type: ignore[return-value]


def has_completed_assessment(session: Session, case_id: uuid.UUID, instrument_code: str) -> bool:
    found = session.scalar(
        select(Assessment.id)
        .where(
            Assessment.case_id == case_id,
            Assessment.instrument_code == instrument_code,
            Assessment.status == "completed",
        )
        .limit(1)
    )
    return found is not None


def plan_is_approved(session: Session, case_id: uuid.UUID) -> bool:
    plan = session.scalar(select(InterventionPlan).where(InterventionPlan.case_id == case_id))
    return plan is not None and plan.status == "approved" and plan.approved_revision == plan.revision


def _instrument_name(code: str) -> str:
    from kesos_desktop.core.services.assessments import instrument_name

    return instrument_name(code)


def _blocked_by(session: Session, case: RehabCase, rule: TransitionRule) -> list[str]:
    reasons = []
    for code in rule.assessment_codes:
        if not has_completed_assessment(session, case.id, code):
            reasons.append(_("{name} belum diselesaikan.").format(name=_instrument_name(code)))
    if rule.needs_plan_approved and not plan_is_approved(session, case.id):
        reasons.append(_("Rencana intervensi belum disetujui pimpinan (atau berubah sejak disetujui)."))
    return reasons


def _next_stages(session: Session, case: RehabCase) -> tuple[NextStage, ...]:
    out = []
    for rule in allowed_transitions(case.stage_code):
        out.append(
            NextStage(
                code=rule.to_stage,
                label=stage_label(rule.to_stage),
                needs_reason=rule.needs_reason,
                needs_exit_reason=rule.needs_exit_reason,
                needs_target=rule.needs_target,
                blocked_by=tuple(_blocked_by(session, case, rule)),
            )
        )
    return tuple(out)


def _info(session: Session, case: RehabCase, *, with_next: bool = True) -> CaseInfo:
    person = session.get(Person, case.person_id)
    assert person is not None
    inst_name = session.scalar(select(Institution.name).where(Institution.id == case.institution_id)) or ""
    reason = session.get(ExitReason, case.exit_reason_code) if case.exit_reason_code else None
    stage = stage_map().get(case.stage_code)
    return CaseInfo(
        id=case.id,
        case_no=case.case_no,
        person_id=case.person_id,
        registration_no=person.registration_no,
        person_name=person.full_name or person.alias,
        stay_id=case.stay_id,
        institution_id=case.institution_id,
        institution_name=inst_name,
        worker_id=case.worker_id,
        worker_name=user_names(session, [case.worker_id]).get(case.worker_id, "") if case.worker_id else "",
        stage_code=case.stage_code,
        stage_label=stage_label(case.stage_code),
        stage_kind=stage.kind if stage is not None else "",
        stage_since=case.stage_since,
        opened_on=case.opened_on,
        terminated_on=case.terminated_on,
        closed_on=case.closed_on,
        exit_reason_code=case.exit_reason_code,
        exit_reason_label=pick_label(reason.name_id, reason.name_en, None) if reason is not None else "",
        exit_destination=case.exit_destination,
        exit_note=case.exit_note,
        exit_target_institution_id=case.exit_target_institution_id,
        previous_case_id=case.previous_case_id,
        return_handover_on=case.return_handover_on,
        version_id=case.version_id,
        next_stages=_next_stages(session, case) if with_next and case.closed_on is None else (),
    )


# ------------------------------------------------------------------------------------------------ opening


def _link_runaway(session: Session, actor: Actor, case: RehabCase, person: Person) -> str:
    """A child who ran away (from a placement or a panti) and is found again: link the new case to the old one."""
    placement = session.scalar(
        select(Placement)
        .where(Placement.person_id == person.id, Placement.end_reason == "KABUR", Placement.refound_case_id.is_(None))
        .order_by(Placement.ended_on.desc())
        .limit(1)
    )
    if placement is not None:
        placement.refound_case_id = case.id
        placement.refound_on = case.opened_on
        case.previous_case_id = placement.case_id
        partner = session.scalar(select(Institution.name).where(Institution.id == placement.institution_id)) or ""
        return _("Ditemukan kembali setelah kabur dari penempatan di {partner}.").format(partner=partner)
    previous = session.scalar(
        select(RehabCase)
        .where(
            RehabCase.person_id == person.id,
            RehabCase.id != case.id,
            RehabCase.exit_reason_code == RUNAWAY_REASON,
        )
        .order_by(RehabCase.terminated_on.desc())
        .limit(1)
    )
    if previous is not None:
        case.previous_case_id = previous.id
        return _("Kembali setelah kabur (kasus {no}).").format(no=previous.case_no)
    return ""


def open_case(
    session: Session,
    actor: Actor,
    stay_id: uuid.UUID,
    *,
    worker_id: uuid.UUID | None = None,
    opened_on: date | None = None,
) -> CaseInfo:
    """Open the case of a stay at the initial stage (pendekatan awal); one case per stay."""
    actor.require("cases.manage")
    stay = session.get(Stay, stay_id)
    if stay is None:
        raise NotFound(_("Data tinggal (stay) tidak ditemukan."))
    person = ensure_person_visible(session, actor, stay.person_id)
    if session.scalar(select(RehabCase.id).where(RehabCase.stay_id == stay_id)) is not None:
        raise Conflict(_("Masa tinggal ini sudah mempunyai kasus."))
    if stay.exited_on is not None:
        raise ValidationError(
            _("Warga binaan sudah keluar dari lembaga; kasus tidak dapat dibuka untuk masa tinggal itu.")
        )
    on = opened_on or date.today()
    check_not_future(on, "opened_on")
    if on < stay.admitted_on:
        raise ValidationError(
            _("Periksa tanggal."), {"opened_on": _("Kasus tidak dapat dibuka sebelum tanggal masuk.")}
        )
    check_user(session, worker_id, "worker_id")
    office_id = _office_id(session, actor, person)
    number = numbering.next_number(session, office_id, "case", on.year)
    first = initial_stage()
    case = RehabCase(
        office_id=office_id,
        case_no=f"KS-{on.year}-{number:06d}",
        person_id=person.id,
        stay_id=stay.id,
        institution_id=stay.institution_id,
        worker_id=worker_id,
        stage_code=first.code,
        stage_since=on,
        opened_on=on,
    )
    if stay.previous_stay_id is not None:
        case.previous_case_id = session.scalar(select(RehabCase.id).where(RehabCase.stay_id == stay.previous_stay_id))
    session.add(case)
    session.flush()
    session.add(
        CaseTransition(
            case_id=case.id,
            from_stage="",
            to_stage=first.code,
            occurred_on=on,
            user_id=actor.user_id,
            username=actor.username,
            reason=_("Kasus dibuka"),
        )
    )
    refound = _link_runaway(session, actor, case, person)
    summary = _("Kasus {no} dibuka: {stage}").format(no=case.case_no, stage=first.label())
    if refound:
        summary = f"{summary}. {refound}"
    timeline.add_event(session, actor, person.id, on, "case_opened", summary, ref_entity="rehab_case", ref_id=case.id)
    audit.record(
        session,
        actor,
        "case.opened",
        "rehab_case",
        case.id,
        summary=summary,
        changes={
            "stay_id": [None, stay.id],
            "worker_id": [None, worker_id],
            "previous_case_id": [None, case.previous_case_id],
        },
    )
    commit(session, _("Kasus"))
    return _info(session, case)


def get_case(session: Session, actor: Actor, case_id: uuid.UUID) -> CaseInfo:
    actor.require("cases.view")
    return _info(session, load_case(session, actor, case_id))


def case_for_stay(session: Session, actor: Actor, stay_id: uuid.UUID) -> CaseInfo | None:
    actor.require("cases.view")
    case_id = session.scalar(select(RehabCase.id).where(RehabCase.stay_id == stay_id))
    return get_case(session, actor, case_id) if case_id is not None else None


def cases_for_person(session: Session, actor: Actor, person_id: uuid.UUID) -> list[CaseInfo]:
    """Newest first."""
    actor.require("cases.view")
    ensure_person_visible(session, actor, person_id)
    cases = session.scalars(
        select(RehabCase).where(RehabCase.person_id == person_id).order_by(RehabCase.opened_on.desc())
    )
    return [_info(session, c, with_next=False) for c in cases]


def assign_worker(
    session: Session, actor: Actor, case_id: uuid.UUID, worker_id: uuid.UUID | None, version_id: int
) -> CaseInfo:
    actor.require("cases.manage")
    case = load_case(session, actor, case_id)
    check_version(case, version_id, _("Kasus"))
    ensure_open(case)
    check_user(session, worker_id, "worker_id")
    before = case.worker_id
    if before == worker_id:
        return _info(session, case)
    case.worker_id = worker_id
    names = user_names(session, [before, worker_id])
    audit.record(
        session,
        actor,
        "case.worker_assigned",
        "rehab_case",
        case.id,
        summary=_("Pekerja sosial kasus {no}: {name}").format(
            no=case.case_no, name=names.get(worker_id, "-") if worker_id else "-"
        ),
        changes={"worker_id": [before, worker_id]},
    )
    commit(session, _("Kasus"))
    return _info(session, case)


# ------------------------------------------------------------------------------------------------ moving


def _check_exit(session: Session, data: TransitionInput, problems: dict[str, str]) -> ExitReason | None:
    code = (data.exit_reason_code or "").strip()
    if not code:
        problems["exit_reason_code"] = _("Terminasi memerlukan alasan berkode (mis. selesai program, dipulangkan).")
        return None
    reason = session.get(ExitReason, code)
    if reason is None or not reason.is_active:
        problems["exit_reason_code"] = _("Alasan terminasi tidak dikenal: {code}.").format(code=code)
        return None
    if reason.requires_destination and not data.exit_destination.strip():
        problems["exit_destination"] = _("Alasan ini memerlukan tujuan (daerah atau alamat).")
    if reason.requires_target_institution:
        target = session.get(Institution, data.exit_target_institution_id) if data.exit_target_institution_id else None
        if target is None:
            problems["exit_target_institution_id"] = _("Pilih lembaga penerima dari daftar.")
    if reason.requires_text and not data.exit_note.strip():
        problems["exit_note"] = _("Alasan ini memerlukan keterangan.")
    return reason


def move_case(
    session: Session, actor: Actor, case_id: uuid.UUID, data: TransitionInput, version_id: int | None = None
) -> CaseInfo:
    """Move the case to another stage if the rules allow it; refused moves say why (ValidationError)."""
    actor.require("cases.manage")
    case = load_case(session, actor, case_id)
    check_version(case, version_id, _("Kasus"))
    ensure_open(case)
    target_stage = get_stage(data.to_stage)
    current = get_stage(case.stage_code)
    rule = find_rule(case.stage_code, target_stage.code)
    if rule is None:
        options = ", ".join(stage_label(r.to_stage) for r in allowed_transitions(case.stage_code)) or "-"
        message = _(
            "Perpindahan dari tahap {a} ke {b} tidak diizinkan. Dari {a} kasus dapat pindah ke: {options}."
        ).format(a=current.label(), b=target_stage.label(), options=options)
        raise ValidationError(message, {"to_stage": message})
    blocked = _blocked_by(session, case, rule)
    if blocked:
        message = _("Kasus belum dapat pindah ke tahap {b}: {why}").format(
            b=target_stage.label(), why=" ".join(blocked)
        )
        raise ValidationError(message, {"to_stage": message})
    on = data.occurred_on or date.today()
    problems: dict[str, str] = {}
    if on > date.today():
        problems["occurred_on"] = _("Tanggal tidak boleh di masa depan.")
    elif on < case.stage_since:
        problems["occurred_on"] = _("Tanggal tidak boleh sebelum kasus masuk tahap sekarang.")
    if rule.needs_reason and not data.reason.strip():
        problems["reason"] = _("Tuliskan alasan perpindahan tahap ini.")
    if rule.needs_target:
        known = session.get(Institution, data.target_institution_id) if data.target_institution_id else None
        if data.target_institution_id is not None and known is None:
            problems["target_institution_id"] = _("Lembaga rujukan tidak ditemukan.")
        elif known is None and not data.target_text.strip():
            problems["target_text"] = _("Isi tujuan rujukan: pilih lembaga atau tulis nama tempatnya.")
    reason = _check_exit(session, data, problems) if rule.needs_exit_reason else None
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)

    before = {"stage_code": case.stage_code, "stage_since": case.stage_since}
    session.add(
        CaseTransition(
            case_id=case.id,
            from_stage=case.stage_code,
            to_stage=target_stage.code,
            occurred_on=on,
            user_id=actor.user_id,
            username=actor.username,
            reason=data.reason.strip(),
            exit_reason_code=reason.code if reason is not None else None,
            target_institution_id=data.target_institution_id if rule.needs_target else None,
            target_text=data.target_text.strip() if rule.needs_target else "",
        )
    )
    case.stage_code = target_stage.code
    case.stage_since = on
    kind = "case_stage"
    summary = _("Tahap kasus {no}: {a} → {b}").format(no=case.case_no, a=current.label(), b=target_stage.label())
    if reason is not None:
        case.terminated_on = on
        case.exit_reason_code = reason.code
        case.exit_destination = data.exit_destination.strip()
        case.exit_note = data.exit_note.strip()
        case.exit_target_institution_id = (
            data.exit_target_institution_id if reason.requires_target_institution else None
        )
        kind = "case_terminated"
        summary = _("Terminasi kasus {no}: {reason}").format(
            no=case.case_no, reason=pick_label(reason.name_id, reason.name_en, "id")
        )
        if reason.code == RETURN_REASON:
            _hand_to_pemulangan(session, actor, case, on)
    if target_stage.kind == "closed":
        case.closed_on = on
        kind = "case_closed"
    timeline.add_event(session, actor, case.person_id, on, kind, summary, ref_entity="rehab_case", ref_id=case.id)
    audit.record(
        session,
        actor,
        "case.moved",
        "rehab_case",
        case.id,
        summary=summary,
        changes={
            "stage_code": [before["stage_code"], case.stage_code],
            "stage_since": [before["stage_since"], on],
            **({"exit_reason_code": [None, reason.code]} if reason is not None else {}),
            **({"reason": [None, data.reason.strip()]} if data.reason.strip() else {}),
        },
    )
    commit(session, _("Kasus"))
    return _info(session, case)


def _hand_to_pemulangan(session: Session, actor: Actor, case: RehabCase, on: date) -> None:
    """DIPULANGKAN: flag the case and put "Siapkan rencana pemulangan" on the worker's task list."""
    from kesos_desktop.core.services import tasks

    person = session.get(Person, case.person_id)
    assert person is not None
    case.return_handover_on = on
    tasks.add_task(
        session,
        key=return_task_key(case.id),
        kind="prepare_return",
        title=_("Siapkan rencana pemulangan: {name} ({reg})").format(
            name=person.full_name or person.alias, reg=person.registration_no
        ),
        person_id=case.person_id,
        case_id=case.id,
        due_on=on,
        assigned_user_id=case.worker_id,
        permission="returns.plan",
    )


def return_task_key(case_id: uuid.UUID) -> str:
    return f"prepare_return:{case_id}"


def list_transitions(session: Session, actor: Actor, case_id: uuid.UUID) -> list[TransitionInfo]:
    """Oldest first: the stage history of the case."""
    actor.require("cases.view")
    load_case(session, actor, case_id)
    rows = list(
        session.scalars(select(CaseTransition).where(CaseTransition.case_id == case_id).order_by(CaseTransition.id))
    )
    inst_ids = {r.target_institution_id for r in rows if r.target_institution_id}
    names = (
        dict(session.execute(select(Institution.id, Institution.name).where(Institution.id.in_(inst_ids))).all())
        if inst_ids
        else {}
    )
    return [
        TransitionInfo(
            id=r.id,
            from_stage=r.from_stage,
            from_label=stage_label(r.from_stage) if r.from_stage else "",
            to_stage=r.to_stage,
            to_label=stage_label(r.to_stage),
            occurred_on=r.occurred_on,
            username=r.username,
            reason=r.reason,
            exit_reason_code=r.exit_reason_code,
            target_institution_id=r.target_institution_id,
            target_institution_name=names.get(r.target_institution_id, "") if r.target_institution_id else "",
            target_text=r.target_text,
        )
        for r in rows
    ]


# ------------------------------------------------------------------------------------------------ lists


def _filtered(stmt, actor: Actor, flt: CaseFilter):  # type: ignore[no-untyped-def]
    stmt = stmt.where(person_visible_clause(actor))
    if flt.status == "open":
        stmt = stmt.where(RehabCase.closed_on.is_(None))
    elif flt.status == "closed":
        stmt = stmt.where(RehabCase.closed_on.is_not(None))
    elif flt.status != "all":
        raise ValidationError(_("Status tidak dikenal."), {"status": flt.status})
    if flt.worker_id is not None:
        stmt = stmt.where(RehabCase.worker_id == flt.worker_id)
    if flt.unassigned:
        stmt = stmt.where(RehabCase.worker_id.is_(None))
    if flt.institution_id is not None:
        stmt = stmt.where(RehabCase.institution_id == flt.institution_id)
    if flt.stage_codes:
        for code in flt.stage_codes:
            get_stage(code)
        stmt = stmt.where(RehabCase.stage_code.in_(flt.stage_codes))
    if flt.person_id is not None:
        stmt = stmt.where(RehabCase.person_id == flt.person_id)
    return stmt


def list_cases(session: Session, actor: Actor, flt: CaseFilter, *, today: date | None = None) -> list[CaseRow]:
    """Cases per worker / institution / stage, longest in their stage first."""
    actor.require("cases.view")
    today = today or date.today()
    stmt = (
        select(RehabCase, Person.registration_no, Person.full_name, Person.alias, Person.sex, Institution.name)
        .join(Person, Person.id == RehabCase.person_id)
        .join(Institution, Institution.id == RehabCase.institution_id)
    )
    stmt = _filtered(stmt, actor, flt).order_by(RehabCase.stage_since, RehabCase.case_no)
    rows = session.execute(stmt).all()
    workers = user_names(session, [r[0].worker_id for r in rows])
    stages = stage_map()
    out = []
    for case, reg, name, alias, sex, inst in rows:
        stage = stages.get(case.stage_code)
        days = (today - case.stage_since).days
        out.append(
            CaseRow(
                id=case.id,
                case_no=case.case_no,
                person_id=case.person_id,
                registration_no=reg,
                person_name=name or alias,
                sex=sex,
                institution_id=case.institution_id,
                institution_name=inst,
                worker_id=case.worker_id,
                worker_name=workers.get(case.worker_id, "") if case.worker_id else "",
                stage_code=case.stage_code,
                stage_label=stage.label() if stage else case.stage_code,
                stage_since=case.stage_since,
                days_in_stage=days,
                opened_on=case.opened_on,
                overdue_in_stage=bool(stage and stage.due_days is not None and days > stage.due_days),
            )
        )
    return out


def count_by_stage(session: Session, actor: Actor, flt: CaseFilter) -> dict[str, int]:
    """{stage code: number of cases} for the stage filter chips."""
    actor.require("cases.view")
    stmt = select(RehabCase.stage_code, func.count(RehabCase.id)).join(Person, Person.id == RehabCase.person_id)
    stmt = _filtered(stmt, actor, CaseFilter(**{**flt.__dict__, "stage_codes": ()})).group_by(RehabCase.stage_code)
    return dict(session.execute(stmt).all())  # type: ignore[arg-type]


def pending_returns(session: Session, actor: Actor) -> list[ReturnHandover]:
    """People terminated with DIPULANGKAN whose "Siapkan rencana pemulangan" task is still open.

    The pemulangan work reads this list and closes the task (``tasks.close_task_by_key(..., return_task_key(id))``)
    when the return plan exists.
    """
    from kesos_desktop.core.models.cases import Task

    actor.require("cases.view")
    rows = session.execute(
        select(RehabCase, Person.registration_no, Person.full_name, Person.alias)
        .join(Person, Person.id == RehabCase.person_id)
        .join(Task, Task.case_id == RehabCase.id)
        .where(
            RehabCase.return_handover_on.is_not(None),
            Task.kind == "prepare_return",
            Task.status == "open",
            person_visible_clause(actor),
        )
        .order_by(RehabCase.return_handover_on)
    ).all()
    return [
        ReturnHandover(
            case_id=c.id,
            person_id=c.person_id,
            stay_id=c.stay_id,
            registration_no=reg,
            person_name=name or alias,
            institution_id=c.institution_id,
            handed_over_on=c.return_handover_on,  # type: ignore[arg-type]
            exit_destination=c.exit_destination,
            task_key=return_task_key(c.id),
        )
        for c, reg, name, alias in rows
    ]
