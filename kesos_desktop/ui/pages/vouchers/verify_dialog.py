"""Periksa keaslian voucher: paste or scan the QR text (a scanner types it and presses Enter) or open the PDF; the
answer is checked offline against this database's keys and register and shown big: ASLI, or why not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.security.signing import VerificationResult
from kesos_desktop.core.services import vouchers_register
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.style import scaled_font_size
from kesos_desktop.ui.widgets.pdf_preview import PDFIUM_LOCK

HEADLINES = {
    "asli": N_("ASLI"),
    "palsu": N_("PALSU"),
    "dibatalkan": N_("DIBATALKAN"),
    "kedaluwarsa": N_("KEDALUWARSA"),
    "tidak_dikenal": N_("TIDAK DIKENAL"),
}
COLORS = {
    "asli": ("#1b5e20", "#e8f5e9", "#66bb6a"),
    "palsu": ("#b71c1c", "#fdecea", "#e57373"),
    "dibatalkan": ("#b71c1c", "#fdecea", "#e57373"),
    "kedaluwarsa": ("#8a4b00", "#fff4e0", "#f0b35a"),
    "tidak_dikenal": ("#8a4b00", "#fff4e0", "#f0b35a"),
}


def headline(status: str) -> str:
    return _(HEADLINES[status]) if status in HEADLINES else status.upper()


def explanation(result: VerificationResult) -> str:
    """The service's sentence without its leading "DIBATALKAN: " (the headline already says it)."""
    head, sep, rest = result.message.partition(": ")
    if sep and head.isupper() and rest:
        return rest[:1].upper() + rest[1:]
    return result.message


def read_pdf(path: Path) -> tuple[str | None, list[str]]:
    """The voucher text in a PDF (its QR code when zbarimg is installed, else the stored text) and notes."""
    from kesos_desktop.core.documents.voucher_read import read_pdf_payload

    with PDFIUM_LOCK:
        found = read_pdf_payload(path)
    return found.text, list(found.notes)


class _EnterVerifies(QObject):
    """Enter in the text box checks (a scanner ends with Enter); Shift+Enter still breaks the line."""

    def __init__(self, dialog: VerifyDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.dialog.verify()
                return True
        return False


class VerifyDialog(QDialog):
    """``verified(VerificationResult)`` after each check."""

    verified = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: VerificationResult | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(_("Periksa keaslian voucher"))
        self.resize(720, 560)
        intro = QLabel(
            _(
                "Tempel teks kode QR voucher (diawali KV1.) atau pindai kode QR-nya dengan pemindai, lalu tekan "
                "Enter. Bisa juga membuka berkas PDF voucher. Pemeriksaan tidak memerlukan internet."
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("KV1.…")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setFixedHeight(90)
        self.text.installEventFilter(_EnterVerifies(self))
        self.verify_button = QPushButton(_("&Periksa"))
        self.verify_button.setDefault(True)
        self.verify_button.clicked.connect(lambda _c=False: self.verify())
        self.pdf_button = QPushButton(_("Buka &PDF…"))
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.clear_button = QPushButton(_("&Bersihkan"))
        self.clear_button.clicked.connect(self.clear)
        self.close_button = QPushButton(_("&Tutup"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.answer = QFrame()
        self.answer.setObjectName("verifyAnswer")
        self.headline = QLabel()
        font = QFont()
        font.setPointSizeF(scaled_font_size(3.2))
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        message_font = QFont()
        message_font.setPointSizeF(scaled_font_size(1.15))
        self.message.setFont(message_font)
        self.details = QFormLayout()
        self.notes = QLabel()
        self.notes.setObjectName("hint")
        self.notes.setWordWrap(True)
        answer_layout = QVBoxLayout(self.answer)
        answer_layout.setContentsMargins(18, 14, 18, 14)
        answer_layout.addWidget(self.headline)
        answer_layout.addWidget(self.message)
        answer_layout.addSpacing(8)
        answer_layout.addLayout(self.details)
        answer_layout.addStretch(1)
        self.answer.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.answer, 1)
        layout.addWidget(self.notes)
        layout.addStretch(0)
        self.text.setFocus()

    # --- checking ---------------------------------------------------------------------------------------------
    def verify(self, notes: list[str] | None = None) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.text.setFocus()
            return
        self.notes.setText("\n".join(notes or []))
        operations.read(
            self,
            self.ctx.db,
            lambda s: vouchers_register.verify_voucher(s, text),
            self.show_result,
            label=_("Memeriksa voucher…"),
            show_progress=False,
        )

    def show_result(self, result: VerificationResult) -> None:
        self.result = result
        color, background, border = COLORS.get(result.status, COLORS["palsu"])
        self.answer.setStyleSheet(
            f"QFrame#verifyAnswer {{ background: {background}; border: 2px solid {border}; border-radius: 8px; }}"
        )
        self.headline.setText(headline(result.status))
        self.headline.setStyleSheet(f"color: {color};")
        self.message.setText(explanation(result))
        while self.details.rowCount():
            self.details.removeRow(0)
        for label, value in result.field_lines():
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(label, shown)
        self.answer.show()
        self.verified.emit(result)

    def clear(self) -> None:
        self.text.clear()
        self.answer.hide()
        self.notes.clear()
        self.result = None
        self.text.setFocus()

    # --- from a PDF -------------------------------------------------------------------------------------------
    def choose_pdf(self) -> None:
        dialog = QFileDialog(self, _("Buka voucher PDF"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(_("Dokumen PDF (*.pdf)"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.open_pdf(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def open_pdf(self, path: Path) -> None:
        operations.run(self, lambda _p: read_pdf(path), self._pdf_read, label=_("Membaca PDF voucher…"))

    def _pdf_read(self, found: tuple[str | None, list[str]]) -> None:
        text, notes = found
        if text is None:
            self.answer.hide()
            self.notes.setText("\n".join(notes))
            return
        self.text.setPlainText(text)
        self.verify(notes)
