"""Persetujuan (UU 27/2022): the legal basis for processing the person's data; a child needs a guardian or a law."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.residents import ConsentInput
from kesos_desktop.core.services.residents_choices import choices
from kesos_desktop.core.services.residents_identity import GUARDIAN_CONSENT, OWN_CONSENT
from kesos_desktop.ui.pages.intake.sections import Section, choice_combo, combo_code, hint_label, set_combo_code
from kesos_desktop.ui.widgets.birth_date_edit import DateLineEdit
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class ConsentSection(Section):
    """Shows only the fields the chosen basis needs; ``set_child`` switches the rules and the explanation."""

    key = "consent"

    def __init__(self, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Persetujuan"), form, parent)
        self._child = False
        self._notes = {c.code: c.notes for c in choices("consent_basis")}
        self.intro = hint_label("")
        self.basis = choice_combo("consent_basis", _("— pilih dasar pemrosesan data —"))
        self.basis_note = hint_label("")
        self.given_by = QLineEdit()
        self.given_by.setMaxLength(150)
        self.relation = choice_combo("relation", _("— hubungan —"))
        self.given_on = DateLineEdit()
        self.given_on.set_date(date.today())
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)
        self.notes.setPlaceholderText(_("mis. UU 11/2009 Pasal 7; Perda penanganan PMKS"))
        rows = self.rows
        self.outer.insertWidget(1, self.intro)
        rows.addRow(_("&Dasar pemrosesan"), form.field("consent_basis", self.basis))
        rows.addRow("", self.basis_note)
        self.given_by_row = form.field("consent_given_by", self.given_by)
        self.relation_row = form.field("consent_relation", self.relation)
        self.given_on_row = form.field("consent_given_on", self.given_on)
        self.notes_row = form.field("consent_notes", self.notes)
        rows.addRow(_("Diberikan &oleh"), self.given_by_row)
        rows.addRow(_("Hubungan"), self.relation_row)
        rows.addRow(_("Tanggal persetujuan"), self.given_on_row)
        rows.addRow(_("Dasar &hukum / keterangan"), self.notes_row)
        relax_labels(rows)
        self.watch(self.basis, self.given_by, self.relation, self.given_on, self.notes)
        self.basis.currentIndexChanged.connect(self._basis_changed)
        self.set_child(False)

    def set_child(self, child: bool) -> None:
        self._child = child
        if child:
            self.intro.setText(
                _(
                    "Anak (di bawah 18 tahun): data anak adalah data spesifik. Catat persetujuan orang tua/wali, atau "
                    "dasar hukum lain seperti kewajiban hukum atau tugas pelayanan publik (UU 27/2022 Pasal 25)."
                )
            )
        else:
            self.intro.setText(
                _("Catat persetujuan yang bersangkutan atau dasar hukum pemrosesan datanya (UU 27/2022 Pasal 20).")
            )
        model = self.basis.model()
        index = self.basis.findData(OWN_CONSENT)
        if isinstance(model, QStandardItemModel) and index >= 0:
            model.item(index).setEnabled(not child)
        self._basis_changed()

    def is_child(self) -> bool:
        return self._child

    def _basis_changed(self) -> None:
        basis = combo_code(self.basis)
        self.basis_note.setText(self._notes.get(basis, ""))
        self.basis_note.setVisible(bool(self._notes.get(basis)))
        guardian = basis == GUARDIAN_CONSENT
        for row, show in (
            (self.given_by_row, guardian or basis == OWN_CONSENT),
            (self.relation_row, guardian),
            (self.given_on_row, guardian or basis == OWN_CONSENT),
            (self.notes_row, bool(basis) and not guardian and basis != OWN_CONSENT),
        ):
            self.rows.setRowVisible(row, show)

    def consent(self) -> ConsentInput | None:
        basis = combo_code(self.basis)
        if not basis:
            return None
        shown = {
            "given_by": basis in (GUARDIAN_CONSENT, OWN_CONSENT),
            "relation": basis == GUARDIAN_CONSENT,
            "notes": basis not in (GUARDIAN_CONSENT, OWN_CONSENT),
        }
        return ConsentInput(
            basis=basis,
            given_by=self.given_by.text() if shown["given_by"] else "",
            relation=combo_code(self.relation) if shown["relation"] else "",
            given_on=self.given_on.date_value() if shown["given_by"] else None,
            notes=self.notes.toPlainText() if shown["notes"] else "",
        )

    def values(self) -> dict[str, Any]:
        return {
            "basis": combo_code(self.basis),
            "given_by": self.given_by.text(),
            "relation": combo_code(self.relation),
            "given_on": self.given_on.text(),
            "notes": self.notes.toPlainText(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        set_combo_code(self.basis, str(values.get("basis") or ""))
        self.given_by.setText(str(values.get("given_by") or ""))
        set_combo_code(self.relation, str(values.get("relation") or ""))
        if values.get("given_on"):
            self.given_on.setText(str(values["given_on"]))
        self.notes.setPlainText(str(values.get("notes") or ""))
        self._basis_changed()
