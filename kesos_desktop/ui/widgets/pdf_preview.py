"""PdfPreview: PDF pages drawn as images (pypdfium2, on a worker) in a scroll area, with Print… and Save as PDF….

Printing goes through the Qt print dialog and paints the page images at the printer's resolution (capped at
``PRINT_DPI``); ``PrintJob`` does the painting and may run on a worker thread (Qt allows QPainter on a QPrinter
outside the GUI thread), so documents whose printing must happen inside a database transaction (vouchers) can
print there. pdfium is not thread-safe: every use in this module goes through one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import KesosError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.ui import operations

# Screen pages are drawn at 2× (144 dpi) and scaled down, so they stay sharp on high-DPI screens and when zoomed.
SCREEN_DPI = 144.0
# More than this adds nothing on paper and makes an A4 page image of hundreds of megabytes.
PRINT_DPI = 300.0
# A preview of a long report shows its first pages only (each page image costs megabytes); print and save take all.
MAX_PAGES = 50
SHARP_PAGES = 10
PAGE_GAP = 14
ZOOMS: tuple[tuple[str, float], ...] = (("fit", 0.0), ("50", 0.5), ("75", 0.75), ("100", 1.0), ("150", 1.5))

PDFIUM_LOCK = threading.Lock()


class PrintFailed(KesosError):
    """The printer could not be started or refused a page."""


@dataclass(frozen=True)
class PageImage:
    """One rendered page and its size in PDF points (1/72 inch)."""

    image: QImage
    width_pt: float
    height_pt: float


def _image(page, dpi: float) -> QImage:  # type: ignore[no-untyped-def]
    pil = page.render(scale=dpi / 72.0).to_pil().convert("RGB")
    return QImage(pil.tobytes(), pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def render_pages(pdf: bytes, dpi: float = SCREEN_DPI, max_pages: int = MAX_PAGES, first: int = 0) -> list[PageImage]:
    """Pages ``first`` … ``first + max_pages - 1`` of ``pdf`` as images at ``dpi`` (safe on any thread)."""
    import pypdfium2 as pdfium

    pages: list[PageImage] = []
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            for index in range(first, min(len(document), first + max_pages)):
                page = document[index]
                width, height = page.get_size()
                pages.append(PageImage(_image(page, dpi), width, height))
                page.close()
        finally:
            document.close()
    return pages


def preview_pages(pdf: bytes) -> tuple[list[PageImage], int]:
    """What the preview shows: the first MAX_PAGES pages (sharper when there are few) and the page count."""
    total = pdf_page_count(pdf)
    dpi = SCREEN_DPI if total <= SHARP_PAGES else 96.0
    return render_pages(pdf, dpi, MAX_PAGES), total


def write_pdf(path: Path, pdf: bytes) -> Path:
    """Write ``pdf`` to ``path`` whole or not at all (a temporary file renamed into place)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    return path


class PrintJob:
    """Paints PDFs page after page onto one printer job; ``add`` may be called from a worker thread."""

    def __init__(self, printer: QPrinter) -> None:
        self.printer = printer
        self.painter: QPainter | None = None
        self.pages = 0
        printer.setFullPage(True)

    def _start_page(self) -> QPainter:
        if self.painter is None:
            self.painter = QPainter()
            if not self.painter.begin(self.printer):
                self.painter = None
                raise PrintFailed(_("Printer tidak dapat dipakai. Periksa printer lalu coba lagi."))
        elif not self.printer.newPage():
            raise PrintFailed(_("Printer menolak halaman berikutnya. Periksa printer lalu coba lagi."))
        return self.painter

    def add(self, pdf: bytes) -> int:
        """Print every page of ``pdf``; returns the number of pages printed so far."""
        dpi = min(float(self.printer.resolution()), PRINT_DPI)
        # One page image at a time: at print resolution an A4 page is tens of megabytes.
        for index in range(pdf_page_count(pdf)):
            page = render_pages(pdf, dpi, 1, first=index)[0]
            painter = self._start_page()
            paper = self.printer.paperRect(QPrinter.Unit.DevicePixel)
            page_w = page.width_pt / 72.0 * self.printer.resolution()
            page_h = page.height_pt / 72.0 * self.printer.resolution()
            # Actual size when the paper can hold it, else shrunk to fit; centred across, from the top.
            scale = min(1.0, paper.width() / page_w, paper.height() / page_h)
            width, height = page_w * scale, page_h * scale
            target = QRectF(paper.left() + (paper.width() - width) / 2, paper.top(), width, height)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, page.image)
            self.pages += 1
        return self.pages

    def finish(self) -> None:
        if self.painter is not None:
            self.painter.end()
            self.painter = None

    def abort(self) -> None:
        if self.painter is not None:
            self.printer.abort()
            self.painter.end()
            self.painter = None


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print a whole PDF on ``printer``; the number of pages."""
    job = PrintJob(printer)
    try:
        job.add(pdf)
    except BaseException:
        job.abort()
        raise
    job.finish()
    return job.pages


def ask_printer(parent: QWidget | None, on_chosen: Callable[[QPrinter], None], title: str = "") -> QPrintDialog:
    """Open the Qt print dialog (not blocking); ``on_chosen(printer)`` after the user presses Print."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title or _("Cetak"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_chosen(printer))
    QDialog.open(dialog)  # PySide6 binds QPrintDialog.open() only with a receiver; the base open() is the same
    return dialog


def ask_save_path(
    parent: QWidget | None,
    suggested_name: str,
    on_chosen: Callable[[Path], None],
    title: str = "",
) -> QFileDialog:
    """A non-blocking "save as PDF" file dialog starting in the Documents folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = QFileDialog(parent, title or _("Simpan sebagai PDF"), str(Path(folder) / suggested_name))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("pdf")
    dialog.setNameFilter(_("Dokumen PDF (*.pdf)"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: on_chosen(Path(path)))
    dialog.open()
    return dialog


class PdfPreview(QWidget):
    """Shows a PDF; ``rendered(pages)`` after the pages are drawn, ``printed(pages)``, ``saved(Path)``.

    ``print_handler(printer)`` / ``save_handler(path)`` replace the default "print / write these bytes" — a voucher
    preview, for instance, issues the voucher and prints it in one transaction.
    """

    rendered = Signal(int)
    printed = Signal(int)
    saved = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        print_handler: Callable[[QPrinter], None] | None = None,
        save_handler: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf: bytes | None = None
        self.filename = "dokumen.pdf"
        self.pages: list[PageImage] = []
        self.print_handler = print_handler
        self.save_handler = save_handler
        self.print_dialog: QPrintDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self._generation = 0
        self._zoom = 0.0

        self.print_button = QPushButton(_("&Cetak…"))
        self.print_button.setToolTip(_("Cetak melalui dialog printer (Ctrl+P)"))
        self.print_button.clicked.connect(self.request_print)
        self.save_button = QPushButton(_("Simpan sebagai &PDF…"))
        self.save_button.clicked.connect(self.request_save)
        self.zoom = QComboBox()
        labels = {"fit": _("Selebar jendela"), "50": "50%", "75": "75%", "100": "100%", "150": "150%"}
        for key, factor in ZOOMS:
            self.zoom.addItem(labels[key], factor)
        self.zoom.setToolTip(_("Perbesaran"))
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.page_label = QLabel()
        self.page_label.setObjectName("hint")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        bar.addWidget(self.zoom)
        self.toolbar = QWidget()
        self.toolbar.setLayout(bar)

        self.pages_box = QWidget()
        self.pages_box.setObjectName("pdfPages")
        self.pages_box.setStyleSheet("QWidget#pdfPages { background: #8a939f; }")
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(_("Belum ada pratinjau."))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: white; padding: 24px;")
        self.pages_layout.addWidget(self.message)
        self.page_labels: list[QLabel] = []
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages_box)
        self.scroll.setMinimumSize(320, 320)
        self.scroll.setStyleSheet("QScrollArea { background: #8a939f; border: 1px solid #cfd6df; }")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.scroll, 1)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(60)
        self._resize_timer.timeout.connect(self._layout_pages)
        shortcut = QShortcut(QKeySequence.StandardKey.Print, self, self.request_print)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()

    # --- content ----------------------------------------------------------------------------------------------
    def set_pdf(self, pdf: bytes | None, filename: str = "") -> None:
        """Show ``pdf`` (drawn on a worker); None clears the preview."""
        self._generation += 1
        self.pdf = pdf
        if filename:
            self.filename = filename
        self._clear_pages()
        if pdf is None:
            self._show_message(_("Belum ada pratinjau."))
            return
        self._show_message(_("Menggambar halaman…"))
        generation = self._generation
        operations.run(
            self,
            lambda _progress: preview_pages(pdf),
            lambda result: self._rendered(generation, *result),
            on_failure=lambda error: self._render_failed(generation, error),
            show_progress=False,
        )

    def clear(self, message: str = "") -> None:
        self._generation += 1
        self.pdf = None
        self._clear_pages()
        self._show_message(message or _("Belum ada pratinjau."))

    def page_count(self) -> int:
        return len(self.pages)

    def shown_message(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.page_label.clear()
        self._update_buttons()

    def _clear_pages(self) -> None:
        self.pages = []
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []

    def _rendered(self, generation: int, pages: list[PageImage], total: int | None = None) -> None:
        if generation != self._generation:
            return
        total = len(pages) if total is None else total
        self._clear_pages()
        self.pages = pages
        self.message.hide()
        for number in range(1, len(pages) + 1):
            label = QLabel()
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            label.setStyleSheet("background: white; border: 1px solid #5d6672;")
            label.setToolTip(page_tooltip(number, total))
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        count = ngettext("{n} halaman", "{n} halaman", total).format(n=format_number(total))
        if total > len(pages):
            count = _("{count}; pratinjau {shown} halaman pertama").format(count=count, shown=format_number(len(pages)))
        self.page_label.setText(count)
        self._layout_pages()
        self._update_buttons()
        self.rendered.emit(len(pages))

    def _render_failed(self, generation: int, error: BaseException) -> bool:
        if generation == self._generation:
            self._show_message(_("Pratinjau tidak dapat digambar: {error}").format(error=error))
        return True

    # --- zoom -------------------------------------------------------------------------------------------------
    def _zoom_changed(self, _index: int) -> None:
        self._zoom = float(self.zoom.currentData() or 0.0)
        self._layout_pages()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if self._zoom == 0.0 and self.pages:
            self._resize_timer.start()

    def _page_width(self, page: PageImage) -> int:
        if self._zoom > 0:
            return max(50, round(page.width_pt / 72.0 * 96.0 * self._zoom))
        # The vertical scroll bar is counted even before it shows: a page fitted to the width never needs the
        # horizontal one.
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        available = self.scroll.width() - 2 * self.scroll.frameWidth() - bar - 2 * PAGE_GAP - 4
        return max(120, available)

    def _layout_pages(self) -> None:
        ratio = self.devicePixelRatioF() or 1.0
        for label, page in zip(self.page_labels, self.pages, strict=True):
            width = self._page_width(page)
            height = round(width * page.height_pt / page.width_pt)
            pixmap = QPixmap.fromImage(
                page.image.scaled(
                    round(width * ratio),
                    round(height * ratio),
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(width + 2, height + 2)

    # --- print and save ---------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        ready = self.pdf is not None and bool(self.pages)
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def request_print(self) -> None:
        """Ctrl+P: the print dialog, then print (or hand the printer to ``print_handler``)."""
        if not self.print_button.isEnabled():
            return
        self.print_dialog = ask_printer(self, self.print_to)

    def print_to(self, printer: QPrinter) -> None:
        if self.print_handler is not None:
            self.print_handler(printer)
            return
        pdf = self.pdf
        if pdf is None:
            return
        operations.run(
            self,
            lambda _progress: print_pdf(pdf, printer),
            lambda pages: self.printed.emit(pages),
            label=_("Mencetak…"),
        )

    def request_save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.file_dialog = ask_save_path(self, self.filename, self.save_to)

    def save_to(self, path: Path) -> None:
        if self.save_handler is not None:
            self.save_handler(Path(path))
            return
        pdf = self.pdf
        if pdf is None:
            return
        operations.run(
            self,
            lambda _progress: write_pdf(Path(path), pdf),
            lambda written: self.saved.emit(written),
            label=_("Menyimpan PDF…"),
        )


def page_tooltip(number: int, total: int) -> str:
    return _("Halaman {n} dari {total}").format(n=format_number(number), total=format_number(total))
