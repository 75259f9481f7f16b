"""Demo and scale data: a demo office with its users and institutions, and up to 100,000+ synthetic residents.

The office and its users are made through the services. Institutions, residents, categories, stays and their
timeline are the program's own synthetic data: they go in with executemany per table in one write transaction
(demo_write.py), with their search-index rows and one ``demo.generated`` audit event.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from random import Random

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from kesos_desktop.core.db import Database
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.models import (
    Institution,
    NumberSequence,
    Office,
    Person,
    PersonCategory,
    PersonEvent,
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
    PERSON_COLUMNS,
    STAY_COLUMNS,
    Batch,
    ResidentFactory,
)
from kesos_desktop.core.services.demo_places import ensure_institutions, load_refs
from kesos_desktop.core.services.demo_write import Codec, TableWriter, table_of
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
# SQLite page cache during generation (KiB). With time-ordered ids most index writes are appends, so 32 MB and
# 256 MB gave the same time at 100,000 residents (measured); the default 2 MB spilled pages to the WAL mid-way.
BULK_CACHE_KIB = 64 * 1024


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


@dataclass
class _Totals:
    with_nik: int = 0
    stays: int = 0
    open_stays: int = 0
    categories: int = 0
    first_no: str = ""
    last_no: str = ""
    cancelled: bool = False

    def add(self, batch: Batch) -> None:
        self.with_nik += batch.with_nik
        self.stays += len(batch.stays)
        self.open_stays += batch.open_stays
        self.categories += len(batch.categories)
        self.first_no = self.first_no or batch.first_number
        self.last_no = batch.last_number


def _generate(
    db: Database,
    office_id: uuid.UUID,
    residents: int,
    seed: int,
    progress: Progress,
    today: date,
    actor: Actor | None,
) -> DemoResult:
    """Everything after the office in one write transaction: committed whole, or rolled back whole on cancel."""
    rng = Random(seed)
    actor = actor or Actor.system(office_id)
    progress.set_total(residents)
    with db.write() as session:
        conn = session.connection()
        with _big_cache(conn):
            places = ensure_institutions(conn, session, office_id, residents, rng)
            start_numbers = _registration_numbers(session, office_id)
            factory = _factory(session, conn, office_id, rng, today, residents, actor, start_numbers)
            totals = _write_residents(session, conn, factory, residents, progress)
            if not totals.cancelled:
                _save_sequences(session, office_id, start_numbers, factory.last_numbers)
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
                        "stays": [None, totals.stays],
                        "seed": [None, seed],
                        "registration_no": [totals.first_no, totals.last_no],
                    },
                )
                session.flush()
        if totals.cancelled:
            session.rollback()
            raise Cancelled()
        session.commit()
    institutions, rooms, beds = places
    return DemoResult(
        office_id=office_id,
        residents=residents,
        with_nik=totals.with_nik,
        stays=totals.stays,
        open_stays=totals.open_stays,
        categories=totals.categories,
        institutions=institutions,
        rooms=rooms,
        beds=beds,
        users_created=(),
        first_registration_no=totals.first_no,
        last_registration_no=totals.last_no,
        seconds=0.0,
        seed=seed,
    )


def _registration_numbers(session: Session, office_id: uuid.UUID) -> dict[int, int]:
    """Last registration number used per year (the sequence rows intake allocates from)."""
    key = (NumberSequence.office_id == office_id) & (NumberSequence.name == REGISTRATION_SEQUENCE)
    return {row.year: row.last_value for row in session.scalars(select(NumberSequence).where(key))}


def _factory(
    session: Session,
    conn: Connection,
    office_id: uuid.UUID,
    rng: Random,
    today: date,
    residents: int,
    actor: Actor,
    start_numbers: dict[int, int],
) -> ResidentFactory:
    codec = Codec(conn.dialect.name == "sqlite", Random())
    return ResidentFactory(
        rng,
        load_refs(session, office_id, rng, codec),
        codec,
        today=today,
        total=residents,
        recorded_by=actor.username,
        # A second run on the same database must not repeat a NIK or a registration number.
        existing_niks=set(session.scalars(select(Person.nik).where(Person.nik.is_not(None)))),
        existing_numbers=set(session.scalars(select(Person.registration_no).where(Person.office_id == office_id))),
        last_numbers=dict(start_numbers),
    )


def _write_residents(
    session: Session, conn: Connection, factory: ResidentFactory, residents: int, progress: Progress
) -> _Totals:
    """Make and insert residents chunk by chunk (with their search-index rows), checking for cancel in between."""
    writers = (
        TableWriter(conn, table_of(Person), PERSON_COLUMNS),
        TableWriter(conn, table_of(PersonCategory), CATEGORY_COLUMNS),
        TableWriter(conn, table_of(Stay), STAY_COLUMNS),
        TableWriter(conn, table_of(PersonEvent), EVENT_COLUMNS),
    )
    totals = _Totals(cancelled=progress.cancelled())
    for start in range(0, residents, CHUNK_SIZE):
        if totals.cancelled:
            break
        batch = Batch()
        end = min(start + CHUNK_SIZE, residents)
        for index in range(start, end):
            factory.make(index, batch)
        for writer, rows in zip(writers, (batch.persons, batch.categories, batch.stays, batch.events), strict=True):
            writer.write(rows)
        search_index.add_new_people(session, batch.search_rows())
        totals.add(batch)
        progress.advance(
            len(batch.persons),
            ngettext(
                "{done} dari {total} warga binaan contoh dibuat",
                "{done} dari {total} warga binaan contoh dibuat",
                residents,
            ).format(done=_number(end), total=_number(residents)),
        )
        totals.cancelled = progress.cancelled()
    return totals


@contextmanager
def _big_cache(conn: Connection) -> Iterator[None]:
    """A larger SQLite page cache while bulk-inserting, so one transaction of 100,000 residents does not spill."""
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
