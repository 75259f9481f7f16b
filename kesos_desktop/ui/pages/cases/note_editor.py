"""Writing a progress note: the draft saves as you type and is offered back after a crash."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_datetime
from kesos_desktop.core.services import cases, notes
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo, date_edit, select_data, to_date, to_qdate
from kesos_desktop.ui.pages.cases.form_bits import PRIMARY_BUTTON
from kesos_desktop.ui.pages.cases.note_drafts import NoteDraftSaver
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class NoteEditor(QDialog):
    """A new note on the case (``note`` None) or a correction of the user's own note.

    ``ready`` once the draft check is done (and ``offer`` shows when a draft was found); ``saved(NoteInfo)``.
    """

    saved = Signal(object)
    ready = Signal()

    def __init__(
        self, ctx: AppContext, case: cases.CaseInfo, note: notes.NoteInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.note = note
        self.draft: notes.NoteDraft | None = None
        self.setWindowTitle(_("Catatan perkembangan") if note is None else _("Ubah catatan"))
        self.resize(QSize(760, 620))
        heading = QLabel(_("{name} · kasus {no}").format(name=case.person_name, no=case.case_no))
        heading.setObjectName("sectionTitle")
        self.offer = QFrame()
        self.offer.setObjectName("draftOffer")
        self.offer.setStyleSheet(
            "QFrame#draftOffer { background: #fff8e1; border: 1px solid #f0d58a; border-radius: 6px; }"
        )
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        self.resume_button = QPushButton(_("&Lanjutkan draf"))
        self.resume_button.clicked.connect(self.resume_draft)
        self.drop_button = QPushButton(_("&Buang draf"))
        self.drop_button.clicked.connect(self.drop_draft)
        offer_layout = QHBoxLayout(self.offer)
        offer_layout.addWidget(self.offer_text, 1)
        offer_layout.addWidget(self.resume_button)
        offer_layout.addWidget(self.drop_button)
        self.offer.hide()
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.written_on = date_edit()
        self.kind = code_combo([(code, _(label)) for code, label in notes.NOTE_KINDS.items()])
        self.confidential = QCheckBox(_("&Rahasia — hanya penulis dan yang berwenang dapat membaca"))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(_("Tuliskan perkembangan, pengamatan dan tindak lanjut…"))
        self.text.setTabChangesFocus(True)
        self.fields = QWidget()
        rows = QFormLayout(self.fields)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addRow(_("&Tanggal"), self.form.field("written_on", self.written_on))
        rows.addRow(_("&Jenis"), self.form.field("kind", self.kind))
        rows.addRow("", self.form.field("confidential", self.confidential))
        rows.addRow(_("&Catatan"), self.form.field("text", self.text, "case_id"))
        relax_labels(rows)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.save_button = QPushButton(_("&Simpan catatan"))
        self.save_button.setToolTip(_("Simpan catatan (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.setStyleSheet(PRIMARY_BUTTON)
        self.save_button.clicked.connect(self.submit)
        self.discard_button = QPushButton(_("B&uang"))
        self.discard_button.setToolTip(_("Buang isian ini dan drafnya"))
        self.discard_button.clicked.connect(self.discard)
        close = QPushButton(_("T&utup"))
        close.setToolTip(_("Tutup; isian tetap tersimpan sebagai draf"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.discard_button, close, self.save_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.offer)
        layout.addWidget(banner)
        layout.addWidget(self.fields, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        self.saver = NoteDraftSaver(ctx, case.person_id, self.data, note.id if note else None, self)
        self.saver.status_changed.connect(self.status.setText)
        if note is not None:
            self.fill(note.text, note.kind, note.confidential, note.written_on)
        self._set_editable(False)
        for signal in (self.text.textChanged, self.kind.currentIndexChanged, self.confidential.toggled):
            signal.connect(lambda *_a: self.saver.schedule())
        self.written_on.dateChanged.connect(lambda *_a: self.saver.schedule())
        actor, person_id, note_id = ctx.actor, case.person_id, note.id if note else None
        operations.read(
            self,
            ctx.db,
            lambda s: notes.load_note_draft(s, actor, person_id, note_id=note_id),
            self._draft_checked,
            show_progress=False,
        )

    # --- content ----------------------------------------------------------------------------------------------
    def data(self) -> notes.NoteInput:
        return notes.NoteInput(
            text=self.text.toPlainText(),
            written_on=to_date(self.written_on.date()),
            kind=str(self.kind.currentData() or "perkembangan"),
            confidential=self.confidential.isChecked(),
            case_id=self.note.case_id if self.note is not None else self.case.id,
        )

    def fill(self, text: str, kind: str, confidential: bool, written_on: date | None) -> None:
        for widget in (self.text, self.kind, self.confidential, self.written_on):
            widget.blockSignals(True)
        self.text.setPlainText(text)
        select_data(self.kind, kind)
        self.confidential.setChecked(confidential)
        if written_on is not None:
            self.written_on.setDate(to_qdate(written_on))
        for widget in (self.text, self.kind, self.confidential, self.written_on):
            widget.blockSignals(False)

    def _set_editable(self, on: bool) -> None:
        self.fields.setEnabled(on)
        self.save_button.setEnabled(on)
        self.discard_button.setEnabled(on)

    def _draft_checked(self, draft: notes.NoteDraft | None) -> None:
        if draft is not None and draft.text.strip() and (self.note is None or draft.text != self.note.text):
            self.draft = draft
            summary = " ".join(draft.text.split())
            summary = summary if len(summary) <= 120 else summary[:117] + "…"
            self.offer_text.setText(
                _("Ada catatan yang belum disimpan dari {when}:\n“{summary}”\nLanjutkan menulisnya?").format(
                    when=format_datetime(draft.updated_at), summary=summary
                )
            )
            self.offer.show()
            self.resume_button.setFocus()
        else:
            self._set_editable(True)
            self.text.setFocus()
        self.ready.emit()

    def resume_draft(self) -> None:
        """Take the draft back into the editor."""
        if self.draft is not None:
            self.fill(self.draft.text, self.draft.kind, self.draft.confidential, self.draft.written_on)
        self.offer.hide()
        self._set_editable(True)
        self.text.setFocus()
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    def drop_draft(self) -> None:
        """Start afresh: the old draft is deleted."""
        self.draft = None
        self.offer.hide()
        self.saver.discard(keep_saving=True)
        self._set_editable(True)
        self.text.setFocus()

    # --- saving -----------------------------------------------------------------------------------------------
    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.form.clear()
        self.saver.stop()
        data, actor = self.data(), self.ctx.actor
        if self.note is None:
            person_id = self.case.person_id
            work = lambda s: notes.add_note(s, actor, person_id, data)  # noqa: E731
        else:
            note_id, version = self.note.id, self.note.version_id
            work = lambda s: notes.update_note(s, actor, note_id, data, version)  # noqa: E731
        self.saver.when_idle(
            lambda: operations.write(self, self.ctx.db, work, self._saved, form=self.form, on_failure=self._failed)
        )

    def _saved(self, info: notes.NoteInfo) -> None:
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.saver.resume()  # keep the draft going: nothing typed is lost
        return False

    def discard(self) -> None:
        def drop() -> None:
            self.saver.discard()
            self.fill("", "perkembangan", False, date.today())
            self.accept()

        if not self.text.toPlainText().strip():
            drop()
            return
        operations.ask(
            self,
            _("Buang catatan"),
            _("Buang isian catatan ini? Drafnya ikut dihapus."),
            _("&Buang"),
            drop,
            destructive=True,
        )

    def reject(self) -> None:
        """Closing keeps the text as a draft (offered again next time); an empty text leaves no draft."""
        if self.fields.isEnabled():
            if self.text.toPlainText().strip():
                if self.saver.pending():
                    self.saver.save_now()
            elif self.saver.saved_once:
                self.saver.discard()
        super().reject()
