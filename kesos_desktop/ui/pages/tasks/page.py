"""Tugas saya: the user's reminders (assessments due, plan reviews, overdue stays, partner reports, placement
reviews) and stored tasks, most urgent first; open what a task is about, mark it done, or dismiss it with a reason.

The page does not open other pages itself: it emits ``person_activated(uuid)``, ``case_activated(uuid)`` and
``placement_activated(uuid)`` for the main window to route."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.services import tasks
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.activities.fields import open_dialog
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.tasks.data import TaskRow, load_tasks
from kesos_desktop.ui.pages.tasks.dismiss_dialog import DismissDialog
from kesos_desktop.ui.style import ERROR, MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table
from kesos_desktop.ui.widgets.task_counter import task_events, tasks_changed

SOON_COLOR = "#a15c00"


def when_text(row: TaskRow, today: date) -> str:
    late = row.days_late(today)
    if late is None:
        return _("tanpa tanggal")
    if late > 0:
        return ngettext("terlambat {n} hari", "terlambat {n} hari", late).format(n=format_number(late))
    if late == 0:
        return _("hari ini")
    return ngettext("{n} hari lagi", "{n} hari lagi", -late).format(n=format_number(-late))


def when_color(row: TaskRow, today: date) -> str | None:
    late = row.days_late(today)
    if late is None:
        return MUTED
    return ERROR if late > 0 else SOON_COLOR if late == 0 else None


def task_columns(today: date) -> list[Column[TaskRow]]:
    return [
        Column(
            _("Jatuh tempo"),
            lambda r: format_date(r.item.due_on) if r.item.due_on else "—",
            sort_key=lambda r: (r.item.due_on is None, r.item.due_on or today),
        ),
        Column(
            _("Kapan"),
            lambda r: when_text(r, today),
            sort_key=lambda r: (r.item.due_on is None, r.item.due_on or today),
            color=lambda r: when_color(r, today),
        ),
        Column(_("Jenis"), lambda r: r.item.kind_label),
        Column(_("Nama"), lambda r: r.person_name, tooltip=lambda r: r.registration_no),
        Column(_("Tugas"), lambda r: r.item.title, tooltip=lambda r: r.item.title),
    ]


class TasksPage(Page):
    person_activated = Signal(object)
    case_activated = Signal(object)
    placement_activated = Signal(object)
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx, _("Tugas saya"), _("Pengingat dan tugas Anda, yang paling mendesak di atas. Enter membuka tugasnya.")
        )
        self.dialog: QDialog | None = None
        self.today = date.today()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari nama atau tugas…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(280)
        self.search.textChanged.connect(lambda _t: self._filter())
        self.header.actions.addWidget(self.search, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = code_combo([(k, _(v)) for k, v in tasks.KIND_LABELS.items()], _("Semua jenis"), min_chars=24)
        self.kind.currentIndexChanged.connect(lambda _i: self._filter())
        self.open_case_button = QPushButton(_("Buka &kasus"))
        self.open_case_button.clicked.connect(self.open_case)
        self.open_person_button = QPushButton(_("Buka &profil"))
        self.open_person_button.clicked.connect(self.open_person)
        self.open_placement_button = QPushButton(_("Buka &penempatan"))
        self.open_placement_button.clicked.connect(self.open_placement)
        self.done_button = QPushButton(icon("save"), _("&Selesai"))
        self.done_button.setToolTip(_("Tandai tugas ini sudah dikerjakan"))
        self.done_button.clicked.connect(self.mark_done)
        self.dismiss_button = QPushButton(icon("block"), _("&Abaikan…"))
        self.dismiss_button.setToolTip(_("Abaikan tugas ini dengan alasan"))
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        bar = QHBoxLayout()
        label = QLabel(_("&Jenis"))
        label.setBuddy(self.kind)
        bar.addWidget(label)
        bar.addWidget(self.kind)
        bar.addStretch(1)
        for button in (
            self.open_case_button,
            self.open_person_button,
            self.open_placement_button,
            self.done_button,
            self.dismiss_button,
        ):
            bar.addWidget(button)
        self.model: RowsTableModel[TaskRow] = RowsTableModel(task_columns(self.today), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (150, 130, 200, 180), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.empty = QLabel(_("Tidak ada tugas. Semua pengingat sudah ditangani."))
        self.empty.setObjectName("infoBanner")
        self.empty.hide()
        self.body.addLayout(bar)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.count)
        self._all: list[TaskRow] = []
        self._update()
        task_events().changed.connect(self.refresh)
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        actor = self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: load_tasks(s, actor), self._loaded, show_progress=False)

    def _loaded(self, rows: list[TaskRow]) -> None:
        current = self.selected()
        self.today = date.today()
        self._all = rows
        self.model.set_rows(rows)
        self._filter()
        # Something chosen from the start, so Enter, Selesai and Abaikan work straight from the keyboard.
        if (current is None or not self.select_key(current.key)) and self.model.rowCount():
            self.table.selectRow(0)
        self.loaded.emit()

    def _filter(self) -> None:
        needle, kind = fold(self.search.text().strip()), self.kind.currentData()

        def keep(r: TaskRow) -> bool:
            if kind and r.item.kind != kind:
                return False
            return not needle or needle in fold(f"{r.person_name} {r.registration_no} {r.item.title}")

        self.model.set_filter(keep if needle or kind else None)
        total, shown = len(self._all), self.model.rowCount()
        late = sum(1 for r in self._all if (r.days_late(self.today) or 0) > 0)
        text = ngettext("{n} tugas", "{n} tugas", total).format(n=format_number(total))
        if late:
            text = _("{text}, {late} terlambat").format(text=text, late=format_number(late))
        if shown != total:
            text = _("{text} (tampil {shown})").format(text=text, shown=format_number(shown))
        self.count.setText(text)
        self.empty.setVisible(total == 0)
        self._update()

    # --- selection --------------------------------------------------------------------------------------------
    def selected(self) -> TaskRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_key(self, key: str) -> bool:
        row = self.model.find(lambda r: r.key == key)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update(self) -> None:
        row = self.selected()
        item = row.item if row else None
        self.open_case_button.setEnabled(item is not None and item.case_id is not None)
        self.open_person_button.setEnabled(item is not None and item.person_id is not None)
        self.open_placement_button.setVisible(self.ctx.actor.can("placements.view"))
        self.open_placement_button.setEnabled(item is not None and item.ref_entity == "placement")
        self.done_button.setEnabled(item is not None)
        self.dismiss_button.setEnabled(item is not None)

    # --- commands ---------------------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_selected(self) -> None:
        """Enter: what the task is about — its case, else its placement, else the person."""
        row = self.selected()
        if row is None:
            return
        if row.item.case_id is not None:
            self.open_case()
        elif row.item.ref_entity == "placement":
            self.open_placement()
        elif row.item.person_id is not None:
            self.open_person()

    def open_case(self) -> None:
        row = self.selected()
        if row is not None and row.item.case_id is not None:
            self.case_activated.emit(row.item.case_id)

    def open_person(self) -> None:
        row = self.selected()
        if row is not None and row.item.person_id is not None:
            self.person_activated.emit(row.item.person_id)

    def open_placement(self) -> None:
        row = self.selected()
        if row is not None and row.item.ref_entity == "placement":
            self.placement_activated.emit(uuid.UUID(row.item.ref_id))

    def mark_done(self) -> None:
        row = self.selected()
        if row is None:
            return
        actor, key = self.ctx.actor, row.key
        operations.write(self, self.ctx.db, lambda s: tasks.close_task(s, actor, key), lambda _r: self._closed())

    def dismiss_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = DismissDialog(self.ctx, row.item, self)
        dialog.saved.connect(lambda _key: self._closed())
        open_dialog(self, dialog)

    def _closed(self) -> None:
        tasks_changed()  # the status-bar count and this list recount
