"""LazyTableModel: a table whose row count is known up front and whose rows are fetched in blocks on a worker."""

# The view asks only for the rows it paints; a missing block is requested from the thread pool and the cells show a
# placeholder until it arrives, so scrolling through 100,000 rows never blocks the GUI thread (DESIGN rules 3 and 4).
# Subclasses or callers supply ``loader(start, count) -> rows``; it runs on the worker and must open its own session.

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from kesos_desktop.core.i18n import _
from kesos_desktop.ui import operations
from kesos_desktop.ui.models.table import ROW_ROLE, AnyIndex, Column, cell_data, header_data

R = TypeVar("R")
Loader = Callable[[int, int], Sequence[Any]]


class LazyTableModel(QAbstractTableModel, Generic[R]):
    """Rows ``0..total-1`` fetched ``block_size`` at a time; at most ``max_blocks`` blocks are kept in memory."""

    block_loaded = Signal(int)
    load_failed = Signal(object)

    def __init__(
        self, columns: Sequence[Column[R]], *, block_size: int = 100, max_blocks: int = 50, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.block_size = block_size
        self.max_blocks = max_blocks
        self._total = 0
        self._loader: Loader | None = None
        self._blocks: OrderedDict[int, list[R]] = OrderedDict()
        self._pending: set[int] = set()
        self._failed: set[int] = set()
        # Bumped on every reset, so a block fetched for an older filter is dropped when it arrives.
        self._generation = 0
        self.placeholder = _("Memuat…")

    # --- content ----------------------------------------------------------------------------------------------
    def reset(self, total: int, loader: Loader | None) -> None:
        self.beginResetModel()
        self._generation += 1
        self._total = max(0, total)
        self._loader = loader
        self._blocks.clear()
        self._pending.clear()
        self._failed.clear()
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def is_loading(self) -> bool:
        return bool(self._pending)

    def row_at(self, row: int) -> R | None:
        """The row if its block is loaded (no fetch is started)."""
        block, offset = divmod(row, self.block_size)
        rows = self._blocks.get(block)
        return rows[offset] if rows is not None and offset < len(rows) else None

    def fetch(self, row: int) -> None:
        """Start loading the block holding ``row`` unless it is loaded or on its way."""
        if not 0 <= row < self._total or self._loader is None:
            return
        block = row // self.block_size
        if block in self._blocks or block in self._pending or block in self._failed:
            return
        self._pending.add(block)
        generation, loader = self._generation, self._loader
        start = block * self.block_size
        count = min(self.block_size, self._total - start)
        operations.run(
            None,
            lambda _progress: list(loader(start, count)),
            lambda rows: self._arrived(generation, block, rows),
            on_failure=lambda error: self._broke(generation, block, error),
            show_progress=False,
        )

    def _arrived(self, generation: int, block: int, rows: list[R]) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._pending.discard(block)
        self._blocks[block] = rows
        self._blocks.move_to_end(block)
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)
        first = block * self.block_size
        last = min(first + self.block_size, self._total) - 1
        if last >= first and self.columns:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
        self.block_loaded.emit(block)

    def _broke(self, generation: int, block: int, error: BaseException) -> bool:
        if generation == self._generation and shiboken6.isValid(self):
            self._pending.discard(block)
            # Not retried until the next reset: a broken query would otherwise be re-run on every repaint.
            self._failed.add(block)
            self.load_failed.emit(error)
        return True

    # --- QAbstractTableModel ----------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._total or not 0 <= index.column() < len(self.columns):
            return None
        row = self.row_at(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self.fetch(index.row())
                return self.placeholder if index.column() == 0 else ""
            return None
        if role == ROW_ROLE:
            return row
        return cell_data(self.columns[index.column()], row, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return header_data(self.columns, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
