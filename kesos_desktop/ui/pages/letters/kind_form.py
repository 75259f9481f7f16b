"""The base of the per-kind issue forms: its own field errors, a ``changed`` signal for the debounced preview, and
the small widgets they share (multi-line lists, the optional party of a berita acara)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.letters import IssuedDocumentInfo
from kesos_desktop.ui.pages.letters.data import IssueChoices
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def list_edit(placeholder: str, height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def line_edit(placeholder: str = "", max_length: int = 300) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


class KindForm(QWidget):
    """One kind of document's own fields. Subclasses set ``kind``, build their rows with ``add_row`` and implement
    ``fill``, ``request`` and ``issue``; every edit emits ``changed``."""

    changed = Signal()
    kind = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FormErrors(self)
        self.rows = QFormLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.choices: IssueChoices | None = None

    def add_row(self, label: str, name: str, widget: QWidget, *aliases: str) -> QWidget:
        self.rows.addRow(label, self.errors.field(name, widget, *aliases))
        self.watch(widget)
        return widget

    def finish_rows(self) -> None:
        relax_labels(self.rows)

    def watch(self, widget: QWidget) -> None:
        def changed(*_args: object) -> None:
            self.changed.emit()

        edited = getattr(widget, "edited", None)
        if edited is not None and hasattr(edited, "connect"):
            edited.connect(changed)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
            if widget.isEditable():
                widget.editTextChanged.connect(changed)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(changed)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(changed)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(changed)
        for child in widget.findChildren(QAbstractButton):
            if child is not widget:
                child.toggled.connect(changed)

    # --- what subclasses fill in ------------------------------------------------------------------------------
    def fill(self, choices: IssueChoices, leg_id: uuid.UUID | None = None) -> None:
        self.choices = choices

    def request(self, plan_id: uuid.UUID, signatory_id: uuid.UUID | None, manual_number: str) -> Any:
        raise NotImplementedError

    def issue(self, session: Session, actor: Actor, request: Any, **options: Any) -> IssuedDocumentInfo:
        raise NotImplementedError


def align_labels(*layouts: QFormLayout) -> None:
    """One label column width for several form layouts shown one above the other."""
    labels = []
    for layout in layouts:
        for row in range(layout.rowCount()):
            item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                labels.append(item.widget())
    width = max((label.sizeHint().width() for label in labels), default=0) + 2
    for label in labels:
        label.setMinimumWidth(width)


def leg_text(leg: Any) -> str:
    return _("Leg {n}: {src} → {dst}").format(n=leg.seq, src=leg.from_office.short_name, dst=leg.to_office.short_name)


def uuid_data(combo: QComboBox) -> uuid.UUID | None:
    value = combo.currentData()
    return uuid.UUID(value) if isinstance(value, str) and len(value) == 36 else None
