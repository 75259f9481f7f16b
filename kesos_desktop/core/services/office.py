"""The office's own identity: name, unit, region, kop surat lines and logo; first-run setup of office and admin."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import Office, UserAccount
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, users
from kesos_desktop.core.services.common import apply_changes, check_version, commit

MAX_LOGO_BYTES = 2 * 1024 * 1024


@dataclass
class OfficeInput:
    name: str
    region_code: str
    unit: str = ""
    code: str = ""
    place_name: str = ""
    letterhead_lines: list[str] = field(default_factory=list)
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True)
class OfficeInfo:
    id: uuid.UUID
    name: str
    unit: str
    code: str
    region_code: str
    region_name: str
    place_name: str
    letterhead_lines: tuple[str, ...]
    address: str
    phone: str
    email: str
    website: str
    logo_png: bytes | None
    version_id: int


def _info(o: Office) -> OfficeInfo:
    return OfficeInfo(
        o.id,
        o.name,
        o.unit,
        o.code,
        o.region_code,
        o.region_name,
        o.place_name,
        tuple(o.letterhead_lines or ()),
        o.address,
        o.phone,
        o.email,
        o.website,
        o.logo_png,
        o.version_id,
    )


def _validate(data: OfficeInput) -> tuple[str, str]:
    """Returns the normalised region code and its name snapshot."""
    from kesos_desktop.core.reference.regions import full_label, get_region, normalize_code

    problems: dict[str, str] = {}
    if not data.name.strip():
        problems["name"] = _("Nama kantor wajib diisi, misalnya 'Dinas Sosial Provinsi DKI Jakarta'.")
    code = normalize_code(data.region_code or "") or ""
    region = get_region(code) if code else None
    if region is None or region.retired:
        problems["region_code"] = _("Pilih wilayah kantor dari daftar (provinsi atau kabupaten/kota).")
    lines = [ln for ln in data.letterhead_lines if ln.strip()]
    if len(lines) > 6:
        problems["letterhead_lines"] = _("Kop surat paling banyak 6 baris.")
    if data.email and "@" not in data.email:
        problems["email"] = _("Alamat pos-el tidak valid.")
    if data.logo_png is not None:
        if len(data.logo_png) > MAX_LOGO_BYTES:
            problems["logo_png"] = _("Berkas logo terlalu besar (maksimal 2 MB).")
        elif not _is_image(data.logo_png):
            problems["logo_png"] = _("Berkas logo bukan gambar PNG atau JPEG yang dapat dibaca.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    assert region is not None
    return region.code, full_label(region.code)


def _is_image(data: bytes) -> bool:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.verify()
        return True
    except Exception:
        return False


def needs_setup(session: Session) -> bool:
    """True on a fresh database: no own office or no user yet (the first-run wizard is shown)."""
    has_office = session.scalar(select(func.count(Office.id)).where(Office.is_own.is_(True))) or 0
    has_user = session.scalar(select(func.count(UserAccount.id))) or 0
    return not (has_office and has_user)


def get_own_office(session: Session) -> OfficeInfo:
    office = session.scalar(select(Office).where(Office.is_own.is_(True)))
    if office is None:
        raise NotFound(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    return _info(office)


def complete_setup(
    session: Session, office_data: OfficeInput, admin: users.UserInput
) -> tuple[OfficeInfo, users.UserInfo]:
    """First run: create this database's own office and its first administrator, in one transaction."""
    if not needs_setup(session):
        raise ValidationError(_("Penyiapan awal sudah pernah dilakukan untuk basis data ini."))
    problems: dict[str, str] = {}
    try:
        region_code, region_name = _validate(office_data)
    except ValidationError as exc:
        problems.update(exc.fields)
    admin.roles = ["admin"]
    try:
        users.validate_user_input(session, admin, new=True)
    except ValidationError as exc:
        problems.update({f"admin_{k}": v for k, v in exc.fields.items()})
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    # An own office without any user (an interrupted setup) is completed, never doubled.
    office = session.scalar(select(Office).where(Office.is_own.is_(True)))
    if office is None:
        office = Office(**_office_values(office_data, region_code, region_name), is_own=True)
        session.add(office)
    else:
        apply_changes(office, _office_values(office_data, region_code, region_name))
    session.flush()
    system = Actor.system(office.id)
    audit.record(session, system, "office.created", "office", office.id, summary=office.name)
    session.flush()
    # create_user commits: office, admin and both audit events land together.
    user = users.create_user(session, system, admin)
    return _info(office), user


def _office_values(data: OfficeInput, region_code: str, region_name: str) -> dict[str, object]:
    return {
        "name": data.name.strip(),
        "unit": data.unit.strip(),
        "code": data.code.strip(),
        "region_code": region_code,
        "region_name": region_name,
        "place_name": data.place_name.strip(),
        "letterhead_lines": [ln.strip() for ln in data.letterhead_lines if ln.strip()],
        "address": data.address.strip(),
        "phone": data.phone.strip(),
        "email": data.email.strip(),
        "website": data.website.strip(),
        "logo_png": data.logo_png,
    }


def update_office(session: Session, actor: Actor, data: OfficeInput, version_id: int) -> OfficeInfo:
    actor.require("office.manage")
    office = session.scalar(select(Office).where(Office.is_own.is_(True)))
    if office is None:
        raise NotFound(_("Data kantor belum diisi."))
    check_version(office, version_id, _("Data kantor"))
    region_code, region_name = _validate(data)
    changes = apply_changes(office, _office_values(data, region_code, region_name))
    if changes:
        audit.record(session, actor, "office.updated", "office", office.id, summary=office.name, changes=changes)
    commit(session, _("Data kantor"))
    return _info(office)
