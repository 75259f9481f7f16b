"""Formatters: dates, Rupiah, numbers, masking and ages in Indonesian and English, table-driven."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from kesos_desktop.core import i18n
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import formatters as f


@pytest.fixture
def english() -> Iterator[None]:
    i18n.install("en")
    yield
    i18n.install("id")


TUE = dt.date(2026, 3, 17)
INDEPENDENCE = dt.date(2026, 8, 17)

DATE_CASES = [
    # (function, value, Indonesian, English)
    (f.format_date_long, TUE, "Selasa, 17 Maret 2026", "Tuesday, 17 March 2026"),
    (f.format_date_long, INDEPENDENCE, "Senin, 17 Agustus 2026", "Monday, 17 August 2026"),
    (f.format_date_long, dt.date(2026, 3, 22), "Minggu, 22 Maret 2026", "Sunday, 22 March 2026"),
    (f.format_date_long, dt.date(2026, 3, 20), "Jumat, 20 Maret 2026", "Friday, 20 March 2026"),
    (f.format_date, TUE, "17 Maret 2026", "17 March 2026"),
    (f.format_date, dt.date(2026, 2, 1), "1 Februari 2026", "1 February 2026"),
    (f.format_date, dt.date(2026, 5, 9), "9 Mei 2026", "9 May 2026"),
    (f.format_date, dt.datetime(2026, 3, 17, 23, 59), "17 Maret 2026", "17 March 2026"),
    (f.format_date_short, TUE, "17/03/2026", "17/03/2026"),
    (f.format_date_short, dt.date(2026, 1, 5), "05/01/2026", "05/01/2026"),
    (f.format_datetime, dt.datetime(2026, 3, 17, 14, 5, 9), "17 Maret 2026 14.05", "17 March 2026 14:05"),
    (f.format_datetime, dt.datetime(2026, 3, 17, 7, 0), "17 Maret 2026 07.00", "17 March 2026 07:00"),
    (f.format_time, dt.time(9, 30), "09.30", "09:30"),
    (f.day_name, TUE, "Selasa", "Tuesday"),
    (f.day_name, dt.date(2026, 3, 19), "Kamis", "Thursday"),
    (f.day_name, dt.date(2026, 3, 21), "Sabtu", "Saturday"),
]


@pytest.mark.parametrize(("func", "value", "indonesian", "english"), DATE_CASES)
def test_dates_follow_the_interface_language(func, value, indonesian: str, english: str) -> None:  # type: ignore[no-untyped-def]
    i18n.install("id")
    assert func(value) == indonesian
    assert func(value, lang="en") == english
    i18n.install("en")
    try:
        assert func(value) == english
        assert func(value, lang="id") == indonesian  # documents force Indonesian under an English interface
    finally:
        i18n.install("id")


@pytest.mark.parametrize("func", [f.format_date_long, f.format_date, f.format_date_short, f.format_datetime])
def test_missing_dates_show_a_dash(func) -> None:  # type: ignore[no-untyped-def]
    assert func(None) == "—"


def test_datetime_with_seconds() -> None:
    assert f.format_datetime(dt.datetime(2026, 3, 17, 14, 5, 9), seconds=True) == "17 Maret 2026 14.05.09"


def test_aware_datetime_is_shown_in_local_time() -> None:
    stamp = dt.datetime(2026, 3, 17, 7, 0, tzinfo=dt.UTC)
    local = stamp.astimezone()
    assert f.format_datetime(stamp) == f"{f.format_date(local.date())} {local:%H.%M}"


MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni"]
MONTHS_ID += ["Juli", "Agustus", "September", "Oktober", "November", "Desember"]


@pytest.mark.parametrize(("month", "name"), list(enumerate(MONTHS_ID, start=1)))
def test_indonesian_month_names(month: int, name: str) -> None:
    assert f.month_name(month, "id") == name
    assert f.format_date(dt.date(2026, month, 1), lang="id") == f"1 {name} 2026"


@pytest.mark.parametrize(
    ("month", "roman"),
    list(zip(range(1, 13), ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], strict=True)),
)
def test_month_roman(month: int, roman: str) -> None:
    assert f.month_roman(month) == roman


@pytest.mark.parametrize("bad", [0, 13, -1, True, "8"])
def test_month_roman_refuses_non_months(bad: object) -> None:
    with pytest.raises(ValueError):
        f.month_roman(bad)  # type: ignore[arg-type]


def test_place_date_is_indonesian_by_default(english: None) -> None:
    assert f.format_place_date("Jakarta", INDEPENDENCE) == "Jakarta, 17 Agustus 2026"
    assert f.format_place_date(" Cibinong ", TUE) == "Cibinong, 17 Maret 2026"
    assert f.format_place_date("Jakarta", INDEPENDENCE, lang=None) == "Jakarta, 17 August 2026"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (INDEPENDENCE, "hari Senin tanggal tujuh belas bulan Agustus tahun dua ribu dua puluh enam"),
        (dt.date(2026, 1, 1), "hari Kamis tanggal satu bulan Januari tahun dua ribu dua puluh enam"),
        (dt.date(2030, 12, 31), "hari Selasa tanggal tiga puluh satu bulan Desember tahun dua ribu tiga puluh"),
        (dt.date(2026, 3, 11), "hari Rabu tanggal sebelas bulan Maret tahun dua ribu dua puluh enam"),
    ],
)
def test_date_in_words_is_always_indonesian(value: dt.date, words: str, english: None) -> None:
    assert f.date_in_words(value) == words


RUPIAH_CASES = [
    (1_250_000, {}, "Rp1.250.000,00"),
    (-1_250_000, {}, "-Rp1.250.000,00"),
    (0, {}, "Rp0,00"),
    (5, {}, "Rp5,00"),
    (999, {}, "Rp999,00"),
    (1000, {}, "Rp1.000,00"),
    (Decimal("2950000.5"), {}, "Rp2.950.000,50"),
    (Decimal("1250000.755"), {}, "Rp1.250.000,76"),  # half-up, not banker's rounding
    (Decimal("0.125"), {}, "Rp0,13"),
    (Decimal("-0.001"), {}, "Rp0,00"),  # no "-Rp0,00"
    (Decimal("1E+6"), {}, "Rp1.000.000,00"),
    (1_250_000, {"decimals": False}, "Rp1.250.000"),
    (Decimal("1250000.50"), {"decimals": False}, "Rp1.250.001"),
    (1_250_000, {"space": True}, "Rp 1.250.000,00"),
    (-1_250_000, {"space": True, "decimals": False}, "-Rp 1.250.000"),
    (999_999_999_999_999, {}, "Rp999.999.999.999.999,00"),
    (None, {}, "—"),
]


@pytest.mark.parametrize(("amount", "options", "text"), RUPIAH_CASES)
def test_format_rupiah(amount: int | Decimal | None, options: dict[str, bool], text: str) -> None:
    assert f.format_rupiah(amount, **options) == text


def test_rupiah_stays_indonesian_in_english(english: None) -> None:
    assert f.format_rupiah(1_250_000) == "Rp1.250.000,00"


@pytest.mark.parametrize("bad", [1250000.0, 0.1, True, "1250000"])
def test_format_rupiah_refuses_floats_and_others(bad: object) -> None:
    with pytest.raises(TypeError):
        f.format_rupiah(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_format_rupiah_refuses_non_finite(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        f.format_rupiah(bad)


PARSE_CASES = [
    ("Rp 1.250.000", "1250000.00"),
    ("Rp1.250.000,00", "1250000.00"),
    ("1.250.000,00", "1250000.00"),
    ("1250000", "1250000.00"),
    ("  1250000  ", "1250000.00"),
    ("Rp. 1.250.000,-", "1250000.00"),
    ("rp 5.000", "5000.00"),
    ("1.250", "1250.00"),  # the dot groups thousands
    ("1,5", "1.50"),
    ("1.250,75", "1250.75"),
    ("0", "0.00"),
    ("-Rp5.000", "-5000.00"),
    ("Rp-5.000", "-5000.00"),
    ("\u2212Rp5.000", "-5000.00"),
    ("Rp\u00a01.000", "1000.00"),
]


@pytest.mark.parametrize(("text", "value"), PARSE_CASES)
def test_parse_rupiah(text: str, value: str) -> None:
    parsed = f.parse_rupiah(text)
    assert parsed == Decimal(value)
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Rp", "abc", "1.25.000", "1,250.00", "12,345", "1.250.000,000", "Rp 1 250 000", "1e6", "--5", "1.2"],
)
def test_parse_rupiah_refuses_garbage(text: str) -> None:
    with pytest.raises(ValidationError):
        f.parse_rupiah(text)


def test_parse_rupiah_refuses_amounts_beyond_terbilang() -> None:
    with pytest.raises(ValidationError):
        f.parse_rupiah("1.000.000.000.000.000")


@pytest.mark.parametrize("amount", [0, 1, 999, 1000, 1_250_000, -42, Decimal("2950000.50"), Decimal("0.07")])
def test_parse_reads_what_format_writes(amount: int | Decimal) -> None:
    assert f.parse_rupiah(f.format_rupiah(amount)) == amount
    assert f.parse_rupiah(f.format_rupiah(amount, space=True)) == amount


NUMBER_CASES = [
    # (value, options, Indonesian, English)
    (1250, {}, "1.250", "1,250"),
    (0, {}, "0", "0"),
    (-1_250_000, {}, "-1.250.000", "-1,250,000"),
    (Decimal("1250.5"), {}, "1.250,5", "1,250.5"),
    (1250.456, {"decimals": 2}, "1.250,46", "1,250.46"),
    (Decimal("2.5"), {"decimals": 0}, "3", "3"),
    (None, {}, "—", "—"),
]


@pytest.mark.parametrize(("value", "options", "indonesian", "english"), NUMBER_CASES)
def test_format_number(value, options, indonesian: str, english: str) -> None:  # type: ignore[no-untyped-def]
    assert f.format_number(value, **options) == indonesian
    assert f.format_number(value, lang="en", **options) == english


PERCENT_CASES = [
    (0.25, {}, "25%", "25%"),
    (Decimal("0.125"), {}, "13%", "13%"),
    (0.125, {"decimals": 1}, "12,5%", "12.5%"),
    (1, {}, "100%", "100%"),
    (Decimal("12.5"), {}, "1.250%", "1,250%"),
    (None, {}, "—", "—"),
]


@pytest.mark.parametrize(("ratio", "options", "indonesian", "english"), PERCENT_CASES)
def test_format_percent(ratio, options, indonesian: str, english: str) -> None:  # type: ignore[no-untyped-def]
    assert f.format_percent(ratio, **options) == indonesian
    assert f.format_percent(ratio, lang="en", **options) == english


def test_numbers_refuse_bool() -> None:
    with pytest.raises(TypeError):
        f.format_number(True)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        f.format_percent(False)  # type: ignore[arg-type]


MASK_CASES = [
    (f.mask_nik, "3171011708450001", "3171 01•• •••• 0001"),
    (f.mask_nik, "3171 0117 0845 0001", "3171 01•• •••• 0001"),
    (f.mask_nik, "3171-0117-0845-0001", "3171 01•• •••• 0001"),
    (f.mask_nik, "12345", "•••45"),
    (f.mask_nik, None, "—"),
    (f.mask_nik, "", "—"),
    (f.mask_kk, "3171012003090003", "3171 01•• •••• 0003"),
    (f.mask_phone, "081234567890", "0812•••••890"),
    (f.mask_phone, "0812-3456-7890", "0812•••••890"),
    (f.mask_phone, "+6281234567890", "+62812•••••890"),
    (f.mask_phone, "0215551234", "0215•••234"),
    (f.mask_phone, "12345", "•••45"),
    (f.mask_phone, None, "—"),
    (f.format_nik, "3171011708450001", "3171 0117 0845 0001"),
    (f.format_nik, " 3171 0117 0845 0001 ", "3171 0117 0845 0001"),
    (f.format_nik, "12.3456/KTP", "123456/KTP"),  # not a NIK: shown as typed, without grouping
    (f.format_nik, None, "—"),
    (f.format_nip, "196804111993031009", "19680411 199303 1 009"),
    (f.format_nip, "19680411 199303 1 009", "19680411 199303 1 009"),
    (f.format_nip, "", "—"),
]


@pytest.mark.parametrize(("func", "value", "text"), MASK_CASES)
def test_identity_numbers(func, value: str | None, text: str) -> None:  # type: ignore[no-untyped-def]
    assert func(value) == text


def test_masked_nik_hides_the_birth_date() -> None:
    # Digits 7-12 are the birth date (day + 40 for women): the part that identifies a person.
    assert f.mask_nik("3171015508450001").replace(" ", "")[6:12] == "••••••"


TODAY = dt.date(2026, 3, 17)
AGE_CASES = [
    # (birth date, today, completed years)
    (dt.date(2014, 3, 17), TODAY, 12),
    (dt.date(2014, 3, 18), TODAY, 11),
    (dt.date(2014, 3, 16), TODAY, 12),
    (dt.date(2026, 3, 17), TODAY, 0),
    (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
    (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    (dt.date(2008, 2, 29), dt.date(2028, 2, 29), 20),
]


@pytest.mark.parametrize(("born", "today", "years"), AGE_CASES)
def test_age_in_years(born: dt.date, today: dt.date, years: int) -> None:
    assert f.age_in_years(born, today) == years


def test_age_of_someone_not_yet_born_is_an_error() -> None:
    with pytest.raises(ValueError):
        f.age_in_years(dt.date(2027, 1, 1), TODAY)


FORMAT_AGE_CASES = [
    # (birth date, options, Indonesian, English)
    (dt.date(2014, 1, 1), {}, "12 tahun", "12 years"),
    (dt.date(2025, 1, 1), {}, "1 tahun", "1 year"),
    (dt.date(2025, 7, 1), {}, "8 bulan", "8 months"),
    (dt.date(2026, 2, 17), {}, "1 bulan", "1 month"),
    (dt.date(2026, 2, 18), {}, "27 hari", "27 days"),
    (dt.date(2026, 3, 16), {}, "1 hari", "1 day"),
    (dt.date(1986, 1, 1), {"estimated": True}, "± 40 tahun", "± 40 years"),
    (None, {}, "—", "—"),
]


@pytest.mark.parametrize(("born", "options", "indonesian", "english"), FORMAT_AGE_CASES)
def test_format_age(born: dt.date | None, options: dict[str, bool], indonesian: str, english: str) -> None:
    assert f.format_age(born, TODAY, **options) == indonesian
    assert f.format_age(born, TODAY, lang="en", **options) == english
    i18n.install("en")
    try:
        assert f.format_age(born, TODAY, **options) == english
        assert f.format_age(born, TODAY, lang="id", **options) == indonesian
    finally:
        i18n.install("id")


def test_age_defaults_to_today() -> None:
    born = dt.date(1990, 6, 15)
    assert f.age_in_years(born) == f.age_in_years(born, dt.date.today())
    assert f.format_age(born) == f.format_age(born, dt.date.today())


def test_babel_locale_follows_language(english: None) -> None:
    assert str(f.babel_locale()) == "en_GB"
    assert str(f.babel_locale("id")) == "id_ID"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        f.format_date(TUE, lang="fr")
