"""Cetak biodata: the biodata sheet made on a worker, previewed as page images (pypdfium2), saved as PDF or printed.

Without pypdfium2 there is no preview and no printing (Qt's own PDF module is not in PySide6-Essentials): the
dialog then offers "save as PDF" only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop.core.documents.biodata import render_biodata
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import residents
from kesos_desktop.core.services.office import get_own_office
from kesos_desktop.core.services.residents import Profile
from kesos_desktop.ui import operations

PREVIEW_DPI = 150
PREVIEW_WIDTH = 720


@dataclass(frozen=True)
class BiodataSheet:
    pdf: bytes
    pages: tuple[bytes, ...]  # PNG per page; empty when pypdfium2 is not installed
    filename: str


def page_images(pdf: bytes, dpi: int = PREVIEW_DPI) -> tuple[bytes, ...]:
    """Each page as PNG bytes, or () when pypdfium2 is missing."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return ()
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            out = io.BytesIO()
            bitmap.to_pil().save(out, "PNG")
            images.append(out.getvalue())
            page.close()
        return tuple(images)
    finally:
        document.close()


def print_pages(pages: tuple[bytes, ...], printer: QPrinter) -> bool:
    """Paint each PNG page fitted to the printable area, one sheet per page; False when the printer refused.
    Runs on a worker (QPainter on a QPrinter may be used off the GUI thread)."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for number, png in enumerate(pages):
            if number:
                printer.newPage()
            image = QImage.fromData(png)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()
    return True


def make_biodata(session: Session, actor: Actor, profile: Profile, photo: bytes | None) -> BiodataSheet:
    """The PDF under the office's kop surat; NIK in full and the health notes only for a role that may see them.
    Rendering it is audited (``person.printed``): what is made here can be printed or saved outside the program."""
    office = get_own_office(session)
    full_nik = actor.can("residents.view_nik") and bool(profile.nik or profile.no_kk)
    health = actor.can("residents.view_health") and not profile.health_hidden
    pdf = render_biodata(profile, office, photo, show_nik=actor.can("residents.view_nik"), include_health=health)
    residents.record_print(session, actor, profile.id, "biodata", full_nik=full_nik, health=health)
    return BiodataSheet(pdf, page_images(pdf), f"biodata-{profile.registration_no}.pdf")


class BiodataDialog(QDialog):
    """``saved_to(Path)`` after the PDF was written; ``printed`` after the pages went to a printer."""

    saved_to = Signal(object)
    printed = Signal()

    def __init__(self, sheet: BiodataSheet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self.file_dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self.setWindowTitle(_("Biodata warga binaan"))
        self.resize(820, 860)
        pages = QWidget()
        pages_layout = QVBoxLayout(pages)
        pages_layout.setSpacing(14)
        self.page_labels: list[QLabel] = []
        for png in sheet.pages:
            label = QLabel()
            pixmap = QPixmap.fromImage(QImage.fromData(png))
            label.setPixmap(pixmap.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation))
            label.setStyleSheet("background: white; border: 1px solid #c9d1db;")
            pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        if not sheet.pages:
            missing = QLabel(
                _(
                    "Pratinjau dan cetak langsung tidak tersedia (pypdfium2 tidak terpasang). Simpan sebagai PDF lalu "
                    "cetak dari penampil PDF."
                )
            )
            missing.setWordWrap(True)
            pages_layout.addWidget(missing)
        pages_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(pages)
        scroll.setStyleSheet("QScrollArea { background: #e9edf2; }")
        count = QLabel(ngettext("{n} halaman", "{n} halaman", len(sheet.pages)).format(n=len(sheet.pages)))
        count.setObjectName("hint")
        self.save_button = QPushButton(_("&Simpan PDF…"))
        self.save_button.clicked.connect(self.choose_file)
        self.print_button = QPushButton(_("&Cetak…"))
        self.print_button.clicked.connect(self.choose_printer)
        self.print_button.setEnabled(bool(sheet.pages))
        close = QPushButton(_("&Tutup"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(count if sheet.pages else QLabel())
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.choose_file)
        QShortcut(QKeySequence.StandardKey.Print, self, self.choose_printer)

    # --- save -------------------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, _("Simpan biodata sebagai PDF"), str(Path(folder) / self.sheet.filename))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setNameFilter(_("Dokumen PDF (*.pdf)"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.save_to)
        self.file_dialog = dialog
        dialog.open()

    def save_to(self, path: str | Path) -> None:
        path, pdf = Path(path), self.sheet.pdf

        def failed(error: BaseException) -> bool:
            if not isinstance(error, OSError):
                return False
            operations.message_box(
                self,
                QMessageBox.Icon.Warning,
                _("Tidak dapat menyimpan"),
                _("Berkas {name} tidak dapat ditulis: {error}").format(name=path.name, error=error.strerror or error),
            )
            return True

        operations.run(
            self, lambda _progress: path.write_bytes(pdf), lambda _n: self.saved_to.emit(path), on_failure=failed,
            label=_("Menyimpan PDF…"),
        )  # fmt: skip

    # --- print ------------------------------------------------------------------------------------------------
    def choose_printer(self) -> None:
        if not self.sheet.pages:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.sheet.filename)
        dialog = QPrintDialog(printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(printer))
        self.print_dialog = dialog
        self._printer = printer
        dialog.open()

    def print_to(self, printer: QPrinter) -> None:
        """Each page image fitted to the printable area, one sheet per page (painted on a worker)."""
        pages = self.sheet.pages
        operations.run(
            self, lambda _progress: print_pages(pages, printer), lambda done: self.printed.emit() if done else None,
            label=_("Mencetak…"),
        )  # fmt: skip
