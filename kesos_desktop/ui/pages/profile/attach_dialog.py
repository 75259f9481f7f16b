"""Attaching a scan to a person's file: kind (KTP, KK, akta, letters…), title and date, read and stored on a worker."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import person_files
from kesos_desktop.core.services.person_files import DocumentInfo
from kesos_desktop.core.services.residents_choices import document_kinds
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.birth_date_edit import DateLineEdit
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def guess_kind(filename: str) -> str:
    """A likely kind from the file name ("ktp_budi.jpg" → KTP), else "" (the user picks)."""
    words = set(re.split(r"[^a-z]+", Path(filename).stem.lower()))
    for code, hints in (
        ("KTP", {"ktp"}),
        ("KK", {"kk"}),
        ("AKTA", {"akta", "akte", "kia"}),
        ("SURAT_RUJUKAN", {"rujukan", "pengantar"}),
        ("PERSETUJUAN", {"persetujuan"}),
    ):
        if words & hints:
            return code
    return ""


class AttachDialog(QDialog):
    """``saved(DocumentInfo)`` once the file is stored; errors show at kind, title, file or date."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.path = path
        self.setWindowTitle(_("Lampirkan dokumen"))
        self.setMinimumWidth(520)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.file_label = QLabel(path.name)
        self.file_label.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.addItem(_("— pilih jenis —"), "")
        for choice in document_kinds():
            self.kind.addItem(choice.label(), choice.code)
        self.kind.setCurrentIndex(max(self.kind.findData(guess_kind(path.name)), 0))
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.title.setPlaceholderText(_("Kosongkan untuk memakai nama jenisnya"))
        self.document_date = DateLineEdit()
        rows = QFormLayout()
        rows.addRow(_("Berkas"), self.form.field("content", self.file_label))
        rows.addRow(_("&Jenis"), self.form.field("kind", self.kind))
        rows.addRow(_("&Judul"), self.form.field("title", self.title))
        rows.addRow(_("&Tanggal dokumen"), self.form.field("document_date", self.document_date))
        relax_labels(rows)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Lampirkan"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addLayout(rows)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.form.clear()
        problem = self.document_date.problem()
        if problem:
            self.form.show_error(ValidationError(_("Periksa isian yang ditandai."), {"document_date": problem}))
            return
        actor, person_id, path = self.ctx.actor, self.person_id, self.path
        kind, title, on = str(self.kind.currentData() or ""), self.title.text(), self.document_date.date_value()

        def work(session):  # type: ignore[no-untyped-def]
            try:
                content = path.read_bytes()
            except OSError as exc:
                message = _("Berkas tidak dapat dibaca: {error}").format(error=exc.strerror or exc)
                raise ValidationError(message, {"content": message}) from exc
            return person_files.attach_document(session, actor, person_id, kind, title, path.name, content, on)

        operations.write(
            self, self.ctx.db, work, self._saved, form=self.form, busy=self.buttons, label=_("Melampirkan…")
        )

    def _saved(self, info: DocumentInfo) -> None:
        self.saved.emit(info)
        self.accept()
