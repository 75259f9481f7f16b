"""Institution types (Sentra, UPT, PSBI, PSAA, rumah singgah, LKSA, pesantren...) from resources/data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kesos_desktop.core.reference.datafiles import optional_int, pick_label, read_rows

ANY_CATEGORY = "*"


@dataclass(frozen=True, slots=True)
class InstitutionType:
    """A kind of institution; each institution record keeps its own official display name beside the type code."""

    code: str
    name_id: str
    name_en: str
    serves: tuple[str, ...]  # category codes; empty when it serves any category (multi-layanan)
    default_max_stay_days: int | None
    owner: str | None  # kemensos, provinsi, kabkota, masyarakat; None when it varies
    source_regulation: str
    notes: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)

    def serves_category(self, category_code: str) -> bool:
        return not self.serves or category_code in self.serves


@lru_cache(maxsize=1)
def _institution_types() -> tuple[InstitutionType, ...]:
    types = []
    for row in read_rows("institution_types.csv"):
        serves = tuple(code.strip() for code in row["serves"].split(";") if code.strip())
        types.append(
            InstitutionType(
                code=row["code"],
                name_id=row["name_id"],
                name_en=row["name_en"],
                serves=() if serves == (ANY_CATEGORY,) else serves,
                default_max_stay_days=optional_int(row["default_max_stay_days"]),
                owner=row.get("owner") or None,
                source_regulation=row["source_regulation"],
                notes=row["notes"],
            )
        )
    return tuple(types)


def load_institution_types() -> list[InstitutionType]:
    return list(_institution_types())


def get_institution_type(code: str) -> InstitutionType | None:
    return next((t for t in _institution_types() if t.code == code), None)
