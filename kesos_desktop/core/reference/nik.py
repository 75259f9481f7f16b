"""NIK and No. KK: parsing and validation by the Dukcapil rules (domain §5.2, §5.4), region prefix looked up."""

from __future__ import annotations

import re
import unicodedata
from calendar import isleap
from dataclasses import dataclass
from datetime import date

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.reference.regions import Region, full_label, get_region, successor

NIK_LENGTH = 16
LAKI_LAKI, PEREMPUAN = "L", "P"
# A KK number's date is when SIAK recorded the family. A two-digit year is read as 20YY unless that lies in the
# future; then 19YY only from this year on (earlier KK numbers in this format are not known to exist) [U].
KK_EARLIEST_YEAR = 1990

_IGNORED = re.compile(r"[\s.\-]")
# Excel shows a 16-digit number as 3,17101E+15 / 3.17101E+15 and keeps only 15 significant digits.
_EXCEL_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d{1,2}$")
_EXCEL_FLOAT = re.compile(r"^\d{12,}[.,]0+$")
_SEX_WORDS = {
    "l": LAKI_LAKI,
    "lk": LAKI_LAKI,
    "laki-laki": LAKI_LAKI,
    "laki laki": LAKI_LAKI,
    "pria": LAKI_LAKI,
    "m": LAKI_LAKI,
    "male": LAKI_LAKI,
    "p": PEREMPUAN,
    "pr": PEREMPUAN,
    "perempuan": PEREMPUAN,
    "wanita": PEREMPUAN,
    "f": PEREMPUAN,
    "female": PEREMPUAN,
}


class InvalidIdentityNumber(ValidationError):
    """A NIK or No. KK that cannot be right; ``reason`` is a short code (``length``, ``day``, ``excel``...)."""

    field = ""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message, fields={self.field: message})
        self.reason = reason


class InvalidNik(InvalidIdentityNumber):
    """Raised by ``parse_nik``; the message is for the ``nik`` field."""

    field = "nik"


class InvalidKk(InvalidIdentityNumber):
    """Raised by ``parse_kk``; the message is for the ``no_kk`` field (reasons as for NIK, plus ``future``)."""

    field = "no_kk"


@dataclass(frozen=True, slots=True)
class _Prefix:
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    district_code: str
    district_name: str | None
    retired_region: bool
    successor_code: str | None
    successor_name: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NikInfo:
    """What a valid NIK says. ``district_name`` is None (with a warning) when the kecamatan code is unknown."""

    nik: str
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    district_code: str
    district_name: str | None
    birth_date: date
    sex: str  # "L" or "P"
    serial: str
    retired_region: bool = False  # the prefix is a code from before a pemekaran (e.g. 91.01 before Papua Selatan)
    successor_code: str | None = None
    successor_name: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KkInfo:
    """What a valid No. KK says: issuing region and the date SIAK recorded the family."""

    no_kk: str
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    district_code: str
    district_name: str | None
    recorded_date: date
    serial: str
    retired_region: bool = False
    successor_code: str | None = None
    successor_name: str | None = None
    warnings: tuple[str, ...] = ()


def _format_date(value: date) -> str:
    # Plain DD-MM-YYYY: readable in both languages; i18n/formatters is not a dependency of reference data.
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def _digits(text: str | None, error: type[InvalidIdentityNumber], label: str) -> str:
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if _EXCEL_SCIENTIFIC.match(raw) or _EXCEL_FLOAT.match(raw):
        raise error(
            _(
                "{label} {value} rusak karena tersimpan sebagai angka di Excel (angka terakhir hilang). "
                "Ambil dari kolom berformat teks atau ketik ulang."
            ).format(label=label, value=raw),
            "excel",
        )
    digits = _IGNORED.sub("", raw)
    if not digits:
        raise error(_("{label} belum diisi.").format(label=label), "empty")
    wrong = "".join(dict.fromkeys(c for c in digits if not ("0" <= c <= "9")))
    if wrong:
        raise error(
            _("{label} hanya boleh berisi angka; ada karakter lain: {chars}.").format(label=label, chars=wrong),
            "non_digit",
        )
    if len(digits) != NIK_LENGTH:
        raise error(
            ngettext(
                "{label} harus 16 angka, tetapi yang diketik {count} angka.",
                "{label} harus 16 angka, tetapi yang diketik {count} angka.",
                len(digits),
            ).format(label=label, count=len(digits)),
            "length",
        )
    return digits


def _region_prefix(digits: str, error: type[InvalidIdentityNumber], label: str) -> _Prefix:
    province = get_region(digits[0:2])
    if province is None:
        raise error(
            _("Kode provinsi {code} pada {label} tidak dikenal.").format(code=digits[0:2], label=label), "province"
        )
    if digits[2:4] == "00":
        raise error(
            _("Kode kabupaten/kota pada {label} (angka ke-3 dan ke-4) tidak boleh 00.").format(label=label),
            "regency_zero",
        )
    regency = get_region(digits[0:4])
    if regency is None:
        raise error(
            _("Kode kabupaten/kota {code} pada {label} tidak dikenal di {province}.").format(
                code=digits[2:4], label=label, province=province.name
            ),
            "regency",
        )
    district = get_region(digits[0:6])
    warnings = []
    if district is None:
        warnings.append(
            _(
                "Kode kecamatan {code} pada {label} tidak ada dalam daftar wilayah (mungkin kecamatan lama "
                "sebelum pemekaran). {label} tetap dapat disimpan."
            ).format(code=f"{regency.code}.{digits[4:6]}", label=label)
        )
    retired = [r for r in (district, regency) if r is not None and r.retired]
    now: Region | None = None
    for old in retired:  # the deepest region that has a known successor
        now = successor(old.code)
        if now is not None:
            break
    return _Prefix(
        province_code=province.code,
        province_name=province.name,
        regency_code=regency.code,
        regency_name=regency.name,
        district_code=district.code if district else f"{regency.code}.{digits[4:6]}",
        district_name=district.name if district else None,
        retired_region=bool(retired),
        successor_code=now.code if now else None,
        successor_name=full_label(now.code) if now else None,
        warnings=tuple(warnings),
    )


def _day_month(digits: str, error: type[InvalidIdentityNumber], label: str, allow_female: bool) -> tuple[int, int, str]:
    day, month, yy = int(digits[6:8]), int(digits[8:10]), digits[10:12]
    sex = LAKI_LAKI
    if allow_female and 41 <= day <= 71:
        day, sex = day - 40, PEREMPUAN
    elif not 1 <= day <= 31:
        message = (
            _("Angka tanggal lahir pada {label} ({day}) tidak mungkin: harus 01–31 (laki-laki) atau 41–71 (perempuan).")
            if allow_female
            else _("Angka tanggal pada {label} ({day}) tidak mungkin: harus 01–31.")
        )
        raise error(message.format(day=digits[6:8], label=label), "day")
    if not 1 <= month <= 12:
        raise error(
            _("Angka bulan pada {label} ({month}) tidak mungkin: harus 01–12.").format(month=digits[8:10], label=label),
            "month",
        )
    if month == 2 and day == 29 and yy != "00" and not isleap(2000 + int(yy)):
        raise error(
            _(
                "Tanggal pada {label} tidak ada: 29 Februari hanya ada pada tahun kabisat, "
                "dan tahun 19{yy} maupun 20{yy} bukan tahun kabisat."
            ).format(label=label, yy=yy),
            "leap",
        )
    if not _is_date(2000, month, day):  # 2000 is a leap year, so only 30/31 in short months fail here
        raise error(
            _("Tanggal pada {label} tidak ada: tanggal {day} bulan {month} tidak ada di kalender.").format(
                label=label, day=f"{day:02d}", month=f"{month:02d}"
            ),
            "date",
        )
    return day, month, sex


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _serial(digits: str, error: type[InvalidIdentityNumber], label: str) -> str:
    if digits[12:16] == "0000":
        raise error(_("Nomor urut pada {label} (4 angka terakhir) tidak boleh 0000.").format(label=label), "serial")
    return digits[12:16]


def parse_nik(text: str | None, declared_birth_date: date | None = None, today: date | None = None) -> NikInfo:
    """Validate a NIK and read what it encodes; raises ``InvalidNik`` saying exactly what is wrong.

    The two-digit year is 20YY when that date is not after ``today``, else 19YY — unless ``declared_birth_date``
    (from the KK or akta) points to the other century. A declared date that differs from the NIK is a warning:
    the NIK never changes, only the date field is corrected.
    """
    today = today or date.today()
    label = _("NIK")
    digits = _digits(text, InvalidNik, label)
    prefix = _region_prefix(digits, InvalidNik, label)
    day, month, sex = _day_month(digits, InvalidNik, label, allow_female=True)
    serial = _serial(digits, InvalidNik, label)
    yy = int(digits[10:12])
    years = [c + yy for c in (2000, 1900) if _is_date(c + yy, month, day)]
    past = [y for y in years if date(y, month, day) <= today] or years
    year = past[0]
    if declared_birth_date is not None:  # the century of the declared birth date, or the one closest to it
        year = min(past, key=lambda y: (abs(y - declared_birth_date.year), -y))
    birth_date = date(year, month, day)
    warnings = list(prefix.warnings)
    if declared_birth_date is not None and declared_birth_date != birth_date:
        warnings.append(_birth_date_mismatch(birth_date, declared_birth_date))
    return NikInfo(
        nik=digits,
        province_code=prefix.province_code,
        province_name=prefix.province_name,
        regency_code=prefix.regency_code,
        regency_name=prefix.regency_name,
        district_code=prefix.district_code,
        district_name=prefix.district_name,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
        retired_region=prefix.retired_region,
        successor_code=prefix.successor_code,
        successor_name=prefix.successor_name,
        warnings=tuple(warnings),
    )


def _birth_date_mismatch(nik_date: date, declared: date) -> str:
    return _(
        "Tanggal lahir pada NIK ({nik_date}) berbeda dengan tanggal lahir yang diisi ({declared}). "
        "NIK tidak diubah; pastikan tanggal lahir sesuai akta atau KK."
    ).format(nik_date=_format_date(nik_date), declared=_format_date(declared))


def is_valid_nik(text: str | None) -> bool:
    """True when ``parse_nik`` accepts the text (warnings allowed)."""
    try:
        parse_nik(text)
    except InvalidNik:
        return False
    return True


def normalize_sex(value: str | None) -> str | None:
    """``"L"``/``"P"`` from the usual spellings (L, LK, laki-laki, pria, P, PR, perempuan, wanita, M, F); else None."""
    return _SEX_WORDS.get((value or "").strip().lower().rstrip("."))


def sex_label(sex: str) -> str:
    return _("laki-laki") if sex == LAKI_LAKI else _("perempuan")


def cross_check(info: NikInfo, declared_sex: str | None = None, declared_birth_date: date | None = None) -> list[str]:
    """Warnings (never errors) where the NIK disagrees with the sex or birth date typed from other documents."""
    warnings = []
    sex = normalize_sex(declared_sex)
    if sex is not None and sex != info.sex:
        warnings.append(
            _("Jenis kelamin pada NIK ({nik_sex}) berbeda dengan jenis kelamin yang diisi ({declared_sex}).").format(
                nik_sex=sex_label(info.sex), declared_sex=sex_label(sex)
            )
        )
    if declared_birth_date is not None and declared_birth_date != info.birth_date:
        warnings.append(_birth_date_mismatch(info.birth_date, declared_birth_date))
    return warnings


def region_note(info: NikInfo | KkInfo) -> str | None:
    """ "Kode lama (sebelum pemekaran) → kini …" for a prefix from before a split; None for a current code."""
    if not info.retired_region:
        return None
    old = info.district_code if get_region(info.district_code) is not None else info.regency_code
    if info.successor_name is None:
        return _("Kode wilayah {code} adalah kode lama (sebelum pemekaran).").format(code=old)
    return _("Kode wilayah {code} adalah kode lama (sebelum pemekaran); kini {successor}.").format(
        code=old, successor=info.successor_name
    )


def parse_kk(text: str | None, today: date | None = None) -> KkInfo:
    """Validate a No. KK: issuing region (current or retired), a real recording date DDMMYY (no +40), serial."""
    today = today or date.today()
    label = _("No. KK")
    digits = _digits(text, InvalidKk, label)
    prefix = _region_prefix(digits, InvalidKk, label)
    day, month, _sex = _day_month(digits, InvalidKk, label, allow_female=False)
    serial = _serial(digits, InvalidKk, label)
    yy = int(digits[10:12])
    recorded = date(2000 + yy, month, day) if _is_date(2000 + yy, month, day) else None
    if recorded is None or recorded > today:
        earlier = date(1900 + yy, month, day) if _is_date(1900 + yy, month, day) else None
        if earlier is None or earlier.year < KK_EARLIEST_YEAR:
            shown = recorded or earlier
            raise InvalidKk(
                _("Tanggal pencatatan pada No. KK ({recorded}) ada di masa depan.").format(
                    recorded=_format_date(shown) if shown else digits[6:12]
                ),
                "future",
            )
        recorded = earlier
    return KkInfo(
        no_kk=digits,
        province_code=prefix.province_code,
        province_name=prefix.province_name,
        regency_code=prefix.regency_code,
        regency_name=prefix.regency_name,
        district_code=prefix.district_code,
        district_name=prefix.district_name,
        recorded_date=recorded,
        serial=serial,
        retired_region=prefix.retired_region,
        successor_code=prefix.successor_code,
        successor_name=prefix.successor_name,
        warnings=prefix.warnings,
    )
