"""Form pieces shared by the activity, training and placement dialogs: time of day, minutes, text areas, hints."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.ui.widgets.forms import FormErrors


def time_edit() -> QLineEdit:
    """A time of day typed as 09:30 (the service checks the value; the validator only keeps out letters)."""
    edit = QLineEdit()
    edit.setPlaceholderText(_("mis. 09:30"))
    edit.setMaxLength(5)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9:.]{0,5}"), edit))
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00:00000") + 24)
    return edit


def time_text(edit: QLineEdit) -> str:
    """ "9.30" and "9:30" become "09:30"; anything else is passed on for the service to refuse at the field."""
    text = edit.text().strip().replace(".", ":")
    if len(text) == 4 and text[1] == ":":
        text = "0" + text
    return text


def minutes_spin() -> QSpinBox:
    """Length in minutes; 0 shows "—" (not recorded)."""
    spin = QSpinBox()
    spin.setRange(0, 24 * 60)
    spin.setSingleStep(15)
    spin.setSpecialValueText("—")
    spin.setSuffix(_(" menit"))
    return spin


def minutes_value(spin: QSpinBox) -> int | None:
    return spin.value() or None


def text_area(lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line box where Tab moves on (it is a form field, not a text editor)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def banner(object_name: str = "infoBanner") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.hide()
    return label


def open_dialog(owner: QWidget, dialog: QDialog) -> QDialog:
    """Show ``dialog`` window-modal without blocking (tests and the event loop never stall), deleted on close;
    the owner keeps a reference in ``owner.dialog`` so tests can reach it."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    owner.dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def grow_to_fit(dialog: QWidget) -> None:
    """Make room for error messages that just appeared under the fields (the dialog never squeezes them)."""
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    dialog.resize(dialog.size().expandedTo(dialog.minimumSizeHint()))


def form_failure(
    dialog: QWidget, errors: FormErrors, other: Callable[[BaseException], bool] | None = None
) -> Callable[[BaseException], bool]:
    """An ``on_failure`` for a dialog's save: a ValidationError goes to the fields (and the dialog grows to show the
    messages); anything else to ``other`` or the usual message box."""

    def failed(error: BaseException) -> bool:
        if isinstance(error, ValidationError) and errors.show_error(error):
            grow_to_fit(dialog)
            return True
        return bool(other is not None and other(error))

    return failed
