"""Kamar dan tempat tidur: one institution's rooms on the left, the chosen room's beds on the right, with actions."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
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
from kesos_desktop.core.services import institution_rooms, institutions
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.placement import sex_word
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.institutions.room_dialog import AddBedsDialog, RenameBedDialog, RoomDialog
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

RoomInfo = institution_rooms.RoomInfo
BedInfo = institution_rooms.BedInfo


def _muted_if_inactive(item: RoomInfo | BedInfo) -> str | None:
    return None if item.is_active else MUTED


def room_columns() -> list[Column[RoomInfo]]:
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(_("Kamar"), lambda r: r.name, color=_muted_if_inactive),
        Column(_("Untuk"), lambda r: sex_word(r.sex)),
        Column(_("Kapasitas"), lambda r: r.capacity or _("—"), align=right, sort_key=lambda r: r.capacity),
        Column(_("Tempat tidur"), lambda r: len(r.beds), align=right),
        Column(_("Dihuni"), lambda r: r.occupied, align=right),
        Column(_("Kosong"), lambda r: r.free_beds, align=right),
        Column(_("Status"), lambda r: _("Aktif") if r.is_active else _("Nonaktif"), color=_muted_if_inactive),
    ]


def bed_columns() -> list[Column[BedInfo]]:
    def occupant(bed: BedInfo) -> str:
        if bed.stay_id is None:
            return _("kosong")
        return f"{bed.person_name} ({bed.registration_no})" if bed.person_name else _("terisi")

    return [
        Column(_("Tempat tidur"), lambda b: b.label, color=_muted_if_inactive),
        Column(_("Penghuni"), occupant),
        Column(_("Status"), lambda b: _("Aktif") if b.is_active else _("Nonaktif"), color=_muted_if_inactive),
        Column(_("Pernah dipakai"), lambda b: _("ya") if b.has_history else _("belum")),
    ]


class RoomsDialog(QDialog):
    """Manage one institution's rooms and beds; every change is saved at once by its service. ``changed`` fires
    after each change (the page reloads its occupancy), ``loaded`` after each reload."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx: AppContext, institution_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.institution_id = institution_id
        self.dialog: QDialog | None = None
        self.setWindowTitle(_("Kamar dan tempat tidur"))
        self.resize(1060, 580)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.rooms: RowsTableModel[RoomInfo] = RowsTableModel(room_columns(), parent=self)
        self.beds: RowsTableModel[BedInfo] = RowsTableModel(bed_columns(), parent=self)
        self.room_table = QTableView()
        self.room_table.setModel(self.rooms)
        setup_table(self.room_table, (150, 80, 75, 90, 60, 60), sortable=True)
        self.bed_table = QTableView()
        self.bed_table.setModel(self.beds)
        setup_table(self.bed_table, (85, 160, 70), sortable=True)
        self.room_table.selectionModel().selectionChanged.connect(lambda *_a: self._room_selected())
        self.bed_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.room_table.doubleClicked.connect(lambda _i: self.edit_room())
        self.bed_table.doubleClicked.connect(lambda _i: self.rename_bed())

        self.add_room_button = QPushButton(icon("add"), _("Tambah &kamar…"))
        self.edit_room_button = QPushButton(icon("edit"), _("&Ubah kamar…"))
        self.room_active_button = QPushButton(icon("block"), _("&Nonaktifkan kamar"))
        self.add_beds_button = QPushButton(icon("add"), _("&Tambah…"))
        self.add_beds_button.setToolTip(_("Tambah tempat tidur di kamar ini"))
        self.rename_bed_button = QPushButton(icon("edit"), _("&Ganti label…"))
        self.bed_active_button = QPushButton(icon("block"), _("N&onaktifkan"))
        self.delete_bed_button = QPushButton(_("&Hapus"))
        self.delete_bed_button.setToolTip(
            _("Hanya tempat tidur yang belum pernah dipakai dapat dihapus; yang lain dinonaktifkan.")
        )
        self.add_room_button.clicked.connect(self.add_room)
        self.edit_room_button.clicked.connect(self.edit_room)
        self.room_active_button.clicked.connect(self.toggle_room)
        self.add_beds_button.clicked.connect(self.add_beds)
        self.rename_bed_button.clicked.connect(self.rename_bed)
        self.bed_active_button.clicked.connect(self.toggle_bed)
        self.delete_bed_button.clicked.connect(self.delete_bed)

        room_buttons = QHBoxLayout()
        for button in (self.add_room_button, self.edit_room_button, self.room_active_button):
            room_buttons.addWidget(button)
        room_buttons.addStretch(1)
        bed_buttons = QHBoxLayout()
        for button in (self.add_beds_button, self.rename_bed_button, self.bed_active_button, self.delete_bed_button):
            bed_buttons.addWidget(button)
        bed_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self._caption(_("Kamar")))
        left.addWidget(self.room_table, 1)
        left.addLayout(room_buttons)
        right = QVBoxLayout()
        self.beds_caption = self._caption(_("Tempat tidur"))
        right.addWidget(self.beds_caption)
        right.addWidget(self.bed_table, 1)
        right.addLayout(bed_buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(columns, 1)
        layout.addWidget(close)
        manage = ctx.actor.can("institutions.manage")
        self.add_room_button.setEnabled(manage)
        self._update_actions()
        self.refresh()

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        return label

    # --- loading ----------------------------------------------------------------------------------------------
    def refresh(self, select_room: uuid.UUID | None = None, select_bed: uuid.UUID | None = None) -> None:
        actor, institution_id = self.ctx.actor, self.institution_id
        room = select_room or (self.selected_room().id if self.selected_room() else None)
        bed = select_bed or (self.selected_bed().id if self.selected_bed() else None)
        operations.read(
            self,
            self.ctx.db,
            lambda s: institutions.get_institution(s, actor, institution_id),
            lambda detail: self._loaded(detail, room, bed),
        )

    def _loaded(
        self, detail: institution_rooms.InstitutionDetail, room: uuid.UUID | None, bed: uuid.UUID | None
    ) -> None:
        self.heading.setText(detail.info.name)
        self.rooms.set_rows(detail.rooms)
        self._select(self.room_table, self.rooms, room, default_first=True)
        self._room_selected()
        self._select(self.bed_table, self.beds, bed)
        self._update_actions()
        self.loaded.emit()

    @staticmethod
    def _select(
        view: QTableView,
        model: RowsTableModel,  # type: ignore[type-arg]
        item_id: uuid.UUID | None,
        *,
        default_first: bool = False,
    ) -> None:
        row = model.find(lambda r: r.id == item_id) if item_id is not None else -1
        if row < 0 and default_first and model.rowCount():
            row = 0
        if row >= 0:
            view.selectionModel().select(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            view.setCurrentIndex(model.index(row, 0))

    # --- selection --------------------------------------------------------------------------------------------
    def selected_room(self) -> RoomInfo | None:
        rows = self.room_table.selectionModel().selectedRows()
        return self.rooms.row_at(rows[0].row()) if rows else None

    def selected_bed(self) -> BedInfo | None:
        rows = self.bed_table.selectionModel().selectedRows()
        return self.beds.row_at(rows[0].row()) if rows else None

    def select_room(self, name: str) -> None:
        row = self.rooms.find(lambda r: r.name == name)
        self.room_table.selectRow(row)

    def select_bed(self, label: str) -> None:
        row = self.beds.find(lambda b: b.label == label)
        self.bed_table.selectRow(row)

    def _room_selected(self) -> None:
        room = self.selected_room()
        self.beds.set_rows(room.beds if room is not None else [])
        self.beds_caption.setText(
            _("Tempat tidur di {room}").format(room=room.name) if room is not None else _("Tempat tidur")
        )
        self._update_actions()

    def _update_actions(self) -> None:
        manage = self.ctx.actor.can("institutions.manage")
        room, bed = self.selected_room(), self.selected_bed()
        for button in (self.edit_room_button, self.room_active_button, self.add_beds_button):
            button.setEnabled(manage and room is not None)
        for button in (self.rename_bed_button, self.bed_active_button, self.delete_bed_button):
            button.setEnabled(manage and bed is not None)
        self.room_active_button.setText(
            _("&Aktifkan kamar") if room is not None and not room.is_active else _("&Nonaktifkan kamar")
        )
        self.bed_active_button.setText(_("Akti&fkan") if bed is not None and not bed.is_active else _("N&onaktifkan"))

    # --- commands ---------------------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, on_saved) -> None:  # type: ignore[no-untyped-def]
        dialog.saved.connect(on_saved)  # type: ignore[attr-defined]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _after(self, room: uuid.UUID | None = None, bed: uuid.UUID | None = None) -> None:
        self.changed.emit()
        self.refresh(room, bed)

    def add_room(self) -> None:
        self._open(RoomDialog(self.ctx, self.institution_id, None, self), lambda info: self._after(info.id))

    def edit_room(self) -> None:
        room = self.selected_room()
        if room is not None and self.edit_room_button.isEnabled():
            self._open(RoomDialog(self.ctx, self.institution_id, room, self), lambda info: self._after(info.id))

    def add_beds(self) -> None:
        room = self.selected_room()
        if room is not None:
            self._open(AddBedsDialog(self.ctx, room, self), lambda info: self._after(info.id))

    def rename_bed(self) -> None:
        bed = self.selected_bed()
        if bed is not None and self.rename_bed_button.isEnabled():
            self._open(RenameBedDialog(self.ctx, bed, self), lambda info: self._after(info.room_id, info.id))

    def toggle_room(self) -> None:
        room = self.selected_room()
        if room is None:
            return
        actor, room_id, active = self.ctx.actor, room.id, not room.is_active
        operations.write(
            self,
            self.ctx.db,
            lambda s: institution_rooms.set_room_active(s, actor, room_id, active),
            lambda info: self._after(info.id),
        )

    def toggle_bed(self) -> None:
        bed = self.selected_bed()
        if bed is None:
            return
        actor, bed_id, active = self.ctx.actor, bed.id, not bed.is_active
        operations.write(
            self,
            self.ctx.db,
            lambda s: institution_rooms.set_bed_active(s, actor, bed_id, active),
            lambda info: self._after(info.room_id, info.id),
        )

    def delete_bed(self) -> None:
        bed = self.selected_bed()
        if bed is None:
            return
        actor, bed_id, room_id = self.ctx.actor, bed.id, bed.room_id

        def delete() -> None:
            operations.write(
                self,
                self.ctx.db,
                lambda s: institution_rooms.delete_bed(s, actor, bed_id),
                lambda _r: self._after(room_id),
            )

        operations.ask(
            self,
            _("Hapus tempat tidur"),
            _("Hapus tempat tidur {bed}? Tempat tidur yang sudah punya riwayat penghuni tidak dapat dihapus.").format(
                bed=bed.label
            ),
            _("&Hapus"),
            delete,
            destructive=True,
        )
