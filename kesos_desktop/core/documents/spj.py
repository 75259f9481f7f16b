"""The monthly accountability list (SPJ) of return assistance: every voucher and kwitansi of a month on landscape
A4 under the kop, with totals in figures and words and the PPTK, bendahara and Pengguna Anggaran signatures.

Persons are named (the evidence needs it) but never with their NIK. A voided voucher or kwitansi may be listed so
the numbering has no unexplained gap; it is marked and left out of the total.
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
from kesos_desktop.core.documents.kwitansi import official_column
from kesos_desktop.core.documents.layout import A4, DocContext, Margins, table_style
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.letters_pemulangan import p
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.documents.wording import doc_text, place_date
from kesos_desktop.core.i18n import N_
from kesos_desktop.core.i18n.formatters import format_date_short, format_rupiah, month_name
from kesos_desktop.core.i18n.terbilang import terbilang_kwitansi

LANG = "id"
LANDSCAPE_A4 = (A4[1], A4[0])
SPJ_MARGINS = Margins(top=15.0, bottom=15.0, left=20.0, right=15.0, first_top=10.0)


@dataclass(frozen=True)
class SpjLine:
    kind: str
    number: str
    issued_on: date
    person_name: str
    registration_no: str
    route: str
    fund: str
    amount: int
    destination: str = ""
    evidence: str = ""
    voided: bool = False


@dataclass(frozen=True)
class SpjDocument:
    letterhead: Letterhead
    office_name: str
    place: str
    year: int
    month: int
    printed_on: date
    lines: tuple[SpjLine, ...]
    fund_label: str = ""
    activity: str = ""
    pptk: Signatory | None = None
    bendahara: Signatory | None = None
    kepala: Signatory | None = None

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines if not line.voided)


def _table(doc: SpjDocument, ctx: DocContext) -> Table:
    st = ctx.styles
    cell = ParagraphStyle("KesosSpjCell", parent=st.table, fontSize=8.5, leading=10.5)
    centre = ParagraphStyle("KesosSpjCentre", parent=cell, alignment=1)
    money = ParagraphStyle("KesosSpjMoney", parent=cell, alignment=2)
    head_style = ParagraphStyle("KesosSpjHead", parent=st.table_header, fontSize=8.5, leading=10.5)
    grey = ParagraphStyle("KesosSpjVoid", parent=cell, textColor=colors.Color(0.4, 0.4, 0.4))
    head = [
        N_("No"),
        N_("Jenis"),
        N_("Nomor bukti"),
        N_("Tanggal"),
        N_("Penerima"),
        N_("Rute / tujuan"),
        N_("Sumber dana"),
        N_("Jumlah (Rp)"),
        N_("Keterangan"),
    ]
    rows: list[list[Flowable | str]] = [[p(doc_text(h), head_style) for h in head]]
    n = 0
    for line in doc.lines:
        style = grey if line.voided else cell
        if not line.voided:
            n += 1
        person = f"{escape(line.person_name)}<br/><font size='7.5'>{escape(line.registration_no)}</font>"
        note = line.evidence
        if line.voided:
            note = doc_text(N_("BATAL; tidak dihitung")) + (f"; {note}" if note else "")
        rows.append(
            [
                p(str(n) if not line.voided else "-", centre),
                p(line.kind, style),
                p(line.number, style),
                p(format_date_short(line.issued_on, LANG), style),
                Paragraph(person, style),
                Paragraph(
                    escape(line.route)
                    + (f"<br/><font size='7.5'>{escape(line.destination)}</font>" if line.destination else ""),
                    style,
                ),
                p(line.fund, style),
                p(format_rupiah(line.amount), money) if not line.voided else p("-", money),
                p(note, style),
            ]
        )
    bold = ParagraphStyle("KesosSpjTotal", parent=money, fontName=fonts.SANS_BOLD)
    rows.append([p(doc_text(N_("JUMLAH")), bold), "", "", "", "", "", "", p(format_rupiah(doc.total), bold), ""])
    widths = [9 * mm, 17 * mm, 38 * mm, 21 * mm, 42 * mm, 0.0, 28 * mm, 30 * mm, 38 * mm]
    widths[5] = ctx.frame_width - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1)
    last = len(rows) - 1
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("BACKGROUND", (0, last), (-1, last), colors.Color(0.95, 0.95, 0.95)),
            ("SPAN", (0, last), (6, last)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            padding=2.5,
        )
    )
    return table


def _signatures(doc: SpjDocument, width: float, ctx: DocContext) -> Table:
    style = ParagraphStyle("KesosSpjSign", parent=ctx.styles.table, alignment=1, fontSize=9.5, leading=12)
    cols = [
        official_column(doc_text(N_("Mengetahui,")), doc_text(N_("Pengguna Anggaran")), doc.kepala, style),
        official_column(
            doc_text(N_("Menyetujui,")), doc_text(N_("Pejabat Pelaksana Teknis Kegiatan")), doc.pptk, style
        ),
        official_column(
            place_date(doc.place, doc.printed_on), doc_text(N_("Bendahara Pengeluaran")), doc.bendahara, style
        ),
    ]
    table = Table(
        [list(row) for row in zip(*cols, strict=True)],
        colWidths=[width / 3] * 3,
        rowHeights=[None, 20 * mm, None, None],
    )
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, 0), "BOTTOM")))
    return table


def spj_story(doc: SpjDocument, ctx: DocContext) -> list[Flowable]:
    st = ctx.styles
    period = f"{month_name(doc.month, LANG).upper()} {doc.year}"
    story: list[Flowable] = [
        p(doc_text(N_("DAFTAR PERTANGGUNGJAWABAN (SPJ) BANTUAN PEMULANGAN")), st.title),
        p(doc_text(N_("BULAN {period}")).format(period=period), st.title),
        Spacer(0, 2 * mm),
    ]
    meta = [(doc_text(N_("Sumber dana")), doc.fund_label or doc_text(N_("Semua sumber dana")))]
    if doc.activity:
        meta.append((doc_text(N_("Kegiatan")), doc.activity))
    info = Table(
        [[p(label, st.small), p(":", st.small), p(value, st.small)] for label, value in meta],
        colWidths=[28 * mm, 4 * mm, ctx.frame_width - 32 * mm],
        hAlign="LEFT",
    )
    info.setStyle(table_style())
    story += [info, Spacer(0, 2 * mm)]
    if doc.lines:
        story.append(_table(doc, ctx))
    else:
        story.append(p(doc_text(N_("Tidak ada voucher atau kwitansi pada bulan ini.")), st.body))
    count = sum(1 for line in doc.lines if not line.voided)
    words = escape(terbilang_kwitansi(doc.total, frame=""))
    summary = escape(doc_text(N_("Jumlah {count} bukti sebesar {amount}"))).format(
        count=count, amount=f"<b>{escape(format_rupiah(doc.total))}</b>"
    )
    total_line = Paragraph(f"{summary} ({escape(doc_text(N_('terbilang')))}: <b><i>{words}</i></b>)", st.body)
    # The total goes with the signatures: never signatures alone on a page.
    story.append(
        KeepTogether([Spacer(0, 2 * mm), total_line, Spacer(0, 5 * mm), _signatures(doc, ctx.frame_width, ctx)])
    )
    return story


def render_spj(doc: SpjDocument, *, invariant: bool = False) -> bytes:
    for signer in (doc.pptk, doc.bendahara, doc.kepala):
        if signer is not None:
            signer.validate()
    return render_pdf(
        lambda ctx: spj_story(doc, ctx),
        title=doc_text(N_("SPJ bantuan pemulangan {month} {year}")).format(
            month=month_name(doc.month, LANG), year=doc.year
        ),
        author=doc.office_name,
        page_size=LANDSCAPE_A4,
        invariant=invariant,
        letterhead=doc.letterhead,
        margins=SPJ_MARGINS,
    )
