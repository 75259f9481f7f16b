"""Sesi individu: one session on a case (konseling individu, kunjungan rumah, ...) with what was done; the case is
chosen from the open cases, or given by the caller (the case window)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.services import activities, cases
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import (
    code_combo,
    date_edit,
    save_cancel_buttons,
    select_data,
    to_date,
    uuid_of,
)
from kesos_desktop.ui.pages.activities.data import open_cases
from kesos_desktop.ui.pages.activities.fields import (
    form_failure,
    minutes_spin,
    minutes_value,
    text_area,
    time_edit,
    time_text,
)
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def case_text(row: cases.CaseRow) -> str:
    return _("{name} — {case_no} ({stage})").format(name=row.person_name, case_no=row.case_no, stage=row.stage_label)


class SessionDialog(QDialog):
    """``ready`` when the cases are listed; ``saved(ActivityInfo)`` after the session was recorded."""

    ready = Signal()
    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, case_id: uuid.UUID | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preset = case_id
        self.setWindowTitle(_("Catat sesi individu"))
        self.setMinimumWidth(580)
        banner = QLabel()
        self.errors = FormErrors(self, banner)
        self.case = QComboBox()
        self.case.setEditable(True)
        self.case.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.case.lineEdit().setPlaceholderText(_("Ketik nama atau no. kasus…"))
        self.case.setMinimumContentsLength(40)
        completer = QCompleter(self.case.model(), self.case)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.case.setCompleter(completer)
        types = [(t.code, t.label()) for t in activities.load_activity_types() if t.mode == "individu"]
        self.type_code = code_combo(types, min_chars=24)
        self.held_on = date_edit()
        self.start_time = time_edit()
        self.duration = minutes_spin()
        self.summary = text_area(6, _("Apa yang dibahas atau dilakukan, dan tindak lanjutnya"))
        form = QFormLayout()
        form.addRow(_("&Kasus"), self.errors.field("case_id", self.case))
        form.addRow(_("&Jenis sesi"), self.errors.field("type_code", self.type_code))
        form.addRow(_("&Tanggal"), self.errors.field("held_on", self.held_on))
        form.addRow(_("Jam &mulai"), self.errors.field("start_time", self.start_time))
        form.addRow(_("&Lama"), self.errors.field("duration_minutes", self.duration))
        form.addRow(_("&Ringkasan"), self.errors.field("summary", self.summary, "worker_id"))
        relax_labels(form)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: open_cases(s, actor), self._loaded, show_progress=False)

    def _loaded(self, rows: list[cases.CaseRow]) -> None:
        self.case.blockSignals(True)
        for row in rows:
            self.case.addItem(case_text(row), str(row.id))
        self.case.setCurrentIndex(-1)
        self.case.blockSignals(False)
        if self.preset is not None and select_data(self.case, self.preset):
            self.case.setEnabled(False)
            self.type_code.setFocus()
        else:
            self.case.setFocus()
        self.save_button.setEnabled(True)
        self.ready.emit()

    def choose_case(self, case_id: uuid.UUID) -> bool:
        return select_data(self.case, case_id)

    def _case_id(self) -> uuid.UUID | None:
        """The case named by what was typed: the full text the completer fills in, or a part of it (a name, a
        case number) that only one listed case contains."""
        typed = fold(self.case.currentText().strip())
        if not typed:
            return None
        index = self.case.findText(self.case.currentText())
        if index < 0:
            matches = [i for i in range(self.case.count()) if typed in fold(self.case.itemText(i))]
            if len(matches) != 1:
                return None
            index = matches[0]
        self.case.setCurrentIndex(index)
        return uuid_of(self.case)

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        case_id = self._case_id()
        if case_id is None:
            self.errors.set_field_error("case_id", _("Pilih satu kasus dari daftar: ketik nama atau no. kasus."))
            self.case.setFocus()
            return
        data = activities.SessionInput(
            case_id=case_id,
            type_code=str(self.type_code.currentData() or ""),
            held_on=to_date(self.held_on.date()),
            summary=self.summary.toPlainText(),
            start_time=time_text(self.start_time),
            duration_minutes=minutes_value(self.duration),
            worker_id=self.ctx.actor.user_id,
        )
        actor = self.ctx.actor
        operations.write(
            self,
            self.ctx.db,
            lambda s: activities.record_session(s, actor, data),
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors),
            busy=self.buttons,
        )

    def _saved(self, info: activities.ActivityInfo) -> None:
        self.saved.emit(info)
        self.accept()
