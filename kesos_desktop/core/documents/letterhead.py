"""Kop surat: an office's letterhead (logo left, centred lines, thick-and-thin double rule) as a flowable."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from kesos_desktop.core.documents import fonts
from kesos_desktop.core.documents.wording import doc_text
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _

if TYPE_CHECKING:
    from kesos_desktop.core.services.office import OfficeInfo

# Sizes in points. Pemda name : perangkat daerah name = 3 : 4 (e.g. Pergub Sulteng 17/2023 on kop formats).
GOVERNMENT_SIZE = 12.0
OFFICE_SIZE = 16.0
CONTACT_SIZE = 9.0
MIN_CONTACT_SIZE = 7.0
LOGO_MAX_HEIGHT = 24 * mm
LOGO_MAX_WIDTH = 26 * mm
LOGO_GAP = 4 * mm
# Logo resolution at its printed size: as sharp as office printers reproduce a colour logo, quick to embed.
LOGO_DPI = 300
THICK_RULE = 2.2
THIN_RULE = 0.7
RULE_GAP = 1.6  # white space between the thick and the thin rule


@dataclass(frozen=True)
class Letterhead:
    """An office's kop surat, configured per office.

    ``government``: e.g. "PEMERINTAH PROVINSI DKI JAKARTA"; ``office``: the perangkat daerah, e.g. "DINAS SOSIAL"
    (printed bold and larger, 3:4); ``units``: optional extra bold lines at the government size, e.g. the UPT or
    panti name; ``contact_lines``: address, telephone, pos-el, laman, postcode; ``logo_path``: the lambang daerah
    (PNG/JPEG), drawn at the left; ``serif``: kop in DejaVu Serif (closest to the Bookman/Times kops many Pemda use).
    """

    government: str
    office: str
    units: tuple[str, ...] = ()
    contact_lines: tuple[str, ...] = ()
    logo_path: str | Path | None = None
    serif: bool = False

    def text_lines(self) -> list[str]:
        """Every printed line, top to bottom (tests and previews use this)."""
        return [self.government, self.office, *self.units, *self.contact_lines]


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    size: float
    leading: float


class KopSurat(Flowable):
    """Draws a :class:`Letterhead` across the frame width; the text is centred in the space right of the logo."""

    def __init__(self, letterhead: Letterhead, space_after: float = 6 * mm) -> None:
        super().__init__()
        if not letterhead.government.strip() or not letterhead.office.strip():
            message = _("Kop surat harus memuat nama pemerintah daerah dan nama perangkat daerah.")
            raise ValidationError(message, fields={"letterhead": message})
        self.letterhead = letterhead
        self.spaceAfter = space_after
        self._family = fonts.family(serif=letterhead.serif)
        self._logo: ImageReader | None = None
        self._logo_size = (0.0, 0.0)
        if letterhead.logo_path:
            self._logo, self._logo_size = _load_logo(Path(letterhead.logo_path))
        self._lines: list[_Line] = []
        self._text_height = 0.0

    # Platypus protocol -------------------------------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        logo_w, logo_h = self._logo_size
        text_w = availWidth - (logo_w + LOGO_GAP if self._logo else 0.0)
        self._lines = self._layout_lines(text_w)
        self._text_height = sum(line.leading for line in self._lines)
        self.height = max(self._text_height, logo_h) + 2.5 + THICK_RULE + RULE_GAP + THIN_RULE
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        logo_w, logo_h = self._logo_size
        rules_h = 2.5 + THICK_RULE + RULE_GAP + THIN_RULE
        body_h = self.height - rules_h
        if self._logo is not None:
            canv.drawImage(self._logo, 0, rules_h + (body_h - logo_h) / 2, logo_w, logo_h, mask="auto")
        text_x0 = logo_w + LOGO_GAP if self._logo else 0.0
        centre = (text_x0 + self.width) / 2
        # Vertically centre the text block against the logo when the logo is the taller of the two.
        y = rules_h + (body_h + self._text_height) / 2
        for line in self._lines:
            y -= line.leading
            canv.setFont(line.font, line.size)
            # Baseline sits a little above the bottom of the line box (descenders).
            canv.drawCentredString(centre, y + line.leading * 0.24, line.text)
        canv.setLineCap(0)
        thin_y = THIN_RULE / 2
        thick_y = THIN_RULE + RULE_GAP + THICK_RULE / 2
        canv.setLineWidth(THICK_RULE)
        canv.line(0, thick_y, self.width, thick_y)
        canv.setLineWidth(THIN_RULE)
        canv.line(0, thin_y, self.width, thin_y)

    # Layout ------------------------------------------------------------------------------------------------
    def _layout_lines(self, width: float) -> list[_Line]:
        fam = self._family
        head = [(self.letterhead.government, GOVERNMENT_SIZE), (self.letterhead.office, OFFICE_SIZE)]
        head += [(unit, GOVERNMENT_SIZE) for unit in self.letterhead.units]
        # One scale for all the bold lines keeps the 3:4 ratio when a long Pemda name has to shrink.
        scale = min([1.0] + [width / stringWidth(text, fam.bold, size) for text, size in head if text.strip()])
        lines = [_Line(text, fam.bold, size * scale, size * scale * 1.22) for text, size in head if text.strip()]
        for text in self.letterhead.contact_lines:
            if not text.strip():
                continue
            natural = stringWidth(text, fam.regular, CONTACT_SIZE)
            size = max(MIN_CONTACT_SIZE, min(CONTACT_SIZE, CONTACT_SIZE * width / natural))
            for part in _split_to_width(text, fam.regular, size, width):
                lines.append(_Line(part, fam.regular, size, size * 1.3))
        return lines


def _split_to_width(text: str, font: str, size: float, width: float) -> list[str]:
    """Word-wrap a contact line that is still too wide at the smallest size (long addresses)."""
    if stringWidth(text, font, size) <= width:
        return [text]
    parts: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > width:
            parts.append(current)
            current = word
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def _load_logo(path: Path) -> tuple[ImageReader, tuple[float, float]]:
    if not path.is_file():
        message = _("Berkas logo kop surat tidak ditemukan: {path}").format(path=path)
        raise ValidationError(message, fields={"logo_path": message})
    stat = path.stat()
    image = _prepared_logo(str(path), stat.st_mtime_ns, stat.st_size)
    px_w, px_h = image.size
    scale = min(LOGO_MAX_HEIGHT / px_h, LOGO_MAX_WIDTH / px_w)
    return ImageReader(image), (px_w * scale, px_h * scale)


@lru_cache(maxsize=8)
def _prepared_logo(path: str, mtime_ns: int, size: int) -> Image.Image:
    """The logo decoded once and scaled down to LOGO_DPI at its printed size (keyed on mtime so edits show).

    Offices upload scans of several megapixels; embedding them as-is costs ~10 ms and hundreds of KB per PDF.
    """
    try:
        with Image.open(path) as src:
            src.load()
            image = src.convert("RGBA") if src.mode in ("P", "LA", "PA", "1") else src.copy()
    except Exception as exc:  # Pillow raises many kinds of errors for a broken or foreign file
        message = _("Berkas logo kop surat tidak dapat dibaca sebagai gambar: {path}").format(path=path)
        raise ValidationError(message, fields={"logo_path": message}) from exc
    max_px = (round(LOGO_MAX_WIDTH / 72 * LOGO_DPI), round(LOGO_MAX_HEIGHT / 72 * LOGO_DPI))
    if image.width > max_px[0] or image.height > max_px[1]:
        image.thumbnail(max_px, Image.Resampling.LANCZOS)
    return image


def kop_surat(letterhead: Letterhead) -> KopSurat:
    """The kop surat flowable for the top of page one."""
    return KopSurat(letterhead)


def office_letterhead(office: OfficeInfo, logo_path: str | Path | None = None) -> Letterhead:
    """The kop surat from the office settings: the first line is the Pemda, the second the perangkat daerah
    (printed larger), further lines are units; address and contacts below."""
    lines = [line for line in office.letterhead_lines if line.strip()]
    if len(lines) >= 2:
        government, head, units = lines[0], lines[1], tuple(lines[2:])
    else:  # kop not configured yet: the office name and unit stand in
        government, head, units = (lines[0] if lines else office.name), (office.unit or office.name), ()
    contact_parts = [
        doc_text(N_("Telepon {phone}")).format(phone=office.phone) if office.phone else "",
        doc_text(N_("Pos-el {email}")).format(email=office.email) if office.email else "",
        doc_text(N_("Laman {website}")).format(website=office.website) if office.website else "",
    ]
    contacts = tuple(x for x in (office.address, ", ".join(p for p in contact_parts if p)) if x)
    return Letterhead(government=government, office=head, units=units, contact_lines=contacts, logo_path=logo_path)


def logo_file(logo_png: bytes | None) -> Path | None:
    """KopSurat reads the logo from a file: one file per logo content in the data folder (the logo is public, not
    personal data, and a stable path lets the letterhead cache its decoded image across a batch of documents)."""
    if not logo_png:
        return None
    from kesos_desktop.core.config import locations

    digest = hashlib.sha256(logo_png).hexdigest()[:16]
    path = locations().data / "cache" / f"kop-{digest}.png"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(logo_png)
        tmp.replace(path)
    return path


def office_kop(office: OfficeInfo) -> Letterhead:
    """The office's kop surat with its logo, ready for ``render_pdf``."""
    return office_letterhead(office, logo_file(office.logo_png))
