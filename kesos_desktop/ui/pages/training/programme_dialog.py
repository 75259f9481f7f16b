"""A training programme: organising institution, kind, name, dates, instructor, schedule, hours, minimum attendance
and status; new or edited at the version read (a conflict keeps the form and offers the latest data)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import training
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import (
    OptionalDateEdit,
    code_combo,
    date_edit,
    save_cancel_buttons,
    select_data,
    to_date,
    to_qdate,
    uuid_of,
)
from kesos_desktop.ui.pages.activities.data import Choices, load_choices
from kesos_desktop.ui.pages.activities.fields import banner, form_failure, text_area
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class ProgrammeDialog(QDialog):
    """New programme when ``current`` is None; ``ready`` when the places are listed; ``saved(ProgrammeInfo)``."""

    ready = Signal()
    saved = Signal(object)

    def __init__(
        self, ctx: AppContext, current: training.ProgrammeInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current = current
        self.setWindowTitle(_("Pelatihan baru") if current is None else _("Ubah pelatihan"))
        self.setMinimumWidth(560)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.info = banner()
        self.institution = code_combo([], min_chars=30)
        kinds = training.load_programme_kinds()
        self.kind_code = code_combo([(k.code, k.label()) for k in kinds], min_chars=24)
        self.kind_code.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("mis. Menjahit Angkatan I 2026"))
        self.start_on = date_edit(max_today=False)
        self.end_on = OptionalDateEdit(check_text=_("Ada"))
        self.instructor = QLineEdit()
        self.schedule = QLineEdit()
        self.schedule.setPlaceholderText(_("mis. Senin dan Rabu, 09.00–12.00"))
        self.total_hours = QSpinBox()
        self.total_hours.setRange(0, 5000)
        self.total_hours.setSuffix(_(" jam pelajaran"))
        self.min_pct = QSpinBox()
        self.min_pct.setRange(0, 100)
        self.min_pct.setValue(75)
        self.min_pct.setSuffix(" %")
        self.status = code_combo([(k, _(v)) for k, v in training.PROGRAMME_STATUSES.items()])
        self.notes = text_area(3)
        form = QFormLayout()
        form.addRow(_("&Lembaga penyelenggara"), self.errors.field("institution_id", self.institution))
        form.addRow(_("&Jenis pelatihan"), self.errors.field("kind_code", self.kind_code))
        form.addRow(_("&Nama pelatihan"), self.errors.field("name", self.name))
        form.addRow(_("Tanggal &mulai"), self.errors.field("start_on", self.start_on))
        form.addRow(_("Tanggal &selesai"), self.errors.field("end_on", self.end_on))
        form.addRow(_("&Instruktur"), self.errors.field("instructor", self.instructor))
        form.addRow(_("Ja&dwal"), self.errors.field("schedule", self.schedule))
        form.addRow(_("Jumlah &jam"), self.errors.field("total_hours", self.total_hours))
        form.addRow(_("&Kehadiran minimal"), self.errors.field("min_attendance_pct", self.min_pct))
        form.addRow(_("S&tatus"), self.errors.field("status", self.status))
        form.addRow(_("&Catatan"), self.errors.field("notes", self.notes))
        relax_labels(form)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if current is not None:
            self.fill(current)
        else:
            self._kind_changed()
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: load_choices(s, actor), self._loaded, show_progress=False)

    def _loaded(self, choices: Choices) -> None:
        for place in choices.institutions:
            self.institution.addItem(place.name, str(place.id))
        if self.current is not None:
            select_data(self.institution, self.current.institution_id)
        self.save_button.setEnabled(self.ctx.actor.can("training.manage"))
        self.name.setFocus()
        self.ready.emit()

    def _kind_changed(self) -> None:
        kind = next((k for k in training.load_programme_kinds() if k.code == self.kind_code.currentData()), None)
        if kind is not None and kind.default_hours and self.current is None:
            self.total_hours.setValue(kind.default_hours)

    def fill(self, p: training.ProgrammeInfo) -> None:
        select_data(self.kind_code, p.kind_code)
        self.name.setText(p.name)
        self.start_on.setDate(to_qdate(p.start_on))
        self.end_on.set_value(p.end_on)
        self.instructor.setText(p.instructor)
        self.schedule.setText(p.schedule)
        self.total_hours.setValue(p.total_hours)
        self.min_pct.setValue(p.min_attendance_pct)
        select_data(self.status, p.status)
        self.notes.setPlainText(p.notes)

    def data(self) -> training.ProgrammeInput:
        return training.ProgrammeInput(
            institution_id=uuid_of(self.institution),  # type: ignore[arg-type]
            kind_code=str(self.kind_code.currentData() or ""),
            name=self.name.text(),
            start_on=to_date(self.start_on.date()),
            end_on=self.end_on.value(),
            instructor=self.instructor.text(),
            schedule=self.schedule.text(),
            total_hours=self.total_hours.value(),
            min_attendance_pct=self.min_pct.value(),
            status=str(self.status.currentData()),
            notes=self.notes.toPlainText(),
        )

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        data, actor = self.data(), self.ctx.actor
        if data.institution_id is None:
            self.errors.set_field_error("institution_id", _("Pilih lembaga penyelenggara dari daftar."))
            return
        if self.current is None:
            work = lambda s: training.create_programme(s, actor, data)  # noqa: E731
        else:
            pid, version = self.current.id, self.current.version_id
            work = lambda s: training.update_programme(s, actor, pid, data, version)  # noqa: E731
        operations.write(
            self,
            self.ctx.db,
            work,
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors, self._failed),
            busy=self.buttons,
        )

    def _saved(self, info: training.ProgrammeInfo) -> None:
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
            lambda s: training.get_programme(s, actor, current_id),
            self._take_latest,
            info=self.info,
        )

    def _take_latest(self, latest: object) -> None:
        """Save over the latest version next; what the user typed stays in the form."""
        self.current = latest  # type: ignore[assignment]
