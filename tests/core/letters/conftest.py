"""Fixtures for letters, receipts and return reports: an office with kop and logo, its signatories (Kepala Dinas,
a.n. Sekretaris, PPTK, bendahara), fund and budget line, fares, a person in care with belongings, and approved plans
(Kota Bekasi direct; Kabupaten Banyumas by relay through Jawa Barat and Jawa Tengah).

People and stays are rows (as in tests/core/returns); everything about returns goes through the services.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlalchemy import select

from kesos_desktop.core.models import Belonging, Institution, Office, Person, Stay
from kesos_desktop.core.services import (
    auth,
    office,
    relay,
    returns,
    returns_budget,
    returns_settings,
    returns_status,
)
from kesos_desktop.core.services.returns import EscortInput, LegInput, PlanInput
from tests.factories import make_user

YEAR = date.today().year
NIK = "3302011403780003"
TODAY = date.today()


@pytest.fixture
def letter_artifacts(artifacts: Path) -> Path:
    folder = artifacts / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_text(pdf: bytes) -> str:
    """All pages' text with runs of whitespace collapsed (line breaks from wrapping become spaces)."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def save_pngs(pdf: bytes, folder: Path, name: str, dpi: int = 110) -> list[Path]:
    """Every page rasterised by PDFium (not by our own drawing code), plus the PDF beside them."""
    for old in folder.glob(f"{name}-[0-9]*.png"):
        old.unlink()
    (folder / f"{name}.pdf").write_bytes(pdf)
    doc = pdfium.PdfDocument(pdf)
    paths = []
    try:
        for i in range(len(doc)):
            path = folder / f"{name}-{i + 1}.png"
            doc[i].render(scale=dpi / 72).to_pil().convert("RGB").save(path)
            paths.append(path)
    finally:
        doc.close()
    return paths


def _logo() -> bytes:
    img = Image.new("RGBA", (300, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon(
        [(150, 4), (292, 58), (272, 262), (150, 356), (28, 262), (8, 58)],
        fill=(190, 25, 30, 255),
        outline=(0, 0, 0, 255),
        width=6,
    )
    draw.ellipse((95, 115, 205, 225), fill=(240, 195, 40, 255), outline=(0, 0, 0, 255), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@dataclass(frozen=True)
class Setup:
    admin: object
    pimpinan: object
    budget_line_id: int
    fund_source_id: int
    kepala_id: uuid.UUID
    sekretaris_id: uuid.UUID


@pytest.fixture
def world(db, admin) -> Setup:  # type: ignore[no-untyped-def]
    """Office kop and logo, relay network, signatories, fund source + budget line, fares, a pimpinan."""
    with db.write() as s:
        info = office.get_own_office(s)
        office.update_office(
            s,
            admin,
            office.OfficeInput(
                name=info.name,
                region_code=info.region_code,
                unit=info.unit,
                code=info.code,
                place_name=info.place_name,
                letterhead_lines=["PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA", "DINAS SOSIAL"],
                address="Jalan Gunung Sahari II Nomor 5, Jakarta Pusat 10610",
                phone="(021) 4265115",
                email="dinsos@jakarta.go.id",
                website="dinsos.jakarta.go.id",
                logo_png=_logo(),
            ),
            info.version_id,
        )
    with db.write() as s:
        relay.seed_relay_network(s)
        s.commit()
    signatories = [
        returns_settings.SignatoryInput(
            name="Drs. H. BAMBANG SUTRISNO, M.Si.",
            jabatan="Kepala Dinas Sosial Provinsi DKI Jakarta",
            nip="196804111993031009",
            pangkat="Pembina Utama Muda (IV/c)",
            is_default=True,
        ),
        returns_settings.SignatoryInput(
            name="Dra. RINA MARLINA, M.M.",
            jabatan="Sekretaris",
            nip="197203152000032004",
            pangkat="Pembina Tingkat I (IV/b)",
            prefix="a.n.",
            on_behalf_of="Kepala Dinas Sosial Provinsi DKI Jakarta",
            kinds="surat_pengantar surat_jalan",
            is_default=True,
            sort_order=1,
        ),
        returns_settings.SignatoryInput(
            name="AHMAD FAUZI, S.E.",
            jabatan="Pejabat Pelaksana Teknis Kegiatan",
            nip="198001012006041003",
            pangkat="Penata Tingkat I (III/d)",
            kinds="pptk",
            sort_order=2,
        ),
        returns_settings.SignatoryInput(
            name="SRI MULYANI, S.E.",
            jabatan="Bendahara Pengeluaran",
            nip="197905052005012003",
            pangkat="Penata (III/c)",
            kinds="bendahara",
            sort_order=3,
        ),
    ]
    ids = []
    for data in signatories:
        with db.write() as s:
            ids.append(returns_settings.save_signatory(s, admin, data).id)
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
    fares = [
        returns_budget.FareInput(60_000, mode="bus", from_office="DINSOS-31", to_office="DINSOS-32.75"),
        returns_budget.FareInput(175_000, mode="bus", from_office="DINSOS-31", to_office="DINSOS-32", carrier="DAMRI"),
    ]
    for fare in fares:
        with db.write() as s:
            returns_budget.save_fare(s, admin, fare)
    make_user(db, admin, "kadis", ["pimpinan"])
    with db.write() as s:
        pimpinan = auth.login(s, "kadis", "sandi12345")
    return Setup(admin, pimpinan, line.id, source.id, ids[0], ids[1])


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
    nik: str | None = NIK,
    birth_date: date | None = date(1978, 3, 14),
    belongings: tuple[tuple[str, int], ...] = (("Tas ransel hitam berisi pakaian", 1), ("Telepon genggam", 1)),
) -> Resident:
    """A person in care (open stay at the office's panti) with recorded belongings."""
    _counter["n"] += 1
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
            registration_no=f"WB-{YEAR}-{_counter['n']:06d}-{uuid.uuid4().hex[:3]}",
            full_name=name,
            sex="L",
            birth_date=birth_date,
            birth_place="Banyumas",
            nik=nik,
            origin_region_code="33.02.01.2001",
            origin_region_name="Desa Cirahab, Kecamatan Lumbir, Kabupaten Banyumas, Provinsi Jawa Tengah",
            origin_address="RT 002/RW 004",
            in_care=True,
            current_institution_id=institution.id,
            stay_count=1,
        )
        s.add(person)
        s.flush()
        stay = Stay(id=uuid.uuid4(), person_id=person.id, institution_id=institution.id, admitted_on=date(YEAR, 1, 5))
        s.add(stay)
        s.flush()
        for description, quantity in belongings:
            s.add(Belonging(stay_id=stay.id, description=description, quantity=quantity))
        s.commit()
        return Resident(person.id, stay.id, person.registration_no)


def _approve(db, w: Setup, plan) -> object:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return returns_status.approve_plan(s, w.pimpinan, plan.id, plan.version_id)


def bekasi_plan(db, w: Setup, resident: Resident, *, approve: bool = True, meal: int = 50_000, pocket: int = 100_000):  # type: ignore[no-untyped-def]
    """One leg DKI → Dinsos Kota Bekasi by bus: Rp60.000 + 1 day × (uang makan + uang saku), an escort."""
    legs = [
        LegInput(
            "DINSOS-31",
            "DINSOS-32.75",
            "bus",
            budget_line_id=w.budget_line_id,
            days=1,
            meal_per_day=meal,
            pocket_per_day=pocket,
            travel_date=TODAY,
            escorts=[
                EscortInput("Dedi Kurniawan, S.Sos.", nip="198502122010011015", jabatan="Pekerja Sosial Ahli Muda")
            ],
        )
    ]
    with db.write() as s:
        plan = returns.create_plan(
            s,
            w.admin,
            PlanInput(
                person_id=resident.person_id,
                destination_region_code="32.75",
                destination_address="Jl. Raya Kalimalang No. 12, RT 003/RW 007",
                receiver_name="Siti Aminah",
                receiver_relation="ISTRI",
                planned_departure_on=TODAY,
                legs=legs,
            ),
        )
    return _approve(db, w, plan) if approve else plan


def banyumas_plan(db, w: Setup, resident: Resident):  # type: ignore[no-untyped-def]
    """Relay DKI → Jawa Barat (bus DAMRI, ours) → Jawa Tengah (Jabar's) → Kabupaten Banyumas (Jateng's)."""
    legs = [
        LegInput(
            "DINSOS-31",
            "DINSOS-32",
            "bus",
            carrier="DAMRI",
            budget_line_id=w.budget_line_id,
            days=2,
            meal_per_day=50_000,
            pocket_per_day=100_000,
            travel_date=TODAY,
            escorts=[
                EscortInput("Dedi Kurniawan, S.Sos.", nip="198502122010011015", jabatan="Pekerja Sosial Ahli Muda")
            ],
        ),
        LegInput("DINSOS-32", "DINSOS-33", "bus", travel_date=TODAY),
        LegInput("DINSOS-33", "DINSOS-33.02", "kendaraan_dinas", travel_date=TODAY),
    ]
    with db.write() as s:
        plan = returns.create_plan(
            s,
            w.admin,
            PlanInput(
                person_id=resident.person_id,
                destination_region_code="33.02.01.2001",
                destination_address="RT 002/RW 004",
                receiver_name="Karto Suwiryo",
                receiver_relation="AYAH",
                planned_departure_on=TODAY,
                legs=legs,
            ),
        )
    return _approve(db, w, plan)


@pytest.fixture
def resident(db, world) -> Resident:  # type: ignore[no-untyped-def]
    return make_resident(db)


@pytest.fixture
def text_of() -> Callable[[bytes], str]:
    return pdf_text
