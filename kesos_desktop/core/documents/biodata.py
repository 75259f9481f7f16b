"""The biodata sheet of a resident (BIODATA WARGA BINAAN): kop surat, photo, identity, family, placement, signatures."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from kesos_desktop.core.documents import fonts
from kesos_desktop.core.documents.blocks import title_block
from kesos_desktop.core.documents.layout import DocContext, styles, table_style
from kesos_desktop.core.documents.letterhead import office_kop
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import Party, Signatory
from kesos_desktop.core.documents.wording import DOCUMENT_LANGUAGE, doc_text, place_date
from kesos_desktop.core.i18n import N_, translator
from kesos_desktop.core.i18n.formatters import EMPTY, format_age, format_date, format_nik, mask_nik, month_name
from kesos_desktop.core.services.office import OfficeInfo
from kesos_desktop.core.services.residents_choices import choice_label
from kesos_desktop.core.services.residents_profile import Profile

# A pas foto 3 × 4 cm, the size of the photo glued on paper biodata forms.
PHOTO_W, PHOTO_H = 30 * mm, 40 * mm
LABEL_W, COLON_W = 44 * mm, 4 * mm
LANG = DOCUMENT_LANGUAGE


class PhotoBox(Flowable):
    """A 3 × 4 cm frame with the photo fitted inside, or an empty frame labelled "Pas foto 3 × 4"."""

    def __init__(self, photo: bytes | None) -> None:
        super().__init__()
        self.width, self.height = PHOTO_W, PHOTO_H
        self._image: ImageReader | None = None
        self._size = (0.0, 0.0)
        if photo:
            with Image.open(io.BytesIO(photo)) as src:
                image = src.convert("RGB")
            scale = min(PHOTO_W / image.width, PHOTO_H / image.height)
            self._image, self._size = ImageReader(image), (image.width * scale, image.height * scale)

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
            canv.setFont(fonts.SANS, 8)
            canv.drawCentredString(self.width / 2, self.height / 2 + 2, doc_text(N_("Pas foto")))
            canv.drawCentredString(self.width / 2, self.height / 2 - 8, "3 × 4")
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()


def _birth_text(profile: Profile) -> str:
    born = profile.birth_date
    if born is None:
        return doc_text(N_("tidak diketahui"))
    precision = profile.birth_date_precision
    if precision == "month":
        text = f"{month_name(born.month, LANG)} {born.year}"
    elif precision == "year":
        text = str(born.year)
    elif precision == "estimated":
        text = doc_text(N_("sekitar tahun {year} (perkiraan)")).format(year=born.year)
    else:
        text = format_date(born, LANG)
    return f"{profile.birth_place}, {text}" if profile.birth_place else text


def _nik_text(profile: Profile, show_nik: bool, full: str | None, masked: str) -> str:
    if full and show_nik:
        return format_nik(full)
    if full:
        return mask_nik(full)
    return masked  # already masked (or "—") for a role that may not see the number


class _Builder:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        st = ctx.styles
        # One A4 page for the usual case: 9 pt cells, as on printed biodata forms.
        self.cell = ParagraphStyle("KesosBiodataCell", parent=st.table, fontSize=9, leading=11)
        self.head = ParagraphStyle(
            "KesosBiodataHead",
            parent=st.body,
            fontName=fonts.SANS_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=3,
            spaceAfter=1,
        )
        self.sections = 0

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text or EMPTY), style or self.cell)

    def heading(self, text: str) -> Paragraph:
        """A section title, lettered A, B, C... in the order the sections are printed."""
        letter = chr(ord("A") + self.sections)
        self.sections += 1
        return Paragraph(escape(f"{letter}. {text}"), self.head)

    def fields(self, rows: Sequence[tuple[str, str]], width: float) -> Table:
        data = [[self.p(doc_text(label)), self.p(":"), self.p(value)] for label, value in rows]
        table = Table(data, colWidths=[LABEL_W, COLON_W, width - LABEL_W - COLON_W], hAlign="LEFT")
        table.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)))
        return table

    def grid(self, headers: Sequence[str], rows: list[list[str]], widths: list[float]) -> Table:
        st = self.ctx.styles
        data: list[list[Flowable]] = [[Paragraph(escape(doc_text(h)), st.table_header) for h in headers]]
        data += [[self.p(v) for v in row] for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            table_style(
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                padding=2,
            )
        )
        return table


def render_biodata(
    profile: Profile,
    office: OfficeInfo,
    photo_bytes: bytes | None,
    *,
    show_nik: bool,
    on: date | None = None,
    social_worker: Signatory | Party | None = None,
    head: Signatory | None = None,
    include_health: bool = False,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    """The printable biodata sheet (PDF bytes) of ``profile`` under the office's kop surat.

    ``show_nik``: print NIK and No. KK in full (only for a role with ``residents.view_nik``; the profile of another
    role holds no full number, so it stays masked anyway). ``social_worker``/``head``: the signers (pekerja sosial,
    pimpinan); blank name lines are printed when not given. ``include_health``: also print the health and disability
    notes (data spesifik, UU 27/2022 Pasal 4; left out unless asked, and never for a profile read by a role without
    ``residents.view_health``: it holds no notes). Callers pass ``actor.can("residents.view_health")`` and record the
    print with ``residents.record_print``.

    The photo is printed for children too: the biodata is an internal case record kept in the person's file.
    Children's faces are data spesifik (domain.md §8.3) and must never go on anything shareable (vouchers, letters to
    other offices, reports) — documents of that kind must not take a photo at all.
    """
    on = on or date.today()

    def build(ctx: DocContext) -> list[Flowable]:
        b = _Builder(ctx)
        width = ctx.frame_width
        story: list[Flowable] = list(title_block(doc_text(N_("BIODATA WARGA BINAAN"))))
        story[-1] = Spacer(0, 2 * mm)
        reg = doc_text(N_("Nomor registrasi: {reg}")).format(reg=profile.registration_no)
        story += [Paragraph(escape(reg), ctx.styles.body_center), Spacer(0, 2 * mm)]
        story += _identity(b, profile, photo_bytes, show_nik, on, width)
        story += _origin_and_categories(b, profile, width)
        story += _placement(b, profile, width)
        story += _family(b, profile, width)
        if include_health and not profile.health_hidden:
            story += [
                b.heading(doc_text(N_("KESEHATAN DAN DISABILITAS"))),
                b.fields(
                    [
                        (N_("Catatan kesehatan"), profile.health_notes or ""),
                        (N_("Catatan disabilitas"), profile.disability_notes or ""),
                    ],
                    width,
                ),
            ]
        note = doc_text(
            N_(
                "Memuat data pribadi spesifik (UU 27/2022): hanya untuk keperluan internal, jangan diperbanyak atau "
                "disebarluaskan."
            )
        )
        closing = [
            *_consent(b, profile, width),
            Spacer(0, 4 * mm),
            _signatures(office, on, social_worker, head, width),
            Spacer(0, 4 * mm),
            Paragraph(
                f"<i>{escape(note)}</i>",
                ParagraphStyle("KesosBiodataNote", parent=ctx.styles.small, fontSize=7.5, leading=9),
            ),
        ]
        # The signatures never stand alone on a page: the last section moves with them.
        story.append(KeepTogether(closing))
        return story

    letterhead = office_kop(office)
    return render_pdf(
        build,
        title=doc_text(N_("Biodata warga binaan {reg}")).format(reg=profile.registration_no),
        author=office.name,
        page_size=page_size,
        invariant=invariant,
        letterhead=letterhead,
        copy_label=doc_text(N_("RAHASIA")),
    )


def _identity(
    b: _Builder, profile: Profile, photo: bytes | None, show_nik: bool, on: date, width: float
) -> list[Flowable]:
    estimated = profile.birth_date_precision in ("year", "estimated")
    age = (
        format_age(profile.birth_date, on, estimated=estimated, lang=LANG)
        if profile.birth_date is not None and profile.birth_date <= on
        else EMPTY
    )
    name = profile.full_name
    if profile.name_unknown:
        name = doc_text(N_("{name} (nama belum diketahui)")).format(name=profile.full_name)
    nik = _nik_text(profile, show_nik, profile.nik, profile.nik_display)
    if not profile.nik and profile.nik_absent_reason:
        nik = doc_text(N_("belum ada ({reason})")).format(reason=profile.nik_absent_reason)
    rows = [
        (N_("Nama lengkap"), name),
        (N_("Nama panggilan"), profile.alias),
        (N_("NIK"), nik),
        (N_("No. KK"), _nik_text(profile, show_nik, profile.no_kk, profile.no_kk_display)),
        (N_("Jenis kelamin"), choice_label("sex", profile.sex, LANG)),
        (N_("Tempat, tanggal lahir"), _birth_text(profile)),
        (N_("Umur"), age),
        (N_("Agama"), choice_label("religion", profile.religion, LANG)),
        (N_("Pendidikan"), choice_label("education", profile.education, LANG)),
        (N_("Status perkawinan"), choice_label("marital_status", profile.marital_status, LANG)),
        (N_("Telepon"), profile.phone),
    ]
    gap = 5 * mm
    table_w = width - PHOTO_W - gap
    side = Table([[b.fields(rows, table_w), PhotoBox(photo)]], colWidths=[table_w + gap, PHOTO_W], hAlign="LEFT")
    side.setStyle(table_style(("ALIGN", (1, 0), (1, 0), "RIGHT")))
    return [b.heading(doc_text(N_("IDENTITAS"))), side]


def _origin_and_categories(b: _Builder, profile: Profile, width: float) -> list[Flowable]:
    origin = [
        (N_("Alamat"), profile.origin_address),
        (N_("Wilayah"), profile.origin_region_name),
    ]
    categories = [
        [
            str(n),
            f"{c.label} ({c.code})",
            format_date(c.since, LANG) if c.since else EMPTY,
        ]
        for n, c in enumerate(profile.active_categories, 1)
    ]
    out: list[Flowable] = [b.heading(doc_text(N_("ALAMAT ASAL"))), b.fields(origin, width)]
    out.append(b.heading(doc_text(N_("KATEGORI PPKS"))))
    if categories:
        out.append(b.grid((N_("No."), N_("Kategori"), N_("Sejak")), categories, [10 * mm, width - 50 * mm, 40 * mm]))
    else:
        out.append(b.p(doc_text(N_("Belum ada kategori yang dicatat."))))
    return out


def _placement(b: _Builder, profile: Profile, width: float) -> list[Flowable]:
    stay = profile.current_stay
    out: list[Flowable] = [b.heading(doc_text(N_("PENEMPATAN SAAT INI")))]
    if stay is None:
        out.append(b.p(doc_text(N_("Tidak sedang berada dalam pelayanan lembaga."))))
        return out
    days = translator(LANG).ngettext("{n} hari", "{n} hari", stay.days_in_care).format(n=stay.days_in_care)
    if stay.max_stay_days:
        days = doc_text(N_("{days} (batas {limit} hari)")).format(days=days, limit=stay.max_stay_days)
    admitted = format_date(stay.admitted_on, LANG)
    if profile.stay_count > 1:
        admitted = doc_text(N_("{day} (penerimaan ke-{n})")).format(day=admitted, n=profile.stay_count)
    rows = [
        (N_("Lembaga"), stay.institution_name),
        (N_("Kamar / tempat tidur"), stay.room_bed),
        (N_("Tanggal masuk"), admitted),
        (N_("Lama tinggal"), days),
        (N_("Sumber rujukan"), stay.referral_source),
    ]
    out.append(b.fields(rows, width))
    return out


def _family(b: _Builder, profile: Profile, width: float) -> list[Flowable]:
    out: list[Flowable] = [b.heading(doc_text(N_("KELUARGA / KONTAK")))]
    if not profile.family_contacts:
        out.append(b.p(doc_text(N_("Belum ada kontak keluarga yang dicatat."))))
        return out
    rows = []
    for n, c in enumerate(profile.family_contacts, 1):
        relation = choice_label("relation", c.relation, LANG)
        if c.is_guardian:
            relation = doc_text(N_("{relation} (wali)")).format(relation=relation)
        address = ", ".join(x for x in (c.address, c.region_name) if x)
        rows.append([str(n), c.name, relation, c.phone, address])
    widths = [10 * mm, 42 * mm, 28 * mm, 30 * mm]
    widths.append(width - sum(widths))
    out.append(b.grid((N_("No."), N_("Nama"), N_("Hubungan"), N_("Telepon"), N_("Alamat")), rows, widths))
    return out


def _consent(b: _Builder, profile: Profile, width: float) -> list[Flowable]:
    if not profile.consents:
        return []
    last = profile.consents[-1]
    given = ", ".join(
        x
        for x in (
            last.given_by,
            choice_label("relation", last.relation, LANG) if last.relation else "",
            format_date(last.given_on, LANG) if last.given_on else "",
        )
        if x
    )
    basis = choice_label("consent_basis", last.basis, LANG)
    rows = [(N_("Dasar pemrosesan data"), f"{basis} ({given})" if given else basis)]
    if last.notes:
        rows.append((N_("Keterangan"), last.notes))
    return [b.heading(doc_text(N_("PERSETUJUAN / DASAR PEMROSESAN DATA"))), b.fields(rows, width)]


def _signer_lines(signer: Signatory | Party | None, caption: str) -> tuple[list[str], str, list[str]]:
    """(lines above the space, name, lines under the name) of one signer; dotted blanks when not known."""
    if isinstance(signer, Signatory):
        signer.validate()
        tail = [x for x in (signer.pangkat.strip(), signer.nip_line()) if x]
        return [caption, *signer.jabatan_lines()], signer.name, tail
    if isinstance(signer, Party):
        return [caption], signer.name, [signer.description] if signer.description else []
    return [caption], "(" + "." * 40 + ")", [doc_text(N_("NIP ..............................."))]


def _signatures(
    office: OfficeInfo, on: date, social_worker: Signatory | Party | None, head: Signatory | None, width: float
) -> Flowable:
    """The pimpinan on the left ("Mengetahui,"), the pekerja sosial who made the record on the right, under the place
    and date, as on Indonesian forms. A little tighter than letters (18 mm to sign) so the sheet stays one page."""
    style = ParagraphStyle("KesosBiodataSign", parent=styles().body, fontSize=10, leading=13, alignment=TA_CENTER)
    left_top, left_name, left_tail = _signer_lines(head, doc_text(N_("Mengetahui,")))
    right_top, right_name, right_tail = _signer_lines(social_worker, place_date(office.place_name, on))
    if head is None:
        left_top.append(doc_text(N_("Pimpinan,")))
    if social_worker is None or isinstance(social_worker, Party):
        right_top.append(doc_text(N_("Pekerja Sosial,")))

    def cell(lines: list[str]) -> Paragraph:
        return Paragraph("<br/>".join(escape(x) for x in lines), style)

    def name(text: str) -> Paragraph:
        return Paragraph(f"<b><u>{escape(text)}</u></b>", style)

    rows = [
        [cell(left_top), cell(right_top)],
        ["", ""],
        [name(left_name), name(right_name)],
        [cell(left_tail), cell(right_tail)],
    ]
    table = Table(rows, colWidths=[width / 2] * 2, rowHeights=[None, 18 * mm, None, None])
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, 0), "BOTTOM")))
    return table
