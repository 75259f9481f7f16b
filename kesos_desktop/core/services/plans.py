"""Intervention plans (rencana intervensi): goals by domain (plan_domains.csv) with target dates, responsible
worker and status; review dates; approval by the pimpinan. Changing the goals of a submitted or approved plan
starts a new revision that needs approval again; recording progress on a goal does not.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import Conflict, NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.models.cases import InterventionPlan, PlanGoal, PlanReview
from kesos_desktop.core.reference.datafiles import optional_int, pick_label, read_rows
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.cases import check_user, ensure_open, load_case, user_names
from kesos_desktop.core.services.common import check_version, commit

PLAN_STATUSES = {
    "draft": N_("Draf"),
    "submitted": N_("Menunggu persetujuan"),
    "approved": N_("Disetujui"),
}
GOAL_STATUSES = {
    "direncanakan": N_("Direncanakan"),
    "berjalan": N_("Berjalan"),
    "tercapai": N_("Tercapai"),
    "tidak_tercapai": N_("Tidak tercapai"),
    "dibatalkan": N_("Dibatalkan"),
}
MAX_GOALS = 60


@dataclass(frozen=True)
class DomainDef:
    code: str
    name_id: str
    name_en: str
    atensi_component: int | None
    notes: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@cache
def load_domains() -> tuple[DomainDef, ...]:
    return tuple(
        DomainDef(
            r["code"], r["name_id"], r["name_en"], optional_int(r.get("atensi_component", "")), r.get("notes", "")
        )
        for r in read_rows("plan_domains.csv")
    )


def domain_label(code: str) -> str:
    found = next((d for d in load_domains() if d.code == code), None)
    return found.label() if found else code


@dataclass
class GoalInput:
    domain_code: str
    goal: str
    actions: str = ""
    target_date: date | None = None
    responsible_user_id: uuid.UUID | None = None
    status: str = "direncanakan"
    progress_note: str = ""
    # The goal being edited (None for a new one).
    id: int | None = None


@dataclass
class PlanInput:
    goals: list[GoalInput] = field(default_factory=list)
    review_on: date | None = None
    summary: str = ""


@dataclass(frozen=True)
class GoalInfo:
    id: int
    domain_code: str
    domain_label: str
    goal: str
    actions: str
    target_date: date | None
    responsible_user_id: uuid.UUID | None
    responsible_name: str
    status: str
    status_label: str
    progress_note: str


@dataclass(frozen=True)
class PlanReviewInfo:
    id: int
    reviewed_on: date
    reviewed_by: str
    note: str
    next_review_on: date | None


@dataclass(frozen=True)
class PlanInfo:
    id: uuid.UUID
    case_id: uuid.UUID
    person_id: uuid.UUID
    status: str
    status_label: str
    revision: int
    summary: str
    review_on: date | None
    goals: tuple[GoalInfo, ...]
    reviews: tuple[PlanReviewInfo, ...]
    created_by: str
    submitted_by: str
    approved_revision: int | None
    approved_by: str
    approved_by_name: str
    approval_note: str
    version_id: int

    @property
    def is_approved(self) -> bool:
        return self.status == "approved" and self.approved_revision == self.revision

    @property
    def needs_reapproval(self) -> bool:
        """Approved once, changed since."""
        return self.approved_revision is not None and self.approved_revision != self.revision


def _info(session: Session, plan: InterventionPlan) -> PlanInfo:
    goals = list(
        session.scalars(select(PlanGoal).where(PlanGoal.plan_id == plan.id).order_by(PlanGoal.sort_order, PlanGoal.id))
    )
    reviews = session.scalars(select(PlanReview).where(PlanReview.plan_id == plan.id).order_by(PlanReview.reviewed_on))
    names = user_names(session, [g.responsible_user_id for g in goals])
    return PlanInfo(
        id=plan.id,
        case_id=plan.case_id,
        person_id=plan.person_id,
        status=plan.status,
        status_label=_(PLAN_STATUSES.get(plan.status, plan.status)),
        revision=plan.revision,
        summary=plan.summary,
        review_on=plan.review_on,
        goals=tuple(
            GoalInfo(
                id=g.id,
                domain_code=g.domain_code,
                domain_label=domain_label(g.domain_code),
                goal=g.goal,
                actions=g.actions,
                target_date=g.target_date,
                responsible_user_id=g.responsible_user_id,
                responsible_name=names.get(g.responsible_user_id, "") if g.responsible_user_id else "",
                status=g.status,
                status_label=_(GOAL_STATUSES.get(g.status, g.status)),
                progress_note=g.progress_note,
            )
            for g in goals
        ),
        reviews=tuple(PlanReviewInfo(r.id, r.reviewed_on, r.reviewed_by, r.note, r.next_review_on) for r in reviews),
        created_by=plan.created_by,
        submitted_by=plan.submitted_by,
        approved_revision=plan.approved_revision,
        approved_by=plan.approved_by,
        approved_by_name=plan.approved_by_name,
        approval_note=plan.approval_note,
        version_id=plan.version_id,
    )


def _validate(session: Session, data: PlanInput) -> list[dict[str, object]]:
    problems: dict[str, str] = {}
    domains = {d.code for d in load_domains()}
    if not data.goals:
        problems["goals"] = _("Rencana intervensi memerlukan sedikitnya satu tujuan.")
    if len(data.goals) > MAX_GOALS:
        problems["goals"] = _("Terlalu banyak tujuan (paling banyak {n}).").format(n=MAX_GOALS)
    rows: list[dict[str, object]] = []
    for i, g in enumerate(data.goals):
        if g.domain_code not in domains:
            problems[f"goals.{i}.domain_code"] = _("Pilih ranah dari daftar.")
        if not g.goal.strip():
            problems[f"goals.{i}.goal"] = _("Tuliskan tujuannya.")
        if g.status not in GOAL_STATUSES:
            problems[f"goals.{i}.status"] = _("Status tujuan tidak dikenal.")
        try:
            check_user(session, g.responsible_user_id, f"goals.{i}.responsible_user_id")
        except ValidationError as exc:
            problems.update(exc.fields)
        rows.append(
            {
                "id": g.id,
                "domain_code": g.domain_code,
                "goal": g.goal.strip(),
                "actions": g.actions.strip(),
                "target_date": g.target_date,
                "responsible_user_id": g.responsible_user_id,
                "status": g.status,
                "progress_note": g.progress_note.strip(),
                "sort_order": i,
            }
        )
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return rows


_CONTENT = ("domain_code", "goal", "actions", "target_date", "responsible_user_id")


def _content(goals: list[PlanGoal] | list[dict[str, object]]) -> list[tuple[object, ...]]:
    """What approval covers: the goals themselves (not their progress)."""
    out = []
    for g in goals:
        get = g.get if isinstance(g, dict) else (lambda k, g=g: getattr(g, k))  # type: ignore[misc]
        out.append(tuple(get(k) for k in _CONTENT))
    return out


def _load(session: Session, actor: Actor, plan_id: uuid.UUID) -> InterventionPlan:
    plan = session.get(InterventionPlan, plan_id)
    if plan is None:
        raise NotFound(_("Rencana intervensi tidak ditemukan."))
    ensure_person_visible(session, actor, plan.person_id)
    return plan


def create_plan(session: Session, actor: Actor, case_id: uuid.UUID, data: PlanInput) -> PlanInfo:
    actor.require("cases.manage")
    case = load_case(session, actor, case_id)
    ensure_open(case)
    if session.scalar(select(InterventionPlan.id).where(InterventionPlan.case_id == case_id)) is not None:
        raise Conflict(_("Kasus ini sudah mempunyai rencana intervensi; ubah rencana yang ada."))
    rows = _validate(session, data)
    plan = InterventionPlan(
        case_id=case.id,
        person_id=case.person_id,
        status="draft",
        revision=1,
        summary=data.summary.strip(),
        review_on=data.review_on,
        created_by=actor.username,
    )
    session.add(plan)
    session.flush()
    for row in rows:
        row.pop("id")
        session.add(PlanGoal(plan_id=plan.id, **row))
    audit.record(
        session,
        actor,
        "plan.created",
        "intervention_plan",
        plan.id,
        summary=_("Rencana intervensi kasus {no}: {n} tujuan").format(no=case.case_no, n=len(rows)),
    )
    commit(session, _("Rencana intervensi"))
    return _info(session, plan)


def save_plan(session: Session, actor: Actor, plan_id: uuid.UUID, data: PlanInput, version_id: int) -> PlanInfo:
    """Replace the goals (kept by ``GoalInput.id``), summary and review date. A changed submitted or approved
    plan becomes a draft of the next revision."""
    actor.require("cases.manage")
    plan = _load(session, actor, plan_id)
    check_version(plan, version_id, _("Rencana intervensi"))
    case = load_case(session, actor, plan.case_id)
    ensure_open(case)
    rows = _validate(session, data)
    existing = {g.id: g for g in session.scalars(select(PlanGoal).where(PlanGoal.plan_id == plan.id))}
    before = _content(sorted(existing.values(), key=lambda g: (g.sort_order, g.id)))
    changed_content = before != _content(rows) or plan.summary != data.summary.strip()
    kept = set()
    for row in rows:
        goal_id = row.pop("id")
        goal = existing.get(goal_id) if isinstance(goal_id, int) else None
        if goal is None:
            session.add(PlanGoal(plan_id=plan.id, **row))
        else:
            kept.add(goal.id)
            for k, v in row.items():
                setattr(goal, k, v)
    for goal_id, goal in existing.items():
        if goal_id not in kept:
            session.delete(goal)
    plan.summary = data.summary.strip()
    plan.review_on = data.review_on
    summary = _("Rencana intervensi kasus {no} diubah").format(no=case.case_no)
    changes: dict[str, object] = {}
    if changed_content and plan.status in ("submitted", "approved"):
        changes["status"] = [plan.status, "draft"]
        changes["revision"] = [plan.revision, plan.revision + 1]
        plan.revision += 1
        plan.status = "draft"
        summary = _("Rencana intervensi kasus {no} diubah; revisi {rev} perlu disetujui lagi").format(
            no=case.case_no, rev=plan.revision
        )
    plan.updated_at = utcnow()  # the goals changed: bump the plan's version for the next editor
    audit.record(session, actor, "plan.changed", "intervention_plan", plan.id, summary=summary, changes=changes)
    commit(session, _("Rencana intervensi"))
    return _info(session, plan)


def submit_plan(session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int) -> PlanInfo:
    """Send the draft to the pimpinan for approval (it appears on their task list)."""
    actor.require("cases.manage")
    plan = _load(session, actor, plan_id)
    check_version(plan, version_id, _("Rencana intervensi"))
    if plan.status != "draft":
        raise ValidationError(_("Hanya rencana berstatus draf yang dapat diajukan."))
    plan.status = "submitted"
    plan.submitted_at = utcnow()
    plan.submitted_by = actor.username
    audit.record(
        session, actor, "plan.submitted", "intervention_plan", plan.id, summary=_("Rencana diajukan untuk disetujui")
    )
    commit(session, _("Rencana intervensi"))
    return _info(session, plan)


def approve_plan(session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int, note: str = "") -> PlanInfo:
    actor.require("plans.approve")
    plan = _load(session, actor, plan_id)
    check_version(plan, version_id, _("Rencana intervensi"))
    case = load_case(session, actor, plan.case_id)
    ensure_open(case)
    if plan.status == "approved" and plan.approved_revision == plan.revision:
        raise ValidationError(_("Rencana ini sudah disetujui."))
    plan.status = "approved"
    plan.approved_revision = plan.revision
    plan.approved_at = utcnow()
    plan.approved_by = actor.username
    plan.approved_by_name = actor.full_name
    plan.approval_note = note.strip()
    summary = _("Rencana intervensi kasus {no} (revisi {rev}) disetujui oleh {name}").format(
        no=case.case_no, rev=plan.revision, name=actor.full_name
    )
    timeline.add_event(
        session,
        actor,
        plan.person_id,
        date.today(),
        "plan_approved",
        summary,
        ref_entity="intervention_plan",
        ref_id=plan.id,
    )
    audit.record(
        session,
        actor,
        "plan.approved",
        "intervention_plan",
        plan.id,
        summary=summary,
        changes={"revision": [None, plan.revision]},
    )
    commit(session, _("Rencana intervensi"))
    return _info(session, plan)


def return_plan(session: Session, actor: Actor, plan_id: uuid.UUID, version_id: int, note: str) -> PlanInfo:
    """The pimpinan sends a submitted plan back to the worker with a note."""
    actor.require("plans.approve")
    plan = _load(session, actor, plan_id)
    check_version(plan, version_id, _("Rencana intervensi"))
    if plan.status != "submitted":
        raise ValidationError(_("Hanya rencana yang menunggu persetujuan yang dapat dikembalikan."))
    if not note.strip():
        raise ValidationError(_("Tuliskan apa yang perlu diperbaiki."), {"note": _("Catatan wajib diisi.")})
    plan.status = "draft"
    plan.approval_note = note.strip()
    audit.record(session, actor, "plan.returned", "intervention_plan", plan.id, summary=note.strip())
    commit(session, _("Rencana intervensi"))
    return _info(session, plan)


def update_goal_progress(
    session: Session, actor: Actor, goal_id: int, status: str, progress_note: str = ""
) -> GoalInfo:
    """Monitoring during intervention: status and a progress note; the approval stays valid."""
    goal = session.get(PlanGoal, goal_id)
    if goal is None:
        raise NotFound(_("Tujuan rencana tidak ditemukan."))
    plan = _load(session, actor, goal.plan_id)
    if goal.responsible_user_id != actor.user_id:
        actor.require("cases.manage")
    ensure_open(load_case(session, actor, plan.case_id))
    if status not in GOAL_STATUSES:
        raise ValidationError(_("Status tujuan tidak dikenal."), {"status": status})
    changes = {}
    if goal.status != status:
        changes["status"] = [goal.status, status]
        goal.status = status
    if goal.progress_note != progress_note.strip():
        changes["progress_note"] = [goal.progress_note, progress_note.strip()]
        goal.progress_note = progress_note.strip()
    if changes:
        audit.record(
            session, actor, "plan.goal_progress", "plan_goal", goal.id, summary=goal.goal[:200], changes=changes
        )
        commit(session, _("Rencana intervensi"))
    return next(g for g in _info(session, plan).goals if g.id == goal_id)


def record_review(
    session: Session,
    actor: Actor,
    plan_id: uuid.UUID,
    reviewed_on: date,
    note: str,
    next_review_on: date | None,
    version_id: int | None = None,
) -> PlanInfo:
    """A plan review (tinjauan): what was found, and the next review date."""
    actor.require("cases.manage")
    plan = _load(session, actor, plan_id)
    check_version(plan, version_id, _("Rencana intervensi"))
    ensure_open(load_case(session, actor, plan.case_id))
    problems = {}
    if reviewed_on > date.today():
        problems["reviewed_on"] = _("Tanggal tidak boleh di masa depan.")
    if not note.strip():
        problems["note"] = _("Tuliskan hasil tinjauan.")
    if next_review_on is not None and next_review_on <= reviewed_on:
        problems["next_review_on"] = _("Tinjauan berikutnya harus sesudah tanggal tinjauan ini.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    session.add(
        PlanReview(
            plan_id=plan.id,
            reviewed_on=reviewed_on,
            reviewed_by=actor.username,
            note=note.strip(),
            next_review_on=next_review_on,
        )
    )
    before = plan.review_on
    plan.review_on = next_review_on
    timeline.add_event(
        session,
        actor,
        plan.person_id,
        reviewed_on,
        "plan_reviewed",
        _("Tinjauan rencana intervensi"),
        ref_entity="intervention_plan",
        ref_id=plan.id,
    )
    audit.record(
        session,
        actor,
        "plan.reviewed",
        "intervention_plan",
        plan.id,
        summary=note.strip()[:200],
        changes={"review_on": [before, next_review_on]},
    )
    commit(session, _("Rencana intervensi"))
    return _info(session, plan)


def get_plan(session: Session, actor: Actor, plan_id: uuid.UUID) -> PlanInfo:
    actor.require("cases.view")
    return _info(session, _load(session, actor, plan_id))


def plan_for_case(session: Session, actor: Actor, case_id: uuid.UUID) -> PlanInfo | None:
    actor.require("cases.view")
    load_case(session, actor, case_id)
    plan = session.scalar(select(InterventionPlan).where(InterventionPlan.case_id == case_id))
    return _info(session, plan) if plan is not None else None


def goal_status_choices() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in GOAL_STATUSES.items()]
