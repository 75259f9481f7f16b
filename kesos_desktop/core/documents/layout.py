"""Page sizes, margins and paragraph styles shared by every document (Permendagri 1/2023 habits as defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4 as _RL_A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from kesos_desktop.core.documents import fonts
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _

A4: tuple[float, float] = _RL_A4
# F4 / Folio as sold in Indonesia (215 x 330 mm), the paper most Pemda offices still load in their printers;
# it is not ISO and not US Legal, and ReportLab has no constant for it.
F4: tuple[float, float] = (215 * mm, 330 * mm)

PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "F4": F4}


def page_size(name_or_size: str | tuple[float, float]) -> tuple[float, float]:
    """``"A4"``/``"F4"`` (case-insensitive, ``"Folio"`` too) or an explicit (width, height) in points."""
    if not isinstance(name_or_size, str):
        width, height = name_or_size
        return float(width), float(height)
    key = name_or_size.strip().upper()
    if key == "FOLIO":
        key = "F4"
    try:
        return PAGE_SIZES[key]
    except KeyError:
        message = _("Ukuran kertas tidak dikenal: {name}. Pilih A4 atau F4.").format(name=name_or_size)
        raise ValidationError(message, fields={"page_size": message}) from None


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres.

    Defaults follow the tata naskah dinas habit (Permendagri 54/2009, carried into Pemda rules under
    Permendagri 1/2023): left 3 cm for binding, right 2 cm, bottom 2.5 cm; text 2 cm from the top, but the
    kop surat on page one starts higher (``first_top``) so the body begins about two lines below the kop.
    """

    top: float = 20.0
    bottom: float = 25.0
    left: float = 30.0
    right: float = 20.0
    first_top: float = 12.0


DEFAULT_MARGINS = Margins()

# Permendagri habit is Arial 12; DejaVu Sans is ~8 % wider, so 11 pt gives about the same words per line.
BODY_SIZE = 11.0
BODY_LEADING = 15.0


@dataclass(frozen=True)
class Styles:
    """The paragraph styles documents use; build them with :func:`styles`."""

    body: ParagraphStyle
    body_justify: ParagraphStyle
    body_right: ParagraphStyle
    body_center: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    table: ParagraphStyle
    table_center: ParagraphStyle
    table_header: ParagraphStyle


@cache
def styles() -> Styles:
    """Shared styles (built once; treat them as read-only, derive with ``ParagraphStyle(parent=...)``)."""
    fam = fonts.register_fonts()
    body = ParagraphStyle(
        "KesosBody",
        fontName=fam.regular,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        alignment=TA_LEFT,
    )
    small = ParagraphStyle("KesosSmall", parent=body, fontSize=8.5, leading=10.5)
    table = ParagraphStyle("KesosTable", parent=body, fontSize=9.5, leading=12)
    return Styles(
        body=body,
        body_justify=ParagraphStyle("KesosBodyJustify", parent=body, alignment=TA_JUSTIFY, spaceAfter=6),
        body_right=ParagraphStyle("KesosBodyRight", parent=body, alignment=TA_RIGHT),
        body_center=ParagraphStyle("KesosBodyCenter", parent=body, alignment=TA_CENTER),
        small=small,
        small_center=ParagraphStyle("KesosSmallCenter", parent=small, alignment=TA_CENTER),
        title=ParagraphStyle(
            "KesosTitle",
            parent=body,
            fontName=fam.bold,
            fontSize=12,
            leading=15,
            alignment=TA_CENTER,
        ),
        subtitle=ParagraphStyle("KesosSubtitle", parent=body, alignment=TA_CENTER),
        table=table,
        table_center=ParagraphStyle("KesosTableCenter", parent=table, alignment=TA_CENTER),
        table_header=ParagraphStyle("KesosTableHeader", parent=table, fontName=fam.bold, alignment=TA_CENTER),
    )


@dataclass(frozen=True)
class DocContext:
    """What a story builder needs to lay out flowables: the frame width and the shared styles."""

    page_size: tuple[float, float]
    margins: Margins
    styles: Styles

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - (self.margins.left + self.margins.right) * mm


def table_style(*commands: tuple[object, ...], padding: float = 0) -> TableStyle:
    """A TableStyle with our font for plain-string cells (ReportLab's default is a non-embedded Helvetica),
    top-aligned cells and ``padding`` on every side, followed by ``commands``."""
    fam = fonts.register_fonts()
    base: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fam.regular),
        ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    return TableStyle([*base, *commands])
