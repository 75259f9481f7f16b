"""IntakeWindow: the Penerimaan form with its section list, duplicates panel, autosaved draft and keyboard commands.

``open_intake(ctx, parent)`` shows a new window; after a save or a readmission it opens the person's profile.
"""

from __future__ import annotations

import uuid
from typing import Any

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_datetime
from kesos_desktop.core.services import drafts
from kesos_desktop.core.services.duplicates import Candidate
from kesos_desktop.core.services.residents import INTAKE_DRAFT_KIND, IntakeResult, ReadmitResult
from kesos_desktop.core.services.stays import CapacityFull
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.intake import actions
from kesos_desktop.ui.pages.intake.draft_keeper import DraftKeeper
from kesos_desktop.ui.pages.intake.duplicates_panel import DuplicatesPanel
from kesos_desktop.ui.pages.intake.form import IntakeForm
from kesos_desktop.ui.widgets.page_header import PageHeader

DUPLICATE_DELAY_MS = 400
STATE_KEY = "intake_window"
OFFER_STYLE = "QFrame#draftOffer { background: #e8f1fb; border: 1px solid #bcd4ee; border-radius: 4px; }"


class IntakeWindow(QWidget):
    """``saved(IntakeResult)``, ``readmitted(ReadmitResult)``; ``opened`` once the lists (and any draft offer) are in;
    ``candidates_shown(int)`` after each duplicate search; ``draft_saved`` after each autosave."""

    saved = Signal(object)
    readmitted = Signal(object)
    opened = Signal()
    candidates_shown = Signal(int)
    draft_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.key = uuid.uuid4().hex
        self.offered: drafts.Draft | None = None
        self._busy = False
        self._done = False
        self._closing_ok = False
        self._dup_seq = 0
        self.setWindowTitle(_("Penerimaan warga binaan"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = IntakeForm(ctx)
        self.duplicates = DuplicatesPanel()
        self.duplicates.setMinimumWidth(340)
        self.keeper = DraftKeeper(ctx, INTAKE_DRAFT_KIND, self.key, self._draft_payload, self)
        self._build()
        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(DUPLICATE_DELAY_MS)
        self._dup_timer.timeout.connect(self.search_duplicates)
        self.form.changed.connect(self._changed)
        self.form.identity_changed.connect(self._dup_timer.start)
        self.duplicates.same_person.connect(self.confirm_readmit)
        self.duplicates.different_person.connect(self.mark_different)
        self.keeper.status_changed.connect(self.draft_status.setText)
        self.keeper.saved.connect(lambda _info: self.draft_saved.emit())
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(QSize(1280, 860))
        actor, key = ctx.actor, self.key
        operations.read(self, ctx.db, lambda s: actions.load_opening(s, actor, key), self._opened, show_progress=False)

    # --- layout -----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        header = PageHeader(
            _("Penerimaan warga binaan"),
            _("Isian tersimpan otomatis sebagai draf. Nama, NIK dan tanggal lahir diperiksa terhadap data yang ada."),
        )
        self.draft_status = QLabel()
        self.draft_status.setObjectName("hint")
        header.actions.addWidget(self.draft_status)
        self.offer = QFrame()
        self.offer.setObjectName("draftOffer")
        self.offer.setStyleSheet(OFFER_STYLE)
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        self.resume_button = QPushButton(_("&Lanjutkan isian"))
        self.resume_button.clicked.connect(self.resume_offered)
        self.drop_button = QPushButton(_("Buang draf"))
        self.drop_button.clicked.connect(self.drop_offered)
        offer_layout = QHBoxLayout(self.offer)
        offer_layout.addWidget(self.offer_text, 1)
        offer_layout.addWidget(self.resume_button)
        offer_layout.addWidget(self.drop_button)
        self.offer.hide()
        self.nav = QListWidget()
        self.nav.setFixedWidth(190)
        for number, section in enumerate(self.form.sections, 1):
            self.nav.addItem(f"{number}  {section.title}")
        self.nav.setToolTip(_("Alt+1 … Alt+9: pindah ke bagian"))
        # Keyboard users jump with Alt+1…9; Tab stays inside the form and its buttons.
        self.nav.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.nav.currentRowChanged.connect(self._nav_clicked)
        self.form.scroll.verticalScrollBar().valueChanged.connect(self._sync_nav)
        splitter = QSplitter()
        splitter.addWidget(self.form)
        splitter.addWidget(self.duplicates)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self.nav)
        middle.addWidget(splitter, 1)
        self.save_button = QPushButton(_("&Simpan"))
        self.save_button.setDefault(False)
        self.save_button.setToolTip(_("Simpan (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(_("Tutup"))
        self.cancel_button.setToolTip(_("Tutup (Esc)"))
        self.cancel_button.clicked.connect(self.request_close)
        keys = QLabel(_("Tab/Shift+Tab pindah isian · Alt+1…9 pindah bagian · Ctrl+S simpan · Esc tutup"))
        keys.setObjectName("hint")
        bottom = QHBoxLayout()
        bottom.addWidget(keys, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.addWidget(header)
        layout.addWidget(self.offer)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.request_close)
        for number in range(1, len(self.form.sections) + 1):
            QShortcut(QKeySequence(f"Alt+{number}"), self, lambda n=number: self.go_to_section(n - 1))

    def go_to_section(self, index: int) -> None:
        """Alt+1…9 or a click in the list: show the section and keep it marked (the last ones cannot scroll up)."""
        self.form.show_section(index)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(index)
        self.nav.blockSignals(False)

    def _nav_clicked(self, row: int) -> None:
        if row >= 0:
            self.go_to_section(row)

    def _sync_nav(self, value: int) -> None:
        row = 0
        for index, section in enumerate(self.form.sections):
            if section.y() <= value + 40:
                row = index
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    # --- opening and drafts -----------------------------------------------------------------------------------
    def _opened(self, opening: actions.Opening) -> None:
        self.form.set_choices(opening.choices)
        self.form.mark_blank()
        self.offered = opening.draft
        if opening.draft is not None:
            summary = opening.draft.summary or _("(tanpa nama)")
            self.offer_text.setText(
                _("Lanjutkan isian yang belum disimpan? {summary} — terakhir diubah {when}.").format(
                    summary=summary, when=format_datetime(opening.draft.updated_at)
                )
            )
            self.offer.show()
            self.resume_button.setFocus()
        else:
            self.form.identity.full_name.setFocus()
        self.opened.emit()

    def resume_offered(self) -> None:
        """Fill the form with the offered draft and keep writing to it (its key becomes this window's)."""
        draft = self.offered
        if draft is None:
            return
        self.offered = None
        self.offer.hide()
        self.key = draft.key
        self.keeper.key = draft.key
        self.form.restore(draft.payload)
        self.form.identity.full_name.setFocus()
        self.search_duplicates()

    def drop_offered(self) -> None:
        draft = self.offered
        if draft is None:
            return
        self.offered = None
        self.offer.hide()
        actor, key = self.ctx.actor, draft.key
        operations.write(self, self.ctx.db, lambda s: actions.discard_other_draft(s, actor, key), show_progress=False)
        self.form.identity.full_name.setFocus()

    def _draft_payload(self) -> tuple[dict[str, Any], str]:
        return self.form.payload(), self.form.summary()

    def _changed(self) -> None:
        if not self._done:
            self.keeper.schedule()

    # --- duplicates -------------------------------------------------------------------------------------------
    def search_duplicates(self) -> None:
        """Look for people on record like the one typed (debounced while typing; results of older searches drop)."""
        self._dup_timer.stop()
        query = self.form.candidate_query(self.key)
        self._dup_seq += 1
        seq = self._dup_seq
        if query is None:
            self.duplicates.show_idle()
            self.candidates_shown.emit(0)
            return
        self.duplicates.show_searching()
        actor = self.ctx.actor
        operations.read(
            self,
            self.ctx.db,
            lambda s: actions.find_candidates(s, actor, query),
            lambda found: self._candidates(seq, found),
            show_progress=False,
        )

    def _candidates(self, seq: int, found: list[Candidate]) -> None:
        if seq != self._dup_seq:
            return
        self.duplicates.show_candidates(found)
        self.candidates_shown.emit(len(found))

    def mark_different(self, candidate: Candidate) -> None:
        actor, key, pid = self.ctx.actor, self.key, candidate.person_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: actions.mark_different(s, actor, key, pid),
            lambda _d: self.duplicates.remove(pid),
            show_progress=False,
        )

    def confirm_readmit(self, candidate: Candidate) -> None:
        name = candidate.full_name or candidate.alias
        place = self.form.placement.institution_name()
        if not place:
            message = _(
                "Pilih lembaga tempat {name} diterima kembali, lalu tekan lagi \u201cOrang yang sama\u201d."
            ).format(name=name)
            self.form.set_field_error("institution_id", message)
            self.form.scroll.ensureWidgetVisible(self.form.placement.institution, 40, 80)
            self.form.placement.institution.setFocus()
            return
        text = _(
            "{name} ({reg}) diterima kembali di {place}: penerimaan baru dicatat pada data yang sudah ada. "
            "Isian formulir ini tidak disimpan sebagai orang baru, dan drafnya dibuang."
        ).format(name=name, reg=candidate.registration_no, place=place)
        operations.ask(self, _("Terima kembali"), text, _("&Terima kembali"), lambda: self.readmit(candidate))

    def readmit(self, candidate: Candidate) -> None:
        if self._busy:
            return
        problem = self.form.placement.admitted_on_problem()
        if problem:
            self.form.set_field_error("admitted_on", problem)
            return
        admission = self.form.placement.admission(self.form.belongings.inputs())
        assert admission is not None
        actor, key, pid = self.ctx.actor, self.key, candidate.person_id
        categories = self.form.categories.codes()
        note = _("Diterima kembali dari formulir penerimaan.")
        self._start_busy()
        self.keeper.when_idle(
            lambda: operations.write(
                self,
                self.ctx.db,
                lambda s: actions.readmit(s, actor, key, pid, admission, categories, note),
                self._readmitted,
                on_failure=self._save_failed,
                label=_("Mencatat penerimaan ulang…"),
            )
        )

    def _readmitted(self, result: ReadmitResult) -> None:
        self._done = True
        self.readmitted.emit(result)
        self._close_now()

    # --- saving -----------------------------------------------------------------------------------------------
    def _local_problems(self) -> dict[str, str]:
        """Dates that cannot be read: said at the field before anything goes to the database."""
        problems: dict[str, str] = {}
        birth = self.form.identity.birth
        if birth.precision() != "estimated" and birth.date_edit.problem():
            problems["birth_date"] = birth.date_edit.problem()
        for name, edit in (
            ("referral_letter_date", self.form.placement.letter_date),
            ("consent_given_on", self.form.consent.given_on),
        ):
            if edit.problem():
                problems[name] = edit.problem()
        admitted = self.form.placement.admitted_on_problem()
        if admitted:
            problems["admitted_on"] = admitted
        return problems

    def save(self) -> None:
        """Ctrl+S: check the duplicates once more, then register (and admit) in one transaction."""
        if self._busy or self._done:
            return
        problems = self._local_problems()
        if problems:
            self.form.show_error(ValidationError(_("Periksa isian yang ditandai."), problems))
            return
        self._start_busy()
        self.keeper.when_idle(self._check_before_save)

    def _start_busy(self) -> None:
        self._busy = True
        self.save_button.setEnabled(False)
        self.keeper.stop()

    def _stop_busy(self) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.keeper.resume()

    def _check_before_save(self) -> None:
        query = self.form.candidate_query(self.key)
        if query is None:
            self._register([])
            return
        actor = self.ctx.actor
        operations.read(
            self,
            self.ctx.db,
            lambda s: actions.find_candidates(s, actor, query),
            self._checked,
            on_failure=self._save_failed,
            label=_("Memeriksa data ganda…"),
        )

    def _checked(self, candidates: list[Candidate]) -> None:
        self.duplicates.show_candidates(candidates)
        self.candidates_shown.emit(len(candidates))
        if not candidates:
            self._register([])
            return
        best = candidates[0]
        text = _(
            "Ada data yang mirip dengan isian ini, misalnya {name} ({reg}, skor {score}). Bila orang yang sama, pilih "
            "\u201cOrang yang sama → terima kembali\u201d di panel kanan. Simpan sebagai orang baru?"
        ).format(name=best.full_name or best.alias, reg=best.registration_no, score=best.score)
        ids = [c.person_id for c in candidates]
        box = operations.ask(
            self, _("Kemungkinan data ganda"), text, _("Simpan sebagai orang &baru"), lambda: self._register(ids)
        )
        box.finished.connect(
            lambda _r: (
                None if box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole else self._stop_busy()
            )
        )

    def _register(self, different: list[uuid.UUID]) -> None:
        data = self.form.to_input(self.key)
        actor = self.ctx.actor
        note = _("Disimpan sebagai orang baru dari formulir penerimaan.")
        operations.write(
            self,
            self.ctx.db,
            lambda s: actions.save_intake(s, actor, data, different, note),
            self._saved,
            on_failure=self._save_failed,
            label=_("Menyimpan penerimaan…"),
        )

    def _saved(self, result: IntakeResult) -> None:
        self._done = True
        self.saved.emit(result)
        self._close_now()

    def _save_failed(self, error: BaseException) -> bool:
        self._stop_busy()
        if isinstance(error, ValidationError):
            self.form.show_error(error)
            if isinstance(error, CapacityFull) and error.can_override:
                self.form.placement.show_override()
            return True
        return False

    # --- closing ----------------------------------------------------------------------------------------------
    def request_close(self) -> None:
        """Esc or Tutup: ask before throwing typed work away (or keep it as a draft for later)."""
        if self._done:
            self._close_now()
            return
        if not self.form.has_content():
            self.keeper.discard()
            self._close_now()
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Tutup penerimaan"), _("Isian ini belum disimpan."), parent=self)
        box.setInformativeText(_("Simpan sebagai draf untuk dilanjutkan nanti, atau buang isian ini?"))
        keep = box.addButton(_("Tutup, simpan &draf"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(_("&Buang isian"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(_result: int) -> None:
            if box.clickedButton() is keep:
                self.hide()
                self.keeper.save_now()
                self.keeper.when_idle(self._close_now)
            elif box.clickedButton() is drop:
                self.hide()
                self.keeper.discard(self._close_now)

        box.finished.connect(chosen)
        self.close_box = box
        box.open()

    def _close_now(self) -> None:
        if not shiboken6.isValid(self):
            return
        self.keeper.stop()
        self._closing_ok = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_ok:
            ui_state.save_geometry(self, STATE_KEY)
            event.accept()
            return
        event.ignore()
        self.request_close()


_windows: set[QWidget] = set()


def open_intake(ctx: AppContext, parent: QWidget | None = None) -> IntakeWindow:
    """Show a new intake window; a saved intake or a readmission opens the person's profile."""
    from kesos_desktop.ui.pages.profile.window import open_profile

    window = IntakeWindow(ctx, parent)
    _windows.add(window)
    window.destroyed.connect(lambda *_a: _windows.discard(window))

    def saved(result: IntakeResult) -> None:
        notice = _("Tersimpan dengan nomor registrasi {reg}.").format(reg=result.registration_no)
        if result.warnings:
            notice += " " + " ".join(result.warnings)
        open_profile(ctx, result.person_id, parent, notice=notice)

    def readmitted(result: ReadmitResult) -> None:
        notice = " ".join(result.warnings)
        open_profile(ctx, result.person_id, parent, notice=notice)

    window.saved.connect(saved)
    window.readmitted.connect(readmitted)
    window.show()
    return window
