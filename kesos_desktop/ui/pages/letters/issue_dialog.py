"""Terbitkan surat: choose the plan and the kind, fill the fields while a PRATINJAU preview follows them (rendered on a
worker, no number taken), then "Terbitkan & cetak" or "Terbitkan & simpan PDF": the number is taken in the same
transaction that prints or saves, so a print that fails consumes no number."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.letters import IssuedDocumentInfo
from kesos_desktop.core.services.letters_numbers import LETTER_KINDS, kind_label
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.letters import data
from kesos_desktop.ui.pages.letters.kind_form import KindForm, align_labels, uuid_data
from kesos_desktop.ui.pages.letters.letter_forms import SuratJalanForm, SuratPengantarForm
from kesos_desktop.ui.pages.letters.receipt_forms import BeritaAcaraForm, KwitansiForm
from kesos_desktop.ui.widgets.forms import FormErrors
from kesos_desktop.ui.widgets.pdf_preview import PdfPreview, PrintJob, write_pdf

PREVIEW_DELAY_MS = 400
STATE_KEY = "letter_issue_dialog"
FORMS: dict[str, type[KindForm]] = {
    "surat_pengantar": SuratPengantarForm,
    "surat_jalan": SuratJalanForm,
    "berita_acara": BeritaAcaraForm,
    "kwitansi": KwitansiForm,
}


class IssueLetterDialog(QDialog):
    """``ready`` once a plan is shown; ``previewed`` after every preview attempt; ``issued(IssuedDocumentInfo)``."""

    ready = Signal()
    previewed = Signal()
    issued = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        *,
        plan_id: uuid.UUID | None = None,
        kind: str = "surat_pengantar",
        leg_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.leg_id = leg_id
        self.choices: data.IssueChoices | None = None
        self.result: IssuedDocumentInfo | None = None
        self.preview_info: IssuedDocumentInfo | None = None
        self._generation = 0
        self.setWindowTitle(_("Terbitkan surat dan kwitansi"))
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(1220, 820)
        self.banner = QLabel()
        self.errors = FormErrors(self, self.banner)
        self.plan = QComboBox()
        self.plan.setEnabled(plan_id is None)
        self.plan.setMinimumContentsLength(30)
        self.plan.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind = QComboBox()
        for code in LETTER_KINDS:
            self.kind.addItem(kind_label(code), code)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.signatory = QComboBox()
        self.signatory.setMinimumContentsLength(30)
        self.signatory.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.use_manual = QCheckBox(_("&Manual"))
        self.use_manual.setToolTip(
            _("Pakai nomor yang sudah diambil di buku agenda kertas; tanpa centang: nomor urut berikutnya.")
        )
        self.manual_number = QLineEdit()
        self.manual_number.setMaxLength(100)
        self.manual_number.setPlaceholderText(_("Nomor dari buku agenda"))
        self.manual_number.setEnabled(False)
        self.use_manual.toggled.connect(self._manual_toggled)
        manual = QWidget()
        manual_rows = QVBoxLayout(manual)
        manual_rows.setContentsMargins(0, 0, 0, 0)
        manual_rows.setSpacing(2)
        manual_row = QHBoxLayout()
        manual_row.addWidget(self.use_manual)
        manual_row.addWidget(self.manual_number, 1)
        manual_rows.addLayout(manual_row)
        manual_error = QLabel()
        manual_rows.addWidget(manual_error)
        # The error marks the number field itself (red border), the message goes under the row.
        self.errors.bind("manual_number", self.manual_number, manual_error)
        manual.setFocusProxy(self.use_manual)
        common = QFormLayout()
        common.addRow(_("&Rencana"), self.errors.field("plan_id", self.plan))
        common.addRow(_("&Jenis"), self.errors.field("kind", self.kind))
        common.addRow(_("&Penanda tangan"), self.errors.field("signatory_id", self.signatory))
        common.addRow(_("&Nomor"), manual)
        self.forms = {code: cls() for code, cls in FORMS.items()}
        self.stack = QStackedWidget()
        for form in self.forms.values():
            self.stack.addWidget(form)
            form.changed.connect(self._changed)
        align_labels(common, *(form.rows for form in self.forms.values()))
        hint = QLabel(
            _(
                "Pratinjau bertanda PRATINJAU dan belum bernomor. Nomor diberikan saat surat diterbitkan, bersamaan "
                "dengan mencetak atau menyimpan PDF; bila cetak gagal, nomor tidak terpakai."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.banner)
        left_layout.addLayout(common)
        left_layout.addWidget(self.stack)
        left_layout.addWidget(hint)
        left_layout.addStretch(1)
        self.left = left
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(500)
        self.number = QLabel()
        self.number.setObjectName("sectionTitle")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = QLabel()
        self.notice.setObjectName("infoBanner")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.preview = PdfPreview(print_handler=self.issue_and_print, save_handler=self.issue_and_save)
        self.preview.print_button.setText(_("Terbitkan && &cetak…"))
        self.preview.print_button.setToolTip(_("Beri nomor, simpan, lalu cetak melalui dialog printer (Ctrl+P)"))
        self.preview.save_button.setText(_("Terbitkan && simpan &PDF…"))
        right = QVBoxLayout()
        right.addWidget(self.number)
        right.addWidget(self.notice)
        right.addWidget(self.preview, 1)
        columns = QHBoxLayout()
        columns.addWidget(scroll)
        columns.addLayout(right, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.plan.currentIndexChanged.connect(lambda _i: self._plan_changed())
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.signatory.currentIndexChanged.connect(lambda _i: self._changed())
        self.manual_number.textEdited.connect(lambda _t: self._show_number())
        self._kind_changed(preview=False)
        self.left.setEnabled(False)
        self._start(plan_id)

    # --- loading ----------------------------------------------------------------------------------------------
    def _start(self, plan_id: uuid.UUID | None) -> None:
        actor = self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: data.dialog_start(s, actor, plan_id), self._started)

    def _started(self, start: data.DialogStart) -> None:
        self.plan.blockSignals(True)
        for option in start.options:
            self.plan.addItem(option.label, str(option.id))
        if start.choices is not None:
            self.plan.setCurrentIndex(max(self.plan.findData(str(start.choices.plan.id)), 0))
        self.plan.blockSignals(False)
        if start.choices is None:
            self.left.setEnabled(True)
            self.errors.show_banner(_("Belum ada rencana pemulangan yang disetujui pimpinan."))
            self.preview.clear(_("Tidak ada rencana untuk diterbitkan suratnya."))
            return
        self._show_choices(start.choices)

    def _plan_changed(self) -> None:
        plan_id = uuid_data(self.plan)
        if plan_id is None:
            return
        self.left.setEnabled(False)
        actor = self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: data.issue_choices(s, actor, plan_id), self._show_choices)

    def _show_choices(self, choices: data.IssueChoices) -> None:
        if choices.plan.id != uuid_data(self.plan) and self.plan.count():
            return  # another plan was chosen while this one loaded
        self.choices = choices
        for form in self.forms.values():
            form.blockSignals(True)
            form.fill(choices, self.leg_id)
            form.blockSignals(False)
        self._fill_signatories()
        self.left.setEnabled(True)
        self.ready.emit()
        self.refresh_preview()

    def _fill_signatories(self) -> None:
        self.signatory.blockSignals(True)
        self.signatory.clear()
        kind = self.current_kind()
        people = self.choices.signatories_for(kind) if self.choices else []
        for person in people:
            self.signatory.addItem(data.signatory_label(person), str(person.id))
        if not people:
            self.signatory.addItem(_("Belum diatur di pengaturan kantor"), None)
        default = self.choices.defaults.get(kind) if self.choices else None
        found = self.signatory.findData(str(default)) if default else -1
        self.signatory.setCurrentIndex(max(found, 0))
        self.signatory.blockSignals(False)

    # --- the form ---------------------------------------------------------------------------------------------
    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def current_form(self) -> KindForm:
        return self.forms[self.current_kind()]

    def _kind_changed(self, preview: bool = True) -> None:
        current = self.current_form()
        # The stack is as tall as the shown form only (hidden forms with Ignored policies do not count).
        for form in self.forms.values():
            policy = QSizePolicy.Policy.Preferred if form is current else QSizePolicy.Policy.Ignored
            form.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(current)
        can = data.can_issue(self.ctx.actor, self.current_kind())
        for button in (self.preview.print_button, self.preview.save_button):
            button.setVisible(can and self.result is None)
        self.errors.clear()
        self._fill_signatories()
        if preview:
            self.refresh_preview()

    def _manual_toggled(self, on: bool) -> None:
        self.manual_number.setEnabled(on)
        if on:
            self.manual_number.setFocus()
        self._show_number()

    def manual_text(self) -> str:
        return self.manual_number.text().strip() if self.use_manual.isChecked() else ""

    def _changed(self) -> None:
        self._timer.start()

    def request(self) -> object:
        plan_id = uuid_data(self.plan)
        if plan_id is None:
            raise ValidationError(_("Pilih rencana pemulangan."), {"plan_id": _("Pilih rencana pemulangan.")})
        return self.current_form().request(plan_id, uuid_data(self.signatory), self.manual_text())

    def show_validation(self, error: ValidationError) -> None:
        """Each message at its field: the kind's own fields first, then the common ones, the rest in the banner."""
        form = self.current_form()
        form.errors.clear()
        self.errors.clear()
        leftover = [
            message
            for name, message in error.fields.items()
            if not (form.errors.set_field_error(name, message) or self.errors.set_field_error(name, message))
        ]
        if leftover or not error.fields:
            self.errors.show_banner("\n".join(dict.fromkeys([str(error), *leftover])))

    # --- preview ----------------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        self._timer.stop()
        if self.choices is None or self.result is not None:
            return
        self.current_form().errors.clear()
        self.errors.clear()
        self._generation += 1
        generation = self._generation
        try:
            request = self.request()
        except ValidationError as error:
            self._preview_failed(generation, error)
            return
        form, actor = self.current_form(), self.ctx.actor
        operations.read(
            self,
            self.ctx.db,
            lambda s: form.issue(s, actor, request, preview=True),
            lambda info: self._previewed(generation, info),
            on_failure=lambda error: self._preview_failed(generation, error),
            show_progress=False,
        )

    def _previewed(self, generation: int, info: IssuedDocumentInfo) -> None:
        if generation != self._generation or self.result is not None:
            return
        self.preview_info = info
        self.preview.set_pdf(info.pdf, info.filename or "pratinjau.pdf")
        self._show_number()
        self.previewed.emit()

    def _preview_failed(self, generation: int, error: BaseException) -> bool:
        if generation != self._generation:
            return True
        if not isinstance(error, ValidationError):
            return False
        self.preview_info = None
        self.show_validation(error)
        self.preview.clear(_("Pratinjau belum dapat dibuat; periksa isian di sebelah kiri."))
        self._show_number()
        self.previewed.emit()
        return True

    def _show_number(self) -> None:
        if self.result is not None:
            self.number.setText(_("Nomor: {number}").format(number=self.result.number))
        elif self.manual_text():
            self.number.setText(_("Nomor (buku agenda): {number}").format(number=self.manual_text()))
        elif self.preview_info is not None:
            self.number.setText(
                _("Nomor: {number} (diberikan saat diterbitkan)").format(number=self.preview_info.number)
            )
        else:
            self.number.clear()

    # --- issuing ----------------------------------------------------------------------------------------------
    def issue_and_print(self, printer: QPrinter) -> None:
        job = PrintJob(printer)
        self._issue(
            job.add,
            job,
            lambda info: _("{what} {number} diterbitkan dan dikirim ke printer.").format(
                what=kind_label(info.kind), number=info.number
            ),
        )

    def issue_and_save(self, path: Path) -> None:
        self._issue(
            lambda pdf: write_pdf(path, pdf),
            None,
            lambda info: _("{what} {number} diterbitkan dan disimpan ke {path}.").format(
                what=kind_label(info.kind), number=info.number, path=path
            ),
        )

    def _issue(
        self, deliver: Callable[[bytes], object], job: PrintJob | None, text: Callable[[IssuedDocumentInfo], str]
    ) -> None:
        self._timer.stop()
        self.current_form().errors.clear()
        self.errors.clear()
        try:
            request = self.request()
        except ValidationError as error:
            self.show_validation(error)
            return
        form, actor = self.current_form(), self.ctx.actor

        def work(session):  # type: ignore[no-untyped-def]
            # The printer job is filled and closed on this worker, inside the transaction that takes the number.
            try:
                info = form.issue(session, actor, request, deliver=deliver)
            except BaseException:
                if job is not None:
                    job.abort()
                raise
            if job is not None:
                job.finish()
            return info

        operations.write(
            self,
            self.ctx.db,
            work,
            lambda info: self._issued(info, text(info)),
            on_failure=self._issue_failed,
            busy=self.left,
            label=_("Menerbitkan {what}…").format(what=kind_label(form.kind).lower()),
        )

    def _issue_failed(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError):
            self.show_validation(error)
            return True
        if isinstance(error, OSError):
            # The file could not be written: the transaction was rolled back, so no number was used.
            data.delivery_failed(self, error, _("Dokumen tidak diterbitkan dan nomornya tidak terpakai."))
            return True
        return False

    def _issued(self, info: IssuedDocumentInfo, text: str) -> None:
        self.result = info
        self.left.setEnabled(False)
        self.preview.print_handler = None
        self.preview.save_handler = None
        for button in (self.preview.print_button, self.preview.save_button):
            button.hide()
        self.notice.setText(text)
        self.notice.show()
        self._show_number()
        self.preview.set_pdf(info.pdf, info.filename)
        self.issued.emit(info)

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().done(result)


def open_issue_dialog(
    ctx: AppContext,
    parent: QWidget | None = None,
    *,
    plan_id: uuid.UUID | None = None,
    kind: str = "surat_pengantar",
    leg_id: uuid.UUID | None = None,
) -> IssueLetterDialog:
    dialog = IssueLetterDialog(ctx, plan_id=plan_id, kind=kind, leg_id=leg_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
