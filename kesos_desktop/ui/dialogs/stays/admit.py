"""Admission (penerimaan): the reusable admission fields and ``AdmitDialog`` that admits a registered person."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import reference, stays
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.dialogs.stays.base import StayDialog
from kesos_desktop.ui.dialogs.stays.belongings import BelongingsEditor
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit, code_combo, date_edit, to_date
from kesos_desktop.ui.dialogs.stays.placement import CapacityBox, PlacePicker
from kesos_desktop.ui.widgets.forms import FormErrors


class AdmissionFields(QObject):
    """The admission part of a form (date, institution → room → bed, referral, belongings), placed in the caller's
    QFormLayout; the intake screen embeds it, ``AdmitDialog`` wraps it. ``data()`` gives the ``AdmissionInput``."""

    def __init__(self, ctx: AppContext, parent: QWidget, capacity: CapacityBox, *, sex: str = "") -> None:
        super().__init__(parent)
        self.capacity = capacity
        self.admitted_on = date_edit()
        self.picker = PlacePicker(ctx, parent, sex=sex)
        self.referral_source = code_combo([], _("— tidak dicatat —"))
        self.letter_no = QLineEdit()
        self.letter_no.setMaxLength(100)
        self.letter_no.setPlaceholderText(_("mis. 123/SPP/Satpol PP/2025"))
        self.letter_date = OptionalDateEdit(check_text=_("Ada tanggal"))
        self.letter_date.set_maximum(date.today())
        self.belongings = BelongingsEditor()
        self.picker.changed.connect(self.preview_capacity)

    def add_rows(self, form: QFormLayout, errors: FormErrors) -> None:
        form.addRow(_("Tanggal &masuk"), errors.field("admitted_on", self.admitted_on))
        self.picker.add_rows(form, errors)
        form.addRow(_("&Sumber rujukan"), errors.field("referral_source_code", self.referral_source))
        form.addRow(_("&No. surat rujukan"), errors.field("referral_letter_no", self.letter_no))
        form.addRow(_("Tanggal s&urat"), errors.field("referral_letter_date", self.letter_date))
        form.addRow(_("&Barang bawaan"), errors.field("belongings", self.belongings))

    def set_choices(
        self,
        institutions: list[lookups.InstitutionChoice],
        sources: list[reference.CodeRow],
        select: uuid.UUID | None = None,
    ) -> None:
        self.referral_source.clear()
        self.referral_source.addItem(_("— tidak dicatat —"), None)
        for source in sources:
            self.referral_source.addItem(source.name, source.code)
        self.picker.set_institutions(institutions, select)

    def set_sex(self, sex: str) -> None:
        """The person's sex decides which rooms fit (the intake form calls this as the user picks it)."""
        self.picker.set_sex(sex)

    def preview_capacity(self) -> None:
        self.capacity.show_limits(self.picker.full_limits())

    def data(self) -> stays.AdmissionInput:
        source = self.referral_source.currentData()
        return stays.AdmissionInput(
            institution_id=self.picker.institution_id(),
            admitted_on=to_date(self.admitted_on.date()),
            room_id=self.picker.room_id(),
            bed_id=self.picker.bed_id(),
            referral_source_code=source if isinstance(source, str) else None,
            referral_letter_no=self.letter_no.text().strip(),
            referral_letter_date=self.letter_date.value(),
            override_reason=self.capacity.reason_text(),
            belongings=self.belongings.items(),
        )


class AdmitDialog(StayDialog):
    """Admit the person ``person_id`` (who has no open stay); ``saved(StayInfo)`` after the admission is stored.

    ``institution_id`` preselects an institution (e.g. the one the page shows); ``ready`` fires when the choices
    are loaded.
    """

    def __init__(
        self,
        ctx: AppContext,
        person_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        institution_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(ctx, _("Penerimaan warga binaan"), parent)
        self.person_id = person_id
        self.person: lookups.PersonBrief | None = None
        self.admission = AdmissionFields(ctx, self, self.capacity)
        self.admission.add_rows(self.fields, self.form)
        self.admission.picker.places_loaded.connect(self.adjustSize)
        self.finish_layout()
        self.save_button.setText(_("&Terima"))
        self.save_button.setEnabled(False)
        self.heading.setText(_("Memuat…"))
        actor = ctx.actor

        def load(session):  # type: ignore[no-untyped-def]
            return (
                lookups.person_brief(session, actor, person_id),
                lookups.institution_choices(session, actor),
                lookups.referral_sources(session),
            )

        def loaded(result: tuple[Any, ...]) -> None:
            self.person, choices, sources = result
            assert self.person is not None
            self.heading.setText(self.person_line())
            self.admission.picker.sex = self.person.sex
            self.admission.set_choices(choices, sources, institution_id)
            self.save_button.setEnabled(True)
            self.ready.emit()

        operations.read(self, ctx.db, load, loaded, show_progress=False)

    def work(self) -> Callable[[Any], stays.StayInfo] | None:
        data, actor, person_id = self.admission.data(), self.ctx.actor, self.person_id
        return lambda s: stays.admit(s, actor, person_id, data)
