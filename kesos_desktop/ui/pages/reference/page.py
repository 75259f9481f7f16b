"""Data Referensi: read-only tables of PPKS categories, exit reasons, referral sources, institution types, regions."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QTabWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.reference.categories import cluster_label, group_label
from kesos_desktop.core.services import reference
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.reference.regions import RegionBrowser
from kesos_desktop.ui.style import MUTED
from kesos_desktop.ui.widgets.tables import setup_table


def age_range(row: reference.CategoryRow) -> str:
    if row.min_age is None and row.max_age is None:
        return "—"
    if row.min_age is None:
        return _("s.d. {max} th").format(max=row.max_age)
    if row.max_age is None:
        return _("{min} th ke atas").format(min=row.min_age)
    return _("{min}–{max} th").format(min=row.min_age, max=row.max_age)


def _active(row: reference.CategoryRow | reference.CodeRow) -> str:
    return _("Aktif") if row.is_active else _("Tidak aktif")


def _inactive_color(row: reference.CategoryRow | reference.CodeRow) -> str | None:
    return None if row.is_active else MUTED


def _table(model: RowsTableModel) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    return setup_table(view, sortable=True)


class ReferencePage(Page):
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Data Referensi"),
            _("Kategori, alasan keluar, sumber rujukan, jenis lembaga dan wilayah yang dipakai di seluruh program."),
        )
        self.categories: RowsTableModel[reference.CategoryRow] = RowsTableModel(
            [
                Column(_("Kode"), lambda r: r.code),
                Column(_("Nama"), lambda r: r.name),
                Column(_("Kelompok"), lambda r: group_label(r.group)),
                Column(_("Klaster"), lambda r: cluster_label(r.cluster)),
                Column(_("Usia"), age_range, sort_key=lambda r: (r.min_age or 0, r.max_age or 999)),
                Column(_("Dasar hukum"), lambda r: r.source_regulation, tooltip=lambda r: r.source_regulation),
                Column(_("Status"), _active, color=_inactive_color),
            ],
            parent=self,
        )
        self.exit_reasons = self._code_model(_("Dasar hukum"))
        self.referral_sources = self._code_model(None)
        self.institution_types = self._code_model(_("Lama tinggal bawaan (hari)"))
        self.tabs = QTabWidget()
        self.tables: list[QTableView] = []
        for model, title in (
            (self.categories, _("&Kategori PPKS")),
            (self.exit_reasons, _("&Alasan keluar")),
            (self.referral_sources, _("Sumber &rujukan")),
            (self.institution_types, _("&Jenis lembaga")),
        ):
            view = _table(model)
            self.tables.append(view)
            self.tabs.addTab(view, title)
        self.regions = RegionBrowser()
        self.tabs.addTab(self.regions, _("&Wilayah"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.body.addWidget(self.tabs, 1)
        self.refresh()

    def _code_model(self, detail_title: str | None) -> RowsTableModel[reference.CodeRow]:
        columns: list[Column[reference.CodeRow]] = [
            Column(_("Kode"), lambda r: r.code),
            Column(_("Nama"), lambda r: r.name),
        ]
        if detail_title:
            columns.append(Column(detail_title, lambda r: r.detail, tooltip=lambda r: r.detail))
        columns.append(Column(_("Status"), _active, color=_inactive_color))
        return RowsTableModel(columns, parent=self)

    def refresh(self) -> None:
        def load(session):  # type: ignore[no-untyped-def]
            return (
                reference.list_categories(session),
                reference.list_exit_reasons(session),
                reference.list_referral_sources(session),
                reference.list_institution_types(session),
            )

        operations.read(self, self.ctx.db, load, self._loaded)

    def _loaded(self, result: tuple[list, list, list, list]) -> None:  # type: ignore[type-arg]
        categories, exits, sources, types = result
        self.categories.set_rows(categories)
        self.exit_reasons.set_rows(exits)
        self.referral_sources.set_rows(sources)
        self.institution_types.set_rows(types)
        for view in self.tables:
            view.resizeColumnsToContents()
            # Long regulation names would push the table wide; the tooltip holds the full text.
            for column in range(view.model().columnCount()):
                view.setColumnWidth(column, min(view.columnWidth(column) + 12, 240))
        self.loaded.emit()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.regions and not self.regions.loaded:
            self.regions.load()

    def focus_find(self) -> None:
        self.tabs.setCurrentWidget(self.regions)
        self.regions.search.setFocus()
