"""QR codes: the segno matrix becomes one PDF path of merged rectangles that an independent decoder reads back."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream

from kesos_desktop.core.documents.layout import DocContext
from kesos_desktop.core.documents.qr import QrCode, dark_rectangles
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.errors import ValidationError

# PDF path construction operators, and the operators that paint (or end) the path built so far.
BUILD_OPS = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}
PAINT_OPS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"}


def _path_objects(ops: list[bytes]) -> list[tuple[bytes, int]]:
    """(painting operator, number of rectangles) for every path object that actually has a path.

    ReportLab starts each path with a bare ``n``, which ends an empty path and draws nothing; it is skipped.
    """
    objects: list[tuple[bytes, int]] = []
    built: list[bytes] = []
    for op in ops:
        if op in BUILD_OPS:
            built.append(op)
        elif op in PAINT_OPS:
            if built:
                objects.append((op, built.count(b"re")))
            built = []
    return objects


def _paint(rects: list[tuple[int, int, int, int]], rows: int, cols: int) -> list[list[int]]:
    grid = [[0] * cols for _ in range(rows)]
    for col, row, w, h in rects:
        assert w > 0 and h > 0
        for r in range(row, row + h):
            for c in range(col, col + w):
                grid[r][c] += 1
    return grid


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n: st.lists(st.lists(st.integers(0, 1), min_size=n, max_size=n), min_size=1, max_size=12)
    )
)
def test_rectangles_cover_exactly_the_dark_modules(matrix: list[list[int]]) -> None:
    rects = dark_rectangles(matrix)
    painted = _paint(rects, len(matrix), len(matrix[0]))
    # Every dark module painted exactly once (no overlap), every light module never.
    assert painted == matrix


def test_real_symbol_needs_far_fewer_rectangles_than_modules() -> None:
    qr = QrCode("KESOS-VOUCHER|VCR-2026-000123|31.71|Rp1.250.000,00")
    dark = sum(map(sum, qr.matrix))
    assert _paint(qr._rects, qr.modules, qr.modules) == qr.matrix
    assert len(qr._rects) < dark / 2


def _single_qr_pdf(payload: str, size_mm: float = 30, **kwargs: object) -> tuple[bytes, QrCode]:
    qr = QrCode(payload, size_mm, **kwargs)  # type: ignore[arg-type]

    def build(ctx: DocContext) -> list[QrCode]:
        return [qr]

    return render_pdf(build, title="QR", author="Uji", invariant=True), qr


def test_matrix_is_one_path_object_in_the_content_stream() -> None:
    pdf, qr = _single_qr_pdf("https://kesos.example.go.id/v/VCR-2026-000123")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    ops = ContentStream(page.get_contents(), page.pdf).operations
    objects = _path_objects([op for _operands, op in ops])
    # Exactly one path object on the page, a fill, holding every merged rectangle ("re") of the matrix.
    assert len(objects) == 1, objects
    paint, rects = objects[0]
    assert paint in (b"f", b"f*")
    assert rects == len(qr._rects) > 10


def test_size_and_quiet_zone() -> None:
    qr = QrCode("ABC", 20, quiet_zone=4)
    assert qr.symbol.error == "M"
    assert not qr.symbol.is_micro
    module = 20 * 72 / 25.4 / qr.modules
    assert qr.width == pytest.approx((qr.modules + 8) * module)
    assert QrCode("ABC", 20, quiet_zone=0).width == pytest.approx(20 * 72 / 25.4)
    assert QrCode("ABC", error="h").symbol.error == "H"


@pytest.mark.parametrize(
    ("payload", "error", "size_mm"),
    [
        ("KESOS-UJI-CETAK|Dinas Sosial|2026-08-17", "m", 25),
        ("Panti Sosial Bina Insan Bangun Daya 2 — Cipayung, Jakarta Timur", "q", 30),
        ("VCR-2026-000123|3171010101900001|Rp250.000|" + "x" * 300, "m", 40),
        ("AB", "l", 12),
    ],
)
def test_qr_decodes_with_an_independent_decoder(payload, error, size_mm, to_png, decode_qr, doc_artifacts, tmp_path):
    pdf, _qr = _single_qr_pdf(payload, size_mm, error=error)
    png = to_png(pdf, tmp_path / "qr.png", dpi=200)
    assert decode_qr(png) == [payload]
    if error == "q":
        (doc_artifacts / "qr_single.png").write_bytes(png.read_bytes())


def test_empty_or_oversized_payload_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as err:
        QrCode("")
    assert "qr" in err.value.fields
    with pytest.raises(ValidationError):
        QrCode("9" * 8000)
