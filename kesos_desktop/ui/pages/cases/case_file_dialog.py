"""Cetak berkas kasus: choose the date range of the notes, make the case file PDF on a worker, save it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.documents.case_file import case_file_pdf
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import cases
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class CaseFileDialog(QDialog):
    """``made(bytes)`` when the PDF is ready (the save dialog follows); ``saved_to(Path)`` after it was written."""

    made = Signal(object)
    saved_to = Signal(object)

    def __init__(self, ctx: AppContext, case: cases.CaseInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.pdf: bytes | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(_("Cetak berkas kasus"))
        self.setMinimumWidth(480)
        intro = QLabel(
            _(
                "Berkas kasus {name} memuat identitas, masa tinggal, tahapan, asesmen, rencana intervensi, layanan "
                "dan catatan perkembangan dalam rentang tanggal di bawah, dengan kop surat dan tanda tangan."
            ).format(name=case.person_name)
        )
        intro.setWordWrap(True)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.date_from = OptionalDateEdit(check_text=_("Dari"))
        self.date_from.set_value(case.opened_on)
        self.date_to = OptionalDateEdit(check_text=_("Sampai"))
        self.date_to.set_value(case.closed_on or date.today())
        fields = QFormLayout()
        fields.addRow(_("Catatan &sejak"), self.form.field("date_from", self.date_from))
        fields.addRow(_("Catatan &hingga"), self.form.field("date_to", self.date_to))
        relax_labels(fields)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.make_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.make_button.setText(_("&Buat PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Batal"))
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(banner)
        layout.addLayout(fields)
        layout.addWidget(self.buttons)

    def make(self) -> None:
        self.form.clear()
        start, end = self.date_from.value(), self.date_to.value()
        if start and end and start > end:
            self.form.show_error(
                ValidationError(_("Periksa tanggal."), {"date_to": _("Tanggal akhir sebelum tanggal awal.")})
            )
            return
        actor, person_id = self.ctx.actor, self.case.person_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: case_file_pdf(s, actor, person_id, date_from=start, date_to=end),
            self._made,
            form=self.form,
            busy=self.buttons,
            label=_("Menyusun berkas kasus…"),
        )

    def filename(self) -> str:
        return f"berkas-kasus-{self.case.case_no}.pdf"

    def _made(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.made.emit(pdf)
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, _("Simpan berkas kasus sebagai PDF"), str(Path(folder) / self.filename()))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setNameFilter(_("Dokumen PDF (*.pdf)"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.save_to)
        self.file_dialog = dialog
        dialog.open()

    def save_to(self, path: str | Path) -> None:
        if self.pdf is None:
            return
        path, pdf = Path(path), self.pdf

        def saved(_written: int) -> None:
            self.saved_to.emit(path)
            self.accept()

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

        # A case file with years of notes runs to many pages: written on a worker (a network share can be slow).
        operations.run(
            self, lambda _progress: path.write_bytes(pdf), saved, on_failure=failed, label=_("Menyimpan PDF…")
        )
