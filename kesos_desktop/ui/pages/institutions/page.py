"""Lembaga: the list of institutions with occupancy and licence warnings, and panels for occupancy, expiring
documents and overdue stays; dialogs for editing an institution and its rooms and beds."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
)

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.services import institutions
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.institutions.dialog import InstitutionDialog
from kesos_desktop.ui.pages.institutions.expiring import ExpiringPanel
from kesos_desktop.ui.pages.institutions.occupancy import OccupancyPanel
from kesos_desktop.ui.pages.institutions.overdue import OverduePanel
from kesos_desktop.ui.pages.institutions.rooms import RoomsDialog
from kesos_desktop.ui.pages.institutions.rows import (
    InstitutionListRow,
    PageData,
    capacity_text,
    load_page,
    ownership_text,
    warning_text,
    warning_tooltip,
)
from kesos_desktop.ui.style import ERROR, MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

Row = InstitutionListRow
STATE_KEY = "institutions_page"


def _name(row: Row) -> str:
    return row.row.name if row.row.is_active else _("{name} (nonaktif)").format(name=row.row.name)


def _warning_color(row: Row) -> str | None:
    return ERROR if any(d.is_expired for d in row.warnings) else "#a15c00" if row.warnings else None


def list_columns() -> list[Column[Row]]:
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(_("Nama lembaga"), _name, tooltip=_name, color=lambda r: None if r.row.is_active else MUTED),
        Column(_("Jenis"), lambda r: r.row.type_name, tooltip=lambda r: r.row.type_name),
        Column(_("Kedudukan"), lambda r: ownership_text(r.row)),
        Column(_("Wilayah"), lambda r: r.row.region_name, tooltip=lambda r: r.row.region_name),
        Column(_("Kapasitas"), lambda r: capacity_text(r.row), sort_key=lambda r: r.capacity),
        Column(_("Dihuni"), lambda r: r.row.in_care, align=right),
        Column(
            _("TT kosong"),
            lambda r: "—" if r.beds_free is None else format_number(r.beds_free),
            align=right,
            sort_key=lambda r: -1 if r.beds_free is None else r.beds_free,
        ),
        Column(_("Peringatan izin"), warning_text, tooltip=warning_tooltip, color=_warning_color),
    ]


class InstitutionsPage(Page):
    can_create = True
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Lembaga"),
            _("Panti, shelter, LKSA dan pondok pesantren mitra: kapasitas, kamar, izin dan lama tinggal."),
        )
        self.data: PageData | None = None
        self.dialog: QDialog | None = None
        self.manage = ctx.actor.can("institutions.manage")
        self.model: RowsTableModel[Row] = RowsTableModel(list_columns(), parent=self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari nama, singkatan atau wilayah…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(lambda _t: self._apply_filter())

        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_action = QAction(icon("add"), _("&Tambah lembaga…"), self)
        self.add_action.triggered.connect(self.create_new)
        self.edit_action = QAction(icon("edit"), _("&Ubah…"), self)
        self.edit_action.triggered.connect(self.edit_selected)
        self.rooms_action = QAction(icon("office"), _("&Kamar dan tempat tidur…"), self)
        self.rooms_action.triggered.connect(self.rooms_selected)
        self.active_action = QAction(icon("block"), _("&Nonaktifkan"), self)
        self.active_action.triggered.connect(self.toggle_active_selected)
        for action in (self.add_action, self.edit_action, self.rooms_action, self.active_action):
            toolbar.addAction(action)
        self.type_filter = code_combo([], _("Semua jenis"), min_chars=16)
        self.type_filter.setToolTip(_("Jenis lembaga"))
        self.ownership_filter = code_combo(
            [("own", _("Milik kantor")), ("partner", _("Mitra")), ("other", _("Lembaga lain"))],
            _("Semua kedudukan"),
            min_chars=12,
        )
        self.ownership_filter.setToolTip(_("Kedudukan lembaga"))
        self.show_inactive = QCheckBox(_("Tampilkan yang &nonaktif"))
        for widget in (self.type_filter, self.ownership_filter):
            widget.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.show_inactive.toggled.connect(lambda _on: self._apply_filter())
        for widget in (self.type_filter, self.ownership_filter, self.search):
            self.header.actions.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        bar = QHBoxLayout()
        bar.addWidget(toolbar, 1)
        bar.addWidget(self.show_inactive)

        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (200, 135, 85, 145, 110, 55, 70), sortable=True)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

        self.occupancy = OccupancyPanel()
        self.expiring = ExpiringPanel()
        self.expiring.open_institution.connect(lambda iid: self.edit(iid, legal_tab=True))
        self.overdue = OverduePanel(ctx)
        self.overdue.stay_changed.connect(lambda _info: self.refresh())
        self.panels = QTabWidget()
        self.panels.addTab(self.occupancy, _("Keterisian"))
        self.panels.addTab(self.expiring, _("Akan kedaluwarsa"))
        if ctx.actor.can("residents.view"):
            self.panels.addTab(self.overdue, _("Melebihi batas lama tinggal"))
        else:
            self.overdue.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panels)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        ui_state.restore_splitter(self.splitter, STATE_KEY)
        self.splitter.splitterMoved.connect(lambda *_a: ui_state.save_splitter(self.splitter, STATE_KEY))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.body.addLayout(bar)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.count)
        self._update_actions()
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------------------
    def refresh(self, select: uuid.UUID | None = None) -> None:
        actor = self.ctx.actor
        keep = select or (self.selected().id if self.selected() else None)
        operations.read(self, self.ctx.db, lambda s: load_page(s, actor), lambda data: self._loaded(data, keep))

    def _loaded(self, data: PageData, select: uuid.UUID | None) -> None:
        self.data = data
        current_type = self.type_filter.currentData()
        self.type_filter.blockSignals(True)
        self.type_filter.clear()
        self.type_filter.addItem(_("Semua jenis"), None)
        used = {r.row.type_code for r in data.rows}
        for t in data.types:
            if t.code in used:
                self.type_filter.addItem(t.name, t.code)
        index = self.type_filter.findData(current_type)
        self.type_filter.setCurrentIndex(max(0, index))
        self.type_filter.blockSignals(False)
        self.model.set_rows(data.rows)
        self._apply_filter()
        self.expiring.set_documents(data.expiring)
        self.panels.setTabText(1, self._tab_title(_("Akan kedaluwarsa"), len(data.expiring)))
        if data.overdue is not None:
            self.overdue.set_stays(data.overdue)
            self.panels.setTabText(2, self._tab_title(_("Melebihi batas lama tinggal"), len(data.overdue)))
        if select is not None:
            self.select_institution(select)
        self._selection_changed()
        self.loaded.emit()

    @staticmethod
    def _tab_title(title: str, n: int) -> str:
        return _("{title} ({n})").format(title=title, n=format_number(n)) if n else title

    def _apply_filter(self) -> None:
        needle = fold(self.search.text().strip())
        type_code = self.type_filter.currentData()
        ownership = self.ownership_filter.currentData()
        inactive = self.show_inactive.isChecked()

        def keep(r: Row) -> bool:
            row = r.row
            if not inactive and not row.is_active:
                return False
            if type_code and row.type_code != type_code:
                return False
            kind = "own" if row.is_own else "partner" if row.is_partner else "other"
            if ownership and kind != ownership:
                return False
            return not needle or needle in fold(f"{row.name} {row.short_name} {row.region_name}")

        self.model.set_filter(keep)
        shown, total = self.model.rowCount(), len(self.data.rows) if self.data else 0
        self.count.setText(
            ngettext("{shown} dari {total} lembaga", "{shown} dari {total} lembaga", total).format(
                shown=format_number(shown), total=format_number(total)
            )
        )
        self._selection_changed()

    # --- selection --------------------------------------------------------------------------------------------
    def selected(self) -> Row | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_institution(self, institution_id: uuid.UUID) -> bool:
        row = self.model.find(lambda r: r.id == institution_id)
        if row < 0:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _selection_changed(self) -> None:
        row = self.selected()
        self.occupancy.set_institution(row)
        self.overdue.set_institution(row.id if row else None)
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected()
        self.add_action.setEnabled(self.manage)
        self.edit_action.setEnabled(row is not None)
        self.edit_action.setText(_("&Ubah…") if self.manage else _("&Lihat…"))
        self.rooms_action.setEnabled(row is not None)
        self.active_action.setEnabled(self.manage and row is not None)
        inactive = row is not None and not row.row.is_active
        self.active_action.setText(_("&Aktifkan") if inactive else _("&Nonaktifkan"))

    # --- commands ---------------------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def create_new(self) -> None:
        if not self.manage:
            return
        dialog = InstitutionDialog(self.ctx, None, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.id))
        self._open(dialog)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit(row.id)

    def edit(self, institution_id: uuid.UUID, *, legal_tab: bool = False) -> InstitutionDialog:
        dialog = InstitutionDialog(self.ctx, institution_id, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.id))
        dialog.rooms_requested.connect(lambda iid: self.open_rooms(iid, parent=dialog))
        if legal_tab:
            dialog.ready.connect(lambda: dialog.tabs.setCurrentIndex(1))
        self._open(dialog)
        return dialog

    def rooms_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_rooms(row.id)

    def open_rooms(self, institution_id: uuid.UUID, *, parent: QDialog | None = None) -> RoomsDialog:
        """The rooms dialog, over the institution dialog when opened from there."""
        dialog = RoomsDialog(self.ctx, institution_id, parent or self)
        dialog.changed.connect(lambda: self.refresh(select=institution_id))
        self._open(dialog)
        return dialog

    def toggle_active_selected(self) -> None:
        row = self.selected()
        if row is None or not self.manage:
            return
        if not row.row.is_active:
            self._set_active(row, True)
            return
        operations.ask(
            self,
            _("Nonaktifkan lembaga"),
            _(
                "Nonaktifkan {name}? Lembaga ini tidak lagi muncul sebagai pilihan penerimaan atau rujukan. "
                "Riwayatnya tetap tersimpan."
            ).format(name=row.row.name),
            _("&Nonaktifkan"),
            lambda: self._set_active(row, False),
            destructive=True,
        )

    def _set_active(self, row: Row, active: bool) -> None:
        actor, institution_id, version = self.ctx.actor, row.id, row.row.version_id
        service = institutions.reactivate_institution if active else institutions.deactivate_institution

        def done(info: institutions.InstitutionInfo) -> None:
            if not info.is_active:
                self.show_inactive.setChecked(True)  # keep the row in sight
            self.refresh(select=info.id)

        operations.write(
            self,
            self.ctx.db,
            lambda s: service(s, actor, institution_id, version),
            done,
            on_failure=self._conflict_reload,
        )

    def _conflict_reload(self, error: BaseException) -> bool:
        if isinstance(error, Conflict):
            operations.show_error(self, error)
            self.refresh()
            return True
        return False
