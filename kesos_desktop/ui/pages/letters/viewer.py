"""An issued letter or kwitansi on screen (the stored original, its viewing audited) with reprint: every print or
saved copy made from here is a counted copy marked "SALINAN (cetakan ke-n)"; a voided document cannot be reprinted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import letters
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.letters.data import can_reprint, delivery_failed
from kesos_desktop.ui.widgets.pdf_preview import PdfPreview, PrintJob, write_pdf

STATE_KEY = "letter_viewer"


@dataclass(frozen=True)
class ShownDocument:
    """What the viewer needs to know about a document (from a register line or a plan's document row)."""

    id: uuid.UUID
    kind: str
    kind_label: str
    number: str
    filename: str
    voided: bool
    void_reason: str = ""


class DocumentViewer(QWidget):
    """``reprinted(document_id)`` after a SALINAN was printed or saved (its print count went up)."""

    shown = Signal()
    reprinted = Signal(object)

    def __init__(self, ctx: AppContext, document: ShownDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.document = document
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("{what} {number}").format(what=document.kind_label, number=document.number))
        summary = _("<b>{what} {number}</b>").format(what=document.kind_label, number=document.number)
        if document.voided:
            summary += "<br>" + _("Dibatalkan: {reason}").format(reason=document.void_reason)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel(
            _("Cetak dan simpan dari sini menghasilkan SALINAN bernomor cetakan; aslinya tetap tersimpan.")
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.preview = PdfPreview(print_handler=self.reprint_to_printer, save_handler=self.reprint_to_file)
        self.preview.print_button.setText(_("Cetak &ulang (SALINAN)…"))
        self.preview.save_button.setText(_("Simpan &salinan PDF…"))
        can = can_reprint(ctx.actor, document.kind) and not document.voided
        for widget in (self.preview.print_button, self.preview.save_button, self.hint):
            widget.setVisible(can)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.preview, 1)
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(840, 920)
        self.load()

    def load(self) -> None:
        # Viewing the original is audited, so it runs in a write session.
        actor, document_id = self.ctx.actor, self.document.id
        operations.write(
            self,
            self.ctx.db,
            lambda s: letters.document_pdf(s, actor, document_id),
            self._loaded,
            label=_("Membuka dokumen…"),
            show_progress=False,
        )

    def _loaded(self, pdf: bytes) -> None:
        self.preview.set_pdf(pdf, self.document.filename)
        self.shown.emit()

    def reprint_to_printer(self, printer: QPrinter) -> None:
        job = PrintJob(printer)
        self._reprint(job.add, _("Mencetak salinan…"), job)

    def reprint_to_file(self, path: Path) -> None:
        self._reprint(lambda pdf: write_pdf(path, pdf), _("Menyimpan salinan…"))

    def _reprint(self, deliver, label: str, job: PrintJob | None = None) -> None:  # type: ignore[no-untyped-def]
        actor, document_id = self.ctx.actor, self.document.id

        def work(session):  # type: ignore[no-untyped-def]
            try:
                pdf = letters.document_pdf(session, actor, document_id, copy=True, deliver=deliver)
            except BaseException:
                if job is not None:
                    job.abort()
                raise
            if job is not None:
                job.finish()
            return pdf

        operations.write(
            self, self.ctx.db, work, self._reprinted, on_failure=self._failed, busy=self.preview, label=label
        )

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, OSError):
            delivery_failed(self, error, _("Salinan tidak dibuat dan tidak dihitung sebagai cetakan."))
            return True
        return False

    def _reprinted(self, pdf: bytes) -> None:
        self.preview.set_pdf(pdf)
        self.reprinted.emit(self.document.id)

    def closeEvent(self, event: QCloseEvent) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().closeEvent(event)


def open_document_viewer(ctx: AppContext, document: ShownDocument, parent: QWidget | None = None) -> DocumentViewer:
    viewer = DocumentViewer(ctx, document, parent)
    viewer.show()
    return viewer
