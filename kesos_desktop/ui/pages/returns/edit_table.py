"""An editable table of records (the plan's legs, a leg's escorts): fields with editors, and errors at the cell.

A ValidationError named ``legs.0.fare_amount`` marks row 0's ``fare_amount`` cell: red background, the message as
its tooltip, and ``error_text(0, "fare_amount")`` for tests and the banner. Editing a cell clears its mark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.ui.pages.returns.money import plain_amount, read_amount
from kesos_desktop.ui.style import ERROR

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
EDITOR_ROLE = Qt.ItemDataRole.UserRole + 30
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 31
ERROR_ROLE = Qt.ItemDataRole.UserRole + 32
KEY_ROLE = Qt.ItemDataRole.UserRole + 33
ERROR_BACKGROUND = "#fdecea"
MAX_DAYS = 60
TEXT, MONEY, DAYS, DATE, CHOICE = "text", "money", "days", "date", "choice"
RIGHT = Qt.AlignmentFlag.AlignRight


@dataclass(frozen=True)
class Field(Generic[R]):
    """One column: what it shows, and how it is edited (``editor`` one of text/money/days/date/choice)."""

    key: str
    title: str
    display: Callable[[R], str]
    editor: str = ""
    get: Callable[[R], object] | None = None
    set: Callable[[R, object], None] | None = None
    choices: Callable[[R], Sequence[tuple[object, str]]] | None = None
    editable: Callable[[R], bool] | None = None
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[R], str] | None = None
    color: Callable[[R], str | None] | None = None


class EditableRowsModel(QAbstractTableModel, Generic[R]):
    """Records edited in place; ``edited(row, key)`` after a cell changed."""

    edited = Signal(int, str)

    def __init__(self, fields: Sequence[Field[R]], rows: Sequence[R] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self._rows: list[R] = list(rows)
        self._errors: dict[tuple[int, str], str] = {}
        self.row_tooltip: Callable[[R], str] | None = None

    # --- content ----------------------------------------------------------------------------------------------
    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._errors.clear()
        self.endResetModel()

    def insert(self, row: int, record: R) -> None:
        row = max(0, min(row, len(self._rows)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, record)
        self._errors.clear()
        self.endInsertRows()
        self.refresh_all()

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._errors.clear()
        self.endRemoveRows()
        self.refresh_all()

    def refresh_all(self) -> None:
        if self._rows and self.fields:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.fields) - 1))

    def refresh_row(self, row: int) -> None:
        if 0 <= row < len(self._rows) and self.fields:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.fields) - 1))

    def column_of(self, key: str) -> int:
        return next((i for i, f in enumerate(self.fields) if f.key == key), -1)

    # --- errors -----------------------------------------------------------------------------------------------
    def set_errors(self, fields: dict[str, str], prefix: str = "") -> dict[str, str]:
        """Mark the cells named ``<prefix><row>.<key>``; returns the messages that found no cell."""
        self._errors.clear()
        keys = {f.key for f in self.fields}
        left: dict[str, str] = {}
        for name, message in fields.items():
            rest = name[len(prefix) :] if name.startswith(prefix) else None
            parts = rest.split(".", 1) if rest is not None else []
            if len(parts) == 2 and parts[0].isdigit():
                row, key = int(parts[0]), parts[1]
                key = key.split(".", 1)[0] if key not in keys else key
                if 0 <= row < len(self._rows) and key in keys:
                    self._errors.setdefault((row, key), message)
                    continue
            left[name] = message
        self.refresh_all()
        return left

    def clear_errors(self) -> None:
        if self._errors:
            self._errors.clear()
            self.refresh_all()

    def error_text(self, row: int, key: str) -> str:
        return self._errors.get((row, key), "")

    def errors(self) -> dict[tuple[int, str], str]:
        return dict(self._errors)

    def set_cell_error(self, index: AnyIndex, message: str) -> None:
        if index.isValid():
            self._errors[(index.row(), self.fields[index.column()].key)] = message
            self.dataChanged.emit(index, index)

    # --- QAbstractTableModel ----------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.fields)

    def _valid(self, index: AnyIndex) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self.fields)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self._valid(index):
            return None
        spec, record = self.fields[index.column()], self._rows[index.row()]
        error = self._errors.get((index.row(), spec.key), "")
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.display(record)
        if role == Qt.ItemDataRole.EditRole:
            return spec.get(record) if spec.get is not None else spec.display(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            if error:
                return error
            return (spec.tooltip(record) or None) if spec.tooltip is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(ERROR_BACKGROUND) if error else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if error:
                return QColor(ERROR)
            color = spec.color(record) if spec.color is not None else None
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.align is not None:
            return int(spec.align | Qt.AlignmentFlag.AlignVCenter)
        if role == EDITOR_ROLE:
            return spec.editor
        if role == CHOICES_ROLE:
            return list(spec.choices(record)) if spec.choices is not None else []
        if role == ERROR_ROLE:
            return error
        if role == KEY_ROLE:
            return spec.key
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Vertical:
            # Rows are numbered in the header: a number in a cell would change under the rows after a removal.
            if not 0 <= section < len(self._rows):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole and self.row_tooltip is not None:
                return self.row_tooltip(self._rows[section]) or None
            return None
        if not 0 <= section < len(self.fields):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.fields[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and self.fields[section].align is not None:
            return int(self.fields[section].align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        spec = self.fields[index.column()]
        record = self._rows[index.row()]
        if spec.editor and spec.set is not None and (spec.editable is None or spec.editable(record)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._valid(index):
            return False
        spec = self.fields[index.column()]
        if spec.set is None:
            return False
        spec.set(self._rows[index.row()], value)
        self._errors.pop((index.row(), spec.key), None)
        self.refresh_row(index.row())
        self.edited.emit(index.row(), spec.key)
        return True


def _qdate(value: date | None) -> QDate:
    value = value or date.today()
    return QDate(value.year, value.month, value.day)


class RowEditorDelegate(QStyledItemDelegate):
    """Editors by the model's EDITOR_ROLE: a line edit, an amount, a day count, a date or a choice list."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        kind = index.data(EDITOR_ROLE)
        if kind == DAYS:
            spin = QSpinBox(parent)
            spin.setRange(1, MAX_DAYS)
            return spin
        if kind == DATE:
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            return edit
        if kind == CHOICE:
            combo = QComboBox(parent)
            for value, label in index.data(CHOICES_ROLE) or []:
                combo.addItem(label, value)
            # A choice takes effect when picked, not only when the cell is left.
            combo.activated.connect(lambda _i, c=combo: self._commit(c))
            return combo
        edit = QLineEdit(parent)
        if kind == MONEY:
            edit.setPlaceholderText(_("kosong = dari tabel tarif") if index.data(KEY_ROLE) == "fare_amount" else "0")
        return edit

    def _commit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        kind, value = index.data(EDITOR_ROLE), index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value or 1))
        elif isinstance(editor, QDateEdit):
            editor.setDate(_qdate(value if isinstance(value, date) else None))
        elif isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(plain_amount(value) if kind == MONEY and isinstance(value, int) else str(value or ""))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        if isinstance(editor, QSpinBox):
            model.setData(index, editor.value())
        elif isinstance(editor, QDateEdit):
            q = editor.date()
            model.setData(index, date(q.year(), q.month(), q.day()))
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            if index.data(EDITOR_ROLE) == MONEY:
                try:
                    amount = read_amount(editor.text())
                except ValidationError as exc:
                    model.set_cell_error(index, str(exc))
                    return
                model.setData(index, amount)
            else:
                model.setData(index, editor.text().strip())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = option.rect
        if isinstance(editor, QComboBox | QDateEdit):
            rect = rect.adjusted(0, 0, max(0, editor.sizeHint().width() - rect.width()), 0)
        editor.setGeometry(rect)
