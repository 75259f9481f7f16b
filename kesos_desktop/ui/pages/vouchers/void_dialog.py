"""Batalkan voucher: the reason is required; the number stays used and the legs may get a new voucher."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import vouchers
from kesos_desktop.core.services.vouchers import VoucherInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.signals import emit


class VoidDialog(QDialog):
    """``voided(VoucherInfo)`` after the voucher was voided."""

    voided = Signal(object)

    def __init__(self, ctx: AppContext, voucher: VoucherInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.voucher = voucher
        self.setWindowTitle(_("Batalkan voucher"))
        self.setMinimumWidth(520)
        intro = QLabel(
            _(
                "Voucher <b>{number}</b> untuk {name} senilai {amount} akan dibatalkan. Nomornya tidak dipakai lagi; "
                "pemeriksaan voucher ini akan menjawab DIBATALKAN."
            ).format(number=voucher.number, name=voucher.person_name, amount=money_text(voucher.amount))
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
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Batalkan &voucher"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Tutup"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(banner)
        layout.addLayout(fields)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.form.clear()
        actor, voucher, reason = self.ctx.actor, self.voucher, self.reason.toPlainText()
        operations.write(
            self,
            self.ctx.db,
            lambda s: vouchers.void_voucher(s, actor, voucher.id, reason, voucher.version_id),
            self._done,
            form=self.form,
            on_failure=self._failed,
            busy=self.buttons,
            label=_("Membatalkan voucher…"),
        )

    def _done(self, info: VoucherInfo) -> None:
        emit(self.voided, info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, Conflict):
            return False
        operations.show_error(self, error)
        actor, voucher_id = self.ctx.actor, self.voucher.id

        def reloaded(latest: VoucherInfo) -> None:
            self.voucher = latest

        from kesos_desktop.core.services.vouchers_register import get_voucher

        operations.read(self, self.ctx.db, lambda s: get_voucher(s, actor, voucher_id), reloaded)
        return True
