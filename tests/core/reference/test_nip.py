"""NIP PNS: parsing, validation messages per problem, grouped printing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.reference.nip import NipInfo, format_nip, parse_nip

TODAY = date(2026, 8, 17)


def test_parse_sample_nip() -> None:
    info = parse_nip("196804111993031009", today=TODAY)
    assert info == NipInfo(
        nip="196804111993031009", birth_date=date(1968, 4, 11), tmt_cpns=(1993, 3), sex="L", serial="009"
    )
    assert info.formatted == "19680411 199303 1 009"


@pytest.mark.parametrize(
    "text",
    ["19680411 199303 1 009", " 19680411  199303 1 009 ", "19680411\t199303\u00a01 009", "196804111993031009\n"],
)
def test_spaces_are_accepted(text: str) -> None:
    assert parse_nip(text, today=TODAY).nip == "196804111993031009"
    assert format_nip(text) == "19680411 199303 1 009"


def test_female_nip() -> None:
    info = parse_nip("19850212 201001 2 015", today=TODAY)
    assert (info.sex, info.serial, info.tmt_cpns) == ("P", "015", (2010, 1))


def _error(text: str, today: date = TODAY) -> str:
    with pytest.raises(ValidationError) as err:
        parse_nip(text, today=today)
    assert set(err.value.fields) == {"nip"}
    assert str(err.value) == err.value.fields["nip"]
    return err.value.fields["nip"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        ("19680411 199303 1 00", "18 angka; yang diisi 17 angka"),
        ("1968041119930310091", "18 angka; yang diisi 19 angka"),
        ("19680411-199303-1-009", "hanya boleh berisi angka"),
        ("1968O4111993031009", "hanya boleh berisi angka"),
        ("١٩٦٨٠٤١١١٩٩٣٠٣١٠٠٩", "hanya boleh berisi angka"),  # Arabic-Indic digits are not NIP digits
        ("19680231 199303 1 009", "Tanggal lahir dalam NIP (19680231) bukan tanggal yang ada"),
        ("19681311 199303 1 009", "bukan tanggal yang ada"),
        ("18900101 192003 1 009", "Tanggal lahir dalam NIP (18900101) tidak mungkin"),
        ("20300101 204803 1 009", "Tanggal lahir dalam NIP (20300101) tidak mungkin"),
        ("19680411 199313 1 009", "Bulan TMT CPNS dalam NIP (199313) tidak ada"),
        ("19680411 199300 1 009", "Bulan TMT CPNS dalam NIP (199300) tidak ada"),
        ("19680411 202921 1 009", "Bulan TMT CPNS"),
        ("19680411 203001 1 009", "TMT CPNS dalam NIP (203001) tidak mungkin"),
        ("19680411 198503 1 009", "sebelum pemilik NIP berumur 18 tahun"),
        ("19680411 198603 1 009", "sebelum pemilik NIP berumur 18 tahun"),
        ("19680411 199303 3 009", "harus 1 (laki-laki) atau 2 (perempuan), bukan 3"),
        ("19680411 199303 0 009", "bukan 0"),
    ],
)
def test_error_messages(text: str, expected: str) -> None:
    assert expected in _error(text)


def test_tmt_at_the_month_of_the_18th_birthday_is_accepted() -> None:
    assert parse_nip("19680411 198604 1 009", today=TODAY).tmt_cpns == (1986, 4)


def test_tmt_shortly_ahead_is_accepted_but_not_far_ahead() -> None:
    # A NIP is issued before its TMT: next year's formation is normal, two years ahead is not.
    assert parse_nip("20000101 202703 1 001", today=TODAY).tmt_cpns == (2027, 3)
    assert "tidak mungkin" in _error("20000101 202809 1 001")


def test_leap_day_birth() -> None:
    info = parse_nip("20000229 201803 2 001", today=TODAY)
    assert info.birth_date == date(2000, 2, 29)
    assert "berumur 18 tahun" in _error("20000229 201801 2 001")


def test_format_nip_only_checks_length() -> None:
    # A PPPK number (month position "21") still prints grouped; parse_nip is PNS-only and rejects it.
    assert format_nip("199001012022211001") == "19900101 202221 1 001"
    with pytest.raises(ValidationError) as err:
        format_nip("12345")
    assert "nip" in err.value.fields


@st.composite
def valid_nips(draw: st.DrawFn) -> tuple[str, date, int, int, str, str]:
    birth = draw(st.dates(min_value=date(1930, 1, 1), max_value=TODAY - timedelta(days=18 * 366)))
    first_year = birth.year + 18 + (1 if birth.month == 12 else 0)
    tmt_year = draw(st.integers(first_year, TODAY.year))
    tmt_month = draw(st.integers(1, 12))
    if (tmt_year, tmt_month) < (birth.year + 18, birth.month):
        tmt_month = 12
    sex = draw(st.sampled_from("12"))
    serial = f"{draw(st.integers(1, 999)):03d}"
    nip = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}{serial}"
    return nip, birth, tmt_year, tmt_month, sex, serial


@given(valid_nips())
def test_round_trip(case: tuple[str, date, int, int, str, str]) -> None:
    nip, birth, tmt_year, tmt_month, sex, serial = case
    info = parse_nip(format_nip(nip), today=TODAY)
    assert info.nip == nip
    assert info.birth_date == birth
    assert info.tmt_cpns == (tmt_year, tmt_month)
    assert info.sex == ("L" if sex == "1" else "P")
    assert info.serial == serial
    assert info.formatted.replace(" ", "") == nip
    assert [len(part) for part in info.formatted.split(" ")] == [8, 6, 1, 3]


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_validation_error(text: str) -> None:
    try:
        parse_nip(text, today=TODAY)
    except ValidationError as err:
        assert err.fields["nip"]
