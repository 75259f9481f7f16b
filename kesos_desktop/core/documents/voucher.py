"""The travel-assistance voucher (VOUCHER BANTUAN TRANSPORT): the data it prints and its one-page renderer.

What is on it: kop surat; title and number; the person (photo for adults only — children's faces are never printed
on vouchers, domain §8.3 — name, registration number, masked NIK, destination); the legs with fare, uang makan and
uang saku; the total in figures and words; validity; the person's signature/thumbprint box; the official's signature
block; the QR code with the signed payload, whose text is also printed small under it and stored as the PDF's
subject so a verifier can read it without a camera. Reprints carry "SALINAN" with their count, voided ones "BATAL".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

import segno
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from kesos_desktop.core.documents.blocks import title_block
from kesos_desktop.core.documents.layout import DocContext, Margins, styles, table_style
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.qr import DEFAULT_ERROR, DEFAULT_QUIET_ZONE, dark_rectangles
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import THUMBPRINT_BOX, Signatory, ThumbprintBox
from kesos_desktop.core.documents.wording import doc_text, place_date
from kesos_desktop.core.i18n import N_
from kesos_desktop.core.i18n.formatters import format_date, format_rupiah
from kesos_desktop.core.i18n.terbilang import terbilang_kwitansi

QR_SIZE_MM = 30.0
PHOTO_W, PHOTO_H = 24 * mm, 32 * mm  # a 3 × 4 pas foto, slightly reduced
# A voucher is one page: a little less top and bottom margin than a letter leaves room for the legs table.
VOUCHER_MARGINS = Margins(top=15.0, bottom=15.0, left=25.0, right=20.0, first_top=10.0)
PAYLOAD_CHUNK = 28


@dataclass(frozen=True)
class VoucherLegLine:
    seq: int
    from_name: str
    to_name: str
    mode: str
    carrier: str
    travel_date: date | None
    fare: int
    meals: int
    pocket: int

    @property
    def total(self) -> int:
        return self.fare + self.meals + self.pocket


@dataclass(frozen=True)
class VoucherDocument:
    """Everything printed on one voucher (pure data; the service fills it from the database).

    ``photo``: JPEG/PNG bytes, only for an adult — leave it None for a child or an unknown age. ``nik_masked``: the
    NIK as ``mask_nik`` prints it (never the full number). ``payload``: the signed QR text.
    """

    letterhead: Letterhead
    office_name: str
    number: str
    issued_on: date
    valid_until: date
    place: str
    person_name: str
    registration_no: str
    nik_masked: str
    destination: str
    plan_no: str
    legs: tuple[VoucherLegLine, ...]
    signatory: Signatory
    payload: str
    photo: bytes | None = None

    @property
    def amount(self) -> int:
        return sum(leg.total for leg in self.legs)


class _Photo(Flowable):
    """The adult's photo in a 3 × 4 frame (or an empty frame saying so)."""

    def __init__(self, photo: bytes | None) -> None:
        super().__init__()
        self.width, self.height = PHOTO_W, PHOTO_H
        self._image: ImageReader | None = None
        self._size = (0.0, 0.0)
        if photo:
            with Image.open(io.BytesIO(photo)) as src:
                img = src.convert("RGB")
            img.thumbnail((300, 400))
            scale = min(PHOTO_W / img.width, PHOTO_H / img.height)
            self._size = (img.width * scale, img.height * scale)
            self._image = ImageReader(img)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        if self._image is not None:
            w, h = self._size
            canv.drawImage(self._image, (self.width - w) / 2, (self.height - h) / 2, w, h)
        else:
            canv.setFillGray(0.45)
            canv.setFont("KesosSans", 7.5)
            canv.drawCentredString(self.width / 2, self.height / 2, doc_text(N_("Tanpa foto")))
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()


class _VoucherQr(Flowable):
    """The voucher's QR code: like ``documents.qr.QrCode`` (one path of merged rectangles, full quiet zone, level M)
    but with a fixed mask pattern.

    Choosing the best of the eight masks is segno's slowest step (about 9 of 12 ms for a voucher-sized symbol, a
    quarter of a whole voucher); any mask is valid QR (ISO/IEC 18004 §7.8) and the evaluation only lowers the
    chance of finder-like blotches. Every voucher test decodes the printed code with zbarimg.
    """

    MASK = 2

    def __init__(self, data: str, size_mm: float) -> None:
        super().__init__()
        symbol = segno.make_qr(data, error=DEFAULT_ERROR, boost_error=False, mask=self.MASK)
        matrix = [list(row) for row in symbol.matrix]
        self.modules = len(matrix)
        self.module_size = size_mm * mm / self.modules
        self.width = self.height = (self.modules + 2 * DEFAULT_QUIET_ZONE) * self.module_size
        self._rects = dark_rectangles(matrix)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        m = self.module_size
        offset = DEFAULT_QUIET_ZONE * m
        top = self.height - offset
        canv.saveState()
        canv.setFillColorRGB(0, 0, 0)
        path = canv.beginPath()
        for col, row, w, h in self._rects:
            path.rect(offset + col * m, top - (row + h) * m, w * m, h * m)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _identity(doc: VoucherDocument, ctx: DocContext) -> Table:
    st = ctx.styles
    label_w, colon_w = 38 * mm, 4 * mm
    text_w = ctx.frame_width - PHOTO_W - 6 * mm - label_w - colon_w
    rows = [
        (N_("Nama penerima"), f"<b>{escape(doc.person_name)}</b>"),
        (N_("No. registrasi"), escape(doc.registration_no)),
        (N_("NIK"), escape(doc.nik_masked)),
        (N_("Daerah tujuan"), escape(doc.destination)),
        (N_("No. rencana"), escape(doc.plan_no)),
        (N_("Tanggal terbit"), escape(format_date(doc.issued_on, "id"))),
        (N_("Berlaku sampai"), f"<b>{escape(format_date(doc.valid_until, 'id'))}</b>"),
    ]
    inner = Table(
        [[_p(doc_text(label), st.body), _p(":", st.body), Paragraph(value, st.body)] for label, value in rows],
        colWidths=[label_w, colon_w, text_w],
        hAlign="LEFT",
    )
    inner.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)))
    outer = Table([[inner, _Photo(doc.photo)]], colWidths=[ctx.frame_width - PHOTO_W, PHOTO_W])
    outer.setStyle(table_style(("ALIGN", (1, 0), (1, 0), "RIGHT")))
    return outer


def _legs_table(doc: VoucherDocument, ctx: DocContext) -> Table:
    st = ctx.styles
    head = [
        doc_text(N_("No")),
        doc_text(N_("Rute, moda dan tanggal")),
        doc_text(N_("Tiket")),
        doc_text(N_("Uang makan")),
        doc_text(N_("Uang saku")),
        doc_text(N_("Jumlah")),
    ]
    money = ParagraphStyle("KesosVoucherMoney", parent=st.table, alignment=2, fontSize=8, leading=10)
    cell = ParagraphStyle("KesosVoucherCell", parent=st.table, fontSize=8.5, leading=10.5)
    rows: list[list[Flowable | str]] = [[Paragraph(escape(h), st.table_header) for h in head]]
    for leg in doc.legs:
        when = format_date(leg.travel_date, "id") if leg.travel_date else "-"
        mode = f"{leg.mode}, {leg.carrier}" if leg.carrier else leg.mode
        detail = f"<font size='7.5'>{escape(mode)}; {escape(when)}</font>"
        route = f"{escape(leg.from_name)} → {escape(leg.to_name)}<br/>{detail}"
        rows.append(
            [
                Paragraph(str(leg.seq), st.table_center),
                Paragraph(route, cell),
                _p(format_rupiah(leg.fare), money),
                _p(format_rupiah(leg.meals), money),
                _p(format_rupiah(leg.pocket), money),
                _p(format_rupiah(leg.total), money),
            ]
        )
    bold_money = ParagraphStyle("KesosVoucherTotal", parent=money, fontName="KesosSans-Bold")
    rows.append([_p(doc_text(N_("JUMLAH")), bold_money), "", "", "", "", _p(format_rupiah(doc.amount), bold_money)])
    widths = [8 * mm, 0.0, 25 * mm, 25 * mm, 25 * mm, 30 * mm]
    widths[1] = ctx.frame_width - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1)
    last = len(rows) - 1
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("SPAN", (0, last), (4, last)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            padding=3,
        )
    )
    return table


def _signatures(doc: VoucherDocument, width: float) -> Table:
    """Receiver (thumbprint box) and official side by side, names on one line; the official gets the wider column
    so a long name and an a.n. jabatan do not wrap."""
    centre = ParagraphStyle("KesosVoucherSign", parent=styles().body, alignment=1)
    doc.signatory.validate()
    receiver_w = min(46 * mm, width * 0.4)
    official = doc.signatory
    head = [place_date(doc.place, doc.issued_on), *official.jabatan_lines()]
    tail = [line for line in (official.pangkat.strip(), official.nip_line()) if line]
    rows = [
        [
            Paragraph(escape(doc_text(N_("Yang menerima,"))), centre),
            Paragraph("<br/>".join(escape(line) for line in head), centre),
        ],
        [ThumbprintBox(), ""],
        [
            Paragraph(f"<b><u>{escape(doc.person_name)}</u></b>", centre),
            Paragraph(f"<b><u>{escape(official.name)}</u></b>", centre),
        ],
        [
            Paragraph(escape(doc_text(N_("Penerima bantuan"))), centre),
            Paragraph("<br/>".join(escape(line) for line in tail), centre) if tail else "",
        ],
    ]
    table = Table(
        rows, colWidths=[receiver_w, width - receiver_w], rowHeights=[None, THUMBPRINT_BOX + 6 * mm, None, None]
    )
    table.setStyle(
        table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
            ("ALIGN", (0, 1), (-1, 1), "CENTER"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        )
    )
    return table


def _bottom(doc: VoucherDocument, ctx: DocContext) -> Table:
    """The QR code with its text at the left; the receiver's thumbprint box and the official's block beside it."""
    st = ctx.styles
    qr = _VoucherQr(doc.payload, QR_SIZE_MM)
    qr_w = qr.width + 2 * mm
    tiny = ParagraphStyle("KesosVoucherPayload", parent=st.small, fontSize=5.2, leading=6.2)
    hint_style = ParagraphStyle("KesosVoucherHint", parent=st.small, fontSize=6.5, leading=8)
    chunks = [doc.payload[i : i + PAYLOAD_CHUNK] for i in range(0, len(doc.payload), PAYLOAD_CHUNK)]
    hint = doc_text(
        N_(
            "Pindai untuk memeriksa keaslian (tanda tangan digital). Tanpa pemindai: kesos verify-voucher "
            "dengan teks ini:"
        )
    )
    left: list[Flowable] = [
        qr,
        Paragraph(escape(hint), hint_style),
        Spacer(0, 0.8 * mm),
        Paragraph("<br/>".join(escape(c) for c in chunks), tiny),
    ]
    table = Table(
        [[left, _signatures(doc, ctx.frame_width - qr_w)]], colWidths=[qr_w, ctx.frame_width - qr_w], hAlign="LEFT"
    )
    table.setStyle(table_style())
    return table


def render_voucher(
    doc: VoucherDocument,
    *,
    copy_number: int = 1,
    voided: bool = False,
    void_reason: str = "",
    printed_on: date | None = None,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    """The voucher PDF. ``copy_number`` > 1 marks a reprint "SALINAN" with its count; ``voided`` marks it "BATAL"."""
    doc.signatory.validate()

    def build(ctx: DocContext) -> list[Flowable]:
        st = ctx.styles
        story: list[Flowable] = list(title_block(doc_text(N_("VOUCHER BANTUAN TRANSPORT")), nomor=doc.number))
        story[-1] = Spacer(0, 3 * mm)
        story.append(_identity(doc, ctx))
        story.append(Spacer(0, 3 * mm))
        story.append(_legs_table(doc, ctx))
        story.append(Spacer(0, 2 * mm))
        words = escape(terbilang_kwitansi(doc.amount))
        label = escape(doc_text(N_("Terbilang")))
        story.append(Paragraph(f"{label}: <b>{words}</b>", st.body))
        story.append(Spacer(0, 1.5 * mm))
        terms = doc_text(
            N_(
                "Voucher ini diberikan kepada penerima yang namanya tercantum di atas untuk perjalanan pulang ke "
                "daerah asal melalui rute di atas, tidak dapat dipindahtangankan, dan hanya berlaku sampai {date}."
            )
        ).format(date=format_date(doc.valid_until, "id"))
        story.append(Paragraph(escape(terms), st.small))
        story.append(Spacer(0, 4 * mm))
        story.append(KeepTogether([_bottom(doc, ctx)]))
        return story

    copy_label = None
    watermark = None
    if voided:
        watermark = doc_text(N_("BATAL"))
        copy_label = doc_text(N_("DIBATALKAN: {reason}")).format(reason=void_reason or "-")
    elif copy_number > 1:
        watermark = doc_text(N_("SALINAN"))
        copy_label = doc_text(N_("SALINAN (cetakan ke-{n}), dicetak {date}")).format(
            n=copy_number, date=format_date(printed_on or date.today(), "id")
        )
    return render_pdf(
        build,
        title=doc_text(N_("Voucher bantuan transport {number}")).format(number=doc.number),
        author=doc.office_name,
        subject=doc.payload,
        page_size=page_size,
        invariant=invariant,
        letterhead=doc.letterhead,
        margins=VOUCHER_MARGINS,
        watermark=watermark,
        copy_label=copy_label,
    )
