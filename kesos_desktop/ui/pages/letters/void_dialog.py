"""Batalkan nomor surat: the reason is required; the number stays used and the stored document is kept, marked void
(a voided kwitansi leaves the budget)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import letters_register
from kesos_desktop.core.services.letters_register import RegisterEntry
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.signals import emit


class VoidLetterDialog(QDialog):
    """Void a register line (``entry_id``) or an issued document (``document_id``); ``voided(RegisterEntry)``."""

    voided = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        what: str,
        *,
        entry_id: uuid.UUID | None = None,
        document_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry_id = entry_id
        self.document_id = document_id
        self.setWindowTitle(_("Batalkan nomor surat"))
        self.setMinimumWidth(540)
        intro = QLabel(
            _(
                "<b>{what}</b> akan dibatalkan. Nomornya tetap tercatat dan tidak diberikan lagi; dokumennya tetap "
                "tersimpan dengan tanda batal."
            ).format(what=what)
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        fields = QFormLayout()
        fields.addRow(_("&Alasan pembatalan"), self.form.field("reason", self.reason))
        relax_labels(fields)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Batalkan nomor"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Tutup"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(banner)
        layout.addLayout(fields)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def submit(self) -> None:
        self.form.clear()
        actor, reason = self.ctx.actor, self.reason.toPlainText()
        entry_id, document_id = self.entry_id, self.document_id

        def work(session):  # type: ignore[no-untyped-def]
            if entry_id is not None:
                return letters_register.void_entry(session, actor, entry_id, reason)
            assert document_id is not None
            return letters_register.void_document(session, actor, document_id, reason)

        operations.write(
            self, self.ctx.db, work, self._done, form=self.form, busy=self.buttons, label=_("Membatalkan…")
        )

    def _done(self, entry: RegisterEntry) -> None:
        emit(self.voided, entry)
        self.accept()
