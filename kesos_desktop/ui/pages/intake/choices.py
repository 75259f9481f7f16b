"""The lists the intake form offers (categories, referral sources, institutions), read once on a worker."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kesos_desktop.core.errors import PermissionDenied
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import institutions, reference
from kesos_desktop.core.services.institution_rooms import RoomInfo, room_infos


@dataclass(frozen=True)
class IntakeChoices:
    categories: tuple[reference.CategoryRow, ...] = ()
    referral_sources: tuple[reference.CodeRow, ...] = ()
    institutions: tuple[institutions.InstitutionRow, ...] = ()


def load_intake_choices(session: Session, actor: Actor) -> IntakeChoices:
    """Active categories and referral sources, and the office's own institutions a person can be admitted to."""
    try:
        places = institutions.list_institutions(session, actor, include_partners=False, active_only=True)
    except PermissionDenied:
        places = []
    return IntakeChoices(
        tuple(reference.list_categories(session, active_only=True)),
        tuple(reference.list_referral_sources(session, active_only=True)),
        tuple(places),
    )


def load_rooms(session: Session, actor: Actor, institution_id: object) -> list[RoomInfo]:
    """Rooms with their beds and who sleeps in each (the bed list marks the occupied ones)."""
    return [room for room in room_infos(session, actor, institution_id) if room.is_active]  # type: ignore[arg-type]
