"""A confirmation that needs a written reason (void a voucher, a letter number...): the reason is checked by the
service at its field, the work runs on a worker, ``voided(result)`` follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class ReasonDialog(QDialog):
    """``work(session, reason)`` runs on Ok; ``on_failure`` may handle an error itself (e.g. a version conflict)."""

    voided = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        *,
        title: str,
        intro: str,
        action: str,
        busy_label: str,
        work: Callable[[Session, str], Any],
        on_failure: Callable[[BaseException], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._work = work
        self._busy_label = busy_label
        self._on_failure = on_failure
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        label = QLabel(intro)
        label.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        fields = QFormLayout()
        fields.addRow(_("&Alasan pembatalan"), self.form.field("reason", self.reason))
        relax_labels(fields)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Tutup"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(banner)
        layout.addLayout(fields)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def submit(self) -> None:
        self.form.clear()
        work, reason = self._work, self.reason.toPlainText()
        operations.write(
            self,
            self.ctx.db,
            lambda s: work(s, reason),
            self._done,
            form=self.form,
            on_failure=self._on_failure,
            busy=self.buttons,
            label=self._busy_label,
        )

    def _done(self, result: object) -> None:
        self.voided.emit(result)
        self.accept()
