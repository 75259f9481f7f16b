"""Akan kedaluwarsa: registrations, licences, accreditations and MoUs that expired or expire within 90 days."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services.institution_documents import ExpiringDocument
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.institutions.rows import WARN_DAYS, days_text
from kesos_desktop.ui.style import ERROR
from kesos_desktop.ui.widgets.tables import setup_table


def expiring_columns() -> list[Column[ExpiringDocument]]:
    def color(doc: ExpiringDocument) -> str | None:
        return ERROR if doc.is_expired else None

    return [
        Column(_("Lembaga"), lambda d: d.institution_name),
        Column(_("Dokumen"), lambda d: d.kind_label),
        Column(_("Nomor"), lambda d: d.number or "—"),
        Column(_("Berlaku sampai"), lambda d: format_date(d.expires_on), sort_key=lambda d: d.expires_on),
        Column(_("Keadaan"), days_text, sort_key=lambda d: d.days_left, color=color),
    ]


class ExpiringPanel(QWidget):
    """``open_institution(id)`` when the user opens a row (Enter or double-click) to renew the document."""

    open_institution = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowsTableModel[ExpiringDocument] = RowsTableModel(expiring_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (280, 220, 200, 140), sortable=True)
        self.table.activated.connect(self._activated)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def set_documents(self, documents: list[ExpiringDocument]) -> None:
        self.model.set_rows(documents)
        expired = sum(1 for d in documents if d.is_expired)
        soon = len(documents) - expired
        self.hint.setText(
            ngettext(
                "{expired} sudah kedaluwarsa, {soon} berakhir dalam {days} hari. Buka baris untuk memperbarui.",
                "{expired} sudah kedaluwarsa, {soon} berakhir dalam {days} hari. Buka baris untuk memperbarui.",
                expired,
            ).format(expired=expired, soon=soon, days=WARN_DAYS)
            if documents
            else _("Tidak ada dokumen lembaga yang kedaluwarsa atau berakhir dalam {days} hari.").format(days=WARN_DAYS)
        )

    def _activated(self, index) -> None:  # type: ignore[no-untyped-def]
        doc = self.model.row_at(index.row())
        if doc is not None:
            self.open_institution.emit(doc.institution_id)
