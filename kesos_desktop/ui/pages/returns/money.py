"""Rupiah in forms: a line edit that reads "Rp150.000", "150000" or "150.000,-" as whole rupiah, and short labels."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_number, format_rupiah, parse_rupiah


def money_text(amount: int | None) -> str:
    """ "Rp150.000" (tables: no sen; the documents print ",00")."""
    return "" if amount is None else format_rupiah(amount, decimals=False)


def plain_amount(amount: int | None) -> str:
    """ "150.000": what an amount editor starts with."""
    return "" if amount is None else format_number(amount)


def read_amount(text: str, field: str = "amount") -> int | None:
    """Whole rupiah from what was typed; None for an empty field; ValidationError at ``field`` otherwise."""
    if not text.strip():
        return None
    value = parse_rupiah(text)
    if value != int(value):
        message = _("Jumlah harus dalam rupiah penuh (tanpa sen).")
        raise ValidationError(message, {field: message})
    return int(value)


class MoneyEdit(QLineEdit):
    """An amount field; ``amount()`` is None when empty and raises ValidationError (at ``field``) when unreadable."""

    edited = Signal()

    def __init__(self, field: str = "amount", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setPlaceholderText(_("Rp0"))
        self.setMaxLength(24)
        self.textEdited.connect(lambda _text: self.edited.emit())
        self.editingFinished.connect(self._tidy)

    def amount(self) -> int | None:
        try:
            return read_amount(self.text(), self.field)
        except ValidationError as exc:
            raise ValidationError(str(exc), {self.field: str(exc)}) from exc

    def set_amount(self, amount: int | None) -> None:
        self.setText(money_text(amount))

    def _tidy(self) -> None:
        # Show what was understood ("150000" becomes "Rp150.000"); leave unreadable text for the user to fix.
        try:
            value = read_amount(self.text())
        except ValidationError:
            return
        if value is not None:
            self.setText(money_text(value))
