"""A partner's periodic report on a placed child: period, schooling / mondok, health, behaviour, attendance and
incidents. Filed by the partner (mitra) or typed in by office staff from a paper report; also edits a report."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import placements
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import (
    code_combo,
    date_edit,
    save_cancel_buttons,
    select_data,
    to_date,
    to_qdate,
)
from kesos_desktop.ui.pages.activities.fields import banner, form_failure, text_area
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.task_counter import tasks_changed

NO_PERCENT = -1


class ReportDialog(QDialog):
    """New report for ``placement`` when ``current`` is None, else an edit; ``saved(ReportInfo)``."""

    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        placement: placements.PlacementInfo,
        current: placements.ReportInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.placement = placement
        self.current = current
        title = _("Laporan perkembangan {name}") if current is None else _("Ubah laporan {name}")
        self.setWindowTitle(title.format(name=placement.person_name))
        self.setMinimumSize(620, 560)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.info = banner()
        start = placement.next_period_start or placement.start_on
        end = placement.next_period_end or date.today()
        self.period_start = date_edit(min(start, date.today()), max_today=False)
        self.period_end = date_edit(end, max_today=False)
        period = QHBoxLayout()
        period.addWidget(self.errors.field("period_start", self.period_start))
        period.addWidget(QLabel(_("s.d.")))
        period.addWidget(self.errors.field("period_end", self.period_end))
        period.addStretch(1)
        self.schooling = code_combo([(k, _(v)) for k, v in placements.SCHOOLING.items()], _("— pilih —"))
        if placement.institution_type == "PESANTREN":
            select_data(self.schooling, "sekolah_mondok")
        self.school_name = QLineEdit()
        self.school_name.setPlaceholderText(_("mis. MTs Darul Aitam"))
        self.grade = QLineEdit()
        self.grade.setPlaceholderText(_("mis. kelas 7 / ula"))
        self.health = text_area(3, _("Keadaan kesehatan, sakit yang dialami, berobat ke mana"))
        self.behaviour = text_area(3, _("Perilaku, pergaulan, ibadah, kemajuan belajar"))
        self.attendance = QSpinBox()
        self.attendance.setRange(NO_PERCENT, 100)
        self.attendance.setValue(NO_PERCENT)
        self.attendance.setSpecialValueText("—")
        self.attendance.setSuffix(" %")
        self.attendance_note = QLineEdit()
        self.attendance_note.setPlaceholderText(_("mis. izin pulang 3 hari saat Idulfitri"))
        self.incidents = text_area(
            3, _("Kejadian penting: kabur, berkelahi, sakit berat, kecelakaan (kosongkan bila tidak ada)")
        )
        form = QFormLayout()
        period_label = QLabel(_("&Periode"))
        period_label.setBuddy(self.period_start)
        form.addRow(period_label, period)
        form.addRow(_("&Sekolah/mondok"), self.errors.field("schooling_status", self.schooling))
        form.addRow(_("&Nama sekolah/pondok"), self.errors.field("school_name", self.school_name))
        form.addRow(_("&Kelas/jenjang"), self.errors.field("grade", self.grade))
        form.addRow(_("K&esehatan"), self.errors.field("health", self.health))
        form.addRow(_("Peri&laku"), self.errors.field("behaviour", self.behaviour))
        form.addRow(_("Ke&hadiran"), self.errors.field("attendance_pct", self.attendance))
        form.addRow(_("Keterangan keha&diran"), self.errors.field("attendance_note", self.attendance_note))
        form.addRow(_("Ke&jadian"), self.errors.field("incidents", self.incidents))
        relax_labels(form)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Kirim laporan") if current is None else _("&Simpan"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        intro = QLabel(_("{name} di {partner}").format(name=placement.person_name, partner=placement.institution_name))
        intro.setObjectName("sectionTitle")
        layout.addWidget(intro)
        layout.addWidget(top)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if current is not None:
            self.fill(current)
        self.schooling.setFocus()

    def fill(self, r: placements.ReportInfo) -> None:
        self.period_start.setDate(to_qdate(r.period_start))
        self.period_end.setDate(to_qdate(r.period_end))
        select_data(self.schooling, r.schooling_status)
        self.school_name.setText(r.school_name)
        self.grade.setText(r.grade)
        self.health.setPlainText(r.health)
        self.behaviour.setPlainText(r.behaviour)
        self.attendance.setValue(NO_PERCENT if r.attendance_pct is None else r.attendance_pct)
        self.attendance_note.setText(r.attendance_note)
        self.incidents.setPlainText(r.incidents)

    def data(self) -> placements.ReportInput:
        pct = self.attendance.value()
        return placements.ReportInput(
            period_start=to_date(self.period_start.date()),
            period_end=to_date(self.period_end.date()),
            schooling_status=str(self.schooling.currentData() or ""),
            school_name=self.school_name.text(),
            grade=self.grade.text(),
            health=self.health.toPlainText(),
            behaviour=self.behaviour.toPlainText(),
            attendance_pct=None if pct == NO_PERCENT else pct,
            attendance_note=self.attendance_note.text(),
            incidents=self.incidents.toPlainText(),
        )

    def submit(self) -> None:
        self.errors.clear()
        data, actor = self.data(), self.ctx.actor
        if self.current is None:
            pid = self.placement.id
            work = lambda s: placements.submit_report(s, actor, pid, data)  # noqa: E731
        else:
            rid, version = self.current.id, self.current.version_id
            work = lambda s: placements.update_report(s, actor, rid, data, version)  # noqa: E731
        operations.write(
            self,
            self.ctx.db,
            work,
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors, self._failed),
            busy=self.buttons,
        )

    def _saved(self, info: placements.ReportInfo) -> None:
        tasks_changed()  # a report due is off the list
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if self.current is None:
            return False
        actor, current_id = self.ctx.actor, self.current.id
        return operations.offer_reload(
            self,
            self.ctx.db,
            error,
            lambda s: placements.get_report(s, actor, current_id),
            self._take_latest,
            info=self.info,
        )

    def _take_latest(self, latest: object) -> None:
        """Save over the latest version next; what the user typed stays in the form."""
        self.current = latest  # type: ignore[assignment]
