"""Export of the resident list: XLSX and CSV read back, NIK as text, dates as dates, permission, audit, cancel."""

from __future__ import annotations

import csv
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent, Institution, Office, Person, PersonCategory, Stay
from kesos_desktop.core.progress import Cancelled
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import resident_export as rx
from kesos_desktop.core.services.resident_list import ResidentFilter
from kesos_desktop.core.services.search_index import rebuild_search_index

TODAY = date(2026, 11, 28)
ALL_COLUMNS = list(rx.EXPORT_COLUMNS)


@pytest.fixture
def people(admin, db):  # type: ignore[no-untyped-def]
    """40 residents: every third without NIK, every fifth with an unknown name, the first ten in care."""
    with db.write() as s:
        office_id = s.scalar(select(Office.id))
        inst = Institution(office_id=office_id, type_code="PSBI", name="PSBI Bangun Daya 1", capacity_male=50)
        s.add(inst)
        s.flush()
        for i in range(1, 41):
            unknown = i % 5 == 0
            name = f"Tanpa Nama WB-2026-{i:06d}" if unknown else f"Warga Nomor{i:02d}"
            in_care = i <= 10
            person = Person(
                office_id=office_id,
                registration_no=f"WB-2026-{i:06d}",
                full_name=name,
                alias='=HYPERLINK("x")' if i == 7 else "",
                name_unknown=unknown,
                sex="L" if i % 2 else "P",
                birth_date=date(1950 + i, 1 + i % 12, 1 + i % 27),
                birth_date_precision="estimated" if unknown else "exact",
                # A NIK that starts with 0-free digits but would lose digits as a float (16 > 15 significant).
                nik=None if i % 3 == 0 else f"31710{i:02d}1{i % 10}0{i % 9}99{i:04d}"[:16],
                name_key=name_key(name),
                in_care=in_care,
                stay_count=1,
                current_institution_id=inst.id if in_care else None,
                last_admitted_on=date(2026, 1 + i % 10, 1 + i % 20),
                last_exited_on=None if in_care else date(2026, 11, 1),
            )
            s.add(person)
            s.flush()
            s.add(
                Stay(
                    person_id=person.id,
                    institution_id=inst.id,
                    admitted_on=person.last_admitted_on,
                    exited_on=person.last_exited_on,
                )
            )
            s.add(PersonCategory(person_id=person.id, category_code="LUT" if i % 2 else "AJ"))
        s.flush()
        rebuild_search_index(s)
        s.commit()
        return {p.registration_no: p for p in s.scalars(select(Person))}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exported files (tmp_path also holds the database)."""
    folder = tmp_path / "ekspor"
    folder.mkdir()
    return folder


def export(db, actor, path: Path, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("columns", ALL_COLUMNS)
    return rx.export_residents(db, actor, kw.pop("flt", ResidentFilter()), path, today=TODAY, **kw)


def test_xlsx_read_back(admin, db, people, out: Path) -> None:  # type: ignore[no-untyped-def]
    target = out / "warga.xlsx"
    result = export(db, admin, target, sort="registration_no", chunk_size=7)
    assert result.rows == 40 and result.format == "xlsx" and target.exists()
    book = load_workbook(target)
    assert book.sheetnames == ["Warga Binaan", "Keterangan"]
    rows = list(book["Warga Binaan"].iter_rows())
    header = [c.value for c in rows[0]]
    assert header == [rx.EXPORT_COLUMNS[k].title for k in ALL_COLUMNS]
    col = {k: i for i, k in enumerate(ALL_COLUMNS)}
    assert len(rows) == 41
    first = rows[1]
    person = people["WB-2026-000001"]
    assert first[col["registration_no"]].value == "WB-2026-000001"
    nik = first[col["nik"]]
    assert nik.data_type == "s" and nik.value == person.nik and len(nik.value) == 16 and nik.value.isdigit()
    born = first[col["birth_date"]]
    assert born.is_date and isinstance(born.value, datetime) and born.value.date() == person.birth_date
    assert first[col["admitted_on"]].is_date
    assert first[col["age"]].value == TODAY.year - person.birth_date.year - (
        (TODAY.month, TODAY.day) < (person.birth_date.month, person.birth_date.day)
    )
    assert first[col["status"]].value == "Dalam perawatan"
    assert first[col["institution"]].value == "PSBI Bangun Daya 1"
    assert first[col["stay_count"]].value == 1
    assert rows[3][col["nik"]].value is None  # no NIK: an empty cell, not "None"
    # A value that looks like a formula stays text.
    seventh = rows[7][col["alias"]]
    assert seventh.value == '=HYPERLINK("x")' and seventh.data_type == "s"
    # Every NIK in the file is text.
    assert all(r[col["nik"]].value is None or r[col["nik"]].data_type == "s" for r in rows)
    info = {r[0].value: r[1].value for r in book["Keterangan"].iter_rows()}
    assert info["Jumlah baris"] == "40"


def test_csv_read_back_with_chosen_columns_and_filter(admin, db, people, out: Path) -> None:  # type: ignore[no-untyped-def]
    target = out / "warga.csv"
    columns = ["name", "nik", "admitted_on", "stay_count"]
    result = export(db, admin, target, columns=columns, flt=ResidentFilter(status="in_care"), sort="name")
    assert result.rows == 10
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the names as UTF-8
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Nama", "NIK", "Tanggal masuk", "Jumlah masa tinggal"]
    assert len(rows) == 11
    niks = [r[1] for r in rows[1:] if r[1]]
    assert niks and all(len(n) == 16 and n.isdigit() for n in niks)
    assert all(date.fromisoformat(r[2]) for r in rows[1:])
    assert '"3171' in raw.decode("utf-8-sig")  # quoted: text, not a number
    with target.open(encoding="utf-8-sig", newline="") as handle:
        body = handle.read()
    assert "=HYPERLINK" not in body


def test_masked_nik_for_a_role_without_view_nik(admin, db, people, out: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = Actor(
        uuid.uuid4(), "clerk", "Petugas", frozenset({"petugas_administrasi"}),
        frozenset({"residents.view", "residents.export"}),
    )  # fmt: skip
    target = out / "masked.xlsx"
    export(db, clerk, target, columns=["registration_no", "nik"], sort="registration_no")
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[1][1].startswith("3171 0") and "•" in rows[1][1]
    assert people["WB-2026-000001"].nik not in str(rows)


def test_needs_the_export_permission(admin, db, people, out: Path) -> None:  # type: ignore[no-untyped-def]
    viewer = Actor(uuid.uuid4(), "auditor", "Auditor", frozenset({"auditor"}), frozenset({"residents.view"}))
    with pytest.raises(PermissionDenied):
        export(db, viewer, out / "x.xlsx")
    assert list(out.iterdir()) == []


def test_is_audited(admin, db, people, out: Path) -> None:  # type: ignore[no-untyped-def]
    export(db, admin, out / "warga.csv", flt=ResidentFilter(text="warga", sex="P"), columns=["name"])
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "residents.exported")).one()
    assert event.entity == "person" and event.username == "admin"
    assert event.summary == "Mengekspor 16 warga binaan ke CSV"
    assert event.changes["rows"] == 16 and event.changes["columns"] == ["name"]
    assert event.changes["filter"] == {"text": "warga", "status": "all", "sex": "P"}
    assert event.changes["file"] == "warga.csv"


class CancelAfter:
    """A progress that asks to stop after ``n`` advances, like a user pressing Cancel mid-way."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.advances = 0
        self.total = 0

    def set_total(self, n: int) -> None:
        self.total = n

    def advance(self, n: int = 1, message: str = "") -> None:
        self.advances += 1
        assert message

    def cancelled(self) -> bool:
        return self.advances >= self.n


@pytest.mark.parametrize("name", ["batal.xlsx", "batal.csv"])
def test_cancel_stops_and_leaves_no_file(admin, db, people, out: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    progress = CancelAfter(2)
    target = out / name
    with pytest.raises(Cancelled):
        export(db, admin, target, progress=progress, chunk_size=5)
    assert progress.total == 40 and progress.advances == 2  # stopped after the second chunk, not at the end
    assert list(out.iterdir()) == []
    with db.read() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "residents.exported")).all() == []


def test_an_existing_file_is_kept_when_cancelled(admin, db, people, out: Path) -> None:  # type: ignore[no-untyped-def]
    target = out / "warga.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(Cancelled):
        export(db, admin, target, progress=CancelAfter(1), chunk_size=5)
    assert target.read_bytes() == b"old"
    export(db, admin, target)
    assert load_workbook(target).sheetnames[0] == "Warga Binaan"


def test_bad_requests(admin, db, people, out: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as bad_format:
        export(db, admin, out / "warga.pdf")
    assert "format" in bad_format.value.fields
    with pytest.raises(ValidationError) as bad_column:
        export(db, admin, out / "warga.xlsx", columns=["name", "password_hash"])
    assert "password_hash" in str(bad_column.value)
    with pytest.raises(ValidationError):
        export(db, admin, out / "nowhere" / "warga.xlsx")
    assert list(out.iterdir()) == []
