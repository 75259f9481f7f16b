"""Rujukan & Penempatan: referral source and letter, receiving institution, date, room and bed, capacity override."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.services.institution_rooms import RoomInfo
from kesos_desktop.core.services.reference import CodeRow
from kesos_desktop.core.services.stays import AdmissionInput, BelongingInput
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.intake.choices import load_rooms
from kesos_desktop.ui.pages.intake.sections import Section, combo_code, hint_label, set_combo_code
from kesos_desktop.ui.widgets.birth_date_edit import DateLineEdit
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def _uuid(text: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text)) if text else None
    except ValueError:
        return None


class PlacementSection(Section):
    """Without an institution the person is only registered; ``rooms_loaded`` fires when a room list arrives."""

    key = "placement"
    rooms_loaded = Signal()

    def __init__(self, ctx: AppContext, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Rujukan & Penempatan"), form, parent)
        self.ctx = ctx
        self._rooms: list[RoomInfo] = []
        self._pending_place: tuple[str, str] | None = None
        self._room_request = 0
        self.source = QComboBox()
        self.source.addItem(_("— pilih sumber rujukan —"), "")
        self.letter_no = QLineEdit()
        self.letter_no.setMaxLength(100)
        self.letter_no.setPlaceholderText(_("Nomor surat rujukan/pengantar, bila ada"))
        self.letter_date = DateLineEdit()
        self.institution = QComboBox()
        self.institution.addItem(_("— belum ditempatkan (hanya didaftarkan) —"), "")
        self.admitted_on = DateLineEdit()
        self.admitted_on.set_date(date.today())
        self.room = QComboBox()
        self.bed = QComboBox()
        self.override = QLineEdit()
        self.override.setPlaceholderText(_("Alasan dan nama pimpinan yang menyetujui"))
        rows = self.rows
        rows.addRow(_("Sumber &rujukan"), form.field("referral_source_code", self.source))
        rows.addRow(_("No. s&urat"), form.field("referral_letter_no", self.letter_no))
        rows.addRow(_("Tanggal surat"), form.field("referral_letter_date", self.letter_date))
        rows.addRow(_("Diterima di &lembaga"), form.field("institution_id", self.institution))
        rows.addRow(_("Tanggal &masuk"), form.field("admitted_on", self.admitted_on))
        rows.addRow(_("Ka&mar"), form.field("room_id", self.room))
        rows.addRow(_("Tempat t&idur"), form.field("bed_id", self.bed))
        self.override_field = form.field("override_reason", self.override)
        rows.addRow(_("Alasan melebihi kapasitas"), self.override_field)
        rows.setRowVisible(self.override_field, False)
        rows.addRow(
            "", hint_label(_("Kapasitas kamar diperiksa saat disimpan; melebihinya perlu persetujuan pimpinan."))
        )
        relax_labels(rows)
        self.watch(self.source, self.letter_no, self.letter_date, self.institution, self.admitted_on)
        self.watch(self.room, self.bed, self.override)
        self.institution.currentIndexChanged.connect(self._institution_changed)
        self.room.currentIndexChanged.connect(self._room_changed)
        self._institution_changed()

    # --- choices ----------------------------------------------------------------------------------------------
    def set_choices(self, sources: tuple[CodeRow, ...], institutions: tuple[Any, ...]) -> None:
        source, place = combo_code(self.source), combo_code(self.institution)
        for row in sources:
            self.source.addItem(row.name, row.code)
        for inst in institutions:
            self.institution.addItem(inst.name, str(inst.id))
        set_combo_code(self.source, source)
        set_combo_code(self.institution, place)

    def institution_id(self) -> uuid.UUID | None:
        return _uuid(combo_code(self.institution))

    def institution_name(self) -> str:
        return self.institution.currentText() if self.institution_id() else ""

    def _institution_changed(self) -> None:
        placed = self.institution_id() is not None
        for widget in (self.admitted_on, self.room, self.bed):
            widget.setEnabled(placed)
        self._rooms = []
        self._fill_rooms()
        if placed:
            self._room_request += 1
            request, actor, inst = self._room_request, self.ctx.actor, self.institution_id()
            operations.read(
                self,
                self.ctx.db,
                lambda s: load_rooms(s, actor, inst),
                lambda rooms: self._rooms_arrived(request, rooms),
                show_progress=False,
            )

    def _rooms_arrived(self, request: int, rooms: list[RoomInfo]) -> None:
        if request != self._room_request:
            return
        self._rooms = rooms
        self._fill_rooms()
        if self._pending_place is not None:
            room, bed = self._pending_place
            self._pending_place = None
            set_combo_code(self.room, room)
            set_combo_code(self.bed, bed)
        self.rooms_loaded.emit()

    def _fill_rooms(self) -> None:
        self.room.blockSignals(True)
        self.room.clear()
        self.room.addItem(_("— tanpa kamar —"), "")
        for room in self._rooms:
            free = room.free_beds
            text = ngettext("{room} · {free} tempat tidur kosong", "{room} · {free} tempat tidur kosong", free).format(
                room=room.name, free=free
            )
            self.room.addItem(text, str(room.id))
        self.room.blockSignals(False)
        self._room_changed()

    def _room_changed(self) -> None:
        self.bed.clear()
        self.bed.addItem(_("— tanpa tempat tidur —"), "")
        room = next((r for r in self._rooms if str(r.id) == combo_code(self.room)), None)
        if room is None:
            return
        model = self.bed.model()
        for bed in room.beds:
            if not bed.is_active:
                continue
            label = bed.label if bed.stay_id is None else _("{bed} — terisi").format(bed=bed.label)
            self.bed.addItem(label, str(bed.id))
            if bed.stay_id is not None and isinstance(model, QStandardItemModel):
                model.item(self.bed.count() - 1).setEnabled(False)

    def show_override(self, show: bool = True) -> None:
        """Offer the capacity override (a pimpinan's reason) after the service said the place is full."""
        self.rows.setRowVisible(self.override_field, show)
        if show:
            self.override.setFocus()

    # --- values -----------------------------------------------------------------------------------------------
    def admission(self, belongings: list[BelongingInput]) -> AdmissionInput | None:
        """None when no institution is chosen (registration only)."""
        inst = self.institution_id()
        if inst is None:
            return None
        return AdmissionInput(
            institution_id=inst,
            admitted_on=self.admitted_on.date_value() or date.today(),
            room_id=_uuid(combo_code(self.room)),
            bed_id=_uuid(combo_code(self.bed)),
            referral_source_code=combo_code(self.source) or None,
            referral_letter_no=self.letter_no.text().strip(),
            referral_letter_date=self.letter_date.date_value(),
            override_reason=self.override.text().strip(),
            belongings=belongings,
        )

    def admitted_on_problem(self) -> str:
        if self.institution_id() is None:
            return ""
        if self.admitted_on.date_value() is None:
            return self.admitted_on.problem() or _("Isi tanggal masuk.")
        return ""

    def values(self) -> dict[str, Any]:
        return {
            "source": combo_code(self.source),
            "letter_no": self.letter_no.text(),
            "letter_date": self.letter_date.text(),
            "institution": combo_code(self.institution),
            "admitted_on": self.admitted_on.text(),
            "room": combo_code(self.room) or (self._pending_place or ("", ""))[0],
            "bed": combo_code(self.bed) or (self._pending_place or ("", ""))[1],
            "override": self.override.text(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        set_combo_code(self.source, str(values.get("source") or ""))
        self.letter_no.setText(str(values.get("letter_no") or ""))
        self.letter_date.setText(str(values.get("letter_date") or ""))
        self._pending_place = (str(values.get("room") or ""), str(values.get("bed") or ""))
        set_combo_code(self.institution, str(values.get("institution") or ""))
        if values.get("admitted_on"):
            self.admitted_on.setText(str(values["admitted_on"]))
        self.override.setText(str(values.get("override") or ""))
        if self.override.text():
            self.show_override()
