"""Voucher: the register of travel-assistance vouchers — filters (period, status, destination province, text), the
count and sum of what matches, and view / reprint / void / verify / batch issue. Rows are fetched in blocks."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.reference import regions
from kesos_desktop.core.services import vouchers_register
from kesos_desktop.core.services.vouchers import ACTIVE, EXPIRED, VOIDED, VoucherInfo, status_label
from kesos_desktop.core.services.vouchers_register import RegisterTotals, VoucherFilter
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit
from kesos_desktop.ui.models.lazy_table import LazyTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.pages.returns.plan_columns import voucher_columns
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

BLOCK_SIZE = 100
SEARCH_DELAY_MS = 300


class VoucherRegisterPage(Page):
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Voucher"), _("Register voucher bantuan transport: terbit, cetak ulang, batal."))
        self.dialog: QDialog | None = None
        self.filter_applied = VoucherFilter()
        self.date_from = OptionalDateEdit(check_text=_("Dari"))
        self.date_to = OptionalDateEdit(check_text=_("Sampai"))
        self.status = QComboBox()
        self.status.addItem(_("Semua status"), "")
        for code in (ACTIVE, EXPIRED, VOIDED):
            self.status.addItem(status_label(code), code)
        self.province = QComboBox()
        self.province.addItem(_("Semua provinsi tujuan"), "")
        for province in regions.provinces():
            self.province.addItem(province.name, province.code)
        self.province.setMaximumWidth(260)
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Cari nomor, nama atau no. registrasi…"))
        self.text.setClearButtonEnabled(True)
        self.text.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.text.setMinimumWidth(280)
        self.header.actions.addWidget(self.text)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        period = QLabel(_("Tanggal terbit:"))
        filters.addWidget(period)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters.addSpacing(12)
        filters.addWidget(self.status)
        filters.addWidget(self.province)
        filters.addStretch(1)

        self.model: LazyTableModel[VoucherInfo] = LazyTableModel(voucher_columns(), block_size=BLOCK_SIZE, parent=self)
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.view_action = QAction(icon("search"), _("&Lihat…"), self)
        self.view_action.triggered.connect(self.view_selected)
        self.void_action = QAction(icon("block"), _("&Batalkan voucher…"), self)
        self.void_action.triggered.connect(self.void_selected)
        self.void_action.setVisible(ctx.actor.can("vouchers.void"))
        self.batch_action = QAction(icon("add"), _("Terbitkan &massal…"), self)
        self.batch_action.triggered.connect(self.open_batch)
        self.batch_action.setVisible(ctx.actor.can("vouchers.issue"))
        self.verify_action = QAction(icon("key"), _("&Periksa keaslian…"), self)
        self.verify_action.triggered.connect(self.open_verify)
        for action in (self.view_action, self.void_action, self.batch_action, self.verify_action):
            toolbar.addAction(action)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (160, 90, 180, 135, 100, 90, 95, 50, 110))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.view_selected())
        self.table.activated.connect(lambda _i: self.view_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.model.block_loaded.connect(lambda _b: self._update_actions())
        self.totals = QLabel()
        self.totals.setObjectName("hint")
        self.body.addLayout(filters)
        self.body.addWidget(toolbar)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.totals)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        for edit in (self.date_from, self.date_to):
            edit.edited.connect(self.refresh)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.province.currentIndexChanged.connect(lambda _i: self.refresh())
        self._update_actions()
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------------------
    def current_filter(self) -> VoucherFilter:
        return VoucherFilter(
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            status=self.status.currentData() or "",
            province_code=self.province.currentData() or "",
            text=self.text.text().strip(),
        )

    def refresh(self) -> None:
        self._timer.stop()
        actor, flt = self.ctx.actor, self.current_filter()
        operations.read(
            self,
            self.ctx.db,
            lambda s: vouchers_register.register_totals(s, actor, flt),
            lambda totals: self._counted(flt, totals),
            show_progress=False,
        )

    def _counted(self, flt: VoucherFilter, totals: RegisterTotals) -> None:
        self.filter_applied = flt
        db, actor = self.ctx.db, self.ctx.actor

        def loader(start: int, count: int) -> list[VoucherInfo]:
            with db.read() as session:
                return vouchers_register.list_vouchers(session, actor, flt, limit=count, offset=start)

        self.model.reset(totals.count, loader)
        n = totals.count
        self.totals.setText(
            _("{count} · jumlah {amount}").format(
                count=ngettext("{n} voucher", "{n} voucher", n).format(n=format_number(n)),
                amount=money_text(totals.amount),
            )
        )
        self._update_actions()
        if n == 0:
            self.loaded.emit()
        else:
            self.model.fetch(0)
            self.model.block_loaded.connect(self._first_block, Qt.ConnectionType.SingleShotConnection)

    def _first_block(self, _block: int) -> None:
        self.loaded.emit()

    # --- selection and commands -------------------------------------------------------------------------------
    def selected(self) -> VoucherInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_actions(self) -> None:
        voucher = self.selected()
        self.view_action.setEnabled(voucher is not None)
        self.void_action.setEnabled(voucher is not None and voucher.status != VOIDED)

    def focus_find(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    def view_selected(self) -> None:
        voucher = self.selected()
        if voucher is None:
            return
        from kesos_desktop.ui.pages.vouchers.viewer import open_voucher_viewer

        viewer = open_voucher_viewer(self.ctx, voucher, self)
        viewer.changed.connect(lambda _id: self.refresh())
        self.viewer = viewer

    def void_selected(self) -> None:
        voucher = self.selected()
        if voucher is None:
            return
        from kesos_desktop.ui.pages.vouchers.void_dialog import VoidDialog

        dialog = VoidDialog(self.ctx, voucher, self)
        dialog.voided.connect(lambda _info: self.refresh())
        self._open(dialog)

    def open_batch(self) -> None:
        from kesos_desktop.ui.pages.vouchers.batch_dialog import BatchIssueDialog

        dialog = BatchIssueDialog(self.ctx, self)
        dialog.finished_batch.connect(lambda _infos: self.refresh())
        self._open(dialog)

    def open_verify(self) -> None:
        from kesos_desktop.ui.pages.vouchers.verify_dialog import VerifyDialog

        self._open(VerifyDialog(self.ctx, self))

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
