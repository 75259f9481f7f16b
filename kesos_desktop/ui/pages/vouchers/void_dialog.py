"""Batalkan voucher: the reason is required; the number stays used and the legs may get a new voucher."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import vouchers
from kesos_desktop.core.services.vouchers import VoucherInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.widgets.reason_dialog import ReasonDialog


class VoidDialog(ReasonDialog):
    """``voided(VoucherInfo)`` after the voucher was voided."""

    def __init__(self, ctx: AppContext, voucher: VoucherInfo, parent: QWidget | None = None) -> None:
        self.voucher = voucher
        actor = ctx.actor
        super().__init__(
            ctx,
            title=_("Batalkan voucher"),
            intro=_(
                "Voucher <b>{number}</b> untuk {name} senilai {amount} akan dibatalkan. Nomornya tidak dipakai lagi; "
                "pemeriksaan voucher ini akan menjawab DIBATALKAN."
            ).format(number=voucher.number, name=voucher.person_name, amount=money_text(voucher.amount)),
            action=_("Batalkan &voucher"),
            busy_label=_("Membatalkan voucher…"),
            # The version is read when Ok is pressed: a reload after a conflict saves over the latest one.
            work=lambda s, reason: vouchers.void_voucher(s, actor, self.voucher.id, reason, self.voucher.version_id),
            on_failure=self._failed,
            parent=parent,
        )

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
