"""Answer widgets of the assessment form, one per field type, each giving ``value()`` as the service takes it."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QWidget,
)

from kesos_desktop.core.i18n import _, current_language
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services.assessments import Field
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit
from kesos_desktop.ui.pages.cases.form_bits import Hook
from kesos_desktop.ui.style import ERROR, MUTED


def field_label(field: Field) -> QLabel:
    """The question, a red mark when it is required, and its help text under it."""
    text = escape(field.label())
    if field.required:
        text += f" <span style='color:{ERROR}'>*</span>"
    help_text = field.help_en if current_language() == "en" and field.help_en else field.help_id
    if help_text:
        text += f"<br><span style='color:{MUTED}'>{escape(help_text)}</span>"
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setProperty("required", field.required)
    return label


class Answer(QFrame):
    """Base: ``target`` is the widget an error marks (the editor itself, or this frame for button groups)."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        # Fired on every change (each keystroke): a plain hook, not a Qt signal (see form_bits.Hook).
        self.edited = Hook()
        self.setObjectName("answerBox")
        self.target: QWidget = self
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(2, 2, 2, 2)
        self.row.setSpacing(8)

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def _emit(self, *_args: object) -> None:
        self.edited.fire()


class TextAnswer(Answer):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        if field.multiline:
            self.edit: QPlainTextEdit | QLineEdit = QPlainTextEdit()
            self.edit.setTabChangesFocus(True)
            self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 3 + 14)
            self.edit.textChanged.connect(self._emit)
        else:
            self.edit = QLineEdit()
            self.edit.textEdited.connect(self._emit)
        self.row.addWidget(self.edit)
        self.target = self.edit
        self.setFocusProxy(self.edit)

    def value(self) -> object:
        text = self.edit.toPlainText() if isinstance(self.edit, QPlainTextEdit) else self.edit.text()
        return text.strip() or None

    def set_value(self, value: object) -> None:
        self.edit.blockSignals(True)
        text = "" if value is None else str(value)
        if isinstance(self.edit, QPlainTextEdit):
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)
        self.edit.blockSignals(False)


def number_text(value: object, decimals: int) -> str:
    """A stored number as typed back into the form: no grouping, the language's decimal mark."""
    if value is None or isinstance(value, bool):
        return ""
    text = f"{float(value):.{decimals}f}" if decimals else str(round(float(value)))  # type: ignore[arg-type]
    return text.replace(".", ",") if current_language() == "id" else text


class NumberAnswer(Answer):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit()
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"^-?[0-9]*[.,]?[0-9]*$"), self.edit))
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("0000000") + 24)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.textEdited.connect(self._emit)
        self.row.addWidget(self.edit)
        if field.unit:
            self.row.addWidget(QLabel(field.unit))
        if field.min is not None and field.max is not None:
            hint = QLabel(
                _("antara {a} dan {b}").format(
                    a=format_number(field.min, decimals=field.decimals),
                    b=format_number(field.max, decimals=field.decimals),
                )
            )
            hint.setObjectName("hint")
            self.row.addWidget(hint)
        self.row.addStretch(1)
        self.target = self.edit
        self.setFocusProxy(self.edit)

    def value(self) -> object:
        return self.edit.text().strip() or None

    def set_value(self, value: object) -> None:
        self.edit.setText(number_text(value, self.field.decimals))


class ChoiceAnswer(Answer):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox()
        self.combo.addItem(_("— pilih —"), None)
        for option in field.options:
            self.combo.addItem(option.label(), option.value)
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self._emit)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.target = self.combo
        self.setFocusProxy(self.combo)

    def value(self) -> object:
        return self.combo.currentData()

    def set_value(self, value: object) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(None if value is None else str(value))))
        self.combo.blockSignals(False)


class MultiAnswer(Answer):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        columns = 2 if len(field.options) > 3 else max(len(field.options), 1)
        self.checks: dict[str, QCheckBox] = {}
        for n, option in enumerate(field.options):
            check = QCheckBox(option.label())
            check.toggled.connect(self._emit)
            self.checks[option.value] = check
            grid.addWidget(check, n // columns, n % columns)
        self.row.addLayout(grid)
        self.row.addStretch(1)
        if self.checks:
            self.setFocusProxy(next(iter(self.checks.values())))

    def value(self) -> object:
        return [v for v, check in self.checks.items() if check.isChecked()] or None

    def set_value(self, value: object) -> None:
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else set()
        for v, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(v in chosen)
            check.blockSignals(False)


class DateAnswer(Answer):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = OptionalDateEdit(check_text=_("Diisi"))
        self.edit.edited.connect(self._emit)
        self.row.addWidget(self.edit)
        self.row.addStretch(1)
        self.setFocusProxy(self.edit)

    def value(self) -> object:
        day = self.edit.value()
        return day.isoformat() if day else None

    def set_value(self, value: object) -> None:
        try:
            self.edit.set_value(date.fromisoformat(str(value)) if value else None)
        except ValueError:
            self.edit.set_value(None)


class ScaleAnswer(Answer):
    """One radio button per value, with the anchor's words; "×" clears the answer."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.group = QButtonGroup(self)
        anchors = {a.value: a.label() for a in field.anchors}
        low, high = int(field.min or 0), int(field.max or 0)
        for n in range(low, high + 1):
            text = f"{n} · {anchors[str(n)]}" if str(n) in anchors else str(n)
            radio = QRadioButton(text)
            self.group.addButton(radio, n)
            self.row.addWidget(radio)
        self.group.idToggled.connect(lambda _id, on: self.edited.fire() if on else None)
        self.clear_button = QToolButton()
        self.clear_button.setText("×")
        self.clear_button.setToolTip(_("Kosongkan jawaban"))
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        self.row.addWidget(self.clear_button)
        self.row.addStretch(1)
        if self.group.buttons():
            self.setFocusProxy(self.group.buttons()[0])

    def value(self) -> object:
        return self.group.checkedId() if self.group.checkedButton() is not None else None

    def set_value(self, value: object) -> None:
        button = self.group.button(int(value)) if isinstance(value, int | float) else None  # type: ignore[arg-type]
        self.group.blockSignals(True)
        if button is not None:
            button.setChecked(True)
        else:
            self._uncheck()
        self.group.blockSignals(False)

    def _uncheck(self) -> None:
        checked = self.group.checkedButton()
        if checked is not None:
            self.group.setExclusive(False)
            checked.setChecked(False)
            self.group.setExclusive(True)

    def clear(self) -> None:
        if self.group.checkedButton() is not None:
            self._uncheck()
            self.edited.fire()


ANSWERS: dict[str, type[Answer]] = {
    "text": TextAnswer,
    "number": NumberAnswer,
    "choice": ChoiceAnswer,
    "multi": MultiAnswer,
    "date": DateAnswer,
    "scale": ScaleAnswer,
}


def make_answer(field: Field) -> Answer:
    return ANSWERS[field.type](field)
