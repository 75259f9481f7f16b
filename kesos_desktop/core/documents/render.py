"""Turns a story builder into PDF bytes: page templates, kop on page one, "Halaman x dari y", watermark, copy label."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from kesos_desktop.core.documents import fonts
from kesos_desktop.core.documents.layout import DEFAULT_MARGINS, DocContext, Margins, styles
from kesos_desktop.core.documents.layout import page_size as _page_size
from kesos_desktop.core.documents.letterhead import KopSurat, Letterhead
from kesos_desktop.core.documents.wording import doc_text
from kesos_desktop.core.i18n import N_

StoryBuilder = Callable[[DocContext], Iterable[Flowable]]

# ReportLab wraps every stream (content, font subsets, images) in ASCII85 by default, a 7-bit-mail habit that
# makes PDFs 25 % larger and, in pure Python, costs about half the render time of a one-page letter. Binary
# Flate streams are what every PDF reader expects; the setting is process-wide and only this app draws PDFs.
rl_config.useA85 = 0

CREATOR = "Kesos Desktop"
WATERMARK_GREY = 0.55
WATERMARK_ALPHA = 0.28
FOOTER_SIZE = 8.5


@dataclass(frozen=True)
class _Decorations:
    page_size: tuple[float, float]
    margins: Margins
    watermark: str | None
    copy_label: str | None


class _PagedCanvas(Canvas):
    """Holds every finished page until the end so the footer can say how many pages there are.

    Platypus writes each page as soon as it is full, before it knows the total; keeping the page state and
    painting footer, watermark and copy label at ``save`` time gives "Halaman 1 dari 3" in one layout pass
    (building twice would double the cost of every document).
    """

    def __init__(self, *args: Any, decorations: _Decorations, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kesos_decorations = decorations
        self._kesos_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._kesos_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._kesos_pages)
        for state in self._kesos_pages:
            self.__dict__.update(state)
            _decorate(self, self._pageNumber, total, self._kesos_decorations)
            super().showPage()
        super().save()


def _decorate(canv: Canvas, page: int, total: int, deco: _Decorations) -> None:
    fam = fonts.register_fonts()
    width, height = deco.page_size
    canv.saveState()
    if deco.watermark:
        # On top of the content but translucent: a "BATAL" cannot be hidden under a white table cell, and the
        # text under it stays readable.
        text = deco.watermark
        diagonal = math.hypot(width, height)
        size = min(120.0, 0.7 * diagonal / max(stringWidth(text, fam.bold, 1.0), 1.0))
        canv.saveState()
        canv.setFillGray(WATERMARK_GREY)
        canv.setFillAlpha(WATERMARK_ALPHA)
        canv.translate(width / 2, height / 2)
        canv.rotate(math.degrees(math.atan2(height, width)))
        canv.setFont(fam.bold, size)
        canv.drawCentredString(0, -size * 0.35, text)
        canv.restoreState()
    if deco.copy_label:
        canv.setFont(fam.bold, 8)
        canv.setFillGray(0.25)
        canv.drawRightString(width - deco.margins.right * mm, height - 8 * mm, deco.copy_label)
    if total > 1:
        canv.setFont(fam.regular, FOOTER_SIZE)
        canv.setFillGray(0)
        label = doc_text(N_("Halaman {page} dari {total}")).format(page=page, total=total)
        canv.drawCentredString(width / 2, deco.margins.bottom * mm / 2, label)
    canv.restoreState()


def render_pdf(
    story_builder: StoryBuilder,
    *,
    title: str,
    author: str,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
    letterhead: Letterhead | None = None,
    margins: Margins = DEFAULT_MARGINS,
    watermark: str | None = None,
    copy_label: str | None = None,
    subject: str = "",
) -> bytes:
    """Lay out ``story_builder(ctx)`` and return the PDF.

    ``page_size``: "A4", "F4" or (w, h) points. ``letterhead``: the kop surat is put at the top of page one, which
    then uses the higher ``margins.first_top``. ``watermark``: diagonal translucent text on every page ("SALINAN",
    "BATAL"). ``copy_label``: a small note at the top right of every page ("Lembar 2: untuk keluarga").
    ``invariant``: fixed dates and document id so the same input gives the same bytes (tests, golden files).
    """
    size = _page_size(page_size)
    ctx = DocContext(page_size=size, margins=margins, styles=styles())
    story: list[Flowable] = []
    if letterhead is not None:
        story.append(KopSurat(letterhead))
    story.extend(story_builder(ctx))
    if not story:
        # Platypus makes a PDF with no page at all from an empty story; readers and printers reject that.
        story.append(Spacer(0, 0))

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=size,
        leftMargin=margins.left * mm,
        rightMargin=margins.right * mm,
        topMargin=margins.top * mm,
        bottomMargin=margins.bottom * mm,
        title=title,
        author=author,
        subject=subject,
        creator=CREATOR,
        producer=CREATOR,
        invariant=1 if invariant else 0,
        lang="id-ID",
        # Otherwise every page starts with a Helvetica font selection, a non-embedded base-14 font resource.
        initialFontName=fonts.register_fonts().regular,
        initialFontSize=styles().body.fontSize,
        initialLeading=styles().body.leading,
    )
    first_top = margins.first_top if letterhead is not None else margins.top
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[_frame(size, margins, first_top)], autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[_frame(size, margins, margins.top)]),
        ]
    )
    deco = _Decorations(page_size=size, margins=margins, watermark=watermark, copy_label=copy_label)
    doc.build(story, canvasmaker=partial(_PagedCanvas, decorations=deco))
    return buf.getvalue()


def _frame(size: tuple[float, float], margins: Margins, top_mm: float) -> Frame:
    width, height = size
    x, y = margins.left * mm, margins.bottom * mm
    # No frame padding: DocContext.frame_width must be the real usable width.
    return Frame(
        x,
        y,
        width - x - margins.right * mm,
        height - y - top_mm * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
