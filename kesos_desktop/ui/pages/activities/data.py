"""What the Kegiatan and Pelatihan screens read on a worker: the activity list, an attendance sheet (the activity
with its candidates and marks) and the choices for the dialogs. Plain frozen values, never ORM rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from kesos_desktop.core.errors import PermissionDenied
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import activities, cases, training
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.pages.activities.attendance_model import AttendanceLine


@dataclass(frozen=True)
class Sheet:
    """One activity's attendance sheet: the activity, everyone who may attend with their marks, and whether the
    actor may change it."""

    info: activities.ActivityInfo
    lines: tuple[AttendanceLine, ...]
    editable: bool


def sheet_permission(kind: str) -> str:
    return "training.manage" if kind == "pelatihan" else "activities.manage"


def load_sheet(session: Session, actor: Actor, activity_id: uuid.UUID) -> Sheet:
    info = activities.get_activity(session, actor, activity_id)
    marks = {a.person_id: a for a in info.attendance}
    editable = info.kind != "individu" and actor.can(sheet_permission(info.kind))
    if editable:
        lines = [
            AttendanceLine(
                c.person_id,
                c.registration_no,
                c.name,
                c.room,
                marks[c.person_id].status if c.person_id in marks else "",
                marks[c.person_id].note if c.person_id in marks else "",
            )
            for c in activities.attendance_candidates(session, actor, activity_id)
        ]
    else:
        lines = [AttendanceLine(a.person_id, a.registration_no, a.name, "", a.status, a.note) for a in info.attendance]
    return Sheet(info, tuple(lines), editable)


@dataclass(frozen=True)
class ActivityFilter:
    institution_id: uuid.UUID | None = None
    kind: str | None = None
    date_from: date | None = None
    programme_id: uuid.UUID | None = None


def load_activities(session: Session, actor: Actor, flt: ActivityFilter) -> list[activities.ActivityRow]:
    return activities.list_activities(
        session,
        actor,
        institution_id=flt.institution_id,
        kind=flt.kind,
        date_from=flt.date_from,
        programme_id=flt.programme_id,
    )


@dataclass(frozen=True)
class Choices:
    """Places (own institutions) and running training programmes for the new-activity dialog and the filters."""

    institutions: tuple[lookups.InstitutionChoice, ...]
    programmes: tuple[training.ProgrammeInfo, ...]


def load_choices(session: Session, actor: Actor) -> Choices:
    try:
        places = tuple(c for c in lookups.institution_choices(session, actor) if not c.is_partner)
    except PermissionDenied:
        places = ()
    programmes: tuple[training.ProgrammeInfo, ...] = ()
    if actor.can("training.manage"):
        programmes = tuple(
            p for p in training.list_programmes(session, actor) if p.status in ("direncanakan", "berjalan")
        )
    return Choices(places, programmes)


def open_cases(session: Session, actor: Actor) -> list[cases.CaseRow]:
    """Open cases, by name, for the individual-session dialog."""
    rows = cases.list_cases(session, actor, cases.CaseFilter(status="open"))
    return sorted(rows, key=lambda r: (r.person_name.casefold(), r.case_no))
