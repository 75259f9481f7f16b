"""Reading stays: a person's stays for the profile, overdue stays, occupancy per institution and room (in SQL)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session, aliased

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _, current_language
from kesos_desktop.core.models import (
    Bed,
    Belonging,
    ExitReason,
    Institution,
    InstitutionType,
    Person,
    ReferralSource,
    Room,
    Stay,
)
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.access import ensure_person_visible, person_visible_clause


@dataclass(frozen=True)
class BelongingInfo:
    id: int
    stay_id: uuid.UUID
    description: str
    quantity: int
    stored_where: str
    returned_on: date | None


@dataclass(frozen=True)
class StayInfo:
    """One stay as the profile shows it; ``days`` runs to the exit date or to today for an open stay."""

    id: uuid.UUID
    person_id: uuid.UUID
    institution_id: uuid.UUID
    institution_name: str
    room_id: uuid.UUID | None
    room_name: str
    bed_id: uuid.UUID | None
    bed_label: str
    admitted_on: date
    exited_on: date | None
    days: int
    limit_days: int | None
    referral_source_code: str | None
    referral_source_name: str
    referral_letter_no: str
    referral_letter_date: date | None
    is_readmission: bool
    previous_stay_id: uuid.UUID | None
    exit_reason_code: str | None
    exit_reason_name: str
    exit_destination: str
    exit_note: str
    exit_target_institution_id: uuid.UUID | None
    exit_target_institution_name: str
    capacity_override_by: str
    capacity_override_reason: str
    belongings: tuple[BelongingInfo, ...]
    version_id: int

    @property
    def is_open(self) -> bool:
        return self.exited_on is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.limit_days is not None and self.days > self.limit_days


@dataclass(frozen=True)
class OverdueStay:
    stay_id: uuid.UUID
    person_id: uuid.UUID
    registration_no: str
    full_name: str
    sex: str
    institution_id: uuid.UUID
    institution_name: str
    room_name: str
    bed_label: str
    admitted_on: date
    days: int
    limit_days: int
    days_over: int
    version_id: int


def _label(row: ExitReason | ReferralSource | None) -> str:
    if row is None:
        return ""
    return row.name_en if current_language() == "en" and row.name_en else row.name_id


def _limits(session: Session, institution_ids: set[uuid.UUID]) -> dict[uuid.UUID, int | None]:
    rows = session.execute(
        select(Institution.id, Institution.max_stay_days, InstitutionType.default_max_stay_days)
        .outerjoin(InstitutionType, InstitutionType.code == Institution.type_code)
        .where(Institution.id.in_(institution_ids))
    )
    return {iid: own or default for iid, own, default in rows}


def stay_infos(session: Session, stay_clause: ColumnElement[bool], today: date | None = None) -> list[StayInfo]:
    """StayInfo for the stays matching ``stay_clause``, newest first, in two queries."""
    today = today or date.today()
    target = aliased(Institution)
    rows = session.execute(
        select(Stay, Institution.name, Room.name, Bed.label, ReferralSource, ExitReason, target.name)
        .join(Institution, Institution.id == Stay.institution_id)
        .outerjoin(Room, Room.id == Stay.room_id)
        .outerjoin(Bed, Bed.id == Stay.bed_id)
        .outerjoin(ReferralSource, ReferralSource.code == Stay.referral_source_code)
        .outerjoin(ExitReason, ExitReason.code == Stay.exit_reason_code)
        .outerjoin(target, target.id == Stay.exit_target_institution_id)
        .where(stay_clause)
        .order_by(Stay.admitted_on.desc(), Stay.created_at.desc())
    ).all()
    ids = [r[0].id for r in rows]
    belongings: dict[uuid.UUID, list[BelongingInfo]] = defaultdict(list)
    for b in session.scalars(select(Belonging).where(Belonging.stay_id.in_(ids)).order_by(Belonging.id)):
        belongings[b.stay_id].append(
            BelongingInfo(b.id, b.stay_id, b.description, b.quantity, b.stored_where, b.returned_on)
        )
    limits = _limits(session, {r[0].institution_id for r in rows})
    result = []
    for stay, inst_name, room_name, bed_label, source, reason, target_name in rows:
        result.append(
            StayInfo(
                id=stay.id,
                person_id=stay.person_id,
                institution_id=stay.institution_id,
                institution_name=inst_name,
                room_id=stay.room_id,
                room_name=room_name or "",
                bed_id=stay.bed_id,
                bed_label=bed_label or "",
                admitted_on=stay.admitted_on,
                exited_on=stay.exited_on,
                days=((stay.exited_on or today) - stay.admitted_on).days,
                limit_days=limits.get(stay.institution_id),
                referral_source_code=stay.referral_source_code,
                referral_source_name=_label(source),
                referral_letter_no=stay.referral_letter_no,
                referral_letter_date=stay.referral_letter_date,
                is_readmission=stay.is_readmission,
                previous_stay_id=stay.previous_stay_id,
                exit_reason_code=stay.exit_reason_code,
                exit_reason_name=_label(reason),
                exit_destination=stay.exit_destination,
                exit_note=stay.exit_note,
                exit_target_institution_id=stay.exit_target_institution_id,
                exit_target_institution_name=target_name or "",
                capacity_override_by=stay.capacity_override_by,
                capacity_override_reason=stay.capacity_override_reason,
                belongings=tuple(belongings[stay.id]),
                version_id=stay.version_id,
            )
        )
    return result


def _partner_clause(actor: Actor):  # type: ignore[no-untyped-def]
    # A partner sees only the stays at its own institution, not where the child was before (sensitive by default).
    return Stay.institution_id == actor.institution_id if actor.is_partner else True


def list_stays(session: Session, actor: Actor, person_id: uuid.UUID, today: date | None = None) -> list[StayInfo]:
    """A person's stays, newest first (NotFound for a partner asking about someone not placed with them)."""
    ensure_person_visible(session, actor, person_id)
    return stay_infos(session, and_(Stay.person_id == person_id, _partner_clause(actor)), today)


def current_stay(session: Session, actor: Actor, person_id: uuid.UUID) -> StayInfo | None:
    """The open stay of a person, if they are in care."""
    ensure_person_visible(session, actor, person_id)
    found = stay_infos(session, and_(Stay.person_id == person_id, Stay.exited_on.is_(None), _partner_clause(actor)))
    return found[0] if found else None


def get_stay(session: Session, actor: Actor, stay_id: uuid.UUID) -> StayInfo:
    person_id = session.scalar(select(Stay.person_id).where(Stay.id == stay_id))
    if person_id is None:
        raise NotFound(_("Data masa tinggal tidak ditemukan."))
    ensure_person_visible(session, actor, person_id)
    found = stay_infos(session, and_(Stay.id == stay_id, _partner_clause(actor)))
    if not found:
        raise NotFound(_("Data masa tinggal tidak ditemukan."))
    return found[0]


OVERDUE_SORTS = ("days_over", "days", "admitted_on", "full_name", "institution_name", "limit_days")


def overdue_stays(
    session: Session,
    actor: Actor,
    today: date | None = None,
    *,
    institution_id: uuid.UUID | None = None,
    sort: str = "days_over",
    descending: bool = True,
) -> list[OverdueStay]:
    """Open stays longer than their institution's limit (own max_stay_days, else the type's default)."""
    actor.require("residents.view")
    if sort not in OVERDUE_SORTS:
        raise ValidationError(_("Urutan tidak dikenal: {sort}").format(sort=sort))
    today = today or date.today()
    stmt = (
        select(Institution.id, Institution.max_stay_days, InstitutionType.default_max_stay_days)
        .outerjoin(InstitutionType, InstitutionType.code == Institution.type_code)
        .where(or_(Institution.max_stay_days.is_not(None), InstitutionType.default_max_stay_days.is_not(None)))
    )
    if institution_id is not None:
        stmt = stmt.where(Institution.id == institution_id)
    if actor.is_partner:
        stmt = stmt.where(Institution.id == actor.institution_id)
    limits: dict[uuid.UUID, int] = {}
    for iid, own, default in session.execute(stmt):
        limit = own or default
        if limit:
            limits[iid] = limit
    # One index range per institution: (institution_id, exited_on IS NULL) and admitted before its cut-off day.
    cut_offs = [
        and_(Stay.institution_id == iid, Stay.exited_on.is_(None), Stay.admitted_on < today - timedelta(days=limit))
        for iid, limit in limits.items()
    ]
    rows = session.execute(
        select(
            Stay.id,
            Stay.person_id,
            Person.registration_no,
            Person.full_name,
            Person.sex,
            Stay.institution_id,
            Institution.name,
            Room.name,
            Bed.label,
            Stay.admitted_on,
            Stay.version_id,
        )
        .join(Person, Person.id == Stay.person_id)
        .join(Institution, Institution.id == Stay.institution_id)
        .outerjoin(Room, Room.id == Stay.room_id)
        .outerjoin(Bed, Bed.id == Stay.bed_id)
        .where(or_(*cut_offs) if cut_offs else false(), person_visible_clause(actor))
    ).all()
    result = []
    for sid, pid, reg, name, sex, iid, iname, room, bed, admitted, version in rows:
        days = (today - admitted).days
        limit = limits[iid]
        result.append(
            OverdueStay(
                sid,
                pid,
                reg,
                name,
                sex,
                iid,
                iname,
                room or "",
                bed or "",
                admitted,
                days,
                limit,
                days - limit,
                version,
            )
        )

    def key(o: OverdueStay) -> object:
        value = getattr(o, sort)
        return value.lower() if isinstance(value, str) else value

    result.sort(key=lambda o: (key(o), o.full_name.lower()), reverse=descending)  # type: ignore[arg-type, return-value]
    return result
