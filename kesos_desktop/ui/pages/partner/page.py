"""Anak Binaan Kami: what a partner pesantren or LKSA sees — the children placed with them, each child's placement
and reports, and the report for the next period (Ctrl+N). The services decide who is visible; asking for any other
child ends in the same friendly "not found" as a child that does not exist."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QSplitter, QTableView
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import placements
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.dialogs.stays.fields import code_combo
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.placements.data import load_detail, report_late
from kesos_desktop.ui.pages.placements.detail import PlacementPanel, period_text, status_text
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.tables import setup_table

STATE_KEY = "partner_page"
Row = placements.PlacementInfo


def load_children(session: Session, actor: Actor, status: str | None) -> list[Row]:
    return placements.list_placements(session, actor, placements.PlacementFilter(status=status))


def load_child(session: Session, actor: Actor, person_id: uuid.UUID) -> list[Row]:
    """The child's placements with us; NotFound for anyone else (the service says nothing about them)."""
    lookups.person_brief(session, actor, person_id)
    return placements.list_placements(session, actor, placements.PlacementFilter(person_id=person_id, status=None))


def next_report_text(p: Row, today: date) -> str:
    if not p.is_active or p.next_period_start is None or p.next_period_end is None:
        return "—"
    text = period_text(p.next_period_start, p.next_period_end)
    return _("{period} (terlambat)").format(period=text) if report_late(p, today) else text


def child_columns(today: date) -> list[Column[Row]]:
    return [
        Column(_("Nama anak"), lambda p: p.person_name),
        Column(_("No. registrasi"), lambda p: p.registration_no),
        Column(_("Mulai"), lambda p: format_date(p.start_on), sort_key=lambda p: p.start_on),
        Column(
            _("Laporan berikutnya"),
            lambda p: next_report_text(p, today),
            color=lambda p: ERROR if report_late(p, today) else None,
        ),
        Column(_("Laporan"), lambda p: p.reports_count, align=Qt.AlignmentFlag.AlignRight),
        Column(
            _("Status"),
            status_text,
            color=lambda p: ERROR if p.end_reason == "KABUR" else None if p.is_active else MUTED,
        ),
    ]


class PartnerPage(Page):
    can_create = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Anak Binaan Kami"),
            _(
                "Anak yang ditempatkan Dinas Sosial di lembaga Anda. Kirim laporan perkembangan setiap periode "
                "(Ctrl+N)."
            ),
        )
        self.today = date.today()
        self._seq = 0
        self.institution = QLabel()
        self.institution.setObjectName("sectionTitle")
        self.header.actions.addWidget(self.institution, 0, Qt.AlignmentFlag.AlignTop)
        self.status = code_combo([("aktif", _("Masih dibina")), ("all", _("Semua, termasuk yang sudah selesai"))])
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        filters = QHBoxLayout()
        label = QLabel(_("&Tampilkan"))
        label.setBuddy(self.status)
        filters.addWidget(label)
        filters.addWidget(self.status)
        filters.addStretch(1)
        self.model: RowsTableModel[Row] = RowsTableModel(child_columns(self.today), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (220, 150, 150, 280, 80), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.load_detail())
        self.table.activated.connect(lambda _i: self.create_new())
        self.panel = PlacementPanel(ctx, partner_view=True)
        self.panel.changed.connect(self.refresh)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setSizes([200, 480])
        ui_state.restore_splitter(self.splitter, STATE_KEY)
        self.splitter.splitterMoved.connect(lambda *_a: ui_state.save_splitter(self.splitter, STATE_KEY))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.body.addLayout(filters)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.count)
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------------------
    def refresh(self, select: uuid.UUID | None = None) -> None:
        self._seq += 1
        seq, actor = self._seq, self.ctx.actor
        status = None if self.status.currentData() == "all" else "aktif"
        keep = select or (self.selected().id if self.selected() else None)
        operations.read(
            self,
            self.ctx.db,
            lambda s: load_children(s, actor, status),
            lambda rows: self._loaded(seq, rows, keep),
            show_progress=False,
        )

    def _loaded(self, seq: int, rows: list[Row], select: uuid.UUID | None) -> None:
        if seq != self._seq:
            return
        self.today = date.today()
        if rows:
            self.institution.setText(rows[0].institution_name)
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        n = len(rows)
        self.count.setText(ngettext("{n} anak", "{n} anak", n).format(n=format_number(n)))
        row = self.model.find(lambda p: p.id == select) if select is not None else (0 if rows else -1)
        if row >= 0:
            self._select_row(row)
        self.load_detail()
        self.loaded.emit()

    def _select_row(self, row: int) -> None:
        self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))

    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def load_detail(self) -> None:
        p = self.selected()
        if p is None:
            self.panel.set_detail(None)
            return
        actor, pid = self.ctx.actor, p.id
        operations.read(
            self, self.ctx.db, lambda s: load_detail(s, actor, pid), self.panel.set_detail, show_progress=False
        )

    # --- commands ---------------------------------------------------------------------------------------------
    def open_child(self, person_id: uuid.UUID) -> None:
        """Show one child (from a link, a task or a typed id): ours is selected; anyone else is "not found"."""
        row = self.model.find(lambda p: p.person_id == person_id)
        if row >= 0:
            self._select_row(row)
            self.load_detail()
            return
        actor = self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: load_child(s, actor, person_id), self._child_found)

    def _child_found(self, rows: list[Row]) -> None:
        if not rows:
            return
        if self.status.currentData() != "all":
            self.status.blockSignals(True)
            self.status.setCurrentIndex(self.status.findData("all"))
            self.status.blockSignals(False)
        self.refresh(select=rows[0].id)

    def show_placement(self, placement_id: uuid.UUID) -> bool:
        """Select a placement (for the task list's "Buka penempatan")."""
        row = self.model.find(lambda p: p.id == placement_id)
        if row >= 0:
            self._select_row(row)
            self.load_detail()
        return row >= 0

    def create_new(self) -> None:
        """Ctrl+N: the report for the chosen child's next period."""
        self.panel.new_report()
