"""Kategori: the PPKS categories (several may apply) with a type-to-filter list and live age-rule warnings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.reference.categories import CategoryDef, age_warning
from kesos_desktop.core.services.reference import CategoryRow
from kesos_desktop.ui.pages.intake.sections import Section, hint_label
from kesos_desktop.ui.widgets.forms import FormErrors
from kesos_desktop.ui.widgets.nik_edit import WARNING_STYLE

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def _definition(row: CategoryRow) -> CategoryDef:
    return CategoryDef(
        row.code, row.name, row.name, row.group, row.cluster, row.min_age, row.max_age, None, None, "", "", None
    )


class CategorySection(Section):
    key = "categories"

    def __init__(self, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Kategori"), form, parent)
        self._rows: dict[str, CategoryRow] = {}
        self._age: int | None = None
        self._pending: list[str] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Ketik untuk menyaring, mis. anak jalanan, lansia, AJ…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setFixedHeight(190)
        self.list.setAccessibleName(_("Kategori"))
        self.list.itemChanged.connect(self._toggled)
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.hide()
        self.rows.addRow(_("&Saring"), self.filter)
        self.rows.addRow(_("Ka&tegori"), form.field("categories", self.list))
        self.rows.addRow("", self.chosen)
        self.rows.addRow("", self.warnings)
        self.rows.addRow("", hint_label(_("Spasi mencentang kategori yang disorot; boleh lebih dari satu.")))
        # Enter in the filter moves to the list, where Space ticks.
        self.filter.returnPressed.connect(lambda: self.list.setFocus(Qt.FocusReason.OtherFocusReason))

    def set_categories(self, rows: tuple[CategoryRow, ...] | list[CategoryRow]) -> None:
        wanted = self._pending or self.codes()
        self.list.blockSignals(True)
        self.list.clear()
        self._rows = {row.code: row for row in rows}
        for row in rows:
            item = QListWidgetItem(f"{row.code} — {row.name}")
            item.setData(CODE_ROLE, row.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.code in wanted else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._pending = []
        self._update()

    def set_age(self, age: int | None) -> None:
        if age != self._age:
            self._age = age
            self._update()

    def codes(self) -> list[str]:
        if self._pending:
            return list(self._pending)
        return [
            str(self.list.item(i).data(CODE_ROLE))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def groups(self) -> set[str]:
        return {self._rows[code].group for code in self.codes() if code in self._rows}

    def set_codes(self, codes: list[str]) -> None:
        if not self._rows:
            self._pending = list(codes)  # the list arrives from the worker later
            return
        for i in range(self.list.count()):
            item = self.list.item(i)
            state = Qt.CheckState.Checked if item.data(CODE_ROLE) in codes else Qt.CheckState.Unchecked
            item.setCheckState(state)
        self._update()

    def warning_text(self) -> str:
        return self.warnings.text() if not self.warnings.isHidden() else ""

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first_visible = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = bool(words) and not all(w in item.text().casefold() for w in words)
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        if first_visible is not None:
            self.list.setCurrentItem(first_visible)

    def _toggled(self, _item: QListWidgetItem) -> None:
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        codes = self.codes()
        names = [self._rows[c].name for c in codes if c in self._rows]
        self.chosen.setText(_("Dipilih: {names}").format(names=", ".join(names)) if names else "")
        self.chosen.setVisible(bool(names))
        warnings = [age_warning(_definition(self._rows[c]), self._age) for c in codes if c in self._rows]
        text = "\n".join(f"⚠ {w}" for w in warnings if w)
        self.warnings.setText(text)
        self.warnings.setVisible(bool(text))

    def values(self) -> dict[str, Any]:
        return {"codes": self.codes()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.set_codes([str(c) for c in values.get("codes") or []])
