"""Pengaturan dokumen: one page, a tab per setting — signatories, number templates, fund sources and budget lines,
fares, relay network. Tabs load on first view; F5 reloads the one shown."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.return_settings.budget import BudgetTab
from kesos_desktop.ui.pages.return_settings.fares import fares_tab
from kesos_desktop.ui.pages.return_settings.numbers import NumbersTab
from kesos_desktop.ui.pages.return_settings.relay_network import RelayTab
from kesos_desktop.ui.pages.return_settings.signatories import signatories_tab


class ReturnSettingsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Pengaturan dokumen"),
            _("Penanda tangan, format nomor, sumber dana dan pagu, tarif, dan jaringan estafet pemulangan."),
        )
        self.signatories = signatories_tab(ctx)
        self.numbers = NumbersTab(ctx)
        self.budget = BudgetTab(ctx)
        self.fares = fares_tab(ctx)
        self.relay = RelayTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.signatories, _("Penanda tangan"))
        self.tabs.addTab(self.numbers, _("Format nomor"))
        self.tabs.addTab(self.budget, _("Sumber dana dan pagu"))
        self.tabs.addTab(self.fares, _("Tarif"))
        self.tabs.addTab(self.relay, _("Jaringan estafet"))
        self._loaded_tabs: set[int] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.body.addWidget(self.tabs, 1)
        self.signatories.loaded.connect(lambda *_args: self.loaded.emit())
        self._tab_shown(0)

    def tab(self, index: int) -> QWidget:
        return self.tabs.widget(index)

    def _tab_shown(self, index: int) -> None:
        if index in self._loaded_tabs:
            return
        self._loaded_tabs.add(index)
        self.tabs.widget(index).refresh()  # type: ignore[attr-defined]

    def refresh(self) -> None:
        self.tabs.currentWidget().refresh()  # type: ignore[attr-defined]
