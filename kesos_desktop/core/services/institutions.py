"""Institutions (lembaga): registering panti, shelters, LKSA and pesantren with licences, capacity and limits."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models import Institution, InstitutionType, Office, Stay
from kesos_desktop.core.reference.datafiles import pick_label
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.common import apply_changes, check_version, commit, jsonable
from kesos_desktop.core.services.institution_documents import DOCUMENT_KINDS as DOCUMENT_KINDS
from kesos_desktop.core.services.institution_documents import ExpiringDocument as ExpiringDocument
from kesos_desktop.core.services.institution_documents import accreditation_grades, accreditation_valid_until
from kesos_desktop.core.services.institution_documents import expiring_documents as expiring_documents

if TYPE_CHECKING:
    from kesos_desktop.core.services.institution_rooms import InstitutionDetail

# Who owns (runs) the institution. The type table's owner column uses other words; they map onto these.
OWNER_KINDS: dict[str, str] = {
    "pusat": N_("Pemerintah pusat (Kemensos)"),
    "provinsi": N_("Pemerintah provinsi"),
    "kabupaten_kota": N_("Pemerintah kabupaten/kota"),
    "lks": N_("Masyarakat (LKS, yayasan, pesantren)"),
}
_OWNER_OF_TYPE = {"kemensos": "pusat", "provinsi": "provinsi", "kabkota": "kabupaten_kota", "masyarakat": "lks"}
_NSP_RE = re.compile(r"^\d{12}$")
_MAX_CAPACITY = 100_000
_MAX_STAY_DAYS = 3650


@dataclass
class InstitutionInput:
    """What the institution form edits; ``owner_kind`` empty means the usual owner of the type."""

    type_code: str
    name: str
    region_code: str = ""
    short_name: str = ""
    owner_kind: str = ""
    is_own: bool = True
    is_partner: bool = False
    address: str = ""
    phone: str = ""
    email: str = ""
    contact_person: str = ""
    legal_form: str = ""
    npwp: str = ""
    deed_no: str = ""
    registration_no: str = ""
    registration_expires_on: date | None = None
    licence_no: str = ""
    licence_expires_on: date | None = None
    nsp: str = ""
    accreditation_grade: str = ""
    accreditation_certificate_no: str = ""
    # Only the grant date known: valid-until is derived from the grade (accreditation_grades.csv).
    accreditation_granted_on: date | None = None
    accreditation_valid_until: date | None = None
    mou_no: str = ""
    mou_start: date | None = None
    mou_end: date | None = None
    capacity_male: int = 0
    capacity_female: int = 0
    capacity_children: int = 0
    capacity_elderly: int = 0
    max_stay_days: int | None = None
    notes: str = ""


# Fields stored as they are on the model (the region is validated specially and stored with its name).
_PLAIN_FIELDS = tuple(f.name for f in fields(InstitutionInput) if f.name != "region_code")


@dataclass(frozen=True)
class InstitutionInfo:
    """One institution as read; ``as_input()`` pre-fills the edit form (the accreditation grant date included, so a
    re-edit keeps it)."""

    id: uuid.UUID
    type_code: str
    type_name: str
    name: str
    short_name: str
    owner_kind: str
    is_own: bool
    is_partner: bool
    region_code: str
    region_name: str
    address: str
    phone: str
    email: str
    contact_person: str
    legal_form: str
    npwp: str
    deed_no: str
    registration_no: str
    registration_expires_on: date | None
    licence_no: str
    licence_expires_on: date | None
    nsp: str
    accreditation_grade: str
    accreditation_certificate_no: str
    accreditation_granted_on: date | None
    accreditation_valid_until: date | None
    mou_no: str
    mou_start: date | None
    mou_end: date | None
    capacity_male: int
    capacity_female: int
    capacity_children: int
    capacity_elderly: int
    max_stay_days: int | None
    # The type's default limit and the one that applies (institution's own, else the type's); None = no limit.
    type_max_stay_days: int | None
    stay_limit_days: int | None
    is_active: bool
    notes: str
    version_id: int

    def as_input(self) -> InstitutionInput:
        """The values to pre-fill the edit form with."""
        values = {name: getattr(self, name) for name in _PLAIN_FIELDS}
        return InstitutionInput(region_code=self.region_code, **values)


@dataclass(frozen=True)
class InstitutionRow:
    """One line of the institution list."""

    id: uuid.UUID
    name: str
    short_name: str
    type_code: str
    type_name: str
    owner_kind: str
    region_name: str
    is_own: bool
    is_partner: bool
    is_active: bool
    capacity_male: int
    capacity_female: int
    in_care: int
    stay_limit_days: int | None
    version_id: int


def _type_label(t: InstitutionType | None, code: str) -> str:
    if t is None:
        return code
    return pick_label(t.name_id, t.name_en, None)


def institution_info(session: Session, inst: Institution) -> InstitutionInfo:
    """The frozen view of one institution (used by the other services too)."""
    itype = session.get(InstitutionType, inst.type_code)
    type_limit = itype.default_max_stay_days if itype is not None else None
    values: dict[str, Any] = {name: getattr(inst, name) for name in _PLAIN_FIELDS}
    return InstitutionInfo(
        id=inst.id,
        type_name=_type_label(itype, inst.type_code),
        region_code=inst.region_code,
        region_name=inst.region_name,
        type_max_stay_days=type_limit,
        stay_limit_days=inst.max_stay_days or type_limit,
        is_active=inst.is_active,
        version_id=inst.version_id,
        **values,
    )


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _validate(session: Session, data: InstitutionInput, institution_id: uuid.UUID | None) -> dict[str, Any]:
    """Checks every field and returns the model values (region name snapshot, derived validity, owner)."""
    from kesos_desktop.core.reference.regions import full_label, get_region

    values: dict[str, Any] = {name: _strip(getattr(data, name)) for name in _PLAIN_FIELDS}
    problems: dict[str, str] = {}
    itype = session.get(InstitutionType, values["type_code"]) if values["type_code"] else None
    if itype is None or not itype.is_active:
        problems["type_code"] = _("Pilih jenis lembaga dari daftar.")
    if not values["name"]:
        problems["name"] = _("Nama lembaga wajib diisi, misalnya 'Panti Sosial Bina Insan Bangun Daya 1'.")
    region = get_region(data.region_code.strip()) if data.region_code.strip() else None
    if region is None or region.retired:
        problems["region_code"] = _("Pilih wilayah lembaga dari daftar (provinsi sampai desa/kelurahan).")
    else:
        values["region_code"], values["region_name"] = region.code, full_label(region.code)
        if values["name"]:
            same = select(Institution.id).where(
                func.lower(Institution.name) == values["name"].lower(), Institution.region_code == region.code
            )
            if institution_id is not None:
                same = same.where(Institution.id != institution_id)
            if session.scalar(same.limit(1)) is not None:
                problems["name"] = _("Lembaga dengan nama ini sudah terdaftar di wilayah yang sama.")
    if not values["owner_kind"] and itype is not None:
        from kesos_desktop.core.reference.institution_types import get_institution_type

        ref = get_institution_type(itype.code)
        values["owner_kind"] = _OWNER_OF_TYPE.get((ref.owner or "") if ref else "", "")
    if values["owner_kind"] not in OWNER_KINDS and "type_code" not in problems:
        problems["owner_kind"] = _("Pilih pemilik lembaga: pusat, provinsi, kabupaten/kota atau masyarakat (LKS).")
    if data.is_own and data.is_partner:
        problems["is_partner"] = _("Lembaga milik kantor sendiri tidak dapat sekaligus ditandai sebagai mitra.")
    if values["email"] and "@" not in values["email"]:
        problems["email"] = _("Alamat pos-el tidak valid.")
    for name in ("capacity_male", "capacity_female", "capacity_children", "capacity_elderly"):
        number = values[name]
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= _MAX_CAPACITY:
            problems[name] = _("Kapasitas berupa bilangan bulat 0 sampai {max}; 0 berarti tidak dibatasi.").format(
                max=_MAX_CAPACITY
            )
    limit = values["max_stay_days"]
    if limit is not None and (not isinstance(limit, int) or not 1 <= limit <= _MAX_STAY_DAYS):
        problems["max_stay_days"] = _(
            "Batas lama tinggal 1 sampai {max} hari, atau kosongkan untuk memakai batas jenis lembaga."
        ).format(max=_MAX_STAY_DAYS)
    nsp = re.sub(r"\s", "", values["nsp"])
    values["nsp"] = nsp
    if nsp and not _NSP_RE.match(nsp):
        problems["nsp"] = _("NSP/NSPP terdiri atas 12 angka, sesuai Piagam Statistik Pesantren.")
    _validate_accreditation(data, values, problems)
    if values["mou_start"] and values["mou_end"] and values["mou_end"] < values["mou_start"]:
        problems["mou_end"] = _("Tanggal berakhir MoU tidak boleh sebelum tanggal mulainya.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return values


def _validate_accreditation(data: InstitutionInput, values: dict[str, Any], problems: dict[str, str]) -> None:
    grade = values["accreditation_grade"].upper()
    values["accreditation_grade"] = grade
    granted = data.accreditation_granted_on
    if grade and grade not in {g.grade for g in accreditation_grades()}:
        problems["accreditation_grade"] = _("Peringkat akreditasi adalah A, B atau C.")
        return
    if not grade:
        if values["accreditation_certificate_no"] or values["accreditation_valid_until"] or granted:
            problems["accreditation_grade"] = _("Pilih peringkat akreditasi (A, B atau C) untuk sertifikat ini.")
        return
    if granted is not None:
        if granted > date.today():
            problems["accreditation_granted_on"] = _("Tanggal penetapan akreditasi tidak boleh di masa depan.")
        elif values["accreditation_valid_until"] is None:
            values["accreditation_valid_until"] = accreditation_valid_until(grade, granted)
        elif values["accreditation_valid_until"] <= granted:
            problems["accreditation_valid_until"] = _("Masa berlaku akreditasi harus sesudah tanggal penetapannya.")


def _own_office_id(session: Session, actor: Actor) -> uuid.UUID:
    if actor.office_id is not None:
        return actor.office_id
    office_id = session.scalar(select(Office.id).where(Office.is_own.is_(True)))
    if office_id is None:
        raise NotFound(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    return office_id


def load_institution(session: Session, institution_id: uuid.UUID, *, lock: bool = False) -> Institution:
    """The institution row or NotFound; ``lock`` takes its row lock on PostgreSQL (admissions queue on it)."""
    stmt = select(Institution).where(Institution.id == institution_id)
    inst = session.scalar(stmt.with_for_update() if lock else stmt)
    if inst is None:
        raise NotFound(_("Lembaga tidak ditemukan."))
    return inst


def create_institution(session: Session, actor: Actor, data: InstitutionInput) -> InstitutionInfo:
    actor.require("institutions.manage")
    values = _validate(session, data, None)
    inst = Institution(office_id=_own_office_id(session, actor), **values)
    session.add(inst)
    session.flush()
    audit.record(
        session,
        actor,
        "institution.created",
        "institution",
        inst.id,
        summary=inst.name,
        changes={k: [None, jsonable(v)] for k, v in values.items() if v not in ("", None, 0, False)},
    )
    commit(session, _("Data lembaga"))
    return institution_info(session, inst)


def update_institution(
    session: Session, actor: Actor, institution_id: uuid.UUID, data: InstitutionInput, version_id: int
) -> InstitutionInfo:
    actor.require("institutions.manage")
    inst = load_institution(session, institution_id)
    check_version(inst, version_id, _("Data lembaga"))
    values = _validate(session, data, inst.id)
    changes = apply_changes(inst, values)
    if changes:
        audit.record(session, actor, "institution.updated", "institution", inst.id, summary=inst.name, changes=changes)
    commit(session, _("Data lembaga"))
    return institution_info(session, inst)


def _open_stays(session: Session, institution_id: uuid.UUID) -> int:
    stmt = select(func.count(Stay.id)).where(Stay.institution_id == institution_id, Stay.exited_on.is_(None))
    return session.scalar(stmt) or 0


def deactivate_institution(
    session: Session, actor: Actor, institution_id: uuid.UUID, version_id: int
) -> InstitutionInfo:
    """Hide an institution from choices; refused while anyone still stays there. Its history is kept."""
    actor.require("institutions.manage")
    inst = load_institution(session, institution_id)
    check_version(inst, version_id, _("Data lembaga"))
    if inst.is_active and (n := _open_stays(session, inst.id)):
        raise ValidationError(
            _("{name} masih menampung {n} warga binaan. Keluarkan atau rujuk mereka dulu.").format(name=inst.name, n=n)
        )
    return _set_active(session, actor, inst, False)


def reactivate_institution(
    session: Session, actor: Actor, institution_id: uuid.UUID, version_id: int
) -> InstitutionInfo:
    actor.require("institutions.manage")
    inst = load_institution(session, institution_id)
    check_version(inst, version_id, _("Data lembaga"))
    return _set_active(session, actor, inst, True)


def _set_active(session: Session, actor: Actor, inst: Institution, active: bool) -> InstitutionInfo:
    changes = apply_changes(inst, {"is_active": active})
    if changes:
        action = "institution.reactivated" if active else "institution.deactivated"
        audit.record(session, actor, action, "institution", inst.id, summary=inst.name, changes=changes)
    commit(session, _("Data lembaga"))
    return institution_info(session, inst)


def get_institution_info(session: Session, actor: Actor, institution_id: uuid.UUID) -> InstitutionInfo:
    actor.require("institutions.view")
    return institution_info(session, load_institution(session, institution_id))


def list_institutions(
    session: Session,
    actor: Actor,
    include_partners: bool = True,
    active_only: bool = True,
    *,
    text: str = "",
    type_code: str | None = None,
    own_only: bool = False,
) -> list[InstitutionRow]:
    """Institutions by name with how many people are in care at each (one aggregate query)."""
    actor.require("institutions.view")
    stmt = (
        select(Institution, InstitutionType)
        .outerjoin(InstitutionType, InstitutionType.code == Institution.type_code)
        .order_by(func.lower(Institution.name))
    )
    if active_only:
        stmt = stmt.where(Institution.is_active.is_(True))
    if not include_partners:
        stmt = stmt.where(Institution.is_partner.is_(False))
    if own_only:
        stmt = stmt.where(Institution.is_own.is_(True))
    if type_code:
        stmt = stmt.where(Institution.type_code == type_code)
    for word in text.lower().split():
        like = f"%{word}%"
        stmt = stmt.where(
            or_(
                func.lower(Institution.name).like(like),
                func.lower(Institution.short_name).like(like),
                func.lower(Institution.region_name).like(like),
            )
        )
    found = session.execute(stmt).all()
    # Counted from the (institution_id, exited_on) index alone, one institution at a time.
    counts: dict[uuid.UUID, int] = {
        iid: n
        for iid, n in session.execute(
            select(Stay.institution_id, func.count())
            .where(Stay.institution_id.in_([inst.id for inst, _t in found]), Stay.exited_on.is_(None))
            .group_by(Stay.institution_id)
        )
    }
    rows = []
    for inst, itype in found:
        type_limit = itype.default_max_stay_days if itype is not None else None
        rows.append(
            InstitutionRow(
                inst.id,
                inst.name,
                inst.short_name,
                inst.type_code,
                _type_label(itype, inst.type_code),
                inst.owner_kind,
                inst.region_name,
                inst.is_own,
                inst.is_partner,
                inst.is_active,
                inst.capacity_male,
                inst.capacity_female,
                counts.get(inst.id, 0),
                inst.max_stay_days or type_limit,
                inst.version_id,
            )
        )
    return rows


def get_institution(session: Session, actor: Actor, institution_id: uuid.UUID) -> InstitutionDetail:
    """One institution with its rooms, beds (and who sleeps in each) and current occupancy."""
    from kesos_desktop.core.services.institution_rooms import institution_detail

    return institution_detail(session, actor, institution_id)
