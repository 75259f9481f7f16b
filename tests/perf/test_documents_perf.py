"""Document benchmarks: our test page against a bare one-page ReportLab document, and QR path vs ReportLab's widget.

Run with ``python -m pytest tests/perf/test_documents_perf.py -o addopts="" --benchmark-enable``.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from kesos_desktop.core.documents.base import (
    Letterhead,
    QrCode,
    Signatory,
    register_fonts,
    render_pdf,
    render_test_page,
)

PAYLOAD = "KESOS-VOUCHER|VCR-2026-000123|3171010101900001|Rp250.000|2026-08-17"


@pytest.fixture(scope="module")
def letterhead(tmp_path_factory: pytest.TempPathFactory) -> Letterhead:
    img = Image.new("RGBA", (300, 360), (0, 0, 0, 0))
    ImageDraw.Draw(img).polygon([(150, 4), (292, 58), (272, 262), (150, 356), (28, 262), (8, 58)], fill="red")
    logo: Path = tmp_path_factory.mktemp("logo") / "lambang.png"
    img.save(logo)
    return Letterhead(
        "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
        "DINAS SOSIAL",
        contact_lines=("Jalan Gunung Sahari II Nomor 5, Jakarta Pusat 10610", "Telepon (021) 4265115"),
        logo_path=logo,
    )


def _bare_page() -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    doc.build([Paragraph("Halaman uji cetak.", getSampleStyleSheet()["Normal"])])
    return buf.getvalue()


@pytest.mark.benchmark(group="page")
def test_bare_reportlab_page(benchmark) -> None:
    assert benchmark(_bare_page).startswith(b"%PDF")


def _bare_page_dejavu() -> bytes:
    # Same bare page with our embedded font: separates the cost of TTF subsetting from our layout.
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    style = ParagraphStyle("bare", fontName=register_fonts().regular)
    doc.build([Paragraph("Halaman uji cetak.", style)])
    return buf.getvalue()


@pytest.mark.benchmark(group="page")
def test_bare_reportlab_page_dejavu(benchmark) -> None:
    register_fonts()
    assert benchmark(_bare_page_dejavu).startswith(b"%PDF")


@pytest.mark.benchmark(group="page")
def test_kesos_test_page(benchmark, letterhead: Letterhead) -> None:
    register_fonts()  # once per process in the app too; not part of each page's cost
    signatory = Signatory("Drs. H. BAMBANG SUTRISNO, M.Si.", "Kepala Dinas Sosial", nip="196804111993031009")
    pdf = benchmark(render_test_page, "Dinas Sosial", letterhead, signatory, place="Jakarta", on=date(2026, 8, 17))
    assert pdf.startswith(b"%PDF")


def _qr_ours() -> bytes:
    return render_pdf(lambda ctx: [QrCode(PAYLOAD, 30)], title="QR", author="x")


def _qr_widget() -> bytes:
    # ReportLab's own QR: one rectangle per dark module in the content stream.
    widget = QrCodeWidget(PAYLOAD, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    size = 30 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return render_pdf(lambda ctx: [drawing], title="QR", author="x")


@pytest.mark.benchmark(group="qr")
def test_qr_as_one_path(benchmark) -> None:
    register_fonts()
    assert benchmark(_qr_ours).startswith(b"%PDF")


@pytest.mark.benchmark(group="qr")
def test_qr_reportlab_widget(benchmark) -> None:
    register_fonts()
    assert benchmark(_qr_widget).startswith(b"%PDF")
