"""``TransferDialog``: refer a person to another institution (closes this stay, opens a linked one)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.services import stays
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.dialogs.stays.base import StayDialog
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit, date_edit, to_date, to_qdate
from kesos_desktop.ui.dialogs.stays.placement import PlacePicker


class TransferDialog(StayDialog):
    """Transfer the open stay ``stay``; ``saved(StayInfo)`` with the new stay at the receiving institution."""

    def __init__(self, ctx: AppContext, stay: stays.StayInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Rujuk ke lembaga lain"), parent)
        self.stay = stay
        self.on_date = date_edit()
        self.on_date.setMinimumDate(to_qdate(stay.admitted_on))
        self.picker = PlacePicker(ctx, self, exclude=stay.institution_id)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("mis. perlu layanan rehabilitasi lanjutan di panti khusus lansia"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        self.letter_no = QLineEdit()
        self.letter_no.setMaxLength(100)
        self.letter_date = OptionalDateEdit(check_text=_("Ada tanggal"))
        self.letter_date.set_maximum(date.today())
        self.fields.addRow(_("Tanggal &rujukan"), self.form.field("on_date", self.on_date))
        self.picker.add_rows(self.fields, self.form, "to_institution_id", _("&Lembaga tujuan"))
        self.fields.addRow(_("&Alasan rujukan"), self.form.field("reason", self.reason))
        self.fields.addRow(_("&No. surat rujukan"), self.form.field("referral_letter_no", self.letter_no))
        self.fields.addRow(_("Tanggal s&urat"), self.form.field("referral_letter_date", self.letter_date))
        kept = [b for b in stay.belongings if b.returned_on is None]
        if kept:
            note = QLabel(
                ngettext(
                    "{n} barang bawaan yang belum dikembalikan ikut dipindahkan ke lembaga tujuan.",
                    "{n} barang bawaan yang belum dikembalikan ikut dipindahkan ke lembaga tujuan.",
                    len(kept),
                ).format(n=len(kept))
            )
            note.setObjectName("hint")
            note.setWordWrap(True)
            self.fields.addRow("", note)
        self.finish_layout()
        self.save_button.setText(_("&Rujuk"))
        self.save_button.setEnabled(False)
        self.picker.changed.connect(lambda: self.capacity.show_limits(self.picker.full_limits()))
        self.picker.places_loaded.connect(self.adjustSize)
        self.show_stay(stay)
        actor = ctx.actor

        def person_loaded() -> None:
            assert self.person is not None
            self.picker.sex = self.person.sex
            operations.read(
                self, ctx.db, lambda s: lookups.institution_choices(s, actor), self._choices, show_progress=False
            )

        self.load_person(stay.person_id, person_loaded)

    def _choices(self, choices: list[lookups.InstitutionChoice]) -> None:
        self.picker.set_institutions(choices)
        self.save_button.setEnabled(True)
        self.ready.emit()

    def work(self) -> Callable[[Any], stays.StayInfo] | None:
        assert self.stay is not None
        actor, stay_id, version = self.ctx.actor, self.stay.id, self.stay.version_id
        target = self.picker.institution_id()
        if target is None:
            self.form.set_field_error("to_institution_id", _("Pilih lembaga tujuan dari daftar."))
            self.picker.institution.setFocus()
            return None
        on_date, reason = to_date(self.on_date.date()), self.reason.toPlainText().strip()
        room_id, bed_id = self.picker.room_id(), self.picker.bed_id()
        override, letter_no = self.capacity.reason_text(), self.letter_no.text().strip()
        letter_date = self.letter_date.value()
        return lambda s: stays.transfer(
            s,
            actor,
            stay_id,
            target,
            on_date,
            reason,
            room_id,
            bed_id,
            version_id=version,
            override_reason=override,
            referral_letter_no=letter_no,
            referral_letter_date=letter_date,
        )
