"""Identitas: names (possibly unknown), sex, birth date with precision, birth place, NIK, No. KK and civil data."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.reference.nik import NikInfo
from kesos_desktop.ui.pages.intake.sections import (
    Section,
    choice_combo,
    combo_code,
    hint_label,
    set_combo_code,
)
from kesos_desktop.ui.widgets.birth_date_edit import BirthDateEdit
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.nik_edit import NikEdit


class IdentitySection(Section):
    """``declared_changed`` fires when the sex or birth date change (the NIK cross-check and the age rules)."""

    key = "identity"
    declared_changed = Signal()

    def __init__(self, form: FormErrors, parent: QWidget | None = None, *, title: str = "") -> None:
        super().__init__(title or _("Identitas"), form, parent)
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(200)
        self.alias = QLineEdit()
        self.alias.setMaxLength(120)
        self.alias.setPlaceholderText(_("mis. Ucok, Mbah Karto"))
        self.sex = choice_combo("sex", _("— pilih —"))
        self.birth = BirthDateEdit()
        self.birth_place = QLineEdit()
        self.birth_place.setMaxLength(120)
        self.nik = NikEdit()
        self.no_kk = QLineEdit()
        self.no_kk.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 .\-]{0,24}"), self.no_kk))
        self.no_kk.setPlaceholderText(_("16 angka, boleh dikosongkan"))
        self.religion = choice_combo("religion")
        self.education = choice_combo("education")
        self.marital_status = choice_combo("marital_status")
        self._kk_masked = False

        rows = self.rows
        rows.addRow(_("&Nama lengkap"), form.field("full_name", self.full_name))
        rows.addRow(_("Nama pa&nggilan"), form.field("alias", self.alias))
        rows.addRow(
            "",
            hint_label(
                _(
                    "Bila nama belum diketahui, kosongkan keduanya: tercatat sebagai \u201cTanpa Nama\u201d dengan "
                    "nomor registrasinya, dan dapat diubah nanti."
                )
            ),
        )
        rows.addRow(_("&Jenis kelamin"), form.field("sex", self.sex))
        rows.addRow(_("Tanggal &lahir"), form.field("birth_date", self.birth, "estimated_age", "birth_date_precision"))
        rows.addRow(_("&Tempat lahir"), form.field("birth_place", self.birth_place))
        form.bind("nik", self.nik, self.nik.error_label)
        form.bind("nik_absent_reason", self.nik.reason, self.nik.reason_error)
        rows.addRow(_("N&IK"), self.nik)
        rows.addRow(_("No. &KK"), form.field("no_kk", self.no_kk))
        rows.addRow(_("A&gama"), form.field("religion", self.religion))
        rows.addRow(_("Pen&didikan"), form.field("education", self.education))
        rows.addRow(_("Status &perkawinan"), form.field("marital_status", self.marital_status))
        relax_labels(rows)
        self.watch(
            self.full_name,
            self.alias,
            self.sex,
            self.birth,
            self.birth_place,
            self.nik,
            self.no_kk,
            self.religion,
            self.education,
            self.marital_status,
        )
        self.sex.currentIndexChanged.connect(self._declared)
        self.birth.changed.connect(self._declared)
        self.nik.fill_requested.connect(self.fill_from_nik)
        self._declared()

    # --- behaviour --------------------------------------------------------------------------------------------
    def _declared(self) -> None:
        self.nik.set_declared(combo_code(self.sex) or None, self.birth.declared_date(), self.birth.precision())
        self.declared_changed.emit()

    def fill_from_nik(self, info: NikInfo) -> None:
        """Take the birth date (exact) and the sex the NIK encodes, where the form has none yet."""
        if self.birth.declared_date() is None:
            self.birth.set_value(info.birth_date, "exact")
        if not combo_code(self.sex):
            set_combo_code(self.sex, info.sex)
        self.changed.emit()

    def age_years(self) -> int | None:
        return self.birth.age_years()

    def display_name(self) -> str:
        name, alias = self.full_name.text().strip(), self.alias.text().strip()
        if name and alias:
            return f"{name} ({alias})"
        return name or alias

    # --- values -----------------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            "full_name": self.full_name.text(),
            "alias": self.alias.text(),
            "sex": combo_code(self.sex),
            "precision": self.birth.precision(),
            "birth_text": self.birth.date_edit.text(),
            "estimated_age": self.birth.estimated_age(),
            "birth_place": self.birth_place.text(),
            "nik": self.nik.line.text(),
            "nik_absent": self.nik.is_absent(),
            "nik_absent_reason": self.nik.reason.currentText(),
            "no_kk": self.no_kk.text(),
            "religion": combo_code(self.religion),
            "education": combo_code(self.education),
            "marital_status": combo_code(self.marital_status),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        self.full_name.setText(str(values.get("full_name") or ""))
        self.alias.setText(str(values.get("alias") or ""))
        set_combo_code(self.sex, values.get("sex"))
        precision = str(values.get("precision") or "exact")
        age = values.get("estimated_age")
        self.birth.set_value(None, precision, int(age) if isinstance(age, int) else None)
        if precision != "estimated":
            self.birth.date_edit.setText(str(values.get("birth_text") or ""))
        self.birth_place.setText(str(values.get("birth_place") or ""))
        self.nik.set_values(
            str(values.get("nik") or ""),
            str(values.get("nik_absent_reason") or ""),
            absent=bool(values.get("nik_absent")),
        )
        self.no_kk.setText(str(values.get("no_kk") or ""))
        set_combo_code(self.religion, values.get("religion"))
        set_combo_code(self.education, values.get("education"))
        set_combo_code(self.marital_status, values.get("marital_status"))
        self._declared()

    def set_stored(
        self,
        *,
        full_name: str,
        alias: str,
        sex: str,
        birth_date: date | None,
        precision: str,
        birth_place: str,
        nik: str | None,
        nik_masked: str,
        nik_absent_reason: str,
        no_kk: str | None,
        kk_masked: str,
        religion: str,
        education: str,
        marital_status: str,
    ) -> None:
        """Fill from a stored person (profile edit); a NIK the user may not see stays masked and unchanged."""
        self.set_values(
            {
                "full_name": full_name,
                "alias": alias,
                "sex": sex,
                "precision": precision,
                "estimated_age": None,
                "birth_place": birth_place,
                "no_kk": no_kk or "",
                "religion": religion,
                "education": education,
                "marital_status": marital_status,
            }
        )
        self.birth.set_value(birth_date, precision)
        if nik is None and nik_masked:
            self.nik.set_masked(nik_masked)
        else:
            self.nik.set_values(nik or "", nik_absent_reason)
        self._kk_masked = no_kk is None and bool(kk_masked)
        self.no_kk.setReadOnly(self._kk_masked)
        if self._kk_masked:
            self.no_kk.setText(kk_masked)
        self._declared()

    def identity_fields(self) -> dict[str, Any]:
        """This section's part of ``IdentityInput`` (a masked NIK or KK is sent as None: keep what is stored)."""
        return {
            "full_name": self.full_name.text(),
            "alias": self.alias.text(),
            "sex": combo_code(self.sex),
            "birth_date": self.birth.birth_date(),
            "birth_date_precision": self.birth.precision(),
            "estimated_age": self.birth.estimated_age(),
            "birth_place": self.birth_place.text(),
            "nik": self.nik.nik(),
            "nik_absent_reason": self.nik.absent_reason(),
            "no_kk": None if self._kk_masked else self.no_kk.text().strip(),
            "religion": combo_code(self.religion),
            "education": combo_code(self.education),
            "marital_status": combo_code(self.marital_status),
        }
