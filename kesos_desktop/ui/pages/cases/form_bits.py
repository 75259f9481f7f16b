"""Shared form pieces: a field title with a required mark, a short text box, a Qt-free keystroke hook."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.ui.style import ACCENT, ERROR

# The one main action of a window ("Pindah tahap", "Selesaikan").
PRIMARY_BUTTON = (
    f"QPushButton {{ background: {ACCENT}; color: white; border: 1px solid #174d89; border-radius: 4px;"
    " padding: 5px 12px; font-weight: 600; } QPushButton:disabled { background: #9fb6d3; border-color: #9fb6d3; }"
)


class FieldTitle(QWidget):
    """A form label ("&Alasan", mnemonic kept) followed by a red "*" while the field is required."""

    def __init__(self, text: str, buddy: QWidget | None = None, required: bool = True) -> None:
        super().__init__()
        self.label = QLabel(text)
        self.star = QLabel("*")
        self.star.setStyleSheet(f"color: {ERROR}; font-weight: 600;")
        self.star.setToolTip(_("Wajib diisi"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.label)
        layout.addWidget(self.star)
        layout.addStretch(1)
        if buddy is not None:
            self.label.setBuddy(buddy)
        self.set_required(required)

    def set_required(self, on: bool) -> None:
        self.star.setVisible(on)

    def is_required(self) -> bool:
        return not self.star.isHidden()

    def text(self) -> str:
        return self.label.text()


def text_box(lines: int = 3) -> QPlainTextEdit:
    """A plain-text box a few lines high in which Tab moves on to the next field."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class Hook:
    """``connect`` / ``fire`` without Qt: a signal emitted from Python on every keystroke would be costlier, and
    PySide6 6.12 loses a reference per emit (see ``ui/widgets/signals.py``)."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., object]] = []

    def connect(self, callback: Callable[..., object]) -> None:
        self._callbacks.append(callback)

    def fire(self, *args: object) -> None:
        for callback in list(self._callbacks):
            callback(*args)
