"""Kegiatan: group activities, training sessions and individual sessions, newest first, with the chosen activity's
attendance sheet beside the list (Ctrl+N a new group activity, Ctrl+S saves the sheet)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import activities
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo, uuid_of
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.activities.activity_dialog import ActivityDialog
from kesos_desktop.ui.pages.activities.attendance import AttendanceSheet
from kesos_desktop.ui.pages.activities.data import ActivityFilter, Choices, load_activities, load_choices
from kesos_desktop.ui.pages.activities.fields import open_dialog
from kesos_desktop.ui.pages.activities.session_dialog import SessionDialog
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.style import icon
from kesos_desktop.ui.widgets.tables import setup_table

STATE_KEY = "activities_page"
PERIODS = {"30": 30, "90": 90, "365": 365, "all": None}
Row = activities.ActivityRow


def attendance_text(r: Row) -> str:
    if r.kind == "individu":
        return _("individu")
    return _("{present} dari {total}").format(present=format_number(r.present), total=format_number(r.total))


def activity_columns() -> list[Column[Row]]:
    return [
        Column(_("Tanggal"), lambda r: format_date(r.held_on), sort_key=lambda r: r.held_on),
        Column(_("Nama kegiatan"), lambda r: r.title, tooltip=lambda r: r.title),
        Column(_("Hadir"), attendance_text, sort_key=lambda r: r.present, align=Qt.AlignmentFlag.AlignRight),
        Column(_("Jenis"), lambda r: r.type_label, tooltip=lambda r: _(activities.KINDS.get(r.kind, r.kind))),
        Column(_("Lembaga"), lambda r: r.institution_name, tooltip=lambda r: r.institution_name),
    ]


class ActivitiesPage(Page):
    can_create = True
    can_save = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Kegiatan"),
            _("Kegiatan kelompok, sesi pelatihan dan sesi individu, dengan daftar hadir seluruh kelompok sekaligus."),
        )
        self.dialog: QDialog | None = None
        self.choices: Choices | None = None
        self._seq = 0
        self._select: uuid.UUID | None = None
        manage = ctx.actor.can("activities.manage")
        self.new_button = QPushButton(icon("add"), _("Kegiatan kelompok &baru…"))
        self.new_button.setToolTip(_("Buat kegiatan kelompok dan isi daftar hadirnya (Ctrl+N)"))
        self.new_button.clicked.connect(self.create_new)
        self.edit_button = QPushButton(icon("edit"), _("&Ubah kegiatan…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.session_button = QPushButton(icon("edit"), _("Sesi &individu…"))
        self.session_button.clicked.connect(self.record_session)
        for button in (self.new_button, self.edit_button, self.session_button):
            button.setEnabled(manage)
            self.header.actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.institution = code_combo([], _("Semua lembaga"), min_chars=24)
        self.kind = code_combo([(k, _(label)) for k, label in activities.KINDS.items()], _("Semua jenis"))
        self.period = code_combo(
            [("30", _("30 hari terakhir")), ("90", _("90 hari terakhir")), ("365", _("Setahun")), ("all", _("Semua"))]
        )
        self.period.setCurrentIndex(max(0, self.period.findData(ui_state.value(f"{STATE_KEY}/period", "90"))))
        filters = QHBoxLayout()
        for text, combo in ((_("&Lembaga"), self.institution), (_("&Jenis"), self.kind), (_("&Periode"), self.period)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(10)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        filters.addStretch(1)
        self.model: RowsTableModel[Row] = RowsTableModel(activity_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (125, 145, 70, 110), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selection_changed())
        self.table.activated.connect(lambda _i: self.sheet.focus_sheet())
        self.sheet = AttendanceSheet(ctx)
        self.sheet.saved.connect(lambda _r: self.refresh())
        self.sheet.loaded.connect(lambda _s: self._update())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.sheet)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([500, 740])
        ui_state.restore_splitter(self.splitter, STATE_KEY)
        self.splitter.splitterMoved.connect(lambda *_a: ui_state.save_splitter(self.splitter, STATE_KEY))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self._update()
        self.body.addLayout(filters)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.count)
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: load_choices(s, actor), self._choices_loaded, show_progress=False)

    # --- loading ----------------------------------------------------------------------------------------------
    def _choices_loaded(self, choices: Choices) -> None:
        self.choices = choices
        self.institution.blockSignals(True)
        for place in choices.institutions:
            self.institution.addItem(place.name, str(place.id))
        self.institution.blockSignals(False)
        self.refresh()

    def activity_filter(self) -> ActivityFilter:
        days = PERIODS.get(str(self.period.currentData()))
        return ActivityFilter(
            institution_id=uuid_of(self.institution),
            kind=self.kind.currentData() or None,
            date_from=date.today() - timedelta(days=days) if days else None,
        )

    def refresh(self, select: uuid.UUID | None = None) -> None:
        ui_state.set_value(f"{STATE_KEY}/period", str(self.period.currentData()))
        self._seq += 1
        seq, actor, flt = self._seq, self.ctx.actor, self.activity_filter()
        keep = select or (self.selected().id if self.selected() else None)
        operations.read(
            self,
            self.ctx.db,
            lambda s: load_activities(s, actor, flt),
            lambda rows: self._loaded(seq, rows, keep),
            show_progress=False,
        )

    def _loaded(self, seq: int, rows: list[Row], select: uuid.UUID | None) -> None:
        if seq != self._seq:
            return
        shown = self.sheet.sheet.info.id if self.sheet.sheet is not None else None
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        n = len(rows)
        self.count.setText(ngettext("{n} kegiatan", "{n} kegiatan", n).format(n=format_number(n)))
        if select is not None and self.select_activity(select):
            if select != shown:
                self._selection_changed()
        elif shown is not None:
            self.sheet.load(None)
        self.loaded.emit()

    # --- selection --------------------------------------------------------------------------------------------
    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_activity(self, activity_id: uuid.UUID) -> bool:
        row = self.model.find(lambda r: r.id == activity_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(index)
        return True

    def _selection_changed(self) -> None:
        row = self.selected()
        self.sheet.load(row.id if row is not None else None)
        self._update()

    def _update(self) -> None:
        shown = self.sheet.sheet
        self.edit_button.setEnabled(
            shown is not None and shown.info.kind != "individu" and self.ctx.actor.can("activities.manage")
        )

    # --- commands ---------------------------------------------------------------------------------------------
    def create_new(self) -> None:
        if not self.ctx.actor.can("activities.manage"):
            return
        dialog = ActivityDialog(self.ctx, self)
        dialog.saved.connect(self._created)
        open_dialog(self, dialog)

    def _created(self, info: activities.ActivityInfo) -> None:
        self.sheet.loaded.connect(self._focus_after_create, Qt.ConnectionType.SingleShotConnection)
        self.refresh(select=info.id)

    def _focus_after_create(self, _sheet: object) -> None:
        self.sheet.focus_sheet()

    def edit_selected(self) -> None:
        shown = self.sheet.sheet
        if shown is None or not self.edit_button.isEnabled():
            return
        dialog = ActivityDialog(self.ctx, self, current=shown.info)
        dialog.saved.connect(self._edited)
        open_dialog(self, dialog)

    def _edited(self, info: activities.ActivityInfo) -> None:
        self.sheet.reload()  # a new version; marks not yet saved stay
        self.refresh(select=info.id)

    def record_session(self) -> None:
        dialog = SessionDialog(self.ctx, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.id))
        open_dialog(self, dialog)

    def save(self) -> None:
        self.sheet.save()
