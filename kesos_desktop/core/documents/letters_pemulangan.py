"""Letters of a return home: the Surat Pengantar Pemulangan (korespondensi layout) and the Surat Jalan (judul layout).

Pure data in, PDF bytes out; ``services/letters`` fills the data from the plan, its legs and the office settings.
The pieces the berita acara shares (the person's identity table, the route table, numbered lists) live here too.
Wording is always Indonesian (``doc_text``); the NIK is printed masked, never whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from kesos_desktop.core.documents.blocks import korespondensi_header, title_block
from kesos_desktop.core.documents.layout import DocContext, Margins, Styles, table_style
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import Signatory, signature_block
from kesos_desktop.core.documents.wording import doc_text
from kesos_desktop.core.i18n import N_
from kesos_desktop.core.i18n.formatters import format_date

LANG = "id"
LABEL_W, COLON_W = 46 * mm, 4 * mm
# Permendagri 1/2023 habit (3 cm binding edge, 2 cm elsewhere) with the kop a little higher, so a pengantar with its
# route, attachments and tembusan usually stays on one page.
SIGNATURE_SHARE = 0.58
LETTER_MARGINS = Margins(top=20.0, bottom=15.0, left=30.0, right=20.0, first_top=10.0)


# ------------------------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class PersonLines:
    """The person as letters print them (already formatted; ``nik_masked`` is ``mask_nik`` output, never the NIK)."""

    name: str
    registration_no: str
    nik_masked: str
    sex: str = ""
    birth: str = ""
    origin_address: str = ""
    destination: str = ""
    receiver: str = ""


@dataclass(frozen=True)
class RouteLine:
    seq: int
    from_name: str
    to_name: str
    mode: str
    carrier: str = ""
    travel_date: date | None = None


@dataclass(frozen=True)
class EscortLine:
    name: str
    nip: str = ""
    jabatan: str = ""


@dataclass(frozen=True)
class SuratPengantarDocument:
    """A Surat Pengantar Pemulangan to the Dinas Sosial of the destination or of the next relay point.

    ``addressee``: the Yth. lines ("Kepala Dinas Sosial Kota Bekasi"); ``addressee_at``: the place under "di";
    ``forwarding``: the addressee forwards the person on (relay) rather than being the destination office.
    """

    letterhead: Letterhead
    office_name: str
    place: str
    letter_date: date
    number: str
    hal: str
    addressee: tuple[str, ...]
    person: PersonLines
    route: tuple[RouteLine, ...]
    signatory: Signatory
    sifat: str = "Biasa"
    lampiran: str = ""
    addressee_at: str = ""
    forwarding: bool = False
    institution: str = ""
    escorts: tuple[EscortLine, ...] = ()
    attachments: tuple[str, ...] = ()
    tembusan: tuple[str, ...] = ()
    plan_no: str = ""


@dataclass(frozen=True)
class SuratJalanDocument:
    """A Surat Jalan for the person travelling home (and the escorts), valid from ``valid_from`` to ``valid_until``."""

    letterhead: Letterhead
    office_name: str
    place: str
    letter_date: date
    number: str
    person: PersonLines
    route: tuple[RouteLine, ...]
    valid_from: date
    valid_until: date
    signatory: Signatory
    escorts: tuple[EscortLine, ...] = ()
    purpose: str = ""
    plan_no: str = ""
    # One row per office the person passes, to be signed and stamped on arrival (like the back of an SPPD).
    checkpoints: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------------- shared flowables


def keep_together(*items: Flowable) -> KeepTogether:
    """KeepTogether over ``items``, unwrapping nested ones (a KeepTogether inside another reports an endless height,
    so ReportLab would push the outer one to a new page even with room left)."""
    flat: list[Flowable] = []
    for item in items:
        flat.extend(item._content if isinstance(item, KeepTogether) else [item])  # type: ignore[attr-defined]
    return KeepTogether(flat)


def p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(escape(text), style)


def label_table(rows: Sequence[tuple[str, str]], width: float, st: Styles, *, label_w: float = LABEL_W) -> Table:
    """``Label : value`` lines; ``value`` may hold ``<b>`` markup (escape the rest before)."""
    table = Table(
        [[p(label, st.body), p(":", st.body), Paragraph(value, st.body)] for label, value in rows],
        colWidths=[label_w, COLON_W, width - label_w - COLON_W],
        hAlign="LEFT",
    )
    table.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)))
    return table


def person_rows(person: PersonLines, *, registration: bool = True) -> list[tuple[str, str]]:
    rows = [(doc_text(N_("Nama")), f"<b>{escape(person.name)}</b>")]
    if registration:
        rows.append((doc_text(N_("Nomor registrasi")), escape(person.registration_no)))
    rows.append((doc_text(N_("NIK")), escape(person.nik_masked)))
    if person.sex:
        rows.append((doc_text(N_("Jenis kelamin")), escape(person.sex)))
    if person.birth:
        rows.append((doc_text(N_("Tempat, tanggal lahir")), escape(person.birth)))
    if person.origin_address and person.origin_address == person.destination:
        # Going home to the address of origin: one row, not the same address twice.
        rows.append((doc_text(N_("Alamat asal/tujuan")), escape(person.origin_address)))
    else:
        if person.origin_address:
            rows.append((doc_text(N_("Alamat asal")), escape(person.origin_address)))
        if person.destination:
            rows.append((doc_text(N_("Daerah tujuan")), escape(person.destination)))
    if person.receiver:
        rows.append((doc_text(N_("Keluarga penerima")), escape(person.receiver)))
    return rows


def indented(flowable: Flowable, width: float, indent: float = 8 * mm) -> Table:
    """``flowable`` shifted right by ``indent`` (identity tables under a paragraph, as typists lay them out)."""
    table = Table([["", flowable]], colWidths=[indent, width - indent], hAlign="LEFT")
    table.setStyle(table_style())
    return table


def route_table(route: Sequence[RouteLine], width: float, st: Styles) -> Table:
    """No | Dari | Ke | Angkutan | Tanggal, with a header row and grid."""
    head = [
        doc_text(N_("No")),
        doc_text(N_("Dari")),
        doc_text(N_("Ke")),
        doc_text(N_("Angkutan")),
        doc_text(N_("Tanggal")),
    ]
    rows: list[list[Flowable | str]] = [[p(h, st.table_header) for h in head]]
    for leg in route:
        mode = f"{leg.mode}, {leg.carrier}" if leg.carrier else leg.mode
        when = format_date(leg.travel_date, LANG) if leg.travel_date else "-"
        rows.append(
            [
                p(str(leg.seq), st.table_center),
                p(leg.from_name, st.table),
                p(leg.to_name, st.table),
                p(mode, st.table),
                p(when, st.table_center),
            ]
        )
    widths = [9 * mm, 0.0, 0.0, 34 * mm, 36 * mm]
    rest = width - sum(widths)
    widths[1] = widths[2] = rest / 2
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


def numbered(items: Sequence[str], width: float, style: ParagraphStyle, indent: float = 0.0) -> Table:
    """``1. item`` lines with a hanging indent."""
    num_w = 7 * mm
    table = Table(
        [["", p(f"{i}.", style), p(item, style)] for i, item in enumerate(items, 1)],
        colWidths=[indent, num_w, width - indent - num_w],
        hAlign="LEFT",
    )
    table.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
    return table


def escorts_table(escorts: Sequence[EscortLine], width: float, st: Styles) -> Table:
    head = [doc_text(N_("No")), doc_text(N_("Nama")), doc_text(N_("NIP")), doc_text(N_("Jabatan"))]
    from kesos_desktop.core.reference.nip import format_nip

    rows: list[list[Flowable | str]] = [[p(h, st.table_header) for h in head]]
    for i, e in enumerate(escorts, 1):
        nip = format_nip(e.nip) if len(e.nip.replace(" ", "")) == 18 else (e.nip or "-")
        rows.append([p(str(i), st.table_center), p(e.name, st.table), p(nip, st.table), p(e.jabatan or "-", st.table)])
    widths = [9 * mm, 0.0, 45 * mm, 0.0]
    widths[1] = widths[3] = (width - 54 * mm) / 2
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            padding=3,
        )
    )
    return table


def escort_names(escorts: Sequence[EscortLine]) -> str:
    names = [e.name for e in escorts]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + doc_text(N_("dan")) + " " + names[-1]


# ------------------------------------------------------------------------------------------- surat pengantar


def surat_pengantar_story(doc: SuratPengantarDocument, ctx: DocContext) -> list[Flowable]:
    st = ctx.styles
    width = ctx.frame_width
    story: list[Flowable] = korespondensi_header(
        width=width,
        nomor=doc.number,
        hal=doc.hal,
        place=doc.place,
        on=doc.letter_date,
        addressee=list(doc.addressee),
        addressee_at=doc.addressee_at,
        sifat=doc.sifat,
        lampiran=doc.lampiran,
    )
    if doc.institution:
        opening = doc_text(
            N_(
                "Bersama ini kami pulangkan ke daerah asalnya seorang warga binaan dari {institution} dengan "
                "identitas sebagai berikut:"
            )
        ).format(institution=doc.institution)
    else:
        opening = doc_text(
            N_("Bersama ini kami pulangkan ke daerah asalnya seorang warga binaan dengan identitas sebagai berikut:")
        )
    story.append(p(opening, st.body_justify))
    # The registration number is this office's own reference; the receiving office does not need it here.
    story.append(indented(label_table(person_rows(doc.person, registration=False), width - 8 * mm, st), width))
    story.append(Spacer(0, 3 * mm))
    if doc.escorts:
        route_text = doc_text(
            N_("Yang bersangkutan diberangkatkan dengan didampingi oleh {escorts}, melalui rute sebagai berikut:")
        ).format(escorts=escort_names(doc.escorts))
    else:
        route_text = doc_text(N_("Yang bersangkutan diberangkatkan melalui rute sebagai berikut:"))
    story.append(p(route_text, st.body_justify))
    story.append(route_table(doc.route, width, st))
    story.append(Spacer(0, 3 * mm))
    if doc.forwarding:
        request = doc_text(
            N_(
                "Sehubungan dengan hal tersebut, kami mohon bantuan Saudara untuk menerima yang bersangkutan dan "
                "meneruskannya sampai ke daerah tujuan sesuai kesepakatan kerja sama antardaerah (estafet)."
            )
        )
    else:
        request = doc_text(
            N_(
                "Sehubungan dengan hal tersebut, kami mohon bantuan Saudara untuk menerima yang bersangkutan, "
                "menyerahkannya kepada keluarga di daerah asal, dan melakukan bimbingan lanjut."
            )
        )
    story.append(p(request, st.body_justify))
    if doc.attachments:
        attached = [p(doc_text(N_("Sebagai kelengkapan, bersama ini kami lampirkan:")), st.body)]
        story.append(keep_together(*attached, numbered(doc.attachments, width, st.body), Spacer(0, 2 * mm)))
    closing = doc_text(N_("Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih."))
    # The signature never stands alone on a page: it goes with the closing sentence.
    story.append(
        keep_together(
            p(closing, st.body_justify),
            Spacer(0, 2 * mm),
            # A little wider than half the line, so "a.n. Kepala Dinas Sosial Provinsi ..." stays on one line.
            signature_block(doc.signatory, width=width, block_width=width * SIGNATURE_SHARE),
        )
    )
    if doc.tembusan:
        story.append(Spacer(0, 4 * mm))
        tail: list[Flowable] = [p(doc_text(N_("Tembusan:")), st.small)]
        tail.append(numbered(doc.tembusan, width * 0.6, st.small))
        story.append(KeepTogether(tail))
    return story


def render_surat_pengantar(
    doc: SuratPengantarDocument,
    *,
    watermark: str | None = None,
    copy_label: str | None = None,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    doc.signatory.validate()
    return render_pdf(
        lambda ctx: surat_pengantar_story(doc, ctx),
        title=doc_text(N_("Surat Pengantar Pemulangan {number}")).format(number=doc.number),
        author=doc.office_name,
        page_size=page_size,
        invariant=invariant,
        letterhead=doc.letterhead,
        margins=LETTER_MARGINS,
        watermark=watermark,
        copy_label=copy_label,
    )


# ------------------------------------------------------------------------------------------------ surat jalan


def _checkpoints_table(names: Sequence[str], width: float, st: Styles) -> Table:
    head = [
        doc_text(N_("No")),
        doc_text(N_("Tiba di")),
        doc_text(N_("Tanggal")),
        doc_text(N_("Nama, tanda tangan petugas dan cap")),
    ]
    rows: list[list[Flowable | str]] = [[p(h, st.table_header) for h in head]]
    rows += [[p(str(i), st.table_center), p(name, st.table), "", ""] for i, name in enumerate(names, 1)]
    widths = [9 * mm, 0.0, 28 * mm, 62 * mm]
    widths[1] = width - sum(widths)
    table = Table(rows, colWidths=widths, rowHeights=[None] + [13 * mm] * len(names), hAlign="LEFT")
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            padding=3,
        )
    )
    return table


def surat_jalan_story(doc: SuratJalanDocument, ctx: DocContext) -> list[Flowable]:
    st = ctx.styles
    width = ctx.frame_width
    story: list[Flowable] = list(title_block(doc_text(N_("SURAT JALAN")), nomor=doc.number))
    story.append(
        p(
            doc_text(N_("{office} dengan ini memberikan surat jalan kepada:")).format(office=doc.office_name),
            st.body_justify,
        )
    )
    story.append(indented(label_table(person_rows(doc.person), width - 8 * mm, st), width))
    story.append(Spacer(0, 3 * mm))
    if doc.escorts:
        story.append(p(doc_text(N_("dengan didampingi oleh petugas pendamping:")), st.body))
        story.append(Spacer(0, 1 * mm))
        story.append(escorts_table(doc.escorts, width, st))
        story.append(Spacer(0, 3 * mm))
    purpose = doc.purpose or doc_text(N_("pulang ke daerah asal"))
    story.append(
        p(
            doc_text(N_("untuk melakukan perjalanan {purpose} melalui rute sebagai berikut:")).format(purpose=purpose),
            st.body_justify,
        )
    )
    story.append(route_table(doc.route, width, st))
    story.append(Spacer(0, 3 * mm))
    validity = escape(doc_text(N_("Surat jalan ini berlaku sejak tanggal {start} sampai dengan tanggal {end}.")))
    start, end = escape(format_date(doc.valid_from, LANG)), escape(format_date(doc.valid_until, LANG))
    story.append(Paragraph(validity.format(start=f"<b>{start}</b>", end=f"<b>{end}</b>"), st.body_justify))
    closing = doc_text(
        N_(
            "Kepada pihak-pihak yang berkepentingan dimohon bantuan dan kerja samanya demi kelancaran perjalanan "
            "yang bersangkutan. Surat jalan ini tidak dapat dipindahtangankan."
        )
    )
    signature = signature_block(
        doc.signatory, width=width, place=doc.place, on=doc.letter_date, block_width=width * SIGNATURE_SHARE
    )
    story.append(keep_together(p(closing, st.body_justify), Spacer(0, 3 * mm), signature))
    if doc.checkpoints:
        story.append(Spacer(0, 6 * mm))
        story.append(
            KeepTogether(
                [
                    p(doc_text(N_("Catatan perjalanan (diisi oleh kantor yang dilalui):")), st.body),
                    Spacer(0, 1.5 * mm),
                    _checkpoints_table(doc.checkpoints, width, st),
                ]
            )
        )
    return story


def render_surat_jalan(
    doc: SuratJalanDocument,
    *,
    watermark: str | None = None,
    copy_label: str | None = None,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    doc.signatory.validate()
    return render_pdf(
        lambda ctx: surat_jalan_story(doc, ctx),
        title=doc_text(N_("Surat Jalan {number}")).format(number=doc.number),
        author=doc.office_name,
        page_size=page_size,
        invariant=invariant,
        letterhead=doc.letterhead,
        margins=LETTER_MARGINS,
        watermark=watermark,
        copy_label=copy_label,
    )
