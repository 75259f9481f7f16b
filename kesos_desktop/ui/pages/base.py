"""What every main-window page offers the window: a title, refresh (F5), and optional new/find/save commands."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.page_header import PageHeader


class Page(QWidget):
    """Base of the pages; ``loaded`` fires each time the page's data arrived from the worker."""

    loaded = Signal()
    # Which window commands the page answers; the window enables Ctrl+N / Ctrl+F / Ctrl+S accordingly.
    can_create = False
    can_find = False
    can_save = False

    def __init__(self, ctx: AppContext, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.header = PageHeader(title, subtitle)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 18, 24, 12)
        self.body.setSpacing(10)
        self.body.addWidget(self.header)

    def refresh(self) -> None:
        """Load the page's data again (F5)."""

    def create_new(self) -> None:
        """Ctrl+N."""

    def focus_find(self) -> None:
        """Ctrl+F."""

    def save(self) -> None:
        """Ctrl+S."""
