"""Demo and scale data: a demo office with its users and institutions, and up to 100,000+ synthetic residents.

The office and its users are made through the services. Institutions, residents, categories and stays are the
program's own synthetic data and go in with Core ``insert()`` executemany in one write transaction (measured:
the ORM would be several times slower at 100,000 residents), with one ``demo.generated`` audit event.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from random import Random
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from kesos_desktop.core.db import Database
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.models import (
    Bed,
    Category,
    ExitReason,
    Institution,
    InstitutionType,
    NumberSequence,
    Office,
    Person,
    PersonCategory,
    PersonEvent,
    ReferralSource,
    Room,
    Stay,
    UserAccount,
)
from kesos_desktop.core.progress import Cancelled, Progress, as_progress
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, office, search_index, users
from kesos_desktop.core.services import demo_data as d
from kesos_desktop.core.services.demo_people import (
    CATEGORY_COLUMNS,
    EVENT_COLUMNS,
    IN_CARE_TARGET,
    PERSON_COLUMNS,
    STAY_COLUMNS,
    Batch,
    BedRef,
    ExitInfo,
    InstitutionRef,
    Refs,
    ResidentFactory,
)
from kesos_desktop.core.services.demo_write import Codec, TableWriter
from kesos_desktop.core.services.residents_identity import REGISTRATION_SEQUENCE
from kesos_desktop.core.services.residents_identity import format_registration_number as registration_number

__all__ = [
    "DEMO_ADMIN",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "REGISTRATION_SEQUENCE",
    "DemoCredentials",
    "DemoResult",
    "ensure_demo",
    "generate_demo",
    "registration_number",
]

log = logging.getLogger(__name__)

DEMO_ADMIN = "demo"
# Shown on the login screen of the demo database; never used outside it.
DEMO_PASSWORD = "demo12345"
# Office.code of a demo office: letter and voucher numbers printed from it read ".../DEMO/...".
DEMO_OFFICE_CODE = "DEMO"
CHUNK_SIZE = 5000
MAX_RESIDENTS = 1_000_000
# Above this many units of one kind, units get bigger instead of more numerous.
MAX_UNITS_PER_PLAN = 6
BED_HEADROOM = 1.3
# SQLite page cache during generation (KiB); only pages actually touched take memory.
BULK_CACHE_KIB = 256 * 1024


@dataclass(frozen=True)
class DemoCredentials:
    username: str
    password: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    nip: str = ""
    jabatan: str = ""


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(DEMO_ADMIN, "Admin Demo", "admin", jabatan="Administrator Sistem"),
    DemoUser("pimpinan", "Drs. Bambang Sutrisno, M.Si.", "pimpinan", "196804111993031009", "Kepala Dinas Sosial"),
    DemoUser("peksos", "Rina Marlina, S.Sos.", "pekerja_sosial", "198505122010012003", "Pekerja Sosial Ahli Muda"),
    DemoUser("petugas", "Agus Setiawan", "petugas_administrasi", jabatan="Pengadministrasi Umum"),
    DemoUser("auditor", "Dewi Lestari, S.E.", "auditor", jabatan="Auditor Inspektorat"),
    # Tied to the partner pesantren once it exists (a partner user must have an institution).
    DemoUser("mitra", "Ust. Ahmad Fauzi", "mitra", jabatan="Pengasuh Pondok Pesantren"),
)


@dataclass(frozen=True)
class DemoResult:
    office_id: uuid.UUID
    residents: int
    with_nik: int
    stays: int
    open_stays: int
    categories: int
    institutions: int
    rooms: int
    beds: int
    users_created: tuple[str, ...]
    first_registration_no: str
    last_registration_no: str
    seconds: float
    seed: int


def demo_office_input() -> office.OfficeInput:
    return office.OfficeInput(
        name="Dinas Sosial Provinsi DKI Jakarta (DEMO)",
        region_code="31",
        unit="Bidang Rehabilitasi Sosial",
        code=DEMO_OFFICE_CODE,
        place_name="Jakarta",
        letterhead_lines=[
            "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
            "DINAS SOSIAL",
            "DATA CONTOH - BUKAN DOKUMEN RESMI",
        ],
        address="Jl. Gunung Sahari II No. 5, Jakarta Pusat 10610",
        phone="(021) 4265115",
        email="demo@contoh.kesos.invalid",
    )


# ----------------------------------------------------------------------------------------------- public API


def generate_demo(
    db: Database,
    *,
    residents: int,
    seed: int = 1,
    progress: Progress | Callable[[int, int, str], object] | None = None,
    today: date | None = None,
    actor: Actor | None = None,
    allow_real_office: bool = False,
) -> DemoResult:
    """Add ``residents`` synthetic residents (same seed, same people); set up a demo office first if there is none.

    Refuses (ValidationError) a database whose own office is a real one unless ``allow_real_office``. Cancelling
    through ``progress`` rolls the residents back and raises ``Cancelled``.
    """
    if actor is not None:
        actor.require("demo.generate")
    if not isinstance(residents, int) or not 1 <= residents <= MAX_RESIDENTS:
        message = _("Jumlah warga binaan contoh harus antara 1 dan {max}.").format(max=MAX_RESIDENTS)
        raise ValidationError(message, {"residents": message})
    started = time.perf_counter()
    reporter = as_progress(progress)
    today = today or date.today()
    office_id, created = _ensure_office(db, allow_real_office)
    result = _generate(db, office_id, residents, seed, reporter, today, actor)
    created += _ensure_partner_user(db, office_id)
    seconds = time.perf_counter() - started
    log.info("demo: %d residents, %d stays in %.1f s", result.residents, result.stays, seconds)
    return replace(result, users_created=tuple(created), seconds=seconds)


def ensure_demo(
    db: Database, *, residents: int = 2000, progress: Progress | Callable[[int, int, str], object] | None = None
) -> DemoCredentials:
    """For ``kesos-desktop --demo``: fill an empty database once; afterwards just give the demo sign-in."""
    with db.read() as session:
        has_people = session.scalar(select(func.count()).select_from(Person)) or 0
    if not has_people:
        generate_demo(db, residents=residents, progress=progress)
    return DemoCredentials(DEMO_ADMIN, DEMO_PASSWORD)


# ------------------------------------------------------------------------------------------- office & users


def _ensure_office(db: Database, allow_real_office: bool) -> tuple[uuid.UUID, list[str]]:
    with db.write() as session:
        own = session.scalar(select(Office).where(Office.is_own.is_(True)))
        if own is not None:
            if own.code != DEMO_OFFICE_CODE and not allow_real_office:
                message = _(
                    "Basis data ini berisi data kantor {name}, bukan kantor contoh. Data contoh tidak ditambahkan "
                    "ke basis data sungguhan; gunakan basis data contoh tersendiri."
                ).format(name=own.name)
                raise ValidationError(message, {"database": message})
            return own.id, []
        admin, *others = (u for u in DEMO_USERS if u.role != "mitra")
        info, _admin = office.complete_setup(session, demo_office_input(), _user_input(admin))
        created = [admin.username]
        system = Actor.system(info.id)
        for user in others:
            users.create_user(session, system, _user_input(user))
            created.append(user.username)
        return info.id, created


def _user_input(user: DemoUser, institution_id: uuid.UUID | None = None) -> users.UserInput:
    return users.UserInput(
        username=user.username,
        full_name=user.full_name,
        roles=[user.role],
        password=DEMO_PASSWORD,
        nip=user.nip,
        jabatan=user.jabatan,
        institution_id=institution_id,
    )


def _ensure_partner_user(db: Database, office_id: uuid.UUID) -> list[str]:
    partner = next(u for u in DEMO_USERS if u.role == "mitra")
    with db.write() as session:
        own = session.get(Office, office_id)
        if own is None or own.code != DEMO_OFFICE_CODE:
            return []
        if session.scalar(select(UserAccount.id).where(UserAccount.username == partner.username)) is not None:
            return []
        institution_id = None
        for type_code in d.KIND_TYPE_CODES[d.PESANTREN]:  # a pesantren first, else the next best partner
            institution_id = session.scalar(
                select(Institution.id)
                .where(Institution.office_id == office_id, Institution.is_partner.is_(True))
                .where(Institution.type_code == type_code)
                .order_by(Institution.name)
                .limit(1)
            )
            if institution_id is not None:
                break
        if institution_id is None:
            return []
        users.create_user(session, Actor.system(office_id), _user_input(partner, institution_id))
        return [partner.username]


# ------------------------------------------------------------------------------------------------ the bulk


def _generate(
    db: Database,
    office_id: uuid.UUID,
    residents: int,
    seed: int,
    progress: Progress,
    today: date,
    actor: Actor | None,
) -> DemoResult:
    rng = Random(seed)
    progress.set_total(residents)
    with db.write() as session:
        conn = session.connection()
        with _big_cache(conn):
            inst_count, room_count, bed_count = _ensure_institutions(conn, session, office_id, residents, rng)
            codec = Codec(conn.dialect.name == "sqlite", Random())
            refs = _load_refs(session, office_id, rng, codec)
            existing_niks = set(session.scalars(select(Person.nik).where(Person.nik.is_not(None))))
            existing_numbers = set(session.scalars(select(Person.registration_no).where(Person.office_id == office_id)))
            sequence_key = (NumberSequence.office_id == office_id) & (NumberSequence.name == REGISTRATION_SEQUENCE)
            start_numbers = {
                row.year: row.last_value for row in session.scalars(select(NumberSequence).where(sequence_key))
            }
            actor = actor or Actor.system(office_id)
            factory = ResidentFactory(
                rng,
                refs,
                codec,
                today=today,
                total=residents,
                recorded_by=actor.username,
                existing_niks=existing_niks,
                existing_numbers=existing_numbers,
                last_numbers=dict(start_numbers),
            )
            writers = (
                TableWriter(conn, Person.__table__, PERSON_COLUMNS),
                TableWriter(conn, PersonCategory.__table__, CATEGORY_COLUMNS),
                TableWriter(conn, Stay.__table__, STAY_COLUMNS),
                TableWriter(conn, PersonEvent.__table__, EVENT_COLUMNS),
            )
            totals = {"with_nik": 0, "stays": 0, "open": 0, "categories": 0}
            first_no = last_no = ""
            cancelled = progress.cancelled()
            for start in range(0, residents, CHUNK_SIZE):
                if cancelled:
                    break
                batch = Batch()
                for index in range(start, min(start + CHUNK_SIZE, residents)):
                    factory.make(index, batch)
                for writer, rows in zip(
                    writers, (batch.persons, batch.categories, batch.stays, batch.events), strict=True
                ):
                    writer.write(rows)
                first_no = first_no or batch.first_number
                last_no = batch.last_number
                totals["with_nik"] += batch.with_nik
                totals["stays"] += len(batch.stays)
                totals["open"] += batch.open_stays
                totals["categories"] += len(batch.categories)
                done = min(start + CHUNK_SIZE, residents)
                progress.advance(
                    len(batch.persons),
                    ngettext(
                        "{done} dari {total} warga binaan contoh dibuat",
                        "{done} dari {total} warga binaan contoh dibuat",
                        residents,
                    ).format(done=_number(done), total=_number(residents)),
                )
                cancelled = progress.cancelled()
            if not cancelled:
                _save_sequences(session, office_id, start_numbers, factory.last_numbers)
                # The search index is rebuilt whole, as after any bulk load (search_index owns its format).
                search_index.rebuild_search_index(session)
                audit.record(
                    session,
                    actor,
                    "demo.generated",
                    "office",
                    office_id,
                    summary=ngettext(
                        "Data contoh dibuat: {n} warga binaan", "Data contoh dibuat: {n} warga binaan", residents
                    ).format(n=_number(residents)),
                    changes={
                        "residents": [None, residents],
                        "stays": [None, totals["stays"]],
                        "seed": [None, seed],
                        "registration_no": [first_no, last_no],
                    },
                )
                session.flush()
        if cancelled:
            session.rollback()
            raise Cancelled()
        session.commit()
    return DemoResult(
        office_id=office_id,
        residents=residents,
        with_nik=totals["with_nik"],
        stays=totals["stays"],
        open_stays=totals["open"],
        categories=totals["categories"],
        institutions=inst_count,
        rooms=room_count,
        beds=bed_count,
        users_created=(),
        first_registration_no=first_no,
        last_registration_no=last_no,
        seconds=0.0,
        seed=seed,
    )


@contextmanager
def _big_cache(conn: Connection) -> Iterator[None]:
    """A larger SQLite page cache while bulk-inserting: random UUID keys touch index pages all over the file, and
    with the default 2 MB cache the same 100,000 residents took about 1.7x as long (measured)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        # Back to the normal size (frees the pages) before the pooled connection serves anyone else.
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def _number(value: int) -> str:
    from kesos_desktop.core.i18n.formatters import format_number

    return format_number(value)


def _save_sequences(session: Session, office_id: uuid.UUID, before: dict[int, int], after: dict[int, int]) -> None:
    """Later registrations (services.numbering.next_number) continue after the last demo number of each year."""
    dialect = session.get_bind().dialect.name
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    for year, value in sorted(after.items()):
        if value <= before.get(year, 0):
            continue
        stmt = upsert(NumberSequence).values(
            office_id=office_id, name=REGISTRATION_SEQUENCE, year=year, last_value=value
        )
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["office_id", "name", "year"], set_={"last_value": stmt.excluded.last_value}
            )
        )


# -------------------------------------------------------------------------------------------- institutions


def _type_for_kind(type_codes: set[str]) -> dict[str, str]:
    """The institution type each kind uses in this database (first candidate that the type table has)."""
    chosen = {}
    for kind, candidates in d.KIND_TYPE_CODES.items():
        found = next((c for c in candidates if c in type_codes), None)
        if found is not None:
            chosen[kind] = found
    return chosen


def _ensure_institutions(
    conn: Connection, session: Session, office_id: uuid.UUID, residents: int, rng: Random
) -> tuple[int, int, int]:
    """Create the demo institutions, rooms and beds when the office has none; returns the counts created."""
    has_any = session.scalar(select(func.count(Institution.id)).where(Institution.office_id == office_id))
    if has_any:
        return 0, 0, 0
    from kesos_desktop.core.reference.regions import full_label, get_region

    types = dict(session.execute(select(InstitutionType.code, InstitutionType.default_max_stay_days)).all())
    chosen = _type_for_kind(set(types))
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
        conn.execute(insert(Institution.__table__), institutions)
        conn.execute(insert(Room.__table__), rooms)
        conn.execute(insert(Bed.__table__), beds)
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


def _load_refs(session: Session, office_id: uuid.UUID, rng: Random, codec: Codec) -> Refs:
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
    chosen = _type_for_kind(set(types))
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
