"""The intake's work on the worker thread: opening (lists and a draft to offer), saving, readmitting, decisions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import drafts, duplicates, residents
from kesos_desktop.core.services.residents import INTAKE_DRAFT_KIND, IntakeInput, IntakeResult
from kesos_desktop.core.services.stays import AdmissionInput
from kesos_desktop.ui.pages.intake.choices import IntakeChoices, load_intake_choices


@dataclass(frozen=True)
class Opening:
    choices: IntakeChoices
    draft: drafts.Draft | None


def load_opening(session: Session, actor: Actor, own_key: str) -> Opening:
    """The form's lists and the user's newest intake draft (not the one this window is writing)."""
    found = [d for d in drafts.list_drafts(session, actor.username, INTAKE_DRAFT_KIND) if d.key != own_key]
    draft = drafts.load_draft(session, actor.username, INTAKE_DRAFT_KIND, found[0].key) if found else None
    return Opening(load_intake_choices(session, actor), draft)


def find_candidates(session: Session, actor: Actor, query: duplicates.CandidateQuery) -> list[duplicates.Candidate]:
    return duplicates.find_candidates(session, actor, query)


def save_intake(
    session: Session, actor: Actor, data: IntakeInput, different: list[uuid.UUID], note: str
) -> IntakeResult:
    """Remember "different person" for the candidates the user saved past, then register: one transaction (the
    decisions, made under the draft key, are carried to the saved person)."""
    for person_id in different:
        duplicates.record_decision_in_session(session, actor, data.draft_key, person_id, duplicates.DIFFERENT, note)
    return residents.register_intake(session, actor, data)


def readmit(
    session: Session,
    actor: Actor,
    key: str,
    person_id: uuid.UUID,
    admission: AdmissionInput,
    categories: list[str],
    note: str = "",
) -> residents.ReadmitResult:
    """Same person: a new stay on the existing record with the ticked categories, the decision remembered and this
    form's draft dropped — one transaction (``residents.readmit``)."""
    data = residents.ReadmitInput(person_id, admission, categories, key, note)
    return residents.readmit(session, actor, data)


def mark_different(session: Session, actor: Actor, key: str, person_id: uuid.UUID) -> duplicates.DuplicateDecision:
    return duplicates.record_duplicate_decision(session, actor, key, person_id, duplicates.DIFFERENT)


def discard_other_draft(session: Session, actor: Actor, key: str) -> bool:
    return drafts.discard_draft(session, actor.username, INTAKE_DRAFT_KIND, key)
