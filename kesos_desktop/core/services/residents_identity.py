"""A person's identity as typed on the intake and edit forms, and its validation (names, birth date, NIK/KK...)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import age_in_years, mask_nik
from kesos_desktop.core.models import Person
from kesos_desktop.core.reference import nik as nik_rules
from kesos_desktop.core.reference.regions import full_label, get_region, normalize_code, successor
from kesos_desktop.core.services import numbering
from kesos_desktop.core.services.residents_choices import is_choice

# The placeholder full name of someone whose name nobody knows yet; the registration number makes it unique.
UNKNOWN_NAME = "Tanpa Nama"
REGISTRATION_SEQUENCE = "registration"
PRECISIONS = ("exact", "month", "year", "estimated")
MAX_AGE = 120
ADULT_AGE = 18
# Consent given by the person themself is not enough for a child (UU 27/2022 Pasal 25).
OWN_CONSENT = "persetujuan_sendiri"
GUARDIAN_CONSENT = "persetujuan_wali"
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")

# Field labels for the timeline ("Identitas diubah: Nama lengkap, NIK") and for the audit view.
FIELD_LABELS: dict[str, str] = {
    "full_name": N_("Nama lengkap"),
    "alias": N_("Nama panggilan"),
    "name_unknown": N_("Nama belum diketahui"),
    "sex": N_("Jenis kelamin"),
    "birth_date": N_("Tanggal lahir"),
    "birth_date_precision": N_("Ketepatan tanggal lahir"),
    "birth_place": N_("Tempat lahir"),
    "nik": N_("NIK"),
    "nik_absent_reason": N_("Alasan NIK belum ada"),
    "no_kk": N_("No. KK"),
    "religion": N_("Agama"),
    "education": N_("Pendidikan"),
    "marital_status": N_("Status perkawinan"),
    "origin_region_code": N_("Wilayah asal"),
    "origin_region_name": N_("Nama wilayah asal"),
    "origin_address": N_("Alamat asal"),
    "phone": N_("Telepon"),
    "health_notes": N_("Catatan kesehatan"),
    "disability_notes": N_("Catatan disabilitas"),
}
# Values never written to the audit log in full (auditors need not see them; domain §8.3).
MASKED_IN_AUDIT = ("nik", "no_kk")
# Health and disability notes (data spesifik, UU 27/2022 Pasal 4): readable only with ``residents.view_health``;
# the audit log records that they changed, never their text.
HEALTH_FIELDS = ("health_notes", "disability_notes")
HEALTH_CHANGED = N_("(diubah)")


def format_registration_number(year: int, value: int) -> str:
    """The registration number (nomor registrasi) shown on files and prints: ``WB-2026-000123``.

    The one formatter for intake and the demo generator, so both give the same numbers.
    """
    return f"WB-{year}-{value:06d}"


def registration_number(session: Session, office_id: uuid.UUID, on_date: date) -> str:
    """Allocate the next registration number of the office for the year of ``on_date`` (caller's transaction)."""
    value = numbering.next_number(session, office_id, REGISTRATION_SEQUENCE, on_date.year)
    return format_registration_number(on_date.year, value)


def placeholder_name(registration_no: str) -> str:
    """ "Tanpa Nama WB-2026-000123": the full name shown while the real name is not known."""
    return f"{UNKNOWN_NAME} {registration_no}"


@dataclass
class IdentityInput:
    """Identity fields of the intake and edit forms; codes come from ``residents_choices``.

    ``birth_date_precision``: ``exact`` (a full date), ``month`` (month and year; the day is ignored), ``year``
    (only the year counts), ``estimated`` (``estimated_age`` in years, turned into 1 January of the year of birth;
    leave the age empty when even that is unknown). ``nik``/``no_kk``: text; on an edit ``None`` leaves the stored
    value unchanged and ``""`` removes it. Without a NIK, ``nik_absent_reason`` is required. ``health_notes`` and
    ``disability_notes`` likewise: ``None`` on an edit keeps the stored notes (a form that could not show them).
    """

    full_name: str = ""
    alias: str = ""
    sex: str = ""
    birth_date: date | None = None
    birth_date_precision: str = "exact"
    estimated_age: int | None = None
    birth_place: str = ""
    nik: str | None = None
    nik_absent_reason: str = ""
    no_kk: str | None = None
    religion: str = ""
    education: str = ""
    marital_status: str = ""
    origin_region_code: str = ""
    origin_address: str = ""
    phone: str = ""
    health_notes: str | None = ""
    disability_notes: str | None = ""


@dataclass(frozen=True)
class CleanIdentity:
    """Validated identity values ready for the Person row, with warnings to show (never blocks)."""

    values: dict[str, object]
    warnings: tuple[str, ...]
    age: int | None
    nik_info: nik_rules.NikInfo | None = field(default=None, compare=False)


def clean_text(value: str | None) -> str:
    """Trimmed, with inner runs of spaces collapsed (names and short fields)."""
    return " ".join((value or "").split())


def _only_digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _check_length(problems: dict[str, str], name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        problems.setdefault(
            name,
            _("{field} terlalu panjang: paling banyak {limit} karakter.").format(
                field=_(FIELD_LABELS.get(name, name)), limit=limit
            ),
        )


def check_phone(problems: dict[str, str], name: str, phone: str) -> None:
    if not phone:
        return
    digits = sum(c.isdigit() for c in phone)
    if not _PHONE_CHARS.match(phone) or not 6 <= digits <= 15:
        problems[name] = _("Nomor telepon hanya berisi angka (6–15 angka), boleh diawali +62. Contoh: 0812 3456 7890.")


def region_value(problems: dict[str, str], name: str, code_text: str) -> tuple[str, str]:
    """(dotted code, full label) of a region typed or picked at any level; ("", "") when empty."""
    if not code_text.strip():
        return "", ""
    code = normalize_code(code_text)
    region = get_region(code) if code else None
    if region is None:
        problems[name] = _("Kode wilayah {code} tidak dikenal. Pilih wilayah dari daftar.").format(code=code_text)
        return "", ""
    if region.retired:
        now = successor(region.code)
        problems[name] = (
            _("Kode wilayah {code} adalah kode lama; pilih {successor}.").format(
                code=region.code, successor=full_label(now.code)
            )
            if now is not None
            else _("Kode wilayah {code} adalah kode lama. Pilih wilayah yang berlaku dari daftar.").format(
                code=region.code
            )
        )
        return "", ""
    return region.code, full_label(region.code)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birth_date(data: IdentityInput, reference: date, problems: dict[str, str]) -> tuple[date | None, str]:
    precision = data.birth_date_precision or "exact"
    if precision not in PRECISIONS:
        problems["birth_date_precision"] = _("Pilih ketepatan tanggal lahir: pasti, bulan, tahun, atau perkiraan.")
        return None, "exact"
    born = data.birth_date
    if precision == "estimated":
        age = data.estimated_age
        if age is None:
            return (date(born.year, 1, 1) if born else None), precision
        if not 0 <= age <= MAX_AGE:
            problems["estimated_age"] = _("Perkiraan umur harus antara 0 dan {max} tahun.").format(max=MAX_AGE)
            return None, precision
        # 1 January of the year of birth: the person is exactly the estimated age all through the reference year.
        return date(reference.year - age, 1, 1), precision
    if born is None:
        problems["birth_date"] = _(
            "Isi tanggal lahir, atau pilih ketepatan 'Perkiraan umur' bila tanggal lahir tidak diketahui."
        )
        return None, precision
    if precision == "month":
        born = born.replace(day=1)
    elif precision == "year":
        born = date(born.year, 1, 1)
    if born > reference:
        problems["birth_date"] = _("Tanggal lahir tidak boleh sesudah hari ini.")
        return None, precision
    if born < _years_before(reference, MAX_AGE + 1):
        problems["birth_date"] = _("Tanggal lahir lebih dari {max} tahun yang lalu; periksa tahunnya.").format(
            max=MAX_AGE
        )
        return None, precision
    return born, precision


def partial_date_warning(nik_date: date, born: date, precision: str) -> str | None:
    """Where the NIK's date disagrees with the known part of an inexact birth date (a warning only)."""
    if precision == "month" and (nik_date.year, nik_date.month) != (born.year, born.month):
        return _("Bulan dan tahun lahir pada NIK ({nik}) berbeda dengan yang diisi ({declared}).").format(
            nik=f"{nik_date.month:02d}-{nik_date.year}", declared=f"{born.month:02d}-{born.year}"
        )
    if precision == "year" and nik_date.year != born.year:
        return _("Tahun lahir pada NIK ({nik}) berbeda dengan tahun lahir yang diisi ({declared}).").format(
            nik=nik_date.year, declared=born.year
        )
    if precision == "estimated" and abs(nik_date.year - born.year) > 2:
        return _(
            "Tahun lahir pada NIK ({nik}) jauh dari perkiraan umur (lahir sekitar {declared}). "
            "Bila NIK benar, pakai tanggal lahir dari NIK, akta atau KK."
        ).format(nik=nik_date.year, declared=born.year)
    return None


def _check_nik(
    session: Session,
    text: str,
    sex: str | None,
    born: date | None,
    precision: str,
    person_id: uuid.UUID | None,
    problems: dict[str, str],
    warnings: list[str],
) -> nik_rules.NikInfo | None:
    try:
        plain = nik_rules.parse_nik(text)
        info = nik_rules.parse_nik(text, declared_birth_date=born) if born else plain
    except nik_rules.InvalidNik as exc:
        problems["nik"] = str(exc)
        return None
    warnings.extend(plain.warnings)
    exact = born if precision == "exact" else None
    warnings.extend(nik_rules.cross_check(info, declared_sex=sex, declared_birth_date=exact))
    if born is not None and precision != "exact":
        partial = partial_date_warning(info.birth_date, born, precision)
        if partial:
            warnings.append(partial)
    note = nik_rules.region_note(info)
    if note:
        warnings.append(note)
    stmt = select(Person.registration_no).where(Person.nik == info.nik)
    if person_id is not None:
        stmt = stmt.where(Person.id != person_id)
    existing = session.scalar(stmt.limit(1))
    if existing is not None:
        problems["nik"] = _(
            "NIK {nik} sudah tercatat pada warga binaan {reg}. Bila orang yang sama, buka data itu dan catat "
            "penerimaan ulang; bila bukan, periksa kembali NIK."
        ).format(nik=mask_nik(info.nik), reg=existing)
    return info


def validate_identity(
    session: Session,
    data: IdentityInput,
    *,
    reference_date: date,
    person: Person | None = None,
) -> CleanIdentity:
    """Check every identity field at once; raises ValidationError with a message per field.

    ``person``: the record being edited (None at intake). NIK and birth-date disagreements are warnings.
    """
    problems: dict[str, str] = {}
    warnings: list[str] = []
    full_name = clean_text(data.full_name)
    alias = clean_text(data.alias)
    if person is not None and person.name_unknown and full_name == person.full_name:
        full_name = ""  # the placeholder sent back unchanged by the edit form
    for name, value, limit in (("full_name", full_name, 200), ("alias", alias, 120)):
        _check_length(problems, name, value, limit)

    sex = nik_rules.normalize_sex(data.sex)
    if sex is None:
        problems["sex"] = _("Pilih jenis kelamin: laki-laki atau perempuan.")
    born, precision = _birth_date(data, reference_date, problems)
    age = age_in_years(born, reference_date) if born is not None and born <= reference_date else None
    if born is None and "birth_date" not in problems and "estimated_age" not in problems:
        warnings.append(
            _("Tanggal lahir dan umur belum diketahui; aturan usia kategori belum dapat diperiksa. Isi perkiraan umur.")
        )
    birth_place = clean_text(data.birth_place)
    _check_length(problems, "birth_place", birth_place, 120)

    values: dict[str, object] = {}
    nik_info = None
    nik_text = data.nik
    if nik_text is None and person is not None:
        nik_text = person.nik or ""  # unchanged on an edit: still cross-checked against the new date and sex
    nik_text = (nik_text or "").strip()
    reason = clean_text(data.nik_absent_reason)
    if nik_text:
        nik_problems: dict[str, str] = {}
        nik_info = _check_nik(
            session, nik_text, sex, born, precision, person.id if person else None, nik_problems, warnings
        )
        stored = person.nik if person is not None else None
        if nik_problems and stored and _only_digits(nik_text) == stored:
            # A number already on record (imported, or checked under older region data) never blocks other edits.
            warnings.append(
                _("NIK yang tersimpan tidak lolos pemeriksaan: {problem}").format(problem=nik_problems["nik"])
            )
            values["nik"] = stored
        else:
            problems.update(nik_problems)
            values["nik"] = nik_info.nik if nik_info else None
        values["nik_absent_reason"] = ""
    else:
        if not reason:
            problems["nik_absent_reason"] = _(
                "NIK belum ada: tuliskan alasannya, misalnya 'belum memiliki KIA/akta' atau 'KTP hilang'."
            )
        _check_length(problems, "nik_absent_reason", reason, 200)
        values["nik"] = None
        values["nik_absent_reason"] = reason

    kk_text = data.no_kk
    if kk_text is None and person is not None:
        kk_text = person.no_kk or ""
    kk_text = (kk_text or "").strip()
    values["no_kk"] = None
    if kk_text:
        try:
            kk = nik_rules.parse_kk(kk_text)
            values["no_kk"] = kk.no_kk
            warnings.extend(kk.warnings)
        except nik_rules.InvalidKk as exc:
            if person is not None and person.no_kk and _only_digits(kk_text) == person.no_kk:
                warnings.append(_("No. KK yang tersimpan tidak lolos pemeriksaan: {problem}").format(problem=exc))
                values["no_kk"] = person.no_kk
            else:
                problems["no_kk"] = str(exc)

    for name in ("religion", "education", "marital_status"):
        code = (getattr(data, name) or "").strip()
        if code and not is_choice(name, code):
            problems[name] = _("Pilih {field} dari daftar.").format(field=_(FIELD_LABELS[name]).lower())
        values[name] = code
    region_code, region_name = region_value(problems, "origin_region_code", data.origin_region_code)
    phone = clean_text(data.phone)
    check_phone(problems, "phone", phone)
    _check_length(problems, "phone", phone, 40)
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    values.update(
        full_name=full_name,
        alias=alias,
        name_unknown=not (full_name or alias),
        sex=sex,
        birth_date=born,
        birth_date_precision=precision,
        birth_place=birth_place,
        origin_region_code=region_code,
        origin_region_name=region_name,
        origin_address=(data.origin_address or "").strip(),
        phone=phone,
        health_notes=_notes(data.health_notes, person.health_notes if person is not None else ""),
        disability_notes=_notes(data.disability_notes, person.disability_notes if person is not None else ""),
    )
    return CleanIdentity(values, tuple(dict.fromkeys(warnings)), age, nik_info)


def _notes(typed: str | None, stored: str) -> str:
    """Typed notes trimmed; ``None`` (not shown on the form) keeps what is stored."""
    return stored if typed is None else typed.strip()


def _audit_value(name: str, value: object) -> object:
    if name in MASKED_IN_AUDIT and isinstance(value, str):
        return mask_nik(value)
    return value


def audit_values(values: dict[str, object]) -> dict[str, object]:
    """Identity values as written to the audit log: NIK and No. KK masked, health notes as "(diubah)" only."""
    return {k: (_(HEALTH_CHANGED) if k in HEALTH_FIELDS and v else _audit_value(k, v)) for k, v in values.items()}


def masked_changes(changes: dict[str, list[object]]) -> dict[str, object]:
    """Before/after pairs for the audit log: NIK and No. KK masked; a health note change is only "(diubah)"."""
    return {
        k: _(HEALTH_CHANGED) if k in HEALTH_FIELDS else [_audit_value(k, v) for v in pair]
        for k, pair in changes.items()
    }
