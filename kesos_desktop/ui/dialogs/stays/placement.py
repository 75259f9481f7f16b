"""Institution → room → bed pickers that show free beds, and the capacity warning with its override reason box."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.services.institution_rooms import BedInfo, InstitutionDetail, RoomInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.dialogs.stays.fields import select_data, uuid_of
from kesos_desktop.ui.widgets.forms import FormErrors

SEXES = frozenset({"L", "P"})


def sex_word(sex: str) -> str:
    return _("laki-laki") if sex == "L" else _("perempuan") if sex == "P" else _("campuran")


def room_fits(room: RoomInfo, sex: str) -> bool:
    return not room.sex or not sex or room.sex == sex


def room_label(room: RoomInfo, sex: str, free: int, full: bool) -> str:
    """ "Wisma Melati 1 — laki-laki, 2 tempat tidur kosong"; a room for the other sex says so."""
    if not room_fits(room, sex):
        return _("{room} — khusus {who}").format(room=room.name, who=sex_word(room.sex))
    if full:
        return _("{room} — {who}, penuh").format(room=room.name, who=sex_word(room.sex))
    beds = ngettext("{n} tempat tidur kosong", "{n} tempat tidur kosong", free).format(n=free)
    return _("{room} — {who}, {beds}").format(room=room.name, who=sex_word(room.sex), beds=beds)


def bed_label(bed: BedInfo) -> str:
    if bed.stay_id is None:
        return _("{bed} — kosong").format(bed=bed.label)
    if bed.person_name:
        return _("{bed} — terisi ({name})").format(bed=bed.label, name=bed.person_name)
    return _("{bed} — terisi").format(bed=bed.label)


def _disable_last(combo: QComboBox) -> None:
    model = combo.model()
    if isinstance(model, QStandardItemModel):
        item = model.item(combo.count() - 1)
        if item is not None:
            item.setEnabled(False)


class PlacePicker(QObject):
    """Controller for three combos placed in the caller's form.

    ``fixed_institution`` keeps the institution (move bed); ``exclude`` drops one from the list (transfer).
    ``ignore_stay`` is the moving person's own stay: their bed counts as free and they do not fill their room.
    ``changed`` fires when the chosen place changes; ``places_loaded`` when an institution's rooms arrived.
    """

    changed = Signal()
    places_loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        *,
        sex: str = "",
        fixed_institution: uuid.UUID | None = None,
        exclude: uuid.UUID | None = None,
        ignore_stay: uuid.UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent
        self.sex = sex
        self.fixed_institution = fixed_institution
        self.exclude = exclude
        self.ignore_stay = ignore_stay
        self.detail: InstitutionDetail | None = None
        self.institution = QComboBox()
        self.institution.setMinimumContentsLength(34)
        self.institution.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.room = QComboBox()
        self.room.setMinimumContentsLength(34)
        self.room.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.bed = QComboBox()
        self.bed.setMinimumContentsLength(22)
        self.bed.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        self.institution.currentIndexChanged.connect(self._institution_changed)
        self.room.currentIndexChanged.connect(self._room_changed)
        self.bed.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._reset_rooms()

    # --- layout -----------------------------------------------------------------------------------------------
    def add_rows(
        self, form: QFormLayout, errors: FormErrors, institution_field: str = "institution_id", label: str = ""
    ) -> None:
        if self.fixed_institution is None:
            form.addRow(label or _("&Lembaga"), errors.field(institution_field, self.institution))
        form.addRow(_("&Kamar"), errors.field("room_id", self.room))
        form.addRow(_("&Tempat tidur"), errors.field("bed_id", self.bed))
        form.addRow("", self.summary)

    # --- loading ----------------------------------------------------------------------------------------------
    def set_institutions(self, choices: list[lookups.InstitutionChoice], select: uuid.UUID | None = None) -> None:
        self.institution.blockSignals(True)
        self.institution.clear()
        self.institution.addItem(_("— pilih lembaga —"), None)
        for choice in choices:
            if choice.id == self.exclude:
                continue
            self.institution.addItem(choice.name, str(choice.id))
            tip = f"{choice.type_name} · {choice.region_name}" if choice.region_name else choice.type_name
            self.institution.setItemData(self.institution.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        # With one institution to choose from, it is chosen for the user.
        if not (select is not None and select_data(self.institution, select)):
            self.institution.setCurrentIndex(1 if self.institution.count() == 2 else 0)
        self.institution.blockSignals(False)
        self._institution_changed()

    def load_fixed(self) -> None:
        """Load the rooms of the fixed institution (move bed)."""
        if self.fixed_institution is not None:
            self._load_places(self.fixed_institution)

    def set_sex(self, sex: str) -> None:
        """The person's sex decides which rooms fit; the room list is redrawn keeping the chosen room."""
        self.sex = sex
        if self.detail is not None:
            self._fill_rooms(self.room_id())

    def institution_id(self) -> uuid.UUID | None:
        if self.fixed_institution is not None:
            return self.fixed_institution
        return uuid_of(self.institution)

    def room_id(self) -> uuid.UUID | None:
        return uuid_of(self.room)

    def bed_id(self) -> uuid.UUID | None:
        return uuid_of(self.bed)

    def _institution_changed(self, *_args: object) -> None:
        self.detail = None
        self._reset_rooms()
        institution_id = self.institution_id()
        if institution_id is not None:
            self._load_places(institution_id)
        self.changed.emit()

    def _load_places(self, institution_id: uuid.UUID) -> None:
        actor = self.ctx.actor

        def loaded(detail: InstitutionDetail) -> None:
            if self.institution_id() != detail.info.id:
                return  # another institution was chosen meanwhile
            again = self.detail is not None and self.detail.info.id == detail.info.id
            self.detail = detail
            # A reload of the same institution keeps the room the user chose.
            self._fill_rooms(self.room_id() if again else None)
            self.places_loaded.emit()

        operations.read(
            self._parent,
            self.ctx.db,
            lambda s: lookups.institution_places(s, actor, institution_id),
            loaded,
            show_progress=False,
        )

    def _reset_rooms(self) -> None:
        for combo, text in ((self.room, _("— tanpa kamar —")), (self.bed, _("— tanpa tempat tidur —"))):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(text, None)
            combo.blockSignals(False)
        self.summary.setText("")

    @staticmethod
    def _free_beds(room: RoomInfo) -> list[BedInfo]:
        return [b for b in room.beds if b.is_active and b.stay_id is None]

    def _current_room(self) -> RoomInfo | None:
        """The room of the moving person's own stay (move bed), with or without a bed."""
        if self.detail is None or self.ignore_stay is None:
            return None
        return next((r for r in self.detail.rooms if self.ignore_stay in r.stay_ids), None)

    def _fill_rooms(self, select: uuid.UUID | None = None) -> None:
        assert self.detail is not None
        self.room.blockSignals(True)
        self.room.clear()
        self.room.addItem(_("— tanpa kamar —"), None)
        for room in self.detail.rooms:
            if not room.is_active:
                continue
            label = room_label(room, self.sex, len(self._free_beds(room)), room.is_full_for(self.ignore_stay))
            self.room.addItem(label, str(room.id))
            if not room_fits(room, self.sex):
                _disable_last(self.room)
        self.room.blockSignals(False)
        if select is None or not select_data(self.room, select):
            # Start from the person's own room (move), else the first room with a free bed for them.
            first_free = self._current_room() or next(
                (r for r in self.detail.rooms if r.is_active and room_fits(r, self.sex) and self._free_beds(r)), None
            )
            self.room.setCurrentIndex(0)
            if first_free is not None:
                select_data(self.room, first_free.id)
        self._room_changed()
        self.summary.setText(self.free_summary())

    def _room_changed(self, *_args: object) -> None:
        room = self.selected_room()
        self.bed.blockSignals(True)
        self.bed.clear()
        self.bed.addItem(_("— tanpa tempat tidur —"), None)
        first_free = None
        if room is not None:
            for bed in room.beds:
                if not bed.is_active:
                    continue
                free = bed.stay_id is None or bed.stay_id == self.ignore_stay
                mine = self.ignore_stay is not None and bed.stay_id == self.ignore_stay
                self.bed.addItem(_("{bed} — sekarang").format(bed=bed.label) if mine else bed_label(bed), str(bed.id))
                if not free:
                    _disable_last(self.bed)
                elif first_free is None and bed.stay_id is None:
                    first_free = self.bed.count() - 1
        if first_free is not None:
            self.bed.setCurrentIndex(first_free)
        self.bed.blockSignals(False)
        self.changed.emit()

    def select_place(self, room_id: uuid.UUID | None, bed_id: uuid.UUID | None) -> None:
        """Choose a room and bed (tests, and dialogs that start from the current place)."""
        select_data(self.room, room_id)
        select_data(self.bed, bed_id)

    def selected_room(self) -> RoomInfo | None:
        room_id = self.room_id()
        if self.detail is None or room_id is None:
            return None
        return next((r for r in self.detail.rooms if r.id == room_id), None)

    # --- what the user should know ----------------------------------------------------------------------------
    def free_summary(self) -> str:
        """Free beds of the institution by who the rooms are for, and its capacity for the person's sex."""
        if self.detail is None:
            return ""
        free = {"L": 0, "P": 0, "": 0}
        for room in self.detail.rooms:
            if room.is_active:
                free[room.sex if room.sex in free else ""] += len(self._free_beds(room))
        parts = [
            ngettext(
                "Tempat tidur kosong: {n} (laki-laki {male}, perempuan {female}, campuran {mixed}).",
                "Tempat tidur kosong: {n} (laki-laki {male}, perempuan {female}, campuran {mixed}).",
                sum(free.values()),
            ).format(n=sum(free.values()), male=free["L"], female=free["P"], mixed=free[""])
        ]
        info = self.detail.info
        if self.sex in SEXES and (info.capacity_male or info.capacity_female):
            cap = info.capacity_male if self.sex == "L" else info.capacity_female
            used = self.detail.in_care_male if self.sex == "L" else self.detail.in_care_female
            parts.append(
                _("Kapasitas lembaga untuk {who}: {used} dari {cap} terisi.").format(
                    who=sex_word(self.sex), used=used, cap=cap
                )
            )
        return " ".join(parts)

    def full_limits(self) -> list[str]:
        """Why the chosen place is full now (the service checks again when saving)."""
        if self.detail is None:
            return []
        limits = []
        room = self.selected_room()
        if room is not None and room.is_full_for(self.ignore_stay):
            limits.append(
                _("Kamar {room} penuh: {n} dari {cap} tempat terisi.").format(
                    room=room.name, n=room.occupied_by_others(self.ignore_stay), cap=room.capacity
                )
            )
        info = self.detail.info
        if self.fixed_institution is None and self.sex in SEXES and (info.capacity_male or info.capacity_female):
            cap = info.capacity_male if self.sex == "L" else info.capacity_female
            used = self.detail.in_care_male if self.sex == "L" else self.detail.in_care_female
            if used >= cap:
                limits.append(
                    _("{institution} penuh untuk {who}: {n} dari {cap} tempat terisi.").format(
                        institution=info.name, who=sex_word(self.sex), n=used, cap=cap
                    )
                )
        return limits


class CapacityBox(QWidget):
    """A warning that the place is full; for a user who may override (pimpinan) also the reason box."""

    def __init__(self, can_override: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.can_override = can_override
        self.note = QLabel()
        self.note.setObjectName("formBanner")
        self.note.setWordWrap(True)
        self.override_box = QGroupBox(_("Tetap terima melebihi kapasitas (persetujuan pimpinan)"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("Alasan persetujuan, mis. rujukan darurat kepolisian malam ini"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        box_layout = QVBoxLayout(self.override_box)
        box_layout.addWidget(self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.override_box)
        self.override_box.hide()
        self.hide()

    def bind(self, errors: FormErrors) -> None:
        label = QLabel()
        self.override_box.layout().addWidget(label)
        errors.bind("override_reason", self.reason, label)

    def show_limits(self, limits: list[str] | tuple[str, ...]) -> None:
        """Show (or hide, for no limits) the warning; the reason box only for a user who may override."""
        if not limits:
            self.hide()
            self.override_box.hide()
            return
        hint = (
            _("Anda dapat tetap menerima dengan menuliskan alasan persetujuan.")
            if self.can_override
            else _("Melampaui kapasitas memerlukan persetujuan pimpinan. Pilih tempat lain atau minta pimpinan.")
        )
        self.note.setText("\n".join([*limits, hint]))
        self.override_box.setVisible(self.can_override)
        self.show()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip() if self.can_override and self.override_box.isVisibleTo(self) else ""
