"""The printer test page for ``kesos selftest``: kop, Indonesian text, a table, a QR code and a signature block."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from kesos_desktop.core.documents.blocks import title_block
from kesos_desktop.core.documents.layout import DocContext, table_style
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.qr import QrCode
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import Signatory, signature_block
from kesos_desktop.core.documents.wording import doc_text, place_date
from kesos_desktop.core.i18n import N_

QR_SIZE_MM = 28.0

_INTRO = N_(
    "Halaman ini dicetak oleh Kesos Desktop untuk {office} guna memeriksa huruf, ukuran kertas, dan kode QR. "
    "Periksa bahwa huruf berikut tampil utuh: tanda baca “kutip”, tanda pisah – dan —, nama seperti Aurélie, "
    "Ni Luh Putu Ayu, dan R.A. Siti Fatimah, serta nama daerah Kepulauan Seribu, Daerah Istimewa Yogyakarta, "
    "dan Papua Barat Daya."
)
# (label, expected); the expected texts may carry <b>/<i> markup, so they come only from this table.
_CHECKS = (
    (N_("Ukuran kertas"), N_("{w} × {h} mm; tidak ada bagian yang terpotong")),
    (N_("Kop surat"), N_("Logo di kiri, nama dinas tebal, garis ganda tebal-tipis di bawahnya")),
    (N_("Huruf"), N_("DejaVu Sans biasa, <b>tebal</b>, <i>miring</i>; huruf é, ü, ñ tampil utuh")),
    (N_("Tanggal"), N_("{date}; nama bulan dalam bahasa Indonesia")),
    (N_("Kode QR"), N_("Terbaca oleh pemindai ponsel dan sama dengan teks di sebelahnya")),
)


def selftest_qr_text(office_name: str, on: date) -> str:
    """What the test page's QR code holds; ``kesos selftest`` and the tests decode it and compare."""
    return f"KESOS-UJI-CETAK|{office_name}|{on.isoformat()}"


def render_test_page(
    office_name: str,
    letterhead: Letterhead,
    signatory: Signatory,
    *,
    place: str = "",
    on: date | None = None,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    """One page that exercises everything an official document needs, to check fonts, paper size and QR print."""
    on = on or date.today()
    signatory.validate()
    qr_text = selftest_qr_text(office_name, on)

    def build(ctx: DocContext) -> list[Flowable]:
        st = ctx.styles
        width = ctx.frame_width
        nomor = doc_text(N_("UJI/001/{year}")).format(year=on.year)
        story: list[Flowable] = list(title_block(doc_text(N_("HALAMAN UJI CETAK")), nomor=nomor))
        story.append(Paragraph(escape(doc_text(_INTRO).format(office=office_name)), st.body_justify))
        story.append(Spacer(0, 3 * mm))
        story.append(_check_table(ctx, place_date(place, on)))
        story.append(Spacer(0, 5 * mm))
        qr = QrCode(qr_text, QR_SIZE_MM)
        hint = doc_text(N_("Pindai kode QR ini; isinya harus sama dengan teks berikut:"))
        note = Paragraph(f"{escape(hint)}<br/><font size='9'>{escape(qr_text)}</font>", st.body)
        qr_row = Table([[qr, note]], colWidths=[qr.width + 4 * mm, width - qr.width - 4 * mm], hAlign="LEFT")
        qr_row.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE")))
        story.append(qr_row)
        story.append(Spacer(0, 4 * mm))
        story.append(signature_block(signatory, width=width, place=place, on=on))
        return story

    return render_pdf(
        build,
        title=doc_text(N_("Halaman uji cetak")),
        author=office_name,
        page_size=page_size,
        invariant=invariant,
        letterhead=letterhead,
    )


def _check_table(ctx: DocContext, date_line: str) -> Table:
    st = ctx.styles
    page_w, page_h = ctx.page_size
    headers = (N_("No."), N_("Pemeriksaan"), N_("Yang diharapkan"))
    rows: list[list[Paragraph]] = [[Paragraph(escape(doc_text(text)), st.table_header) for text in headers]]
    for number, (label, expected) in enumerate(_CHECKS, start=1):
        text = doc_text(expected).format(w=round(page_w / mm), h=round(page_h / mm), date=escape(date_line))
        rows.append(
            [
                Paragraph(str(number), st.table_center),
                Paragraph(escape(doc_text(label)), st.table),
                Paragraph(text, st.table),
            ]
        )
    width = ctx.frame_width
    table = Table(rows, colWidths=[12 * mm, 40 * mm, width - 52 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            padding=4,
        )
    )
    return table
