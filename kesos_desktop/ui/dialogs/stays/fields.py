"""Small form pieces the stay dialogs and the institution forms share: date edits, an optional date, code combos."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDialogButtonBox, QHBoxLayout, QSizePolicy, QWidget

from kesos_desktop.core.i18n import _

DATE_FORMAT = "dd/MM/yyyy"
# The date an OptionalDateEdit holds while it is empty (shown as "—").
_EMPTY = QDate(1900, 1, 1)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None, *, max_today: bool = True) -> QDateEdit:
    """A day picker with a calendar popup in the Indonesian day/month/year order."""
    edit = QDateEdit(to_qdate(value or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    if max_today:
        edit.setMaximumDate(QDate.currentDate())
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 48)
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return edit


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a check box switches the date on; ``value()`` is None while it is off.

    While off, the date field shows "—" rather than a greyed date that could be mistaken for a value.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, check_text: str = "") -> None:
        super().__init__(parent)
        self.check = QCheckBox(check_text or _("Ada"))
        self.edit = date_edit(max_today=False)
        self.edit.setMinimumDate(_EMPTY)
        self.edit.setSpecialValueText("—")
        self._remembered = self.edit.date()
        self._show(False)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.edited.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.setFocusProxy(self.check)

    def _show(self, on: bool) -> None:
        self.edit.blockSignals(True)
        if on:
            self.edit.setDate(self._remembered)
        else:
            if self.edit.date() != _EMPTY:
                self._remembered = self.edit.date()
            self.edit.setDate(_EMPTY)
        self.edit.blockSignals(False)
        self.edit.setEnabled(on)

    def _toggled(self, on: bool) -> None:
        self._show(on)
        if on:
            self.edit.setFocus()
        self.edited.emit()

    def value(self) -> date | None:
        if not self.check.isChecked() or self.edit.date() == _EMPTY:
            return None
        return to_date(self.edit.date())

    def set_value(self, value: date | None) -> None:
        if value is not None:
            self._remembered = to_qdate(value)
        self.check.blockSignals(True)
        self.check.setChecked(value is not None)
        self.check.blockSignals(False)
        self._show(value is not None)

    def set_maximum(self, value: date) -> None:
        self.edit.setMaximumDate(to_qdate(value))


def code_combo(items: Iterable[tuple[object, str]], empty: str | None = None, *, min_chars: int = 18) -> QComboBox:
    """A combo of (data, label) pairs; ``empty`` adds a first "none" entry whose data is None."""
    combo = QComboBox()
    combo.setMinimumContentsLength(min_chars)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    if empty is not None:
        combo.addItem(empty, None)
    for value, label in items:
        combo.addItem(label, value)
    return combo


def uuid_of(combo: QComboBox) -> uuid.UUID | None:
    """The id held by the current entry; ids are stored as text so ``findData(str(id))`` works for callers."""
    value = combo.currentData()
    return uuid.UUID(value) if isinstance(value, str) and value else None


def select_data(combo: QComboBox, value: object) -> bool:
    """Select the entry holding ``value`` (an id may be given as UUID); False (and no change) when there is none."""
    if isinstance(value, uuid.UUID):
        value = str(value)
    for row in range(combo.count()):
        if combo.itemData(row) == value:
            combo.setCurrentIndex(row)
            return True
    return False


def save_cancel_buttons() -> QDialogButtonBox:
    """Save and Cancel with our own words, so the buttons never depend on a Qt catalog being installed."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Simpan"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Batal"))
    return buttons
