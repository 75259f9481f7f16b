"""The Peserta tab of a programme: participants with their attendance and outcome; enrol, complete, withdraw and
print the certificate."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services import training
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.activities.fields import open_dialog
from kesos_desktop.ui.pages.training.certificate_dialog import CertificateDialog
from kesos_desktop.ui.pages.training.enrol_dialog import EnrolDialog
from kesos_desktop.ui.pages.training.participant_dialogs import (
    CompleteDialog,
    WithdrawDialog,
    attendance_text,
    below_minimum,
)
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.tables import setup_table

Row = training.EnrolmentInfo
STATUS_COLORS = {"lulus": "#1b7a3a", "tidak_lulus": ERROR, "mundur": MUTED}


class ParticipantsTab(QWidget):
    """``changed`` after an enrolment, outcome or withdrawal was stored."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.programme: training.ProgrammeInfo | None = None
        self.dialog: QDialog | None = None
        manage = ctx.actor.can("training.manage")
        self.model: RowsTableModel[Row] = RowsTableModel(self._columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (190, 130, 120, 170, 110, 90), sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.enrol_button = QPushButton(_("&Daftarkan peserta…"))
        self.enrol_button.clicked.connect(self.enrol)
        self.complete_button = QPushButton(_("&Nyatakan selesai…"))
        self.complete_button.clicked.connect(self.complete_selected)
        self.withdraw_button = QPushButton(_("&Mengundurkan diri…"))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.certificate_button = QPushButton(_("Cetak &sertifikat…"))
        self.certificate_button.setToolTip(_("Sertifikat pelatihan (PDF) untuk peserta yang lulus"))
        self.certificate_button.clicked.connect(self.print_certificate)
        buttons = QHBoxLayout()
        for button in (self.enrol_button, self.complete_button, self.withdraw_button):
            button.setVisible(manage)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.certificate_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._update()

    def _columns(self) -> list[Column[Row]]:
        def attendance_color(e: Row) -> str | None:
            return (
                ERROR if self.programme is not None and e.sessions_total and below_minimum(e, self.programme) else None
            )

        return [
            Column(_("Nama"), lambda e: e.person_name),
            Column(_("No. registrasi"), lambda e: e.registration_no),
            Column(_("Terdaftar"), lambda e: format_date(e.enrolled_on), sort_key=lambda e: e.enrolled_on),
            Column(_("Kehadiran"), attendance_text, sort_key=lambda e: e.attendance_pct or 0, color=attendance_color),
            Column(
                _("Status"),
                lambda e: e.status_label,
                color=lambda e: STATUS_COLORS.get(e.status),
                tooltip=lambda e: e.note,
            ),
            Column(_("Predikat"), lambda e: e.result),
            Column(_("No. sertifikat"), lambda e: e.certificate_no, tooltip=lambda e: e.note),
        ]

    def set_data(self, programme: training.ProgrammeInfo | None, rows: tuple[Row, ...]) -> None:
        current = self.selected()
        self.programme = programme
        self.model.set_rows(rows)
        if current is not None:
            row = self.model.find(lambda e: e.id == current.id)
            if row >= 0:
                self.table.selectRow(row)
        self._update()

    def selected(self) -> Row | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_person(self, name: str) -> bool:
        row = self.model.find(lambda e: e.person_name == name)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update(self) -> None:
        e, p = self.selected(), self.programme
        self.enrol_button.setEnabled(p is not None and p.status not in ("selesai", "dibatalkan"))
        self.complete_button.setEnabled(e is not None and e.status == "terdaftar")
        self.withdraw_button.setEnabled(e is not None and e.status == "terdaftar")
        self.certificate_button.setEnabled(e is not None and e.status == "lulus" and bool(e.certificate_no))

    # --- commands ---------------------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        dialog.saved.connect(lambda *_a: self.changed.emit())  # type: ignore[attr-defined]
        return open_dialog(self, dialog)

    def enrol(self) -> None:
        if self.programme is not None and self.enrol_button.isEnabled():
            self._open(EnrolDialog(self.ctx, self.programme, self))

    def complete_selected(self) -> None:
        e = self.selected()
        if e is not None and self.programme is not None and self.complete_button.isEnabled():
            self._open(CompleteDialog(self.ctx, self.programme, e, self))

    def withdraw_selected(self) -> None:
        e = self.selected()
        if e is not None and self.withdraw_button.isEnabled():
            self._open(WithdrawDialog(self.ctx, e, self))

    def print_certificate(self) -> None:
        e = self.selected()
        if e is not None and self.certificate_button.isEnabled():
            open_dialog(self, CertificateDialog(self.ctx, e, self))
