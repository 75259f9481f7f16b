"""Kwitansi bantuan transport / uang saku: the receipt the person signs (or thumbprints), the SPJ evidence.

Amount in figures (``Rp1.250.000,00``) and in words (framed ``# Satu Juta ... Rupiah #`` against tampering),
"Sudah terima dari", "Untuk pembayaran", place and date, the person's signature/thumbprint box (with a meterai box when
the amount is above Rp5.000.000, UU 10/2020 Bea Meterai), and the PPTK ("Setuju dibayar"), bendahara ("Lunas
dibayar") and Pengguna Anggaran ("Mengetahui") signatures. An official not set in the office settings prints dotted
lines to fill in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from kesos_desktop.core.documents import fonts
from kesos_desktop.core.documents.layout import DocContext, Margins, Styles, table_style
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.letters_pemulangan import p
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import THUMBPRINT_BOX, Signatory, ThumbprintBox
from kesos_desktop.core.documents.wording import doc_text, place_date
from kesos_desktop.core.i18n import N_
from kesos_desktop.core.i18n.formatters import format_date, format_rupiah
from kesos_desktop.core.i18n.terbilang import terbilang_kwitansi

LANG = "id"
# UU 10/2020 Bea Meterai: a document stating an amount above Rp5.000.000 carries a Rp10.000 meterai.
METERAI_THRESHOLD = 5_000_000
METERAI_LABEL = "Rp10.000"
KWITANSI_MARGINS = Margins(top=15.0, bottom=18.0, left=25.0, right=20.0, first_top=10.0)
OFFICIAL_SPACE = 20 * mm


@dataclass(frozen=True)
class AmountLine:
    label: str
    amount: int


@dataclass(frozen=True)
class KwitansiDocument:
    """One kwitansi. ``payer``: who pays ("Bendahara Pengeluaran Dinas Sosial ..."); ``purpose``: "Untuk
    pembayaran"; ``breakdown``: optional rincian lines that add up to ``amount``; ``pptk``/``bendahara``/``kepala``:
    None prints dotted lines."""

    office_name: str
    number: str
    place: str
    paid_on: date
    amount: int
    payer: str
    purpose: str
    recipient_name: str
    letterhead: Letterhead | None = None
    recipient_detail: str = ""
    breakdown: tuple[AmountLine, ...] = ()
    pptk: Signatory | None = None
    bendahara: Signatory | None = None
    kepala: Signatory | None = None
    budget_line: str = ""
    fiscal_year: int = 0
    reference: str = ""

    @property
    def needs_meterai(self) -> bool:
        return self.amount > METERAI_THRESHOLD


class MeteraiBox(Flowable):
    """Where the Rp10.000 meterai is stuck (the signature goes across it)."""

    def __init__(self, size: float = THUMBPRINT_BOX) -> None:
        super().__init__()
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        fam = fonts.register_fonts()
        canv.saveState()
        canv.setLineWidth(0.6)
        canv.setDash(1, 2)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.setDash()
        canv.setFillGray(0.35)
        canv.setFont(fam.bold, 7)
        canv.drawCentredString(self.width / 2, self.height / 2 + 2, doc_text(N_("METERAI")))
        canv.setFont(fam.regular, 7)
        canv.drawCentredString(self.width / 2, self.height / 2 - 7, METERAI_LABEL)
        canv.restoreState()


def _words_box(doc: KwitansiDocument, width: float, st: Styles) -> Table:
    style = ParagraphStyle("KesosKwitansiWords", parent=st.body, fontName=fonts.SANS_BOLD_ITALIC, leading=15)
    box = Table([[Paragraph(escape(terbilang_kwitansi(doc.amount)), style)]], colWidths=[width], hAlign="LEFT")
    box.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
            ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.92, 0.92, 0.92)),
            padding=4,
        )
    )
    return box


def _breakdown(doc: KwitansiDocument, width: float, st: Styles) -> Table:
    money = ParagraphStyle("KesosKwitansiMoney", parent=st.table, alignment=2)
    bold = ParagraphStyle("KesosKwitansiMoneyBold", parent=money, fontName=fonts.SANS_BOLD)
    rows: list[list[Flowable | str]] = [
        [p(f"{i}.", st.table), p(line.label, st.table), p(format_rupiah(line.amount), money)]
        for i, line in enumerate(doc.breakdown, 1)
    ]
    rows.append(["", p(doc_text(N_("Jumlah")), bold), p(format_rupiah(sum(x.amount for x in doc.breakdown)), bold)])
    table = Table(rows, colWidths=[7 * mm, width - 7 * mm - 36 * mm, 36 * mm], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEABOVE", (2, -1), (2, -1), 0.5, colors.black),
        )
    )
    return table


def _main_rows(doc: KwitansiDocument, width: float, st: Styles) -> Table:
    label_w, colon_w = 42 * mm, 4 * mm
    value_w = width - label_w - colon_w
    purpose: list[Flowable] = [p(doc.purpose, st.body_justify)]
    if doc.breakdown:
        purpose.append(p(doc_text(N_("dengan rincian:")), st.body))
        purpose.append(_breakdown(doc, value_w, st))
    rows = [
        [p(doc_text(N_("Sudah terima dari")), st.body), p(":", st.body), p(doc.payer, st.body)],
        [p(doc_text(N_("Uang sebanyak")), st.body), p(":", st.body), _words_box(doc, value_w, st)],
        [p(doc_text(N_("Untuk pembayaran")), st.body), p(":", st.body), purpose],
    ]
    table = Table(rows, colWidths=[label_w, colon_w, value_w], hAlign="LEFT")
    # The words box has 4 pt padding: its label and colon come down as much to share its first baseline.
    table.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 1), (1, 1), 4)))
    return table


def _figure_box(doc: KwitansiDocument, st: Styles) -> Table:
    style = ParagraphStyle("KesosKwitansiFigure", parent=st.body, fontName=fonts.SANS_BOLD, fontSize=13, leading=16)
    box = Table([[Paragraph(escape(format_rupiah(doc.amount)), style)]], hAlign="LEFT")
    box.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
            ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.92, 0.92, 0.92)),
            padding=5,
        )
    )
    return box


def _receiver(doc: KwitansiDocument, width: float, st: Styles) -> Table:
    """Figure box at the left; place, date and the person's thumbprint (and meterai) box at the right."""
    centre = ParagraphStyle("KesosKwitansiCentre", parent=st.body, alignment=1)
    boxes: Flowable = ThumbprintBox()
    if doc.needs_meterai:
        pair = Table([[MeteraiBox(), ThumbprintBox()]], colWidths=[THUMBPRINT_BOX + 4 * mm] * 2)
        pair.setStyle(table_style(("ALIGN", (0, 0), (-1, -1), "CENTER")))
        boxes = pair
    detail = [p(doc.recipient_detail, centre)] if doc.recipient_detail else []
    right_w = width * 0.5
    right = Table(
        [
            [p(place_date(doc.place, doc.paid_on), centre)],
            [p(doc_text(N_("Yang menerima,")), centre)],
            [boxes],
            [Paragraph(f"<b><u>{escape(doc.recipient_name)}</u></b>", centre)],
            [detail],
        ],
        colWidths=[right_w],
        rowHeights=[None, None, THUMBPRINT_BOX + 6 * mm, None, None],
    )
    right.setStyle(table_style(("ALIGN", (0, 2), (0, 2), "CENTER"), ("VALIGN", (0, 2), (0, 2), "MIDDLE")))
    left: list[Flowable] = [Spacer(0, 12 * mm), _figure_box(doc, st)]
    if doc.needs_meterai:
        note = doc_text(N_("Jumlah di atas Rp5.000.000: kwitansi dibubuhi meterai {meterai} (UU 10/2020)."))
        left += [Spacer(0, 2 * mm), p(note.format(meterai=METERAI_LABEL), st.small)]
    table = Table([[left, right]], colWidths=[width - right_w, right_w], hAlign="LEFT")
    table.setStyle(table_style())
    return table


def official_column(caption: str, default_title: str, signer: Signatory | None, style: ParagraphStyle) -> list:
    """Cells of one signing official's column: caption + jabatan, signature space, name, NIP; dotted lines when
    ``signer`` is None (to fill in by hand)."""
    if signer is not None:
        head = [caption, *signer.jabatan_lines()]
        name = f"<b><u>{escape(signer.name)}</u></b>"
        nip = signer.nip_line() or ""
    else:
        head = [caption, f"{default_title},"]
        name = f"({'.' * 30})"
        nip = doc_text(N_("NIP {nip}")).format(nip="." * 24)
    return [
        Paragraph("<br/>".join(escape(line) for line in head), style),
        "",
        Paragraph(name, style),
        Paragraph(escape(nip), style) if nip else "",
    ]


def _officials(doc: KwitansiDocument, width: float, st: Styles) -> Table:
    style = ParagraphStyle("KesosKwitansiOfficial", parent=st.table, alignment=1, fontSize=9, leading=11.5)
    paid = doc_text(N_("Lunas dibayar tanggal {date}")).format(date=format_date(doc.paid_on, LANG))
    cols = [
        official_column(
            doc_text(N_("Setuju dibayar,")), doc_text(N_("Pejabat Pelaksana Teknis Kegiatan")), doc.pptk, style
        ),
        official_column(paid, doc_text(N_("Bendahara Pengeluaran")), doc.bendahara, style),
        official_column(doc_text(N_("Mengetahui,")), doc_text(N_("Pengguna Anggaran")), doc.kepala, style),
    ]
    table = Table(
        [list(row) for row in zip(*cols, strict=True)],
        colWidths=[width * 0.3, width * 0.3, width * 0.4],
        rowHeights=[None, OFFICIAL_SPACE, None, None],
    )
    table.setStyle(
        table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        )
    )
    return table


def kwitansi_story(doc: KwitansiDocument, ctx: DocContext) -> list[Flowable]:
    st = ctx.styles
    width = ctx.frame_width
    title_style = ParagraphStyle("KesosKwitansiTitle", parent=st.title, fontSize=16, leading=20)
    story: list[Flowable] = [
        Paragraph(escape(doc_text(N_("K W I T A N S I"))), title_style),
        p(doc_text(N_("Nomor: {number}")).format(number=doc.number), st.body_center),
    ]
    meta = []
    if doc.fiscal_year:
        meta.append(doc_text(N_("Tahun anggaran: {year}")).format(year=doc.fiscal_year))
    if doc.budget_line:
        meta.append(doc_text(N_("Kode rekening / sumber dana: {line}")).format(line=doc.budget_line))
    if doc.reference:
        meta.append(doc.reference)
    if meta:
        story.append(Spacer(0, 2 * mm))
        story.append(Paragraph("<br/>".join(escape(m) for m in meta), st.small))
    story.append(Spacer(0, 4 * mm))
    story.append(_main_rows(doc, width, st))
    story.append(Spacer(0, 4 * mm))
    story.append(KeepTogether([_receiver(doc, width, st)]))
    story.append(Spacer(0, 5 * mm))
    rule = Table([[""]], colWidths=[width], rowHeights=[1])
    rule.setStyle(table_style(("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black)))
    story.append(KeepTogether([rule, Spacer(0, 2 * mm), _officials(doc, width, st)]))
    return story


def render_kwitansi(
    doc: KwitansiDocument,
    *,
    watermark: str | None = None,
    copy_label: str | None = None,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    for signer in (doc.pptk, doc.bendahara, doc.kepala):
        if signer is not None:
            signer.validate()
    return render_pdf(
        lambda ctx: kwitansi_story(doc, ctx),
        title=doc_text(N_("Kwitansi {number}")).format(number=doc.number),
        author=doc.office_name,
        page_size=page_size,
        invariant=invariant,
        letterhead=doc.letterhead,
        margins=KWITANSI_MARGINS,
        watermark=watermark,
        copy_label=copy_label,
    )
