"""A voucher on screen (the stored original; a voided one marked BATAL) with reprint: every print or saved copy made
from here is a counted reprint marked "SALINAN (cetakan ke-n)"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services import vouchers
from kesos_desktop.core.services.vouchers import VOIDED, VoucherInfo
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.pages.vouchers.data import voucher_filename
from kesos_desktop.ui.widgets.pdf_preview import PdfPreview, PrintJob, write_pdf

STATE_KEY = "voucher_viewer"


class VoucherViewer(QWidget):
    """``changed(voucher_id)`` after a reprint (its count went up)."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, voucher: VoucherInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.voucher = voucher
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Voucher {number}").format(number=voucher.number))
        self.summary = QLabel(summary_text(voucher))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = PdfPreview(print_handler=self.reprint_to_printer, save_handler=self.reprint_to_file)
        self.preview.print_button.setText(_("Cetak &ulang (SALINAN)…"))
        self.preview.save_button.setText(_("Simpan &salinan PDF…"))
        can = ctx.actor.can("vouchers.issue") and voucher.status != VOIDED
        self.preview.print_button.setVisible(can)
        self.preview.save_button.setVisible(can)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(820, 900)
        self.load()

    def load(self) -> None:
        actor, voucher_id = self.ctx.actor, self.voucher.id
        operations.read(
            self,
            self.ctx.db,
            lambda s: vouchers.voucher_pdf(s, actor, voucher_id),
            lambda pdf: self.preview.set_pdf(pdf, voucher_filename(self.voucher.number)),
        )

    def reprint_to_printer(self, printer: QPrinter) -> None:
        job = PrintJob(printer)
        self._reprint(job.add, _("Mencetak ulang voucher…"), job)

    def reprint_to_file(self, path: Path) -> None:
        self._reprint(lambda pdf: write_pdf(path, pdf), _("Menyimpan salinan voucher…"))

    def _reprint(self, deliver, label: str, job: PrintJob | None = None) -> None:  # type: ignore[no-untyped-def]
        actor, voucher_id = self.ctx.actor, self.voucher.id

        def work(session):  # type: ignore[no-untyped-def]
            try:
                pdf = vouchers.reprint_voucher(session, actor, voucher_id, deliver=deliver)
            except BaseException:
                if job is not None:
                    job.abort()
                raise
            if job is not None:
                job.finish()
            return pdf

        operations.write(self, self.ctx.db, work, self._reprinted, busy=self.preview, label=label)

    def _reprinted(self, pdf: bytes) -> None:
        self.preview.set_pdf(pdf)
        self.changed.emit(self.voucher.id)

    def closeEvent(self, event: QCloseEvent) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().closeEvent(event)


def summary_text(v: VoucherInfo) -> str:
    text = _("<b>{number}</b> · {name} ({reg}) · {amount} · berlaku sampai {until} · {status}").format(
        number=v.number,
        name=v.person_name,
        reg=v.registration_no,
        amount=money_text(v.amount),
        until=format_date(v.valid_until),
        status=v.status_label,
    )
    if v.status == VOIDED:
        text += "<br>" + _("Dibatalkan: {reason}").format(reason=v.void_reason)
    return text


def open_voucher_viewer(ctx: AppContext, voucher: VoucherInfo, parent: QWidget | None = None) -> VoucherViewer:
    viewer = VoucherViewer(ctx, voucher, parent)
    viewer.show()
    return viewer
