"""NIK and No. KK parsing: the domain test vectors, every error case, century rules and property tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.reference import regions
from kesos_desktop.core.reference.nik import (
    InvalidKk,
    InvalidNik,
    cross_check,
    is_valid_nik,
    normalize_sex,
    parse_kk,
    parse_nik,
    region_note,
)

TODAY = date(2026, 11, 28)


def test_domain_vector_male_gambir_1945():
    info = parse_nik("3171011708450001", today=TODAY)
    assert info.nik == "3171011708450001"
    assert info.sex == "L"
    assert info.birth_date == date(1945, 8, 17)
    assert (info.province_code, info.province_name) == ("31", "Daerah Khusus Ibukota Jakarta")
    assert (info.regency_code, info.regency_name) == ("31.71", "Kota Administrasi Jakarta Pusat")
    assert (info.district_code, info.district_name) == ("31.71.01", "Gambir")
    assert info.serial == "0001"
    assert not info.retired_region and info.successor_name is None
    assert info.warnings == ()


def test_domain_vector_female_same_date():
    info = parse_nik("3171015708450001", today=TODAY)
    assert info.sex == "P"
    assert info.birth_date == date(1945, 8, 17)


def test_domain_vector_surabaya_gubeng_2003():
    info = parse_nik("3578080102030001", today=TODAY)
    assert info.regency_name == "Kota Surabaya"
    assert info.district_name == "Gubeng"
    assert info.birth_date == date(2003, 2, 1)
    assert info.sex == "L"


def test_girl_born_2015_is_not_1915():
    info = parse_nik("3171014403150001", today=TODAY)
    assert info.birth_date == date(2015, 3, 4)
    assert info.sex == "P"


@pytest.mark.parametrize(
    "text", ["3171 0117 0845 0001", "3171.0117.0845.0001", "3171-011708-450001", " 3171011708450001\n"]
)
def test_spaces_dots_and_dashes_are_ignored(text):
    assert parse_nik(text, today=TODAY).nik == "3171011708450001"


def test_fullwidth_digits_are_read():
    assert parse_nik("３１７１０１１７０８４５０００１", today=TODAY).nik == "3171011708450001"


def test_century_follows_today():
    # 17-08-25: 2025 when today is after it, 1925 when "today" is before it.
    assert parse_nik("3171011708250001", today=TODAY).birth_date == date(2025, 8, 17)
    assert parse_nik("3171011708250001", today=date(2025, 8, 16)).birth_date == date(1925, 8, 17)
    assert parse_nik("3171011708250001", today=date(2025, 8, 17)).birth_date == date(2025, 8, 17)
    assert parse_nik("3171012902000001", today=TODAY).birth_date == date(2000, 2, 29)


def test_declared_birth_date_picks_the_century():
    info = parse_nik("3171014403150001", declared_birth_date=date(1915, 3, 4), today=TODAY)
    assert info.birth_date == date(1915, 3, 4)
    assert info.warnings == ()
    info = parse_nik("3171011708100001", declared_birth_date=date(1910, 8, 17), today=TODAY)
    assert info.birth_date == date(1910, 8, 17)


def test_declared_birth_date_mismatch_is_a_warning():
    info = parse_nik("3171014403150001", declared_birth_date=date(2015, 3, 5), today=TODAY)
    assert info.birth_date == date(2015, 3, 4)
    assert len(info.warnings) == 1
    assert "04-03-2015" in info.warnings[0] and "05-03-2015" in info.warnings[0]
    # another year altogether: the closest century is used and the difference reported
    info = parse_nik("3171011708900001", declared_birth_date=date(1991, 1, 1), today=TODAY)
    assert info.birth_date == date(1990, 8, 17)
    assert info.warnings


def test_unknown_kecamatan_is_a_warning_not_an_error():
    info = parse_nik("3171991708450001", today=TODAY)
    assert info.district_code == "31.71.99"
    assert info.district_name is None
    assert len(info.warnings) == 1 and "31.71.99" in info.warnings[0]


def test_papua_prefix_from_before_the_2022_split():
    info = parse_nik("9101051708450001", today=TODAY)
    assert info.retired_region
    assert info.province_name == "Papua"
    assert info.regency_name == "KAB. MERAUKE"
    assert info.district_name == "Semangga"
    assert info.successor_code == "93.01.05"
    assert info.successor_name == "Kecamatan Semangga, Kabupaten Merauke, Provinsi Papua Selatan"
    note = region_note(info)
    assert "91.01.05" in note and "kode lama" in note and "Papua Selatan" in note
    assert info.warnings == ()


def test_papua_retired_regency_with_unknown_kecamatan():
    info = parse_nik("9102991708450001", today=TODAY)  # Jayawijaya, kecamatan 99 never existed
    assert info.retired_region
    assert info.district_name is None and info.warnings
    assert info.successor_code == "95.01"
    assert "Jayawijaya" in info.successor_name and "91.02" in region_note(info)


def test_kaltara_prefix_from_before_2012():
    info = parse_nik("6473015708900001", today=TODAY)  # Tarakan, issued under Kalimantan Timur
    assert info.province_name == "Kalimantan Timur"
    assert info.regency_name == "Kota Tarakan"
    assert info.retired_region
    assert info.successor_code == "65.71.01"
    assert info.successor_name.endswith("Kota Tarakan, Provinsi Kalimantan Utara")
    assert parse_nik("6404011708450001", today=TODAY).successor_code == "65.01.01"


def test_codes_python_stdnum_rejects_are_valid():
    for nik in ("6571011708450001", "9202011708450001", "9301011708450001", "9601011708450001"):
        info = parse_nik(nik, today=TODAY)
        assert not info.retired_region and region_note(info) is None
    # Sorong (92.01, 92.71) moved to Papua Barat Daya (96) in 2022: valid, shown with the successor
    assert parse_nik("9201011708450001", today=TODAY).successor_code == "96.01.01"
    assert parse_nik("9271011708450001", today=TODAY).successor_code == "96.71.01"


@pytest.mark.parametrize(
    ("text", "reason", "needle"),
    [
        ("", "empty", "belum diisi"),
        (None, "empty", "belum diisi"),
        ("317101170845", "length", "12 angka"),
        ("31710117084500011", "length", "17 angka"),
        ("31710117O8450001", "non_digit", "O"),
        ("3171011708450001x", "non_digit", "x"),
        ("3.17101E+15", "excel", "Excel"),
        ("3,17101E+15", "excel", "Excel"),
        ("3171011708450000.0", "excel", "Excel"),
        ("3171011708450001.0", "excel", "Excel"),
        ("0071011708450001", "province", "00"),
        ("2071011708450001", "province", "20"),
        ("3100011708450001", "regency_zero", "00"),
        ("3177011708450001", "regency", "77"),
        ("3171010008450001", "day", "(00)"),
        ("3171013208450001", "day", "(32)"),
        ("3171014008450001", "day", "(40)"),
        ("3171017208450001", "day", "(72)"),
        ("3171011700450001", "month", "(00)"),
        ("3171011713450001", "month", "(13)"),
        ("3171012902010001", "leap", "29 Februari"),
        ("3171016902230001", "leap", "29 Februari"),
        ("3171013104010001", "date", "31"),
        ("3171017002010001", "date", "30"),
        ("3171011708450000", "serial", "0000"),
    ],
)
def test_errors_say_what_is_wrong(text, reason, needle):
    with pytest.raises(InvalidNik) as caught:
        parse_nik(text, today=TODAY)
    error = caught.value
    assert isinstance(error, ValidationError)
    assert error.reason == reason
    assert needle in str(error)
    assert error.fields == {"nik": str(error)}


def test_is_valid_nik():
    assert is_valid_nik("3171011708450001")
    assert not is_valid_nik("3171011708450000")


def test_cross_check():
    info = parse_nik("3171011708450001", today=TODAY)
    assert cross_check(info) == []
    assert cross_check(info, declared_sex="L", declared_birth_date=date(1945, 8, 17)) == []
    assert cross_check(info, declared_sex="laki-laki") == []
    warnings = cross_check(info, declared_sex="P", declared_birth_date=date(1945, 8, 18))
    assert len(warnings) == 2
    assert "perempuan" in warnings[0] and "laki-laki" in warnings[0]
    assert "18-08-1945" in warnings[1]
    assert cross_check(info, declared_sex="?") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("L", "L"),
        ("lk", "L"),
        ("Laki-laki", "L"),
        ("pria", "L"),
        ("P", "P"),
        ("Perempuan", "P"),
        ("F", "P"),
        ("x", None),
    ],
)
def test_normalize_sex(value, expected):
    assert normalize_sex(value) == expected


def test_kk_valid():
    info = parse_kk("3171012509120010", today=TODAY)
    assert info.no_kk == "3171012509120010"
    assert info.recorded_date == date(2012, 9, 25)
    assert info.district_name == "Gambir"
    assert info.serial == "0010"
    assert parse_kk("3171013112950010", today=TODAY).recorded_date == date(1995, 12, 31)
    papua = parse_kk("9101050101200001", today=TODAY)
    assert papua.retired_region and papua.successor_code == "93.01.05"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3171014509120010", "day"),  # no +40 on a KK
        ("3171010113120010", "month"),
        ("3171013104120010", "date"),
        ("3171012902210010", "leap"),
        ("3171013112270010", "future"),
        ("3171013112800010", "future"),
        ("3171012509120000", "serial"),
        ("9901012509120010", "province"),
        ("317101250912001", "length"),
        ("3.17101E+15", "excel"),
    ],
)
def test_kk_errors(text, reason):
    with pytest.raises(InvalidKk) as caught:
        parse_kk(text, today=TODAY)
    assert caught.value.reason == reason
    assert caught.value.fields == {"no_kk": str(caught.value)}
    assert not isinstance(caught.value, InvalidNik)
    assert "No. KK" in str(caught.value)


def test_kk_today_is_not_future():
    assert parse_kk("3171012811260001", today=TODAY).recorded_date == TODAY
    with pytest.raises(InvalidKk):
        parse_kk("3171012911260001", today=TODAY)


DISTRICTS = [c.replace(".", "") for c in regions._index().current.codes if len(c) == 8]
births = st.dates(min_value=date(1901, 1, 1), max_value=TODAY)


def build_nik(district: str, born: date, female: bool, serial: int) -> str:
    return f"{district}{born.day + (40 if female else 0):02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DISTRICTS), births, st.booleans(), st.integers(1, 9999))
def test_any_valid_nik_round_trips(district, born, female, serial):
    nik = build_nik(district, born, female, serial)
    with_declared = parse_nik(nik, declared_birth_date=born, today=TODAY)
    assert with_declared.birth_date == born
    assert with_declared.sex == ("P" if female else "L")
    assert with_declared.warnings == ()
    assert with_declared.serial == f"{serial:04d}"
    assert with_declared.district_code.replace(".", "") == district
    plain = parse_nik(nik, today=TODAY)
    assert (plain.birth_date.month, plain.birth_date.day, plain.birth_date.year % 100) == (
        born.month,
        born.day,
        born.year % 100,
    )
    assert plain.birth_date <= TODAY
    assert plain.birth_date + timedelta(days=36525) > TODAY  # the most recent century that is not in the future
    assert plain.sex == with_declared.sex


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DISTRICTS), st.dates(min_value=date(1990, 1, 1), max_value=TODAY), st.integers(1, 9999))
def test_any_valid_kk_round_trips(district, recorded, serial):
    kk = f"{district}{recorded:%d%m}{recorded.year % 100:02d}{serial:04d}"
    assert parse_kk(kk, today=TODAY).recorded_date == recorded


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_any_text_gives_info_or_invalid_nik(text):
    try:
        parse_nik(text, today=TODAY)
    except InvalidNik as error:
        assert str(error) and error.reason
