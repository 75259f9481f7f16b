"""The Riwayat timeline of a person: events written by the services that change a person's situation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.models import PersonEvent
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.access import ensure_person_visible

# Event kinds written by this and later issues; the UI picks an icon per kind.
KINDS = (
    "registered",
    "admitted",
    "readmitted",
    "moved",
    "transferred",
    "exited",
    "merged",
    "merge_undone",
    "identity_changed",
    "document_added",
    # rehabilitation and placements (issue 4)
    "case_opened",
    "case_stage",
    "case_terminated",
    "case_closed",
    "assessment_completed",
    "plan_approved",
    "plan_reviewed",
    "session",
    "group_activity",
    "training_session",
    "conference",
    "note",
    "training_enrolled",
    "training_completed",
    "placement_started",
    "placement_ended",
    "placement_runaway",
    "placement_report",
    # pemulangan (issue 5)
    "return_planned",
    "return_approved",
    "return_departed",
    "return_handover",
    "return_arrived",
    "return_cancelled",
    "voucher_issued",
    "voucher_voided",
    "letter_issued",
    "letter_voided",
)


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    occurred_on: date
    recorded_at: datetime
    kind: str
    summary: str
    ref_entity: str
    ref_id: str
    recorded_by: str


def add_event(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    occurred_on: date,
    kind: str,
    summary: str,
    *,
    ref_entity: str = "",
    ref_id: object = "",
) -> None:
    """Add a timeline line in the caller's transaction (no commit)."""
    session.add(
        PersonEvent(
            person_id=person_id,
            occurred_on=occurred_on,
            kind=kind,
            summary=summary,
            ref_entity=ref_entity,
            ref_id=str(ref_id) if ref_id else "",
            recorded_by=actor.username,
        )
    )


def list_timeline(session: Session, actor: Actor, person_id: uuid.UUID) -> list[TimelineEvent]:
    """Newest first."""
    ensure_person_visible(session, actor, person_id)
    rows = session.scalars(
        select(PersonEvent)
        .where(PersonEvent.person_id == person_id)
        .order_by(PersonEvent.occurred_on.desc(), PersonEvent.id.desc())
    )
    return [
        TimelineEvent(e.id, e.occurred_on, e.recorded_at, e.kind, e.summary, e.ref_entity, e.ref_id, e.recorded_by)
        for e in rows
    ]
