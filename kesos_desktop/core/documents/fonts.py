"""Registers the shipped DejaVu fonts with ReportLab once per process, as families so ``<b>``/``<i>`` work."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kesos_desktop.core.resources import resource_path

SANS = "KesosSans"
SANS_BOLD = "KesosSans-Bold"
SANS_ITALIC = "KesosSans-Oblique"
SANS_BOLD_ITALIC = "KesosSans-BoldOblique"
SERIF = "KesosSerif"
SERIF_BOLD = "KesosSerif-Bold"


@dataclass(frozen=True)
class FontFamily:
    """ReportLab face names of one registered family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


SANS_FAMILY = FontFamily(SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC)
# Only the upright serif faces are shipped (the kop surat needs no italics); italic maps back to upright.
SERIF_FAMILY = FontFamily(SERIF, SERIF_BOLD, SERIF, SERIF_BOLD)

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> FontFamily:
    """Register every shipped face (idempotent, thread-safe) and return the sans family used for body text."""
    global _registered
    if _registered:
        return SANS_FAMILY
    with _lock:
        if not _registered:
            for name, filename in _FILES.items():
                # Parsing a TTF costs ~20 ms; pdfmetrics keeps it for the life of the process.
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
            for family in (SANS_FAMILY, SERIF_FAMILY):
                # addMapping (not registerFontFamily) so the serif's italic can point at its upright face.
                addMapping(family.regular, 0, 0, family.regular)
                addMapping(family.regular, 1, 0, family.bold)
                addMapping(family.regular, 0, 1, family.italic)
                addMapping(family.regular, 1, 1, family.bold_italic)
            _registered = True
    return SANS_FAMILY


def family(serif: bool = False) -> FontFamily:
    register_fonts()
    return SERIF_FAMILY if serif else SANS_FAMILY
