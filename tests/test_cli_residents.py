"""``kesos residents import`` and ``kesos residents search``, run in-process."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from kesos_desktop import cli_residents
from kesos_desktop.core.models import AuditEvent, Person
from kesos_desktop.core.services.residents import ConsentInput
from tests.factories import identity_input, register_person

NIK = "3171011708450001"


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["Nama", "NIK", "L/P", "Tgl Lahir", "Kategori"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count(Person.id))) or 0


@pytest.fixture
def office(db, admin, db_path):  # type: ignore[no-untyped-def]
    consent = ConsentInput(basis="tugas_publik", notes="UU 11/2009")
    register_person(db, admin, identity=identity_input(full_name="Moch. Soekarno", nik=NIK), consent=consent)
    return db_path


def test_import_dry_run_then_real(office, db, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    path = _xlsx(
        tmp_path / "r.xlsx", [["Bpk. Ahmad", "", "L", "17-08-1960", "LUT"], ["Hj. Siti", "", "P", "1970", "PRSE"]]
    )
    before = _count(db)
    assert cli_residents.main(["--db", str(office), "residents", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2 baris baik, 0 baris bermasalah" in out and "Uji coba selesai" in out
    assert _count(db) == before
    assert cli_residents.main(["--db", str(office), "residents", "import", str(path)]) == 0
    assert "2 warga binaan diimpor" in capsys.readouterr().out
    assert _count(db) == before + 2


def test_import_with_bad_rows_exits_2_and_lists_them(office, db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows: list[list[object]] = [
        ["Andi", 3171011708450001, "L", "17-08-1945", "GEL"],
        ["Budi", "", "?", "01-01-1990", "GEL"],
        ["Citra", "", "P", "1990", "GEL"],
    ]
    path = _xlsx(tmp_path / "bad.xlsx", rows)
    before = _count(db)
    assert cli_residents.main(["--db", str(office), "residents", "import", str(path)]) == 2
    out = capsys.readouterr().out
    assert "Baris 2, NIK (kolom NIK)" in out and "sebagai Teks" in out
    assert "Baris 3, Jenis kelamin (kolom L/P)" in out
    assert "Tidak ada yang disimpan" in out
    assert _count(db) == before


def test_import_with_a_mapping_file(office, db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    ws = book.active
    ws.title = "Data"
    ws.append(["NAMA WB", "KELAMIN", "LAHIR"])
    ws.append(["Rahmat", "Pria", "1985"])
    book.create_sheet("Kosong")
    book.save(tmp_path / "m.xlsx")
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"full_name": "NAMA WB", "sex": "KELAMIN", "birth_date": "LAHIR"}), encoding="utf-8")
    args = ["--db", str(office), "residents", "import", str(tmp_path / "m.xlsx"), "--mapping", str(mapping)]
    assert cli_residents.main([*args, "--sheet", "Data"]) == 0
    assert "1 warga binaan diimpor" in capsys.readouterr().out
    assert cli_residents.main([*args, "--sheet", "Tidak Ada"]) == 2
    assert "Lembar Tidak Ada tidak ada" in capsys.readouterr().err


def test_search_masks_nik_unless_asked_and_audits_the_reveal(office, db, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli_residents.main(["--db", str(office), "residents", "search", "Muhammad Sukarno"]) == 0
    out = capsys.readouterr().out
    assert "Moch. Soekarno" in out and NIK not in out and "1 hasil" in out
    assert cli_residents.main(["--db", str(office), "residents", "search", "sukarno", "--json", "--show-nik"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "Moch. Soekarno" and rows[0]["nik"] == NIK
    assert rows[0]["birth_date"] == date(1945, 8, 17).isoformat()
    with db.read() as s:
        assert s.scalar(select(func.count()).where(AuditEvent.action == "person.nik_revealed")) == 1
    assert cli_residents.main(["--db", str(office), "residents", "search", "zzzz", "--limit", "5"]) == 0
    assert "Tidak ada warga binaan" in capsys.readouterr().out


def test_usage_errors(office, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli_residents.main(["--db", str(office), "residents"]) == 2
    assert cli_residents.main(["--db", str(office), "residents", "search", "x", "--limit", "0"]) == 2
    assert cli_residents.main(["--db", str(office), "residents", "import", "/tidak/ada.xlsx"]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
