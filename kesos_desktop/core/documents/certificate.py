"""The training completion certificate (SERTIFIKAT PELATIHAN): A4 landscape with a border, the office's kop surat,
the certificate number, the participant, the training and its hours, and the pimpinan's signature block.

Deliberately silent about why the holder was in care: a certificate is shown to employers, so it names the
organising institution and the skill, never a PPKS category, registration number or case (UU 27/2022).
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from kesos_desktop.core.documents import fonts
from kesos_desktop.core.documents.layout import DocContext, Margins
from kesos_desktop.core.documents.letterhead import office_kop
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import Signatory, signature_block
from kesos_desktop.core.documents.wording import DOCUMENT_LANGUAGE, doc_text
from kesos_desktop.core.i18n import N_
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services.office import OfficeInfo
from kesos_desktop.core.services.training import CertificateData

LANDSCAPE_A4 = (A4[1], A4[0])
MARGINS = Margins(top=16, bottom=14, left=22, right=22, first_top=14)
BORDER_OUTER = 8 * mm
BORDER_INNER = 10 * mm


class PageBorder(Flowable):
    """A thick-and-thin frame around the whole page; takes no room in the text flow."""

    def __init__(self, page_size: tuple[float, float]) -> None:
        super().__init__()
        self.page_size = page_size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        width, height = self.page_size
        canvas.saveState()
        canvas.setStrokeColorRGB(0.12, 0.25, 0.45)
        canvas.setLineWidth(2.4)
        canvas.rect(BORDER_OUTER, BORDER_OUTER, width - 2 * BORDER_OUTER, height - 2 * BORDER_OUTER)
        canvas.setLineWidth(0.8)
        canvas.rect(BORDER_INNER, BORDER_INNER, width - 2 * BORDER_INNER, height - 2 * BORDER_INNER)
        canvas.restoreState()


def _d(value: date | None) -> str:
    """The date kept on one line ("28 November 2026" never breaks after the day)."""
    return format_date(value, lang=DOCUMENT_LANGUAGE).replace(" ", "\u00a0") if value else ""


def render_certificate(
    data: CertificateData,
    office: OfficeInfo,
    signatory: Signatory,
    *,
    on: date | None = None,
    invariant: bool = False,
) -> bytes:
    """One landscape page; ``signatory`` is the pimpinan (or the official signing a.n. the pimpinan)."""
    signatory.validate()
    on = on or data.completed_on

    def build(ctx: DocContext) -> list[Flowable]:
        st = ctx.styles
        width = ctx.frame_width
        centre = ParagraphStyle("KesosCertBody", parent=st.body, alignment=TA_CENTER, fontSize=12, leading=17)
        text = ParagraphStyle("KesosCertText", parent=centre, leftIndent=18 * mm, rightIndent=18 * mm)
        title = ParagraphStyle(
            "KesosCertTitle",
            parent=centre,
            fontName=fonts.SANS_BOLD,
            fontSize=30,
            leading=34,
            textColor=colors.Color(0.12, 0.25, 0.45),
        )
        subtitle = ParagraphStyle("KesosCertSubtitle", parent=centre, fontName=fonts.SANS_BOLD, fontSize=14, leading=18)
        name = ParagraphStyle("KesosCertName", parent=centre, fontName=fonts.SANS_BOLD, fontSize=22, leading=28)
        born = ""
        if data.birth_place or data.birth_date:
            born = ", ".join(x for x in (data.birth_place, _d(data.birth_date)) if x)
        period = (
            doc_text(N_("pada tanggal {a} sampai dengan {b}")).format(a=_d(data.start_on), b=_d(data.end_on))
            if data.end_on and data.end_on != data.start_on
            else doc_text(N_("pada tanggal {a}")).format(a=_d(data.start_on))
        )
        hours = doc_text(N_(" selama {n} jam pelajaran")).format(n=data.total_hours) if data.total_hours else ""
        body = doc_text(
            N_(
                "telah mengikuti dan menyelesaikan pelatihan keterampilan {kind} ({programme}) yang "
                "diselenggarakan oleh {institution} {period}{hours}"
            )
        ).format(
            kind=data.kind_label.lower(),
            programme=data.programme_name,
            institution=data.institution_name,
            period=period,
            hours=hours,
        )
        result = doc_text(N_("dengan hasil {result}.")).format(result=data.result.upper()) if data.result else ""
        story: list[Flowable] = [
            PageBorder(ctx.page_size),
            Paragraph(escape(doc_text(N_("SERTIFIKAT"))), title),
            Paragraph(escape(doc_text(N_("PELATIHAN KETERAMPILAN"))), subtitle),
            Paragraph(escape(doc_text(N_("Nomor: {no}")).format(no=data.certificate_no)), centre),
            Spacer(0, 5 * mm),
            Paragraph(escape(doc_text(N_("diberikan kepada:"))), centre),
            Spacer(0, 1 * mm),
            Paragraph(escape(data.person_name), name),
        ]
        if born:
            story.append(Paragraph(escape(born), centre))
        story += [
            Spacer(0, 3 * mm),
            Paragraph(escape(f"{body} {result}" if result else f"{body}."), text),
            Spacer(0, 5 * mm),
            signature_block(signatory, width=width, place=office.place_name, on=on, block_width=width * 0.4),
        ]
        return story

    return render_pdf(
        build,
        title=doc_text(N_("Sertifikat pelatihan {no}")).format(no=data.certificate_no),
        author=office.name,
        page_size=LANDSCAPE_A4,
        margins=MARGINS,
        invariant=invariant,
        letterhead=office_kop(office),
    )
