"""The attendance sheet: everyone who may attend an activity with a status each, set by keyboard (1-4, space, arrow
keys) or the buttons, "Semua hadir", notes, and one save for the whole group. Used by Kegiatan and Pelatihan."""

from __future__ import annotations

import dataclasses
import uuid

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date_long, format_number
from kesos_desktop.core.services import activities
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.activities.attendance_model import (
    NAME,
    ROOM,
    STATUS,
    STATUS_ORDER,
    AttendanceModel,
    Mark,
    status_label,
)
from kesos_desktop.ui.pages.activities.data import Sheet, load_sheet
from kesos_desktop.ui.pages.activities.fields import banner, hint
from kesos_desktop.ui.widgets.tables import setup_table

_NUMBER_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}


class AttendanceView(QTableView):
    """1-4 mark the selected people and move down; space cycles the current person; F2 or a double click on
    Keterangan writes a note; arrow keys move as usual."""

    def model(self) -> AttendanceModel:  # type: ignore[override]
        return super().model()  # type: ignore[return-value]

    def selected_rows(self) -> list[int]:
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return rows

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier)
        if plain and key in _NUMBER_KEYS and self.state() != QAbstractItemView.State.EditingState:
            rows = self.selected_rows()
            self.model().set_status(rows, STATUS_ORDER[_NUMBER_KEYS[key]])
            if len(rows) == 1:
                self.move_to(rows[0] + 1)
            event.accept()
            return
        if plain and key == Qt.Key.Key_Space and self.currentIndex().isValid():
            self.model().cycle(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)

    def move_to(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            column = self.currentIndex().column() if self.currentIndex().isValid() else STATUS
            index = self.model().index(row, column)
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.scrollTo(self.model().index(row, NAME))


class AttendanceSheet(QWidget):
    """``loaded(Sheet)`` when a sheet is shown; ``saved(AttendanceResult)`` after the whole list was stored."""

    loaded = Signal(object)
    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sheet: Sheet | None = None
        self.version_id: int | None = None
        # Unsaved marks of sheets the user left, so switching activities never loses them.
        self.kept: dict[uuid.UUID, dict[uuid.UUID, Mark]] = {}
        self.title = QLabel(_("Daftar hadir"))
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.details = hint(_("Pilih kegiatan di daftar, atau buat kegiatan baru (Ctrl+N)."))
        self.notice = banner()
        self.model = AttendanceModel(self)
        self.model.edited.connect(self._edited)
        self.table = AttendanceView()
        self.table.setModel(self.model)
        setup_table(self.table, (40, 200, 125, 100, 135, 170))
        # The name takes the spare width, so the status and the note stay in sight without scrolling sideways.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.doubleClicked.connect(self._double_clicked)
        self.all_present = QPushButton(_("&Semua hadir"))
        self.all_present.setToolTip(_("Tandai semua orang pada daftar hadir"))
        self.all_present.clicked.connect(lambda: self.model.set_all("hadir"))
        self.status_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_present)
        buttons.addSpacing(12)
        for n, status in enumerate(STATUS_ORDER, start=1):
            button = QPushButton(_("{key} {status}").format(key=n, status=status_label(status)))
            button.setToolTip(_("Tandai orang yang dipilih (tombol {n})").format(n=n))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, s=status: self.mark_selected(s))
            self.status_buttons[status] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.save_button = QPushButton(_("Simpan daftar &hadir"))
        self.save_button.setToolTip(_("Simpan seluruh daftar hadir sekaligus (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        self.summary = QLabel()
        self.keys = hint(_("Tombol: 1 Hadir · 2 Izin · 3 Sakit · 4 Tanpa keterangan · Spasi berganti · F2 keterangan"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.keys)
        self._set_ready(False)

    # --- loading ----------------------------------------------------------------------------------------------
    def load(self, activity_id: uuid.UUID | None, *, keep_edits: bool = True) -> None:
        """Show ``activity_id``'s sheet (None clears it); unsaved marks of the sheet on screen are kept aside."""
        if self.sheet is not None and self.model.is_dirty():
            self.kept[self.sheet.info.id] = self.model.edits()
        if activity_id is None:
            self.sheet = None
            self.model.load([])
            self._set_ready(False)
            return
        actor = self.ctx.actor
        operations.read(
            self,
            self.ctx.db,
            lambda s: load_sheet(s, actor, activity_id),
            lambda sheet: self._loaded(sheet, keep_edits),
            show_progress=False,
        )

    def reload(self) -> None:
        if self.sheet is not None:
            self.load(self.sheet.info.id)

    def _loaded(self, sheet: Sheet, keep_edits: bool) -> None:
        kept = self.kept.pop(sheet.info.id, None) if keep_edits else None
        self.sheet = sheet
        self.version_id = sheet.info.version_id
        self.model.read_only = not sheet.editable
        self.model.load(sheet.lines, kept)
        self.table.setColumnHidden(ROOM, not any(line.room for line in sheet.lines))
        info = sheet.info
        self.title.setText(
            _("{title} — {day}").format(title=info.title or info.type_label, day=format_date_long(info.held_on))
        )
        self.details.setText(self._details(info))
        if kept:
            self._notice(_("Tanda kehadiran yang belum disimpan dipulihkan. Tekan Simpan untuk menyimpannya."))
        elif not sheet.lines and sheet.editable:
            self._notice(
                _("Belum ada peserta: tidak ada warga binaan di lembaga ini pada tanggal kegiatan.")
                if info.kind == "kelompok"
                else _("Belum ada peserta terdaftar pada pelatihan ini.")
            )
        else:
            self.notice.hide()
        self._set_ready(True)
        if sheet.lines:
            self.table.move_to(0)
        self.loaded.emit(sheet)

    @staticmethod
    def _details(info: activities.ActivityInfo) -> str:
        parts = [info.kind_label, info.type_label, info.institution_name]
        if info.facilitator:
            parts.append(_("fasilitator {name}").format(name=info.facilitator))
        if info.start_time:
            parts.append(_("pukul {time}").format(time=info.start_time.replace(":", ".")))
        if info.duration_minutes:
            parts.append(
                ngettext("{n} menit", "{n} menit", info.duration_minutes).format(n=format_number(info.duration_minutes))
            )
        if info.summary:
            parts.append(info.summary)
        return " · ".join(p for p in dict.fromkeys(parts) if p)

    def _set_ready(self, ready: bool) -> None:
        editable = ready and self.sheet is not None and self.sheet.editable
        for widget in (self.all_present, self.save_button, *self.status_buttons.values()):
            widget.setVisible(editable)
        self.keys.setVisible(editable)
        self.table.setVisible(ready)
        self.summary.setVisible(ready)
        if not ready:
            self.title.setText(_("Daftar hadir"))
            self.details.setText(_("Pilih kegiatan di daftar, atau buat kegiatan baru (Ctrl+N)."))
            self.notice.hide()
        self._edited()

    def _notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _edited(self) -> None:
        self.summary.setText(self.model.summary() if self.sheet is not None else "")
        self.save_button.setEnabled(self.sheet is not None and self.sheet.editable and self.model.is_dirty())

    # --- editing ----------------------------------------------------------------------------------------------
    def mark_selected(self, status: str) -> None:
        self.model.set_status(self.table.selected_rows(), status)
        self.table.setFocus()

    def _double_clicked(self, index: object) -> None:
        if getattr(index, "column", lambda: -1)() == STATUS:
            self.model.cycle(index.row())  # type: ignore[attr-defined]

    def is_dirty(self) -> bool:
        return self.sheet is not None and self.model.is_dirty()

    def focus_sheet(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid():
            self.table.move_to(0)

    # --- saving -----------------------------------------------------------------------------------------------
    def save(self) -> None:
        if self.sheet is None or not self.sheet.editable or not self.model.is_dirty():
            return
        entries = self.model.entries()
        unmarked = self.model.counts()[""]
        if unmarked:
            operations.ask(
                self,
                _("Simpan daftar hadir"),
                ngettext(
                    "{n} orang belum diberi tanda dan tidak akan dicatat pada daftar hadir. Simpan sekarang?",
                    "{n} orang belum diberi tanda dan tidak akan dicatat pada daftar hadir. Simpan sekarang?",
                    unmarked,
                ).format(n=format_number(unmarked)),
                _("&Simpan"),
                lambda: self._save(entries),
            )
            return
        self._save(entries)

    def _save(self, entries: list[activities.AttendanceEntry]) -> None:
        assert self.sheet is not None
        actor, activity_id, version = self.ctx.actor, self.sheet.info.id, self.version_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: activities.save_attendance(s, actor, activity_id, entries, version),
            self._saved,
            on_failure=self._failed,
            busy=self,
            label=_("Menyimpan daftar hadir…"),
        )

    def _saved(self, result: activities.AttendanceResult) -> None:
        self.version_id = result.version_id
        if self.sheet is not None and self.sheet.info.id == result.activity_id:
            # The saved sheet is a new version of the activity: an edit of it must start from there.
            info = dataclasses.replace(self.sheet.info, version_id=result.version_id)
            self.sheet = dataclasses.replace(self.sheet, info=info)
        self.model.mark_saved()
        self._notice(
            _("Daftar hadir disimpan: {present} hadir dari {total}.").format(
                present=format_number(result.counts.get("hadir", 0)),
                total=ngettext("{n} orang", "{n} orang", result.total).format(n=format_number(result.total)),
            )
        )
        self.saved.emit(result)

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, Conflict):
            operations.ask(
                self,
                _("Data telah berubah"),
                _("{error} Muat daftar terbaru? Tanda yang Anda isi tetap dipertahankan.").format(error=error),
                _("&Muat ulang"),
                self.reload,
            )
            return True
        return False
