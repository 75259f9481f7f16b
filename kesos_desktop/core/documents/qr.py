"""QR codes on documents: a segno matrix drawn as a single PDF path of merged rectangles, as a Flowable."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import segno
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _

# ISO/IEC 18004 asks for a 4-module quiet zone; printed vouchers get folded and stamped, so keep all of it.
DEFAULT_QUIET_ZONE = 4
DEFAULT_ERROR = "m"


def dark_rectangles(matrix: Sequence[Sequence[int]]) -> list[tuple[int, int, int, int]]:
    """Dark modules as ``(col, row, width, height)`` rectangles in module units, row 0 at the top.

    Each row's dark modules are merged into horizontal runs, then a run is extended downwards while the next
    rows have exactly the same run: a typical symbol needs about a third as many rectangles as it has runs, and
    fewer edges means fewer hairline seams when a viewer anti-aliases the path.
    """
    open_runs: dict[tuple[int, int], list[int]] = {}  # (col, width) -> [col, row, width, height]
    done: list[tuple[int, int, int, int]] = []
    for row_index, row in enumerate(matrix):
        runs = set(_runs(row))
        for key in list(open_runs):
            if key not in runs:
                done.append(tuple(open_runs.pop(key)))  # type: ignore[arg-type]
        for key in runs:
            if key in open_runs:
                open_runs[key][3] += 1
            else:
                open_runs[key] = [key[0], row_index, key[1], 1]
    done.extend(tuple(rect) for rect in open_runs.values())  # type: ignore[misc]
    # Sorted so the drawing order (and so the PDF bytes) never depends on dict/set iteration order.
    return sorted(done, key=lambda r: (r[1], r[0]))


def _runs(row: Iterable[int]) -> Iterable[tuple[int, int]]:
    start = -1
    col = -1
    for col, dark in enumerate(row):
        if dark and start < 0:
            start = col
        elif not dark and start >= 0:
            yield start, col - start
            start = -1
    if start >= 0:
        yield start, col + 1 - start


class QrCode(Flowable):
    """A QR code ``size_mm`` wide (the symbol itself) plus a white quiet zone of ``quiet_zone`` modules each side.

    The whole matrix is one ``drawPath`` call: one path object in the content stream, about four times faster
    to build than ReportLab's QR widget, which draws every module as its own rectangle.
    """

    def __init__(
        self,
        data: str | bytes,
        size_mm: float = 25.0,
        *,
        error: str = DEFAULT_ERROR,
        quiet_zone: int = DEFAULT_QUIET_ZONE,
    ) -> None:
        super().__init__()
        if not data:
            message = _("Isi kode QR kosong.")
            raise ValidationError(message, fields={"qr": message})
        try:
            # make_qr, not make: segno would pick a Micro QR for short data, which few phone scanners read.
            # boost_error=False so the level asked for is the level printed, whatever segno version builds it.
            self.symbol = segno.make_qr(data, error=error, boost_error=False)
        except segno.DataOverflowError as exc:
            message = _("Isi kode QR terlalu panjang untuk satu kode QR.")
            raise ValidationError(message, fields={"qr": message}) from exc
        self.matrix = [list(row) for row in self.symbol.matrix]
        self.modules = len(self.matrix)
        self.quiet_zone = quiet_zone
        self.module_size = size_mm * mm / self.modules
        self.width = self.height = (self.modules + 2 * quiet_zone) * self.module_size
        self._rects = dark_rectangles(self.matrix)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        m = self.module_size
        offset = self.quiet_zone * m
        top = self.height - offset
        canv.saveState()
        # Light modules and the quiet zone are left unpainted (paper white): one path object, nothing else.
        canv.setFillColorRGB(0, 0, 0)
        path = canv.beginPath()
        for col, row, w, h in self._rects:
            path.rect(offset + col * m, top - (row + h) * m, w * m, h * m)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


def qr_flowable(
    data: str | bytes, size_mm: float = 25.0, *, error: str = DEFAULT_ERROR, quiet_zone: int = DEFAULT_QUIET_ZONE
) -> QrCode:
    """Convenience constructor; see :class:`QrCode`."""
    return QrCode(data, size_mm, error=error, quiet_zone=quiet_zone)
