"""Fixtures for pemulangan tests: the seeded relay network, people with open stays, fares, budget, signatory, users.

People and stays are written as rows here (the intake and stay services are tested elsewhere and still moving);
everything about returns goes through the return services.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from kesos_desktop.core.models import Institution, Office, Person, PersonPhoto, Stay
from kesos_desktop.core.services import auth, relay, returns, returns_budget, returns_settings, returns_status
from kesos_desktop.core.services.returns import EscortInput, LegInput, PlanInput
from tests.factories import make_user

YEAR = date.today().year


@pytest.fixture
def returns_artifacts(artifacts: Path) -> Path:
    folder = artifacts / "returns"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def network(db, admin):  # type: ignore[no-untyped-def]
    """The relay network seeded from resources/data (a no-op if reference seeding already did it)."""
    with db.write() as s:
        relay.seed_relay_network(s)
        s.commit()
    return admin


def _photo() -> bytes:
    img = Image.new("RGB", (300, 400), (210, 220, 235))
    draw = ImageDraw.Draw(img)
    draw.ellipse((90, 60, 210, 200), fill=(180, 140, 110))
    draw.rectangle((60, 220, 240, 400), fill=(40, 70, 120))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


@dataclass(frozen=True)
class Resident:
    person_id: uuid.UUID
    stay_id: uuid.UUID
    registration_no: str


_counter = {"n": 0}


def make_resident(
    db,  # type: ignore[no-untyped-def]
    *,
    name: str = "Sutrisno bin Karto",
    birth_date: date | None = date(1978, 3, 14),
    nik: str | None = None,
    sex: str = "L",
    photo: bool = True,
    origin: str = "33.02.01.2001",
) -> Resident:
    """A person in care (an open stay at a UPT panti of the office), with a photo."""
    _counter["n"] += 1
    n = _counter["n"]
    with db.write() as s:
        office_id = s.scalar(select(Office.id).where(Office.is_own.is_(True)))
        institution = s.scalar(select(Institution).where(Institution.office_id == office_id))
        if institution is None:
            institution = Institution(
                id=uuid.uuid4(), office_id=office_id, type_code="UPT_PROV", name="Panti Sosial Bina Insan Bangun Daya 1"
            )
            s.add(institution)
            s.flush()
        person = Person(
            id=uuid.uuid4(),
            office_id=office_id,
            registration_no=f"WB-{YEAR}-{n:06d}-{uuid.uuid4().hex[:4]}",
            full_name=name,
            sex=sex,
            birth_date=birth_date,
            nik=nik,
            origin_region_code=origin,
            in_care=True,
            current_institution_id=institution.id,
            stay_count=1,
        )
        s.add(person)
        s.flush()
        if photo:
            s.add(PersonPhoto(person_id=person.id, image=_photo(), mime="image/jpeg", sha256=uuid.uuid4().hex * 2))
        stay = Stay(id=uuid.uuid4(), person_id=person.id, institution_id=institution.id, admitted_on=date(YEAR, 1, 5))
        s.add(stay)
        s.commit()
        return Resident(person.id, stay.id, person.registration_no)


@pytest.fixture
def resident(db, network) -> Resident:  # type: ignore[no-untyped-def]
    return make_resident(db, nik="3302011403780003")


@pytest.fixture
def pimpinan(db, admin):  # type: ignore[no-untyped-def]
    make_user(db, admin, "kadis", ["pimpinan"])
    with db.write() as s:
        return auth.login(s, "kadis", "sandi12345")


@pytest.fixture
def worker(db, admin):  # type: ignore[no-untyped-def]
    make_user(db, admin, "peksos", ["pekerja_sosial"])
    with db.write() as s:
        return auth.login(s, "peksos", "sandi12345")


@pytest.fixture
def budget_line(db, admin) -> int:  # type: ignore[no-untyped-def]
    """APBD pemulangan line of this year: Rp5.000.000."""
    with db.write() as s:
        source = returns_budget.save_fund_source(
            s, admin, returns_budget.FundSourceInput("APBD", "APBD Provinsi DKI Jakarta", "APBD")
        )
    with db.write() as s:
        line = returns_budget.save_budget_line(
            s,
            admin,
            returns_budget.BudgetLineInput(
                source.id, YEAR, "Belanja bantuan pemulangan orang terlantar", 5_000_000, code="5.1.02.99"
            ),
        )
    return line.id


@pytest.fixture
def fares(db, network) -> None:  # type: ignore[no-untyped-def]
    """Office tariffs: DKI → Jawa Barat and DKI → Banten by bus, DKI → Papua by ship, DKI → Kota Bekasi by bus."""
    admin = network
    rows = [
        returns_budget.FareInput(175_000, mode="bus", from_office="DINSOS-31", to_office="DINSOS-32", carrier="DAMRI"),
        returns_budget.FareInput(150_000, mode="bus", from_office="DINSOS-31", to_office="DINSOS-36", carrier="DAMRI"),
        returns_budget.FareInput(
            1_250_000, mode="kapal", from_region_prefix="31", to_region_prefix="9", carrier="PELNI"
        ),
        returns_budget.FareInput(60_000, mode="bus", from_office="DINSOS-31", to_office="DINSOS-32.75"),
    ]
    for fare in rows:
        with db.write() as s:
            returns_budget.save_fare(s, admin, fare)


@pytest.fixture
def signatory(db, admin):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return returns_settings.save_signatory(
            s,
            admin,
            returns_settings.SignatoryInput(
                name="Drs. H. BAMBANG SUTRISNO, M.Si.",
                jabatan="Kepala Dinas Sosial Provinsi DKI Jakarta",
                nip="196804111993031009",
                pangkat="Pembina Utama Muda (IV/c)",
                is_default=True,
            ),
        )


def approved_plan(db, admin, pimpinan, resident: Resident, line_id: int, destination: str = "32.75"):  # type: ignore[no-untyped-def]
    """Kota Bekasi: one leg DKI → Dinsos Kota Bekasi, fare Rp60.000 + 1 day × (Rp50.000 + Rp100.000), an escort."""
    with db.read() as s:
        proposal = returns.propose_for_person(s, admin, destination)
    legs = [
        LegInput.from_proposal(
            leg,
            mode="bus" if leg.mode_hint == "kendaraan_dinas" else leg.mode_hint,
            budget_line_id=line_id if i == 0 else None,
            days=1,
            meal_per_day=50_000 if i == 0 else 0,
            pocket_per_day=100_000 if i == 0 else 0,
            travel_date=date.today(),
            escorts=[EscortInput("Dedi Kurniawan", fare_amount=60_000, meal_per_day=75_000)] if i == 0 else [],
        )
        for i, leg in enumerate(proposal.legs)
    ]
    with db.write() as s:
        plan = returns.create_plan(
            s,
            admin,
            PlanInput(
                person_id=resident.person_id,
                destination_region_code=destination,
                destination_address="Jl. Raya Kalimalang No. 12, RT 003/RW 007",
                receiver_name="Siti Aminah",
                planned_departure_on=date.today(),
                legs=legs,
            ),
        )
    with db.write() as s:
        return returns_status.approve_plan(s, pimpinan, plan.id, plan.version_id)
