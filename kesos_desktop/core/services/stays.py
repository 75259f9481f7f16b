"""Stays: admit, move room/bed, transfer, exit with a coded reason, belongings; keeps the person's summary current."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.models import Bed, Belonging, ExitReason, Institution, Person, ReferralSource, Room, Stay
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.common import apply_changes, check_version, commit, jsonable
from kesos_desktop.core.services.stay_belongings import BelongingInput, clean_belongings, insert_belongings
from kesos_desktop.core.services.stay_belongings import add_belongings as add_belongings
from kesos_desktop.core.services.stay_belongings import return_belongings as return_belongings
from kesos_desktop.core.services.stays_occupancy import InstitutionOccupancy as InstitutionOccupancy
from kesos_desktop.core.services.stays_occupancy import RoomOccupancy as RoomOccupancy
from kesos_desktop.core.services.stays_occupancy import occupancy as occupancy
from kesos_desktop.core.services.stays_rules import CapacityFull as CapacityFull
from kesos_desktop.core.services.stays_rules import (
    Place,
    check_dates,
    enforce_capacity,
    exit_values,
    full_limits,
    load_stay_for_change,
    reason_label,
    require_open,
    resolve_place,
)
from kesos_desktop.core.services.stays_rules import stay_limit_days as stay_limit_days
from kesos_desktop.core.services.stays_views import OVERDUE_SORTS as OVERDUE_SORTS
from kesos_desktop.core.services.stays_views import BelongingInfo as BelongingInfo
from kesos_desktop.core.services.stays_views import OverdueStay as OverdueStay
from kesos_desktop.core.services.stays_views import StayInfo as StayInfo
from kesos_desktop.core.services.stays_views import current_stay as current_stay
from kesos_desktop.core.services.stays_views import get_stay as get_stay
from kesos_desktop.core.services.stays_views import list_stays as list_stays
from kesos_desktop.core.services.stays_views import overdue_stays as overdue_stays
from kesos_desktop.core.services.stays_views import stay_infos

# Exit reason of the closed stay and referral source of the new one when a person is transferred (data codes).
TRANSFER_EXIT_REASON = "DIRUJUK"
TRANSFER_REFERRAL_SOURCE = "LEMBAGA_LAIN"
WHAT = "Data masa tinggal"
# Admission form fields as the transfer form names them.
_TRANSFER_FIELDS = {"institution_id": "to_institution_id", "admitted_on": "on_date"}


@dataclass
class AdmissionInput:
    """Admission form: where, when, from whom; ``override_reason`` admits past a full room (pimpinan only)."""

    institution_id: uuid.UUID | None
    admitted_on: date
    room_id: uuid.UUID | None = None
    bed_id: uuid.UUID | None = None
    referral_source_code: str | None = None
    referral_letter_no: str = ""
    referral_letter_date: date | None = None
    override_reason: str = ""
    belongings: list[BelongingInput] = field(default_factory=list)


@dataclass
class ExitInput:
    """Exit form. The reason's flags decide which of destination, target institution and note are required."""

    on_date: date
    reason_code: str
    destination: str = ""
    target_institution_id: uuid.UUID | None = None
    note: str = ""
    # Kode wilayah of the destination (pemulangan, reunifikasi); its full name is stored before the text.
    destination_region_code: str = ""
    return_belongings: bool = True


def _rowcount(result: object) -> int:
    """Rows an UPDATE touched (Result is typed without rowcount; the cursor result has it)."""
    return int(getattr(result, "rowcount", 0) or 0)


def _what() -> str:
    return _(WHAT)


def refresh_person_summary(session: Session, person_id: uuid.UUID) -> None:
    """Recompute in_care, current_institution_id, last_admitted_on, last_exited_on and stay_count from the stays.

    Written with one UPDATE that leaves the person's version_id alone: an admission must not make a profile
    editor's open form stale (these columns are derived, not edited).
    """
    session.flush()
    count, last_admitted, last_exited = session.execute(
        select(func.count(Stay.id), func.max(Stay.admitted_on), func.max(Stay.exited_on)).where(
            Stay.person_id == person_id
        )
    ).one()
    current = session.scalar(
        select(Stay.institution_id)
        .where(Stay.person_id == person_id, Stay.exited_on.is_(None))
        .order_by(Stay.admitted_on.desc())
        .limit(1)
    )
    session.execute(
        update(Person)
        .where(Person.id == person_id)
        .values(
            in_care=current is not None,
            current_institution_id=current,
            last_admitted_on=last_admitted,
            last_exited_on=last_exited,
            stay_count=count or 0,
        )
    )


def _created(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, jsonable(v)] for k, v in values.items() if v not in (None, "", False)}


def _open_stay(
    session: Session,
    actor: Actor,
    person: Person,
    data: AdmissionInput,
    previous: Stay | None = None,
) -> tuple[Stay, Place, bool]:
    """Validate and add a new open stay (no commit); returns it, its place and whether capacity was overridden."""
    problems: dict[str, str] = {}
    if data.referral_source_code:
        source = session.get(ReferralSource, data.referral_source_code)
        if source is None or not source.is_active:
            problems["referral_source_code"] = _("Pilih sumber rujukan dari daftar.")
    if data.referral_letter_date is not None and data.referral_letter_date > date.today():
        problems["referral_letter_date"] = _("Tanggal surat rujukan tidak boleh di masa depan.")
    if len(data.referral_letter_no.strip()) > 100:
        problems["referral_letter_no"] = _("Nomor surat paling panjang 100 karakter.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    check_dates(data.admitted_on, "admitted_on")
    if person.birth_date is not None and data.admitted_on < person.birth_date:
        message = _("Tanggal masuk tidak boleh sebelum tanggal lahir.")
        raise ValidationError(message, {"admitted_on": message})
    open_stay = session.execute(
        select(Stay.admitted_on, Institution.name)
        .join(Institution, Institution.id == Stay.institution_id)
        .where(Stay.person_id == person.id, Stay.exited_on.is_(None))
    ).first()
    if open_stay is not None:
        message = _(
            "{name} masih tercatat tinggal di {institution} sejak {day}. Keluarkan atau rujuk dulu sebelum "
            "penerimaan baru."
        ).format(
            name=person.full_name or person.registration_no, institution=open_stay[1], day=format_date(open_stay[0])
        )
        raise ValidationError(message, {"institution_id": message})
    last_exit = session.scalar(select(func.max(Stay.exited_on)).where(Stay.person_id == person.id))
    if last_exit is not None and data.admitted_on < last_exit:
        message = _("Tanggal masuk tidak boleh sebelum tanggal keluar terakhir ({day}).").format(
            day=format_date(last_exit)
        )
        raise ValidationError(message, {"admitted_on": message})
    belongings = clean_belongings(data.belongings)
    place = resolve_place(session, data.institution_id, data.room_id, data.bed_id)
    limits = full_limits(session, place, person.sex)
    overridden = enforce_capacity(actor, limits, data.override_reason)
    earlier = session.scalar(select(func.count(Stay.id)).where(Stay.person_id == person.id)) or 0
    values: dict[str, Any] = {
        "person_id": person.id,
        "institution_id": place.institution.id,
        "room_id": place.room.id if place.room else None,
        "bed_id": place.bed.id if place.bed else None,
        "admitted_on": data.admitted_on,
        "referral_source_code": data.referral_source_code or None,
        "referral_letter_no": data.referral_letter_no.strip(),
        "referral_letter_date": data.referral_letter_date,
        "is_readmission": bool(earlier) and previous is None,
        "previous_stay_id": previous.id if previous else None,
        "capacity_override_by": actor.username if overridden else "",
        "capacity_override_reason": data.override_reason.strip() if overridden else "",
    }
    stay = Stay(id=uuid.uuid4(), **values)
    session.add(stay)
    session.flush()
    insert_belongings(session, stay.id, belongings)
    changes = _created(values)
    if belongings:
        changes["belongings"] = [None, [f"{b.quantity} × {b.description}" for b in belongings]]
    action = "stay.transferred_in" if previous else "stay.admitted"
    audit.record(session, actor, action, "stay", stay.id, summary=place.describe(), changes=changes)
    if overridden:
        audit.record(
            session,
            actor,
            "stay.capacity_override",
            "stay",
            stay.id,
            summary=" ".join(m for _f, m in limits),
            changes={"capacity_override_reason": [None, stay.capacity_override_reason]},
        )
    return stay, place, overridden


def admit_in_session(session: Session, actor: Actor, person_id: uuid.UUID, data: AdmissionInput) -> StayInfo:
    """Admit a person inside the caller's transaction (no commit): the intake service calls this."""
    actor.require("stays.manage")
    person = ensure_person_visible(session, actor, person_id)
    if person.merged_into_id is not None:
        raise ValidationError(
            _("Data ini sudah digabungkan ke data warga binaan lain; terima orang ini pada data hasil penggabungan.")
        )
    # Lock the person on PostgreSQL: two PCs admitting the same person at once queue here.
    session.execute(select(Person.id).where(Person.id == person.id).with_for_update())
    stay, place, _overridden = _open_stay(session, actor, person, data)
    if stay.is_readmission:
        number = session.scalar(select(func.count(Stay.id)).where(Stay.person_id == person.id)) or 0
        summary = _("Diterima kembali di {place} (penerimaan ke-{n}).").format(place=place.describe(), n=number)
        kind = "readmitted"
    else:
        summary = _("Diterima di {place}.").format(place=place.describe())
        kind = "admitted"
    timeline.add_event(session, actor, person.id, data.admitted_on, kind, summary, ref_entity="stay", ref_id=stay.id)
    refresh_person_summary(session, person.id)
    return stay_infos(session, Stay.id == stay.id)[0]


def admit(session: Session, actor: Actor, person_id: uuid.UUID, data: AdmissionInput) -> StayInfo:
    """Admit a person to an institution (room and bed optional) in one transaction."""
    info = admit_in_session(session, actor, person_id, data)
    commit(session, _what())
    return info


def move_bed(
    session: Session,
    actor: Actor,
    stay_id: uuid.UUID,
    room_id: uuid.UUID | None,
    bed_id: uuid.UUID | None,
    version_id: int | None,
    *,
    on_date: date | None = None,
    override_reason: str = "",
) -> StayInfo:
    """Move a person to another room and/or bed of the same institution."""
    stay, person = load_stay_for_change(session, actor, stay_id)
    check_version(stay, version_id, _what())
    require_open(stay)
    on_date = on_date or date.today()
    check_dates(
        on_date,
        "on_date",
        not_before=stay.admitted_on,
        before_text=_("Tanggal pindah tidak boleh sebelum tanggal masuk."),
    )
    old = Place(
        session.get_one(Institution, stay.institution_id),
        session.get(Room, stay.room_id) if stay.room_id else None,
        session.get(Bed, stay.bed_id) if stay.bed_id else None,
    )
    place = resolve_place(session, stay.institution_id, room_id, bed_id)
    new_room, new_bed = (place.room.id if place.room else None), (place.bed.id if place.bed else None)
    if (new_room, new_bed) == (stay.room_id, stay.bed_id):
        raise ValidationError(
            _("Kamar dan tempat tidur tujuan sama dengan yang sekarang."), {"room_id": _("Pilih tempat lain.")}
        )
    limits = full_limits(session, place, person.sex, ignore_stay_id=stay.id, check_institution=False)
    overridden = enforce_capacity(actor, limits, override_reason)
    changes = apply_changes(stay, {"room_id": new_room, "bed_id": new_bed})
    if overridden:
        changes.update(
            apply_changes(
                stay, {"capacity_override_by": actor.username, "capacity_override_reason": override_reason.strip()}
            )
        )
    audit.record(session, actor, "stay.moved", "stay", stay.id, summary=place.describe(), changes=changes)
    summary = _("Pindah dari {old} ke {new} di {institution}.").format(
        old=old.describe_room(), new=place.describe_room(), institution=place.institution.name
    )
    timeline.add_event(session, actor, person.id, on_date, "moved", summary, ref_entity="stay", ref_id=stay.id)
    refresh_person_summary(session, person.id)
    commit(session, _what())
    return stay_infos(session, Stay.id == stay.id)[0]


def transfer(
    session: Session,
    actor: Actor,
    stay_id: uuid.UUID,
    to_institution_id: uuid.UUID,
    on_date: date,
    reason: str,
    room_id: uuid.UUID | None = None,
    bed_id: uuid.UUID | None = None,
    *,
    version_id: int | None,
    override_reason: str = "",
    referral_letter_no: str = "",
    referral_letter_date: date | None = None,
) -> StayInfo:
    """Refer a person to another institution: close this stay (DIRUJUK) and open a linked one, in one transaction."""
    stay, person = load_stay_for_change(session, actor, stay_id)
    check_version(stay, version_id, _what())
    require_open(stay)
    if not reason.strip():
        raise ValidationError(_("Tulis alasan rujukan."), {"reason": _("Alasan rujukan wajib diisi.")})
    if to_institution_id == stay.institution_id:
        raise ValidationError(
            _("Lembaga tujuan sama dengan lembaga sekarang; gunakan pindah kamar."),
            {"to_institution_id": _("Pilih lembaga lain.")},
        )
    check_dates(
        on_date,
        "on_date",
        not_before=stay.admitted_on,
        before_text=_("Tanggal rujukan tidak boleh sebelum tanggal masuk."),
    )
    exit_reason = session.get(ExitReason, TRANSFER_EXIT_REASON)
    if exit_reason is None:
        raise ValidationError(_("Alasan keluar {code} tidak ada di data referensi.").format(code=TRANSFER_EXIT_REASON))
    source = session.get(ReferralSource, TRANSFER_REFERRAL_SOURCE)
    from_name = session.scalar(select(Institution.name).where(Institution.id == stay.institution_id)) or ""
    closing = {
        "exited_on": on_date,
        "exit_reason_code": TRANSFER_EXIT_REASON,
        "exit_target_institution_id": to_institution_id,
        "exit_note": reason.strip(),
    }
    changes = apply_changes(stay, closing)
    session.flush()
    data = AdmissionInput(
        institution_id=to_institution_id,
        admitted_on=on_date,
        room_id=room_id,
        bed_id=bed_id,
        referral_source_code=source.code if source is not None and source.is_active else None,
        referral_letter_no=referral_letter_no,
        referral_letter_date=referral_letter_date,
        override_reason=override_reason,
    )
    try:
        new, place, _overridden = _open_stay(session, actor, person, data, previous=stay)
    except Exception as exc:
        session.rollback()  # the closed stay must not stay closed in this session
        if isinstance(exc, ValidationError):
            exc.fields = {_TRANSFER_FIELDS.get(k, k): v for k, v in exc.fields.items()}
        raise
    # Belongings travel with the person.
    moved = _rowcount(
        session.execute(
            update(Belonging)
            .where(Belonging.stay_id == stay.id, Belonging.returned_on.is_(None))
            .values(stay_id=new.id)
            .execution_options(synchronize_session=False)
        )
    )
    if moved:
        changes["belongings_moved"] = [None, moved]
    audit.record(session, actor, "stay.transferred", "stay", stay.id, summary=place.institution.name, changes=changes)
    summary = _("Dirujuk dari {old} ke {new}: {reason}").format(
        old=from_name, new=place.describe(), reason=reason.strip()
    )
    timeline.add_event(session, actor, person.id, on_date, "transferred", summary, ref_entity="stay", ref_id=new.id)
    refresh_person_summary(session, person.id)
    commit(session, _what())
    return stay_infos(session, Stay.id == new.id)[0]


def exit_stay(session: Session, actor: Actor, stay_id: uuid.UUID, data: ExitInput, version_id: int | None) -> StayInfo:
    """End a stay with a coded reason (terminasi); belongings are marked returned unless told otherwise."""
    stay, person = load_stay_for_change(session, actor, stay_id)
    check_version(stay, version_id, _what())
    require_open(stay)
    values, reason = exit_values(session, stay, data)
    changes = apply_changes(stay, values)
    if data.return_belongings:
        returned = _rowcount(
            session.execute(
                update(Belonging)
                .where(Belonging.stay_id == stay.id, Belonging.returned_on.is_(None))
                .values(returned_on=data.on_date)
                .execution_options(synchronize_session=False)
            )
        )
        if returned:
            changes["belongings_returned"] = [None, returned]
    inst_name = session.scalar(select(Institution.name).where(Institution.id == stay.institution_id)) or ""
    label = reason_label(reason)
    audit.record(session, actor, "stay.exited", "stay", stay.id, summary=f"{inst_name}: {reason.code}", changes=changes)
    if values["exit_destination"]:
        summary = _("Keluar dari {institution}: {reason}; tujuan {destination}.").format(
            institution=inst_name, reason=label, destination=values["exit_destination"]
        )
    else:
        summary = _("Keluar dari {institution}: {reason}.").format(institution=inst_name, reason=label)
    timeline.add_event(session, actor, person.id, data.on_date, "exited", summary, ref_entity="stay", ref_id=stay.id)
    refresh_person_summary(session, person.id)
    commit(session, _what())
    return stay_infos(session, Stay.id == stay.id)[0]
