"""Abaikan tugas: a task is dismissed only with a reason (kept in the audit log with who and when)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import tasks
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import save_cancel_buttons
from kesos_desktop.ui.pages.activities.fields import form_failure, hint, text_area
from kesos_desktop.ui.widgets.forms import FormErrors


class DismissDialog(QDialog):
    """``saved(key)`` after the task was dismissed."""

    saved = Signal(str)

    def __init__(self, ctx: AppContext, item: tasks.TaskItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.setWindowTitle(_("Abaikan tugas"))
        self.setMinimumWidth(480)
        top = QLabel()
        self.errors = FormErrors(self, top)
        title = QLabel(item.title)
        title.setWordWrap(True)
        title.setObjectName("sectionTitle")
        self.reason = text_area(4, _("mis. Laporan sudah diterima lewat surat; dicatat oleh petugas lain."))
        form = QFormLayout()
        form.addRow(_("&Alasan"), self.errors.field("reason", self.reason))
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Abaikan tugas"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint(_("Tugas yang diabaikan tidak muncul lagi. Alasannya tercatat di log audit.")))
        layout.addWidget(top)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def submit(self) -> None:
        self.errors.clear()
        actor, key, reason = self.ctx.actor, self.item.key, self.reason.toPlainText()
        operations.write(
            self,
            self.ctx.db,
            lambda s: tasks.close_task(s, actor, key, dismissed=True, reason=reason),
            lambda _r: self._saved(key),
            form=self.errors,
            on_failure=form_failure(self, self.errors),
            busy=self.buttons,
        )

    def _saved(self, key: str) -> None:
        self.saved.emit(key)
        self.accept()
