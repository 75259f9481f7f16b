"""Kasus: the case list per worker or institution, stage counts, search by name; Enter opens a case."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QWidget,
)

from kesos_desktop.core.errors import PermissionDenied
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.services import cases
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.cases.opener import open_case_window
from kesos_desktop.ui.style import ERROR, MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

SCOPES = ("mine", "all", "unassigned")
STATE_KEY = "cases_page"


@dataclass(frozen=True)
class CaseList:
    rows: tuple[cases.CaseRow, ...]
    counts: dict[str, int]
    institutions: tuple[lookups.InstitutionChoice, ...] | None


def case_columns() -> list[Column[cases.CaseRow]]:
    def days(r: cases.CaseRow) -> str:
        return ngettext("{n} hari", "{n} hari", r.days_in_stage).format(n=format_number(r.days_in_stage))

    return [
        Column(_("No. kasus"), lambda r: r.case_no),
        Column(
            _("Nama"),
            lambda r: r.person_name,
            tooltip=lambda r: _("{name} · {reg}").format(name=r.person_name, reg=r.registration_no),
        ),
        Column(_("Lembaga"), lambda r: r.institution_name, tooltip=lambda r: r.institution_name),
        Column(
            _("Pekerja sosial"),
            lambda r: r.worker_name or _("— belum ada —"),
            color=lambda r: None if r.worker_name else MUTED,
        ),
        Column(_("Tahap"), lambda r: r.stage_label),
        Column(
            _("Lama di tahap"),
            days,
            sort_key=lambda r: r.days_in_stage,
            color=lambda r: ERROR if r.overdue_in_stage else None,
            tooltip=lambda r: since_text(r),
        ),
    ]


def since_text(r: cases.CaseRow) -> str:
    text = _("Di tahap {stage} sejak {day}.").format(stage=r.stage_label, day=format_date(r.stage_since))
    return f"{text} {_('Melewati batas waktu tahap ini.')}" if r.overdue_in_stage else text


class CasesPage(Page):
    """``case_opened(CaseWindow)`` after a case window was shown from the list."""

    case_opened = Signal(object)
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Kasus"),
            _(
                "Kasus rehabilitasi per pekerja sosial dan per lembaga, menurut tahapnya. "
                "Tekan Enter untuk membuka kasus."
            ),
        )
        self._seq = 0
        self._watched: set[int] = set()
        self.stage = ""
        self.counts: dict[str, int] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari nama, no. registrasi atau no. kasus…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(320)
        self.search.textChanged.connect(self._filter)
        self.header.actions.addWidget(self.search)
        self.scope = QComboBox()
        self.scope.addItem(_("Kasus saya"), "mine")
        self.scope.addItem(_("Semua kasus"), "all")
        self.scope.addItem(_("Belum ada pekerja sosial"), "unassigned")
        remembered = ui_state.value(f"{STATE_KEY}/scope", "mine" if ctx.actor.can("assessments.complete") else "all")
        self.scope.setCurrentIndex(max(0, self.scope.findData(remembered)))
        self.institution = QComboBox()
        self.institution.addItem(_("Semua lembaga"), None)
        self.institution.setMinimumContentsLength(28)
        self.institution.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status = QComboBox()
        self.status.addItem(_("Kasus berjalan"), "open")
        self.status.addItem(_("Kasus ditutup"), "closed")
        self.status.addItem(_("Semua status"), "all")
        for combo in (self.scope, self.institution, self.status):
            combo.currentIndexChanged.connect(lambda *_a: self.refresh())
        filters = QHBoxLayout()
        for label, combo in (
            (_("&Tampilkan"), self.scope),
            (_("&Lembaga"), self.institution),
            (_("&Status"), self.status),
        ):
            title = QLabel(label)
            title.setBuddy(combo)
            filters.addWidget(title)
            filters.addWidget(combo)
            filters.addSpacing(10)
        filters.addStretch(1)
        self.stages = QListWidget()
        self.stages.setFixedWidth(206)
        self.stages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stages.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.stages.setObjectName("stageList")
        self.stages.currentItemChanged.connect(self._stage_chosen)
        self._fill_stages()
        self.model: RowsTableModel[cases.CaseRow] = RowsTableModel(case_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (112, 150, 150, 110, 125), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.count = QLabel()
        self.count.setObjectName("hint")
        middle = QHBoxLayout()
        middle.addWidget(self.stages)
        middle.addWidget(self.table, 1)
        self.body.addLayout(filters)
        self.body.addLayout(middle, 1)
        self.body.addWidget(self.count)
        self.refresh()

    # --- stages -----------------------------------------------------------------------------------------------
    def _fill_stages(self) -> None:
        self.stages.blockSignals(True)
        self.stages.clear()
        total = sum(self.counts.values())
        entries = [("", _("Semua tahap"), total)]
        entries += [(s.code, s.label(), self.counts.get(s.code, 0)) for s in cases.load_stages()]
        for code, label, n in entries:
            item = QListWidgetItem(f"{label}  ({format_number(n)})")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setSizeHint(QSize(200, 30))
            if n == 0 and code:
                item.setForeground(Qt.GlobalColor.gray)
            self.stages.addItem(item)
            if code == self.stage:
                self.stages.setCurrentItem(item)
        self.stages.blockSignals(False)

    def _stage_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self.stage = str(item.data(Qt.ItemDataRole.UserRole) or "") if item is not None else ""
        self.refresh()

    def choose_stage(self, code: str) -> None:
        for row in range(self.stages.count()):
            if self.stages.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.stages.setCurrentRow(row)
                return

    def stage_counts(self) -> dict[str, str]:
        """The stage list as a person reads it (code → text)."""
        return {
            str(self.stages.item(r).data(Qt.ItemDataRole.UserRole)): self.stages.item(r).text()
            for r in range(self.stages.count())
        }

    # --- loading ----------------------------------------------------------------------------------------------
    def case_filter(self) -> cases.CaseFilter:
        scope = self.scope.currentData()
        inst = self.institution.currentData()
        return cases.CaseFilter(
            worker_id=self.ctx.actor.user_id if scope == "mine" else None,
            unassigned=scope == "unassigned",
            institution_id=uuid.UUID(inst) if isinstance(inst, str) else None,
            stage_codes=(self.stage,) if self.stage else (),
            status=str(self.status.currentData()),
        )

    def refresh(self) -> None:
        ui_state.set_value(f"{STATE_KEY}/scope", str(self.scope.currentData()))
        self._seq += 1
        seq, actor, flt = self._seq, self.ctx.actor, self.case_filter()
        want_places = self.institution.count() == 1

        def load(session):  # type: ignore[no-untyped-def]
            places = None
            if want_places:
                try:
                    places = tuple(c for c in lookups.institution_choices(session, actor) if not c.is_partner)
                except PermissionDenied:
                    places = ()
            return CaseList(
                tuple(cases.list_cases(session, actor, flt)), cases.count_by_stage(session, actor, flt), places
            )

        operations.read(self, self.ctx.db, load, lambda result: self._loaded(seq, result), show_progress=False)

    def _loaded(self, seq: int, result: CaseList) -> None:
        if seq != self._seq:
            return  # a newer filter is on its way
        if result.institutions and self.institution.count() == 1:
            self.institution.blockSignals(True)
            for place in result.institutions:
                self.institution.addItem(place.name, str(place.id))
            self.institution.blockSignals(False)
        self.counts = result.counts
        self._fill_stages()
        chosen = self.selected()
        self.model.set_rows(result.rows)
        self._filter()
        if chosen is not None:
            row = self.model.find(lambda r: r.id == chosen.id)
            if row >= 0:
                self.table.selectRow(row)
        self.loaded.emit()

    def _filter(self, *_args: object) -> None:
        needle = fold(self.search.text().strip())
        if needle:
            self.model.set_filter(lambda r: needle in fold(f"{r.person_name} {r.registration_no} {r.case_no}"))
        else:
            self.model.set_filter(None)
        n = self.model.rowCount()
        self.count.setText(ngettext("{n} kasus", "{n} kasus", n).format(n=format_number(n)))

    # --- commands ---------------------------------------------------------------------------------------------
    def selected(self) -> cases.CaseRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def open_selected(self) -> QWidget | None:
        row = self.selected()
        if row is None:
            return None
        window = open_case_window(self.ctx, row.id, self)
        key = id(window)
        if key not in self._watched:
            self._watched.add(key)
            window.changed.connect(self.refresh)
            window.destroyed.connect(lambda *_a: self._watched.discard(key))
        self.case_opened.emit(window)
        return window

    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
