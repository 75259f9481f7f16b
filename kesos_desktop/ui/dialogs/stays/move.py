"""``MoveBedDialog``: move a person to another room and/or bed of the same institution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import stays
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.base import StayDialog
from kesos_desktop.ui.dialogs.stays.fields import date_edit, to_date, to_qdate
from kesos_desktop.ui.dialogs.stays.placement import PlacePicker


class MoveBedDialog(StayDialog):
    """Move the open stay ``stay`` within its institution; ``saved(StayInfo)`` with the stay after the move."""

    def __init__(self, ctx: AppContext, stay: stays.StayInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Pindah kamar / tempat tidur"), parent)
        self.stay = stay
        self.on_date = date_edit()
        self.on_date.setMinimumDate(to_qdate(stay.admitted_on))
        self.picker = PlacePicker(ctx, self, fixed_institution=stay.institution_id, ignore_stay=stay.id)
        self.fields.addRow(_("Tanggal &pindah"), self.form.field("on_date", self.on_date))
        self.picker.add_rows(self.fields, self.form)
        self.finish_layout()
        self.save_button.setText(_("&Pindahkan"))
        self.picker.changed.connect(lambda: self.capacity.show_limits(self.picker.full_limits()))
        self.picker.places_loaded.connect(self.adjustSize)
        self.picker.places_loaded.connect(self.ready.emit)
        self.show_stay(stay)

        def person_loaded() -> None:
            assert self.person is not None
            self.picker.sex = self.person.sex
            self.picker.load_fixed()

        self.load_person(stay.person_id, person_loaded)

    def work(self) -> Callable[[Any], stays.StayInfo] | None:
        assert self.stay is not None
        actor, stay_id, version = self.ctx.actor, self.stay.id, self.stay.version_id
        room_id, bed_id, on_date = self.picker.room_id(), self.picker.bed_id(), to_date(self.on_date.date())
        reason = self.capacity.reason_text()
        return lambda s: stays.move_bed(
            s, actor, stay_id, room_id, bed_id, version, on_date=on_date, override_reason=reason
        )
