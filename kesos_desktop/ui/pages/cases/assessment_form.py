"""The assessment form rendered from its instrument: required marks, live score, draft save, completion."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number, format_time
from kesos_desktop.core.services import assessments
from kesos_desktop.core.services.assessments import AssessmentInfo, IncompleteAssessment, Instrument
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import date_edit, to_date, to_qdate
from kesos_desktop.ui.pages.cases.answers import Answer, field_label, make_answer
from kesos_desktop.ui.pages.cases.form_bits import PRIMARY_BUTTON
from kesos_desktop.ui.style import ERROR
from kesos_desktop.ui.widgets.forms import FormErrors
from kesos_desktop.ui.widgets.page_header import heading_font

STATE_KEY = "assessment_form"
FORM_STYLE = f"""
QFrame#answerBox[invalid="true"] {{ border: 1px solid {ERROR}; border-radius: 4px; background: #fff6f6; }}
QGroupBox#section {{ font-weight: 600; }}
"""


def score_text(instrument: Instrument, total: object, band: str) -> str:
    if not instrument.is_scored or total is None:
        return ""
    text = _("{label}: {score}").format(label=instrument.score_label() or _("Skor"), score=format_number(total))  # type: ignore[arg-type]
    return f"{text} — {band}" if band else text


def valid_answers(instrument: Instrument, values: dict[str, object]) -> dict[str, object]:
    """The answers that pass the instrument's checks (a half-typed number does not stop the live score)."""
    out: dict[str, object] = {}
    for code, value in values.items():
        if value is None:
            continue
        with contextlib.suppress(ValidationError):
            out.update(assessments.clean_answers(instrument, {code: value}))
    return out


class AssessmentForm(QWidget):
    """A draft being filled; ``saved(info)`` after each save, ``completed(info)`` once it is completed."""

    saved = Signal(object)
    completed = Signal(object)

    def __init__(self, ctx: AppContext, info: AssessmentInfo, subtitle: str = "", parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.info = info
        self.instrument = assessments.get_instrument(info.instrument_code, info.instrument_version)
        self.dirty = False
        self._closing = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet(FORM_STYLE)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setFont(heading_font(1.35))
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("pageSubtitle")
        description = QLabel(self.instrument.description())
        description.setObjectName("hint")
        description.setWordWrap(True)
        self.assessed_on = date_edit(info.assessed_on)
        self.assessed_on.dateChanged.connect(lambda *_a: self._changed())
        self.score = QLabel()
        self.score.setObjectName("cardValue")
        self.missing = QLabel()
        self.missing.setObjectName("hint")
        day_label = QLabel(_("&Tanggal asesmen"))
        day_label.setBuddy(self.assessed_on)
        day_label.setMinimumWidth(day_label.sizeHint().width() + 4)
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.assessed_on)
        top.addSpacing(24)
        top.addWidget(self.score)
        top.addStretch(1)
        top.addWidget(self.missing)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.info_bar = QLabel()
        self.info_bar.setObjectName("infoBanner")
        self.info_bar.setWordWrap(True)
        self.info_bar.hide()
        self.answers: dict[str, Answer] = {}
        self.sections: dict[str, QGroupBox] = {}
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self._build_sections())
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.save_button = QPushButton(_("Simpan &draf"))
        self.save_button.setToolTip(_("Simpan jawaban sejauh ini (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_draft)
        self.complete_button = QPushButton(_("&Selesaikan"))
        self.complete_button.setStyleSheet(PRIMARY_BUTTON)
        self.complete_button.clicked.connect(self.complete)
        close = QPushButton(_("&Tutup"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.save_button, self.complete_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(description)
        layout.addLayout(top)
        layout.addWidget(banner)
        layout.addWidget(self.info_bar)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(QSize(980, 820))
        self.fill(info)

    def _build_sections(self) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(12)
        for section in self.instrument.sections:
            box = QGroupBox(section.title())
            box.setObjectName("section")
            rows = QFormLayout(box)
            rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            rows.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if section.description_id:
                note = QLabel(section.description_id)
                note.setObjectName("hint")
                note.setWordWrap(True)
                rows.addRow(note)
            for field in section.fields:
                answer = make_answer(field)
                answer.edited.connect(self._changed)
                self.answers[field.code] = answer
                cell = QWidget()
                cell_layout = QVBoxLayout(cell)
                cell_layout.setContentsMargins(0, 0, 0, 0)
                cell_layout.setSpacing(2)
                cell_layout.addWidget(answer)
                error = QLabel()
                cell_layout.addWidget(error)
                self.form.bind(field.code, answer.target, error)
                label = field_label(field)
                label.setFixedWidth(300)
                label.setBuddy(answer.target)
                rows.addRow(label, cell)
            self.sections[section.code] = box
            column.addWidget(box)
        column.addStretch(1)
        return body

    # --- content ----------------------------------------------------------------------------------------------
    def fill(self, info: AssessmentInfo) -> None:
        self.info = info
        for code, answer in self.answers.items():
            answer.set_value(info.answers.get(code))
        self.assessed_on.blockSignals(True)
        self.assessed_on.setDate(to_qdate(info.assessed_on))
        self.assessed_on.blockSignals(False)
        self.dirty = False
        self._show_header()
        self._update_score()

    def _show_header(self) -> None:
        info = self.info
        state = _("selesai") if info.is_completed else _("draf")
        self.title.setText(
            _("{name} ke-{n} ({state})").format(name=self.instrument.label(), n=info.sequence_no, state=state)
        )
        self.setWindowTitle(_("{name} — {who}").format(name=self.instrument.label(), who=self.subtitle.text()))

    def values(self) -> dict[str, object]:
        """Every field's answer as typed (None for no answer; a save clears such answers)."""
        return {code: answer.value() for code, answer in self.answers.items()}

    def _changed(self) -> None:
        self.dirty = True
        self._update_score()

    def _update_score(self) -> None:
        cleaned = valid_answers(self.instrument, self.values())
        result = assessments.score(self.instrument, cleaned)
        self.score.setText(score_text(self.instrument, result.get("total"), str(result.get("band") or "")))
        sections = result.get("sections") or {}
        for section in self.instrument.sections:
            title = section.title()
            if section.code in sections:  # type: ignore[operator]
                title = _("{title} — skor {score}").format(title=title, score=format_number(sections[section.code]))  # type: ignore[index]
            self.sections[section.code].setTitle(title)
        missing = len(assessments.missing_required(self.instrument, cleaned))
        self.missing.setText(
            ngettext("{n} isian wajib belum diisi", "{n} isian wajib belum diisi", missing).format(n=missing)
            if missing
            else _("Semua isian wajib sudah diisi")
        )

    # --- saving -----------------------------------------------------------------------------------------------
    def _day(self) -> date:
        return to_date(self.assessed_on.date())

    def save_draft(self, then: object = None) -> None:
        self.form.clear()
        actor, info, values, day = self.ctx.actor, self.info, self.values(), self._day()
        operations.write(
            self,
            self.ctx.db,
            lambda s: assessments.save_answers(s, actor, info.id, values, info.version_id, assessed_on=day),
            lambda latest: self._saved(latest, then),
            form=self.form,
            on_failure=self._failed,
            show_progress=False,
        )

    def _saved(self, latest: AssessmentInfo, then: object = None) -> None:
        self.info = latest
        self.dirty = False
        self.status.setText(_("Draf tersimpan {time}").format(time=format_time(datetime.now())))
        self.saved.emit(latest)
        if callable(then):
            then()

    def complete(self) -> None:
        self.form.clear()
        actor, info, values, day = self.ctx.actor, self.info, self.values(), self._day()

        def work(session):  # type: ignore[no-untyped-def]
            saved = assessments.save_answers(session, actor, info.id, values, info.version_id, assessed_on=day)
            return assessments.complete_assessment(session, actor, saved.id, saved.version_id)

        operations.write(self, self.ctx.db, work, self._completed, form=self.form, on_failure=self._failed)

    def _completed(self, latest: AssessmentInfo) -> None:
        self.info = latest
        self.dirty = False
        self.completed.emit(latest)
        self._closing = True
        self.close()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, IncompleteAssessment):
            # The answers were saved; the draft stays. Mark what is missing and show the first one.
            self.info = error.info
            self.dirty = False
            self.saved.emit(error.info)
            self.form.show_error(error)
            self.form.show_banner(str(error))
            self.status.setText(_("Draf tersimpan {time}").format(time=format_time(datetime.now())))
            self.scroll_to_first_error()
            return True
        if isinstance(error, Conflict):
            actor, assessment_id = self.ctx.actor, self.info.id

            def reloaded(latest: AssessmentInfo) -> None:
                self.info = latest
                self._show_header()
                self.info_bar.setText(
                    _("Asesmen ini diubah pengguna lain; data terbaru dimuat. Isian Anda tetap; simpan lagi.")
                )
                self.info_bar.show()

            operations.read(self, self.ctx.db, lambda s: assessments.get_assessment(s, actor, assessment_id), reloaded)
            return False
        if isinstance(error, ValidationError):
            handled = self.form.show_error(error)
            self.scroll_to_first_error()
            return handled
        return False

    def scroll_to_first_error(self) -> None:
        shown = self.form.shown_errors()
        first = next((code for code in self.answers if code in shown), None)
        if first is not None:
            self.scroll.ensureWidgetVisible(self.answers[first], 40, 80)
            self.answers[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def missing_marked(self) -> dict[str, str]:
        """The fields marked now, as a person reads them (code → message)."""
        return self.form.shown_errors()

    # --- closing ----------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and not self._closing:
            event.ignore()
            self._ask_close()
            return
        ui_state.save_geometry(self, STATE_KEY)
        super().closeEvent(event)

    def _ask_close(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Jawaban belum disimpan"),
            _("Simpan jawaban sebagai draf sebelum menutup?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        save = box.addButton(_("&Simpan draf"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(_("&Jangan simpan"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("&Batal"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            if box.clickedButton() is save:
                self.save_draft(then=self._close_now)
            elif box.clickedButton() is drop:
                self._close_now()

        box.finished.connect(done)
        box.open()
        self.close_question = box

    def _close_now(self) -> None:
        self._closing = True
        self.close()
