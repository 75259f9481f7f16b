"""Keluarga: family members and other contacts (name, relation, phone, address, guardian), added row by row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.residents import FamilyContactInput
from kesos_desktop.ui.pages.intake.sections import (
    Section,
    choice_combo,
    combo_code,
    hint_label,
    place_in_tab_order,
    set_combo_code,
)
from kesos_desktop.ui.widgets.forms import FormErrors

PREFIX = "family_contacts."


class ContactRow(QFrame):
    """One contact; its own FormErrors shows ``family_contacts.<i>.<field>`` messages at its fields."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.errors = FormErrors(self)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Nama"))
        self.name.setAccessibleName(_("Nama kontak"))
        self.relation = choice_combo("relation", _("— hubungan —"))
        self.relation.setAccessibleName(_("Hubungan"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("Telepon"))
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("Alamat"))
        self.guardian = QCheckBox(_("Wali"))
        self.guardian.setToolTip(_("Orang tua/wali yang bertanggung jawab atas warga binaan"))
        self.remove_button = QPushButton(_("Hapus"))
        self.remove_button.setToolTip(_("Hapus kontak ini dari isian"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(self.errors.field("name", self.name), 0, 0)
        grid.addWidget(self.errors.field("relation", self.relation), 0, 1)
        grid.addWidget(self.errors.field("phone", self.phone), 0, 2)
        grid.addWidget(self.errors.field("address", self.address), 1, 0, 1, 2)
        tail = QHBoxLayout()
        tail.addWidget(self.guardian)
        tail.addStretch(1)
        tail.addWidget(self.remove_button)
        grid.addLayout(tail, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        for widget in (self.name, self.phone, self.address):
            widget.textEdited.connect(lambda *_a: self.changed.emit())
        self.relation.activated.connect(lambda *_a: self.changed.emit())
        self.guardian.toggled.connect(lambda *_a: self.changed.emit())

    def tab_widgets(self) -> list[QWidget]:
        return [self.name, self.relation, self.phone, self.address, self.guardian, self.remove_button]

    def is_blank(self) -> bool:
        return not (self.name.text().strip() or combo_code(self.relation) or self.phone.text().strip())

    def to_input(self) -> FamilyContactInput:
        return FamilyContactInput(
            name=self.name.text(),
            relation=combo_code(self.relation),
            phone=self.phone.text(),
            address=self.address.text(),
            is_guardian=self.guardian.isChecked(),
        )

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "relation": combo_code(self.relation),
            "phone": self.phone.text(),
            "address": self.address.text(),
            "guardian": self.guardian.isChecked(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        self.name.setText(str(values.get("name") or ""))
        set_combo_code(self.relation, str(values.get("relation") or ""))
        self.phone.setText(str(values.get("phone") or ""))
        self.address.setText(str(values.get("address") or ""))
        self.guardian.setChecked(bool(values.get("guardian")))


class FamilySection(Section):
    key = "family"

    def __init__(self, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Keluarga"), form, parent)
        self.contacts: list[ContactRow] = []
        # Rows live in their own holder placed before the add button: Tab reaches them in order, then the button.
        self.holder = QWidget()
        self.list_layout = QVBoxLayout(self.holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(6)
        self.empty = QLabel(_("Belum ada kontak keluarga."))
        self.empty.setObjectName("hint")
        self.add_button = QPushButton(_("Tambah kontak &keluarga"))
        self.add_button.clicked.connect(lambda: self.add_contact(focus=True))
        self.outer.addWidget(hint_label(_("Orang tua, wali, saudara atau orang lain yang dapat dihubungi.")))
        self.outer.addWidget(self.empty)
        self.outer.addWidget(self.holder)
        self.outer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add_contact(self, values: dict[str, Any] | None = None, *, focus: bool = False) -> ContactRow:
        row = ContactRow()
        if values:
            row.set_values(values)
        row.changed.connect(self.changed.emit)
        row.remove_requested.connect(self.remove_contact)
        self.contacts.append(row)
        self.list_layout.addWidget(row)
        place_in_tab_order(
            self.add_button, [row.name, row.relation, row.phone, row.address, row.guardian, row.remove_button]
        )
        self.empty.hide()
        if focus:
            row.name.setFocus(Qt.FocusReason.OtherFocusReason)
            self.changed.emit()
        return row

    def remove_contact(self, row: ContactRow) -> None:
        self.contacts.remove(row)
        row.hide()
        row.deleteLater()
        self.empty.setVisible(not self.contacts)
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def inputs(self) -> list[FamilyContactInput]:
        """The contacts to save; rows left completely blank are skipped."""
        return [row.to_input() for row in self.contacts if not row.is_blank()]

    def show_errors(self, fields: dict[str, str]) -> bool:
        """Place ``family_contacts.<i>.<field>`` messages (``i`` counts the non-blank rows); True when any was."""
        rows = [row for row in self.contacts if not row.is_blank()]
        per_row: dict[int, dict[str, str]] = {}
        for name, message in fields.items():
            if not name.startswith(PREFIX):
                continue
            index, _dot, field = name[len(PREFIX) :].partition(".")
            if index.isdigit() and int(index) < len(rows):
                per_row.setdefault(int(index), {})[field] = message
        for row in self.contacts:
            row.errors.clear()
        for index, row_fields in per_row.items():
            rows[index].errors.show_error(ValidationError("", row_fields))
        return bool(per_row)

    def first_error_row(self) -> ContactRow | None:
        return next((row for row in self.contacts if row.errors.shown_errors()), None)

    def values(self) -> dict[str, Any]:
        return {"contacts": [row.values() for row in self.contacts]}

    def set_values(self, values: dict[str, Any]) -> None:
        for row in list(self.contacts):
            self.contacts.remove(row)
            row.deleteLater()
        for item in values.get("contacts") or []:
            if isinstance(item, dict):
                self.add_contact(item)
        self.empty.setVisible(not self.contacts)
