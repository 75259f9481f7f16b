"""The SPJ of one month on screen: the PDF drawn as pages (print through the Qt print dialog, save as PDF), its count
and total, and "Simpan XLSX" for the same list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number, month_name
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.budget import data
from kesos_desktop.ui.pages.budget.export import ask_xlsx_path, save_workbook
from kesos_desktop.ui.pages.letters.data import money_text
from kesos_desktop.ui.widgets.pdf_preview import PdfPreview

STATE_KEY = "spj_dialog"


def spj_filename(request: data.SpjRequest, suffix: str) -> str:
    return f"spj-pemulangan-{request.year}-{request.month:02d}.{suffix}"


def spj_title(request: data.SpjRequest) -> str:
    return _("SPJ bantuan pemulangan {month} {year}").format(month=month_name(request.month), year=request.year)


class SpjDialog(QDialog):
    """``shown`` once the PDF is drawn; ``xlsx_saved(Path)`` after the workbook was written."""

    shown = Signal()
    xlsx_saved = Signal(object)

    def __init__(self, ctx: AppContext, request: data.SpjRequest, fund_label: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.request = request
        self.file_dialog: QWidget | None = None
        self.setWindowTitle(spj_title(request))
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(1180, 800)
        self.summary = QLabel(fund_label)
        self.summary.setObjectName("sectionTitle")
        self.summary.setWordWrap(True)
        self.preview = PdfPreview()
        self.preview.rendered.connect(lambda _n: self.shown.emit())
        self.xlsx_button = QPushButton(_("Simpan &XLSX…"))
        self.xlsx_button.clicked.connect(self.request_xlsx)
        self.preview.toolbar.layout().insertWidget(2, self.xlsx_button)  # type: ignore[union-attr]
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        actor, request = self.ctx.actor, self.request
        operations.read(
            self,
            self.ctx.db,
            lambda s: data.spj_preview(s, actor, request),
            self._loaded,
            label=_("Menyusun SPJ…"),
        )

    def _loaded(self, result: data.SpjPreview) -> None:
        spj = result.spj
        count = ngettext("{n} bukti", "{n} bukti", spj.count).format(n=format_number(spj.count))
        parts = [
            spj_title(self.request),
            spj.fund_label,
            count,
            _("jumlah {amount}").format(amount=money_text(spj.total)),
        ]
        self.summary.setText(" · ".join(p for p in parts if p))
        self.preview.set_pdf(result.pdf, spj_filename(self.request, "pdf"))

    def request_xlsx(self) -> None:
        self.file_dialog = ask_xlsx_path(self, spj_filename(self.request, "xlsx"), self.save_xlsx)

    def save_xlsx(self, path: Path) -> None:
        actor, request = self.ctx.actor, self.request
        save_workbook(self, self.ctx, path, lambda s: data.spj_xlsx(s, actor, request), self._saved)

    def _saved(self, path: Path) -> None:
        self.xlsx_saved.emit(path)

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().done(result)


def open_spj_dialog(
    ctx: AppContext, request: data.SpjRequest, fund_label: str = "", parent: QWidget | None = None
) -> SpjDialog:
    dialog = SpjDialog(ctx, request, fund_label, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
