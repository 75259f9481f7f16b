"""Small dialogs for rooms and beds: add or edit a room (with "A1–A10" quick fill), add beds, rename a bed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.services import institution_rooms
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo, save_cancel_buttons, select_data
from kesos_desktop.ui.pages.institutions.bed_labels import (
    BedLabelError,
    expand_bed_labels,
    preview_text,
    quick_fill_text,
)
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class _ServiceDialog(QDialog):
    """A short form saved by one service call; ``saved(object)`` carries the service result."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(500)
        self.banner = QLabel()
        self.errors = FormErrors(self, self.banner)
        self.info = QLabel()
        self.info.setObjectName("infoBanner")
        self.info.setWordWrap(True)
        self.info.hide()
        self.fields = QFormLayout()
        self.buttons = save_cancel_buttons()
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addLayout(self.fields)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.errors.clear()
        self.info.hide()
        work = self.work()
        if work is not None:
            operations.write(
                self, self.ctx.db, work, self._saved, form=self.errors, busy=self.buttons, on_failure=self._failed
            )

    def work(self) -> Callable[[Any], object] | None:
        raise NotImplementedError

    def latest(self) -> Callable[[Any], object] | None:
        """How to read the edited room or bed again after a conflict (None: nothing is edited)."""
        return None

    def took_latest(self, latest: object) -> None:
        """The newest version arrived: the next save is based on it; the typed values stay."""

    def _failed(self, error: BaseException) -> bool:
        read = self.latest()
        if not isinstance(error, Conflict) or read is None:
            return False

        def reload() -> None:
            def arrived(latest: object) -> None:
                self.took_latest(latest)
                self.info.setText(_("Data terbaru dimuat. Isian Anda tetap; tekan Simpan untuk menyimpannya."))
                self.info.show()

            operations.read(self, self.ctx.db, read, arrived, show_progress=False)

        operations.ask(self, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), reload)
        return True

    def _saved(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()


class BedLabelsField(QWidget):
    """The quick-fill text ("A1–A10, B1–B5") with a live preview of the labels it makes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("mis. A1–A10 atau A1–A5, B1–B5"))
        self.text.textEdited.connect(lambda _t: self.edited.emit())
        self.text.textChanged.connect(self._update_preview)
        self.preview = QLabel()
        self.preview.setObjectName("hint")
        self.preview.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        layout.addWidget(self.preview)
        self.setFocusProxy(self.text)
        self._update_preview()

    def labels(self) -> list[str]:
        """The labels, or raises BedLabelError."""
        return expand_bed_labels(self.text.text())

    def _update_preview(self) -> None:
        try:
            labels = self.labels()
        except BedLabelError as exc:
            self.preview.setText(str(exc))
            return
        if not labels:
            self.preview.setText(_("Tanpa tempat tidur. Bisa ditambahkan nanti."))
            return
        count = ngettext("{n} tempat tidur", "{n} tempat tidur", len(labels)).format(n=len(labels))
        self.preview.setText(_("{count}: {labels}").format(count=count, labels=preview_text(labels)))


class RoomDialog(_ServiceDialog):
    """Add a room with its beds (``room`` None) or rename / change who it is for and its capacity."""

    def __init__(
        self,
        ctx: AppContext,
        institution_id: uuid.UUID,
        room: institution_rooms.RoomInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, _("Tambah kamar") if room is None else _("Ubah kamar {room}").format(room=room.name), parent
        )
        self.institution_id = institution_id
        self.room = room
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(_("mis. Wisma Melati 1"))
        self.sex = code_combo([(code, _(label)) for code, label in institution_rooms.ROOM_SEXES.items()])
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 1000)
        by_beds = _("sesuai jumlah tempat tidur")
        self.capacity.setSpecialValueText(by_beds)
        self.capacity.setMinimumWidth(self.capacity.fontMetrics().horizontalAdvance(by_beds) + 48)
        self.capacity.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.beds = BedLabelsField()
        self.quick_count = QSpinBox()
        self.quick_count.setRange(1, 200)
        self.quick_count.setValue(10)
        self.quick_prefix = QLineEdit("A")
        self.quick_prefix.setMaxLength(10)
        self.quick_prefix.setMaximumWidth(60)
        self.quick_button = QPushButton(_("&Isi cepat"))
        self.quick_button.setToolTip(_("Isi label tempat tidur berurutan, mis. A1–A10"))
        self.quick_button.clicked.connect(self.quick_fill)
        f = self.errors.field
        self.fields.addRow(_("&Nama kamar"), f("name", self.name))
        self.fields.addRow(_("&Untuk"), f("sex", self.sex))
        self.fields.addRow(_("&Kapasitas"), f("capacity", self.capacity))
        if room is None:
            quick = QHBoxLayout()
            quick.addWidget(QLabel(_("Awalan")))
            quick.addWidget(self.quick_prefix)
            quick.addWidget(QLabel(_("Jumlah")))
            quick.addWidget(self.quick_count)
            quick.addWidget(self.quick_button)
            quick.addStretch(1)
            self.fields.addRow(_("&Tempat tidur"), f("bed_labels", self.beds))
            self.fields.addRow("", quick)
        else:
            self.name.setText(room.name)
            select_data(self.sex, room.sex)
            self.capacity.setValue(room.capacity)
        relax_labels(self.fields)

    def quick_fill(self) -> None:
        self.beds.text.setText(quick_fill_text(self.quick_count.value(), self.quick_prefix.text().strip()))
        self.errors.clear_field("bed_labels")

    def latest(self) -> Callable[[Any], object] | None:
        if self.room is None:
            return None
        actor, institution_id, room_id = self.ctx.actor, self.institution_id, self.room.id
        return lambda s: institution_rooms.room_infos(s, actor, institution_id, [room_id])[0]

    def took_latest(self, latest: object) -> None:
        assert isinstance(latest, institution_rooms.RoomInfo)
        self.room = latest

    def data(self, labels: list[str]) -> institution_rooms.RoomInput:
        sex = self.sex.currentData()
        return institution_rooms.RoomInput(
            name=self.name.text().strip(),
            sex=sex if isinstance(sex, str) else "",
            capacity=self.capacity.value(),
            bed_labels=labels,
        )

    def work(self) -> Callable[[Any], object] | None:
        actor = self.ctx.actor
        if self.room is not None:
            room_id, data, version = self.room.id, self.data([]), self.room.version_id
            return lambda s: institution_rooms.update_room(s, actor, room_id, data, version)
        try:
            labels = self.beds.labels()
        except BedLabelError as exc:
            self.errors.set_field_error("bed_labels", str(exc))
            self.beds.setFocus()
            return None
        institution_id, data = self.institution_id, self.data(labels)
        return lambda s: institution_rooms.add_room(s, actor, institution_id, data)


class AddBedsDialog(_ServiceDialog):
    """Add beds to a room; the same quick-fill text as a new room."""

    def __init__(self, ctx: AppContext, room: institution_rooms.RoomInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Tambah tempat tidur di {room}").format(room=room.name), parent)
        self.room = room
        self.beds = BedLabelsField()
        taken = ", ".join(b.label for b in room.beds) or _("belum ada")
        existing = QLabel(_("Sudah ada: {labels}").format(labels=taken))
        existing.setObjectName("hint")
        existing.setWordWrap(True)
        self.fields.addRow(_("&Tempat tidur baru"), self.errors.field("bed_labels", self.beds))
        self.fields.addRow("", existing)
        relax_labels(self.fields)

    def work(self) -> Callable[[Any], object] | None:
        try:
            labels = self.beds.labels()
        except BedLabelError as exc:
            self.errors.set_field_error("bed_labels", str(exc))
            return None
        actor, room_id = self.ctx.actor, self.room.id
        return lambda s: institution_rooms.add_beds(s, actor, room_id, labels)


class RenameBedDialog(_ServiceDialog):
    """Change a bed's label."""

    def __init__(self, ctx: AppContext, bed: institution_rooms.BedInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Ganti label tempat tidur {bed}").format(bed=bed.label), parent)
        self.bed = bed
        self.label = QLineEdit(bed.label)
        self.label.setMaxLength(30)
        self.fields.addRow(_("&Label baru"), self.errors.field("label", self.label, "bed_labels"))
        relax_labels(self.fields)

    def work(self) -> Callable[[Any], object] | None:
        actor, bed_id, label, version = self.ctx.actor, self.bed.id, self.label.text().strip(), self.bed.version_id
        return lambda s: institution_rooms.rename_bed(s, actor, bed_id, label, version)

    def latest(self) -> Callable[[Any], object] | None:
        actor, bed = self.ctx.actor, self.bed
        return lambda s: institution_rooms.bed_info(s, actor, bed.id)

    def took_latest(self, latest: object) -> None:
        assert isinstance(latest, institution_rooms.BedInfo)
        self.bed = latest
