"""Step 3 of the plan wizard: the proposed route as an editable legs table (fares looked up, errors at the cell)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import returns
from kesos_desktop.core.services.relay import RoutePlan
from kesos_desktop.ui import operations
from kesos_desktop.ui.pages.returns import data
from kesos_desktop.ui.pages.returns.edit_table import RowEditorDelegate
from kesos_desktop.ui.pages.returns.escorts_dialog import EscortsDialog
from kesos_desktop.ui.pages.returns.legs import LegRow, LegsModel
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.style import icon
from kesos_desktop.ui.widgets.forms import FormErrors
from kesos_desktop.ui.widgets.tables import setup_table

if TYPE_CHECKING:
    from kesos_desktop.ui.pages.returns.wizard import ReturnWizard

FARE_KEYS = ("from_office", "to_office", "mode", "travel_date")


class RoutePage(QWizardPage):
    """Legs proposed by the relay planner; every cell can be changed, legs added or removed."""

    def __init__(self, wizard: ReturnWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Rute dan biaya"))
        self.setSubTitle(
            _(
                "Leg yang diusulkan dari jaringan estafet. Ubah sel dengan klik dua kali. Tarif kosong diambil dari "
                "tabel tarif; tarif yang diisi sendiri perlu alasan."
            )
        )
        self.proposal: RoutePlan | None = None
        self._proposed_for: tuple[str, bool] | None = None
        self._generation = 0
        self._checked_generation = -1
        self.checking = False
        self.model = LegsModel(self)
        self.model.edited.connect(self._edited)
        self.model.rowsInserted.connect(lambda *_a: self._changed())
        self.model.rowsRemoved.connect(lambda *_a: self._changed())
        self.model.modelReset.connect(self._changed)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.direct = QCheckBox(_("Kirim &langsung ke tujuan (tanpa estafet)"))
        self.direct.toggled.connect(self._direct_toggled)
        self.repropose_button = QPushButton(icon("refresh"), _("&Usulkan ulang"))
        self.repropose_button.setToolTip(_("Ganti semua leg dengan usulan rute yang baru"))
        self.repropose_button.clicked.connect(lambda: self.confirm_replace(lambda: self.propose(force=True)))
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (130, 145, 115, 85, 95, 125, 38, 85, 85, 85, 95, 220))
        self.table.verticalHeader().show()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setItemDelegate(RowEditorDelegate(self.table))
        self.table.doubleClicked.connect(self._double_clicked)
        self.add_button = QPushButton(icon("add"), _("&Tambah leg"))
        self.add_button.clicked.connect(self.add_leg)
        self.remove_button = QPushButton(_("&Hapus leg"))
        self.remove_button.clicked.connect(self.remove_leg)
        self.escorts_button = QPushButton(_("&Pendamping…"))
        self.escorts_button.clicked.connect(lambda: self.edit_escorts())
        self.banner = QLabel()
        self.form = FormErrors(self, self.banner)
        self.totals = QLabel()
        self.totals.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.rule, 1)
        top.addWidget(self.direct)
        top.addWidget(self.repropose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.escorts_button)
        buttons.addStretch(1)
        buttons.addWidget(self.totals)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # --- proposal ---------------------------------------------------------------------------------------------
    def initializePage(self) -> None:
        self._generation += 1  # the departure date may have changed: check again before going on
        if self.wiz.choices is not None:
            self.model.set_choices(self.wiz.choices.own, list(self.wiz.choices.offices), self.lines_for_year())
        if self.wiz.plan is not None and self._proposed_for is None:
            # Editing a saved draft: its legs, until the destination changes.
            self._proposed_for = (self.wiz.plan.destination_region_code, False)
            for leg in self.wiz.plan.legs:
                self.model.add_office(leg.from_office)
                self.model.add_office(leg.to_office)
            self.model.set_rows([LegRow.from_info(leg) for leg in self.wiz.plan.legs])
            self.rule.setText(_("Leg yang tersimpan pada rencana {no}.").format(no=self.wiz.plan.plan_no))
            self.lookup_fares()
        self.propose()

    def lines_for_year(self) -> list:  # type: ignore[type-arg]
        if self.wiz.choices is None:
            return []
        year = self.wiz.departure_year()
        return [line for line in self.wiz.choices.lines if line.year == year] or list(self.wiz.choices.lines)

    def propose(self, *, force: bool = False) -> None:
        """Ask the planner for legs to the destination (only when it or the direct choice changed, or forced)."""
        destination = self.wiz.destination.region.code()
        key = (destination, self.direct.isChecked())
        if not destination or (key == self._proposed_for and not force):
            return
        self._proposed_for = key
        actor, direct = self.wiz.ctx.actor, self.direct.isChecked()
        self.rule.setText(_("Mengusulkan rute…"))
        operations.read(
            self,
            self.wiz.ctx.db,
            lambda s: returns.propose_for_person(s, actor, destination, direct=direct),
            self._proposed,
            form=self.form,
            label=_("Mengusulkan rute…"),
        )

    def confirm_replace(self, replace: Callable[[], None], undo: Callable[[], None] | None = None) -> None:
        """Replacing legs the user may have edited is asked first; ``undo`` runs when they keep them."""
        if not self.model.rowCount():
            replace()
            return
        box = operations.ask(
            self,
            _("Ganti leg perjalanan"),
            _("Semua leg di tabel diganti dengan usulan rute yang baru; perubahan Anda pada leg hilang."),
            _("&Ganti leg"),
            replace,
            destructive=True,
        )
        if undo is not None:
            yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
            box.finished.connect(lambda _r: undo() if box.clickedButton() is not yes else None)
        self.replace_box = box

    def _direct_toggled(self, on: bool) -> None:
        def undo() -> None:
            self.direct.blockSignals(True)
            self.direct.setChecked(not on)
            self.direct.blockSignals(False)

        self.confirm_replace(lambda: self.propose(), undo)

    def _proposed(self, proposal: RoutePlan) -> None:
        self.proposal = proposal
        parts = []
        if proposal.rule_name:
            parts.append(_("Aturan: {rule}.").format(rule=proposal.rule_name))
        elif proposal.direct:
            parts.append(_("Dikirim langsung tanpa estafet."))
        parts += list(proposal.notes)
        self.rule.setText(" ".join(parts) or _("Usulan rute dari jaringan estafet."))
        lines = self.lines_for_year()
        default_line = lines[0].id if len(lines) == 1 else None
        rows = []
        for i, proposed in enumerate(proposal.legs):
            self.model.add_office(proposed.from_office)
            self.model.add_office(proposed.to_office)
            row = LegRow.from_proposal(proposed)
            if i == 0:
                row.travel_date = self.wiz.destination.departure.value()
            if self.model.paid_here(row):
                row.budget_line_id = default_line
            rows.append(row)
        self.model.set_rows(rows)
        self.lookup_fares()

    # --- fares ------------------------------------------------------------------------------------------------
    def lookup_fares(self) -> None:
        legs = self.model.rows()
        on = self.wiz.destination.departure.value()
        wanted = [(leg.from_office, leg.to_office, leg.mode, leg.travel_date or on) for leg in legs]
        generation = self._generation
        operations.read(
            self,
            self.wiz.ctx.db,
            lambda s: data.table_fares(s, wanted),
            lambda found: self._fares(generation, legs, found),
            show_progress=False,
        )

    def _fares(self, generation: int, legs: list[LegRow], found: list) -> None:  # type: ignore[type-arg]
        if generation != self._generation:
            return
        for leg, match in zip(legs, found, strict=True):
            leg.table_fare = match
            leg.looked_up = True
        self.model.refresh_all()
        self.show_totals()

    # --- editing ----------------------------------------------------------------------------------------------
    def _changed(self) -> None:
        self._generation += 1
        self.form.clear()
        self.show_totals()

    def show_totals(self) -> None:
        """The running total of what this office pays (the summary step checks it against the budget)."""
        own = sum(leg.total() for leg in self.model.rows() if self.model.paid_here(leg))
        self.totals.setText(_("Dibiayai kantor ini: {amount}").format(amount=money_text(own)))

    def _edited(self, _row: int, key: str) -> None:
        self._changed()
        if key in FARE_KEYS:
            self.lookup_fares()

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def add_leg(self) -> None:
        legs = self.model.rows()
        start = legs[-1].to_office if legs else (self.wiz.choices.own if self.wiz.choices else None)
        row = LegRow(start, None, "bus")
        if self.model.paid_here(row):
            lines = self.lines_for_year()
            row.budget_line_id = lines[0].id if len(lines) == 1 else None
        self.model.insert(len(legs), row)
        index = self.model.index(len(legs), self.model.column_of("to_office"))
        self.table.setCurrentIndex(index)
        self.lookup_fares()

    def remove_leg(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.remove(row)
            self.lookup_fares()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.fields[index.column()].key == "escorts":
            self.edit_escorts(index.row())

    def edit_escorts(self, row: int | None = None) -> EscortsDialog | None:
        row = self.current_row() if row is None else row
        leg = self.model.row_at(row)
        if leg is None:
            return None
        prefix = f"legs.{row}.escorts."
        errors = {k[len(prefix) :]: v for k, v in self.wiz.last_errors.items() if k.startswith(prefix)}
        dialog = EscortsDialog(leg, errors, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._edited(row, "escorts"))
        dialog.accepted.connect(lambda: self.model.refresh_row(row))
        self.escorts_dialog = dialog
        dialog.open()
        return dialog

    # --- checking before the next step -------------------------------------------------------------------------
    def leg_inputs(self) -> list[returns.LegInput]:
        return [leg.to_input() for leg in self.model.rows()]

    def show_errors(self, error: ValidationError) -> None:
        self.wiz.last_errors = dict(error.fields)
        left = self.model.set_errors(error.fields, prefix="legs.")
        self.form.show_banner("\n".join(dict.fromkeys([str(error), *left.values()])))
        marked = sorted(self.model.errors())
        if marked:
            row, key = marked[0]
            self.table.setCurrentIndex(self.model.index(row, self.model.column_of(key)))

    def validatePage(self) -> bool:
        if self._checked_generation == self._generation and self.wiz.route_check is not None:
            return True
        if self.checking:
            return False
        self.model.clear_errors()
        self.form.clear()
        self.checking = True
        actor, legs, on = self.wiz.ctx.actor, self.leg_inputs(), self.wiz.destination.departure.value()
        generation = self._generation
        operations.read(
            self,
            self.wiz.ctx.db,
            lambda s: data.check_route(s, actor, legs, on),
            lambda result: self._checked(generation, result),
            on_failure=self._check_failed,
            label=_("Memeriksa leg perjalanan…"),
        )
        return False

    def _checked(self, generation: int, result: data.RouteCheck) -> None:
        self.checking = False
        if generation != self._generation:
            return
        self.wiz.route_check = result
        self.wiz.last_errors = {}
        self._checked_generation = generation
        self.wiz.next()

    def _check_failed(self, error: BaseException) -> bool:
        self.checking = False
        if isinstance(error, ValidationError):
            self.show_errors(error)
            return True
        return False
