"""What the Penempatan and Anak Binaan Kami screens read on a worker: placements by filter, one placement with its
reports, partner institutions, and the child search for the place dialog. Plain frozen values, never ORM rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from kesos_desktop.core.errors import PermissionDenied
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import placements, resident_list
from kesos_desktop.ui.dialogs.stays import lookups

# "Tinjauan jatuh tempo" shows reviews due within this many days (and overdue ones).
REVIEW_WINDOW_DAYS = 30
SEARCH_LIMIT = 30


def report_late(p: placements.PlacementInfo, today: date) -> bool:
    """The next period's report is past its grace time (the service's REPORT_GRACE_DAYS)."""
    return (
        p.is_active
        and p.next_period_end is not None
        and p.next_period_end + timedelta(days=placements.REPORT_GRACE_DAYS) < today
    )


def review_due(p: placements.PlacementInfo, today: date, window: int = REVIEW_WINDOW_DAYS) -> bool:
    return p.is_active and p.review_on <= today + timedelta(days=window)


@dataclass(frozen=True)
class ListFilter:
    institution_id: uuid.UUID | None = None
    status: str | None = "aktif"
    review_due_only: bool = False


def load_placements(session: Session, actor: Actor, flt: ListFilter) -> list[placements.PlacementInfo]:
    rows = placements.list_placements(
        session, actor, placements.PlacementFilter(institution_id=flt.institution_id, status=flt.status)
    )
    if flt.review_due_only:
        today = date.today()
        rows = [p for p in rows if review_due(p, today)]
    return rows


def partner_choices(session: Session, actor: Actor) -> list[lookups.InstitutionChoice]:
    try:
        return [c for c in lookups.institution_choices(session, actor) if c.is_partner]
    except PermissionDenied:
        return []


def all_institutions(session: Session, actor: Actor) -> list[lookups.InstitutionChoice]:
    """For "pindah ke lembaga lain": every active institution."""
    try:
        return lookups.institution_choices(session, actor)
    except PermissionDenied:
        return []


@dataclass(frozen=True)
class PlacementDetail:
    info: placements.PlacementInfo
    reports: tuple[placements.ReportInfo, ...]


def load_detail(session: Session, actor: Actor, placement_id: uuid.UUID) -> PlacementDetail:
    return PlacementDetail(
        placements.get_placement(session, actor, placement_id),
        tuple(placements.list_reports(session, actor, placement_id)),
    )


def search_children(session: Session, actor: Actor, text: str) -> list[resident_list.ResidentRow]:
    """People matching ``text`` (name, registration number, NIK), best first; the service checks age and rules."""
    if len(text.strip()) < 2:
        return []
    ids = resident_list.search_people_ids(session, actor, text, limit=SEARCH_LIMIT)
    return resident_list.fetch_resident_rows(session, actor, ids)
