"""Step 4 of the plan wizard: money per leg and per fund source, the budget check, warnings — then save the draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWizardPage

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.returns_costs import BudgetCheck
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.returns import data
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.pages.returns.wizard_pages import banner_label, repeat_warning
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.tables import setup_table

if TYPE_CHECKING:
    from kesos_desktop.ui.pages.returns.wizard import ReturnWizard

RIGHT = Qt.AlignmentFlag.AlignRight


def leg_total_columns() -> list[Column[data.LegTotal]]:
    def muted(t: data.LegTotal) -> str | None:
        return None if t.paid_here else MUTED

    def money(title: str, get):  # type: ignore[no-untyped-def]
        def text(t: data.LegTotal) -> str:
            return money_text(get(t)) if t.paid_here or get(t) else "—"

        return Column(title, text, sort_key=get, align=RIGHT, color=muted)

    return [
        Column(_("No"), lambda t: t.seq, align=RIGHT),
        Column(_("Rute"), lambda t: t.route, color=muted),
        Column(_("Moda"), lambda t: t.mode, color=muted),
        money(_("Tarif"), lambda t: t.fare),
        money(_("Uang makan"), lambda t: t.meals),
        money(_("Uang saku"), lambda t: t.pocket),
        money(_("Pendamping"), lambda t: t.escorts),
        money(_("Jumlah"), lambda t: t.total),
        Column(_("Dibiayai"), lambda t: _("kantor ini") if t.paid_here else _("kantor pengirim"), color=muted),
    ]


def budget_columns() -> list[Column[BudgetCheck]]:
    def red(c: BudgetCheck) -> str | None:
        return ERROR if c.goes_negative else None

    return [
        Column(_("Pagu anggaran"), lambda c: c.label),
        Column(_("Pagu"), lambda c: money_text(c.allocation), align=RIGHT),
        Column(_("Sudah terpakai"), lambda c: money_text(c.committed), align=RIGHT),
        Column(_("Rencana ini"), lambda c: money_text(c.this_plan), align=RIGHT),
        Column(_("Sisa setelahnya"), lambda c: money_text(c.remaining_after), align=RIGHT, color=red),
    ]


def fit_rows(view: QTableView, rows: int) -> None:
    """A short table as tall as its rows, so no empty box stands under it."""
    height = view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)


def section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setFont(heading_font(1.05))
    return label


class SummaryPage(QWizardPage):
    """Shows the checked route's money; Finish saves the plan as a draft (nothing is approved here)."""

    def __init__(self, wizard: ReturnWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.saving = False
        self.saved = False
        self.setTitle(_("Ringkasan biaya dan anggaran"))
        self.setSubTitle(_("Periksa jumlahnya, lalu simpan sebagai draf. Pimpinan menyetujui rencana sesudahnya."))
        self.legs_model: RowsTableModel[data.LegTotal] = RowsTableModel(leg_total_columns(), parent=self)
        self.legs_table = QTableView()
        self.legs_table.setModel(self.legs_model)
        setup_table(self.legs_table, (34, 270, 130, 110, 110, 110, 110, 120))
        self.budget_model: RowsTableModel[BudgetCheck] = RowsTableModel(budget_columns(), parent=self)
        self.budget_table = QTableView()
        self.budget_table.setModel(self.budget_model)
        setup_table(self.budget_table, (380, 130, 130, 130))

        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.warnings = banner_label()
        self.notice = banner_label("infoBanner")
        self.banner = banner_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(section(_("Biaya per leg")))
        layout.addWidget(self.legs_table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(section(_("Sumber dana dan sisa anggaran")))
        layout.addWidget(self.budget_table)
        layout.addWidget(self.warnings)
        layout.addWidget(self.notice)

    def initializePage(self) -> None:
        self.saved = False
        self.banner.hide()
        check = self.wiz.route_check
        if check is None:
            return
        self.legs_model.set_rows(list(check.legs))
        self.budget_model.set_rows(list(check.checks))
        fit_rows(self.budget_table, max(1, len(check.checks)))
        parts = [_("Dibiayai kantor ini: <b>{amount}</b>").format(amount=money_text(check.own_total))]
        for fund in check.funds:
            label = fund.label or _("sumber dana belum dipilih")
            parts.append(_("{label}: {amount}").format(label=label, amount=money_text(fund.amount)))
        others = check.total - check.own_total
        if others:
            parts.append(_("Leg yang dibiayai kantor lain: {amount}").format(amount=money_text(others)))
        self.totals.setText("<br>".join(parts))
        warnings = [c.warning() for c in check.checks if c.goes_negative]
        warnings += [
            _("Leg {n}: sumber dana belum dipilih.").format(n=t.seq)
            for t in check.legs
            if t.paid_here and t.total > 0 and t.budget_line_id is None
        ]
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        person = self.wiz.person
        repeat = repeat_warning(person) if person is not None and person.returns_done else ""
        self.notice.setText(repeat)
        self.notice.setVisible(bool(repeat))

    def warning_texts(self) -> list[str]:
        return [t for t in self.warnings.text().splitlines() if t] if not self.warnings.isHidden() else []

    def validatePage(self) -> bool:
        if self.saved:
            return True
        if not self.saving:
            self.saving = True
            self.banner.hide()
            self.wiz.save(self._saved, self._failed)
        return False

    def _saved(self) -> None:
        self.saving = False
        self.saved = True
        self.wiz.accept()

    def _failed(self, error: BaseException) -> bool:
        self.saving = False
        if isinstance(error, ValidationError):
            self.banner.setText(str(error))
            self.banner.show()
        return False
