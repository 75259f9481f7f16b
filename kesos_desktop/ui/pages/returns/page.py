"""Pemulangan: the return plans, newest first, filtered by status, year and text; new plan and open plan."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QTableView, QToolBar

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_datetime, format_number
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.services.returns_views import ACTIVE_STATUSES, STATUSES, PlanRow, list_plans, status_label
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.returns import opener
from kesos_desktop.ui.pages.returns.plan_columns import STATUS_COLORS
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

ACTIVE = "aktif"
YEARS_BACK = 5


def plan_columns() -> list[Column[PlanRow]]:
    return [
        Column(_("No. rencana"), lambda p: p.plan_no),
        Column(_("Nama"), lambda p: p.person_name),
        Column(_("No. registrasi"), lambda p: p.registration_no),
        Column(_("Tujuan"), lambda p: p.destination_region_name, tooltip=lambda p: p.destination_region_name),
        Column(
            _("Rencana berangkat"),
            lambda p: format_date(p.planned_departure_on) if p.planned_departure_on else "—",
            sort_key=lambda p: p.planned_departure_on or date.max,
        ),
        Column(_("Status"), lambda p: p.status_label, color=lambda p: STATUS_COLORS.get(p.status)),
        Column(_("Dibuat"), lambda p: format_datetime(p.created_at), sort_key=lambda p: p.created_at),
    ]


class ReturnsPage(Page):
    can_create = True
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx, _("Pemulangan"), _("Rencana pemulangan warga binaan ke daerah asal, estafet antarkantor.")
        )
        self.status = QComboBox()
        self.status.addItem(_("Sedang berjalan"), ACTIVE)
        for code in STATUSES:
            self.status.addItem(status_label(code), code)
        self.status.addItem(_("Semua status"), "")
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year = QComboBox()
        self.year.addItem(_("Semua tahun"), None)
        this_year = date.today().year
        for year in range(this_year, this_year - YEARS_BACK, -1):
            self.year.addItem(str(year), year)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Cari nomor, nama atau tujuan…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setMinimumWidth(260)
        self.filter.textChanged.connect(self._filter_changed)
        for widget in (self.status, self.year, self.filter):
            self.header.actions.addWidget(widget)

        self.model: RowsTableModel[PlanRow] = RowsTableModel(plan_columns(), parent=self)
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_action = QAction(icon("add"), _("&Rencana baru…"), self)
        self.new_action.triggered.connect(self.create_new)
        self.new_action.setVisible(ctx.actor.can("returns.plan"))
        self.open_action = QAction(icon("edit"), _("&Buka…"), self)
        self.open_action.triggered.connect(self.open_selected)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.open_action)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (130, 200, 150, 300, 140, 120), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.body.addWidget(toolbar)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.count)
        self.wizard = None
        self._update_actions()
        self.refresh()

    def refresh(self) -> None:
        actor = self.ctx.actor
        code, year = self.status.currentData(), self.year.currentData()
        statuses = ACTIVE_STATUSES if code == ACTIVE else ((code,) if code else ())
        operations.read(
            self,
            self.ctx.db,
            lambda s: list_plans(s, actor, statuses=statuses, year=year),
            self._loaded,
            show_progress=False,
        )

    def _loaded(self, rows: list[PlanRow]) -> None:
        self.model.set_rows(rows)
        self._show_count()
        self._update_actions()
        self.loaded.emit()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(ngettext("{n} rencana", "{n} rencana", n).format(n=format_number(n)))

    def _filter_changed(self, text: str) -> None:
        needle = fold(text.strip())
        if not needle:
            self.model.set_filter(None)
        else:
            self.model.set_filter(
                lambda p: needle in fold(f"{p.plan_no} {p.person_name} {p.registration_no} {p.destination_region_name}")
            )
        self._show_count()
        self._update_actions()

    def selected(self) -> PlanRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_actions(self) -> None:
        self.open_action.setEnabled(self.selected() is not None)

    def focus_find(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def create_new(self) -> None:
        if not self.ctx.actor.can("returns.plan"):
            return
        self.wizard = opener.open_return_wizard(self.ctx, None, self)
        self.wizard.saved.connect(lambda _info: self.refresh())

    def open_selected(self) -> None:
        plan = self.selected()
        if plan is not None:
            window = opener.open_plan_window(self.ctx, plan.id, self)
            window.changed.connect(lambda _id: self.refresh())
