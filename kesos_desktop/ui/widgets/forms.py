"""Showing a ValidationError at the fields it names: red border, the message under the field, cleared on edit."""

# The form keeps whatever the user typed; only the error marks change. Messages for fields the form does not know
# go to a banner at the top of the form.

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import ValidationError


def relax_labels(form: QFormLayout) -> None:
    """Give each row label two spare pixels: labels are sized to the text's rounded advance, and a last glyph
    drawn at a fractional position ("Telepon") can lose its right edge."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setMinimumWidth(label.sizeHint().width() + 2)


def _repolish(widget: QWidget) -> None:
    # A dynamic property only changes the style-sheet look after the style re-reads it.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class _Field:
    __slots__ = ("label", "name", "widget")

    def __init__(self, name: str, widget: QWidget, label: QLabel) -> None:
        self.name = name
        self.widget = widget
        self.label = label


class FormErrors(QObject):
    """Field-level error display for one form; ``field()`` wraps an input with its (hidden) error label."""

    def __init__(self, parent: QObject | None = None, banner: QLabel | None = None) -> None:
        super().__init__(parent)
        self._fields: dict[str, _Field] = {}
        self._order: list[str] = []
        self._aliases: dict[str, str] = {}
        self.banner = banner
        if banner is not None:
            banner.setObjectName("formBanner")
            banner.setWordWrap(True)
            banner.hide()

    def field(self, name: str, widget: QWidget, *aliases: str) -> QWidget:
        """Return a container holding ``widget`` and, under it, the label that shows its error."""
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = QLabel()
        layout.addWidget(label)
        self.bind(name, widget, label, *aliases)
        # The container takes the widget's place in tab order and focus.
        container.setFocusProxy(widget)
        return container

    def bind(self, name: str, widget: QWidget, label: QLabel, *aliases: str) -> None:
        """Register ``widget`` under ``name`` (and ``aliases``) with an error label placed by the caller."""
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        self._fields[name] = _Field(name, widget, label)
        self._order.append(name)
        for alias in aliases:
            self._aliases[alias] = name
        self._watch(name, widget)

    def _watch(self, name: str, widget: QWidget) -> None:
        def clear(*_args: object) -> None:
            self.clear_field(name)

        edited = getattr(widget, "edited", None)
        if edited is not None and hasattr(edited, "connect"):
            edited.connect(clear)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(clear)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(clear)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(clear)
            if widget.isEditable():
                widget.editTextChanged.connect(clear)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(clear)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(clear)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(clear)
        elif isinstance(widget, QGroupBox):
            for button in widget.findChildren(QAbstractButton):
                button.toggled.connect(clear)

    def names(self) -> list[str]:
        return list(self._order)

    def knows(self, name: str) -> bool:
        return name in self._fields or name in self._aliases

    def _resolve(self, name: str) -> _Field | None:
        return self._fields.get(self._aliases.get(name, name))

    def set_field_error(self, name: str, message: str) -> bool:
        found = self._resolve(name)
        if found is None:
            return False
        found.label.setText(message)
        found.label.show()
        found.widget.setProperty("invalid", True)
        found.widget.setToolTip(message)
        _repolish(found.widget)
        return True

    def clear_field(self, name: str) -> None:
        found = self._resolve(name)
        if found is None or (found.label.isHidden() and not found.widget.property("invalid")):
            return
        found.label.clear()
        found.label.hide()
        found.widget.setProperty("invalid", False)
        found.widget.setToolTip("")
        _repolish(found.widget)

    def clear(self) -> None:
        for name in self._order:
            self.clear_field(name)
        if self.banner is not None:
            self.banner.clear()
            self.banner.hide()

    def show_banner(self, message: str) -> None:
        if self.banner is not None:
            self.banner.setText(message)
            self.banner.show()

    def show_error(self, error: ValidationError) -> bool:
        """Mark the named fields; True when every message found a place (a field or the banner)."""
        self.clear()
        placed: list[str] = []
        leftover: list[str] = []
        for name, message in error.fields.items():
            if self.set_field_error(name, message):
                placed.append(self._aliases.get(name, name))
            elif message:
                leftover.append(message)
        if placed:
            first = min(placed, key=self._order.index)
            self._fields[first].widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if leftover or not placed:
            text = "\n".join([str(error), *leftover]) if leftover else str(error)
            if self.banner is None:
                return False
            self.show_banner(text)
        return True

    def error_text(self, name: str) -> str:
        """The message shown at ``name`` now ("" when none); tests read it like a person reads the screen."""
        found = self._resolve(name)
        return found.label.text() if found is not None and not found.label.isHidden() else ""

    def shown_errors(self) -> dict[str, str]:
        return {name: self.error_text(name) for name in self._order if self.error_text(name)}
