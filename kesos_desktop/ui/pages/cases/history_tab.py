"""Tab Riwayat transisi: every stage change of the case with date, who and why (reason, exit reason, target)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services import cases
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.cases.data import CaseView
from kesos_desktop.ui.widgets.tables import setup_table


def why(t: cases.TransitionInfo, exit_names: dict[str, str]) -> str:
    parts = [t.reason] if t.reason else []
    if t.exit_reason_code:
        parts.append(
            _("Alasan terminasi: {reason}").format(reason=exit_names.get(t.exit_reason_code, t.exit_reason_code))
        )
    target = t.target_institution_name or t.target_text
    if target:
        parts.append(_("Tujuan rujukan: {target}").format(target=target))
    return " · ".join(parts)


class HistoryTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exit_names: dict[str, str] = {}
        self.model: RowsTableModel[cases.TransitionInfo] = RowsTableModel(
            [
                Column(_("Tanggal"), lambda t: format_date(t.occurred_on), sort_key=lambda t: (t.occurred_on, t.id)),
                Column(_("Dari"), lambda t: t.from_label or "—"),
                Column(_("Ke"), lambda t: t.to_label),
                Column(_("Oleh"), lambda t: t.username),
                Column(_("Alasan"), lambda t: why(t, self.exit_names), tooltip=lambda t: why(t, self.exit_names)),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (130, 170, 170, 110))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def set_view(self, view: CaseView) -> None:
        case = view.case
        if case.exit_reason_code:
            self.exit_names[case.exit_reason_code] = case.exit_reason_label
        self.model.set_rows(view.transitions)
