"""Tab Catatan: the case's progress notes by date range, the selected note to read, the note editor."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_datetime
from kesos_desktop.core.services import notes
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.cases.data import CaseView, NotesView, load_notes
from kesos_desktop.ui.pages.cases.note_editor import NoteEditor
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.tables import setup_table


def note_columns() -> list[Column[notes.NoteInfo]]:
    return [
        Column(_("Tanggal"), lambda n: format_date(n.written_on), sort_key=lambda n: (n.written_on, n.created_at)),
        Column(_("Jenis"), lambda n: n.kind_label),
        Column(_("Penulis"), lambda n: n.author_name or n.author_username),
        Column(_("Rahasia"), lambda n: _("Rahasia") if n.confidential else "", color=lambda _n: ERROR),
        Column(_("Isi"), lambda n: " ".join(n.text.split()), tooltip=lambda n: n.text[:600]),
    ]


class NotesTab(QWidget):
    """``loaded`` after the list arrived; ``editor`` is the note editor open now (or None)."""

    loaded = Signal()
    editor_opened = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: CaseView | None = None
        self.editor: NoteEditor | None = None
        self.editors: list[NoteEditor] = []
        self.audited: set[object] = set()
        self.date_from = OptionalDateEdit(check_text=_("Dari"))
        self.date_to = OptionalDateEdit(check_text=_("Sampai"))
        for edit in (self.date_from, self.date_to):
            edit.edited.connect(self.refresh)
        self.new_button = QPushButton(_("&Tulis catatan…"))
        self.new_button.clicked.connect(lambda: self.open_editor())
        self.edit_button = QPushButton(_("U&bah catatan…"))
        self.edit_button.clicked.connect(self.edit_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addStretch(1)
        bar.addWidget(QLabel(_("Tanggal:")))
        bar.addWidget(self.date_from)
        bar.addWidget(self.date_to)
        self.model: RowsTableModel[notes.NoteInfo] = RowsTableModel(note_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (150, 160, 150, 70))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.reader = QPlainTextEdit()
        self.reader.setReadOnly(True)
        self.reader.setPlaceholderText(_("Pilih catatan untuk membacanya."))
        self.meta = QLabel()
        self.meta.setObjectName("hint")
        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.addWidget(self.meta)
        reading_layout.addWidget(self.reader, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(reading)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        self.hidden = QLabel()
        self.hidden.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.hidden)
        self._update_actions()

    def set_view(self, view: CaseView) -> None:
        self.view = view
        self._update_actions()
        self.refresh()

    def refresh(self) -> None:
        if self.view is None:
            return
        actor, case = self.ctx.actor, self.view.case
        start, end = self.date_from.value(), self.date_to.value()
        operations.read(
            self, self.ctx.db, lambda s: load_notes(s, actor, case, start, end), self._loaded, show_progress=False
        )

    def _loaded(self, result: NotesView) -> None:
        chosen = self.selected()
        self.model.set_rows(result.notes)
        if chosen is not None:
            row = self.model.find(lambda n: n.id == chosen.id)
            if row >= 0:
                self.table.selectRow(row)
        self.hidden.setText(
            ngettext(
                "{n} catatan rahasia dalam rentang ini tidak ditampilkan untuk Anda.",
                "{n} catatan rahasia dalam rentang ini tidak ditampilkan untuk Anda.",
                result.hidden,
            ).format(n=result.hidden)
            if result.hidden
            else ""
        )
        self.hidden.setVisible(bool(result.hidden))
        self._selected()
        self.loaded.emit()

    def selected(self) -> notes.NoteInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self) -> None:
        note = self.selected()
        self.reader.setPlainText(note.text if note else "")
        if note is None:
            self.meta.setText("")
        else:
            parts = [format_date(note.written_on), note.kind_label, note.author_name or note.author_username]
            if note.confidential:
                parts.append(_("rahasia"))
            parts.append(_("dicatat {when}").format(when=format_datetime(note.created_at)))
            self.meta.setText(" · ".join(parts))
            self._audit_read(note)
        self._update_actions()

    def _audit_read(self, note: notes.NoteInfo) -> None:
        """Reading someone else's confidential note is recorded (once per note per window)."""
        if not note.confidential or note.author_username == self.ctx.actor.username or note.id in self.audited:
            return
        self.audited.add(note.id)
        actor, note_id = self.ctx.actor, note.id
        operations.write(self, self.ctx.db, lambda s: notes.get_note(s, actor, note_id), show_progress=False)

    def _update_actions(self) -> None:
        writable = bool(self.view and not self.view.case.is_closed and self.ctx.actor.can("notes.write"))
        note = self.selected()
        self.new_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and note is not None and note.can_edit)
        self.meta.setStyleSheet(f"color: {MUTED};")

    # --- editor -----------------------------------------------------------------------------------------------
    def open_editor(self, note: notes.NoteInfo | None = None) -> NoteEditor | None:
        if self.view is None or not self.new_button.isEnabled():
            return None
        for open_one in self.open_editors():
            if open_one.note == note:
                open_one.show()
                open_one.raise_()
                open_one.activateWindow()
                self.editor = open_one
                return open_one
        editor = NoteEditor(self.ctx, self.view.case, note, self.window())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _n: self.refresh())
        self.editor = editor
        self.editors.append(editor)
        editor.show()
        self.editor_opened.emit(editor)
        return editor

    def open_editors(self) -> list[NoteEditor]:
        """The note editors of this case still on screen."""
        self.editors = [e for e in self.editors if shiboken6.isValid(e)]
        return [e for e in self.editors if e.isVisible()]

    def edit_selected(self) -> None:
        note = self.selected()
        if note is not None and note.can_edit:
            self.open_editor(note)
