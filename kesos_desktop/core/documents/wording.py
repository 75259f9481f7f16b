"""Document wording is always Indonesian: official letters do not follow the interface language."""

from __future__ import annotations

from datetime import date

from kesos_desktop.core.i18n import translator
from kesos_desktop.core.i18n.formatters import format_date, format_place_date

# Permendagri 1/2023: naskah dinas are written in Bahasa Indonesia, so an English interface still prints them so.
DOCUMENT_LANGUAGE = "id"


def doc_text(message: str) -> str:
    """Translate printed wording with the Indonesian catalog; mark the literal with ``N_`` so it is extracted.

    ``_`` stays for error messages, which the person at the screen reads in the interface language.
    """
    return translator(DOCUMENT_LANGUAGE).gettext(message)


def place_date(place: str, on: date) -> str:
    """ "Jakarta, 17 Agustus 2026" in the document language; just the date when no place is set."""
    if not place.strip():
        return format_date(on, lang=DOCUMENT_LANGUAGE)
    return format_place_date(place, on, lang=DOCUMENT_LANGUAGE)
