"""What every intake section shares: a titled block with a form layout, coded-choice combos and draft values."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from kesos_desktop.core.services.residents_choices import choices
from kesos_desktop.ui.widgets.forms import FormErrors
from kesos_desktop.ui.widgets.page_header import heading_font

FIELD_WIDTH = 420


def choice_combo(field: str, empty: str = "") -> QComboBox:
    """A combo of the coded choices of ``field`` (religion, relation...), with an empty first entry."""
    combo = QComboBox()
    combo.addItem(empty, "")
    for choice in choices(field):
        combo.addItem(choice.label(), choice.code)
    return combo


def combo_code(combo: QComboBox) -> str:
    return str(combo.currentData() or "")


def set_combo_code(combo: QComboBox, code: str | None) -> None:
    combo.setCurrentIndex(max(combo.findData(code or ""), 0))


def iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def from_iso(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    # Top-aligned: a wrapped label may be given more height than its lines need; the spare room goes below.
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class Section(QWidget):
    """A titled part of the intake form. ``changed`` fires on every edit (drafts, duplicate search).

    Subclasses fill ``self.rows`` (a QFormLayout) and implement ``values()``/``set_values()`` with JSON data.
    """

    changed = Signal()
    key = ""

    def __init__(self, title: str, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.title = title
        self.heading = QLabel(title)
        self.heading.setObjectName("sectionTitle")
        self.heading.setFont(heading_font(1.15))
        self.rows = QFormLayout()
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows.setVerticalSpacing(6)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 6, 0, 14)
        self.outer.addWidget(self.heading)
        self.outer.addLayout(self.rows)

    def watch(self, *widgets: QWidget) -> None:
        """Emit ``changed`` when any of ``widgets`` is edited."""
        for widget in widgets:
            edited = getattr(widget, "edited", None)
            if edited is not None and hasattr(edited, "connect"):
                edited.connect(self.changed.emit)
            elif isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda *_a: self.changed.emit())
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda *_a: self.changed.emit())
            elif isinstance(widget, QComboBox):
                widget.activated.connect(lambda *_a: self.changed.emit())
                if widget.isEditable():
                    widget.editTextChanged.connect(lambda *_a: self.changed.emit())

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def set_values(self, values: dict[str, Any]) -> None:
        raise NotImplementedError


def place_in_tab_order(anchor: QWidget, widgets: list[QWidget]) -> None:
    """Put ``widgets`` (a row added later, which Qt puts last) in the Tab order right before ``anchor``."""
    previous = anchor.previousInFocusChain()
    while previous is not anchor and not previous.focusPolicy() & Qt.FocusPolicy.TabFocus:
        previous = previous.previousInFocusChain()
    for widget in [*widgets, anchor]:
        QWidget.setTabOrder(previous, widget)
        previous = widget
