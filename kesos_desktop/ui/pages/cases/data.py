"""What the case window reads on a worker: the case with its history, assessments, plan, conferences and staff."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import access, activities, assessments, cases, notes, plans, users
from kesos_desktop.core.services.common import commit

# Roles whose accounts are not case staff (they never appear as a worker or a responsible person).
NOT_STAFF = frozenset({"mitra", "auditor"})


@dataclass(frozen=True)
class StaffChoice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class CaseView:
    case: cases.CaseInfo
    transitions: tuple[cases.TransitionInfo, ...]
    assessments: tuple[assessments.AssessmentInfo, ...]
    plan: plans.PlanInfo | None
    conferences: tuple[activities.ConferenceInfo, ...]
    staff: tuple[StaffChoice, ...]


@dataclass(frozen=True)
class NotesView:
    notes: tuple[notes.NoteInfo, ...]
    hidden: int


def staff_choices(session: Session, actor: Actor, known: list[uuid.UUID | None]) -> tuple[StaffChoice, ...]:
    """Who may be named worker or responsible person: every active staff account, plus people already named on
    the case (who may have left since)."""
    if actor.can("cases.view"):
        found = {m.id: StaffChoice(m.id, m.full_name) for m in users.list_staff(session, actor)}
        for i, n in cases.user_names(session, [k for k in known if k is not None and k not in found]).items():
            found[i] = StaffChoice(i, n)
        if found:
            return tuple(sorted(found.values(), key=lambda c: c.name.casefold()))
    names = cases.user_names(session, [actor.user_id, *known])
    return tuple(sorted((StaffChoice(i, n) for i, n in names.items()), key=lambda c: c.name.casefold()))


def load_case_view(session: Session, actor: Actor, case_id: uuid.UUID, *, first: bool = False) -> CaseView:
    """Everything the case window shows; the first opening is audited as a view of the case file."""
    info = cases.get_case(session, actor, case_id)
    if first:
        person = access.ensure_person_visible(session, actor, info.person_id)
        access.record_view(session, actor, person, _("berkas kasus {no}").format(no=info.case_no))
        commit(session, _("Kasus"))
    plan = plans.plan_for_case(session, actor, case_id)
    known = [info.worker_id, *(g.responsible_user_id for g in (plan.goals if plan else ()))]
    return CaseView(
        case=info,
        transitions=tuple(cases.list_transitions(session, actor, case_id)),
        assessments=tuple(assessments.list_assessments(session, actor, case_id=case_id)),
        plan=plan,
        conferences=tuple(activities.list_conferences(session, actor, case_id)),
        staff=staff_choices(session, actor, known),
    )


def load_notes(
    session: Session, actor: Actor, case: cases.CaseInfo, date_from: object = None, date_to: object = None
) -> NotesView:
    """The case's progress notes in a date range, and how many confidential ones this user may not read."""
    scope = {"case_id": case.id, "date_from": date_from, "date_to": date_to}
    return NotesView(
        tuple(notes.list_notes(session, actor, case.person_id, **scope)),  # type: ignore[arg-type]
        notes.count_hidden(session, actor, case.person_id, **scope),  # type: ignore[arg-type]
    )
