"""Occupancy now: capacity against people in care by sex, per institution and per room, with free beds (SQL)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.models import Bed, Institution, Person, Room, Stay
from kesos_desktop.core.security.actor import Actor

# Age groups counted against capacity_children / capacity_elderly: anak < 18 (UU 35/2014), lansia >= 60 (UU 13/1998).
CHILD_UNDER_YEARS = 18
ELDERLY_FROM_YEARS = 60


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class RoomOccupancy:
    room_id: uuid.UUID
    name: str
    sex: str
    capacity: int
    is_active: bool
    occupied_male: int
    occupied_female: int
    beds_total: int
    beds_occupied: int

    @property
    def occupied(self) -> int:
        return self.occupied_male + self.occupied_female

    @property
    def beds_free(self) -> int:
        return max(0, self.beds_total - self.beds_occupied)

    @property
    def is_full(self) -> bool:
        return self.capacity > 0 and self.occupied >= self.capacity


@dataclass(frozen=True)
class InstitutionOccupancy:
    """Capacity (0 = not limited) against the people in care now, by sex, with rooms and free beds."""

    institution_id: uuid.UUID
    name: str
    type_code: str
    is_own: bool
    is_partner: bool
    capacity_male: int
    capacity_female: int
    occupied_male: int
    occupied_female: int
    without_room: int
    # People in care by age group (birth date known): anak under 18, lansia 60 and over (UU 13/1998).
    occupied_children: int
    occupied_elderly: int
    capacity_children: int
    capacity_elderly: int
    rooms: tuple[RoomOccupancy, ...]

    @property
    def occupied(self) -> int:
        return self.occupied_male + self.occupied_female

    @property
    def capacity(self) -> int:
        return self.capacity_male + self.capacity_female

    @property
    def free_male(self) -> int | None:
        return max(0, self.capacity_male - self.occupied_male) if self.capacity else None

    @property
    def free_female(self) -> int | None:
        return max(0, self.capacity_female - self.occupied_female) if self.capacity else None

    @property
    def beds_total(self) -> int:
        return sum(r.beds_total for r in self.rooms)

    @property
    def beds_free(self) -> int:
        return sum(r.beds_free for r in self.rooms if r.is_active)


def occupancy(session: Session, actor: Actor, institution_id: uuid.UUID | None = None) -> list[InstitutionOccupancy]:
    """Per active institution (or the one asked for) and per room: capacity, people in care by sex, free beds.

    Four aggregate queries whatever the number of stays; open stays are read through the (institution_id,
    exited_on) index one institution at a time, never by scanning the stay table.
    """
    actor.require("institutions.view")
    stmt = select(
        Institution.id,
        Institution.name,
        Institution.type_code,
        Institution.is_own,
        Institution.is_partner,
        Institution.capacity_male,
        Institution.capacity_female,
        Institution.capacity_children,
        Institution.capacity_elderly,
    ).order_by(func.lower(Institution.name))
    if institution_id is not None:
        stmt = stmt.where(Institution.id == institution_id)
    else:
        stmt = stmt.where(Institution.is_active.is_(True))
    institutions = session.execute(stmt).all()
    ids = [row[0] for row in institutions]
    rooms: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for room in session.execute(
        select(Room.institution_id, Room.id, Room.name, Room.sex, Room.capacity, Room.is_active)
        .where(Room.institution_id.in_(ids))
        .order_by(func.lower(Room.name))
    ):
        rooms[room[0]].append(room)
    beds: dict[uuid.UUID, int] = {
        room_id: n
        for room_id, n in session.execute(
            select(Bed.room_id, func.count())
            .join(Room, Room.id == Bed.room_id)
            .where(Room.institution_id.in_(ids), Bed.is_active.is_(True))
            .group_by(Bed.room_id)
        )
    }
    today = date.today()
    child_born_after = _years_before(today, CHILD_UNDER_YEARS)
    elderly_born_by = _years_before(today, ELDERLY_FROM_YEARS)
    counts: dict[tuple[uuid.UUID, uuid.UUID | None, str], tuple[int, int]] = {}
    ages: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
    for iid, rid, sex, people, with_bed, children, elderly in session.execute(
        select(
            Stay.institution_id,
            Stay.room_id,
            Person.sex,
            func.count(),
            func.count(Stay.bed_id),
            func.sum(case((Person.birth_date > child_born_after, 1), else_=0)),
            func.sum(case((Person.birth_date <= elderly_born_by, 1), else_=0)),
        )
        .join(Person, Person.id == Stay.person_id)
        .where(Stay.institution_id.in_(ids), Stay.exited_on.is_(None))
        .group_by(Stay.institution_id, Stay.room_id, Person.sex)
    ):
        counts[(iid, rid, sex)] = (people, with_bed)
        ages[iid][0] += int(children or 0)
        ages[iid][1] += int(elderly or 0)
    totals: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: {"L": 0, "P": 0, "": 0})
    for (iid, rid, sex), (people, _with_bed) in counts.items():
        totals[iid][sex] = totals[iid].get(sex, 0) + people
        if rid is None:
            totals[iid][""] += people
    result = []
    for iid, name, type_code, is_own, is_partner, cap_male, cap_female, cap_children, cap_elderly in institutions:
        room_rows = []
        for _iid, rid, room_name, room_sex, capacity, active in rooms[iid]:
            male, male_beds = counts.get((iid, rid, "L"), (0, 0))
            female, female_beds = counts.get((iid, rid, "P"), (0, 0))
            room_rows.append(
                RoomOccupancy(
                    rid, room_name, room_sex, capacity, active, male, female, beds.get(rid, 0), male_beds + female_beds
                )
            )
        total = totals[iid]
        result.append(
            InstitutionOccupancy(
                iid,
                name,
                type_code,
                is_own,
                is_partner,
                cap_male,
                cap_female,
                total["L"],
                total["P"],
                total[""],
                ages[iid][0],
                ages[iid][1],
                cap_children,
                cap_elderly,
                tuple(room_rows),
            )
        )
    return result
