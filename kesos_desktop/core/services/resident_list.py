"""The resident list at scale: ids matching filters and a search, sorted in SQL, and rows fetched page by page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, exists, false, func, select, text
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import mask_nik
from kesos_desktop.core.models import Bed, Institution, Person, PersonCategory, Room, Stay
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.access import person_visible_clause
from kesos_desktop.core.services.search_index import match_clause

STATUSES = ("in_care", "exited", "all")
AGE_GROUPS = {"balita": (0, 5), "anak": (0, 17), "dewasa": (18, 59), "lansia": (60, 200)}
SORT_COLUMNS = {
    "name": Person.name_key,
    "registration_no": Person.registration_no,
    "sex": Person.sex,
    "birth_date": Person.birth_date,
    "admitted_on": Person.last_admitted_on,
    "exited_on": Person.last_exited_on,
    "origin": Person.origin_region_name,
    "created_at": Person.created_at,
}


@dataclass(frozen=True)
class ResidentFilter:
    text: str = ""
    status: str = "all"
    institution_id: uuid.UUID | None = None
    category_code: str = ""
    sex: str = ""
    age_group: str = ""
    admitted_from: date | None = None
    admitted_to: date | None = None


@dataclass(frozen=True)
class ResidentRow:
    id: uuid.UUID
    registration_no: str
    name: str
    alias: str
    name_unknown: bool
    sex: str
    birth_date: date | None
    birth_date_precision: str
    nik_display: str
    categories: tuple[str, ...]
    in_care: bool
    institution: str
    room_bed: str
    admitted_on: date | None
    exited_on: date | None
    origin: str
    stay_count: int


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _apply_filter(stmt: Select, session: Session, actor: Actor, flt: ResidentFilter, today: date) -> Select:
    stmt = stmt.where(Person.merged_into_id.is_(None))
    # Partner users see only the people placed with their own institution (enforced here, not in widgets).
    stmt = stmt.where(person_visible_clause(actor))
    if flt.status not in STATUSES:
        raise ValidationError(_("Status tidak dikenal."), {"status": flt.status})
    if flt.status == "in_care":
        stmt = stmt.where(Person.in_care.is_(True))
    elif flt.status == "exited":
        stmt = stmt.where(Person.in_care.is_(False), Person.stay_count > 0)
    if flt.institution_id:
        stmt = stmt.where(
            Person.current_institution_id == flt.institution_id
            if flt.status == "in_care"
            else exists().where(and_(Stay.person_id == Person.id, Stay.institution_id == flt.institution_id))
        )
    if flt.category_code:
        stmt = stmt.where(
            exists().where(
                and_(
                    PersonCategory.person_id == Person.id,
                    PersonCategory.category_code == flt.category_code,
                    PersonCategory.until.is_(None),
                )
            )
        )
    if flt.sex:
        stmt = stmt.where(Person.sex == flt.sex)
    if flt.age_group:
        if flt.age_group not in AGE_GROUPS:
            raise ValidationError(_("Kelompok umur tidak dikenal."), {"age_group": flt.age_group})
        low, high = AGE_GROUPS[flt.age_group]
        born_after = _years_ago(today, high + 1)
        born_before = _years_ago(today, low)
        stmt = stmt.where(Person.birth_date > born_after, Person.birth_date <= born_before)
    if flt.admitted_from:
        stmt = stmt.where(Person.last_admitted_on >= flt.admitted_from)
    if flt.admitted_to:
        stmt = stmt.where(Person.last_admitted_on <= flt.admitted_to)
    if flt.text.strip():
        clause = match_clause(session.get_bind().dialect.name, flt.text)
        if clause is None:
            return stmt.where(false())
        sql, params = clause
        stmt = stmt.where(Person.id.in_(text(sql).bindparams(**params)))
    return stmt


def find_resident_ids(
    session: Session,
    actor: Actor,
    flt: ResidentFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    today: date | None = None,
    limit: int | None = None,
) -> list[uuid.UUID]:
    """Every matching id in display order (or the first ``limit``); the list model fetches rows for the visible
    ones only."""
    actor.require("residents.view")
    if sort not in SORT_COLUMNS:
        raise ValidationError(_("Kolom urutan tidak dikenal: {name}").format(name=sort), {"sort": sort})
    column = SORT_COLUMNS[sort]
    order = column.desc() if descending else column.asc()
    stmt = _apply_filter(select(Person.id), session, actor, flt, today or date.today())
    # Nulls last either way; a NOT NULL column needs no such term, and without it SQLite can walk the column's
    # index instead of sorting 100,000 rows. full_name and id keep the order stable between fetches.
    nulls_last = [column.is_(None)] if getattr(column, "nullable", True) else []
    stmt = stmt.order_by(*nulls_last, order, Person.full_name, Person.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def count_residents(session: Session, actor: Actor, flt: ResidentFilter, today: date | None = None) -> int:
    actor.require("residents.view")
    stmt = _apply_filter(select(func.count(Person.id)), session, actor, flt, today or date.today())
    return session.scalar(stmt) or 0


def fetch_resident_rows(session: Session, actor: Actor, ids: list[uuid.UUID]) -> list[ResidentRow]:
    """Rows for the given ids, in the same order; NIK masked unless the role may see it."""
    actor.require("residents.view")
    if not ids:
        return []
    people = {
        p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids), Person.merged_into_id.is_(None)))
    }
    if actor.is_partner:
        allowed = set(session.scalars(select(Person.id).where(Person.id.in_(ids), person_visible_clause(actor))))
        people = {k: v for k, v in people.items() if k in allowed}
    categories: dict[uuid.UUID, list[str]] = {}
    for pid, code in session.execute(
        select(PersonCategory.person_id, PersonCategory.category_code)
        .where(PersonCategory.person_id.in_(people), PersonCategory.until.is_(None))
        .order_by(PersonCategory.id)
    ):
        categories.setdefault(pid, []).append(code)
    open_stays = {
        row.person_id: row
        for row in session.execute(
            select(Stay.person_id, Institution.name, Room.name.label("room"), Bed.label.label("bed"))
            .join(Institution, Institution.id == Stay.institution_id)
            .outerjoin(Room, Room.id == Stay.room_id)
            .outerjoin(Bed, Bed.id == Stay.bed_id)
            .where(Stay.person_id.in_(people), Stay.exited_on.is_(None))
        )
    }
    last_places = {
        row[0]: row[1]
        for row in session.execute(
            select(Person.id, Institution.name)
            .join(Stay, and_(Stay.person_id == Person.id, Stay.admitted_on == Person.last_admitted_on))
            .join(Institution, Institution.id == Stay.institution_id)
            .where(Person.id.in_(people))
        )
    }
    see_nik = actor.can("residents.view_nik")
    rows = []
    for pid in ids:
        p = people.get(pid)
        if p is None:
            continue
        stay = open_stays.get(pid)
        room_bed = ""
        if stay is not None and stay.room:
            room_bed = f"{stay.room} / {stay.bed}" if stay.bed else stay.room
        rows.append(
            ResidentRow(
                id=p.id,
                registration_no=p.registration_no,
                name=p.full_name,
                alias=p.alias,
                name_unknown=p.name_unknown,
                sex=p.sex,
                birth_date=p.birth_date,
                birth_date_precision=p.birth_date_precision,
                nik_display=(p.nik or "") if see_nik else mask_nik(p.nik) if p.nik else "",
                categories=tuple(categories.get(pid, ())),
                in_care=p.in_care,
                institution=stay.name if stay is not None else last_places.get(pid, ""),
                room_bed=room_bed,
                admitted_on=p.last_admitted_on,
                exited_on=p.last_exited_on,
                origin=p.origin_region_name,
                stay_count=p.stay_count,
            )
        )
    return rows


def search_people_ids(session: Session, actor: Actor, query: str, limit: int = 50) -> list[uuid.UUID]:
    """Quick search for pickers and the CLI: best matches first (FTS rank), at most ``limit``."""
    actor.require("residents.view")
    ids = find_resident_ids(session, actor, ResidentFilter(text=query), sort="name")
    return ids[:limit]
