"""Anggaran pemulangan: choose the year; the totals (allocation, spent, remaining, committed), warnings, each budget
line with what remains (red below zero), spending by fund source, month and destination province (tables with drawn
bars), the year as XLSX, and the SPJ of a month as PDF preview or XLSX."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import month_name
from kesos_desktop.core.services import return_reports
from kesos_desktop.core.services.return_reports import BudgetLineUsage, SpendingCell, Total
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.budget import columns, data
from kesos_desktop.ui.pages.budget.bars import BarDelegate, ratio
from kesos_desktop.ui.pages.budget.export import ask_xlsx_path, save_workbook
from kesos_desktop.ui.pages.letters.data import money_text
from kesos_desktop.ui.style import ERROR, icon
from kesos_desktop.ui.widgets.tables import setup_table

MAX_LINE_ROWS = 6


def card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    value = QLabel("—")
    value.setObjectName("cardValue")
    font = value.font()
    font.setPointSizeF(font.pointSizeF() * 1.35 if font.pointSizeF() > 0 else 13)
    value.setFont(font)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label = QLabel(title)
    label.setObjectName("cardLabel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 10)
    layout.setSpacing(2)
    layout.addWidget(label)
    layout.addWidget(value)
    return frame, value


def table_view(model: RowsTableModel, widths: tuple[int, ...]) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    setup_table(view, widths, sortable=True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return view


def fit_rows(view: QTableView, rows: int) -> None:
    """As tall as ``rows`` rows, so a short list does not leave an empty box."""
    height = view.horizontalHeader().sizeHint().height() + view.verticalHeader().defaultSectionSize() * max(rows, 1)
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)


class BudgetPage(Page):
    """``xlsx_saved(Path)`` after an export was written; ``spj_opened(SpjDialog)`` when the SPJ preview opens."""

    xlsx_saved = Signal(object)
    spj_opened = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Anggaran Pemulangan"),
            _("Pagu, realisasi dan sisa per sumber dana; SPJ bulanan voucher dan kwitansi."),
        )
        self.view: data.BudgetView | None = None
        self.dialog: QWidget | None = None
        self.file_dialog: QWidget | None = None
        self.year = QComboBox()
        self.year.addItem(str(date.today().year), date.today().year)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button = QPushButton(icon("save"), _("Ekspor &XLSX…"))
        self.export_button.setToolTip(_("Seluruh laporan anggaran tahun ini sebagai buku kerja Excel"))
        self.export_button.clicked.connect(self.request_export)
        self.header.actions.addWidget(QLabel(_("Tahun anggaran")))
        self.header.actions.addWidget(self.year)
        self.header.actions.addWidget(self.export_button)

        cards = QHBoxLayout()
        self.cards: dict[str, QLabel] = {}
        for key, title in (
            ("allocation", _("Pagu")),
            ("spent", _("Terpakai (voucher dan kwitansi)")),
            ("remaining", _("Sisa")),
            ("committed", _("Direncanakan (rencana disetujui)")),
        ):
            frame, value = card(title)
            self.cards[key] = value
            cards.addWidget(frame, 1)
        self.warnings = QLabel()
        self.warnings.setObjectName("formBanner")
        self.warnings.setWordWrap(True)
        self.warnings.hide()

        self.lines_model: RowsTableModel[BudgetLineUsage] = RowsTableModel(columns.line_columns(), parent=self)
        self.lines = table_view(self.lines_model, (170, 80, 200, 110, 110, 110, 110, 130))
        # The name takes what is left, so the line table never scrolls sideways (texts elide, tooltips tell all).
        lines_header = self.lines.horizontalHeader()
        lines_header.setStretchLastSection(False)
        lines_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setItemDelegateForColumn(7, BarDelegate(lambda u: ratio(u.spent, u.allocation), self.lines))
        self.fund_model: RowsTableModel[Total] = RowsTableModel(columns.total_columns(_("Sumber dana")), parent=self)
        self.month_model: RowsTableModel[Total] = RowsTableModel(columns.total_columns(_("Bulan")), parent=self)
        self.province_model: RowsTableModel[Total] = RowsTableModel(
            columns.total_columns(_("Provinsi tujuan")), parent=self
        )
        self.cells_model: RowsTableModel[SpendingCell] = RowsTableModel(columns.cell_columns(), parent=self)
        self.tabs = QTabWidget()
        self.total_views: list[tuple[QTableView, RowsTableModel[Total]]] = []
        for title, model in (
            (_("Per sumber dana"), self.fund_model),
            (_("Per bulan"), self.month_model),
            (_("Per provinsi tujuan"), self.province_model),
        ):
            view = table_view(model, (260, 110, 150))
            view.setItemDelegateForColumn(3, BarDelegate(self._share, view))
            self.total_views.append((view, model))
            self.tabs.addTab(view, title)
        self.tabs.addTab(table_view(self.cells_model, (260, 110, 200, 110)), _("Sumber dana × bulan × provinsi"))

        self.body.addLayout(cards)
        self.body.addWidget(self.warnings)
        self.body.addWidget(self._section(_("Pagu anggaran")))
        self.body.addWidget(self.lines)
        self.body.addWidget(self.tabs, 1)
        self.body.addWidget(self._spj_box())
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.note)
        self.refresh()

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        return label

    def _spj_box(self) -> QGroupBox:
        box = QGroupBox(_("SPJ bulanan (daftar pertanggungjawaban voucher dan kwitansi)"))
        self.spj_month = QComboBox()
        for month in range(1, 13):
            self.spj_month.addItem(month_name(month), month)
        self.spj_month.setCurrentIndex(date.today().month - 1)
        self.spj_fund = QComboBox()
        self.spj_fund.addItem(_("Semua sumber dana"), None)
        self.spj_fund.setMinimumContentsLength(22)
        self.spj_voided = QCheckBox(_("Tampilkan yang dibatalkan"))
        self.spj_preview_button = QPushButton(_("&Pratinjau SPJ (PDF)…"))
        self.spj_preview_button.clicked.connect(self.open_spj)
        self.spj_xlsx_button = QPushButton(_("Simpan SPJ &XLSX…"))
        self.spj_xlsx_button.clicked.connect(self.request_spj_xlsx)
        row = QHBoxLayout(box)
        row.addWidget(QLabel(_("Bulan")))
        row.addWidget(self.spj_month)
        row.addWidget(self.spj_fund)
        row.addWidget(self.spj_voided)
        row.addStretch(1)
        row.addWidget(self.spj_preview_button)
        row.addWidget(self.spj_xlsx_button)
        return box

    # --- loading ----------------------------------------------------------------------------------------------
    def current_year(self) -> int:
        return int(self.year.currentData() or date.today().year)

    def refresh(self) -> None:
        actor, year = self.ctx.actor, self.current_year()
        operations.read(self, self.ctx.db, lambda s: data.load_budget(s, actor, year), self.show_view)

    def show_view(self, view: data.BudgetView) -> None:
        self.view = view
        report = view.report
        self._fill_years(view.years, report.year)
        self._fill_funds(view)
        committed = sum(u.committed for u in report.lines)
        for key, amount in (
            ("allocation", report.total_allocation),
            ("spent", report.total_spent),
            ("remaining", report.total_remaining),
            ("committed", committed),
        ):
            self.cards[key].setText(money_text(amount))
        self.cards["remaining"].setStyleSheet(f"color: {ERROR};" if report.total_remaining < 0 else "")
        self.warnings.setText("\n".join(f"• {w}" for w in report.warnings))
        self.warnings.setVisible(bool(report.warnings))
        self.lines_model.set_rows(list(report.lines))
        fit_rows(self.lines, min(max(len(report.lines), 1), MAX_LINE_ROWS))
        self.fund_model.set_rows(list(report.by_fund))
        self.month_model.set_rows(list(report.by_month))
        self.province_model.set_rows(list(report.by_province))
        self.cells_model.set_rows(list(report.cells))
        self.loaded.emit()

    def _fill_years(self, years: tuple[int, ...], shown: int) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        for year in years:
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(shown), 0))
        self.year.blockSignals(False)

    def _fill_funds(self, view: data.BudgetView) -> None:
        chosen = self.spj_fund.currentData()
        self.spj_fund.blockSignals(True)
        self.spj_fund.clear()
        self.spj_fund.addItem(_("Semua sumber dana"), None)
        for source in view.fund_sources:
            self.spj_fund.addItem(f"{source.code} — {source.name}", source.id)
        self.spj_fund.setCurrentIndex(max(self.spj_fund.findData(chosen), 0) if chosen is not None else 0)
        self.spj_fund.blockSignals(False)

    def _share(self, total: Total) -> float | None:
        return ratio(total.amount, self.view.report.total_spent) if self.view is not None else None

    # --- exports ----------------------------------------------------------------------------------------------
    def spj_request(self) -> data.SpjRequest:
        return data.SpjRequest(
            self.current_year(),
            int(self.spj_month.currentData()),
            self.spj_fund.currentData(),
            self.spj_voided.isChecked(),
        )

    def open_spj(self) -> None:
        from kesos_desktop.ui.pages.budget.spj_dialog import open_spj_dialog

        fund = self.spj_fund.currentText() if self.spj_fund.currentData() is not None else ""
        dialog = open_spj_dialog(self.ctx, self.spj_request(), fund, self)
        self.dialog = dialog
        self.spj_opened.emit(dialog)

    def request_spj_xlsx(self) -> None:
        from kesos_desktop.ui.pages.budget.spj_dialog import spj_filename

        request = self.spj_request()
        self.file_dialog = ask_xlsx_path(self, spj_filename(request, "xlsx"), self.save_spj_xlsx)

    def save_spj_xlsx(self, path: Path) -> None:
        actor, request = self.ctx.actor, self.spj_request()
        save_workbook(self, self.ctx, path, lambda s: data.spj_xlsx(s, actor, request), self._saved)

    def request_export(self) -> None:
        name = f"anggaran-pemulangan-{self.current_year()}.xlsx"
        self.file_dialog = ask_xlsx_path(self, name, self.save_budget_xlsx)

    def save_budget_xlsx(self, path: Path) -> None:
        actor, year = self.ctx.actor, self.current_year()
        save_workbook(self, self.ctx, path, lambda s: return_reports.budget_xlsx(s, actor, year), self._saved)

    def _saved(self, path: Path) -> None:
        self.note.setText(_("Tersimpan: {path}").format(path=path))
        self.xlsx_saved.emit(path)
