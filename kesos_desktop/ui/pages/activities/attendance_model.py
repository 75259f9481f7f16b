"""The attendance sheet's item model: one line per candidate with a status (hadir / izin / sakit / alpa, or not yet
marked) and a note; tracks what changed since the last save so nothing typed is lost when switching activities."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services.activities import ATTENDANCE_STATUSES, AttendanceEntry
from kesos_desktop.ui.models.table import ROW_ROLE, AnyIndex
from kesos_desktop.ui.style import ERROR, MUTED

# The order of the number keys 1-4 and of cycling with the space bar.
STATUS_ORDER: tuple[str, ...] = ("hadir", "izin", "sakit", "alpa")
STATUS_COLORS = {"hadir": "#1b7a3a", "izin": "#1d5fa8", "sakit": "#a15c00", "alpa": ERROR}
NO, NAME, REG, ROOM, STATUS, NOTE = range(6)
Mark = tuple[str, str]  # (status, note); status "" = not marked


def status_label(status: str) -> str:
    return _(ATTENDANCE_STATUSES[status]) if status in ATTENDANCE_STATUSES else _("— belum diisi —")


@dataclass(frozen=True)
class AttendanceLine:
    person_id: uuid.UUID
    registration_no: str
    name: str
    room: str
    status: str = ""
    note: str = ""

    @property
    def mark(self) -> Mark:
        return (self.status, self.note)


class AttendanceModel(QAbstractTableModel):
    """``edited`` after any change of a status or a note (the summary and the save button follow it)."""

    edited = Signal()

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._lines: list[AttendanceLine] = []
        self._saved: dict[uuid.UUID, Mark] = {}
        self.read_only = False

    # --- content ----------------------------------------------------------------------------------------------
    def load(self, lines: Sequence[AttendanceLine], edits: dict[uuid.UUID, Mark] | None = None) -> None:
        """Lines as stored; ``edits`` (unsaved marks kept from before) are laid over them."""
        self.beginResetModel()
        self._saved = {line.person_id: line.mark for line in lines}
        self._lines = [
            replace(line, status=edits[line.person_id][0], note=edits[line.person_id][1])
            if edits and line.person_id in edits
            else line
            for line in lines
        ]
        self.endResetModel()
        self.edited.emit()

    def lines(self) -> list[AttendanceLine]:
        return list(self._lines)

    def line(self, row: int) -> AttendanceLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def _change(self, row: int, line: AttendanceLine, columns: tuple[int, int]) -> None:
        self._lines[row] = line
        self.dataChanged.emit(self.index(row, columns[0]), self.index(row, columns[1]))

    def set_status(self, rows: Iterable[int], status: str) -> int:
        """Mark ``rows``; returns how many changed."""
        if self.read_only or status not in ATTENDANCE_STATUSES:
            return 0
        changed = 0
        for row in sorted(set(rows)):
            line = self.line(row)
            if line is not None and line.status != status:
                self._change(row, replace(line, status=status), (STATUS, STATUS))
                changed += 1
        if changed:
            self.edited.emit()
        return changed

    def cycle(self, row: int) -> None:
        """Space: not marked → hadir → izin → sakit → alpa → hadir."""
        line = self.line(row)
        if line is None:
            return
        nxt = STATUS_ORDER[(STATUS_ORDER.index(line.status) + 1) % len(STATUS_ORDER)] if line.status else "hadir"
        self.set_status([row], nxt)

    def set_all(self, status: str) -> int:
        return self.set_status(range(len(self._lines)), status)

    def set_note(self, row: int, note: str) -> bool:
        line = self.line(row)
        if self.read_only or line is None:
            return False
        note = " ".join(note.split())
        if note != line.note:
            self._change(row, replace(line, note=note), (NOTE, NOTE))
            self.edited.emit()
        return True

    # --- what to save -----------------------------------------------------------------------------------------
    def entries(self) -> list[AttendanceEntry]:
        """The marked lines: the whole list handed to ``save_attendance`` (unmarked people are not recorded)."""
        return [AttendanceEntry(line.person_id, line.status, line.note) for line in self._lines if line.status]

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in ("", *STATUS_ORDER)}
        for line in self._lines:
            counts[line.status] = counts.get(line.status, 0) + 1
        return counts

    def edits(self) -> dict[uuid.UUID, Mark]:
        """Marks that differ from what is stored."""
        return {line.person_id: line.mark for line in self._lines if self._saved.get(line.person_id) != line.mark}

    def is_dirty(self) -> bool:
        return bool(self.edits())

    def mark_saved(self) -> None:
        self._saved = {line.person_id: line.mark for line in self._lines}
        self.edited.emit()

    def summary(self) -> str:
        counts, total = self.counts(), len(self._lines)
        text = _("{total}: {hadir} hadir, {izin} izin, {sakit} sakit, {alpa} tanpa keterangan").format(
            total=ngettext("{n} orang", "{n} orang", total).format(n=format_number(total)),
            **{s: format_number(counts[s]) for s in STATUS_ORDER},
        )
        if counts[""]:
            text = _("{text} — {n} belum diisi (tidak dicatat)").format(text=text, n=format_number(counts[""]))
        return text

    # --- QAbstractTableModel ----------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 6:
            return None
        return (_("No."), _("Nama"), _("No. registrasi"), _("Kamar"), _("Kehadiran"), _("Keterangan"))[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        line = self.line(index.row()) if index.isValid() else None
        if line is None or not 0 <= index.column() < 6:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == STATUS:
                return line.status if role == Qt.ItemDataRole.EditRole else status_label(line.status)
            return (format_number(index.row() + 1), line.name, line.registration_no, line.room, "", line.note)[column]
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return QColor(STATUS_COLORS.get(line.status, MUTED))
        if role == Qt.ItemDataRole.FontRole and column == STATUS and line.status:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NO:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == STATUS:
            return _("1 Hadir · 2 Izin · 3 Sakit · 4 Tanpa keterangan · Spasi berganti")
        return None

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        if index.column() == NOTE:
            return self.set_note(index.row(), str(value or ""))
        if index.column() == STATUS and value in ATTENDANCE_STATUSES:
            self.set_status([index.row()], str(value))
            return True
        return False

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == NOTE and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
