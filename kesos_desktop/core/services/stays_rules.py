"""Rules every stay keeps: a free bed in the right room, room and institution capacity, length-of-stay limits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _, current_language
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.models import Bed, ExitReason, Institution, InstitutionType, Person, Room, Stay
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.institutions import InstitutionInfo

if TYPE_CHECKING:
    from kesos_desktop.core.services.stays import ExitInput


class CapacityFull(ValidationError):
    """The room or the institution is full. ``can_override``: this user may admit anyway, giving a reason."""

    def __init__(self, message: str, fields: Mapping[str, str], limits: tuple[str, ...], can_override: bool) -> None:
        super().__init__(message, fields)
        self.limits = limits
        self.can_override = can_override


@dataclass(frozen=True)
class Place:
    """Where a stay is (or is to be): the institution and optionally a room and a bed in it."""

    institution: Institution
    room: Room | None
    bed: Bed | None

    def describe(self) -> str:
        """Human text for timelines and audit summaries: institution, room and bed."""
        if self.room is None:
            return self.institution.name
        return _("{institution}, {room}").format(institution=self.institution.name, room=self.describe_room())

    def describe_room(self) -> str:
        """Room and bed only: "kamar Wisma Melati, tempat tidur A"."""
        if self.room is not None and self.bed is not None:
            return _("kamar {room}, tempat tidur {bed}").format(room=self.room.name, bed=self.bed.label)
        if self.room is not None:
            return _("kamar {room}").format(room=self.room.name)
        return _("tanpa kamar")


def stay_limit_days(institution: Institution | InstitutionInfo) -> int | None:
    """Length-of-stay limit in days: the institution's own, else its type's default; None when there is none."""
    if isinstance(institution, InstitutionInfo):
        return institution.stay_limit_days
    if institution.max_stay_days:
        return institution.max_stay_days
    session = object_session(institution)
    itype = session.get(InstitutionType, institution.type_code) if session is not None else None
    return itype.default_max_stay_days if itype is not None else None


def check_dates(on_date: date, field: str, *, not_before: date | None = None, before_text: str = "") -> None:
    """A stay date is not in the future and not before ``not_before``."""
    if on_date > date.today():
        message = _("Tanggal tidak boleh di masa depan.")
        raise ValidationError(message, {field: message})
    if not_before is not None and on_date < not_before:
        raise ValidationError(before_text, {field: before_text})


def resolve_place(
    session: Session,
    institution_id: uuid.UUID | None,
    room_id: uuid.UUID | None,
    bed_id: uuid.UUID | None,
) -> Place:
    """Load and check that the institution is active and the room and bed (if any) are active and belong to it.

    The institution row is locked on PostgreSQL, so two admissions to the same place queue instead of both
    seeing one free bed (SQLite already serialises writers with BEGIN IMMEDIATE).
    """
    inst = None
    if institution_id is not None:
        inst = session.scalar(select(Institution).where(Institution.id == institution_id).with_for_update())
    if inst is None or not inst.is_active:
        raise ValidationError(
            _("Pilih lembaga yang aktif."), {"institution_id": _("Pilih lembaga penerima dari daftar.")}
        )
    bed = session.get(Bed, bed_id) if bed_id is not None else None
    if bed_id is not None and bed is None:
        raise ValidationError(_("Tempat tidur tidak ditemukan."), {"bed_id": _("Pilih tempat tidur dari daftar.")})
    if bed is not None and room_id is None:
        room_id = bed.room_id
    room = session.get(Room, room_id) if room_id is not None else None
    if room_id is not None and (room is None or room.institution_id != inst.id):
        raise ValidationError(
            _("Kamar itu bukan kamar {institution}.").format(institution=inst.name),
            {"room_id": _("Pilih kamar dari lembaga yang dipilih.")},
        )
    if room is not None and not room.is_active:
        raise ValidationError(
            _("Kamar {room} tidak aktif.").format(room=room.name), {"room_id": _("Kamar tidak aktif.")}
        )
    if bed is not None and (room is None or bed.room_id != room.id):
        raise ValidationError(
            _("Tempat tidur itu tidak ada di kamar yang dipilih."), {"bed_id": _("Pilih tempat tidur di kamar ini.")}
        )
    if bed is not None and not bed.is_active:
        raise ValidationError(
            _("Tempat tidur {bed} tidak aktif.").format(bed=bed.label), {"bed_id": _("Tempat tidur tidak aktif.")}
        )
    return Place(inst, room, bed)


def _open(institution_id: uuid.UUID, ignore_stay_id: uuid.UUID | None):  # type: ignore[no-untyped-def]
    # Every open-stay count starts from the (institution_id, exited_on) index.
    clause = (Stay.institution_id == institution_id) & Stay.exited_on.is_(None)
    if ignore_stay_id is not None:
        clause = clause & (Stay.id != ignore_stay_id)
    return clause


def full_limits(
    session: Session,
    place: Place,
    sex: str,
    *,
    ignore_stay_id: uuid.UUID | None = None,
    check_institution: bool = True,
) -> list[tuple[str, str]]:
    """Refuse a taken bed or a room for the other sex; return the capacity limits the new occupant would pass.

    Each limit is (field, message). Room capacity 0 means no limit beyond its beds. Institution capacity by sex:
    when both numbers are 0 nobody is counted; otherwise the number for the person's sex is the limit (0 = none).
    """
    inst, room, bed = place.institution, place.room, place.bed
    if room is not None and room.sex and room.sex != sex:
        raise ValidationError(
            _("Kamar {room} khusus {who}.").format(
                room=room.name, who=_("laki-laki") if room.sex == "L" else _("perempuan")
            ),
            {"room_id": _("Pilih kamar untuk jenis kelamin warga binaan ini.")},
        )
    if bed is not None:
        taken = session.scalar(select(Stay.id).where(_open(inst.id, ignore_stay_id), Stay.bed_id == bed.id).limit(1))
        if taken is not None:
            raise ValidationError(
                _("Tempat tidur {bed} sedang dipakai orang lain.").format(bed=bed.label),
                {"bed_id": _("Pilih tempat tidur yang kosong.")},
            )
    limits: list[tuple[str, str]] = []
    if room is not None and room.capacity > 0:
        count = session.scalar(
            select(func.count(Stay.id)).where(_open(inst.id, ignore_stay_id), Stay.room_id == room.id)
        )
        if (count or 0) >= room.capacity:
            limits.append(
                (
                    "room_id",
                    _("Kamar {room} penuh: {n} dari {cap} tempat terisi.").format(
                        room=room.name, n=count, cap=room.capacity
                    ),
                )
            )
    if check_institution and (inst.capacity_male or inst.capacity_female):
        cap = inst.capacity_male if sex == "L" else inst.capacity_female
        count = session.scalar(
            select(func.count(Stay.id))
            .join(Person, Person.id == Stay.person_id)
            .where(_open(inst.id, ignore_stay_id), Person.sex == sex)
        )
        if (count or 0) >= cap:
            limits.append(
                (
                    "institution_id",
                    _("{institution} penuh untuk {who}: {n} dari {cap} tempat terisi.").format(
                        institution=inst.name,
                        who=_("laki-laki") if sex == "L" else _("perempuan"),
                        n=count,
                        cap=cap,
                    ),
                )
            )
    return limits


def enforce_capacity(actor: Actor, limits: list[tuple[str, str]], override_reason: str) -> bool:
    """Refuse a full place unless a pimpinan gives a reason; True when the override is used."""
    if not limits:
        return False
    if not override_reason.strip():
        can = actor.can("stays.override_capacity")
        hint = (
            _("Anda dapat tetap menerima dengan menuliskan alasan persetujuan.")
            if can
            else _("Melampaui kapasitas memerlukan persetujuan pimpinan.")
        )
        fields: dict[str, str] = {}
        for field, message in limits:
            fields[field] = f"{fields[field]} {message}" if field in fields else message
        text = " ".join(m for _f, m in limits)
        raise CapacityFull(f"{text} {hint}", fields, tuple(m for _f, m in limits), can)
    actor.require("stays.override_capacity")
    return True


def load_stay_for_change(session: Session, actor: Actor, stay_id: uuid.UUID) -> tuple[Stay, Person]:
    actor.require("stays.manage")
    stay = session.scalar(select(Stay).where(Stay.id == stay_id).with_for_update())
    if stay is None:
        raise NotFound(_("Data masa tinggal tidak ditemukan."))
    person = ensure_person_visible(session, actor, stay.person_id)
    return stay, person


def require_open(stay: Stay) -> None:
    if stay.exited_on is not None:
        raise ValidationError(
            _("Masa tinggal ini sudah berakhir pada {day}.").format(day=format_date(stay.exited_on)),
            {"stay_id": _("Masa tinggal sudah berakhir.")},
        )


def reason_label(reason: ExitReason) -> str:
    """An exit reason's name in the UI language (the English name when the UI is English and one is stored)."""
    return reason.name_en if current_language() == "en" and reason.name_en else reason.name_id


def exit_values(session: Session, stay: Stay, data: ExitInput) -> tuple[dict[str, Any], ExitReason]:
    """Check an exit against its coded reason's flags and the dates; returns the stay values and the reason."""
    from kesos_desktop.core.reference.regions import full_label, get_region

    problems: dict[str, str] = {}
    reason = session.get(ExitReason, data.reason_code) if data.reason_code else None
    if reason is None or not reason.is_active:
        raise ValidationError(_("Pilih alasan keluar dari daftar."), {"reason_code": _("Alasan keluar wajib dipilih.")})
    destination = data.destination.strip()
    if data.destination_region_code.strip():
        region = get_region(data.destination_region_code.strip())
        if region is None:
            problems["destination_region_code"] = _("Pilih wilayah tujuan dari daftar.")
        else:
            label = full_label(region.code)
            destination = _("{region}; {text}").format(region=label, text=destination) if destination else label
    if reason.requires_destination and not destination:
        problems["destination"] = _("Alasan {reason} memerlukan tujuan (wilayah atau alamat).").format(
            reason=reason_label(reason)
        )
    target = None
    if data.target_institution_id is not None:
        target = session.get(Institution, data.target_institution_id)
        if target is None:
            problems["target_institution_id"] = _("Pilih lembaga tujuan dari daftar.")
        elif target.id == stay.institution_id:
            problems["target_institution_id"] = _("Lembaga tujuan tidak boleh lembaga yang sekarang.")
    if reason.requires_target_institution and target is None and "target_institution_id" not in problems:
        problems["target_institution_id"] = _("Alasan {reason} memerlukan lembaga tujuan.").format(
            reason=reason_label(reason)
        )
    if reason.requires_text and not data.note.strip():
        problems["note"] = _("Alasan {reason} memerlukan keterangan.").format(reason=reason_label(reason))
    try:
        check_dates(
            data.on_date,
            "on_date",
            not_before=stay.admitted_on,
            before_text=_("Tanggal keluar tidak boleh sebelum tanggal masuk ({day}).").format(
                day=format_date(stay.admitted_on)
            ),
        )
    except ValidationError as exc:
        problems.update(exc.fields)
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    values = {
        "exited_on": data.on_date,
        "exit_reason_code": reason.code,
        "exit_destination": destination,
        "exit_target_institution_id": target.id if target is not None else None,
        "exit_note": data.note.strip(),
    }
    return values, reason
