"""PlanWindow: one return plan — who, where, the legs with money and hand-overs, the budget, the timeline of its
events and its vouchers; the status actions its status and the user's role allow."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import returns, vouchers_register
from kesos_desktop.core.services.returns_costs import BudgetCheck
from kesos_desktop.core.services.returns_views import (
    APPROVED,
    DEPARTED,
    DRAFT,
    LEG_PLANNED,
    LegInfo,
    PlanEventInfo,
    PlanInfo,
)
from kesos_desktop.core.services.vouchers import VoucherInfo
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import RowsTableModel
from kesos_desktop.ui.pages.returns import plan_columns, status_dialogs
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.pages.returns.summary_page import budget_columns, fit_rows, section
from kesos_desktop.ui.pages.returns.wizard_pages import banner_label
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.tables import setup_table

STATE_KEY = "return_plan_window"


def pill(color: str) -> str:
    return f"color: white; background: {color}; border-radius: 9px; padding: 1px 10px; font-weight: 600;"


@dataclass(frozen=True)
class PlanView:
    plan: PlanInfo
    vouchers: tuple[VoucherInfo, ...]


def load_plan_view(session: Session, actor: Actor, plan_id: uuid.UUID) -> PlanView:
    plan = returns.get_plan(session, actor, plan_id)
    found = vouchers_register.list_vouchers(session, actor, vouchers_register.VoucherFilter(plan_id=plan_id))
    return PlanView(plan, tuple(found))


def table(model: RowsTableModel, widths: tuple[int, ...]) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    setup_table(view, widths)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return view


class PlanWindow(QWidget):
    """``loaded`` each time the plan is shown; ``changed(plan_id)`` after any action stored something."""

    loaded = Signal()
    changed = Signal(object)

    def __init__(self, ctx: AppContext, plan_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.plan_id = plan_id
        self.view: PlanView | None = None
        self.dialog: QWidget | None = None
        self._permissions: dict[QPushButton, str] = {}
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Rencana pemulangan"))
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setFont(heading_font(1.45))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel()
        self.meta = QLabel()
        self.meta.setObjectName("pageSubtitle")
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = banner_label()
        self.notice = banner_label("infoBanner")

        self.edit_button = self._button(_("&Ubah…"), self.edit_plan, "returns.plan")
        self.approve_button = self._button(_("&Setujui…"), self.approve, "returns.approve")
        self.depart_button = self._button(_("&Berangkat…"), self.depart, "returns.plan")
        self.handover_button = self._button(_("Serah &terima leg…"), self.handover, "returns.plan")
        self.arrive_button = self._button(_("&Tiba / konfirmasi…"), self.arrive, "returns.plan")
        self.voucher_button = self._button(_("Terbitkan &voucher…"), self.issue_voucher, "vouchers.issue")
        self.reopen_button = self._button(_("Kembalikan ke &draf…"), self.reopen, "returns.plan")
        self.cancel_button = self._button(_("Batalkan re&ncana…"), self.cancel_plan, "returns.plan")
        self.reload_button = QPushButton(_("Muat &ulang"))
        self.reload_button.setToolTip(_("Muat ulang (F5)"))
        self.reload_button.clicked.connect(self.reload)

        self.legs_model: RowsTableModel[LegInfo] = RowsTableModel(plan_columns.leg_columns(), parent=self)
        self.legs_table = table(self.legs_model, (34, 135, 140, 130, 85, 95, 40, 95, 90, 100, 115))
        self.legs_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.budget_model: RowsTableModel[BudgetCheck] = RowsTableModel(budget_columns(), parent=self)
        self.budget_table = table(self.budget_model, (380, 130, 130, 130))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.events_model: RowsTableModel[PlanEventInfo] = RowsTableModel(plan_columns.event_columns(), parent=self)
        self.events_table = table(self.events_model, (170, 230, 110, 150))
        self.vouchers_model: RowsTableModel[VoucherInfo] = RowsTableModel(
            plan_columns.voucher_columns(with_person=False), parent=self
        )
        self.vouchers_table = table(self.vouchers_model, (190, 100, 120, 100, 110, 60))
        self.vouchers_table.doubleClicked.connect(lambda _i: self.view_voucher())
        self.view_voucher_button = QPushButton(_("&Lihat…"))
        self.view_voucher_button.clicked.connect(self.view_voucher)
        self.void_button = QPushButton(_("Batalkan &voucher…"))
        self.void_button.clicked.connect(self.void_voucher)
        self.void_button.setVisible(ctx.actor.can("vouchers.void"))
        self.vouchers_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self._build()
        QShortcut(QKeySequence("F5"), self, self.reload)
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(1240, 760)
        self.reload()

    def _button(self, text: str, slot, permission: str) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.clicked.connect(lambda _c=False: slot())
        button.setVisible(False)
        self._permissions[button] = permission
        return button

    def _build(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        heading.addStretch(1)
        heading.addWidget(self.reload_button)
        actions = QHBoxLayout()
        for button in (
            self.edit_button,
            self.approve_button,
            self.voucher_button,
            self.depart_button,
            self.handover_button,
            self.arrive_button,
            self.reopen_button,
            self.cancel_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        route = QWidget()
        route_layout = QVBoxLayout(route)
        route_layout.addWidget(self.legs_table, 1)
        route_layout.addWidget(self.totals)
        route_layout.addWidget(section(_("Sumber dana dan sisa anggaran")))
        route_layout.addWidget(self.budget_table)
        voucher_tab = QWidget()
        voucher_layout = QVBoxLayout(voucher_tab)
        voucher_buttons = QHBoxLayout()
        voucher_buttons.addWidget(self.view_voucher_button)
        voucher_buttons.addWidget(self.void_button)
        voucher_buttons.addStretch(1)
        voucher_layout.addLayout(voucher_buttons)
        voucher_layout.addWidget(self.vouchers_table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(route, _("Rute dan biaya"))
        self.tabs.addTab(self.events_table, _("Riwayat"))
        self.tabs.addTab(voucher_tab, _("Voucher"))
        from kesos_desktop.ui.pages.letters.plan_documents import PlanDocumentsPanel

        # Letters and receipts of this plan (surat pengantar, berita acara per leg, surat jalan, kwitansi).
        self.documents = PlanDocumentsPanel(self.ctx, self.plan_id, self)
        self.documents.changed.connect(lambda _plan_id: self.reload())
        self.tabs.addTab(self.documents, _("Surat dan kuitansi"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addLayout(heading)
        layout.addWidget(self.meta)
        layout.addLayout(actions)
        layout.addWidget(self.warnings)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

    # --- loading ----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        actor, plan_id = self.ctx.actor, self.plan_id
        operations.read(self, self.ctx.db, lambda s: load_plan_view(s, actor, plan_id), self.show_view)

    def show_view(self, view: PlanView) -> None:
        self.view = view
        plan = view.plan
        self.setWindowTitle(_("Rencana pemulangan {no}").format(no=plan.plan_no))
        self.title.setText(_("{no} · {name}").format(no=plan.plan_no, name=plan.person_name))
        self.badge.setText(plan.status_label)
        self.badge.setStyleSheet(pill(plan_columns.STATUS_COLORS.get(plan.status, "#6b7785")))
        self.meta.setText(meta_text(plan))
        self.legs_model.set_rows(list(plan.legs))
        self.budget_model.set_rows(list(plan.budget))
        fit_rows(self.budget_table, max(1, len(plan.budget)))
        self.events_model.set_rows(list(reversed(plan.events)))
        self.vouchers_model.set_rows(list(view.vouchers))
        self.tabs.setTabText(2, _("Voucher ({n})").format(n=len(view.vouchers)))
        funds = [_("{label}: {amount}").format(label=f.label, amount=money_text(f.amount)) for f in plan.totals.by_fund]
        total = _("Dibiayai kantor ini: <b>{amount}</b>").format(amount=money_text(plan.totals.own_total))
        self.totals.setText("<br>".join([total, *funds]))
        warnings = plan.warnings
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self.notice.setText(status_note(plan))
        self.notice.setVisible(bool(self.notice.text()))
        self._update_actions()
        self.loaded.emit()

    def _update_actions(self) -> None:
        """Only the actions this status allows are shown (and only those the user's role may take)."""
        plan = self.view.plan if self.view else None
        status = plan.status if plan else ""
        planned = [leg for leg in plan.legs if leg.status == LEG_PLANNED] if plan else []
        allowed = {
            self.edit_button: status == DRAFT,
            self.approve_button: status == DRAFT,
            self.voucher_button: status in (APPROVED, DEPARTED),
            self.depart_button: status == APPROVED,
            self.reopen_button: status == APPROVED,
            self.handover_button: status == DEPARTED and bool(planned),
            self.arrive_button: status == DEPARTED,
            self.cancel_button: status in (DRAFT, APPROVED, DEPARTED),
        }
        for button, on in allowed.items():
            button.setVisible(on and self.ctx.actor.can(self._permissions[button]))
            button.setEnabled(on)
        voucher = self.selected_voucher()
        self.view_voucher_button.setEnabled(voucher is not None)
        self.void_button.setEnabled(voucher is not None and voucher.status != "batal")

    # --- actions ----------------------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "done_with"):
            dialog.done_with.connect(self._changed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, _info: object = None) -> None:
        self.changed.emit(self.plan_id)
        self.reload()

    def edit_plan(self) -> None:
        if self.view is None:
            return
        from kesos_desktop.ui.pages.returns.wizard import ReturnWizard

        wizard = ReturnWizard(self.ctx, plan=self.view.plan, parent=self)
        wizard.saved.connect(self._changed)
        self.dialog = wizard
        wizard.open()

    def approve(self) -> None:
        if self.view is not None:
            self._open(status_dialogs.ApproveDialog(self.ctx, self.view.plan, self))

    def depart(self) -> None:
        if self.view is not None:
            self._open(status_dialogs.DepartureDialog(self.ctx, self.view.plan, self))

    def handover(self) -> None:
        if self.view is None:
            return
        rows = self.legs_table.selectionModel().selectedRows()
        leg = self.legs_model.row_at(rows[0].row()) if rows else None
        self._open(status_dialogs.HandoverDialog(self.ctx, self.view.plan, leg, self))

    def arrive(self) -> None:
        if self.view is not None:
            self._open(status_dialogs.ArrivalDialog(self.ctx, self.view.plan, self))

    def reopen(self) -> None:
        if self.view is not None:
            self._open(status_dialogs.ReasonDialog(self.ctx, self.view.plan, cancel=False, parent=self))

    def cancel_plan(self) -> None:
        if self.view is not None:
            self._open(status_dialogs.ReasonDialog(self.ctx, self.view.plan, cancel=True, parent=self))

    def issue_voucher(self) -> None:
        if self.view is None:
            return
        from kesos_desktop.ui.pages.vouchers.issue_dialog import IssueVoucherDialog

        dialog = IssueVoucherDialog(self.ctx, self.view.plan.id, self)
        dialog.issued.connect(self._changed)
        self._open(dialog)

    def selected_voucher(self) -> VoucherInfo | None:
        rows = self.vouchers_table.selectionModel().selectedRows()
        return self.vouchers_model.row_at(rows[0].row()) if rows else None

    def view_voucher(self) -> None:
        voucher = self.selected_voucher()
        if voucher is not None:
            from kesos_desktop.ui.pages.vouchers.viewer import open_voucher_viewer

            viewer = open_voucher_viewer(self.ctx, voucher, self)
            viewer.changed.connect(self._changed)

    def void_voucher(self) -> None:
        voucher = self.selected_voucher()
        if voucher is not None:
            from kesos_desktop.ui.pages.vouchers.void_dialog import VoidDialog

            dialog = VoidDialog(self.ctx, voucher, self)
            dialog.voided.connect(self._changed)
            self._open(dialog)

    def closeEvent(self, event: QCloseEvent) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().closeEvent(event)


def meta_text(plan: PlanInfo) -> str:
    lines = [
        _("{reg} · tujuan {destination}").format(reg=plan.registration_no, destination=plan.destination_region_name)
    ]
    if plan.destination_address:
        lines.append(_("Alamat: {address}").format(address=plan.destination_address))
    if plan.receiver_name:
        who = ", ".join(x for x in (plan.receiver_name, plan.receiver_relation, plan.receiver_phone) if x)
        lines.append(_("Penerima: {who}").format(who=who))
    if plan.planned_departure_on:
        lines.append(_("Rencana berangkat {day}").format(day=format_date(plan.planned_departure_on)))
    return "\n".join(lines)


def status_note(plan: PlanInfo) -> str:
    """Who decided what, in one line per fact (approval, override, departure, arrival, cancellation)."""
    parts = []
    if plan.approved_by:
        parts.append(_("Disetujui oleh {user}.").format(user=plan.approved_by))
    if plan.budget_override_by:
        parts.append(
            _("Melampaui anggaran atas persetujuan {user}: {reason}").format(
                user=plan.budget_override_by, reason=plan.budget_override_reason
            )
        )
    if plan.departed_on:
        parts.append(_("Berangkat {day}.").format(day=format_date(plan.departed_on)))
    if plan.arrived_on:
        parts.append(
            _("Tiba {day}, dikonfirmasi oleh {who}.").format(
                day=format_date(plan.arrived_on), who=plan.arrival_confirmed_by
            )
        )
    if plan.cancel_reason:
        parts.append(_("Dibatalkan oleh {user}: {reason}").format(user=plan.cancelled_by, reason=plan.cancel_reason))
    return " ".join(parts)
