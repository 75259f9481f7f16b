"""Dialogs of the Keluarga tab: add/edit a family contact, record a further consent or legal basis."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import residents
from kesos_desktop.core.services.residents import FamilyContactInfo, FamilyContactInput
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.intake.consent_section import ConsentSection
from kesos_desktop.ui.pages.intake.sections import choice_combo, combo_code, set_combo_code
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.region_picker import RegionPicker


class ContactDialog(QDialog):
    """A new contact of ``person_id`` when ``contact`` is None, else an edit; ``saved(FamilyContactInfo)``."""

    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        person_id: uuid.UUID,
        contact: FamilyContactInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.contact = contact
        self.setWindowTitle(_("Tambah kontak keluarga") if contact is None else _("Ubah kontak keluarga"))
        self.setMinimumWidth(520)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.name = QLineEdit()
        self.relation = choice_combo("relation", _("— pilih —"))
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.region = RegionPicker(levels=(1, 2, 3, 4))
        self.guardian = QCheckBox(_("Orang tua/&wali yang bertanggung jawab"))
        rows = QFormLayout()
        rows.addRow(_("&Nama"), self.form.field("name", self.name))
        rows.addRow(_("&Hubungan"), self.form.field("relation", self.relation))
        rows.addRow(_("&Telepon"), self.form.field("phone", self.phone))
        rows.addRow(_("&Alamat"), self.form.field("address", self.address))
        rows.addRow(_("Wi&layah"), self.form.field("region_code", self.region))
        rows.addRow("", self.guardian)
        relax_labels(rows)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addLayout(rows)
        layout.addWidget(self.buttons)
        if contact is not None:
            self.name.setText(contact.name)
            set_combo_code(self.relation, contact.relation)
            self.phone.setText(contact.phone)
            self.address.setText(contact.address)
            if contact.region_code:
                self.region.setCode(contact.region_code)
            self.guardian.setChecked(contact.is_guardian)

    def data(self) -> FamilyContactInput:
        return FamilyContactInput(
            name=self.name.text(),
            relation=combo_code(self.relation),
            phone=self.phone.text(),
            address=self.address.text(),
            region_code=self.region.code() or self.region.text(),
            is_guardian=self.guardian.isChecked(),
        )

    def submit(self) -> None:
        self.form.clear()
        data, actor = self.data(), self.ctx.actor
        if self.contact is None:
            person_id = self.person_id
            work = lambda s: residents.add_family_contact(s, actor, person_id, data)  # noqa: E731
        else:
            contact_id = self.contact.id
            work = lambda s: residents.update_family_contact(s, actor, contact_id, data)  # noqa: E731
        operations.write(self, self.ctx.db, work, self._saved, form=self.form, busy=self.buttons)

    def _saved(self, info: FamilyContactInfo) -> None:
        self.saved.emit(info)
        self.accept()


class ConsentDialog(QDialog):
    """Record a further consent or legal basis (consents are kept as proof, never edited)."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, *, child: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.setWindowTitle(_("Catat persetujuan / dasar pemrosesan data"))
        self.setMinimumWidth(560)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.section = ConsentSection(self.form)
        self.section.heading.hide()
        self.section.set_child(child)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(self.section)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.form.clear()
        data = self.section.consent()
        if data is None:
            message = _("Pilih dasar pemrosesan data: persetujuan atau dasar hukum lain.")
            self.form.show_error(ValidationError(message, {"consent_basis": message}))
            return
        actor, person_id = self.ctx.actor, self.person_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: residents.add_consent(s, actor, person_id, data),
            self._saved,
            on_failure=self._failed,
            busy=self.buttons,
        )

    def _failed(self, error: BaseException) -> bool:
        # The service names its fields without the "consent_" prefix the intake form uses.
        if isinstance(error, ValidationError):
            fields = {k if k.startswith("consent_") else f"consent_{k}": v for k, v in error.fields.items()}
            self.form.show_error(ValidationError(str(error), fields))
            return True
        return False

    def _saved(self, info: object) -> None:
        self.saved.emit(info)
        self.accept()
