"""Cetak sertifikat: who signs (the office's certificate signatory, or the last one used on this PC), the PDF made on
a worker, then saved where the user chooses."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import training
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.activities.fields import form_failure, hint
from kesos_desktop.ui.pages.training.data import CertificateFile, default_signatory, make_certificate
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels

STATE_KEY = "training_certificate"
SIGNER_FIELDS = ("name", "jabatan", "nip", "pangkat")


class CertificateDialog(QDialog):
    """``made(CertificateFile)`` when the PDF is ready (the save dialog follows); ``saved_to(Path)`` once written."""

    made = Signal(object)
    saved_to = Signal(object)

    def __init__(self, ctx: AppContext, enrolment: training.EnrolmentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrolment = enrolment
        self.file: CertificateFile | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(_("Cetak sertifikat — {name}").format(name=enrolment.person_name))
        self.setMinimumWidth(520)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.edits = {name: QLineEdit() for name in SIGNER_FIELDS}
        self.edits["name"].setPlaceholderText(_("mis. Dra. KARTIKA DEWI, M.Si."))
        self.edits["jabatan"].setPlaceholderText(_("mis. Kepala Panti Sosial Asuhan Anak"))
        self.edits["nip"].setPlaceholderText(_("18 angka, kosongkan bila bukan PNS"))
        self.edits["pangkat"].setPlaceholderText(_("mis. Pembina (IV/a)"))
        form = QFormLayout()
        for name, label in zip(
            SIGNER_FIELDS, (_("&Nama penanda tangan"), _("&Jabatan"), _("N&IP"), _("&Pangkat/golongan")), strict=True
        ):
            form.addRow(label, self.errors.field(name, self.edits[name]))
        relax_labels(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.make_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.make_button.setText(_("&Buat PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Batal"))
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                _("Sertifikat nomor {no} untuk {name}. Sertifikat tidak menyebut status warga binaan.").format(
                    no=enrolment.certificate_no, name=enrolment.person_name
                )
            )
        )
        layout.addWidget(top)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        remembered = {name: ui_state.value(f"{STATE_KEY}/{name}") for name in SIGNER_FIELDS}
        if remembered["name"]:
            self._fill(remembered)
        else:
            operations.read(self, ctx.db, default_signatory, self._default_loaded, show_progress=False)

    def _fill(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            if not self.edits[name].text():
                self.edits[name].setText(value)

    def _default_loaded(self, signer: Signatory | None) -> None:
        if signer is not None:
            self._fill({name: getattr(signer, name) for name in SIGNER_FIELDS})

    def signatory(self) -> Signatory:
        return Signatory(**{name: self.edits[name].text().strip() for name in SIGNER_FIELDS})

    def make(self) -> None:
        self.errors.clear()
        signer = self.signatory()
        try:
            signer.validate()
        except ValidationError as exc:
            self.errors.show_error(exc)
            return
        for name in SIGNER_FIELDS:
            ui_state.set_value(f"{STATE_KEY}/{name}", getattr(signer, name))
        actor, enrolment_id = self.ctx.actor, self.enrolment.id
        operations.write(
            self,
            self.ctx.db,
            lambda s: make_certificate(s, actor, enrolment_id, signer),
            self._made,
            form=self.errors,
            on_failure=form_failure(self, self.errors),
            busy=self.buttons,
            label=_("Menyusun sertifikat…"),
        )

    def filename(self) -> str:
        return f"sertifikat-{self.enrolment.certificate_no}.pdf"

    def _made(self, file: CertificateFile) -> None:
        self.file = file
        self.made.emit(file)
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, _("Simpan sertifikat sebagai PDF"), str(Path(folder) / self.filename()))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setNameFilter(_("Dokumen PDF (*.pdf)"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.save_to)
        self.file_dialog = dialog
        dialog.open()

    def save_to(self, path: str | Path) -> None:
        if self.file is None:
            return
        path, pdf = Path(path), self.file.pdf

        def saved(_written: int) -> None:
            if self.file_dialog is not None and shiboken6.isValid(self.file_dialog):
                self.file_dialog.close()
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

        operations.run(
            self, lambda _progress: path.write_bytes(pdf), saved, on_failure=failed, label=_("Menyimpan PDF…")
        )
