"""PPKS categories with their age rules, exit (terminasi) reasons and referral sources, from resources/data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.reference.datafiles import flag, optional_date, optional_int, pick_label, read_rows

GROUP_LABELS = {
    "anak": N_("Anak"),
    "lansia": N_("Lanjut usia"),
    "disabilitas": N_("Disabilitas"),
    "tuna_sosial": N_("Tuna sosial"),
    "korban": N_("Korban"),
    "korban_bencana": N_("Korban bencana"),
    "perempuan": N_("Perempuan"),
    "keluarga": N_("Keluarga"),
    "komunitas": N_("Komunitas"),
    "lainnya": N_("Lainnya"),
}
CLUSTER_LABELS = {
    "anak": N_("Anak"),
    "disabilitas": N_("Penyandang disabilitas"),
    "tuna_sosial_perdagangan_orang": N_("Tuna sosial dan korban perdagangan orang"),
    "napza": N_("Korban penyalahgunaan NAPZA"),
    "lansia": N_("Lanjut usia"),
    "korban_bencana": N_("Korban bencana"),
    "lainnya": N_("PPKS lainnya"),
}


@dataclass(frozen=True, slots=True)
class CategoryDef:
    """One PPKS (or field) category; ages are whole years, inclusive, None = no bound."""

    code: str
    name_id: str
    name_en: str
    group: str
    cluster: str
    min_age: int | None
    max_age: int | None
    active_from: date | None
    active_to: date | None
    source_regulation: str
    notes: str
    ppks_no: int | None  # 1..26 in the official list; None for field categories (OT, ODGJ, pengamen...)

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)

    @property
    def is_ppks(self) -> bool:
        return self.ppks_no is not None

    def active_on(self, day: date) -> bool:
        started = self.active_from is None or self.active_from <= day
        return started and (self.active_to is None or day <= self.active_to)


@dataclass(frozen=True, slots=True)
class ExitReason:
    """A coded reason for ending a stay; the flags say which extra fields the exit form must ask for."""

    code: str
    name_id: str
    name_en: str
    requires_destination: bool
    requires_target_institution: bool
    requires_text: bool
    source_regulation: str
    notes: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@dataclass(frozen=True, slots=True)
class ReferralSource:
    """How a person came in (razia, penjangkauan, police, hospital...); may require the referring institution."""

    code: str
    name_id: str
    name_en: str
    requires_institution: bool
    source_regulation: str
    notes: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@lru_cache(maxsize=1)
def _categories() -> tuple[CategoryDef, ...]:
    return tuple(
        CategoryDef(
            code=row["code"],
            name_id=row["name_id"],
            name_en=row["name_en"],
            group=row["group"],
            cluster=row["cluster"],
            min_age=optional_int(row["min_age"]),
            max_age=optional_int(row["max_age"]),
            active_from=optional_date(row["active_from"]),
            active_to=optional_date(row["active_to"]),
            source_regulation=row["source_regulation"],
            notes=row["notes"],
            ppks_no=optional_int(row.get("ppks_no", "")),
        )
        for row in read_rows("categories.csv")
    )


def load_categories() -> list[CategoryDef]:
    """All categories in file order: the 26 PPKS first, then the field categories."""
    return list(_categories())


def get_category(code: str) -> CategoryDef | None:
    return next((c for c in _categories() if c.code == code), None)


def group_label(group: str) -> str:
    return _(GROUP_LABELS[group]) if group in GROUP_LABELS else group


def cluster_label(cluster: str) -> str:
    return _(CLUSTER_LABELS[cluster]) if cluster in CLUSTER_LABELS else cluster


def age_warning(category: CategoryDef | str, age_years: int | None) -> str | None:
    """A translated warning when the age is outside the category's range; None when fine or the age is unknown.

    Never a block: street children often have no known birth date and sources disagree on the limits.
    """
    found = get_category(category) if isinstance(category, str) else category
    if found is None or age_years is None or age_years < 0:
        return None
    if found.min_age is not None and age_years < found.min_age:
        return ngettext(
            "Usia {age} tahun di bawah batas usia kategori {category} (paling rendah {limit} tahun). "
            "Periksa kembali kategori atau tanggal lahir.",
            "Usia {age} tahun di bawah batas usia kategori {category} (paling rendah {limit} tahun). "
            "Periksa kembali kategori atau tanggal lahir.",
            age_years,
        ).format(age=age_years, category=found.label(), limit=found.min_age)
    if found.max_age is not None and age_years > found.max_age:
        return ngettext(
            "Usia {age} tahun di atas batas usia kategori {category} (paling tinggi {limit} tahun). "
            "Periksa kembali kategori atau tanggal lahir.",
            "Usia {age} tahun di atas batas usia kategori {category} (paling tinggi {limit} tahun). "
            "Periksa kembali kategori atau tanggal lahir.",
            age_years,
        ).format(age=age_years, category=found.label(), limit=found.max_age)
    return None


@lru_cache(maxsize=1)
def _exit_reasons() -> tuple[ExitReason, ...]:
    return tuple(
        ExitReason(
            code=row["code"],
            name_id=row["name_id"],
            name_en=row["name_en"],
            requires_destination=flag(row["requires_destination"]),
            requires_target_institution=flag(row["requires_target_institution"]),
            requires_text=flag(row["requires_text"]),
            source_regulation=row["source_regulation"],
            notes=row["notes"],
        )
        for row in read_rows("exit_reasons.csv")
    )


def load_exit_reasons() -> list[ExitReason]:
    return list(_exit_reasons())


def get_exit_reason(code: str) -> ExitReason | None:
    return next((r for r in _exit_reasons() if r.code == code), None)


@lru_cache(maxsize=1)
def _referral_sources() -> tuple[ReferralSource, ...]:
    return tuple(
        ReferralSource(
            code=row["code"],
            name_id=row["name_id"],
            name_en=row["name_en"],
            requires_institution=flag(row["requires_institution"]),
            source_regulation=row["source_regulation"],
            notes=row["notes"],
        )
        for row in read_rows("referral_sources.csv")
    )


def load_referral_sources() -> list[ReferralSource]:
    return list(_referral_sources())


def get_referral_source(code: str) -> ReferralSource | None:
    return next((r for r in _referral_sources() if r.code == code), None)
