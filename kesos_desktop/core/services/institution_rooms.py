"""Rooms and beds of an institution (add, rename, deactivate; beds with history are never deleted) and its detail."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models import Bed, Person, Room, Stay
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.common import apply_changes, check_version, commit
from kesos_desktop.core.services.institutions import InstitutionInfo, institution_info, load_institution

# Who a room is for: men, women, or anyone (empty code).
ROOM_SEXES: dict[str, str] = {"L": N_("Laki-laki"), "P": N_("Perempuan"), "": N_("Campuran")}
_MAX_ROOM_CAPACITY = 1000


@dataclass
class RoomInput:
    """Room form: ``capacity`` 0 means not limited beyond its beds; ``bed_labels`` are used when adding a room."""

    name: str
    sex: str = ""
    capacity: int = 0
    bed_labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BedInfo:
    id: uuid.UUID
    room_id: uuid.UUID
    label: str
    is_active: bool
    # Who sleeps there now (None when free); has_history: some stay ever used it, so it can only be deactivated.
    stay_id: uuid.UUID | None
    person_id: uuid.UUID | None
    person_name: str
    registration_no: str
    has_history: bool
    # Goes back with a rename: a second editor gets a conflict.
    version_id: int = 1


@dataclass(frozen=True)
class RoomInfo:
    """A room with its beds. ``stay_ids``: the open stays in the room (with or without a bed); ``version_id`` goes
    back with an edit."""

    id: uuid.UUID
    institution_id: uuid.UUID
    name: str
    sex: str
    capacity: int
    is_active: bool
    occupied: int
    occupied_male: int
    occupied_female: int
    beds: tuple[BedInfo, ...]
    stay_ids: tuple[uuid.UUID, ...] = ()
    version_id: int = 1

    @property
    def free_beds(self) -> int:
        return sum(1 for b in self.beds if b.is_active and b.stay_id is None)

    @property
    def is_full(self) -> bool:
        """Full for someone coming in from elsewhere (for a move within the institution use :meth:`is_full_for`)."""
        return self.is_full_for(None)

    def occupied_by_others(self, moving_stay_id: uuid.UUID | None) -> int:
        """People in the room not counting the one being moved (``moving_stay_id``: their open stay)."""
        return self.occupied - (1 if moving_stay_id is not None and moving_stay_id in self.stay_ids else 0)

    def is_full_for(self, moving_stay_id: uuid.UUID | None) -> bool:
        """Whether the room has no place for the person of ``moving_stay_id``: someone already in this room (moving
        to another bed) does not take a second place."""
        return self.capacity > 0 and self.occupied_by_others(moving_stay_id) >= self.capacity

    def free_beds_for(self, moving_stay_id: uuid.UUID | None) -> int:
        """Free active beds, counting the moving person's own bed as free."""
        return sum(
            1
            for b in self.beds
            if b.is_active and (b.stay_id is None or (moving_stay_id is not None and b.stay_id == moving_stay_id))
        )


@dataclass(frozen=True)
class InstitutionDetail:
    info: InstitutionInfo
    rooms: tuple[RoomInfo, ...]
    in_care: int
    in_care_male: int
    in_care_female: int
    # People in care who have no room assigned.
    without_room: int


def room_infos(
    session: Session, actor: Actor, institution_id: uuid.UUID, room_ids: list[uuid.UUID] | None = None
) -> list[RoomInfo]:
    """Rooms with beds and their occupants, in three queries."""
    stmt = select(Room).where(Room.institution_id == institution_id).order_by(func.lower(Room.name))
    if room_ids is not None:
        stmt = stmt.where(Room.id.in_(room_ids))
    rooms = list(session.scalars(stmt))
    ids = [r.id for r in rooms]
    beds: dict[uuid.UUID, list[Bed]] = defaultdict(list)
    for bed in session.scalars(select(Bed).where(Bed.room_id.in_(ids)).order_by(Bed.label)):
        beds[bed.room_id].append(bed)
    show_names = not actor.is_partner or actor.institution_id == institution_id
    open_stays = session.execute(
        select(Stay.id, Stay.room_id, Stay.bed_id, Person.id, Person.full_name, Person.registration_no, Person.sex)
        .join(Person, Person.id == Stay.person_id)
        .where(Stay.institution_id == institution_id, Stay.exited_on.is_(None), Stay.room_id.in_(ids))
    ).all()
    used = set(
        session.scalars(
            select(Stay.bed_id)
            .where(Stay.institution_id == institution_id, Stay.bed_id.is_not(None))
            .group_by(Stay.bed_id)
        )
    )
    by_bed = {row[2]: row for row in open_stays if row[2] is not None}
    counts: dict[uuid.UUID | None, dict[str, int]] = defaultdict(lambda: {"L": 0, "P": 0})
    for row in open_stays:
        counts[row[1]][row[6]] = counts[row[1]].get(row[6], 0) + 1
    result = []
    for room in rooms:
        bed_infos = []
        for bed in beds[room.id]:
            occ = by_bed.get(bed.id)
            bed_infos.append(
                BedInfo(
                    bed.id,
                    room.id,
                    bed.label,
                    bed.is_active,
                    occ[0] if occ else None,
                    occ[3] if occ else None,
                    occ[4] if occ and show_names else "",
                    occ[5] if occ and show_names else "",
                    bed.id in used,
                    bed.version_id,
                )
            )
        c = counts[room.id]
        result.append(
            RoomInfo(
                room.id,
                room.institution_id,
                room.name,
                room.sex,
                room.capacity,
                room.is_active,
                sum(c.values()),
                c.get("L", 0),
                c.get("P", 0),
                tuple(bed_infos),
                tuple(row[0] for row in open_stays if row[1] == room.id),
                room.version_id,
            )
        )
    return result


def institution_detail(session: Session, actor: Actor, institution_id: uuid.UUID) -> InstitutionDetail:
    actor.require("institutions.view")
    inst = load_institution(session, institution_id)
    by_sex = dict(
        session.execute(
            select(Person.sex, func.count(Stay.id))
            .join(Person, Person.id == Stay.person_id)
            .where(Stay.institution_id == inst.id, Stay.exited_on.is_(None))
            .group_by(Person.sex)
        ).all()
    )
    without_room = session.scalar(
        select(func.count(Stay.id)).where(
            Stay.institution_id == inst.id, Stay.exited_on.is_(None), Stay.room_id.is_(None)
        )
    )
    return InstitutionDetail(
        institution_info(session, inst),
        tuple(room_infos(session, actor, inst.id)),
        sum(by_sex.values()),
        by_sex.get("L", 0),
        by_sex.get("P", 0),
        without_room or 0,
    )


def _room(session: Session, room_id: uuid.UUID) -> Room:
    room = session.get(Room, room_id)
    if room is None:
        raise NotFound(_("Kamar tidak ditemukan."))
    return room


def _bed(session: Session, bed_id: uuid.UUID) -> Bed:
    bed = session.get(Bed, bed_id)
    if bed is None:
        raise NotFound(_("Tempat tidur tidak ditemukan."))
    return bed


def _one_room(session: Session, actor: Actor, room: Room) -> RoomInfo:
    return room_infos(session, actor, room.institution_id, [room.id])[0]


def bed_info(session: Session, actor: Actor, bed_id: uuid.UUID) -> BedInfo:
    """One bed as the rooms dialog shows it (e.g. its newest version after a conflict)."""
    actor.require("institutions.view")
    return _one_bed(session, actor, _bed(session, bed_id))


def _one_bed(session: Session, actor: Actor, bed: Bed) -> BedInfo:
    room = _one_room(session, actor, bed.room)
    return next(b for b in room.beds if b.id == bed.id)


def _room_occupants(session: Session, room: Room) -> dict[str, int]:
    rows = session.execute(
        select(Person.sex, func.count(Stay.id))
        .join(Person, Person.id == Stay.person_id)
        .where(Stay.institution_id == room.institution_id, Stay.room_id == room.id, Stay.exited_on.is_(None))
        .group_by(Person.sex)
    )
    return dict(rows.all())


def _bed_occupied(session: Session, bed: Bed) -> bool:
    stmt = select(Stay.id).where(
        Stay.institution_id == bed.room.institution_id, Stay.bed_id == bed.id, Stay.exited_on.is_(None)
    )
    return session.scalar(stmt.limit(1)) is not None


def _clean_labels(labels: list[str], taken: set[str]) -> list[str]:
    clean = [label.strip() for label in labels if label.strip()]
    problems = []
    seen = set(taken)
    for label in clean:
        if len(label) > 30:
            problems.append(_("Label tempat tidur paling panjang 30 karakter: {label}").format(label=label))
        elif label.lower() in seen:
            problems.append(_("Label tempat tidur {label} sudah ada di kamar ini.").format(label=label))
        seen.add(label.lower())
    if problems:
        raise ValidationError(_("Periksa label tempat tidur."), {"bed_labels": " ".join(problems)})
    return clean


def _validate_room(
    session: Session, institution_id: uuid.UUID, data: RoomInput, room: Room | None
) -> dict[str, object]:
    problems: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        problems["name"] = _("Nama kamar wajib diisi, misalnya 'Wisma Melati 1'.")
    elif len(name) > 100:
        problems["name"] = _("Nama kamar paling panjang 100 karakter.")
    else:
        same = select(Room.id).where(Room.institution_id == institution_id, func.lower(Room.name) == name.lower())
        if room is not None:
            same = same.where(Room.id != room.id)
        if session.scalar(same.limit(1)) is not None:
            problems["name"] = _("Nama kamar {name} sudah dipakai di lembaga ini.").format(name=name)
    sex = (data.sex or "").strip().upper()
    if sex not in ROOM_SEXES:
        problems["sex"] = _("Pilih penghuni kamar: laki-laki, perempuan atau campuran.")
    capacity = data.capacity
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 0 <= capacity <= _MAX_ROOM_CAPACITY:
        problems["capacity"] = _(
            "Kapasitas kamar 0 sampai {max}; 0 berarti tidak dibatasi selain oleh tempat tidurnya."
        ).format(max=_MAX_ROOM_CAPACITY)
    if room is not None and not problems:
        occupants = _room_occupants(session, room)
        other_sex = {"L": "P", "P": "L"}.get(sex)
        if other_sex and occupants.get(other_sex):
            problems["sex"] = _(
                "Kamar ini masih dihuni {n} orang berjenis kelamin lain. Pindahkan mereka dulu."
            ).format(n=occupants[other_sex])
        total = sum(occupants.values())
        if capacity and capacity < total:
            problems["capacity"] = _("Kapasitas tidak boleh kurang dari jumlah penghuni sekarang ({n} orang).").format(
                n=total
            )
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return {"name": name, "sex": sex, "capacity": capacity}


def add_room(session: Session, actor: Actor, institution_id: uuid.UUID, data: RoomInput) -> RoomInfo:
    """A new room with its beds; capacity 0 with beds given becomes the number of beds."""
    actor.require("institutions.manage")
    inst = load_institution(session, institution_id)
    values = _validate_room(session, inst.id, data, None)
    labels = _clean_labels(data.bed_labels, set())
    if not values["capacity"] and labels:
        values["capacity"] = len(labels)
    room = Room(institution_id=inst.id, **values)
    session.add(room)
    session.flush()
    room.beds = [Bed(room_id=room.id, label=label) for label in labels]
    audit.record(
        session,
        actor,
        "room.created",
        "room",
        room.id,
        summary=_("{room} di {institution}").format(room=room.name, institution=inst.name),
        changes={**{k: [None, v] for k, v in values.items()}, "beds": [None, labels]},
    )
    commit(session, _("Data kamar"))
    return _one_room(session, actor, room)


def update_room(
    session: Session, actor: Actor, room_id: uuid.UUID, data: RoomInput, version_id: int | None
) -> RoomInfo:
    """Rename a room, change who it is for or its capacity (beds are managed separately). ``version_id``: the
    version the form was filled from (a stale one raises Conflict; None skips the check, e.g. scripts)."""
    actor.require("institutions.manage")
    room = _room(session, room_id)
    check_version(room, version_id, _("Data kamar"))
    values = _validate_room(session, room.institution_id, data, room)
    changes = apply_changes(room, values)
    if changes:
        audit.record(session, actor, "room.updated", "room", room.id, summary=room.name, changes=changes)
    commit(session, _("Data kamar"))
    return _one_room(session, actor, room)


def set_room_active(session: Session, actor: Actor, room_id: uuid.UUID, active: bool) -> RoomInfo:
    """Deactivate (refused while anyone sleeps there) or reactivate a room; rooms are never deleted."""
    actor.require("institutions.manage")
    room = _room(session, room_id)
    if not active and (n := sum(_room_occupants(session, room).values())):
        raise ValidationError(
            _("Kamar {room} masih dihuni {n} orang. Pindahkan mereka dulu.").format(room=room.name, n=n),
            {"room_id": _("Kamar masih dihuni.")},
        )
    changes = apply_changes(room, {"is_active": active})
    if changes:
        action = "room.reactivated" if active else "room.deactivated"
        audit.record(session, actor, action, "room", room.id, summary=room.name, changes=changes)
    commit(session, _("Data kamar"))
    return _one_room(session, actor, room)


def add_beds(session: Session, actor: Actor, room_id: uuid.UUID, labels: list[str]) -> RoomInfo:
    actor.require("institutions.manage")
    room = _room(session, room_id)
    clean = _clean_labels(labels, {b.label.lower() for b in room.beds})
    if not clean:
        raise ValidationError(_("Tulis sedikitnya satu label tempat tidur."), {"bed_labels": _("Wajib diisi.")})
    for label in clean:
        session.add(Bed(room_id=room.id, label=label))
    audit.record(session, actor, "bed.created", "room", room.id, summary=room.name, changes={"beds": [None, clean]})
    commit(session, _("Data tempat tidur"))
    session.refresh(room)
    return _one_room(session, actor, room)


def rename_bed(session: Session, actor: Actor, bed_id: uuid.UUID, label: str, version_id: int | None) -> BedInfo:
    """Give a bed a new label; a stale ``version_id`` raises Conflict (None skips the check)."""
    actor.require("institutions.manage")
    bed = _bed(session, bed_id)
    check_version(bed, version_id, _("Data tempat tidur"))
    others = {b.label.lower() for b in bed.room.beds if b.id != bed.id}
    clean = _clean_labels([label], others)
    if not clean:
        raise ValidationError(_("Label tempat tidur wajib diisi."), {"label": _("Wajib diisi.")})
    changes = apply_changes(bed, {"label": clean[0]})
    if changes:
        audit.record(session, actor, "bed.renamed", "bed", bed.id, summary=bed.room.name, changes=changes)
    commit(session, _("Data tempat tidur"))
    return _one_bed(session, actor, bed)


def set_bed_active(session: Session, actor: Actor, bed_id: uuid.UUID, active: bool) -> BedInfo:
    """Deactivate a bed (refused while occupied) or reactivate it."""
    actor.require("institutions.manage")
    bed = _bed(session, bed_id)
    if not active and _bed_occupied(session, bed):
        raise ValidationError(
            _("Tempat tidur {bed} sedang dipakai. Pindahkan penghuninya dulu.").format(bed=bed.label),
            {"bed_id": _("Tempat tidur sedang dipakai.")},
        )
    changes = apply_changes(bed, {"is_active": active})
    if changes:
        action = "bed.reactivated" if active else "bed.deactivated"
        audit.record(session, actor, action, "bed", bed.id, summary=bed.label, changes=changes)
    commit(session, _("Data tempat tidur"))
    return _one_bed(session, actor, bed)


def delete_bed(session: Session, actor: Actor, bed_id: uuid.UUID) -> None:
    """Remove a bed added by mistake; a bed that any stay ever used keeps its history and can only be deactivated."""
    actor.require("institutions.manage")
    bed = _bed(session, bed_id)
    if session.scalar(select(Stay.id).where(Stay.bed_id == bed.id).limit(1)) is not None:
        raise ValidationError(
            _("Tempat tidur {bed} sudah punya riwayat penghuni dan tidak dapat dihapus; nonaktifkan saja.").format(
                bed=bed.label
            ),
            {"bed_id": _("Tempat tidur punya riwayat.")},
        )
    audit.record(
        session,
        actor,
        "bed.deleted",
        "bed",
        bed.id,
        summary=bed.label,
        changes={"label": [bed.label, None], "room_id": [str(bed.room_id), None]},
    )
    session.delete(bed)
    commit(session, _("Data tempat tidur"))
