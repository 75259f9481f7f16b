"""The Sesi dan kehadiran tab of a programme: its sessions, newest first, and the chosen session's attendance sheet
(the same sheet as Kegiatan; the candidates are the programme's participants)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import activities, training
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.activities.activity_dialog import ActivityDialog
from kesos_desktop.ui.pages.activities.attendance import AttendanceSheet
from kesos_desktop.ui.pages.activities.fields import open_dialog
from kesos_desktop.ui.widgets.tables import setup_table

Row = activities.ActivityRow


class SessionsTab(QWidget):
    """``changed`` after a session was added or its attendance saved (participants' attendance changes)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.programme: training.ProgrammeInfo | None = None
        self.dialog: QDialog | None = None
        self._select: uuid.UUID | None = None
        self.new_button = QPushButton(_("Sesi &baru…"))
        self.new_button.setToolTip(_("Catat pertemuan pelatihan dan isi daftar hadirnya"))
        self.new_button.setVisible(ctx.actor.can("training.manage"))
        self.new_button.clicked.connect(self.new_session)
        self.model: RowsTableModel[Row] = RowsTableModel(
            [
                Column(_("Tanggal"), lambda r: format_date(r.held_on), sort_key=lambda r: r.held_on),
                Column(
                    _("Hadir"),
                    lambda r: _("{present} dari {total}").format(
                        present=format_number(r.present), total=format_number(r.total)
                    ),
                    align=Qt.AlignmentFlag.AlignRight,
                ),
                Column(_("Pertemuan"), lambda r: r.title, tooltip=lambda r: r.title),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (125, 75))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._chosen())
        self.table.activated.connect(lambda _i: self.sheet.focus_sheet())
        self.sheet = AttendanceSheet(ctx)
        self.sheet.saved.connect(lambda _r: self.changed.emit())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.sheet)
        splitter.setSizes([360, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def set_data(self, programme: training.ProgrammeInfo | None, rows: tuple[Row, ...]) -> None:
        changed_programme = programme is None or self.programme is None or programme.id != self.programme.id
        self.programme = programme
        keep = self._select or (None if changed_programme else self.selected_id())
        self._select = None
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        self.new_button.setEnabled(programme is not None and programme.status not in ("selesai", "dibatalkan"))
        row = self.model.find(lambda r: r.id == keep) if keep is not None else -1
        shown = self.sheet.sheet.info.id if self.sheet.sheet is not None else None
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
            if keep != shown:
                self.sheet.load(keep)
        elif shown is not None:
            self.sheet.load(None)

    def selected_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row.id if row is not None else None

    def _chosen(self) -> None:
        self.sheet.load(self.selected_id())

    def new_session(self) -> None:
        if self.programme is None or not self.new_button.isEnabled():
            return
        dialog = ActivityDialog(self.ctx, self, programme_id=self.programme.id)
        dialog.saved.connect(self._created)
        open_dialog(self, dialog)

    def _created(self, info: activities.ActivityInfo) -> None:
        self._select = info.id
        self.changed.emit()
