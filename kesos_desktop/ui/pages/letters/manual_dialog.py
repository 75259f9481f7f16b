"""Catat nomor manual: a letter made outside the app recorded in the register — the number from the paper buku
agenda (refused at the field when it is already recorded) or, left empty, the next number of the sequence."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import letters_register
from kesos_desktop.core.services.letters_numbers import KIND_LABELS, kind_label
from kesos_desktop.core.services.letters_register import LetterEntryInput, RegisterEntry
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import date_edit, save_cancel_buttons, to_date
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels

RECORDABLE = tuple(kind for kind in KIND_LABELS if kind != "voucher")


class ManualNumberDialog(QDialog):
    """``recorded(RegisterEntry)`` after the line is in the register."""

    recorded = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Catat nomor surat manual"))
        self.setMinimumWidth(560)
        intro = QLabel(
            _(
                "Untuk surat yang dibuat di luar program. Isi nomor dari buku agenda kertas, atau kosongkan agar "
                "program memberi nomor urut berikutnya."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.number = QLineEdit()
        self.number.setMaxLength(100)
        self.number.setPlaceholderText(_("Kosong: nomor urut berikutnya"))
        self.letter_date = date_edit()
        self.kind = QComboBox()
        for kind in RECORDABLE:
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData("surat_lain"))
        self.hal = QLineEdit()
        self.hal.setMaxLength(300)
        self.addressee = QLineEdit()
        self.addressee.setMaxLength(300)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        fields = QFormLayout()
        fields.addRow(_("&Nomor surat"), self.form.field("number", self.number, "manual_number"))
        fields.addRow(_("&Tanggal surat"), self.form.field("letter_date", self.letter_date))
        fields.addRow(_("&Jenis"), self.form.field("kind", self.kind))
        fields.addRow(_("&Hal"), self.form.field("hal", self.hal))
        fields.addRow(_("&Kepada"), self.form.field("addressee", self.addressee))
        fields.addRow(_("&Catatan"), self.form.field("notes", self.notes))
        relax_labels(fields)
        self.buttons = save_cancel_buttons()
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(banner)
        layout.addLayout(fields)
        layout.addWidget(self.buttons)

    def entry_input(self) -> LetterEntryInput:
        return LetterEntryInput(
            letter_date=to_date(self.letter_date.date()),
            hal=self.hal.text(),
            kind=str(self.kind.currentData()),
            addressee=self.addressee.text(),
            number=self.number.text(),
            notes=self.notes.toPlainText(),
        )

    def submit(self) -> None:
        self.form.clear()
        actor, entry = self.ctx.actor, self.entry_input()
        operations.write(
            self,
            self.ctx.db,
            lambda s: letters_register.record_letter(s, actor, entry),
            self._done,
            form=self.form,
            busy=self.buttons,
            label=_("Mencatat nomor surat…"),
        )

    def _done(self, entry: RegisterEntry) -> None:
        self.recorded.emit(entry)
        self.accept()
