"""Pelatihan: vocational training programmes (menjahit, tata rias, memasak...) on top; the chosen programme's
participants and its sessions with attendance below (Ctrl+N a new programme, Ctrl+S saves an attendance sheet)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number, format_percent
from kesos_desktop.core.services import training
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.activities.fields import hint, open_dialog, section_title
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.training.data import ProgrammeDetail, load_detail, load_programmes
from kesos_desktop.ui.pages.training.participants import ParticipantsTab
from kesos_desktop.ui.pages.training.programme_dialog import ProgrammeDialog
from kesos_desktop.ui.pages.training.sessions import SessionsTab
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

STATE_KEY = "training_page"
Row = training.ProgrammeInfo


def period_text(p: Row) -> str:
    if p.end_on is None:
        return _("sejak {day}").format(day=format_date(p.start_on))
    return _("{start} – {end}").format(start=format_date(p.start_on), end=format_date(p.end_on))


def programme_columns() -> list[Column[Row]]:
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(_("Nama pelatihan"), lambda p: p.name, tooltip=lambda p: p.notes),
        Column(_("Jenis"), lambda p: p.kind_label),
        Column(_("Waktu"), period_text, sort_key=lambda p: p.start_on),
        Column(_("Status"), lambda p: p.status_label, color=lambda p: MUTED if p.status == "dibatalkan" else None),
        Column(_("Peserta"), lambda p: p.enrolled, align=right),
        Column(_("Lulus"), lambda p: p.passed, align=right),
        Column(_("Sesi"), lambda p: p.sessions, align=right),
        Column(_("Lembaga"), lambda p: p.institution_name, tooltip=lambda p: p.institution_name),
    ]


class TrainingPage(Page):
    can_create = True
    can_save = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Pelatihan"),
            _("Pelatihan vokasional: jadwal, peserta, kehadiran tiap sesi, kelulusan dan sertifikat."),
        )
        self.dialog: QDialog | None = None
        self.detail: ProgrammeDetail | None = None
        self._seq = 0
        manage = ctx.actor.can("training.manage")
        self.new_button = QPushButton(icon("add"), _("Pelatihan &baru…"))
        self.new_button.clicked.connect(self.create_new)
        self.edit_button = QPushButton(icon("edit"), _("&Ubah pelatihan…"))
        self.edit_button.clicked.connect(self.edit_selected)
        for button in (self.new_button, self.edit_button):
            button.setVisible(manage)
            self.header.actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.status = code_combo(
            [
                ("aktif", _("Direncanakan dan berjalan")),
                ("selesai", _("Selesai")),
                ("dibatalkan", _("Dibatalkan")),
                ("all", _("Semua")),
            ]
        )
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        filters = QHBoxLayout()
        label = QLabel(_("&Tampilkan"))
        label.setBuddy(self.status)
        filters.addWidget(label)
        filters.addWidget(self.status)
        filters.addStretch(1)
        self.model: RowsTableModel[Row] = RowsTableModel(programme_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (240, 150, 230, 100, 70, 60, 60), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.load_detail())
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.title = section_title("")
        self.facts = hint()
        self.participants = ParticipantsTab(ctx)
        self.participants.changed.connect(self.reload)
        self.sessions = SessionsTab(ctx)
        self.sessions.changed.connect(self.reload)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.participants, _("&Peserta"))
        self.tabs.addTab(self.sessions, _("Sesi dan &kehadiran"))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.title)
        lower_layout.addWidget(self.facts)
        lower_layout.addWidget(self.tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([180, 560])
        ui_state.restore_splitter(self.splitter, STATE_KEY)
        self.splitter.splitterMoved.connect(lambda *_a: ui_state.save_splitter(self.splitter, STATE_KEY))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.body.addLayout(filters)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.count)
        self._show_detail(None)
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------------------
    def refresh(self, select: uuid.UUID | None = None) -> None:
        self._seq += 1
        seq, actor = self._seq, self.ctx.actor
        status = self.status.currentData()
        keep = select or (self.selected().id if self.selected() else None)
        operations.read(
            self,
            self.ctx.db,
            lambda s: load_programmes(s, actor, None if status == "all" else str(status)),
            lambda rows: self._loaded(seq, rows, keep),
            show_progress=False,
        )

    def _loaded(self, seq: int, rows: list[Row], select: uuid.UUID | None) -> None:
        if seq != self._seq:
            return
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        self.count.setText(ngettext("{n} pelatihan", "{n} pelatihan", len(rows)).format(n=format_number(len(rows))))
        row = self.model.find(lambda p: p.id == select) if select is not None else (0 if rows else -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.load_detail()

    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def load_detail(self) -> None:
        p = self.selected()
        if p is None:
            self._show_detail(None)
            self.loaded.emit()
            return
        actor, pid = self.ctx.actor, p.id
        operations.read(self, self.ctx.db, lambda s: load_detail(s, actor, pid), self._show_detail, show_progress=False)

    def reload(self) -> None:
        """After a change below: the list's counts and the detail."""
        self.refresh()

    def _show_detail(self, detail: ProgrammeDetail | None) -> None:
        self.detail = detail
        self.edit_button.setEnabled(detail is not None)
        if detail is None:
            self.title.setText(_("Pilih pelatihan di daftar, atau buat pelatihan baru (Ctrl+N)."))
            self.facts.clear()
            self.participants.set_data(None, ())
            self.sessions.set_data(None, ())
            return
        p = detail.info
        self.title.setText(_("{name} — {status}").format(name=p.name, status=p.status_label))
        facts = [p.kind_label, p.institution_name, period_text(p)]
        if p.instructor:
            facts.append(_("instruktur {name}").format(name=p.instructor))
        if p.schedule:
            facts.append(p.schedule)
        if p.total_hours:
            facts.append(
                ngettext("{n} jam pelajaran", "{n} jam pelajaran", p.total_hours).format(n=format_number(p.total_hours))
            )
        facts.append(_("kehadiran minimal {pct}").format(pct=format_percent(p.min_attendance_pct / 100)))
        self.facts.setText(" · ".join(facts))
        self.participants.set_data(p, detail.enrolments)
        self.sessions.set_data(p, detail.sessions)
        self.loaded.emit()

    # --- commands ---------------------------------------------------------------------------------------------
    def create_new(self) -> None:
        if not self.ctx.actor.can("training.manage"):
            return
        dialog = ProgrammeDialog(self.ctx, None, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.id))
        open_dialog(self, dialog)

    def edit_selected(self) -> None:
        if self.detail is None or not self.ctx.actor.can("training.manage"):
            return
        dialog = ProgrammeDialog(self.ctx, self.detail.info, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.id))
        open_dialog(self, dialog)

    def save(self) -> None:
        if self.tabs.currentWidget() is self.sessions:
            self.sessions.sheet.save()
