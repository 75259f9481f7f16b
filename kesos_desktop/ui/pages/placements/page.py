"""Penempatan: children placed with partner pesantren and LKSA, filtered by partner, active/ended and review due;
the chosen placement's facts and reports below; place a child (Ctrl+N), change, or end a placement."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import placements
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo, uuid_of
from kesos_desktop.ui.dialogs.stays.lookups import InstitutionChoice
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.activities.fields import open_dialog
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.placements.data import (
    ListFilter,
    load_detail,
    load_placements,
    partner_choices,
    report_late,
    review_due,
)
from kesos_desktop.ui.pages.placements.detail import PlacementPanel, status_text
from kesos_desktop.ui.pages.placements.end_dialog import EndDialog
from kesos_desktop.ui.pages.placements.place_dialog import PlaceDialog
from kesos_desktop.ui.style import ERROR, MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

STATE_KEY = "placements_page"
Row = placements.PlacementInfo
SOON = "#a15c00"


def reports_text(p: Row, today: date) -> str:
    count = ngettext("{n} laporan", "{n} laporan", p.reports_count).format(n=format_number(p.reports_count))
    if report_late(p, today):
        return _("{count}, terlambat").format(count=count)
    return count


def placement_columns(today: date) -> list[Column[Row]]:
    def review_color(p: Row) -> str | None:
        if not p.is_active:
            return MUTED
        return ERROR if p.review_on < today else SOON if review_due(p, today) else None

    def status_color(p: Row) -> str | None:
        return ERROR if p.end_reason == "KABUR" else None if p.is_active else MUTED

    return [
        Column(_("Nama anak"), lambda p: p.person_name, tooltip=lambda p: p.registration_no),
        Column(_("No. registrasi"), lambda p: p.registration_no),
        Column(_("Lembaga mitra"), lambda p: p.institution_name, tooltip=lambda p: p.institution_name),
        Column(_("Mulai"), lambda p: format_date(p.start_on), sort_key=lambda p: p.start_on),
        Column(_("Tinjauan"), lambda p: format_date(p.review_on), sort_key=lambda p: p.review_on, color=review_color),
        Column(
            _("Laporan"),
            lambda p: reports_text(p, today),
            sort_key=lambda p: p.reports_count,
            color=lambda p: ERROR if report_late(p, today) else None,
        ),
        Column(_("Status"), status_text, color=status_color, tooltip=lambda p: p.end_note),
    ]


class PlacementsModel(RowsTableModel[Row]):
    """Bold for the KABUR status, so a run-away child stands out in the list."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.column() == 6:
            row = self.row_at(index.row())
            if row is not None and row.end_reason == "KABUR":
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class PlacementsPage(Page):
    can_create = True
    can_find = False

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Penempatan"),
            _(
                "Anak yang ditempatkan di pondok pesantren dan LKSA mitra (PP 44/2017), laporan berkala mitra, "
                "tinjauan dan berakhirnya penempatan."
            ),
        )
        self.dialog: QDialog | None = None
        self.today = date.today()
        self._seq = 0
        manage = ctx.actor.can("placements.manage")
        self.place_button = QPushButton(icon("add"), _("&Tempatkan anak…"))
        self.place_button.setToolTip(_("Tempatkan anak di lembaga mitra (Ctrl+N)"))
        self.place_button.clicked.connect(self.create_new)
        self.edit_button = QPushButton(icon("edit"), _("&Ubah…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.end_button = QPushButton(icon("block"), _("&Akhiri penempatan…"))
        self.end_button.clicked.connect(self.end_selected)
        for button in (self.place_button, self.edit_button, self.end_button):
            button.setVisible(manage)
            self.header.actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.partner = code_combo([], _("Semua lembaga mitra"), min_chars=28)
        self.status = code_combo([("aktif", _("Aktif")), ("berakhir", _("Berakhir")), ("all", _("Semua"))])
        self.review_due_only = QCheckBox(_("Hanya tinjauan &jatuh tempo (30 hari)"))
        filters = QHBoxLayout()
        for text, combo in ((_("&Lembaga mitra"), self.partner), (_("&Status"), self.status)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(10)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        filters.addWidget(self.review_due_only)
        self.review_due_only.toggled.connect(lambda _on: self.refresh())
        filters.addStretch(1)
        self.model = PlacementsModel(placement_columns(self.today), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (180, 135, 220, 130, 130, 165), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.load_detail())
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.panel = PlacementPanel(ctx)
        self.panel.changed.connect(self.refresh)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setSizes([260, 420])
        ui_state.restore_splitter(self.splitter, STATE_KEY)
        self.splitter.splitterMoved.connect(lambda *_a: ui_state.save_splitter(self.splitter, STATE_KEY))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.body.addLayout(filters)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.count)
        self._update()
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: partner_choices(s, actor), self._partners_loaded, show_progress=False)

    # --- loading ----------------------------------------------------------------------------------------------
    def _partners_loaded(self, partners: list[InstitutionChoice]) -> None:
        self.partner.blockSignals(True)
        for p in partners:
            self.partner.addItem(p.name, str(p.id))
        self.partner.blockSignals(False)
        self.refresh()

    def list_filter(self) -> ListFilter:
        status = self.status.currentData()
        return ListFilter(
            institution_id=uuid_of(self.partner),
            status=None if status == "all" else str(status),
            review_due_only=self.review_due_only.isChecked(),
        )

    def refresh(self, select: uuid.UUID | None = None) -> None:
        self._seq += 1
        seq, actor, flt = self._seq, self.ctx.actor, self.list_filter()
        keep = select or (self.selected().id if self.selected() else None)
        operations.read(
            self,
            self.ctx.db,
            lambda s: load_placements(s, actor, flt),
            lambda rows: self._loaded(seq, rows, keep),
            show_progress=False,
        )

    def _loaded(self, seq: int, rows: list[Row], select: uuid.UUID | None) -> None:
        if seq != self._seq:
            return
        self.today = date.today()
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        n = len(rows)
        late = sum(1 for p in rows if report_late(p, self.today))
        text = ngettext("{n} penempatan", "{n} penempatan", n).format(n=format_number(n))
        if late:
            text = _("{text}; {late} laporan terlambat").format(text=text, late=format_number(late))
        self.count.setText(text)
        if select is None or not self.show_placement(select):
            self.load_detail()
        self.loaded.emit()

    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def show_placement(self, placement_id: uuid.UUID) -> bool:
        """Select the placement (for the task list's "Buka penempatan"); False when it is not in the list shown."""
        row = self.model.find(lambda p: p.id == placement_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        self.load_detail()
        return True

    def load_detail(self) -> None:
        p = self.selected()
        self._update()
        if p is None:
            self.panel.set_detail(None)
            return
        actor, pid = self.ctx.actor, p.id
        operations.read(
            self, self.ctx.db, lambda s: load_detail(s, actor, pid), self.panel.set_detail, show_progress=False
        )

    def _update(self) -> None:
        p = self.selected()
        self.edit_button.setEnabled(p is not None and p.is_active)
        self.end_button.setEnabled(p is not None and p.is_active)

    # --- commands ---------------------------------------------------------------------------------------------
    def create_new(self) -> None:
        if not self.ctx.actor.can("placements.manage"):
            return
        dialog = PlaceDialog(self.ctx, None, self)
        dialog.saved.connect(self._placed)
        open_dialog(self, dialog)

    def _placed(self, info: Row) -> None:
        if self.status.currentData() == "berakhir":
            self.status.setCurrentIndex(0)
        self.refresh(select=info.id)

    def edit_selected(self) -> None:
        p = self.selected()
        if p is None or not p.is_active or not self.ctx.actor.can("placements.manage"):
            return
        dialog = PlaceDialog(self.ctx, p, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.id))
        open_dialog(self, dialog)

    def end_selected(self) -> None:
        p = self.selected()
        if p is None or not p.is_active or not self.ctx.actor.can("placements.manage"):
            return
        dialog = EndDialog(self.ctx, p, self)
        dialog.saved.connect(self._ended)
        open_dialog(self, dialog)

    def _ended(self, info: Row) -> None:
        # Keep the ended placement in sight, with its marker.
        if self.status.currentData() == "aktif":
            self.status.blockSignals(True)
            self.status.setCurrentIndex(self.status.findData("all"))
            self.status.blockSignals(False)
        self.refresh(select=info.id)
