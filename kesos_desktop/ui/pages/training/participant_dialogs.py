"""A participant's outcome: completion (lulus / tidak lulus, date, result, and the reason for passing someone below
the minimum attendance) and withdrawal with a reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_number, format_percent
from kesos_desktop.core.services import training
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import date_edit, save_cancel_buttons, to_date
from kesos_desktop.ui.pages.activities.fields import form_failure, hint, text_area
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels

RESULTS = (N_("Sangat baik"), N_("Baik"), N_("Cukup"))


def attendance_text(e: training.EnrolmentInfo) -> str:
    if not e.sessions_total:
        return _("belum ada sesi")
    return _("{attended} dari {total} sesi ({pct})").format(
        attended=format_number(e.sessions_attended),
        total=format_number(e.sessions_total),
        pct=format_percent((e.attendance_pct or 0) / 100),
    )


def below_minimum(e: training.EnrolmentInfo, programme: training.ProgrammeInfo) -> bool:
    pct = e.attendance_pct
    return bool(programme.min_attendance_pct) and (pct is None or pct < programme.min_attendance_pct)


class CompleteDialog(QDialog):
    """``saved(EnrolmentInfo)`` after the outcome was recorded."""

    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        programme: training.ProgrammeInfo,
        enrolment: training.EnrolmentInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.programme = programme
        self.enrolment = enrolment
        self.setWindowTitle(_("Nyatakan selesai — {name}").format(name=enrolment.person_name))
        self.setMinimumSize(540, 360)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.passed = QRadioButton(_("&Lulus"))
        self.failed = QRadioButton(_("&Tidak lulus"))
        self.passed.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.passed)
        group.addButton(self.failed)
        outcome = QHBoxLayout()
        outcome.addWidget(self.passed)
        outcome.addWidget(self.failed)
        outcome.addStretch(1)
        self.completed_on = date_edit()
        self.result = QComboBox()
        self.result.setEditable(True)
        self.result.addItems([_(r) for r in RESULTS])
        self.result.setCurrentText(_("Baik"))
        self.override_reason = text_area(
            3, _("mis. Sakit dua minggu dengan surat dokter; praktik susulan sudah lulus.")
        )
        self.override_label = QLabel(_("&Alasan tetap lulus"))
        self.override_label.setBuddy(self.override_reason)
        below = below_minimum(enrolment, programme)
        attendance = QLabel(attendance_text(enrolment))
        warning = hint(
            _("Di bawah kehadiran minimal {min}: tuliskan alasan bila tetap dinyatakan lulus.").format(
                min=format_percent(programme.min_attendance_pct / 100)
            )
        )
        warning.setVisible(below)
        form = QFormLayout()
        form.addRow(_("Peserta"), QLabel(enrolment.person_name))
        form.addRow(_("Kehadiran"), attendance)
        form.addRow("", warning)
        form.addRow(_("Hasil"), outcome)
        form.addRow(_("Tanggal &selesai"), self.errors.field("completed_on", self.completed_on))
        form.addRow(_("&Predikat"), self.errors.field("result", self.result))
        form.addRow(self.override_label, self.errors.field("override_reason", self.override_reason))
        relax_labels(form)
        self.show_override = below
        self.passed.toggled.connect(lambda _on: self._update())
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        visible = self.show_override and self.passed.isChecked()
        self.override_reason.parentWidget().setVisible(visible)
        self.override_label.setVisible(visible)

    def submit(self) -> None:
        self.errors.clear()
        actor, e = self.ctx.actor, self.enrolment
        day, passed = to_date(self.completed_on.date()), self.passed.isChecked()
        result = self.result.currentText() if passed else ""
        reason = self.override_reason.toPlainText() if passed else ""

        def work(s):  # type: ignore[no-untyped-def]
            return training.complete(
                s, actor, e.id, e.version_id, completed_on=day, passed=passed, result=result, override_reason=reason
            )

        operations.write(
            self,
            self.ctx.db,
            work,
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors),
            busy=self.buttons,
        )

    def _saved(self, info: training.EnrolmentInfo) -> None:
        self.saved.emit(info)
        self.accept()


class WithdrawDialog(QDialog):
    """Mengundurkan diri, with the reason; ``saved(EnrolmentInfo)``."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, enrolment: training.EnrolmentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrolment = enrolment
        self.setWindowTitle(_("Mengundurkan diri — {name}").format(name=enrolment.person_name))
        self.setMinimumWidth(460)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.reason = text_area(4, _("mis. Dipulangkan ke daerah asal sebelum pelatihan selesai."))
        form = QFormLayout()
        form.addRow(_("&Alasan"), self.errors.field("reason", self.reason))
        self.buttons = save_cancel_buttons()
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.errors.clear()
        actor, e, reason = self.ctx.actor, self.enrolment, self.reason.toPlainText()
        operations.write(
            self,
            self.ctx.db,
            lambda s: training.withdraw(s, actor, e.id, reason, e.version_id),
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors),
            busy=self.buttons,
        )

    def _saved(self, info: training.EnrolmentInfo) -> None:
        self.saved.emit(info)
        self.accept()
