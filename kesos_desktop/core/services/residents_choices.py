"""Coded choices of the identity, family, consent and document forms, read from resources/data (labels id/en)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kesos_desktop.core.reference.datafiles import pick_label, read_rows

FIELDS = ("sex", "birth_date_precision", "religion", "education", "marital_status", "relation", "consent_basis")


@dataclass(frozen=True)
class Choice:
    """One coded value a form offers; ``label()`` follows the interface language unless ``lang`` is given."""

    field: str
    code: str
    name_id: str
    name_en: str
    notes: str = ""

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@lru_cache(maxsize=1)
def _person_choices() -> dict[str, tuple[Choice, ...]]:
    found: dict[str, list[Choice]] = {}
    for row in read_rows("person_choices.csv"):
        found.setdefault(row["field"], []).append(
            Choice(row["field"], row["code"], row["name_id"], row["name_en"], row.get("notes", ""))
        )
    return {name: tuple(items) for name, items in found.items()}


@lru_cache(maxsize=1)
def _document_kinds() -> tuple[Choice, ...]:
    return tuple(
        Choice("document_kind", row["code"], row["name_id"], row["name_en"], row.get("notes", ""))
        for row in read_rows("document_kinds.csv")
    )


@lru_cache(maxsize=1)
def issued_document_kinds() -> frozenset[str]:
    """Kinds the office issues itself (vouchers, letters, receipts): listed on the profile, never attached by hand
    and never removed from the person's file (the letter register keeps them)."""
    return frozenset(row["code"] for row in read_rows("document_kinds.csv") if row.get("issued") == "1")


def choices(field: str) -> list[Choice]:
    """The choices of one form field, in file order (``religion``, ``education``, ``relation``...)."""
    if field == "document_kind":
        return list(_document_kinds())
    return list(_person_choices().get(field, ()))


def is_choice(field: str, code: str) -> bool:
    return any(c.code == code for c in choices(field))


def choice_label(field: str, code: str | None, lang: str | None = None) -> str:
    """The label of a code; an unknown value (typed before codes existed, imported) is shown as it is."""
    if not code:
        return ""
    found = next((c for c in choices(field) if c.code == code), None)
    return found.label(lang) if found else code


def document_kinds() -> list[Choice]:
    """Kinds of scans a user may attach to a person's file (KTP, KK, AKTA, SURAT_RUJUKAN...), from
    document_kinds.csv; documents the office issues itself are left out."""
    issued = issued_document_kinds()
    return [c for c in _document_kinds() if c.code not in issued]
