"""Rendering: the test page read back with pypdf and PDFium, page sizes, invariant bytes, page numbers, watermark."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from kesos_desktop.core import i18n
from kesos_desktop.core.documents.base import (
    F4,
    DocContext,
    Letterhead,
    Signatory,
    page_size,
    render_pdf,
    render_test_page,
    selftest_qr_text,
)
from kesos_desktop.core.errors import ValidationError

ON = date(2026, 8, 17)
OFFICE = "Dinas Sosial Provinsi Daerah Khusus Jakarta"
NIP_PRINTED = "NIP 19680411 199303 1 009"


def _test_page(letterhead: Letterhead, signatory: Signatory, **kwargs: object) -> bytes:
    return render_test_page(OFFICE, letterhead, signatory, place="Jakarta", on=ON, invariant=True, **kwargs)


def _long_story(paragraphs: int = 40):
    def build(ctx: DocContext) -> list[Paragraph]:
        text = (
            "Pada hari ini petugas Dinas Sosial melaksanakan penjangkauan dan pendataan warga binaan sosial "
            "di wilayah Jakarta Pusat sesuai dengan surat tugas yang berlaku."
        )
        return [Paragraph(f"{n}. {text}", ctx.styles.body_justify) for n in range(1, paragraphs + 1)]

    return build


def test_test_page_text_reads_back(letterhead, signatory, read_text, doc_artifacts) -> None:
    pdf = _test_page(letterhead, signatory)
    (doc_artifacts / "test_page_a4.pdf").write_bytes(pdf)
    pages = read_text(pdf)
    assert len(pages) == 1
    text = pages[0]
    for line in letterhead.text_lines():
        assert line in text
    assert "Drs. H. BAMBANG SUTRISNO, M.Si." in text
    assert NIP_PRINTED in text
    assert "Pembina Utama Muda (IV/c)" in text
    assert "Jakarta, 17 Agustus 2026" in text
    assert "HALAMAN UJI CETAK" in text
    assert "Aurélie" in text and "“kutip”" in text
    assert selftest_qr_text(OFFICE, ON) in text
    # One page: no "Halaman 1 dari 1" footer.
    assert "Halaman 1 dari" not in text


def test_metadata_and_embedded_fonts(letterhead, signatory) -> None:
    reader = PdfReader(io.BytesIO(_test_page(letterhead, signatory)))
    assert reader.metadata is not None
    assert reader.metadata.title == "Halaman uji cetak"
    assert reader.metadata.author == OFFICE
    fonts = reader.pages[0]["/Resources"]["/Font"]
    base_fonts = {fonts[key].get_object()["/BaseFont"] for key in fonts}
    # Only embedded TrueType subsets, never a base-14 font that would lack Indonesian glyph coverage.
    assert base_fonts
    assert all("+" in str(name) for name in base_fonts), base_fonts


def test_test_page_qr_decodes_with_zbar(letterhead, signatory, to_png, decode_qr, doc_artifacts) -> None:
    pdf = _test_page(letterhead, signatory)
    png = to_png(pdf, doc_artifacts / "test_page_a4.png", dpi=150)
    assert decode_qr(png) == [selftest_qr_text(OFFICE, ON)]


def test_f4_page_size_in_points(letterhead, signatory, to_png, decode_qr, doc_artifacts) -> None:
    pdf = _test_page(letterhead, signatory, page_size="F4")
    (doc_artifacts / "test_page_f4.pdf").write_bytes(pdf)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) == pytest.approx(215 / 25.4 * 72, abs=0.01)  # 609.45 pt
    assert float(box.height) == pytest.approx(330 / 25.4 * 72, abs=0.01)  # 935.43 pt
    assert (float(box.width), float(box.height)) == pytest.approx(F4)
    png = to_png(pdf, doc_artifacts / "test_page_f4.png", dpi=100)
    assert decode_qr(png) == [selftest_qr_text(OFFICE, ON)]


def test_page_size_names() -> None:
    assert page_size("folio") == page_size("F4") == F4
    assert page_size("a4")[0] == pytest.approx(210 * mm)
    with pytest.raises(ValidationError) as err:
        page_size("Letter")
    assert "page_size" in err.value.fields


def test_invariant_mode_gives_identical_bytes(letterhead, signatory) -> None:
    first = _test_page(letterhead, signatory)
    second = _test_page(letterhead, signatory)
    assert first == second
    assert first.startswith(b"%PDF-")


def test_page_numbers_only_when_more_than_one_page(letterhead, read_text, doc_artifacts) -> None:
    pdf = render_pdf(_long_story(), title="Uji", author="Uji", letterhead=letterhead, invariant=True)
    (doc_artifacts / "multi_page.pdf").write_bytes(pdf)
    pages = read_text(pdf)
    total = len(pages)
    assert total >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {total}" in text
    # The kop is on page one only.
    assert "DINAS SOSIAL" in pages[0]
    assert all("DINAS SOSIAL" not in text for text in pages[1:])
    # Nothing lost between pages.
    joined = "\n".join(pages)
    assert "1. Pada hari ini" in joined and "40. Pada hari ini" in joined

    single = render_pdf(_long_story(2), title="Uji", author="Uji", invariant=True)
    assert all("Halaman" not in text for text in read_text(single))


def test_watermark_and_copy_label_on_every_page(letterhead, read_text, to_png, doc_artifacts) -> None:
    pdf = render_pdf(
        _long_story(),
        title="Uji",
        author="Uji",
        letterhead=letterhead,
        watermark="SALINAN",
        copy_label="Lembar 2: untuk keluarga",
        invariant=True,
    )
    (doc_artifacts / "watermark_salinan.pdf").write_bytes(pdf)
    to_png(pdf, doc_artifacts / "watermark_salinan.png", dpi=60)
    pages = read_text(pdf)
    assert len(pages) >= 2
    for text in pages:
        assert "SALINAN" in text
        assert "Lembar 2: untuk keluarga" in text


def test_watermark_does_not_stop_the_qr_from_decoding(letterhead, signatory, to_png, decode_qr, doc_artifacts):
    from kesos_desktop.core.documents.qr import QrCode

    payload = "KESOS-VOUCHER|VCR-2026-000123|BATAL"

    qr = QrCode(payload, 30)
    qr.hAlign = "CENTER"

    def build(ctx: DocContext):
        # Pushed to the middle of the page, where the diagonal watermark crosses it.
        return [Paragraph("Voucher ini dibatalkan.", ctx.styles.body), Spacer(0, 95 * mm), qr]

    pdf = render_pdf(build, title="Uji", author="Uji", watermark="BATAL", invariant=True)
    png = to_png(pdf, doc_artifacts / "watermark_batal.png", dpi=150)
    assert decode_qr(png) == [payload]


def test_documents_stay_indonesian_under_an_english_interface(read_text) -> None:
    i18n.install("en")
    try:
        pdf = render_pdf(_long_story(), title="Uji", author="Uji", invariant=True)
        text = read_text(pdf)[0]
    finally:
        i18n.install("id")
    assert "Halaman 1 dari" in text


def test_empty_story_still_gives_one_page() -> None:
    pdf = render_pdf(lambda ctx: [], title="Kosong", author="Uji", invariant=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
