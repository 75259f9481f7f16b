"""NikEdit: a NIK field that decodes region, birth date and sex as you type, warns on mismatches, allows "no NIK"."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.reference import nik as nik_rules
from kesos_desktop.core.reference.regions import get_region
from kesos_desktop.core.services.residents_identity import partial_date_warning
from kesos_desktop.ui.style import ERROR, MUTED

OK_COLOR = "#1b6e3a"
WARNING_STYLE = "color: #7a4b00; background: #fff4de; border: 1px solid #f0d49a; border-radius: 3px; padding: 3px 6px;"
NIK_LENGTH = nik_rules.NIK_LENGTH
_JUNK = re.compile(r"[\s.\-]")
# Usual reasons offered in the list; any other text may be typed.
ABSENT_REASONS = (
    N_("Belum memiliki KIA/akta kelahiran"),
    N_("KTP hilang"),
    N_("Tidak membawa identitas"),
    N_("Belum dapat ditanyakan (kondisi kesehatan)"),
    N_("Tidak diketahui"),
)


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def _partial_region(digits: str) -> str:
    """The region the first digits already name ("DKI Jakarta › Kota Jakarta Pusat"), while the NIK is typed."""
    names = []
    for size in (2, 4, 6):
        if len(digits) < size:
            break
        region = get_region(digits[:size])
        if region is None:
            break
        names.append(region.name)
    return " › ".join(names)


class NikEdit(QWidget):
    """The NIK line, a live status line under it, mismatch warnings, and the "NIK belum ada" box with a reason.

    ``edited`` fires on every change by the user (FormErrors clears the field's error on it); ``info_changed``
    carries the decoded ``NikInfo`` (or None); ``fill_requested`` asks the form to take birth date and sex from
    the NIK. Bind ``error_label`` under the name ``nik`` and ``reason_error`` under ``nik_absent_reason``.
    """

    edited = Signal()
    info_changed = Signal(object)
    fill_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, with_absent: bool = True) -> None:
        super().__init__(parent)
        self._info: nik_rules.NikInfo | None = None
        self._declared_sex: str | None = None
        self._declared_date: date | None = None
        self._precision = "exact"
        self._masked = False
        self.line = QLineEdit()
        self.line.setPlaceholderText(_("16 angka, mis. 3171 0117 0845 0001"))
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 .\-]{0,24}"), self.line))
        self.line.setClearButtonEnabled(True)
        self.line.setAccessibleName(_("NIK"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.linkActivated.connect(self._link)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        self.error_label = QLabel()
        self.absent = QCheckBox(_("NIK &belum ada / tidak diketahui"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", *(_(r) for r in ABSENT_REASONS)])
        self.reason.setCurrentIndex(0)
        self.reason.lineEdit().setPlaceholderText(_("Alasan, mis. belum memiliki KIA/akta, KTP hilang"))
        self.reason.setAccessibleName(_("Alasan NIK belum ada"))
        self.reason.setMinimumWidth(220)
        self.reason_error = QLabel()
        absent_row = QHBoxLayout()
        absent_row.setContentsMargins(0, 0, 0, 0)
        absent_row.addWidget(self.absent)
        absent_row.addWidget(self.reason, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.line)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status)
        layout.addWidget(self.warning)
        if with_absent:
            layout.addLayout(absent_row)
            layout.addWidget(self.reason_error)
        else:
            self.absent.hide()
            self.reason.hide()
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._typed)
        self.line.textChanged.connect(lambda _t: self._update())
        self.absent.toggled.connect(self._absent_toggled)
        self.reason.editTextChanged.connect(lambda _t: self.edited.emit())
        self._absent_toggled(False, notify=False)
        self._update()

    # --- values -----------------------------------------------------------------------------------------------
    def digits(self) -> str:
        return _JUNK.sub("", self.line.text())

    def nik(self) -> str | None:
        """The NIK as typed ("" when there is none or "NIK belum ada" is ticked); None while masked (unchanged)."""
        if self._masked:
            return None
        if self.absent.isChecked():
            return ""
        return self.line.text().strip()

    def is_absent(self) -> bool:
        return self.absent.isChecked()

    def absent_reason(self) -> str:
        return self.reason.currentText().strip() if self.absent.isChecked() else ""

    def info(self) -> nik_rules.NikInfo | None:
        return self._info

    def set_values(self, nik: str | None, reason: str = "", *, absent: bool | None = None) -> None:
        """Fill from stored values: a NIK, or none with the reason it is missing (``absent`` ticks the box)."""
        self._masked = False
        self.line.setReadOnly(False)
        self.absent.setEnabled(True)
        self.line.setText(nik or "")
        self.absent.setChecked(bool(absent) if absent is not None else (not nik and bool(reason)))
        self.reason.setEditText(reason or "")
        self._update()

    def set_masked(self, display: str) -> None:
        """A NIK the user may not see: shown masked, read-only; ``nik()`` returns None (keep what is stored)."""
        self._masked = True
        self.line.setText(display)
        self.line.setReadOnly(True)
        self.absent.setChecked(False)
        self.absent.setEnabled(False)
        self.reason.setEnabled(False)
        self._update()

    def set_declared(self, sex: str | None, birth_date: date | None, precision: str = "exact") -> None:
        """The sex and birth date typed elsewhere on the form; disagreements with the NIK become warnings."""
        if (sex, birth_date, precision) == (self._declared_sex, self._declared_date, self._precision):
            return
        self._declared_sex, self._declared_date, self._precision = sex, birth_date, precision
        self._update()

    def status_text(self) -> str:
        return self.status.text() if not self.status.isHidden() else ""

    def warning_text(self) -> str:
        return self.warning.text() if not self.warning.isHidden() else ""

    # --- behaviour --------------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # FormErrors marks the bound widget with the "invalid" property; the red border belongs on the line.
        if event.type() == QEvent.Type.DynamicPropertyChange and bytes(event.propertyName().data()) == b"invalid":
            invalid = bool(self.property("invalid"))
            target = self.reason if self.absent.isChecked() else self.line
            for widget in (self.line, self.reason):
                widget.setProperty("invalid", invalid and widget is target)
                _repolish(widget)
            if invalid:
                self.status.hide()  # the message under the field says it; no second copy
            else:
                self._update()
        return super().event(event)

    def _typed(self, _text: str) -> None:
        self.edited.emit()

    def _absent_toggled(self, checked: bool, notify: bool = True) -> None:
        self.line.setEnabled(not checked)
        self.reason.setEnabled(checked and not self._masked)
        if checked and notify:
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()
        if notify:
            self.edited.emit()

    def _set_status(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};")
        self.status.setVisible(bool(text))

    def _set_info(self, info: nik_rules.NikInfo | None) -> None:
        if info != self._info:
            self._info = info
            self.info_changed.emit(info)

    def _update(self) -> None:
        self.warning.hide()
        if self._masked:
            self._set_status(_("NIK tersimpan (disensor); Anda tidak berhak melihat atau menggantinya."), MUTED)
            self._set_info(None)
            return
        if self.absent.isChecked():
            self._set_status("", MUTED)
            self._set_info(None)
            return
        digits = self.digits()
        if not digits:
            self._set_status(_("Wilayah, tanggal lahir dan jenis kelamin terbaca dari NIK."), MUTED)
            self._set_info(None)
            return
        if len(digits) < NIK_LENGTH:
            count = ngettext("{n} dari 16 angka", "{n} dari 16 angka", len(digits)).format(n=len(digits))
            region = _partial_region(digits)
            self._set_status(f"{count} · {region}" if region else count, MUTED)
            self._set_info(None)
            return
        exact = self._declared_date if self._precision == "exact" else None
        try:
            plain = nik_rules.parse_nik(digits)
            # The declared birth date only picks the century of the two-digit year, as the service does.
            declared = self._declared_date
            info = nik_rules.parse_nik(digits, declared_birth_date=declared) if declared else plain
        except nik_rules.InvalidNik as exc:
            self._set_status(str(exc), ERROR)
            self._set_info(None)
            return
        self._set_info(info)
        place = ", ".join(n for n in (info.district_name, info.regency_name, info.province_name) if n)
        decoded = _("{place} · lahir {date} · {sex}").format(
            place=place, date=format_date(info.birth_date), sex=nik_rules.sex_label(info.sex)
        )
        if self._declared_date is None or not self._declared_sex:
            decoded += " · <a href='fill'>" + _("isi tanggal lahir dan jenis kelamin dari NIK") + "</a>"
        self._set_status(f"✓ {decoded}", OK_COLOR)
        warnings = list(plain.warnings)
        warnings += nik_rules.cross_check(info, declared_sex=self._declared_sex, declared_birth_date=exact)
        if self._declared_date is not None and self._precision != "exact":
            partial = partial_date_warning(info.birth_date, self._declared_date, self._precision)
            if partial:
                warnings.append(partial)
        note = nik_rules.region_note(info)
        if note:
            warnings.append(note)
        if warnings:
            self.warning.setText("\n".join(f"⚠ {w}" for w in dict.fromkeys(warnings)))
            self.warning.show()

    def _link(self, _href: str) -> None:
        if self._info is not None:
            self.fill_requested.emit(self._info)
