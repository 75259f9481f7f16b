"""Melebihi batas lama tinggal: open stays longer than their institution's limit, sortable, with stay actions."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import stays
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import ExitDialog, MoveBedDialog, TransferDialog
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.style import ERROR
from kesos_desktop.ui.widgets.tables import setup_table

OverdueStay = stays.OverdueStay


def overdue_columns() -> list[Column[OverdueStay]]:
    right = Qt.AlignmentFlag.AlignRight

    def place(o: OverdueStay) -> str:
        if o.room_name and o.bed_label:
            return f"{o.room_name} / {o.bed_label}"
        return o.room_name or "—"

    return [
        Column(_("No. registrasi"), lambda o: o.registration_no),
        Column(_("Nama"), lambda o: o.full_name or _("(tanpa nama)")),
        Column(_("Lembaga"), lambda o: o.institution_name, tooltip=lambda o: o.institution_name),
        Column(_("Kamar / TT"), place),
        Column(_("Masuk"), lambda o: format_date(o.admitted_on), sort_key=lambda o: o.admitted_on),
        Column(_("Lama (hari)"), lambda o: o.days, align=right),
        Column(_("Batas (hari)"), lambda o: o.limit_days, align=right),
        Column(_("Lewat (hari)"), lambda o: o.days_over, align=right, color=lambda _o: ERROR),
    ]


class OverduePanel(QWidget):
    """The overdue list; ``stay_changed(StayInfo)`` after a stay was moved, transferred or ended from here."""

    stay_changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self.institution_id: uuid.UUID | None = None
        self._all: list[OverdueStay] = []
        self.model: RowsTableModel[OverdueStay] = RowsTableModel(overdue_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (125, 150, 170, 100, 130, 75, 80), sortable=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.only_selected = QCheckBox(_("Hanya lembaga yang &dipilih"))
        self.only_selected.toggled.connect(lambda _on: self._apply_filter())
        self.move_button = QPushButton(_("&Pindah kamar…"))
        self.transfer_button = QPushButton(_("&Rujuk…"))
        self.exit_button = QPushButton(_("&Keluarkan…"))
        self.move_button.clicked.connect(lambda: self.open_stay_dialog(MoveBedDialog))
        self.transfer_button.clicked.connect(lambda: self.open_stay_dialog(TransferDialog))
        self.exit_button.clicked.connect(lambda: self.open_stay_dialog(ExitDialog))
        self.count = QLabel()
        self.count.setObjectName("hint")
        bar = QHBoxLayout()
        bar.addWidget(self.only_selected)
        bar.addStretch(1)
        for button in (self.move_button, self.transfer_button, self.exit_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._update_actions()

    def set_stays(self, rows: list[OverdueStay]) -> None:
        self._all = rows
        self._apply_filter()

    def set_institution(self, institution_id: uuid.UUID | None) -> None:
        self.institution_id = institution_id
        if self.only_selected.isChecked():
            self._apply_filter()

    def _apply_filter(self) -> None:
        if self.only_selected.isChecked():
            wanted = self.institution_id
            self.model.set_filter(lambda o: o.institution_id == wanted)
        else:
            self.model.set_filter(None)
        self.model.set_rows(self._all)
        n = self.model.rowCount()
        self.count.setText(
            ngettext(
                "{n} warga binaan melebihi batas lama tinggal lembaganya.",
                "{n} warga binaan melebihi batas lama tinggal lembaganya.",
                n,
            ).format(n=format_number(n))
        )
        self._update_actions()

    def selected(self) -> OverdueStay | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_actions(self) -> None:
        enabled = self.selected() is not None and self.ctx.actor.can("stays.manage")
        for button in (self.move_button, self.transfer_button, self.exit_button):
            button.setEnabled(enabled)

    def open_stay_dialog(self, kind: type[QDialog]) -> None:
        """Read the chosen stay as it is now, then open ``kind`` (move, transfer or exit) on it."""
        row = self.selected()
        if row is None:
            return
        actor, stay_id = self.ctx.actor, row.stay_id

        def opened(stay: stays.StayInfo) -> None:
            dialog = kind(self.ctx, stay, self)  # type: ignore[call-arg]
            dialog.saved.connect(self.stay_changed.emit)  # type: ignore[attr-defined]
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = dialog
            dialog.open()

        operations.read(self, self.ctx.db, lambda s: stays.get_stay(s, actor, stay_id), opened)
