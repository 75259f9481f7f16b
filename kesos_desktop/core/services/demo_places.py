"""Demo places: institutions, rooms and beds, the regions residents come from, and what the factory needs."""

from __future__ import annotations

import csv
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from random import Random
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import (
    Bed,
    Category,
    ExitReason,
    Institution,
    InstitutionType,
    ReferralSource,
    Room,
    Stay,
)
from kesos_desktop.core.services import demo_data as d
from kesos_desktop.core.services.demo_write import Codec, table_of

# Share of residents in care that the beds are sized for (the factory leaves about this many stays open).
IN_CARE_TARGET = 0.075
# Above this many units of one kind, units get bigger instead of more numerous.
MAX_UNITS_PER_PLAN = 6
BED_HEADROOM = 1.3


# ----------------------------------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class RegionLists:
    desa_by_province: dict[str, list[str]]
    kecamatan_by_province: dict[str, list[str]]
    names: dict[str, str]  # kab/kota and desa names


_KAB_PREFIX = re.compile(r"^(?:Kabupaten|Kota)(?: Administrasi)? ")


@cache
def region_lists() -> RegionLists:
    """Every current desa and kecamatan code by province, read straight from wilayah.csv (much faster than
    building Region objects for 83,762 desa)."""
    from kesos_desktop.core.resources import resource_path

    desa: dict[str, list[str]] = {}
    kec: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    text = resource_path("data", "wilayah.csv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        code, _sep, name = line.partition(",")
        if name.startswith('"'):  # the few names with a comma or quote
            name = next(csv.reader([name]))[0]
        if len(code) == 13:
            desa.setdefault(code[:2], []).append(code)
            names[code] = name.strip()
        elif len(code) == 8:
            kec.setdefault(code[:2], []).append(code)
        elif len(code) == 5:
            names[code] = name.strip()
    return RegionLists(desa, kec, names)


def bare_regency_name(name: str) -> str:
    """``"Kota Administrasi Jakarta Pusat"`` -> ``"Jakarta Pusat"``, as written for a birth place."""
    return _KAB_PREFIX.sub("", name)


@dataclass(frozen=True)
class InstitutionRef:
    key: Any  # the id in the database's own form (see Codec)
    name: str
    kind: str
    max_stay_days: int | None


@dataclass(frozen=True)
class BedRef:
    room_key: Any
    bed_key: Any
    room_name: str
    bed_label: str


@dataclass(frozen=True)
class ExitInfo:
    label: str
    requires_destination: bool
    requires_target: bool
    requires_text: bool


@dataclass
class Refs:
    """What the factory needs from the database: reference codes, institutions by kind and free beds."""

    office_key: Any
    categories: dict[str, tuple[int | None, int | None]]
    exit_reasons: dict[str, ExitInfo]
    referral_codes: set[str]
    institutions: dict[str, list[InstitutionRef]]
    # (institution key, sex) -> free beds, popped from the end when a stay is left open.
    free_beds: dict[tuple[Any, str], list[BedRef]] = field(default_factory=dict)
    used_beds: set[Any] = field(default_factory=set)


def type_for_kind(type_codes: set[str]) -> dict[str, str]:
    """The institution type each kind uses in this database (first candidate that the type table has)."""
    chosen = {}
    for kind, candidates in d.KIND_TYPE_CODES.items():
        found = next((c for c in candidates if c in type_codes), None)
        if found is not None:
            chosen[kind] = found
    return chosen


def ensure_institutions(
    conn: Connection, session: Session, office_id: uuid.UUID, residents: int, rng: Random
) -> tuple[int, int, int]:
    """Create the demo institutions, rooms and beds when the office has none; returns the counts created."""
    has_any = session.scalar(select(func.count(Institution.id)).where(Institution.office_id == office_id))
    if has_any:
        return 0, 0, 0
    from kesos_desktop.core.reference.regions import full_label, get_region

    types = dict(session.execute(select(InstitutionType.code, InstitutionType.default_max_stay_days)).all())
    chosen = type_for_kind(set(types))
    target = residents * IN_CARE_TARGET
    now = datetime.now(UTC)
    institutions: list[dict[str, Any]] = []
    rooms: list[dict[str, Any]] = []
    beds: list[dict[str, Any]] = []
    for plan in d.INSTITUTION_PLANS:
        type_code = chosen.get(plan.kind)
        if type_code is None:
            continue
        base = plan.male_beds + plan.female_beds
        needed = target * d.BED_SHARE.get(plan.kind, 0.05) * BED_HEADROOM
        units = max(1, min(MAX_UNITS_PER_PLAN, math.ceil(needed / base)))
        scale = max(1.0, needed / (units * base))
        region = get_region(plan.region_code) or get_region(plan.region_code[:5]) or get_region("31")
        region_code = region.code if region else ""
        region_name = full_label(region_code) if region_code else ""
        for unit in range(1, units + 1):
            institution_id = uuid.uuid4()
            numbered = units > 1 or plan.numbered
            name = plan.name.format(n=unit) if numbered else plan.name.replace(" {n}", "")
            short = plan.short_name.format(n=unit) if numbered else plan.short_name.replace(" {n}", "")
            male = math.ceil(plan.male_beds * scale)
            female = math.ceil(plan.female_beds * scale)
            institutions.append(
                {
                    "id": institution_id,
                    "office_id": office_id,
                    "type_code": type_code,
                    "name": name,
                    "short_name": short,
                    "owner_kind": plan.owner_kind,
                    "is_own": not plan.is_partner,
                    "is_partner": plan.is_partner,
                    "region_code": region_code,
                    "region_name": region_name,
                    "address": plan.address,
                    "phone": plan.phone,
                    "capacity_male": male,
                    "capacity_female": female,
                    "max_stay_days": None,
                    "is_active": True,
                    "created_at": now,
                    "updated_at": now,
                    "version_id": 1,
                }
            )
            for sex, count, prefix in (("L", male, plan.rooms[0]), ("P", female, plan.rooms[1])):
                room_total = math.ceil(count / d.BEDS_PER_ROOM)
                for room_no in range(1, room_total + 1):
                    size = count // room_total + (room_no <= count % room_total)
                    room_id = uuid.uuid4()
                    rooms.append(
                        {
                            "id": room_id,
                            "institution_id": institution_id,
                            "name": f"{prefix} {room_no}",
                            "sex": sex,
                            "capacity": size,
                            "is_active": True,
                        }
                    )
                    beds.extend(
                        {"id": uuid.uuid4(), "room_id": room_id, "label": f"{room_no}-{b:02d}", "is_active": True}
                        for b in range(1, size + 1)
                    )
    if institutions:
        conn.execute(insert(table_of(Institution)), institutions)
        conn.execute(insert(table_of(Room)), rooms)
        conn.execute(insert(table_of(Bed)), beds)
    return len(institutions), len(rooms), len(beds)


_FALLBACK_KINDS: dict[str, tuple[str, ...]] = {
    d.RECEPTION: (d.SHELTER, d.GEPENG),
    d.SHELTER: (d.RECEPTION, d.GEPENG),
    d.CHILDREN: (d.LKSA, d.PESANTREN, d.TODDLERS),
    d.TODDLERS: (d.CHILDREN, d.LKSA),
    d.ELDERLY: (d.RECEPTION, d.GEPENG),
    d.WOMEN: (d.RECEPTION, d.GEPENG),
    d.GEPENG: (d.RECEPTION, d.SHELTER),
    d.MENTAL: (d.RECEPTION, d.GEPENG),
    d.DISABILITY: (d.GEPENG, d.RECEPTION),
    d.PESANTREN: (d.LKSA, d.CHILDREN),
    d.LKSA: (d.CHILDREN, d.PESANTREN),
}


def load_refs(session: Session, office_id: uuid.UUID, rng: Random, codec: Codec) -> Refs:
    from kesos_desktop.core.i18n import current_language

    english = current_language() == "en"
    categories = {
        c.code: (c.min_age, c.max_age) for c in session.scalars(select(Category).where(Category.is_active.is_(True)))
    }
    exit_reasons = {
        r.code: ExitInfo(
            r.name_en if english and r.name_en else r.name_id,
            r.requires_destination,
            r.requires_target_institution,
            r.requires_text,
        )
        for r in session.scalars(select(ExitReason).where(ExitReason.is_active.is_(True)))
    }
    referral_codes = set(session.scalars(select(ReferralSource.code).where(ReferralSource.is_active.is_(True))))
    types = dict(session.execute(select(InstitutionType.code, InstitutionType.default_max_stay_days)).all())
    chosen = type_for_kind(set(types))
    rows = session.execute(
        select(Institution.id, Institution.name, Institution.type_code, Institution.max_stay_days)
        .where(Institution.office_id == office_id, Institution.is_active.is_(True))
        .order_by(Institution.name, Institution.id)
    ).all()
    if not rows:
        message = _("Tidak ada lembaga aktif untuk data contoh. Periksa daftar jenis lembaga.")
        raise ValidationError(message, {"institutions": message})
    by_kind: dict[str, list[InstitutionRef]] = {}
    refs_by_id: dict[uuid.UUID, InstitutionRef] = {}
    for kind in d.KIND_TYPE_CODES:
        for row in rows:
            if chosen.get(kind) == row.type_code:
                max_days = row.max_stay_days or types.get(row.type_code)
                ref = refs_by_id.setdefault(row.id, InstitutionRef(codec.id_of(row.id), row.name, kind, max_days))
                by_kind.setdefault(kind, []).append(ref)
    everything = [
        refs_by_id.get(r.id) or InstitutionRef(codec.id_of(r.id), r.name, "", r.max_stay_days or types.get(r.type_code))
        for r in rows
    ]
    for kind in d.KIND_TYPE_CODES:
        if kind not in by_kind:
            by_kind[kind] = next((by_kind[k] for k in _FALLBACK_KINDS[kind] if k in by_kind), everything)
    free_beds = _free_beds(session, office_id, rng, codec)
    return Refs(codec.id_of(office_id), categories, exit_reasons, referral_codes, by_kind, free_beds)


def _free_beds(
    session: Session, office_id: uuid.UUID, rng: Random, codec: Codec
) -> dict[tuple[Any, str], list[BedRef]]:
    """Beds nobody occupies now, by (institution, sex of the room), in a shuffled but seed-determined order."""
    taken = set(session.scalars(select(Stay.bed_id).where(Stay.exited_on.is_(None), Stay.bed_id.is_not(None))))
    rows = session.execute(
        select(Room.institution_id, Room.sex, Room.id, Room.name, Bed.id, Bed.label)
        .join(Bed, Bed.room_id == Room.id)
        .join(Institution, Institution.id == Room.institution_id)
        .where(Institution.office_id == office_id, Room.is_active.is_(True), Bed.is_active.is_(True))
        .order_by(Institution.name, Room.name, Bed.label)
    ).all()
    free: dict[tuple[Any, str], list[BedRef]] = {}
    for institution_id, sex, room_id, room_name, bed_id, bed_label in rows:
        if bed_id in taken:
            continue
        bed = BedRef(codec.id_of(room_id), codec.id_of(bed_id), room_name, bed_label)
        # A mixed room's bed sits in both pools; ResidentFactory marks it used when either pool hands it out.
        for room_sex in (sex,) if sex else ("L", "P"):
            free.setdefault((codec.id_of(institution_id), room_sex), []).append(bed)
    for beds in free.values():
        rng.shuffle(beds)
    return free
