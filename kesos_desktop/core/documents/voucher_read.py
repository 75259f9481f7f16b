"""Reading a voucher's signed payload back from its PDF: the printed QR (rendered, decoded by zbarimg), else the
copy Kesos stores in the PDF's metadata. Used by ``kesos verify-voucher`` and the app's verify dialog."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kesos_desktop.core.i18n import _

_PAYLOAD = re.compile(rb"KV1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
RENDER_SCALE = 3.0  # 216 dpi: QR modules of a 30 mm code are ~6 px, comfortable for zbar
MAX_PAGES = 4


@dataclass
class PdfPayload:
    text: str | None
    source: str = ""
    notes: list[str] = field(default_factory=list)


def _qr_texts(pdf_path: Path, notes: list[str]) -> list[str]:
    """Payloads decoded from the rendered pages by zbarimg (an independent decoder), or [] with a note why not."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        notes.append(_("Program zbarimg (paket zbar-tools) tidak terpasang: kode QR tidak dipindai."))
        return []
    try:
        import pypdfium2 as pdfium
    except ImportError:
        notes.append(_("Pustaka pypdfium2 tidak terpasang: halaman PDF tidak dapat digambar untuk dipindai."))
        return []
    found: list[str] = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        # The page image shows personal data: it lives only in a private folder removed right after the scan.
        with tempfile.TemporaryDirectory(prefix="kesos-qr-") as folder:
            for index in range(min(len(pdf), MAX_PAGES)):
                image = pdf[index].render(scale=RENDER_SCALE).to_pil().convert("L")
                png = Path(folder) / f"page-{index + 1}.png"
                image.save(png)
                result = subprocess.run(
                    [zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True, timeout=60, check=False
                )
                png.unlink(missing_ok=True)
                found += [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("KV1.")]
    finally:
        pdf.close()
    if not found:
        notes.append(_("Tidak ada kode QR voucher yang terbaca di halaman PDF."))
    return found


def read_pdf_payload(pdf_path: Path) -> PdfPayload:
    """The payload of a voucher PDF: from its QR code when zbarimg can read it, else from the PDF metadata."""
    notes: list[str] = []
    raw = pdf_path.read_bytes()
    if not raw.startswith(b"%PDF"):
        return PdfPayload(None, notes=[_("Berkas {path} bukan PDF.").format(path=pdf_path)])
    qr = _qr_texts(pdf_path, notes)
    meta = _PAYLOAD.search(raw)
    meta_text = meta.group(0).decode("ascii") if meta else None
    if qr:
        if meta_text and meta_text != qr[0]:
            notes.append(
                _("Perhatian: isi kode QR berbeda dengan teks yang tersimpan di PDF; yang diperiksa: kode QR.")
            )
        return PdfPayload(qr[0], _("kode QR (zbarimg)"), notes)
    if meta_text:
        notes.append(_("Yang diperiksa adalah teks yang tersimpan di PDF, bukan kode QR yang tercetak."))
        return PdfPayload(meta_text, _("metadata PDF"), notes)
    notes.append(_("PDF ini tidak memuat kode voucher Kesos."))
    return PdfPayload(None, notes=notes)
