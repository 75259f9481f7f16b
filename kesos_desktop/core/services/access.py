"""Who may see which person: the partner (mitra) rule and the audit of case-file views, for every service."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from kesos_desktop.core.errors import NotFound
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import Person, Placement, Stay
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit


def person_visible_clause(actor: Actor):  # type: ignore[no-untyped-def]
    """A WHERE clause on Person limiting a partner user to people placed with their institution: a placement
    there (active or past), or a stay there."""
    if not actor.is_partner:
        return True
    # Aliases, so queries that select from placement or stay themselves still get a correlated subquery
    # on Person (and not on their own placement/stay row).
    placed = aliased(Placement)
    stayed = aliased(Stay)
    return or_(
        exists().where(and_(placed.person_id == Person.id, placed.institution_id == actor.institution_id)),
        exists().where(and_(stayed.person_id == Person.id, stayed.institution_id == actor.institution_id)),
    )


def ensure_person_visible(session: Session, actor: Actor, person_id: uuid.UUID) -> Person:
    """The person, or NotFound — also for a partner asking for someone not placed with them (no hint it exists)."""
    actor.require("residents.view")
    person = session.scalar(select(Person).where(Person.id == person_id, person_visible_clause(actor)))
    if person is None:
        raise NotFound(_("Data warga binaan tidak ditemukan."))
    return person


def record_view(session: Session, actor: Actor, person: Person, what: str) -> None:
    """Viewing a case file is audited like changing it (UU PDP: who saw a child's file)."""
    audit.record(
        session,
        actor,
        "person.viewed",
        "person",
        person.id,
        summary=_("Membuka {what}: {reg}").format(what=what, reg=person.registration_no),
    )
