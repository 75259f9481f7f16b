"""Berita Acara Serah Terima of one leg of a return (judul layout): the day and date in words, the place, both
parties with NIP, jabatan and office, the person handed over (NIK masked), belongings, condition, two-column
signatures and "Mengetahui" by the head of the sending office.

A party whose officer is not known yet when the paper is printed (the receiving officer signs on arrival) gets dotted
lines to fill in by hand, as offices print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from kesos_desktop.core.documents.blocks import title_block
from kesos_desktop.core.documents.layout import DocContext, Styles, table_style
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.letters_pemulangan import (
    LETTER_MARGINS,
    PersonLines,
    indented,
    keep_together,
    label_table,
    p,
    person_rows,
)
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import SIGNATURE_SPACE, Signatory, signature_block
from kesos_desktop.core.documents.wording import doc_text
from kesos_desktop.core.i18n import N_
from kesos_desktop.core.i18n.formatters import day_name, month_name
from kesos_desktop.core.i18n.terbilang import terbilang
from kesos_desktop.core.reference.nip import format_nip

LANG = "id"
BLANK = "." * 44


@dataclass(frozen=True)
class PartyLines:
    """One side of the hand-over; an empty ``name`` prints dotted lines to fill in by hand."""

    name: str = ""
    nip: str = ""
    jabatan: str = ""
    office: str = ""


@dataclass(frozen=True)
class BelongingLine:
    description: str
    quantity: int = 1
    note: str = ""


@dataclass(frozen=True)
class BeritaAcaraDocument:
    letterhead: Letterhead
    office_name: str
    number: str
    handover_date: date
    place: str
    first_party: PartyLines
    second_party: PartyLines
    person: PersonLines
    condition: str
    belongings: tuple[BelongingLine, ...] = ()
    mengetahui: Signatory | None = None
    route_text: str = ""
    plan_no: str = ""
    leg_seq: int = 0
    copies: int = 2
    notes: str = ""


def date_sentence(on: date) -> tuple[str, str, str, str]:
    """(day, date in words, month, year in words) for "Pada hari ini Senin tanggal tujuh belas bulan Agustus ..."."""
    return day_name(on, LANG), terbilang(on.day), month_name(on.month, LANG), terbilang(on.year)


def _nip_text(nip: str) -> str:
    compact = nip.replace(" ", "")
    return format_nip(compact) if len(compact) == 18 and compact.isdigit() else nip


def _party_rows(party: PartyLines) -> list[tuple[str, str]]:
    def value(text: str) -> str:
        return escape(text) if text.strip() else BLANK

    return [
        (doc_text(N_("Nama")), f"<b>{escape(party.name)}</b>" if party.name.strip() else BLANK),
        (doc_text(N_("NIP")), value(_nip_text(party.nip)) if party.nip.strip() or not party.name.strip() else "-"),
        (doc_text(N_("Jabatan")), value(party.jabatan)),
        (doc_text(N_("Instansi")), value(party.office)),
    ]


def _party_block(number: int, party: PartyLines, called: str, width: float, st: Styles) -> Table:
    num_w, label_w = 7 * mm, 26 * mm
    inner: list[Flowable] = [
        label_table(_party_rows(party), width - num_w, st, label_w=label_w),
        Paragraph(
            escape(doc_text(N_("selanjutnya disebut {party}."))).format(party=f"<b>{escape(called)}</b>"), st.body
        ),
    ]
    table = Table([[p(f"{number}.", st.body), inner]], colWidths=[num_w, width - num_w], hAlign="LEFT")
    table.setStyle(table_style())
    return table


def _belongings_table(items: Sequence[BelongingLine], width: float, st: Styles) -> Table:
    head = [doc_text(N_("No")), doc_text(N_("Nama barang")), doc_text(N_("Jumlah")), doc_text(N_("Keterangan"))]
    rows: list[list[Flowable | str]] = [[p(h, st.table_header) for h in head]]
    for i, item in enumerate(items, 1):
        rows.append(
            [
                p(str(i), st.table_center),
                p(item.description, st.table),
                p(str(item.quantity), st.table_center),
                p(item.note or "-", st.table),
            ]
        )
    widths = [9 * mm, 0.0, 18 * mm, 50 * mm]
    widths[1] = width - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            padding=3,
        )
    )
    return table


def _signature_columns(doc: BeritaAcaraDocument, width: float, st: Styles) -> Table:
    """PIHAK KEDUA (receives) on the left, PIHAK PERTAMA (hands over) on the right, names on one line."""
    centre = ParagraphStyle("KesosBastSign", parent=st.body, alignment=1)

    def column(called: str, role: str, party: PartyLines) -> list[Flowable | str]:
        name = f"<b><u>{escape(party.name)}</u></b>" if party.name.strip() else f"({'.' * 40})"
        nip = _nip_text(party.nip)
        nip_line = doc_text(N_("NIP {nip}")).format(nip=nip) if party.nip.strip() else ""
        if not party.name.strip():
            nip_line = doc_text(N_("NIP {nip}")).format(nip="." * 30)
        return [
            Paragraph(f"<b>{escape(called)}</b>,<br/>{escape(role)},", centre),
            "",
            Paragraph(name, centre),
            Paragraph(escape(nip_line), centre) if nip_line else "",
        ]

    left = column(doc_text(N_("PIHAK KEDUA")), doc_text(N_("Yang Menerima")), doc.second_party)
    right = column(doc_text(N_("PIHAK PERTAMA")), doc_text(N_("Yang Menyerahkan")), doc.first_party)
    table = Table(
        [list(pair) for pair in zip(left, right, strict=True)],
        colWidths=[width / 2, width / 2],
        rowHeights=[None, SIGNATURE_SPACE, None, None],
    )
    table.setStyle(table_style(("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)))
    return table


def berita_acara_story(doc: BeritaAcaraDocument, ctx: DocContext) -> list[Flowable]:
    st = ctx.styles
    width = ctx.frame_width
    story: list[Flowable] = list(
        title_block(
            doc_text(N_("BERITA ACARA SERAH TERIMA")),
            nomor=doc.number,
            tentang=doc_text(N_("Penyerahan Warga Binaan dalam Rangka Pemulangan ke Daerah Asal")),
        )
    )
    day, date_words, month, year_words = date_sentence(doc.handover_date)
    opening = doc_text(
        N_(
            "Pada hari ini {day} tanggal {date} bulan {month} tahun {year}, bertempat di {place}, kami yang "
            "bertanda tangan di bawah ini:"
        )
    ).format(day=day, date=date_words, month=month, year=year_words, place=doc.place)
    story.append(p(opening, st.body_justify))
    story.append(_party_block(1, doc.first_party, doc_text(N_("PIHAK PERTAMA")), width, st))
    story.append(Spacer(0, 2 * mm))
    story.append(_party_block(2, doc.second_party, doc_text(N_("PIHAK KEDUA")), width, st))
    story.append(Spacer(0, 3 * mm))
    handover = doc_text(
        N_(
            "PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA, dan PIHAK KEDUA menerima dari PIHAK PERTAMA, seorang "
            "warga binaan dengan identitas sebagai berikut:"
        )
    )
    story.append(p(handover, st.body_justify))
    story.append(indented(label_table(person_rows(doc.person), width - 8 * mm, st), width))
    story.append(Spacer(0, 3 * mm))
    if doc.belongings:
        story.append(p(doc_text(N_("beserta barang bawaan sebagai berikut:")), st.body))
        story.append(Spacer(0, 1 * mm))
        story.append(_belongings_table(doc.belongings, width, st))
        story.append(Spacer(0, 3 * mm))
    else:
        story.append(p(doc_text(N_("Yang bersangkutan tidak membawa barang bawaan.")), st.body_justify))
    condition = escape(doc_text(N_("Kondisi yang bersangkutan pada saat diserahterimakan: {condition}.")))
    story.append(Paragraph(condition.format(condition=f"<b>{escape(doc.condition.rstrip('.'))}</b>"), st.body_justify))
    if doc.route_text:
        context = doc_text(
            N_("Serah terima ini merupakan bagian dari pemulangan ke daerah asal (rencana {plan}, leg {seq}: {route}).")
        ).format(plan=doc.plan_no or "-", seq=doc.leg_seq, route=doc.route_text)
        story.append(p(context, st.body_justify))
    if doc.notes.strip():
        story.append(p(doc_text(N_("Catatan: {notes}")).format(notes=doc.notes.strip()), st.body_justify))
    story.append(
        p(
            doc_text(
                N_(
                    "Dengan ditandatanganinya berita acara ini, tanggung jawab atas yang bersangkutan beralih dari "
                    "PIHAK PERTAMA kepada PIHAK KEDUA."
                )
            ),
            st.body_justify,
        )
    )
    closing = doc_text(
        N_(
            "Demikian berita acara serah terima ini dibuat dengan sebenarnya dalam rangkap {copies} ({words}) untuk "
            "dipergunakan sebagaimana mestinya."
        )
    ).format(copies=doc.copies, words=terbilang(doc.copies))
    story.append(keep_together(p(closing, st.body_justify), Spacer(0, 4 * mm), _signature_columns(doc, width, st)))
    if doc.mengetahui is not None:
        story.append(Spacer(0, 6 * mm))
        story.append(
            signature_block(
                doc.mengetahui,
                width=width,
                caption=doc_text(N_("Mengetahui,")),
                position="center",
                align="center",
                block_width=width * 0.62,
            )
        )
    return story


def render_berita_acara(
    doc: BeritaAcaraDocument,
    *,
    watermark: str | None = None,
    copy_label: str | None = None,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    if doc.mengetahui is not None:
        doc.mengetahui.validate()
    return render_pdf(
        lambda ctx: berita_acara_story(doc, ctx),
        title=doc_text(N_("Berita Acara Serah Terima {number}")).format(number=doc.number),
        author=doc.office_name,
        page_size=page_size,
        invariant=invariant,
        letterhead=doc.letterhead,
        margins=LETTER_MARGINS,
        watermark=watermark,
        copy_label=copy_label,
    )
