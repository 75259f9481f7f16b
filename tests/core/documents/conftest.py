"""Fixtures for document tests: a sample kop and signatory, and readers that check our PDFs from the outside."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.signature import Signatory


@pytest.fixture
def doc_artifacts(artifacts: Path) -> Path:
    """tests/artifacts/documents/ (git-ignored): PDFs and PNGs to look at after a run."""
    folder = artifacts / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def logo_path(tmp_path: Path) -> Path:
    """A stand-in lambang daerah: a red shield with a gold disc on a transparent background."""
    img = Image.new("RGBA", (300, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon(
        [(150, 4), (292, 58), (272, 262), (150, 356), (28, 262), (8, 58)],
        fill=(190, 25, 30, 255),
        outline=(0, 0, 0, 255),
        width=6,
    )
    draw.ellipse((95, 115, 205, 225), fill=(240, 195, 40, 255), outline=(0, 0, 0, 255), width=3)
    path = tmp_path / "lambang.png"
    img.save(path)
    return path


@pytest.fixture
def letterhead(logo_path: Path) -> Letterhead:
    return Letterhead(
        government="PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
        office="DINAS SOSIAL",
        contact_lines=(
            "Jalan Gunung Sahari II Nomor 5, Jakarta Pusat 10610",
            "Telepon (021) 4265115, Pos-el dinsos@jakarta.go.id, Laman dinsos.jakarta.go.id",
        ),
        logo_path=logo_path,
    )


@pytest.fixture
def signatory() -> Signatory:
    return Signatory(
        name="Drs. H. BAMBANG SUTRISNO, M.Si.",
        jabatan="Kepala Dinas Sosial Provinsi Daerah Khusus Jakarta",
        nip="19680411 199303 1 009",
        pangkat="Pembina Utama Muda (IV/c)",
    )


def pdf_pages_text(pdf: bytes) -> list[str]:
    """Text of each page with runs of whitespace (line breaks from wrapping) collapsed to one space."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def render_png(pdf: bytes, path: Path, *, page: int = 0, dpi: int = 150) -> Path:
    """Rasterise one page with PDFium (not ReportLab) so the check does not trust our own drawing code."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        bitmap = doc[page].render(scale=dpi / 72)
        bitmap.to_pil().convert("RGB").save(path)
    finally:
        doc.close()
    return path


def zbar_decode(png: Path) -> list[str]:
    """Decode every QR code in ``png`` with zbarimg, an independent decoder."""
    exe = shutil.which("zbarimg")
    if exe is None:
        pytest.skip("zbarimg (zbar-tools) is not installed: cannot decode QR codes independently")
    done = subprocess.run(
        [exe, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)], capture_output=True, check=False
    )
    if done.returncode not in (0, 4):  # 4 = no symbol found
        raise AssertionError(f"zbarimg failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return [line for line in done.stdout.decode("utf-8").split("\n") if line]


@pytest.fixture
def read_text() -> Callable[[bytes], list[str]]:
    return pdf_pages_text


@pytest.fixture
def to_png() -> Callable[..., Path]:
    return render_png


@pytest.fixture
def decode_qr() -> Callable[[Path], list[str]]:
    return zbar_decode
