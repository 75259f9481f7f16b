"""Importing registers: messy spreadsheets report every bad row, the real import is all or nothing, CSV variants."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent, Person, PersonCategory, PersonEvent, Stay
from kesos_desktop.core.progress import Cancelled
from kesos_desktop.core.services import auth, importer
from kesos_desktop.core.services import resident_list as rl
from kesos_desktop.core.services.importer import ImportMapping, ImportOptions
from kesos_desktop.core.services.importer_parse import CellProblem, age_value, date_value, identity_number, sex_value
from kesos_desktop.core.services.residents import ConsentInput
from tests.factories import identity_input, make_institution, make_user, register_person

TODAY = date(2026, 11, 28)
HEADERS = [
    "No",
    "Nama",
    "Nama Panggilan",
    "NIK",
    "No KK",
    "L/P",
    "Tempat Lahir",
    "Tgl Lahir",
    "Alamat",
    "Kelurahan/Desa",
    "Kecamatan",
    "Kabupaten/Kota",
    "Provinsi",
    "Agama",
    "Pendidikan",
    "Kategori",
    "Tanggal Masuk",
    "Lembaga",
]
PANTI = "Panti Sosial Bina Insan Bangun Daya 1"
REGISTERED_NIK = "3171015708800003"


def _row(name, nik=None, sex="L", born="01-01-1980", desa="", kec="", kab="", prov="", category="GEL", **kw):  # type: ignore[no-untyped-def]
    values = {
        "Nama": name,
        "NIK": nik,
        "L/P": sex,
        "Tgl Lahir": born,
        "Kelurahan/Desa": desa,
        "Kecamatan": kec,
        "Kabupaten/Kota": kab,
        "Provinsi": prov,
        "Kategori": category,
    }
    values.update(kw)
    return values


# Spreadsheet rows start at 4 (a title row, an empty row, then the headers on row 3).
MESSY = [
    _row(
        "Bpk. H. Ahmad Fauzi",
        "3171011708450001",
        born="17-08-1945",
        desa="Gambir",
        kec="Gambir",
        kab="Jakarta Pusat",
        prov="DKI Jakarta",
        category="LUT",
        Agama="Islam",
        Pendidikan="SD",
    ),  # 4 ok
    _row("Hj. Siti Rohmah", 3171015708800002, sex="P", born="17/08/1980", category="PRSE"),  # 5 float NIK (number)
    _row("Budi", "3.17101E+15"),  # 6 scientific-notation text
    _row("Rina", 3171011708450000.0, sex="Perempuan"),  # 7 float cell
    _row("Joko", sex="X"),  # 8 bad sex
    _row("Dewi", sex="Wanita", born="31-02-2001"),  # 9 impossible date
    _row("Agus", kab="Kabupaten Antah Berantah", prov="Jawa Barat"),  # 10 unknown region
    _row("Slamet Riyadi", "3578080102030001", born="01-02-2003", category="AJ"),  # 11 same NIK as 12
    _row("Slamet R.", "3578080102030001", born="1 Februari 2003", category="AJ"),  # 12
    _row("Siti Fatimah", REGISTERED_NIK, sex="P", born="17-08-1980", category="TS"),  # 13 NIK on record
    _row("Nur Hasanah", sex="Wanita", born=datetime(1990, 8, 17), category="Tuna Susila", Agama="ISLAM"),  # 14 ok
    _row("Sukarni", born="1975", sex="P", category="LUT"),  # 15 ok (year only)
    _row("Ucok", born="12 Agt 2012", category="XYZ"),  # 16 unknown category
    _row("Muhammad Sukarno", born="2011", category="AJ"),  # 17 ok; a registry duplicate (Moch. Soekarno)
    _row("Bambang", kab="Bogor"),  # 18 ambiguous: Kabupaten or Kota Bogor
    _row("Yanto", born="17-08-45", **{"Tanggal Masuk": "05-01-2026", "Lembaga": "Panti Tidak Ada"}),  # 19 unknown
]
BAD_ROWS = {5: "nik", 6: "nik", 7: "nik", 8: "sex", 9: "birth_date", 10: "kabkota", 11: "nik", 12: "nik", 13: "nik",
            16: "categories", 18: "kabkota", 19: "institution"}  # fmt: skip


def _workbook(path: Path, rows: list[dict], *, title: bool = True, nik_as_text: bool = True) -> Path:  # type: ignore[type-arg]
    book = Workbook()
    ws = book.active
    ws.title = "Register"
    if title:
        ws.append(["DAFTAR WARGA BINAAN PANTI SOSIAL TAHUN 2026"])
        ws.append([])
    ws.append(HEADERS)
    for i, values in enumerate(rows, start=1):
        ws.append([i if h == "No" else values.get(h) for h in HEADERS])
    if nik_as_text:  # as a careful office would: NIK and No. KK columns formatted as Text
        for column in ("D", "E"):
            for cell in ws[column]:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    book.save(path)
    return path


@pytest.fixture
def setup(db, admin):  # type: ignore[no-untyped-def]
    inst = make_institution(db, admin, name=PANTI, capacity_male=50, capacity_female=50)
    consent = ConsentInput(basis="tugas_publik", notes="UU 11/2009")
    register_person(db, admin, identity=identity_input(full_name="Siti F", sex="P", birth_date=date(1980, 8, 17),
                                                       nik=REGISTERED_NIK), consent=consent)  # fmt: skip
    identity = identity_input(full_name="Moch. Soekarno", birth_date=date(2011, 3, 1), nik=None,
                              nik_absent_reason="Belum punya KIA")  # fmt: skip
    register_person(db, admin, identity=identity, consent=consent)
    return inst


def _people(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count(Person.id))) or 0


def _import(db, admin, path, dry_run, **kw):  # type: ignore[no-untyped-def]
    table = importer.read_table(path)
    mapping = importer.guess_mapping(table.headers)
    with db.write() as s:
        return importer.import_people(
            s, admin, table, mapping, dry_run=dry_run, options=ImportOptions(today=TODAY), **kw
        )


def test_read_table_finds_the_header_below_a_title(tmp_path: Path) -> None:
    table = importer.read_table(_workbook(tmp_path / "r.xlsx", MESSY))
    assert table.headers[:3] == ("No", "Nama", "Nama Panggilan")
    assert table.row_numbers[0] == 4 and len(table.rows) == len(MESSY)
    assert table.sheet == "Register" and table.sheets == ("Register",)
    mapping = importer.guess_mapping(table.headers)
    assert mapping.columns["full_name"] == "Nama" and mapping.columns["sex"] == "L/P"
    assert mapping.columns["birth_date"] == "Tgl Lahir" and mapping.columns["desa"] == "Kelurahan/Desa"
    assert mapping.columns["categories"] == "Kategori" and mapping.columns["institution"] == "Lembaga"
    assert "No" not in mapping.columns.values()


def test_dry_run_reports_every_bad_row_with_reasons(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _people(db)
    report = _import(db, admin, _workbook(tmp_path / "messy.xlsx", MESSY), dry_run=True)
    assert _people(db) == before
    assert not report.committed and report.created_ids == []
    by_row: dict[int, list[importer.RowProblem]] = {}
    for problem in report.rows_bad:
        by_row.setdefault(problem.row_no, []).append(problem)
    assert {row: sorted({p.field for p in ps}) for row, ps in by_row.items()} == {
        row: [field] for row, field in BAD_ROWS.items()
    }
    assert report.rows_total == len(MESSY) and report.rows_ok == len(MESSY) - len(BAD_ROWS)
    text = {row: " ".join(p.message for p in ps) for row, ps in by_row.items()}
    for row in (5, 6, 7):
        assert "sebagai Teks" in text[row] and "angka di Excel" in text[row]
    assert "3.17101E+15" in text[6]
    assert by_row[5][0].column == "NIK"
    assert "Jenis kelamin 'X'" in text[8]
    assert "tidak ada di kalender" in text[9]
    assert "Antah Berantah" in text[10] and "tidak ditemukan" in text[10]
    assert "baris 11, 12" in text[11] and "baris 11, 12" in text[12]
    assert "sudah tercatat" in text[13]
    assert "XYZ" in text[16]
    assert "Kabupaten Bogor" in text[18] and "Kota Bogor" in text[18]
    assert "Panti Tidak Ada" in text[19] and PANTI in text[19]
    # The registry duplicate is a warning for the person to look at, not an error.
    assert any(d.row_no == 17 and d.full_name == "Moch. Soekarno" for d in report.duplicates)


def test_real_import_commits_nothing_while_any_row_is_bad(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _people(db)
    report = _import(db, admin, _workbook(tmp_path / "messy.xlsx", MESSY), dry_run=False)
    assert not report.committed and report.created_ids == [] and report.rows_bad
    assert _people(db) == before
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "person.imported")) == 0


def test_clean_file_imports_and_people_are_searchable(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = [MESSY[i - 4] for i in (4, 14, 15, 17)]
    good.append(_row("Yanto Wibowo", born="17-08-45", **{"Tanggal Masuk": "05-01-2026", "Lembaga": PANTI}))
    seen: list[tuple[int, int, str]] = []
    before = _people(db)
    report = _import(db, admin, _workbook(tmp_path / "clean.xlsx", good), dry_run=False,
                     progress=lambda done, total, msg: seen.append((done, total, msg)))  # fmt: skip
    assert report.rows_bad == [] and report.committed
    assert len(report.created_ids) == 5 and _people(db) == before + 5
    assert seen and seen[-1][0] == seen[-1][1] == 10
    with db.read() as s:
        people = {p.full_name: p for p in s.scalars(select(Person).where(Person.id.in_(report.created_ids)))}
        ahmad = people["Bpk. H. Ahmad Fauzi"]  # typed as it was; titles only leave the key
        assert ahmad.name_key == "ahmad fauzi" and ahmad.nik == "3171011708450001"
        assert ahmad.origin_region_code == "31.71.01.1001" and ahmad.religion == "ISLAM" and ahmad.education == "SD"
        assert ahmad.birth_date == date(1945, 8, 17) and ahmad.registration_no.startswith("WB-")
        assert people["Sukarni"].birth_date == date(1975, 1, 1) and people["Sukarni"].birth_date_precision == "year"
        assert people["Nur Hasanah"].sex == "P" and people["Nur Hasanah"].nik is None
        assert people["Nur Hasanah"].nik_absent_reason
        yanto = people["Yanto Wibowo"]
        assert yanto.birth_date == date(1945, 8, 17) and yanto.in_care
        assert s.scalar(select(Stay.admitted_on).where(Stay.person_id == yanto.id)) == date(2026, 1, 5)
        cats = s.scalars(
            select(PersonCategory.category_code).where(PersonCategory.person_id == people["Nur Hasanah"].id)
        )
        assert list(cats) == ["TS"]  # category given by its name
        events = s.scalars(select(PersonEvent.kind).where(PersonEvent.person_id == yanto.id)).all()
        assert set(events) == {"registered", "admitted"}
        for query in ("ahmad fauzi", "Achmad Fauzi", "Sukarni", "Nur Hasanah", "Yanto"):
            ids = rl.find_resident_ids(s, admin, rl.ResidentFilter(text=query))
            assert set(ids) & set(report.created_ids), query
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%import%"))).all()
        assert actions.count("person.imported") == 5 and actions.count("residents.imported") == 1


def test_csv_with_semicolons_and_bom_and_cp1252(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "Nama Lengkap;Jenis Kelamin;Tanggal Lahir;NIK;Kabupaten/Kota;Provinsi;PMKS",
        "José Sitompul;Laki-laki;17 Agustus 1985;;Kota Medan;Sumatera Utara;GEL",
        'Ani "Butet" Siregar;P;05/06/1999;;Kabupaten Garut;Jawa Barat;PGM',
    ]
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    table = importer.read_table(utf8)
    assert table.delimiter == ";" and table.encoding == "utf-8-sig"
    assert table.headers[0] == "Nama Lengkap" and table.rows[0][0] == "José Sitompul"
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes("\r\n".join(lines).encode("cp1252"))
    assert importer.read_table(legacy).encoding == "cp1252"
    assert importer.read_table(legacy).rows[0][0] == "José Sitompul"
    report = _import(db, admin, utf8, dry_run=False)
    assert report.rows_bad == [] and len(report.created_ids) == 2
    with db.read() as s:
        jose = s.scalar(select(Person).where(Person.full_name == "José Sitompul"))
        assert jose.origin_region_code == "12.71" and jose.birth_date == date(1985, 8, 17)


def test_csv_numeric_nik_column_is_refused(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "tab.csv"
    path.write_text("Nama\tL/P\tNIK\nAndi\tL\t3,17101E+15\n", encoding="utf-8")
    report = _import(db, admin, path, dry_run=True)
    assert [p.field for p in report.rows_bad] == ["nik"]


def test_preview_mapping_memory_and_checks(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = importer.read_table(_workbook(tmp_path / "messy.xlsx", MESSY))
    mapping = importer.guess_mapping(table.headers)
    with db.read() as s:
        rows = importer.preview(s, admin, table, mapping, limit=5)
    assert [r.row_no for r in rows] == [4, 5, 6, 7, 8]
    assert rows[0].problems == () and rows[0].values["birth_date"] == "1945-08-17"
    assert rows[1].problems[0].field == "nik"
    custom = ImportMapping({**mapping.columns, "alias": "Nama Panggilan", "health_notes": "Alamat"})
    with db.write() as s:
        importer.save_mapping(s, admin, custom)
    with db.read() as s:
        remembered = importer.load_mapping(s, admin)
    assert remembered == custom
    assert importer.guess_mapping(table.headers, remembered).columns["health_notes"] == "Alamat"
    with pytest.raises(ValidationError) as err:
        importer.check_mapping(table, ImportMapping({"full_name": "Nama", "nik": "Tidak Ada"}))
    assert set(err.value.fields) == {"nik", "sex"}
    file = tmp_path / "m.json"
    file.write_text('{"full_name": "Nama", "sex": "L/P"}', encoding="utf-8")
    assert importer.load_mapping_file(file).columns == {"full_name": "Nama", "sex": "L/P"}


def test_cancel_rolls_back(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class Stop:
        def set_total(self, n: int) -> None: ...

        def advance(self, n: int = 1, message: str = "") -> None: ...

        def cancelled(self) -> bool:
            return True

    before = _people(db)
    with pytest.raises(Cancelled):
        _import(db, admin, _workbook(tmp_path / "c.xlsx", MESSY[:1]), dry_run=False, progress=Stop())
    assert _people(db) == before


def test_import_needs_permission(db, admin, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_user(db, admin, "peksos", ["pekerja_sosial"])
    with db.write() as s:
        worker = auth.login(s, "peksos", "sandi12345")
    table = importer.read_table(_workbook(tmp_path / "r.xlsx", MESSY[:1]))
    with db.write() as s, pytest.raises(PermissionDenied):
        importer.import_people(s, worker, table, importer.guess_mapping(table.headers), dry_run=True)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        importer.read_table(tmp_path / "none.xlsx")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationError, match="xlsx"):
        importer.read_table(tmp_path / "old.xls")
    (tmp_path / "fake.xlsx").write_text("not a zip")
    with pytest.raises(ValidationError, match="Excel"):
        importer.read_table(tmp_path / "fake.xlsx")
    book = _workbook(tmp_path / "s.xlsx", MESSY[:1])
    with pytest.raises(ValidationError, match="Register"):
        importer.read_table(book, sheet="Lembar2")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17-08-1945", (date(1945, 8, 17), "exact")),
        ("17/08/1945", (date(1945, 8, 17), "exact")),
        ("17.08.45", (date(1945, 8, 17), "exact")),
        ("1945-08-17", (date(1945, 8, 17), "exact")),
        ("17 Agustus 1945", (date(1945, 8, 17), "exact")),
        ("17 Agt 1945", (date(1945, 8, 17), "exact")),
        ("17-Agu-1945", (date(1945, 8, 17), "exact")),
        ("1 Pebruari 2003", (date(2003, 2, 1), "exact")),
        ("Agustus 1945", (date(1945, 8, 1), "month")),
        ("1945", (date(1945, 1, 1), "year")),
        (1945, (date(1945, 1, 1), "year")),
        (16666, (date(1945, 8, 17), "exact")),  # an Excel serial in a cell not formatted as a date
        (datetime(1945, 8, 17), (date(1945, 8, 17), "exact")),
        ("05-01-26", (date(2026, 1, 5), "exact")),  # two-digit year: 20YY unless that is in the future
        ("05-01-27", (date(1927, 1, 5), "exact")),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_in_indonesian_forms(value: object, expected: tuple[date, str] | None) -> None:
    parsed = date_value(value, today=TODAY)
    assert (None if parsed is None else (parsed.value, parsed.precision)) == expected


@pytest.mark.parametrize("value", ["31-02-2001", "08/17/1945", "kemarin", "17 Agustusan 1945"])
def test_unreadable_dates_say_how_to_write_them(value: str) -> None:
    with pytest.raises(CellProblem):
        date_value(value, today=TODAY)


def test_identity_numbers_sex_and_age() -> None:
    assert identity_number("3171 0117 0845 0001", "NIK") == "3171011708450001"
    assert identity_number("'3171011708450001", "NIK") == "3171011708450001"
    assert identity_number(None, "NIK") == ""
    for bad in (3171011708450001, 3.171011708450001e15, "3.17101E+15", "3171011708450000.0", "3,17101E+15"):
        with pytest.raises(CellProblem, match="Teks"):
            identity_number(bad, "NIK")
    assert [sex_value(v) for v in ("L", "p", "Laki-laki", "PEREMPUAN", "Pria", "Wanita", "M", "F", "Lk")] == list(
        "LPLPLPLPL"
    )
    with pytest.raises(CellProblem):
        sex_value("?")
    assert age_value("12 th") == 12 and age_value(12.0) == 12 and age_value("sekitar 40 tahun") == 40
    with pytest.raises(CellProblem):
        age_value("tua")
