"""Column definitions and a table model over a short in-memory list of rows (users, reference codes, occupancy)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 10
SORT_ROLE = Qt.ItemDataRole.UserRole + 11
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: header, the shown value, and optional sort key, alignment, tooltip and text colour."""

    title: str
    value: Callable[[R], object]
    sort_key: Callable[[R], Any] | None = None
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[R], str] | None = None
    color: Callable[[R], str | None] | None = None
    width: int | None = None


def display_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int | Decimal | float):
        from kesos_desktop.core.i18n.formatters import format_number

        return format_number(value)
    return str(value)


def cell_data(column: Column[R], row: R, role: int) -> object:
    """The value of ``row`` in ``column`` for ``role`` (shared by the eager and the lazy model)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return display_text(column.value(row))
    if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
        return int(column.align | Qt.AlignmentFlag.AlignVCenter)
    if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
        return column.tooltip(row) or None
    if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
        color = column.color(row)
        return QColor(color) if color else None
    if role == ROW_ROLE:
        return row
    return None


def header_data(columns: Sequence[Column[Any]], section: int, orientation: Qt.Orientation, role: int) -> object:
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return columns[section].title
    if role == Qt.ItemDataRole.TextAlignmentRole and columns[section].align is not None:
        return int(columns[section].align | Qt.AlignmentFlag.AlignVCenter)
    return None


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """Rows held in memory, sortable by column and filterable by text; for lists of tens or hundreds of rows."""

    def __init__(self, columns: Sequence[Column[R]], rows: Sequence[R] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._all: list[R] = list(rows)
        self._rows: list[R] = list(rows)
        self._filter: Callable[[R], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- content ----------------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._visible()
        self.endResetModel()

    def set_filter(self, keep: Callable[[R], bool] | None) -> None:
        self.beginResetModel()
        self._filter = keep
        self._rows = self._visible()
        self.endResetModel()

    def _visible(self) -> list[R]:
        rows = [r for r in self._all if self._filter is None or self._filter(r)]
        if self._sort is not None:
            column, order = self._sort
            rows.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        return rows

    def _key(self, column: int) -> Callable[[R], Any]:
        spec = self.columns[column]
        if spec.sort_key is not None:
            return spec.sort_key

        def key(row: R) -> Any:
            value = spec.value(row)
            return (0, value) if isinstance(value, int | float | Decimal) else (1, display_text(value).casefold())

        return key

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def find(self, match: Callable[[R], bool]) -> int:
        return next((i for i, r in enumerate(self._rows) if match(r)), -1)

    # --- QAbstractTableModel ----------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        return cell_data(self.columns[index.column()], self._rows[index.row()], role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return header_data(self.columns, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [(self._rows[i.row()], i.column()) for i in old]
        self._sort = (column, order)
        self._rows = self._visible()
        position = {id(r): n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            old, [self.index(position[id(r)], c) if id(r) in position else QModelIndex() for r, c in old_rows]
        )
        self.layoutChanged.emit()
