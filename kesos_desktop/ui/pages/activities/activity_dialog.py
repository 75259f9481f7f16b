"""Kegiatan kelompok: type, name, date and time, place, facilitator — or a session of a training programme; new,
or changed at the version read. Attendance follows on the sheet."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import activities, training
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import (
    code_combo,
    date_edit,
    save_cancel_buttons,
    select_data,
    to_date,
    to_qdate,
    uuid_of,
)
from kesos_desktop.ui.pages.activities.data import Choices, load_choices
from kesos_desktop.ui.pages.activities.fields import (
    form_failure,
    hint,
    minutes_spin,
    minutes_value,
    text_area,
    time_edit,
    time_text,
)
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def group_types() -> list[tuple[str, str]]:
    return [(t.code, t.label()) for t in activities.load_activity_types() if t.mode == "kelompok"]


class ActivityDialog(QDialog):
    """New when ``current`` is None, else an edit; ``ready`` when the choices are filled; ``saved(ActivityInfo)``."""

    ready = Signal()
    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        held_on: date | None = None,
        programme_id: uuid.UUID | None = None,
        current: activities.ActivityInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current = current
        self.preset_programme = programme_id or (current.programme_id if current else None)
        self.choices: Choices | None = None
        self._auto_title = ""
        self.setWindowTitle(_("Kegiatan kelompok baru"))
        self.setMinimumWidth(560)
        banner = QLabel()
        self.errors = FormErrors(self, banner)
        self.programme = code_combo([], _("— bukan sesi pelatihan —"), min_chars=30)
        self.programme.currentIndexChanged.connect(lambda _i: self._programme_changed())
        self.type_code = code_combo(group_types(), min_chars=24)
        self.type_code.currentIndexChanged.connect(lambda _i: self._suggest_title())
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("mis. Bimbingan agama Kamis pagi"))
        self.held_on = date_edit(held_on)
        self.start_time = time_edit()
        self.duration = minutes_spin()
        self.institution = code_combo([], min_chars=30)
        self.facilitator = QLineEdit()
        self.facilitator.setPlaceholderText(_("mis. Ustadz Hasan (Kemenag Jakarta Barat)"))
        self.summary = text_area(3, _("Materi atau catatan singkat kegiatan (boleh dikosongkan)"))
        form = QFormLayout()
        form.addRow(_("Program &pelatihan"), self.errors.field("programme_id", self.programme))
        form.addRow(_("&Jenis kegiatan"), self.errors.field("type_code", self.type_code))
        form.addRow(_("&Nama kegiatan"), self.errors.field("title", self.title))
        form.addRow(_("&Tanggal"), self.errors.field("held_on", self.held_on))
        form.addRow(_("&Jam mulai"), self.errors.field("start_time", self.start_time))
        form.addRow(_("&Lama"), self.errors.field("duration_minutes", self.duration))
        form.addRow(_("Te&mpat (lembaga)"), self.errors.field("institution_id", self.institution))
        form.addRow(_("&Fasilitator"), self.errors.field("facilitator", self.facilitator))
        form.addRow(_("&Catatan"), self.errors.field("summary", self.summary, "worker_id"))
        relax_labels(form)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Simpan dan isi daftar hadir") if current is None else _("&Simpan"))
        if current is not None:
            self.setWindowTitle(_("Ubah kegiatan"))
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addLayout(form)
        layout.addWidget(hint(_("Daftar hadir memuat warga binaan yang tinggal di lembaga itu pada tanggal kegiatan.")))
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._suggest_title()
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: load_choices(s, actor), self._loaded, show_progress=False)

    def _loaded(self, choices: Choices) -> None:
        self.choices = choices
        for place in choices.institutions:
            self.institution.addItem(place.name, str(place.id))
        for p in choices.programmes:
            self.programme.addItem(_("{name} ({kind})").format(name=p.name, kind=p.kind_label), str(p.id))
        if self.preset_programme is not None:
            if not select_data(self.programme, self.preset_programme):
                # A finished programme is no longer offered; its session keeps it.
                self.programme.addItem(self.current.title if self.current else "", str(self.preset_programme))
                select_data(self.programme, self.preset_programme)
            self.programme.setEnabled(False)
            self.setWindowTitle(_("Sesi pelatihan baru") if self.current is None else _("Ubah sesi pelatihan"))
        if self.current is not None:
            self.fill(self.current)
        self.save_button.setEnabled(True)
        (self.title if self.preset_programme else self.type_code).setFocus()
        self.ready.emit()

    def _programme(self) -> training.ProgrammeInfo | None:
        chosen = uuid_of(self.programme)
        if self.choices is None or chosen is None:
            return None
        return next((p for p in self.choices.programmes if p.id == chosen), None)

    def _programme_id(self) -> uuid.UUID | None:
        p = self._programme()
        return p.id if p is not None else uuid_of(self.programme) if self.preset_programme else None

    def _programme_changed(self) -> None:
        p = self._programme()
        self.type_code.blockSignals(True)
        self.type_code.clear()
        if self._programme_id() is not None:
            self.type_code.addItem(activities.type_label(training.SESSION_TYPE), training.SESSION_TYPE)
            if p is not None:
                select_data(self.institution, p.institution_id)
                if not self.facilitator.text().strip():
                    self.facilitator.setText(p.instructor)
        else:
            for code, label in group_types():
                self.type_code.addItem(label, code)
        self.type_code.blockSignals(False)
        self.type_code.setEnabled(self._programme_id() is None)
        self.institution.setEnabled(self._programme_id() is None)
        self._suggest_title()

    def _suggest_title(self) -> None:
        """The name follows the type (or the programme) until the user writes their own."""
        p = self._programme()
        suggestion = p.name if p is not None else self.type_code.currentText()
        if not self.title.text().strip() or self.title.text() == self._auto_title:
            self.title.setText(suggestion)
        self._auto_title = suggestion

    def fill(self, a: activities.ActivityInfo) -> None:
        select_data(self.type_code, a.type_code)
        if a.institution_id is not None:
            select_data(self.institution, a.institution_id)
        self._auto_title = ""
        self.title.setText(a.title)
        self.held_on.setDate(to_qdate(a.held_on))
        self.start_time.setText(a.start_time)
        self.duration.setValue(a.duration_minutes or 0)
        self.facilitator.setText(a.facilitator)
        self.summary.setPlainText(a.summary)

    def data(self) -> activities.GroupActivityInput:
        return activities.GroupActivityInput(
            institution_id=uuid_of(self.institution),  # type: ignore[arg-type]
            type_code=str(self.type_code.currentData() or ""),
            title=self.title.text(),
            held_on=to_date(self.held_on.date()),
            start_time=time_text(self.start_time),
            duration_minutes=minutes_value(self.duration),
            facilitator=self.facilitator.text(),
            worker_id=self.current.worker_id if self.current is not None else self.ctx.actor.user_id,
            summary=self.summary.toPlainText(),
            programme_id=self._programme_id(),
        )

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        data = self.data()
        if data.institution_id is None:
            self.errors.set_field_error("institution_id", _("Pilih lembaga tempat kegiatan."))
            return
        actor = self.ctx.actor
        if self.current is None:
            work = lambda s: activities.create_group_activity(s, actor, data)  # noqa: E731
        else:
            aid, version = self.current.id, self.current.version_id
            work = lambda s: activities.update_group_activity(s, actor, aid, data, version)  # noqa: E731
        operations.write(
            self,
            self.ctx.db,
            work,
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors, self._failed),
            busy=self.buttons,
        )

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, Conflict) and self.current is not None:
            operations.ask(self, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), self.reload_latest)
            return True
        return False

    def reload_latest(self) -> None:
        """Take the latest version to save over; what the user typed stays."""
        assert self.current is not None
        actor, aid = self.ctx.actor, self.current.id

        def reloaded(latest: activities.ActivityInfo) -> None:
            self.current = latest

        operations.read(self, self.ctx.db, lambda s: activities.get_activity(s, actor, aid), reloaded)

    def _saved(self, info: activities.ActivityInfo) -> None:
        self.saved.emit(info)
        self.accept()
