"""Barang bawaan: what the person brought at intake (description, quantity, where it is kept), row by row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.stays import BelongingInput
from kesos_desktop.ui.pages.intake.sections import Section, hint_label, place_in_tab_order
from kesos_desktop.ui.widgets.forms import FormErrors


class BelongingRow(QWidget):
    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("Uraian barang, mis. tas ransel berisi pakaian"))
        self.description.setMaxLength(300)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 9999)
        self.quantity.setPrefix("× ")
        self.stored = QLineEdit()
        self.stored.setPlaceholderText(_("Disimpan di"))
        self.stored.setMaxLength(120)
        self.remove_button = QPushButton(_("Hapus"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.description, 3)
        layout.addWidget(self.quantity)
        layout.addWidget(self.stored, 2)
        layout.addWidget(self.remove_button)
        self.description.textEdited.connect(lambda *_a: self.changed.emit())
        self.stored.textEdited.connect(lambda *_a: self.changed.emit())
        self.quantity.valueChanged.connect(lambda *_a: self.changed.emit())

    def values(self) -> dict[str, Any]:
        return {"description": self.description.text(), "quantity": self.quantity.value(), "stored": self.stored.text()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.description.setText(str(values.get("description") or ""))
        quantity = values.get("quantity")
        self.quantity.setValue(quantity if isinstance(quantity, int) and quantity > 0 else 1)
        self.stored.setText(str(values.get("stored") or ""))


class BelongingsSection(Section):
    key = "belongings"

    def __init__(self, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Barang bawaan"), form, parent)
        self.items: list[BelongingRow] = []
        self.holder = QWidget()
        self.list_layout = QVBoxLayout(self.holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(_("Tidak ada barang bawaan yang dicatat."))
        self.empty.setObjectName("hint")
        self.add_button = QPushButton(_("Tambah &barang"))
        self.add_button.clicked.connect(lambda: self.add_item(focus=True))
        self.outer.addWidget(hint_label(_("Dicatat pada penerimaan dan dikembalikan saat keluar.")))
        self.outer.addWidget(self.empty)
        self.outer.addWidget(form.field("belongings", self.holder))
        self.outer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add_item(self, values: dict[str, Any] | None = None, *, focus: bool = False) -> BelongingRow:
        row = BelongingRow()
        if values:
            row.set_values(values)
        row.changed.connect(self.changed.emit)
        row.remove_requested.connect(self.remove_item)
        self.items.append(row)
        self.list_layout.addWidget(row)
        place_in_tab_order(self.add_button, [row.description, row.quantity, row.stored, row.remove_button])
        self.empty.hide()
        if focus:
            row.description.setFocus(Qt.FocusReason.OtherFocusReason)
            self.changed.emit()
        return row

    def remove_item(self, row: BelongingRow) -> None:
        self.items.remove(row)
        row.hide()
        row.deleteLater()
        self.empty.setVisible(not self.items)
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def inputs(self) -> list[BelongingInput]:
        return [
            BelongingInput(row.description.text(), row.quantity.value(), row.stored.text())
            for row in self.items
            if row.description.text().strip()
        ]

    def values(self) -> dict[str, Any]:
        return {"items": [row.values() for row in self.items]}

    def set_values(self, values: dict[str, Any]) -> None:
        for row in list(self.items):
            self.items.remove(row)
            row.deleteLater()
        for item in values.get("items") or []:
            if isinstance(item, dict):
                self.add_item(item)
        self.empty.setVisible(not self.items)
