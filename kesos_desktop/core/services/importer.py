"""Importing a register from Excel/CSV: column mapping, preview, per-row validation, duplicates, all-or-nothing."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from rapidfuzz import fuzz, process
from sqlalchemy import Table as SqlTable
from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.models import (
    Category,
    Consent,
    Institution,
    NumberSequence,
    Office,
    Person,
    PersonCategory,
    ReferralSource,
)
from kesos_desktop.core.progress import Cancelled, Progress, as_progress
from kesos_desktop.core.reference.regions import get_region, match_region_name, normalize_code, path_label
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, drafts, search_index, timeline
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.duplicates import CandidateQuery, find_candidates
from kesos_desktop.core.services.importer_parse import (
    CellProblem,
    Table,
    age_value,
    date_value,
    identity_number,
    sex_value,
    text_value,
)
from kesos_desktop.core.services.importer_parse import read_table as _read_table
from kesos_desktop.core.services.residents_choices import choices
from kesos_desktop.core.services.residents_identity import (
    REGISTRATION_SEQUENCE,
    IdentityInput,
    audit_values,
    format_registration_number,
    placeholder_name,
    registration_number,
    validate_identity,
)
from kesos_desktop.core.services.residents_records import ConsentInput, is_child, validate_consent

__all__ = [
    "TARGET_FIELDS",
    "ImportDuplicate",
    "ImportMapping",
    "ImportOptions",
    "ImportReport",
    "PreviewRow",
    "RowProblem",
    "Table",
    "guess_mapping",
    "import_people",
    "load_mapping",
    "load_mapping_file",
    "preview",
    "read_table",
    "save_mapping",
]

MAPPING_DRAFT_KIND = "import_mapping"
# Above this many rows, registry duplicates are looked up by the normalised name only (one query per 500 rows)
# instead of the full fuzzy candidate search per row, which costs about 10 ms a row on 100,000 residents.
FUZZY_ROW_LIMIT = 300
DUPLICATE_MIN_SCORE = 70
FLUSH_EVERY = 500
PROGRESS_EVERY = 100

# Target fields with their labels, in the order the mapping dialog shows them.
TARGET_FIELDS: dict[str, str] = {
    "full_name": N_("Nama lengkap"),
    "alias": N_("Nama panggilan"),
    "nik": N_("NIK"),
    "no_kk": N_("No. KK"),
    "nik_absent_reason": N_("Alasan NIK belum ada"),
    "sex": N_("Jenis kelamin"),
    "birth_place": N_("Tempat lahir"),
    "birth_date": N_("Tanggal lahir"),
    "birth_place_date": N_("Tempat, tanggal lahir"),
    "age": N_("Umur"),
    "religion": N_("Agama"),
    "education": N_("Pendidikan"),
    "marital_status": N_("Status perkawinan"),
    "origin_address": N_("Alamat"),
    "desa": N_("Kelurahan/Desa"),
    "kecamatan": N_("Kecamatan"),
    "kabkota": N_("Kabupaten/Kota"),
    "provinsi": N_("Provinsi"),
    "region_code": N_("Kode wilayah"),
    "phone": N_("Telepon"),
    "categories": N_("Kategori PPKS"),
    "admitted_on": N_("Tanggal masuk"),
    "institution": N_("Lembaga"),
    "referral_source": N_("Sumber rujukan"),
    "health_notes": N_("Catatan kesehatan"),
    "disability_notes": N_("Catatan disabilitas"),
}
# Usual header texts (folded) of Indonesian registers.
HEADER_GUESSES: dict[str, tuple[str, ...]] = {
    "full_name": (
        "nama",
        "nama lengkap",
        "nama warga binaan",
        "nama wb",
        "nama pm",
        "nama penerima manfaat",
        "nama klien",
        "nama anak",
        "nama lansia",
        "nama ppks",
        "nama pmks",
    ),
    "alias": ("nama panggilan", "panggilan", "alias", "nama alias"),
    "nik": ("nik", "no nik", "nomor nik", "nik ktp", "no ktp", "nomor ktp", "nomor induk kependudukan"),
    "no_kk": ("no kk", "nomor kk", "no kartu keluarga", "nomor kartu keluarga", "kk", "nkk"),
    "nik_absent_reason": ("alasan nik", "alasan tidak ada nik", "keterangan nik", "alasan nik belum ada"),
    "sex": ("jenis kelamin", "l p", "lp", "jk", "j k", "kelamin", "jns kelamin", "sex", "gender", "l/p"),
    "birth_place": ("tempat lahir", "tmp lahir", "tmpt lahir", "tpt lahir"),
    "birth_date": ("tgl lahir", "tanggal lahir", "tgl lhr", "tanggal lhr", "tgl lahir dd mm yyyy"),
    "birth_place_date": ("tempat tanggal lahir", "ttl", "tempat tgl lahir", "tmp tgl lahir", "tempat tgl lhr"),
    "age": ("umur", "usia", "umur th", "umur tahun", "usia tahun", "umur thn"),
    "religion": ("agama",),
    "education": ("pendidikan", "pendidikan terakhir", "pendidikan terakhir"),
    "marital_status": ("status perkawinan", "status kawin", "status pernikahan", "perkawinan"),
    "origin_address": ("alamat", "alamat asal", "alamat lengkap", "alamat ktp", "alamat rumah", "asal"),
    "desa": ("kelurahan desa", "desa kelurahan", "kelurahan", "desa", "kel desa", "desa kel", "kel"),
    "kecamatan": ("kecamatan", "kec"),
    "kabkota": ("kabupaten kota", "kab kota", "kabupaten", "kota", "kota kabupaten", "kab", "kota kab"),
    "provinsi": ("provinsi", "prov", "propinsi"),
    "region_code": ("kode wilayah", "kode desa", "kode kelurahan", "kode wilayah asal"),
    "phone": ("no hp", "telepon", "no telp", "hp", "nomor hp", "no telepon", "telp", "no wa", "nomor telepon"),
    "categories": ("kategori", "pmks", "ppks", "jenis pmks", "jenis ppks", "kategori pmks", "kategori ppks"),
    "admitted_on": ("tanggal masuk", "tgl masuk", "tanggal penerimaan", "tgl diterima", "tanggal diterima", "tmt"),
    "institution": ("lembaga", "panti", "nama panti", "nama lembaga", "balai", "lembaga panti", "unit"),
    "referral_source": ("sumber rujukan", "rujukan", "asal rujukan", "sumber"),
    "health_notes": ("kesehatan", "catatan kesehatan", "keterangan kesehatan", "kondisi kesehatan"),
    "disability_notes": ("disabilitas", "jenis disabilitas", "kecacatan", "jenis kecacatan"),
}
_BY_HEADER = {header: target for target, headers in HEADER_GUESSES.items() for header in headers}
_REGION_FIELDS = ("provinsi", "kabkota", "kecamatan", "desa")
_SPLIT_LIST = re.compile(r"[,;/+]|\bdan\b")
_CHOICE_SYNONYMS: dict[str, dict[str, str]] = {
    "education": {
        "tidak sekolah": "TIDAK_SEKOLAH",
        "belum sekolah": "TIDAK_SEKOLAH",
        "tidak belum sekolah": "TIDAK_SEKOLAH",
        "tk": "TIDAK_SEKOLAH",
        "paud": "TIDAK_SEKOLAH",
        "tidak tamat sd": "BELUM_TAMAT_SD",
        "belum tamat sd": "BELUM_TAMAT_SD",
        "sd": "SD",
        "mi": "SD",
        "tamat sd": "SD",
        "smp": "SMP",
        "sltp": "SMP",
        "mts": "SMP",
        "sma": "SMA",
        "slta": "SMA",
        "smk": "SMA",
        "ma": "SMA",
        "stm": "SMA",
        "d1": "D1_D2",
        "d2": "D1_D2",
        "d3": "D3",
        "d4": "S1",
        "s1": "S1",
        "sarjana": "S1",
        "s2": "S2",
        "s3": "S3",
    },
    "marital_status": {
        "lajang": "BELUM_KAWIN",
        "belum menikah": "BELUM_KAWIN",
        "belum kawin": "BELUM_KAWIN",
        "menikah": "KAWIN",
        "kawin": "KAWIN",
        "cerai": "CERAI_HIDUP",
        "cerai hidup": "CERAI_HIDUP",
        "cerai mati": "CERAI_MATI",
        "janda mati": "CERAI_MATI",
        "duda mati": "CERAI_MATI",
    },
    "religion": {"kristen protestan": "KRISTEN", "protestan": "KRISTEN", "budha": "BUDDHA", "konghucu": "KHONGHUCU"},
}


# ------------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class ImportMapping:
    """Which column of the file fills which field: ``{target_field: header}``."""

    columns: dict[str, str]

    def header(self, target: str) -> str | None:
        return self.columns.get(target) or None


@dataclass(frozen=True)
class ImportOptions:
    """What the file does not say. Imported registers are processed as a public task (UU 27/2022 Pasal 20(2)(e)
    — the office's rehabilitation duty) unless another basis is chosen."""

    consent_basis: str = "tugas_publik"
    consent_notes: str = ""
    nik_absent_reason: str = ""
    registered_on: date | None = None
    default_institution_id: uuid.UUID | None = None
    today: date | None = None


@dataclass(frozen=True)
class RowProblem:
    """Why a row cannot be imported: spreadsheet row number, the field (and its column), and how to fix it."""

    row_no: int
    field: str
    message: str
    column: str = ""
    value: str = ""


@dataclass(frozen=True)
class ImportDuplicate:
    """A row that may be someone already on record (``person_id``) or another row of the file (``other_row_no``)."""

    row_no: int
    score: int
    reasons: tuple[str, ...]
    person_id: uuid.UUID | None = None
    registration_no: str = ""
    full_name: str = ""
    other_row_no: int | None = None


@dataclass(frozen=True)
class ImportReport:
    rows_total: int
    rows_ok: int
    rows_bad: list[RowProblem]
    created_ids: list[uuid.UUID]
    duplicates: list[ImportDuplicate]
    warnings: list[RowProblem]
    dry_run: bool
    committed: bool
    seconds: float

    @property
    def bad_row_numbers(self) -> list[int]:
        return sorted({p.row_no for p in self.rows_bad})


@dataclass(frozen=True)
class PreviewRow:
    row_no: int
    values: dict[str, str]
    problems: tuple[RowProblem, ...]


@dataclass
class _Row:
    """One row as understood, before anything is written."""

    row_no: int
    identity: IdentityInput | None = None
    values: dict[str, Any] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    institution_id: uuid.UUID | None = None
    admitted_on: date | None = None
    referral_source: str | None = None
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    display: dict[str, str] = field(default_factory=dict)

    def problem(self, target: str, message: str, mapping: ImportMapping, value: object = None) -> None:
        column = mapping.header(target) or ""
        self.problems.append(RowProblem(self.row_no, target, message, column, text_value(value)))


# ------------------------------------------------------------------------------------------------- mapping


def read_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """Read an XLSX (first or named sheet) or CSV (``;``, ``,`` or tab; UTF-8 with/without BOM, or cp1252)."""
    return _read_table(path, sheet=sheet, known_headers=_BY_HEADER)


def guess_mapping(headers: Iterable[str], remembered: ImportMapping | None = None) -> ImportMapping:
    """A mapping from the usual Indonesian header texts; a remembered mapping wins for the headers it names."""
    headers = list(headers)
    columns: dict[str, str] = {}
    if remembered is not None:
        columns.update({t: h for t, h in remembered.columns.items() if h in headers and t in TARGET_FIELDS})
    taken = set(columns.values())
    for header in headers:
        target = _BY_HEADER.get(fold(header))
        if target is not None and target not in columns and header not in taken:
            columns[target] = header
            taken.add(header)
    return ImportMapping(columns)


def check_mapping(table: Table, mapping: ImportMapping) -> None:
    """Refuse a mapping that names unknown fields or missing columns, or lacks the name or sex column."""
    problems: dict[str, str] = {}
    for target, header in mapping.columns.items():
        if target not in TARGET_FIELDS:
            problems[target] = _("Kolom tujuan {field} tidak dikenal.").format(field=target)
        elif header not in table.headers:
            problems[target] = _("Kolom '{header}' tidak ada di berkas. Kolom yang ada: {headers}.").format(
                header=header, headers=", ".join(table.headers)
            )
    if not (mapping.header("full_name") or mapping.header("alias")):
        problems["full_name"] = _("Pilih kolom nama (nama lengkap atau nama panggilan).")
    if not mapping.header("sex"):
        problems["sex"] = _("Pilih kolom jenis kelamin (L/P).")
    if problems:
        raise ValidationError(_("Pemetaan kolom belum lengkap."), problems)


def save_mapping(session: Session, actor: Actor, mapping: ImportMapping) -> None:
    """Remember the user's mapping for the next import (a draft of kind ``import_mapping``; commits)."""
    drafts.save_draft(session, actor.username, MAPPING_DRAFT_KIND, "", {"columns": dict(mapping.columns)})


def load_mapping(session: Session, actor: Actor) -> ImportMapping | None:
    draft = drafts.load_draft(session, actor.username, MAPPING_DRAFT_KIND, "")
    if draft is None:
        return None
    columns = draft.payload.get("columns")
    return ImportMapping({str(k): str(v) for k, v in columns.items()}) if isinstance(columns, dict) else None


def load_mapping_file(path: str | Path) -> ImportMapping:
    """A mapping from a JSON file ``{"full_name": "Nama", "nik": "NIK", ...}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        message = _("Berkas pemetaan {name} tidak dapat dibaca: {error}").format(name=path, error=exc)
        raise ValidationError(message, {"mapping": message}) from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        message = _('Berkas pemetaan harus berisi objek JSON {"kolom_tujuan": "judul kolom"}.')
        raise ValidationError(message, {"mapping": message})
    return ImportMapping({str(k): v for k, v in data.items()})


# ------------------------------------------------------------------------------------------------- lookups


class _Lookups:
    """Reference data read once per import: categories, institutions, referral sources, choices, regions."""

    def __init__(self, session: Session, options: ImportOptions) -> None:
        self.categories: dict[str, str] = {}
        for code, name in session.execute(select(Category.code, Category.name_id).where(Category.is_active)):
            self.categories[fold(code)] = code
            self.categories.setdefault(fold(name), code)
        self.institutions: dict[str, uuid.UUID] = {}
        self.institution_names: dict[str, str] = {}
        for inst_id, name, short in session.execute(
            select(Institution.id, Institution.name, Institution.short_name).where(Institution.is_active)
        ):
            self.institutions[fold(name)] = inst_id
            self.institution_names[fold(name)] = name
            if short:
                self.institutions.setdefault(fold(short), inst_id)
                self.institution_names.setdefault(fold(short), name)
        self.sources: dict[str, str] = {}
        for code, name in session.execute(select(ReferralSource.code, ReferralSource.name_id)):
            self.sources[fold(code)] = code
            self.sources.setdefault(fold(name), code)
        self.choices: dict[str, dict[str, str]] = {}
        for name in ("religion", "education", "marital_status"):
            found = {fold(c.code.replace("_", " ")): c.code for c in choices(name)}
            found.update({fold(c.name_id): c.code for c in choices(name)})
            found.update({fold(c.name_en): c.code for c in choices(name) if c.name_en})
            found.update(_CHOICE_SYNONYMS.get(name, {}))
            self.choices[name] = found
        self.today = options.today or date.today()


@lru_cache(maxsize=20000)
def _match_region(text: str, level: int, within: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(code, candidate path labels) for a region name; cached: a register repeats the same places."""
    found = match_region_name(text, level, within=within)
    return found.code, tuple(path_label(r.code) for r in found.candidates[:5])


_LEVEL_NAMES = {
    "provinsi": N_("Provinsi"),
    "kabkota": N_("Kabupaten/Kota"),
    "kecamatan": N_("Kecamatan"),
    "desa": N_("Kelurahan/Desa"),
}


# ------------------------------------------------------------------------------------------------- one row


def _cell(table: Table, raw: tuple[object, ...], mapping: ImportMapping, target: str) -> object:
    header = mapping.header(target)
    if header is None:
        return None
    value = table.value(raw, header)
    return None if isinstance(value, str) and not value.strip() else value


def _parse_row(
    table: Table,
    raw: tuple[object, ...],
    row_no: int,
    mapping: ImportMapping,
    lookups: _Lookups,
    options: ImportOptions,
) -> _Row:
    row = _Row(row_no)

    def cell(target: str) -> object:
        return _cell(table, raw, mapping, target)

    def text(target: str) -> str:
        return text_value(cell(target))

    full_name, alias = text("full_name"), text("alias")
    row.display = {t: text_value(cell(t)) for t in mapping.columns}
    if not (full_name or alias):
        row.problem("full_name", _("Nama kosong. Isi nama lengkap atau nama panggilan."), mapping)
    sex = ""
    try:
        sex = sex_value(cell("sex"))
    except CellProblem as exc:
        row.problem("sex", str(exc), mapping, cell("sex"))
    ids: dict[str, str] = {}
    for target, label in (("nik", _("NIK")), ("no_kk", _("No. KK"))):
        try:
            ids[target] = identity_number(cell(target), label)
        except CellProblem as exc:
            row.problem(target, str(exc), mapping, cell(target))
            ids[target] = ""
    birth_place = text("birth_place")
    born = None
    precision = "exact"
    estimated_age = None
    birth_source = "birth_date"
    birth_cell = cell("birth_date")
    combined = text("birth_place_date")
    if combined and birth_cell is None:  # "Jakarta, 17-08-1945"
        place, _sep, when = combined.rpartition(",")
        birth_place = birth_place or place.strip()
        birth_cell, birth_source = when.strip(), "birth_place_date"
    try:
        parsed = date_value(birth_cell, today=lookups.today)
        if parsed is not None:
            born, precision = parsed.value, parsed.precision
    except CellProblem as exc:
        row.problem(birth_source, str(exc), mapping, birth_cell)
    if born is None:
        try:
            estimated_age = age_value(cell("age"))
        except CellProblem as exc:
            row.problem("age", str(exc), mapping, cell("age"))
        # No birth date at all is allowed (street registers often lack it): the intake's "estimated" without age.
        precision = "estimated"
    choice_values: dict[str, str] = {}
    for target in ("religion", "education", "marital_status"):
        value = text(target)
        if value:
            code = lookups.choices[target].get(fold(value))
            if code is None:
                options_text = ", ".join(c.label() for c in choices(target))
                row.problem(
                    target,
                    _("'{value}' tidak dikenal untuk {field}. Pilihan: {options}.").format(
                        value=value, field=_(TARGET_FIELDS[target]).lower(), options=options_text
                    ),
                    mapping,
                    value,
                )
            choice_values[target] = code or ""
    region_code, address = _region(row, table, raw, mapping)
    nik_reason = (
        text("nik_absent_reason") or options.nik_absent_reason or _("Tidak tercantum pada register yang diimpor")
    )
    row.identity = IdentityInput(
        full_name=full_name,
        alias=alias,
        sex=sex,
        birth_date=born,
        birth_date_precision=precision,
        estimated_age=estimated_age,
        birth_place=birth_place,
        nik=ids["nik"] or None,
        nik_absent_reason="" if ids["nik"] else nik_reason,
        no_kk=ids["no_kk"] or None,
        religion=choice_values.get("religion", ""),
        education=choice_values.get("education", ""),
        marital_status=choice_values.get("marital_status", ""),
        origin_region_code=region_code,
        origin_address=address,
        phone=text("phone"),
        health_notes=text("health_notes"),
        disability_notes=text("disability_notes"),
    )
    _categories(row, text("categories"), mapping, lookups)
    _admission(row, cell, mapping, lookups, options)
    return row


def _region(row: _Row, table: Table, raw: tuple[object, ...], mapping: ImportMapping) -> tuple[str, str]:
    """(region code, street address) from a code column, from name columns (desa, kecamatan, kab/kota,
    provinsi, each within the one above), or from the tail of a single address column."""
    address = text_value(_cell(table, raw, mapping, "origin_address"))
    code_text = text_value(_cell(table, raw, mapping, "region_code"))
    if code_text:
        code = normalize_code(code_text)
        region = get_region(code) if code else None
        if region is None or region.retired:
            row.problem(
                "region_code",
                _("Kode wilayah '{code}' tidak dikenal. Tulis kode Kemendagri 2025, misalnya 31.71.01.1001.").format(
                    code=code_text
                ),
                mapping,
                code_text,
            )
            return "", address
        return region.code, address
    names = {target: text_value(_cell(table, raw, mapping, target)) for target in _REGION_FIELDS}
    if any(names.values()):
        within: str | None = None
        for level, target in enumerate(_REGION_FIELDS, start=1):
            name = names[target]
            if not name:
                continue
            code, candidates = _match_region(name, level, within)
            if code is None:
                where = f" ({path_label(within)})" if within else ""
                message = (
                    _("{level} '{name}'{where} ada lebih dari satu: {candidates}. Isi juga kolom wilayah di atasnya.")
                    if len(candidates) > 1 and _exact_names(name, candidates)
                    else _("{level} '{name}'{where} tidak ditemukan dalam kode wilayah 2025.")
                    + (" " + _("Mungkin: {candidates}.") if candidates else "")
                ).format(level=_(_LEVEL_NAMES[target]), name=name, where=where, candidates="; ".join(candidates))
                row.problem(target, message, mapping, name)
                return "", address
            within = code
        return within or "", address
    if address:
        return _region_from_address(address)
    return "", address


def _exact_names(name: str, candidates: tuple[str, ...]) -> bool:
    wanted = fold(name)
    return all(wanted in fold(c) for c in candidates)


def _region_from_address(address: str) -> tuple[str, str]:
    """ "Kp. Babakan RT 01/02, Desa Sukamaju, Kec. Cibeureum, Kab. Garut, Jawa Barat": match the comma-separated
    parts from the end (province first), keep what is left as the street address. Only exact matches count."""
    parts = [p.strip() for p in address.split(",") if p.strip()]
    within: str | None = None
    used = 0
    level = 1
    for part in reversed(parts):
        matched = False
        while level <= 4 and not matched:
            code, _candidates = _match_region(part, level, within)
            if code is not None:
                within, matched = code, True
            level += 1
            if within is None and level > 2:  # the last part is neither a province nor a kab/kota: no region
                return "", address
        if not matched:
            break
        used += 1
        if level > 4:
            break
    if within is None:
        return "", address
    street = ", ".join(parts[: len(parts) - used])
    return within, street


def _categories(row: _Row, value: str, mapping: ImportMapping, lookups: _Lookups) -> None:
    for item in (p.strip() for p in _SPLIT_LIST.split(value) if p.strip()):
        code = lookups.categories.get(fold(item))
        if code is None:
            close = process.extract(fold(item), list(lookups.categories), scorer=fuzz.WRatio, limit=3, score_cutoff=80)
            hint = ", ".join(dict.fromkeys(lookups.categories[c] for c, _s, _i in close))
            message = _("Kategori '{value}' tidak dikenal. Tulis kodenya (AJ, LUT, GEL...) atau namanya.").format(
                value=item
            )
            if hint:
                message += " " + _("Mungkin: {codes}.").format(codes=hint)
            row.problem("categories", message, mapping, item)
        elif code not in row.categories:
            row.categories.append(code)


def _admission(
    row: _Row, cell: Callable[[str], object], mapping: ImportMapping, lookups: _Lookups, options: ImportOptions
) -> None:
    when = cell("admitted_on")
    place = text_value(cell("institution"))
    try:
        parsed = date_value(when, today=lookups.today)
    except CellProblem as exc:
        row.problem("admitted_on", str(exc), mapping, when)
        parsed = None
    if parsed is not None and parsed.precision != "exact":
        row.problem("admitted_on", _("Tanggal masuk harus tanggal lengkap (hari, bulan, tahun)."), mapping, when)
        parsed = None
    if parsed is not None and parsed.value > lookups.today:
        row.problem("admitted_on", _("Tanggal masuk tidak boleh sesudah hari ini."), mapping, when)
        parsed = None
    institution_id = None
    if place:
        institution_id = lookups.institutions.get(fold(place))
        if institution_id is None:
            close = process.extract(fold(place), list(lookups.institutions), scorer=fuzz.WRatio, limit=3)
            message = _(
                "Lembaga '{name}' tidak terdaftar. Daftarkan dulu lembaganya atau tulis namanya persis."
            ).format(name=place)
            if close:
                names = dict.fromkeys(lookups.institution_names[c] for c, _s, _i in close)
                message += " " + _("Mungkin: {names}.").format(names="; ".join(names))
            row.problem("institution", message, mapping, place)
    elif parsed is not None:
        institution_id = options.default_institution_id
        if institution_id is None:
            row.problem("institution", _("Tanggal masuk diisi tetapi lembaganya kosong."), mapping)
    if place and when is None and institution_id is not None:
        row.problem("admitted_on", _("Lembaga diisi tetapi tanggal masuknya kosong."), mapping)
    source = text_value(cell("referral_source"))
    if source:
        row.referral_source = lookups.sources.get(fold(source))
        if row.referral_source is None:
            row.problem("referral_source", _("Sumber rujukan '{value}' tidak dikenal.").format(value=source), mapping)
    if parsed is not None and institution_id is not None:
        row.institution_id, row.admitted_on = institution_id, parsed.value


# ------------------------------------------------------------------------------------------------- validation


def _validate(session: Session, row: _Row, mapping: ImportMapping, options: ImportOptions, today: date) -> None:
    """The same identity and consent rules as the intake form (``residents_identity``)."""
    if row.identity is None:
        return
    on = row.admitted_on or options.registered_on or today
    try:
        clean = validate_identity(session, row.identity, reference_date=on)
    except ValidationError as exc:
        known = {p.field for p in row.problems}
        for target, message in exc.fields.items():
            target = "age" if target == "estimated_age" else target
            if target not in known:  # a cell already reported by the reader keeps the reader's message
                row.problem(target, message, mapping, row.display.get(target, ""))
        return
    row.values = dict(clean.values)
    row.values["_age"] = clean.age
    row.values["_on"] = on
    for warning in clean.warnings:
        row.warnings.append(RowProblem(row.row_no, "", warning))


def _file_duplicates(rows: list[_Row], mapping: ImportMapping) -> list[ImportDuplicate]:
    """The same NIK twice is an error on both rows; the same name and birth year twice is a warning."""
    by_nik: dict[str, list[_Row]] = {}
    for row in rows:
        nik = row.identity.nik if row.identity else None
        if nik:
            by_nik.setdefault(nik, []).append(row)
    for same in by_nik.values():
        if len(same) > 1:
            numbers = ", ".join(str(r.row_no) for r in same)
            for row in same:
                row.problem(
                    "nik",
                    _("NIK yang sama ada di lebih dari satu baris berkas ini (baris {rows}).").format(rows=numbers),
                    mapping,
                    row.identity.nik if row.identity else "",
                )
    found: list[ImportDuplicate] = []
    by_name: dict[tuple[str, int | None], list[_Row]] = {}
    for row in rows:
        if row.identity is None or row.identity.nik:
            continue
        key = name_key(row.identity.full_name or row.identity.alias)
        year = row.identity.birth_date.year if row.identity.birth_date else None
        if key:
            by_name.setdefault((key, year), []).append(row)
    for (_key, _year), same in by_name.items():
        for row in same[1:]:
            found.append(
                ImportDuplicate(
                    row.row_no,
                    90,
                    (_("nama dan tahun lahir sama dengan baris {row}").format(row=same[0].row_no),),
                    other_row_no=same[0].row_no,
                )
            )
    return found


def _registry_duplicates(session: Session, actor: Actor, rows: list[_Row]) -> list[ImportDuplicate]:
    """People on record a row may be: the full candidate search for small files, the normalised name for big ones."""
    usable = [r for r in rows if r.identity is not None and (r.identity.full_name or r.identity.alias)]
    found: list[ImportDuplicate] = []
    if len(usable) <= FUZZY_ROW_LIMIT:
        for row in usable:
            ident = row.identity
            assert ident is not None
            query = CandidateQuery(
                full_name=ident.full_name,
                alias=ident.alias,
                nik=ident.nik,
                no_kk=ident.no_kk,
                birth_date=ident.birth_date if ident.birth_date_precision == "exact" else None,
                birth_year=ident.birth_date.year if ident.birth_date else None,
                sex=ident.sex,
                origin_region_code=ident.origin_region_code,
            )
            for c in find_candidates(session, actor, query, limit=3):
                if c.certain or c.score >= DUPLICATE_MIN_SCORE:
                    found.append(
                        ImportDuplicate(row.row_no, c.score, c.reasons, c.person_id, c.registration_no, c.full_name)
                    )
        return found
    keyed: dict[str, list[_Row]] = {}
    for row in usable:
        assert row.identity is not None
        keyed.setdefault(name_key(row.identity.full_name or row.identity.alias), []).append(row)
    keys = [k for k in keyed if k]
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        people = session.execute(
            select(Person.id, Person.name_key, Person.birth_date, Person.registration_no, Person.full_name).where(
                Person.name_key.in_(chunk), Person.merged_into_id.is_(None)
            )
        )
        for pid, key, born, reg, name in people:
            for row in keyed.get(key, ()):
                assert row.identity is not None
                mine = row.identity.birth_date
                if born is not None and mine is not None and abs(born.year - mine.year) > 2:
                    continue
                reasons = [_("nama sama ({percent}%)").format(percent=100)]
                if born is not None and mine is not None:
                    reasons.append(_("tahun lahir {year} ±2").format(year=born.year))
                found.append(ImportDuplicate(row.row_no, 80, tuple(reasons), pid, reg, name))
    return found


# ------------------------------------------------------------------------------------------------- writing


def _allocate_numbers(session: Session, office_id: uuid.UUID, year: int, count: int) -> list[str]:
    """``count`` registration numbers of one year in one step, with the same row lock as ``numbering.next_number``
    (two PCs never get the same number; a rolled-back import gives them back)."""
    dialect = session.get_bind().dialect.name
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        upsert(NumberSequence)
        .values(office_id=office_id, name=REGISTRATION_SEQUENCE, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["office_id", "name", "year"])
    )
    key = (
        (NumberSequence.office_id == office_id)
        & (NumberSequence.name == REGISTRATION_SEQUENCE)
        & (NumberSequence.year == year)
    )
    session.execute(update(NumberSequence).where(key).values(last_value=NumberSequence.last_value + count))
    last = session.scalar(select(NumberSequence.last_value).where(key)) or count
    return [format_registration_number(year, value) for value in range(last - count + 1, last + 1)]


def _index_new_people(session: Session, people: list[dict[str, Any]]) -> None:
    """Search index rows for people just created (no existing rows to replace)."""
    search_index.add_new_people(
        session, [(p["id"], p["full_name"], p["alias"], p["registration_no"], p["nik"], p["no_kk"]) for p in people]
    )


@dataclass
class _Writer:
    """Writes valid rows in batches: people, categories and consents with one INSERT each per batch, then their
    timeline and audit lines, then the search index rows."""

    session: Session
    actor: Actor
    office_id: uuid.UUID
    consent: ConsentInput
    source: str
    # Registration numbers taken for the whole import at once, per year (one sequence update per year).
    numbers: dict[int, list[str]] = field(default_factory=dict)
    people: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    after: list[Callable[[], None]] = field(default_factory=list)

    def write(self, row: _Row) -> uuid.UUID | None:
        session, actor = self.session, self.actor
        values = {k: v for k, v in row.values.items() if not k.startswith("_")}
        on: date = row.values["_on"]
        child = is_child(session, row.values["_age"], row.categories)
        try:
            consent = validate_consent(session, self.consent, child=child, person_id=None, today=date.today())
        except ValidationError as exc:
            for message in exc.fields.values():
                row.problems.append(RowProblem(row.row_no, "consent", message))
            return None
        reg_no = (
            self.numbers[on.year].pop(0)
            if on.year in self.numbers
            else registration_number(session, self.office_id, on)
        )
        if values["name_unknown"]:
            values["full_name"] = placeholder_name(reg_no)
        person_id = uuid.uuid4()
        person = {"id": person_id, "office_id": self.office_id, "registration_no": reg_no, **values}
        person["name_key"] = name_key(str(values["full_name"] or values["alias"]))
        self.people.append(person)
        self.categories += [
            {"person_id": person_id, "category_code": code, "since": on, "until": None, "note": ""}
            for code in row.categories
        ]
        self.consents.append({"person_id": person_id, **consent})

        def describe() -> None:
            timeline.add_event(
                session,
                actor,
                person_id,
                on,
                "registered",
                _("Terdaftar dengan nomor registrasi {reg} (impor dari {file})").format(reg=reg_no, file=self.source),
                ref_entity="person",
                ref_id=person_id,
            )
            audit.record(
                session,
                actor,
                "person.imported",
                "person",
                person_id,
                summary=_("Mengimpor warga binaan {reg} dari {file} baris {row}").format(
                    reg=reg_no, file=self.source, row=row.row_no
                ),
                changes={
                    **{k: [None, v] for k, v in audit_values(values).items() if v not in (None, "", False)},
                    "categories": [None, row.categories],
                    "consent_basis": [None, consent["basis"]],
                },
            )

        self.after.append(describe)
        if row.institution_id is not None and row.admitted_on is not None:
            self._admit(row, person_id)
        return person_id

    def _admit(self, row: _Row, person_id: uuid.UUID) -> None:
        from kesos_desktop.core.services import stays

        self.flush()  # the stay service reads the person back
        admission = stays.AdmissionInput(
            institution_id=row.institution_id,
            admitted_on=row.admitted_on,  # type: ignore[arg-type]
            referral_source_code=row.referral_source,
        )
        try:
            with self.session.begin_nested():
                stays.admit_in_session(self.session, self.actor, person_id, admission)
        except ValidationError as exc:
            for target, message in (exc.fields or {"admitted_on": str(exc)}).items():
                row.problems.append(RowProblem(row.row_no, target, message))

    def flush(self) -> None:
        session = self.session
        if self.people:
            session.execute(insert(cast(SqlTable, Person.__table__)), self.people)
        if self.categories:
            session.execute(insert(cast(SqlTable, PersonCategory.__table__)), self.categories)
        if self.consents:
            session.execute(insert(cast(SqlTable, Consent.__table__)), self.consents)
        for step in self.after:
            step()
        session.flush()
        _index_new_people(session, self.people)
        self.people.clear()
        self.categories.clear()
        self.consents.clear()
        self.after.clear()


# ------------------------------------------------------------------------------------------------- entry points


def _rows(table: Table, limit: int | None = None) -> list[tuple[int, tuple[object, ...]]]:
    pairs = list(zip(table.row_numbers, table.rows, strict=True))
    return pairs[:limit] if limit is not None else pairs


def preview(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: ImportMapping,
    *,
    limit: int = 20,
    options: ImportOptions | None = None,
) -> list[PreviewRow]:
    """The first rows as they would be imported, with each row's problems; nothing is written."""
    actor.require("residents.import")
    check_mapping(table, mapping)
    options = options or ImportOptions()
    lookups = _Lookups(session, options)
    out = []
    with session.no_autoflush:
        for row_no, raw in _rows(table, limit):
            row = _parse_row(table, raw, row_no, mapping, lookups, options)
            _validate(session, row, mapping, options, lookups.today)
            values = dict(row.display)
            if row.values:
                values.update(
                    {
                        "sex": str(row.values.get("sex", "")),
                        "birth_date": row.values["birth_date"].isoformat() if row.values.get("birth_date") else "",
                        "origin": str(row.values.get("origin_region_name", "")),
                    }
                )
            out.append(PreviewRow(row_no, values, tuple(row.problems)))
    return out


def import_people(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: ImportMapping,
    *,
    dry_run: bool,
    progress: Progress | Callable[[int, int, str], object] | None = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Import every row, or none: any bad row (or ``dry_run``) rolls the whole import back, and every bad row is
    reported with its reasons. Rows are written with the intake's rules (identity, NIK/KK, consent basis,
    registration numbers, timeline, audit, search index); an admission date with an institution admits through the
    stay service. Cancelling through ``progress`` rolls back and raises ``Cancelled``."""
    actor.require("residents.import")
    actor.require("residents.edit")
    started = time.perf_counter()
    check_mapping(table, mapping)
    options = options or ImportOptions()
    reporter = as_progress(progress)
    lookups = _Lookups(session, options)
    pairs = _rows(table)
    reporter.set_total(len(pairs) * 2)
    rows: list[_Row] = []
    ticker = _Ticker(reporter, session, len(pairs))
    with session.no_autoflush:
        for i, (row_no, raw) in enumerate(pairs, start=1):
            row = _parse_row(table, raw, row_no, mapping, lookups, options)
            _validate(session, row, mapping, options, lookups.today)
            rows.append(row)
            ticker.tick(i, _("Memeriksa baris {done} dari {total}"))
    duplicates = _file_duplicates(rows, mapping)
    duplicates += _registry_duplicates(session, actor, [r for r in rows if not r.problems])

    office_id = actor.office_id or session.scalar(select(Office.id).where(Office.is_own.is_(True)))
    if office_id is None:
        raise ValidationError(_("Data kantor belum diisi; selesaikan penyiapan kantor dulu."))
    writer = _Writer(
        session,
        actor,
        office_id,
        ConsentInput(
            basis=options.consent_basis,
            notes=options.consent_notes
            or _("Register lama diimpor dari berkas {file} (pelaksanaan tugas rehabilitasi sosial).").format(
                file=table.source or "-"
            ),
        ),
        table.source or "-",
    )
    per_year: dict[int, int] = {}
    for row in rows:
        if not row.problems:
            year = row.values["_on"].year
            per_year[year] = per_year.get(year, 0) + 1
    writer.numbers = {year: _allocate_numbers(session, office_id, year, n) for year, n in sorted(per_year.items())}
    created: list[uuid.UUID] = []
    with session.no_autoflush:  # rows go to the database in batches, not one flush per row
        for i, row in enumerate(rows, start=1):
            if not row.problems:
                person_id = writer.write(row)
                if person_id is not None:
                    created.append(person_id)
            if i % FLUSH_EVERY == 0:
                writer.flush()
            ticker.tick(i, _("Menyimpan baris {done} dari {total}"), phase=1)
        writer.flush()

    problems = [p for row in rows for p in row.problems]
    warnings = [w for row in rows for w in row.warnings]
    rows_ok = sum(1 for row in rows if not row.problems)
    committed = False
    if dry_run or problems:
        session.rollback()
        created_ids = [] if problems else created
    else:
        audit.record(
            session,
            actor,
            "residents.imported",
            "office",
            office_id,
            summary=ngettext(
                "Mengimpor {n} warga binaan dari {file}", "Mengimpor {n} warga binaan dari {file}", len(created)
            ).format(n=len(created), file=table.source or "-"),
            changes={"rows": [None, len(rows)], "created": [None, len(created)], "file": [None, table.source]},
        )
        commit(session, _("Impor warga binaan"))
        committed = True
        created_ids = created
    return ImportReport(
        rows_total=len(rows),
        rows_ok=rows_ok,
        rows_bad=problems,
        created_ids=created_ids,
        duplicates=duplicates,
        warnings=warnings,
        dry_run=dry_run,
        committed=committed,
        seconds=time.perf_counter() - started,
    )


@dataclass
class _Ticker:
    """Progress every PROGRESS_EVERY rows of each of the two passes (checking, saving); checks for cancel."""

    reporter: Progress
    session: Session
    total: int
    reported: int = 0

    def tick(self, done: int, template: str, phase: int = 0) -> None:
        if done % PROGRESS_EVERY and done != self.total:
            return
        if self.reporter.cancelled():
            self.session.rollback()
            raise Cancelled()
        overall = phase * self.total + done
        self.reporter.advance(overall - self.reported, template.format(done=done, total=self.total))
        self.reported = overall
