"""Display formats for dates, Rupiah, numbers, ages and identity numbers, in the interface language.

Functions with a ``lang`` parameter follow the installed interface language when it is None; documents (letters,
vouchers, berita acara) pass ``lang="id"`` because official papers are always Indonesian. Rupiah always uses the
Indonesian (PUEBI) format, whatever the language. Empty values (None, "") show as ``EMPTY`` ("—").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from kesos_desktop.core import i18n
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n.terbilang import (
    MAX_TERBILANG,
    money_decimal,
    terbilang,
    terbilang_kwitansi,
    terbilang_rupiah,
)

__all__ = [
    "BULLET",
    "EMPTY",
    "age_in_months",
    "age_in_years",
    "babel_locale",
    "date_in_words",
    "day_name",
    "format_age",
    "format_date",
    "format_date_long",
    "format_date_short",
    "format_datetime",
    "format_nik",
    "format_nip",
    "format_number",
    "format_percent",
    "format_place_date",
    "format_rupiah",
    "format_time",
    "mask_kk",
    "mask_nik",
    "mask_phone",
    "month_name",
    "month_roman",
    "parse_rupiah",
    "terbilang",
    "terbilang_kwitansi",
    "terbilang_rupiah",
]

EMPTY = "—"
BULLET = "•"
# English uses British conventions: the users are in Indonesia, where 03/04/2026 means 3 April.
BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}
_DATE_PATTERNS = {"long": "EEEE, d MMMM y", "medium": "d MMMM y", "short": "dd/MM/y"}
# PUEBI writes the time with a period (pukul 14.30); English uses a colon.
_TIME_PATTERNS = {"id": ("HH.mm", "HH.mm.ss"), "en": ("HH:mm", "HH:mm:ss")}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_SEN = Decimal("0.01")


def _lang(lang: str | None) -> str:
    return i18n.current_language() if lang is None else i18n.normalize_language(lang)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES[lang])


def babel_locale(lang: str | None = None) -> Locale:
    """The Babel locale behind the formatters for ``lang`` (default: the interface language)."""
    return _locale(_lang(lang))


# ---------------------------------------------------------------------------------------------------------- dates


def _as_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return _local(value).date()
    if not isinstance(value, dt.date):
        raise TypeError(f"expected a date, not {type(value).__name__}")
    return value


def _local(value: dt.datetime) -> dt.datetime:
    # Aware timestamps (stored in UTC) are shown in the computer's time zone; naive ones are taken as local already.
    return value.astimezone() if value.tzinfo is not None else value


def _date(value: dt.date | None, style: str, lang: str | None) -> str:
    if value is None:
        return EMPTY
    return babel_dates.format_date(_as_date(value), _DATE_PATTERNS[style], locale=babel_locale(lang))


def format_date_long(value: dt.date | None, lang: str | None = None) -> str:
    """ "Selasa, 17 Maret 2026" / "Tuesday, 17 March 2026"."""
    return _date(value, "long", lang)


def format_date(value: dt.date | None, lang: str | None = None) -> str:
    """ "17 Maret 2026" / "17 March 2026" (no leading zero, month in words)."""
    return _date(value, "medium", lang)


def format_date_short(value: dt.date | None, lang: str | None = None) -> str:
    """ "17/03/2026" in both languages (day first)."""
    return _date(value, "short", lang)


def format_time(value: dt.time | dt.datetime | None, *, seconds: bool = False, lang: str | None = None) -> str:
    """ "14.30" in Indonesian, "14:30" in English (24-hour clock)."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    # A naive time object: Babel does no time-zone arithmetic on it.
    pattern = _TIME_PATTERNS[_lang(lang)][1 if seconds else 0]
    return babel_dates.format_time(value.replace(tzinfo=None), pattern, locale=babel_locale(lang))


def format_datetime(value: dt.datetime | None, *, seconds: bool = False, lang: str | None = None) -> str:
    """ "17 Maret 2026 14.30" / "17 March 2026 14:30"; aware values are shown in local time."""
    if value is None:
        return EMPTY
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime, not {type(value).__name__}")
    value = _local(value)
    return f"{format_date(value.date(), lang)} {format_time(value.time(), seconds=seconds, lang=lang)}"


def format_place_date(place: str, value: dt.date, lang: str | None = "id") -> str:
    """The place-and-date line of a letter: "Jakarta, 17 Agustus 2026". Indonesian unless asked otherwise."""
    return f"{place.strip()}, {format_date(value, lang)}"


def day_name(value: dt.date, lang: str | None = None) -> str:
    """ "Senin" … "Minggu" / "Monday" … "Sunday"."""
    return babel_locale(lang).days["format"]["wide"][_as_date(value).weekday()]


def month_name(month: int, lang: str | None = None) -> str:
    """ "Januari" … "Desember" / "January" … "December"."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    return babel_locale(lang).months["format"]["wide"][month]


def month_roman(month: int) -> str:
    """Roman month for letter numbers: 1 → "I", 8 → "VIII", 12 → "XII"."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month!r}")
    return _ROMAN[month - 1]


def date_in_words(value: dt.date) -> str:
    """A berita acara date spelled out (always Indonesian):
    "hari Senin tanggal tujuh belas bulan Agustus tahun dua ribu dua puluh enam"."""
    value = _as_date(value)
    return (
        f"hari {day_name(value, 'id')} tanggal {terbilang(value.day)} "
        f"bulan {month_name(value.month, 'id')} tahun {terbilang(value.year)}"
    )


# ---------------------------------------------------------------------------------------------------------- money


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def format_rupiah(amount: int | Decimal | None, *, decimals: bool = True, space: bool = False) -> str:
    """Rupiah the PUEBI way: "Rp1.250.000,00", "-Rp1.250.000,00"; ``decimals=False`` rounds to "Rp1.250.000";
    ``space=True`` gives the older "Rp 1.250.000,00" that some Pemda still print. Rounding is half-up."""
    if amount is None:
        return EMPTY
    value = money_decimal(amount).quantize(_SEN if decimals else Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""  # -0.00 has no sign to show
    whole, _, fraction = f"{abs(value):f}".partition(".")
    text = _group(whole, ".") + ("," + fraction if decimals else "")
    return f"{sign}Rp{' ' if space else ''}{text}"


_RUPIAH_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_RUPIAH_NUMBER = re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<sen>\d{1,2}))?$")


def parse_rupiah(text: str) -> Decimal:
    """Read an amount typed the Indonesian way: "Rp 1.250.000", "Rp1.250.000,00", "1.250.000,-", "1250000", "-Rp5.000".

    Dots group thousands and the comma starts the sen, so "1.250" is one thousand two hundred fifty. Returns a
    Decimal with two places; raises ValidationError for anything else (including English "1,250.00").
    """
    raw = text if isinstance(text, str) else ""
    cleaned = raw.strip().replace("\u00a0", " ").replace("\u2212", "-")
    negative = cleaned.startswith("-")
    cleaned = cleaned[1:].strip() if negative else cleaned
    cleaned = _RUPIAH_PREFIX.sub("", cleaned)
    if cleaned.startswith("-") and not negative:  # "Rp-5.000"
        negative, cleaned = True, cleaned[1:].strip()
    # ",-" and ",00" both mean "no sen" on Indonesian price tags and receipts.
    cleaned = re.sub(r",[-\u2013\u2014]$", "", cleaned)
    match = _RUPIAH_NUMBER.match(cleaned)
    if not match:
        raise ValidationError(
            i18n._("Jumlah uang tidak dapat dibaca: “{text}”. Contoh: Rp1.250.000,00").format(text=raw.strip())
        )
    whole = int(match["whole"].replace(".", ""))
    sen = int((match["sen"] or "0").ljust(2, "0"))
    if whole > MAX_TERBILANG:
        raise ValidationError(i18n._("Jumlah uang terlalu besar: “{text}”.").format(text=raw.strip()))
    value = (Decimal(whole) + Decimal(sen) / 100).quantize(_SEN)
    return -value if negative and value else value


# -------------------------------------------------------------------------------------------------------- numbers


def format_number(value: int | Decimal | float | None, *, decimals: int | None = None, lang: str | None = None) -> str:
    """ "1.250" / "1,250"; with ``decimals`` a fixed number of places, rounded half-up ("1.250,50")."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        raise TypeError("format_number needs a number, not a bool")
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=babel_locale(lang))
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    quantum = Decimal(1).scaleb(-decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(
        number.quantize(quantum, rounding=ROUND_HALF_UP), format=pattern, locale=babel_locale(lang)
    )


def format_percent(ratio: int | Decimal | float | None, *, decimals: int = 0, lang: str | None = None) -> str:
    """A ratio as a percentage: 0.25 → "25%", 0.125 with ``decimals=1`` → "12,5%" / "12.5%" (half-up)."""
    if ratio is None:
        return EMPTY
    if isinstance(ratio, bool):
        raise TypeError("format_percent needs a number, not a bool")
    number = Decimal(str(ratio)) if isinstance(ratio, float) else Decimal(ratio)
    return format_number(number * 100, decimals=decimals, lang=lang) + "%"


# ------------------------------------------------------------------------------------------------ identity numbers


def _compact(value: str | None) -> str:
    return re.sub(r"[\s.\-()]", "", value) if value else ""


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def _mask(text: str, keep_start: int, keep_end: int) -> str:
    if len(text) < keep_start + keep_end + 2:
        # Too short to be the number we expect: show only its tail, so a short value never shows whole.
        tail = min(2, len(text) // 2)
        return BULLET * (len(text) - tail) + text[len(text) - tail :]
    return text[:keep_start] + BULLET * (len(text) - keep_start - keep_end) + text[len(text) - keep_end :]


def mask_nik(nik: str | None) -> str:
    """A NIK for lists and prints: region code (6) and serial (4) shown, birth date hidden: "3171 01•• •••• 0001"."""
    text = _compact(nik)
    if not text:
        return EMPTY
    masked = _mask(text, 6, 4)
    return _grouped(masked) if len(text) == 16 else masked


def mask_kk(kk: str | None) -> str:
    """A Nomor KK masked like a NIK: "3171 01•• •••• 0003"."""
    return mask_nik(kk)


def mask_phone(phone: str | None) -> str:
    """A phone number with the operator prefix and last three digits shown: "0812•••••890", "+62812•••••890"."""
    text = _compact(phone)
    if not text:
        return EMPTY
    return _mask(text, 6 if text.startswith("+") else 4, 3)


def format_nik(nik: str | None) -> str:
    """A NIK or Nomor KK in full, grouped by four for reading aloud: "3171 0117 0845 0001" (authorised display)."""
    text = _compact(nik)
    if not text:
        return EMPTY
    return _grouped(text) if len(text) == 16 and text.isdigit() else text


def format_nip(nip: str | None) -> str:
    """A civil-servant NIP grouped as on a signature block: "19680411 199303 1 009"."""
    text = _compact(nip)
    if not text:
        return EMPTY
    if len(text) == 18 and text.isdigit():
        return f"{text[:8]} {text[8:14]} {text[14]} {text[15:]}"
    return text


# ----------------------------------------------------------------------------------------------------------- ages


def age_in_years(birth_date: dt.date, today: dt.date | None = None) -> int:
    """Completed years on ``today`` (default: the computer's date); someone born on 29 February ages on 1 March."""
    birth_date = _as_date(birth_date)
    today = _as_date(today) if today is not None else dt.date.today()
    if birth_date > today:
        raise ValueError(f"birth date {birth_date} is after {today}")
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def age_in_months(birth_date: dt.date, today: dt.date | None = None) -> int:
    """Completed months on ``today`` (for infants)."""
    birth_date = _as_date(birth_date)
    today = _as_date(today) if today is not None else dt.date.today()
    if birth_date > today:
        raise ValueError(f"birth date {birth_date} is after {today}")
    return (today.year - birth_date.year) * 12 + today.month - birth_date.month - (today.day < birth_date.day)


def format_age(
    birth_date: dt.date | None, today: dt.date | None = None, *, estimated: bool = False, lang: str | None = None
) -> str:
    """ "12 tahun"; under one year "8 bulan", under one month "12 hari"; ``estimated`` (birth year only, or
    guessed) prefixes "±": "± 40 tahun". English: "12 years", "8 months"."""
    if birth_date is None:
        return EMPTY
    # The catalog of the requested language, so a document can ask for Indonesian under an English interface.
    catalog = i18n.translator(_lang(lang))
    today = _as_date(today) if today is not None else dt.date.today()
    years = age_in_years(birth_date, today)
    if years >= 1:
        text = catalog.ngettext("{n} tahun", "{n} tahun", years).format(n=years)
    else:
        months = age_in_months(birth_date, today)
        if months >= 1:
            text = catalog.ngettext("{n} bulan", "{n} bulan", months).format(n=months)
        else:
            days = (today - _as_date(birth_date)).days
            text = catalog.ngettext("{n} hari", "{n} hari", days).format(n=days)
    return f"± {text}" if estimated else text
