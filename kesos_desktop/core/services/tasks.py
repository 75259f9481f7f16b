"""Tugas saya: reminders computed from the records (assessments due, plan reviews and approvals, overdue stays,
partner reports and placement reviews due) plus stored tasks (siapkan rencana pemulangan), each done or dismissed.

A computed reminder has a stable ``key``; closing it stores a Task row under that key so it stays closed. A
reminder whose facts change (a new review date, a new period) gets a new key and shows again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.models import Person
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.models.cases import Assessment, InterventionPlan, RehabCase, Task
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.access import person_visible_clause
from kesos_desktop.core.services.common import commit

# Reminders show this many days before they fall due.
HORIZON_DAYS = 7
KIND_LABELS = {
    "assessment_due": N_("Asesmen jatuh tempo"),
    "plan_review_due": N_("Tinjauan rencana intervensi"),
    "plan_approval": N_("Rencana menunggu persetujuan"),
    "stay_overdue": N_("Melewati batas lama tinggal"),
    "partner_report_due": N_("Laporan lembaga mitra"),
    "placement_review_due": N_("Tinjauan penempatan"),
    "prepare_return": N_("Siapkan rencana pemulangan"),
    "custom": N_("Tugas"),
}
CLOSED_STATUSES = ("done", "dismissed")


@dataclass(frozen=True)
class TaskItem:
    key: str
    kind: str
    kind_label: str
    title: str
    due_on: date | None
    person_id: uuid.UUID | None
    case_id: uuid.UUID | None
    # What to open: ("rehab_case", id), ("intervention_plan", id), ("stay", id), ("placement", id)...
    ref_entity: str
    ref_id: str
    stored: bool

    def is_overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


def add_task(
    session: Session,
    *,
    key: str,
    kind: str,
    title: str,
    person_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    due_on: date | None = None,
    assigned_user_id: uuid.UUID | None = None,
    permission: str = "",
) -> None:
    """Store a task in the caller's transaction; a task with the same key is reopened with the new details."""
    row = session.scalar(select(Task).where(Task.key == key))
    if row is None:
        row = Task(key=key)
        session.add(row)
    row.kind = kind
    row.title = title
    row.person_id = person_id
    row.case_id = case_id
    row.due_on = due_on
    row.assigned_user_id = assigned_user_id
    row.permission = permission
    row.status = "open"
    row.closed_at = None
    row.closed_by = ""
    row.close_reason = ""


def _mine(actor: Actor, worker_id: uuid.UUID | None, permission: str = "cases.manage") -> bool:
    """A case's reminder goes to its worker; a case without a worker to everyone who may manage cases."""
    if worker_id is not None:
        return worker_id == actor.user_id
    return actor.can(permission)


def _assessments_due(session: Session, actor: Actor, until: date) -> list[TaskItem]:
    from kesos_desktop.core.services.assessments import latest_instruments

    items = []
    for inst in latest_instruments():
        if not inst.due_stage or inst.due_days is None:
            continue
        done = (
            select(Assessment.id)
            .where(
                Assessment.case_id == RehabCase.id,
                Assessment.instrument_code == inst.code,
                Assessment.status == "completed",
            )
            .exists()
        )
        rows = session.execute(
            select(RehabCase.id, RehabCase.person_id, RehabCase.worker_id, RehabCase.stage_since, Person.full_name)
            .join(Person, Person.id == RehabCase.person_id)
            .where(
                RehabCase.stage_code == inst.due_stage,
                RehabCase.closed_on.is_(None),
                RehabCase.stage_since <= until - timedelta(days=inst.due_days),
                ~done,
                person_visible_clause(actor),
            )
        ).all()
        for case_id, person_id, worker_id, since, name in rows:
            if not _mine(actor, worker_id):
                continue
            items.append(
                TaskItem(
                    key=f"assessment_due:{case_id}:{inst.code}",
                    kind="assessment_due",
                    kind_label=_(KIND_LABELS["assessment_due"]),
                    title=_("{instrument} untuk {name}").format(instrument=inst.label(), name=name),
                    due_on=since + timedelta(days=inst.due_days),
                    person_id=person_id,
                    case_id=case_id,
                    ref_entity="rehab_case",
                    ref_id=str(case_id),
                    stored=False,
                )
            )
    return items


def _plans(session: Session, actor: Actor, until: date) -> list[TaskItem]:
    items = []
    base = (
        select(InterventionPlan, RehabCase.worker_id, Person.full_name)
        .join(RehabCase, RehabCase.id == InterventionPlan.case_id)
        .join(Person, Person.id == InterventionPlan.person_id)
        .where(RehabCase.closed_on.is_(None), person_visible_clause(actor))
    )
    for plan, worker_id, name in session.execute(
        base.where(InterventionPlan.review_on.is_not(None), InterventionPlan.review_on <= until)
    ):
        if _mine(actor, worker_id) and plan.review_on is not None:
            items.append(
                TaskItem(
                    key=f"plan_review:{plan.id}:{plan.review_on.isoformat()}",
                    kind="plan_review_due",
                    kind_label=_(KIND_LABELS["plan_review_due"]),
                    title=_("Tinjau rencana intervensi {name}").format(name=name),
                    due_on=plan.review_on,
                    person_id=plan.person_id,
                    case_id=plan.case_id,
                    ref_entity="intervention_plan",
                    ref_id=str(plan.id),
                    stored=False,
                )
            )
    if actor.can("plans.approve"):
        for plan, _worker, name in session.execute(base.where(InterventionPlan.status == "submitted")):
            items.append(
                TaskItem(
                    key=f"plan_approval:{plan.id}:{plan.revision}",
                    kind="plan_approval",
                    kind_label=_(KIND_LABELS["plan_approval"]),
                    title=_("Setujui rencana intervensi {name} (revisi {rev})").format(name=name, rev=plan.revision),
                    due_on=plan.submitted_at.date() if plan.submitted_at else None,
                    person_id=plan.person_id,
                    case_id=plan.case_id,
                    ref_entity="intervention_plan",
                    ref_id=str(plan.id),
                    stored=False,
                )
            )
    return items


def _overdue_stays(session: Session, actor: Actor, today: date) -> list[TaskItem]:
    if not actor.can("stays.manage") or actor.is_partner:
        return []
    from kesos_desktop.core.services.stays_views import overdue_stays

    rows = overdue_stays(session, actor, today)
    if not rows:
        return []
    workers = dict(
        session.execute(
            select(RehabCase.stay_id, RehabCase.worker_id).where(RehabCase.stay_id.in_([r.stay_id for r in rows]))
        ).all()
    )
    items = []
    for r in rows:
        worker = workers.get(r.stay_id)
        if worker is not None and worker != actor.user_id:
            continue
        items.append(
            TaskItem(
                key=f"stay_overdue:{r.stay_id}",
                kind="stay_overdue",
                kind_label=_(KIND_LABELS["stay_overdue"]),
                title=_("{name} di {institution}: {days} hari (batas {limit})").format(
                    name=r.full_name, institution=r.institution_name, days=r.days, limit=r.limit_days
                ),
                due_on=r.admitted_on + timedelta(days=r.limit_days),
                person_id=r.person_id,
                case_id=None,
                ref_entity="stay",
                ref_id=str(r.stay_id),
                stored=False,
            )
        )
    return items


def _placements(session: Session, actor: Actor, today: date, until: date) -> list[TaskItem]:
    from kesos_desktop.core.services.placements import due_reports

    items = []
    for due in due_reports(session, actor, until):
        mine = (actor.is_partner and actor.can("placements.report") and due.institution_id == actor.institution_id) or (
            not actor.is_partner and _mine(actor, due.worker_id, "placements.manage")
        )
        if not mine:
            continue
        if due.kind == "report":
            items.append(
                TaskItem(
                    key=f"partner_report:{due.placement_id}:{due.period_start.isoformat()}",
                    kind="partner_report_due",
                    kind_label=_(KIND_LABELS["partner_report_due"]),
                    title=_("Laporan {name} di {partner}, periode {start} s.d. {end}").format(
                        name=due.person_name,
                        partner=due.institution_name,
                        start=format_date(due.period_start),
                        end=format_date(due.period_end),
                    ),
                    due_on=due.due_on,
                    person_id=due.person_id,
                    case_id=None,
                    ref_entity="placement",
                    ref_id=str(due.placement_id),
                    stored=False,
                )
            )
        elif not actor.is_partner:
            items.append(
                TaskItem(
                    key=f"placement_review:{due.placement_id}:{due.due_on.isoformat()}",
                    kind="placement_review_due",
                    kind_label=_(KIND_LABELS["placement_review_due"]),
                    title=_("Tinjau penempatan {name} di {partner}").format(
                        name=due.person_name, partner=due.institution_name
                    ),
                    due_on=due.due_on,
                    person_id=due.person_id,
                    case_id=None,
                    ref_entity="placement",
                    ref_id=str(due.placement_id),
                    stored=False,
                )
            )
    return items


def _stored(session: Session, actor: Actor) -> list[TaskItem]:
    stmt = (
        select(Task)
        .outerjoin(Person, Person.id == Task.person_id)
        .where(Task.status == "open")
        .where(or_(Task.person_id.is_(None), person_visible_clause(actor)))
    )
    items = []
    for t in session.scalars(stmt):
        if t.assigned_user_id is not None:
            if t.assigned_user_id != actor.user_id:
                continue
        elif not (t.permission and actor.can(t.permission)):
            continue
        items.append(
            TaskItem(
                key=t.key,
                kind=t.kind,
                kind_label=_(KIND_LABELS.get(t.kind, KIND_LABELS["custom"])),
                title=t.title,
                due_on=t.due_on,
                person_id=t.person_id,
                case_id=t.case_id,
                ref_entity="rehab_case" if t.case_id else "",
                ref_id=str(t.case_id) if t.case_id else "",
                stored=True,
            )
        )
    return items


def my_tasks(session: Session, actor: Actor, today: date | None = None) -> list[TaskItem]:
    """The signed-in user's open tasks, most urgent first (no due date last)."""
    actor.require("tasks.view")
    today = today or date.today()
    until = today + timedelta(days=HORIZON_DAYS)
    items: list[TaskItem] = []
    if actor.can("cases.view"):
        items += _assessments_due(session, actor, until)
        items += _plans(session, actor, until)
    items += _overdue_stays(session, actor, today)
    if actor.can("placements.view"):
        items += _placements(session, actor, today, until)
    lookup = {i.key: {i.key, closure_key(actor, i.key)} for i in items}
    wanted = sorted({k for keys in lookup.values() for k in keys})
    closed: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        closed |= set(session.scalars(select(Task.key).where(Task.key.in_(chunk), Task.status.in_(CLOSED_STATUSES))))
    items = [i for i in items if not (lookup[i.key] & closed)]
    items += _stored(session, actor)
    return sorted(items, key=lambda i: (i.due_on is None, i.due_on or today, i.title))


def count_my_tasks(session: Session, actor: Actor, today: date | None = None) -> int:
    """For the status bar."""
    if not actor.can("tasks.view"):
        return 0
    return len(my_tasks(session, actor, today))


def close_task(
    session: Session, actor: Actor, key: str, *, dismissed: bool = False, reason: str = "", today: date | None = None
) -> None:
    """Mark one of the user's tasks done, or dismissed (a reason is required to dismiss)."""
    actor.require("tasks.view")
    reason = reason.strip()
    if dismissed and not reason:
        raise ValidationError(_("Tuliskan alasan mengabaikan tugas ini."), {"reason": _("Alasan wajib diisi.")})
    item = next((i for i in my_tasks(session, actor, today) if i.key == key), None)
    if item is None:
        raise NotFound(_("Tugas tidak ditemukan atau sudah selesai."))
    _close(session, actor, item, "dismissed" if dismissed else "done", reason)
    commit(session, _("Tugas"))


def close_task_by_key(session: Session, actor: Actor, key: str, reason: str = "") -> bool:
    """For other services (e.g. pemulangan): close a stored task when its work is done; in the caller's
    transaction, no commit. False when there was no open task under the key."""
    row = session.scalar(select(Task).where(Task.key == key, Task.status == "open"))
    if row is None:
        return False
    row.status = "done"
    row.closed_at = utcnow()
    row.closed_by = actor.username
    row.close_reason = reason
    audit.record(session, actor, "task.done", "task", row.id, summary=row.title, changes={"key": [None, key]})
    return True


def closure_key(actor: Actor, key: str) -> str:
    """Under which key closing a computed reminder is stored: the reminder itself (closed for everyone: one thing to
    do, whoever does it), but a partner closes only their institution's view of it, never the office's."""
    return f"{key}|{actor.institution_id}" if actor.is_partner else key


def _close(session: Session, actor: Actor, item: TaskItem, status: str, reason: str) -> None:
    key = item.key if item.stored else closure_key(actor, item.key)
    row = session.scalar(select(Task).where(Task.key == key))
    if row is None:
        row = Task(
            key=key,
            kind=item.kind,
            title=item.title,
            person_id=item.person_id,
            case_id=item.case_id,
            due_on=item.due_on,
            assigned_user_id=actor.user_id,
        )
        session.add(row)
    row.status = status
    row.closed_at = utcnow()
    row.closed_by = actor.username
    row.close_reason = reason
    session.flush()
    audit.record(
        session,
        actor,
        "task.dismissed" if status == "dismissed" else "task.done",
        "task",
        row.id,
        summary=item.title,
        changes={"key": [None, item.key], "reason": [None, reason]},
    )
