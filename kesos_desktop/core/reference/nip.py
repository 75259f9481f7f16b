"""NIP of a civil servant (PNS, Perka BKN 22/2007): parse, validate and print it grouped 8 6 1 3."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _

NIP_LENGTH = 18
# Nobody becomes CPNS before 18 (UU ASN); the rule is checked to the month because TMT has no day.
MIN_AGE_AT_TMT = 18
# The oldest PNS who could still hold a 2007-style NIP and the first year a TMT CPNS can carry.
MIN_BIRTH_YEAR = 1900
MIN_TMT_YEAR = 1920
# A NIP is issued before its TMT takes effect, so a TMT a little ahead of today is normal.
MAX_TMT_YEARS_AHEAD = 1

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class NipInfo:
    """The parts of a valid PNS NIP; ``nip`` is the 18 digits without spaces."""

    nip: str
    birth_date: date
    tmt_cpns: tuple[int, int]  # (year, month)
    sex: Literal["L", "P"]
    serial: str

    @property
    def formatted(self) -> str:
        return format_nip(self.nip)


def _fail(message: str) -> ValidationError:
    return ValidationError(message, fields={"nip": message})


def _digits(text: str) -> str:
    """Strip the spaces people type or copy from letters; anything else that is not a digit is an error."""
    compact = _WHITESPACE.sub("", text or "")
    if not compact:
        raise _fail(_("NIP wajib diisi."))
    if not compact.isascii() or not compact.isdigit():
        raise _fail(_("NIP hanya boleh berisi angka (spasi diperbolehkan)."))
    if len(compact) != NIP_LENGTH:
        raise _fail(_("NIP harus terdiri atas 18 angka; yang diisi {count} angka.").format(count=len(compact)))
    return compact


def format_nip(nip: str) -> str:
    """``"196804111993031009"`` (spaces allowed) -> ``"19680411 199303 1 009"``.

    Only the length is checked, so a PPPK number (also 18 digits, different meaning) prints the same way.
    """
    digits = _digits(nip)
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return d.replace(year=d.year + years, day=28)


def parse_nip(text: str, *, today: date | None = None) -> NipInfo:
    """Validate a PNS NIP and split it; raises ``ValidationError(fields={"nip": ...})`` with the first problem."""
    digits = _digits(text)
    today = today or date.today()

    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    try:
        birth = date(year, month, day)
    except ValueError:
        raise _fail(_("Tanggal lahir dalam NIP ({value}) bukan tanggal yang ada.").format(value=digits[:8])) from None
    if birth.year < MIN_BIRTH_YEAR or birth > today:
        raise _fail(_("Tanggal lahir dalam NIP ({value}) tidak mungkin.").format(value=digits[:8]))

    tmt_year, tmt_month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= tmt_month <= 12:
        raise _fail(_("Bulan TMT CPNS dalam NIP ({value}) tidak ada.").format(value=digits[8:14]))
    latest = _add_years(today, MAX_TMT_YEARS_AHEAD)
    if tmt_year < MIN_TMT_YEAR or (tmt_year, tmt_month) > (latest.year, latest.month):
        raise _fail(_("TMT CPNS dalam NIP ({value}) tidak mungkin.").format(value=digits[8:14]))
    adult = _add_years(birth, MIN_AGE_AT_TMT)
    if (tmt_year, tmt_month) < (adult.year, adult.month):
        raise _fail(
            _("TMT CPNS dalam NIP ({value}) jatuh sebelum pemilik NIP berumur 18 tahun.").format(value=digits[8:14])
        )

    sex_digit = digits[14]
    if sex_digit not in "12":
        raise _fail(
            _("Angka jenis kelamin dalam NIP harus 1 (laki-laki) atau 2 (perempuan), bukan {digit}.").format(
                digit=sex_digit
            )
        )
    sex: Literal["L", "P"] = "L" if sex_digit == "1" else "P"
    return NipInfo(nip=digits, birth_date=birth, tmt_cpns=(tmt_year, tmt_month), sex=sex, serial=digits[15:])
