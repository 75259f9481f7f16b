"""What the stay dialogs read on a worker before they show choices: the person, institutions, places, exit reasons.

Every function takes a Session and returns plain frozen values (never ORM rows), so it can run through
``operations.read`` and hand its result to the GUI thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import institutions, reference, residents
from kesos_desktop.core.services.institution_rooms import InstitutionDetail
from kesos_desktop.core.services.residents import PersonBrief

__all__ = [
    "ExitReasonRule",
    "InstitutionChoice",
    "PersonBrief",
    "exit_reason_rules",
    "institution_choices",
    "institution_places",
    "person_brief",
    "referral_sources",
]


@dataclass(frozen=True)
class InstitutionChoice:
    id: uuid.UUID
    name: str
    type_name: str
    region_name: str
    is_own: bool
    is_partner: bool


def person_brief(session: Session, actor: Actor, person_id: uuid.UUID) -> PersonBrief:
    """Name, registration number and sex of a person (``residents.person_brief``: not audited as a file view)."""
    return residents.person_brief(session, actor, person_id)


def institution_choices(session: Session, actor: Actor) -> list[InstitutionChoice]:
    """Active institutions a person can be admitted or referred to, own ones first."""
    rows = institutions.list_institutions(session, actor, include_partners=True, active_only=True)
    choices = [InstitutionChoice(r.id, r.name, r.type_name, r.region_name, r.is_own, r.is_partner) for r in rows]
    return sorted(choices, key=lambda c: (not c.is_own, c.name.lower()))


def institution_places(session: Session, actor: Actor, institution_id: uuid.UUID) -> InstitutionDetail:
    """One institution with its rooms, beds and who sleeps where (for the room and bed pickers)."""
    return institutions.get_institution(session, actor, institution_id)


def referral_sources(session: Session) -> list[reference.CodeRow]:
    return reference.list_referral_sources(session, active_only=True)


# The exit form's rules are the reference service's rows (code, name, requires_* flags).
ExitReasonRule = reference.ExitReasonRow


def exit_reason_rules(session: Session) -> list[ExitReasonRule]:
    """Active exit reasons as stored in this database (admin-editable), with their field flags."""
    return reference.list_exit_reason_rules(session)
