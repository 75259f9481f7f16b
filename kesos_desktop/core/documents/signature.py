"""Signature blocks: an official's (a.n. / u.b. / Plt. / Plh., name, pangkat, NIP), two-column rows, thumbprint box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from kesos_desktop.core.documents.layout import styles, table_style
from kesos_desktop.core.documents.wording import doc_text, place_date
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.reference.nip import format_nip

Prefix = Literal["", "a.n.", "u.b.", "Plt.", "Plh."]
PREFIXES: tuple[str, ...] = ("", "a.n.", "u.b.", "Plt.", "Plh.")

# Room for a wet signature plus the cap dinas that overlaps it (about four body lines).
SIGNATURE_SPACE = 22 * mm
THUMBPRINT_BOX = 24 * mm


@dataclass(frozen=True)
class Signatory:
    """An official who signs.

    ``jabatan``: the signer's own title ("Sekretaris", "KEPALA DINAS SOSIAL PROVINSI DKI JAKARTA").
    ``prefix``: '' (signs in own name), 'Plt.'/'Plh.' (acting; printed before the jabatan), 'a.n.' (atas nama:
    ``on_behalf_of`` is the head's title, printed first), 'u.b.' (untuk beliau: ``on_behalf_of`` is the head,
    ``intermediate`` the official signing a.n. the head, e.g. "Sekretaris").
    ``nip``: 18 digits, spaces allowed, empty for signers who are not PNS; ``pangkat``: e.g. "Pembina Tingkat I (IV/b)".
    """

    name: str
    jabatan: str
    nip: str = ""
    pangkat: str = ""
    prefix: Prefix = ""
    on_behalf_of: str = ""
    intermediate: str = ""

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if not self.name.strip():
            errors["name"] = _("Nama penanda tangan wajib diisi.")
        if not self.jabatan.strip():
            errors["jabatan"] = _("Jabatan penanda tangan wajib diisi.")
        if self.prefix not in PREFIXES:
            errors["prefix"] = _("Awalan jabatan tidak dikenal: {prefix}. Pilih a.n., u.b., Plt., atau Plh.").format(
                prefix=self.prefix
            )
        if self.prefix in ("a.n.", "u.b.") and not self.on_behalf_of.strip():
            errors["on_behalf_of"] = _("Untuk a.n. atau u.b., isi jabatan pimpinan yang diwakili.")
        if self.prefix == "u.b." and not self.intermediate.strip():
            errors["intermediate"] = _("Untuk u.b., isi jabatan pejabat yang menandatangani atas nama pimpinan.")
        if self.nip.strip():
            try:
                format_nip(self.nip)
            except ValidationError as exc:
                errors.update(exc.fields)
        if errors:
            raise ValidationError(next(iter(errors.values())), fields=errors)

    def jabatan_lines(self) -> list[str]:
        """The lines above the signature space, the last one ending with a comma as letters do."""
        own = f"{self.jabatan.strip()},"
        if self.prefix in ("Plt.", "Plh."):
            return [f"{self.prefix} {own}"]
        if self.prefix == "a.n.":
            return [f"a.n. {self.on_behalf_of.strip()}", own]
        if self.prefix == "u.b.":
            return [f"a.n. {self.on_behalf_of.strip()}", self.intermediate.strip(), "u.b.", own]
        return [own]

    def nip_line(self) -> str:
        return doc_text(N_("NIP {nip}")).format(nip=format_nip(self.nip)) if self.nip.strip() else ""


@dataclass(frozen=True)
class Party:
    """Someone signing as themself (a family member, a resident, partner staff) rather than as an official.

    ``description``: the line under the name (e.g. "Orang tua/wali"); ``thumbprint``: the person cannot sign,
    so a box for a cap jempol (or a signature) is drawn instead of the blank space.
    """

    name: str
    description: str = ""
    thumbprint: bool = False


class ThumbprintBox(Flowable):
    """A dashed box for a thumbprint or signature, labelled inside at the bottom."""

    def __init__(self, size: float = THUMBPRINT_BOX, label: str | None = None) -> None:
        super().__init__()
        self.width = self.height = size
        self.label = label if label is not None else doc_text(N_("Cap jempol / tanda tangan"))
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        fam = styles().small.fontName
        canv.saveState()
        canv.setLineWidth(0.6)
        canv.setDash(2, 2)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.setDash()
        canv.setFillGray(0.35)
        size = 6.5
        words = self.label
        # The label may not fit on one line in a small box; break it at the slash if it has one.
        parts = [words] if canv.stringWidth(words, fam, size) < self.width - 4 else _split_label(words)
        y = 2.5 + (len(parts) - 1) * (size + 1)
        canv.setFont(fam, size)
        for part in parts:
            canv.drawCentredString(self.width / 2, y, part)
            y -= size + 1
        canv.restoreState()


def _split_label(label: str) -> list[str]:
    if "/" in label:
        head, tail = label.split("/", 1)
        return [f"{head.strip()} /", tail.strip()]
    return label.rsplit(" ", 1)


def thumbprint_box(size_mm: float = 24.0, label: str | None = None) -> ThumbprintBox:
    """A standalone box for a person who cannot sign ("Cap jempol / tanda tangan")."""
    return ThumbprintBox(size_mm * mm, label)


def _style(align: str) -> ParagraphStyle:
    base = styles().body
    key = f"KesosSignature{align}"
    return ParagraphStyle(key, parent=base, alignment=TA_CENTER if align == "center" else TA_LEFT)


def _name_markup(name: str) -> str:
    return f"<b><u>{escape(name.strip())}</u></b>"


def _official_rows(signatory: Signatory, style: ParagraphStyle) -> list[Paragraph | Flowable | str]:
    signatory.validate()
    rows: list[Paragraph | Flowable | str] = [
        Paragraph("<br/>".join(escape(line) for line in signatory.jabatan_lines()), style)
    ]
    rows.append("")  # the signature space
    rows.append(Paragraph(_name_markup(signatory.name), style))
    tail = [line for line in (signatory.pangkat.strip(), signatory.nip_line()) if line]
    rows.append(Paragraph("<br/>".join(escape(line) for line in tail), style) if tail else "")
    return rows


def signature_block(
    signatory: Signatory,
    *,
    width: float,
    place: str | None = None,
    on: date | None = None,
    caption: str = "",
    position: Literal["right", "center", "left"] = "right",
    align: Literal["left", "center"] = "left",
    block_width: float | None = None,
) -> Flowable:
    """The signing official's block, kept on one page.

    ``width``: the frame width; the block takes half of it (``block_width`` to override) and by default sits in
    the right half, text aligned left as in Permendagri examples. ``place``/``on`` add the "Jakarta, 17 Agustus
    2026" line (leave them out when the date is already at the top of a korespondensi letter). ``caption`` is a
    line above the jabatan such as "Mengetahui,".
    """
    style = _style(align)
    block_w = block_width or width / 2
    rows: list[Paragraph | Flowable | str] = []
    if on is not None:
        rows.append(Paragraph(escape(place_date(place or "", on)), style))
    if caption:
        rows.append(Paragraph(escape(caption), style))
    official = _official_rows(signatory, style)
    space_row = len(rows) + 1
    rows.extend(official)
    heights: list[float | None] = [None] * len(rows)
    heights[space_row] = SIGNATURE_SPACE
    table = Table([[row] for row in rows], colWidths=[block_w], rowHeights=heights, hAlign=position.upper())
    table.setStyle(table_style())
    return KeepTogether([table])


def _column(caption: str, signer: Signatory | Party, style: ParagraphStyle) -> list[Paragraph | Flowable | str]:
    """Cells of one column: caption+jabatan, signature space, name, detail lines."""
    if isinstance(signer, Signatory):
        _jabatan, space, name, tail = _official_rows(signer, style)
        # The caption shares the first cell with the jabatan so both columns' names land on one line.
        head = [caption, *signer.jabatan_lines()] if caption else signer.jabatan_lines()
        return [Paragraph("<br/>".join(escape(line) for line in head), style), space, name, tail]
    if not signer.name.strip():
        message = _("Nama penanda tangan wajib diisi.")
        raise ValidationError(message, fields={"name": message})
    box: Flowable | str = ThumbprintBox() if signer.thumbprint else ""
    detail = Paragraph(escape(signer.description), style) if signer.description.strip() else ""
    return [Paragraph(escape(caption), style), box, Paragraph(_name_markup(signer.name), style), detail]


def signature_row(
    left_caption: str,
    left: Signatory | Party,
    right_caption: str,
    right: Signatory | Party,
    *,
    width: float,
) -> Flowable:
    """Two signers side by side ("Yang Menyerahkan" / "Yang Menerima"), names on one baseline, text centred."""
    style = _style("center")
    cols = [_column(left_caption, left, style), _column(right_caption, right, style)]
    data: list[Sequence[Paragraph | Flowable | str]] = [list(pair) for pair in zip(*cols, strict=True)]
    space = SIGNATURE_SPACE
    if (isinstance(left, Party) and left.thumbprint) or (isinstance(right, Party) and right.thumbprint):
        space = THUMBPRINT_BOX + 8 * mm  # the box, with air above and below so it never touches the name
    table = Table(data, colWidths=[width / 2, width / 2], rowHeights=[None, space, None, None])
    table.setStyle(
        table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
            ("ALIGN", (0, 1), (-1, 1), "CENTER"),
        )
    )
    return KeepTogether([table])
