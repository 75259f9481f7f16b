"""Sumber dana dan pagu: the office's fund sources, and the budget lines (pagu) per year with what approved plans
already use and what remains."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services import returns_budget
from kesos_desktop.core.services.returns_budget import BudgetLineInfo, FundSourceInfo
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column
from kesos_desktop.ui.pages.return_settings.records import FormDialog, RecordsTab
from kesos_desktop.ui.pages.returns.money import MoneyEdit, money_text
from kesos_desktop.ui.pages.returns.summary_page import section
from kesos_desktop.ui.style import ERROR

RIGHT = Qt.AlignmentFlag.AlignRight
YEARS_SHOWN = 6


class FundSourceDialog(FormDialog):
    def __init__(self, ctx: AppContext, source: FundSourceInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Tambah sumber dana") if source is None else _("Ubah sumber dana"), parent)
        self.source = source
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("misalnya APBD"))
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind in returns_budget.FUND_KINDS:
            self.kind.addItem(kind, kind)
        self.active = QCheckBox(_("&Aktif"))
        self.active.setChecked(True)
        self.notes = QLineEdit()
        self.row(_("&Kode"), "code", self.code)
        self.row(_("&Nama"), "name", self.name)
        self.row(_("&Jenis"), "kind", self.kind)
        self.fields.addRow("", self.active)
        self.row(_("&Catatan"), "notes", self.notes)
        self.finish_layout()
        if source is not None:
            self.code.setText(source.code)
            self.name.setText(source.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(source.kind)))
            self.active.setChecked(source.is_active)
            self.notes.setText(source.notes)

    def work(self) -> Callable[[Any], object]:
        actor = self.ctx.actor
        data = returns_budget.FundSourceInput(
            self.code.text(), self.name.text(), self.kind.currentData(), self.active.isChecked(), self.notes.text()
        )
        source_id = self.source.id if self.source else None
        return lambda s: returns_budget.save_fund_source(s, actor, data, source_id)


class BudgetLineDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        line: BudgetLineInfo | None,
        sources: list[FundSourceInfo],
        year: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Tambah pagu anggaran") if line is None else _("Ubah pagu anggaran"), parent)
        self.line = line
        self.source = QComboBox()
        self.source.addItem(_("— pilih sumber dana —"), None)
        for source in sources:
            self.source.addItem(f"{source.code} — {source.name}", source.id)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("Kode rekening, misalnya 5.1.02.99"))
        self.name = QLineEdit()
        self.amount = MoneyEdit("amount")
        self.active = QCheckBox(_("&Aktif"))
        self.active.setChecked(True)
        self.notes = QLineEdit()
        self.row(_("&Sumber dana"), "fund_source_id", self.source)
        self.row(_("&Tahun"), "year", self.year)
        self.row(_("&Kode"), "code", self.code)
        self.row(_("&Nama"), "name", self.name)
        self.row(_("&Pagu"), "amount", self.amount)
        self.fields.addRow("", self.active)
        self.row(_("&Catatan"), "notes", self.notes)
        self.finish_layout()
        if line is not None:
            self.source.setCurrentIndex(max(0, self.source.findData(line.fund_source_id)))
            self.year.setValue(line.year)
            self.code.setText(line.code)
            self.name.setText(line.name)
            self.amount.set_amount(line.amount)
            self.active.setChecked(line.is_active)
            self.notes.setText(line.notes)
        elif len(sources) == 1:
            self.source.setCurrentIndex(1)

    def work(self) -> Callable[[Any], object] | None:
        try:
            amount = self.amount.amount()
        except ValidationError as exc:
            self.form.show_error(exc)
            return None
        actor = self.ctx.actor
        data = returns_budget.BudgetLineInput(
            fund_source_id=self.source.currentData() or 0,
            year=self.year.value(),
            name=self.name.text(),
            amount=amount if amount is not None else 0,
            code=self.code.text(),
            is_active=self.active.isChecked(),
            notes=self.notes.text(),
        )
        line = self.line
        if line is None:
            return lambda s: returns_budget.save_budget_line(s, actor, data)
        return lambda s: returns_budget.save_budget_line(s, actor, data, line.id, line.version_id)


def line_columns() -> list[Column[BudgetLineInfo]]:
    return [
        Column(_("Tahun"), lambda b: str(b.year)),
        Column(_("Sumber dana"), lambda b: b.fund_source_name),
        Column(_("Kode"), lambda b: b.code),
        Column(_("Nama"), lambda b: b.name, tooltip=lambda b: b.notes),
        Column(_("Pagu"), lambda b: money_text(b.amount), sort_key=lambda b: b.amount, align=RIGHT),
        Column(_("Terpakai"), lambda b: money_text(b.used), sort_key=lambda b: b.used, align=RIGHT),
        Column(
            _("Sisa"),
            lambda b: money_text(b.remaining),
            sort_key=lambda b: b.remaining,
            align=RIGHT,
            color=lambda b: ERROR if b.remaining < 0 else None,
        ),
        Column(_("Aktif"), lambda b: b.is_active),
    ]


class BudgetTab(QWidget):
    """Fund sources on top, the year's budget lines below."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        actor = ctx.actor
        can = actor.can("budget.manage")
        self.sources_tab: RecordsTab[FundSourceInfo] = RecordsTab(
            ctx,
            [
                Column(_("Kode"), lambda f: f.code),
                Column(_("Nama"), lambda f: f.name),
                Column(_("Jenis"), lambda f: f.kind),
                Column(_("Aktif"), lambda f: f.is_active),
                Column(_("Catatan"), lambda f: f.notes),
            ],
            lambda s: returns_budget.list_fund_sources(s, actor, include_inactive=True),
            lambda record: FundSourceDialog(ctx, record),
            can_edit=can,
            add_text=_("Tambah &sumber dana…"),
            widths=(120, 320, 100, 60),
            count_text=lambda n: ngettext("{n} sumber dana", "{n} sumber dana", n).format(n=format_number(n)),
        )
        self.year = QComboBox()
        this_year = date.today().year
        for year in range(this_year + 1, this_year - YEARS_SHOWN, -1):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(1)
        self.lines_tab: RecordsTab[BudgetLineInfo] = RecordsTab(
            ctx,
            line_columns(),
            lambda s: returns_budget.budget_lines(s, actor, year=self.year.currentData(), include_inactive=True),
            self._line_dialog,
            can_edit=can,
            add_text=_("Tambah &pagu…"),
            widths=(60, 220, 110, 320, 130, 130, 130),
            count_text=lambda n: ngettext("{n} pagu anggaran", "{n} pagu anggaran", n).format(n=format_number(n)),
        )
        self.year.currentIndexChanged.connect(lambda _i: self.lines_tab.refresh())
        self.sources_tab.loaded.connect(self.lines_tab.refresh)
        year_row = QHBoxLayout()
        year_row.addWidget(section(_("Pagu anggaran")))
        year_row.addStretch(1)
        year_row.addWidget(QLabel(_("Tahun anggaran")))
        year_row.addWidget(self.year)
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 8, 0, 0)
        lines_layout.addLayout(year_row)
        lines_layout.addWidget(self.lines_tab, 1)
        sources_box = QWidget()
        sources_layout = QVBoxLayout(sources_box)
        sources_layout.setContentsMargins(0, 0, 0, 0)
        sources_layout.addWidget(section(_("Sumber dana")))
        sources_layout.addWidget(self.sources_tab, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(sources_box)
        splitter.addWidget(lines_box)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)

    def _line_dialog(self, line: BudgetLineInfo | None) -> BudgetLineDialog:
        sources = [s for s in self.sources_tab.model.rows() if s.is_active]
        return BudgetLineDialog(self.ctx, line, sources, self.year.currentData())

    def refresh(self) -> None:
        self.sources_tab.refresh()
