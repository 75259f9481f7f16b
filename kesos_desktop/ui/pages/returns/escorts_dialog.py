"""Pendamping of one leg: the officers escorting the person, with their own fare and daily allowances."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.returns import EscortInput
from kesos_desktop.ui.pages.returns.edit_table import RowEditorDelegate
from kesos_desktop.ui.pages.returns.legs import EscortsModel, LegRow, office_label
from kesos_desktop.ui.style import icon
from kesos_desktop.ui.widgets.tables import setup_table


class EscortsDialog(QDialog):
    """Edits a copy of the leg's escorts; OK puts them on the leg."""

    def __init__(self, leg: LegRow, errors: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.leg = leg
        self.setWindowTitle(_("Pendamping"))
        self.setMinimumSize(760, 320)
        intro = QLabel(
            _("Pendamping leg {src} → {dst}. Biaya pendamping dibayar dari sumber dana leg ini.").format(
                src=office_label(leg.from_office), dst=office_label(leg.to_office)
            )
        )
        intro.setWordWrap(True)
        self.model = EscortsModel(leg.escorts, self)
        if errors:
            self.model.set_errors(errors)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (170, 150, 150, 100, 50, 110, 110))
        self.table.verticalHeader().show()
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setItemDelegate(RowEditorDelegate(self.table))
        self.add_button = QPushButton(icon("add"), _("&Tambah pendamping"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("&Hapus"))
        self.remove_button.clicked.connect(self.remove)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_button)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Terapkan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Batal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def add(self) -> None:
        days = self.leg.days
        self.model.insert(self.model.rowCount(), EscortInput(name="", days=days))
        index = self.model.index(self.model.rowCount() - 1, 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove(self) -> None:
        rows = self.table.selectionModel().selectedRows() or (
            [self.table.currentIndex()] if self.table.currentIndex().isValid() else []
        )
        if rows:
            self.model.remove(rows[0].row())

    def accept(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # an open editor commits first
        self.leg.escorts = self.model.rows()
        super().accept()
