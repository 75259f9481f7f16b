"""The resident list model: the matching ids held in order, rows fetched per block on a worker (DESIGN rule 4).

The page runs ``find_resident_ids`` on a worker and hands the ids (and the first block of rows, fetched in the same
worker call so a keystroke needs one round trip) to ``show``; for a long list it may hand only the first ids with the
total, and ``complete`` the rest later. Sorting is done in SQL: a header click asks the page, through
``sort_requested``, for a new id list.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from kesos_desktop.core.db import Database
from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.resident_list import ResidentRow, fetch_resident_rows
from kesos_desktop.ui.models.lazy_table import LazyTableModel
from kesos_desktop.ui.models.table import ROW_ROLE, AnyIndex
from kesos_desktop.ui.pages.residents.columns import BADGE_ROLE, ResidentColumn
from kesos_desktop.ui.style import MUTED

# The row's person id, known for every row even before its block is loaded.
ID_ROLE = Qt.ItemDataRole.UserRole + 21
# About a screenful: the first block comes with every keystroke's result, and fetching rows costs roughly in
# proportion to their number (measured: 100 rows ~20 ms, 30 rows ~3 ms on 100,000 residents).
BLOCK_SIZE = 32
MAX_BLOCKS = 200


def badge_kind(row: ResidentRow) -> str:
    if row.in_care:
        return "in_care"
    return "exited" if row.stay_count else "registered"


def gone_row(person_id: uuid.UUID) -> ResidentRow:
    """A stand-in for a person who vanished between the id query and the row fetch (merged, or out of reach)."""
    return ResidentRow(
        id=person_id, registration_no="", name=_("(data tidak tersedia lagi)"), alias="", name_unknown=True, sex="",
        birth_date=None, birth_date_precision="exact", nik_display="", categories=(), in_care=False,
        institution="", room_bed="", admitted_on=None, exited_on=None, origin="", stay_count=0,
    )  # fmt: skip


def fetch_aligned(db: Database, actor: Actor, ids: Sequence[uuid.UUID]) -> list[ResidentRow]:
    """Rows for ``ids`` in their order, one per id (LazyTableModel addresses rows by position in a block)."""
    with db.read() as session:
        return align_rows(ids, fetch_resident_rows(session, actor, list(ids)))


def align_rows(ids: Sequence[uuid.UUID], rows: Sequence[ResidentRow]) -> list[ResidentRow]:
    found = {r.id: r for r in rows}
    return [found.get(pid) or gone_row(pid) for pid in ids]


class ResidentListModel(LazyTableModel[ResidentRow]):
    """Columns are ``ResidentColumn``s; ``sort_requested(column, order)`` fires when the view asks to sort."""

    sort_requested = Signal(int, Qt.SortOrder)

    def __init__(self, columns: Sequence[ResidentColumn], db: Database, actor: Actor, parent: Any = None) -> None:
        super().__init__(columns, block_size=BLOCK_SIZE, max_blocks=MAX_BLOCKS, parent=parent)  # type: ignore[arg-type]
        self.resident_columns = list(columns)
        self.db = db
        self.actor = actor
        self.ids: list[uuid.UUID] = []
        # With the alias column hidden, the name shows the alias after it: "Tanpa Nama 2026-0012 (Ucok)".
        self.alias_in_name = False
        self._italic = QFont()
        self._italic.setItalic(True)
        self._muted = QColor(MUTED)

    # --- content ----------------------------------------------------------------------------------------------
    def show(
        self, ids: Sequence[uuid.UUID], first_rows: Sequence[ResidentRow] | None = None, total: int | None = None
    ) -> None:
        """Replace the list with ``ids``; ``first_rows`` (aligned with the first ids) saves a second round trip.

        ``total`` larger than ``len(ids)`` says only the first ids are known yet (the first screen of a long list);
        rows past them show a placeholder until ``complete`` brings the rest.
        """
        db, actor, model = self.db, self.actor, self

        def loader(start: int, count: int) -> list[ResidentRow]:
            # Runs on a worker thread with its own session; a block of an older list is dropped on arrival.
            return fetch_aligned(db, actor, model.ids[start : start + count])

        self.ids = list(ids)
        self.beginResetModel()
        self._generation += 1
        self._total = max(len(self.ids), total or 0)
        self._loader = loader
        self._blocks.clear()
        self._pending.clear()
        self._failed.clear()
        if first_rows:
            self._blocks[0] = list(first_rows[: self.block_size])
        self.endResetModel()

    def complete(self, ids: Sequence[uuid.UUID]) -> None:
        """All the ids of the list whose first ones ``show`` had; the rows waiting for them load now."""
        if len(ids) != self._total or list(ids[: len(self.ids)]) != self.ids:
            # The data changed in between (someone admitted or merged a person): show the new list as it is.
            first = self._blocks.get(0)
            keep = first if first is not None and [r.id for r in first] == list(ids[: len(first)]) else None
            self.show(ids, keep)
            return
        self.ids = list(ids)
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(self.resident_columns) - 1))

    def is_complete(self) -> bool:
        return len(self.ids) == self._total

    def fetch(self, row: int) -> None:
        start = (row // self.block_size) * self.block_size
        if start + min(self.block_size, self._total - start) > len(self.ids):
            return  # the ids of this block are not known yet; complete() asks again
        super().fetch(row)

    def clear(self) -> None:
        self.show([])

    def set_alias_in_name(self, on: bool) -> None:
        if on != self.alias_in_name:
            self.alias_in_name = on
            column = next(i for i, c in enumerate(self.resident_columns) if c.required)
            if self._total:
                self.dataChanged.emit(self.index(0, column), self.index(self._total - 1, column))

    def person_id(self, row: int) -> uuid.UUID | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, person_id: uuid.UUID) -> int:
        try:
            return self.ids.index(person_id)
        except ValueError:
            return -1

    def column_key(self, column: int) -> str:
        return self.resident_columns[column].key

    def column_of(self, key: str) -> int:
        return next((i for i, c in enumerate(self.resident_columns) if c.key == key), -1)

    def loaded_rows(self) -> int:
        """How many rows are in memory now (tests wait for the blocks they need)."""
        return sum(len(rows) for rows in self._blocks.values())

    # --- QAbstractTableModel ----------------------------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        if not 0 <= index.column() < len(self.resident_columns):
            return None
        if role == ID_ROLE:
            return self.person_id(index.row())
        row = self.row_at(index.row())
        column = self.resident_columns[index.column()]
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self.fetch(index.row())
                return self.placeholder if column.required else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._muted
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column.required and self.alias_in_name and row.alias:
                return _("{name} ({alias})").format(name=column.value(row), alias=row.alias)
            return column.value(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tooltip(row) or None) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = column.align or Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if column.required and row.name_unknown else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.required and row.name_unknown:
                return self._muted
            return None
        if role == BADGE_ROLE and column.key == "status":
            return badge_kind(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.resident_columns):
            return None
        column = self.resident_columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Klik untuk mengurutkan") if column.sort else _("Kolom ini tidak dapat diurutkan")
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: the page re-runs the query (never a proxy sort over 100,000 rows)."""
        if 0 <= column < len(self.resident_columns) and self.resident_columns[column].sort:
            self.sort_requested.emit(column, order)

    def index_of(self, person_id: uuid.UUID, column: int = 0) -> QModelIndex:
        row = self.row_of(person_id)
        return self.index(row, column) if row >= 0 else QModelIndex()
