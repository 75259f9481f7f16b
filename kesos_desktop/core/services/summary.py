"""The figures on the home page: people in care, admissions and exits this month, occupancy per institution."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.models import Institution, Person, Stay
from kesos_desktop.core.security.actor import Actor


@dataclass(frozen=True)
class InstitutionLoad:
    institution_id: uuid.UUID
    name: str
    in_care: int
    capacity: int


@dataclass(frozen=True)
class OfficeSummary:
    persons_total: int
    in_care: int
    admitted_this_month: int
    exited_this_month: int
    institutions: tuple[InstitutionLoad, ...]


def office_summary(session: Session, actor: Actor, today: date | None = None) -> OfficeSummary:
    actor.require("residents.view")
    today = today or date.today()
    month_start = today.replace(day=1)
    persons = session.scalar(select(func.count(Person.id)).where(Person.merged_into_id.is_(None))) or 0
    open_stays = Stay.exited_on.is_(None)
    in_care = session.scalar(select(func.count(func.distinct(Stay.person_id))).where(open_stays)) or 0
    admitted = session.scalar(select(func.count(Stay.id)).where(Stay.admitted_on >= month_start)) or 0
    exited = session.scalar(select(func.count(Stay.id)).where(Stay.exited_on >= month_start)) or 0
    rows = session.execute(
        select(
            Institution.id,
            Institution.name,
            func.count(Stay.id),
            Institution.capacity_male + Institution.capacity_female,
        )
        .outerjoin(Stay, (Stay.institution_id == Institution.id) & open_stays)
        .where(Institution.is_own.is_(True), Institution.is_active.is_(True))
        .group_by(Institution.id, Institution.name, Institution.capacity_male, Institution.capacity_female)
        .order_by(Institution.name)
    ).all()
    loads = tuple(InstitutionLoad(r[0], r[1], r[2], r[3]) for r in rows)
    return OfficeSummary(persons, in_care, admitted, exited, loads)
