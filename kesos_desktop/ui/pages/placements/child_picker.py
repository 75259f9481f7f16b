"""Choosing the child to place: a search box over the resident list (name, registration number or NIK) with the
matches below; the search runs on a worker a moment after typing stops."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_age, format_date
from kesos_desktop.core.services.resident_list import ResidentRow
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.placements.data import search_children
from kesos_desktop.ui.style import MUTED, icon

SEARCH_DELAY_MS = 250
ID_ROLE = Qt.ItemDataRole.UserRole


def child_text(r: ResidentRow) -> str:
    name = r.name or r.alias or _("(tanpa nama)")
    parts = [name, r.registration_no]
    if r.birth_date is not None:
        age = format_age(r.birth_date, estimated=r.birth_date_precision != "exact")
        parts.append(_("umur {age}").format(age=age))
    if r.institution:
        parts.append(r.institution if r.in_care else _("dahulu di {place}").format(place=r.institution))
    elif r.admitted_on:
        parts.append(format_date(r.admitted_on))
    return " — ".join(parts)


class ChildPicker(QWidget):
    """``results_shown(n)`` when matches are listed; ``chosen(person_id or None)`` when the choice changes.

    Down in the search box moves into the list; the edited signal lets FormErrors clear the field's error."""

    results_shown = Signal(int)
    chosen = Signal(object)
    edited = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._seq = 0
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Ketik nama, no. registrasi atau NIK anak…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textEdited.connect(lambda _t: self._schedule())
        self.search.installEventFilter(self)
        self.results = QListWidget()
        self.results.setMinimumHeight(90)
        self.results.setMaximumHeight(130)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.currentItemChanged.connect(lambda *_a: self._current_changed())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.setFocusProxy(self.search)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.results.count()
        ):
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _schedule(self) -> None:
        self.edited.emit()
        self.timer.start()

    def run_search(self) -> None:
        self._seq += 1
        seq, actor, text = self._seq, self.ctx.actor, self.search.text()
        operations.read(
            self,
            self.ctx.db,
            lambda s: search_children(s, actor, text),
            lambda rows: self._shown(seq, rows),
            show_progress=False,
        )

    def _shown(self, seq: int, rows: list[ResidentRow]) -> None:
        if seq != self._seq:
            return
        keep = self.person_id()
        self.results.blockSignals(True)
        self.results.clear()
        for r in rows:
            item = QListWidgetItem(child_text(r))
            item.setToolTip(child_text(r))
            item.setData(ID_ROLE, str(r.id))
            self.results.addItem(item)
        if not rows and len(self.search.text().strip()) >= 2:
            empty = QListWidgetItem(_("Tidak ada yang cocok."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)
        self.results.blockSignals(False)
        if len(rows) == 1:
            self.results.setCurrentRow(0)
        elif keep is not None:
            self.select(keep)
        self._current_changed()
        self.results_shown.emit(len(rows))

    def select(self, person_id: uuid.UUID) -> bool:
        for row in range(self.results.count()):
            if self.results.item(row).data(ID_ROLE) == str(person_id):
                self.results.setCurrentRow(row)
                return True
        return False

    def _current_changed(self) -> None:
        self.edited.emit()
        self.chosen.emit(self.person_id())

    def person_id(self) -> uuid.UUID | None:
        item = self.results.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return uuid.UUID(value) if value else None

    def chosen_text(self) -> str:
        item = self.results.currentItem()
        return item.text() if item is not None and item.data(ID_ROLE) else ""
