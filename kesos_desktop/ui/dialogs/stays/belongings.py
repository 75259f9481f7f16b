"""Belongings (barang bawaan): an editable list for the admission form and a read-only list for the exit form."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.stay_belongings import BelongingInput
from kesos_desktop.ui.style import icon
from kesos_desktop.ui.widgets.tables import setup_table

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass
class _Item:
    description: str = ""
    quantity: int = 1
    stored_where: str = ""


class BelongingsModel(QAbstractTableModel):
    """Rows of (uraian, jumlah, disimpan di) edited in place; blank rows are dropped by ``items()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Item] = []
        self._titles = (_("Uraian barang"), _("Jumlah"), _("Disimpan di"))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 3

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (item.description, item.quantity, item.stored_where)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        item = self._rows[index.row()]
        if index.column() == 0:
            item.description = str(value or "")
        elif index.column() == 1:
            try:
                item.quantity = max(1, int(value))  # type: ignore[call-overload]
            except (TypeError, ValueError):
                return False
        else:
            item.stored_where = str(value or "")
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return self._titles[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def add_row(self, description: str = "", quantity: int = 1, stored_where: str = "") -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_Item(description, quantity, stored_where))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def items(self) -> list[BelongingInput]:
        return [
            BelongingInput(r.description.strip(), r.quantity, r.stored_where.strip())
            for r in self._rows
            if r.description.strip()
        ]


class BelongingsEditor(QWidget):
    """The list with "Tambah barang" and "Hapus"; ``edited`` fires on any change (clears the field's error)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = BelongingsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (240, 70))
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
            | QTableView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 3 + 30)
        self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * 5 + 30)
        self.add_button = QPushButton(icon("add"), _("Tambah &barang"))
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton(_("Hapus barang"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.model.dataChanged.connect(lambda *_a: self.edited.emit())
        self.model.rowsInserted.connect(lambda *_a: self.edited.emit())
        self.model.rowsRemoved.connect(lambda *_a: self.edited.emit())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)

    def add_item(self) -> None:
        row = self.model.add_row()
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())

    def items(self) -> list[BelongingInput]:
        return self.model.items()
