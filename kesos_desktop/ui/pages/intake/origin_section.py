"""Asal & Kontak: the region of origin (province → desa, type-ahead), street address and phone; Kesehatan notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.ui.pages.intake.sections import Section, hint_label
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.region_picker import RegionPicker


class OriginSection(Section):
    key = "origin"

    def __init__(self, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Asal & Kontak"), form, parent)
        self.region = RegionPicker(levels=(1, 2, 3, 4))
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("Jalan, gang, RT/RW"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("mis. 0812 3456 7890"))
        self.phone.setMaxLength(40)
        self.rows.addRow(_("&Wilayah asal"), form.field("origin_region_code", self.region))
        self.rows.addRow(
            "",
            hint_label(
                _("Ketik nama desa/kelurahan, kecamatan atau kabupaten/kota, lalu pilih dari daftar (panah dan Enter).")
            ),
        )
        self.rows.addRow(_("Ala&mat"), form.field("origin_address", self.address))
        self.rows.addRow(_("Tele&pon"), form.field("phone", self.phone))
        relax_labels(self.rows)
        self.watch(self.region, self.address, self.phone)
        self.region.codeChanged.connect(lambda _code: self.changed.emit())

    def identity_fields(self) -> dict[str, Any]:
        return {
            "origin_region_code": self.region.code(),
            "origin_address": self.address.text(),
            "phone": self.phone.text(),
        }

    def values(self) -> dict[str, Any]:
        return {
            "region_code": self.region.code(),
            "region_text": self.region.text(),
            "address": self.address.text(),
            "phone": self.phone.text(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        code = str(values.get("region_code") or "")
        if code:
            self.region.setCode(code)
        else:
            self.region.setText(str(values.get("region_text") or ""))
        self.address.setText(str(values.get("address") or ""))
        self.phone.setText(str(values.get("phone") or ""))


class HealthSection(Section):
    """Health and disability notes: data spesifik (UU 27/2022 Pasal 4), kept off prints unless asked."""

    key = "health"

    def __init__(self, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Kesehatan"), form, parent)
        self.health = QPlainTextEdit()
        self.health.setTabChangesFocus(True)
        self.health.setPlaceholderText(_("Keluhan, penyakit, obat yang diminum, alergi…"))
        self.health.setFixedHeight(70)
        self.disability = QPlainTextEdit()
        self.disability.setTabChangesFocus(True)
        self.disability.setPlaceholderText(_("Jenis disabilitas dan alat bantu, bila ada"))
        self.disability.setFixedHeight(60)
        self.rows.addRow(_("Catatan &kesehatan"), form.field("health_notes", self.health))
        self.rows.addRow(_("Catatan disa&bilitas"), form.field("disability_notes", self.disability))
        self.rows.addRow("", hint_label(_("Data kesehatan adalah data pribadi spesifik (UU 27/2022 Pasal 4).")))
        relax_labels(self.rows)
        self.watch(self.health, self.disability)

    def identity_fields(self) -> dict[str, Any]:
        return {"health_notes": self.health.toPlainText(), "disability_notes": self.disability.toPlainText()}

    def values(self) -> dict[str, Any]:
        return {"health": self.health.toPlainText(), "disability": self.disability.toPlainText()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.health.setPlainText(str(values.get("health") or ""))
        self.disability.setPlainText(str(values.get("disability") or ""))
