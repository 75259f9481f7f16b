"""Columns of the budget page: budget lines (remaining in red below zero) and the spending totals."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import month_name
from kesos_desktop.core.services.return_reports import BudgetLineUsage, SpendingCell, Total
from kesos_desktop.ui.models.table import Column
from kesos_desktop.ui.pages.letters.data import money_text
from kesos_desktop.ui.style import ERROR, MUTED

RIGHT = Qt.AlignmentFlag.AlignRight


def _red_below_zero(amount: int) -> str | None:
    return ERROR if amount < 0 else None


def line_columns() -> list[Column[BudgetLineUsage]]:
    def money(title: str, get, color=None, tooltip=None):  # type: ignore[no-untyped-def]
        return Column(title, lambda u: money_text(get(u)), sort_key=get, align=RIGHT, color=color, tooltip=tooltip)

    def inactive(u: BudgetLineUsage) -> str | None:
        return None if u.is_active else MUTED

    def free_tip(u: BudgetLineUsage) -> str:
        return _("Pagu dikurangi yang direncanakan: {amount}").format(amount=money_text(u.allocation - u.committed))

    return [
        Column(_("Sumber dana"), lambda u: u.fund_source_name, color=inactive),
        Column(_("Kode"), lambda u: u.code, color=inactive),
        Column(_("Pagu"), lambda u: u.name, tooltip=lambda u: u.label, color=inactive),
        money(_("Nilai pagu"), lambda u: u.allocation),
        money(_("Terpakai"), lambda u: u.spent),
        money(
            _("Direncanakan"),
            lambda u: u.committed,
            color=lambda u: ERROR if u.overcommitted else None,
            tooltip=free_tip,
        ),
        money(_("Sisa"), lambda u: u.remaining, color=lambda u: _red_below_zero(u.remaining)),
        Column(_("Terpakai (%)"), lambda u: "", sort_key=lambda u: u.spent / u.allocation if u.allocation else 0),
    ]


def total_columns(first: str) -> list[Column[Total]]:
    return [
        Column(first, lambda t: t.label),
        Column(_("Jumlah bukti"), lambda t: t.count, align=RIGHT),
        Column(_("Jumlah"), lambda t: money_text(t.amount), sort_key=lambda t: t.amount, align=RIGHT),
        Column(_("Bagian"), lambda t: "", sort_key=lambda t: t.amount),
    ]


def cell_columns() -> list[Column[SpendingCell]]:
    return [
        Column(_("Sumber dana"), lambda c: c.fund_source_name),
        Column(_("Bulan"), lambda c: month_name(c.month), sort_key=lambda c: c.month),
        Column(_("Provinsi tujuan"), lambda c: c.province_name),
        Column(_("Jumlah bukti"), lambda c: c.count, align=RIGHT),
        Column(_("Jumlah"), lambda c: money_text(c.amount), sort_key=lambda c: c.amount, align=RIGHT),
    ]
