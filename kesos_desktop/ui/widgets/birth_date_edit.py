"""Date fields typed from papers: DateLineEdit (dd/mm/yyyy, may stay empty) and BirthDateEdit with its precision."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QStackedWidget, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_age
from kesos_desktop.core.services.residents_choices import choices
from kesos_desktop.ui.style import ERROR, MUTED

MAX_AGE = 120
# Input masks per precision; the blank character shows where digits go.
_MASKS = {"day": "99/99/9999;_", "month": "99/9999;_", "year": "9999;_"}


class DateLineEdit(QLineEdit):
    """A date typed as digits (``17081945`` → 17/08/1945), or left empty; ``mode`` is ``day``, ``month`` or ``year``.

    ``date_value()`` is None while empty, incomplete or not a real date (``problem()`` says which).
    """

    def __init__(self, parent: QWidget | None = None, *, mode: str = "day") -> None:
        super().__init__(parent)
        self._mode = ""
        self.set_mode(mode)

    def set_mode(self, mode: str) -> None:
        if mode == self._mode:
            return
        kept = self.date_value() if self._mode else None
        self._mode = mode
        self.setInputMask(_MASKS[mode])
        tips = {"day": _("tgl/bln/tahun"), "month": _("bln/tahun"), "year": _("tahun")}
        self.setToolTip(tips[mode])
        width = self.fontMetrics().horizontalAdvance("00/00/00000") + 24
        self.setMinimumWidth(width)
        self.setMaximumWidth(width + 40)
        if kept is not None:
            self.set_date(kept)

    def mode(self) -> str:
        return self._mode

    def _parts(self) -> list[str]:
        return [p.replace("_", "").strip() for p in self.text().split("/")]

    def is_blank(self) -> bool:
        return not any(self._parts())

    def date_value(self) -> date | None:
        parts = self._parts()
        try:
            if self._mode == "day" and all(len(p) == n for p, n in zip(parts, (2, 2, 4), strict=True)):
                return date(int(parts[2]), int(parts[1]), int(parts[0]))
            if self._mode == "month" and all(len(p) == n for p, n in zip(parts, (2, 4), strict=True)):
                return date(int(parts[1]), int(parts[0]), 1)
            if self._mode == "year" and len(parts[0]) == 4:
                return date(int(parts[0]), 1, 1)
        except ValueError:
            return None
        return None

    def problem(self) -> str:
        """Why the text is not a date ("" when empty or fine), for the hint next to the field."""
        if self.is_blank() or self.date_value() is not None:
            return ""
        parts = self._parts()
        complete = "".join(parts)
        needed = {"day": 8, "month": 6, "year": 4}[self._mode]
        if len(complete) < needed:
            return _("Tanggal belum lengkap.")
        if int(parts[0] or 0) == 0 and self._mode != "year":
            return _("Tanggal atau bulan tidak boleh 00.")
        return _("Tanggal ini tidak ada di kalender.")

    def set_date(self, value: date | None) -> None:
        if value is None:
            self.clear()
        elif self._mode == "day":
            self.setText(f"{value.day:02d}/{value.month:02d}/{value.year:04d}")
        elif self._mode == "month":
            self.setText(f"{value.month:02d}/{value.year:04d}")
        else:
            self.setText(f"{value.year:04d}")


class BirthDateEdit(QWidget):
    """Birth date with its precision: exact date, month and year, year only, or an estimated age in years.

    Matches ``IdentityInput``: ``precision()``, ``birth_date()`` and ``estimated_age()``. ``edited`` fires on the
    user's changes, ``changed`` on every change of the value (also when filled from a NIK or a draft).
    """

    edited = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.precision_box = QComboBox()
        for choice in choices("birth_date_precision"):
            self.precision_box.addItem(choice.label(), choice.code)
        self.precision_box.setAccessibleName(_("Ketepatan tanggal lahir"))
        self.date_edit = DateLineEdit()
        self.date_edit.setAccessibleName(_("Tanggal lahir"))
        self.age_spin = QSpinBox()
        self.age_spin.setRange(-1, MAX_AGE)
        self.age_spin.setSpecialValueText(_("belum diketahui"))
        self.age_spin.setSuffix(" " + _("tahun"))
        self.age_spin.setValue(-1)
        self.age_spin.setAccessibleName(_("Perkiraan umur"))
        self.age_spin.setMinimumWidth(130)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.date_edit)
        self.stack.addWidget(self.age_spin)
        self.stack.setSizePolicy(self.date_edit.sizePolicy())
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.precision_box)
        layout.addWidget(self.stack)
        layout.addWidget(self.hint, 1)
        self.setFocusProxy(self.date_edit)
        self.precision_box.currentIndexChanged.connect(self._precision_changed)
        self.precision_box.activated.connect(lambda _i: self.edited.emit())
        self.date_edit.textEdited.connect(lambda _t: self.edited.emit())
        self.date_edit.textChanged.connect(lambda _t: self._value_changed())
        self.age_spin.valueChanged.connect(lambda _v: self._value_changed())
        self.age_spin.editingFinished.connect(self.edited.emit)
        self._precision_changed()

    # --- values -----------------------------------------------------------------------------------------------
    def precision(self) -> str:
        return str(self.precision_box.currentData() or "exact")

    def birth_date(self) -> date | None:
        """The typed date (first of the month / 1 January for the coarser precisions); None for an estimate."""
        return None if self.precision() == "estimated" else self.date_edit.date_value()

    def estimated_age(self) -> int | None:
        if self.precision() != "estimated" or self.age_spin.value() < 0:
            return None
        return self.age_spin.value()

    def declared_date(self, today: date | None = None) -> date | None:
        """The birth date the form stands for, an estimate as 1 January of the year of birth (as the service)."""
        if self.precision() == "estimated":
            age = self.estimated_age()
            return date((today or date.today()).year - age, 1, 1) if age is not None else None
        return self.birth_date()

    def age_years(self, today: date | None = None) -> int | None:
        today = today or date.today()
        if self.precision() == "estimated":
            return self.estimated_age()
        born = self.birth_date()
        if born is None or born > today:
            return None
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def set_value(self, birth_date: date | None, precision: str = "exact", estimated_age: int | None = None) -> None:
        index = self.precision_box.findData(precision or "exact")
        self.precision_box.setCurrentIndex(max(index, 0))
        if self.precision() == "estimated":
            if estimated_age is None and birth_date is not None:
                estimated_age = date.today().year - birth_date.year
            self.age_spin.setValue(estimated_age if estimated_age is not None else -1)
            self.date_edit.clear()
        else:
            self.date_edit.set_date(birth_date)
        self._value_changed()

    def set_precision(self, precision: str) -> None:
        self.precision_box.setCurrentIndex(max(self.precision_box.findData(precision), 0))

    def hint_text(self) -> str:
        return self.hint.text()

    # --- behaviour --------------------------------------------------------------------------------------------
    def _precision_changed(self) -> None:
        precision = self.precision()
        estimated = precision == "estimated"
        self.stack.setCurrentWidget(self.age_spin if estimated else self.date_edit)
        self.setFocusProxy(self.age_spin if estimated else self.date_edit)
        if not estimated:
            self.date_edit.set_mode({"exact": "day", "month": "month", "year": "year"}.get(precision, "day"))
        self._value_changed()

    def _value_changed(self) -> None:
        problem = "" if self.precision() == "estimated" else self.date_edit.problem()
        if problem:
            self.hint.setText(problem)
            self.hint.setStyleSheet(f"color: {ERROR};")
        else:
            self.hint.setStyleSheet(f"color: {MUTED};")
            born = self.declared_date()
            if born is not None and born <= date.today():
                inexact = self.precision() in ("year", "estimated")
                self.hint.setText(_("umur {age}").format(age=format_age(born, estimated=inexact)))
            elif born is not None:
                self.hint.setText(_("Tanggal lahir sesudah hari ini."))
                self.hint.setStyleSheet(f"color: {ERROR};")
            else:
                self.hint.setText("")
        self.changed.emit()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Alt+Down opens the precision list from anywhere in the field (the date part has no list of its own).
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.precision_box.showPopup()
            return
        super().keyPressEvent(event)
