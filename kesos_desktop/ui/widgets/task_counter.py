"""The status-bar task count ("5 tugas"): counted on a worker, refreshed every few minutes and whenever a page says
tasks changed (``tasks_changed()``); ``clicked`` asks the window to open Tugas saya."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QToolButton, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services import tasks
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext

log = logging.getLogger(__name__)
REFRESH_MS = 5 * 60 * 1000


class TaskEvents(QObject):
    """One per program: pages that close or create tasks say so here; every counter recounts."""

    changed = Signal()


_events: TaskEvents | None = None


def task_events() -> TaskEvents:
    global _events
    if _events is None:
        _events = TaskEvents()
    return _events


def tasks_changed() -> None:
    """Call after a task was done, dismissed, or work that makes or ends a reminder was saved."""
    task_events().changed.emit()


class TaskCounter(QToolButton):
    """Hidden for a role without ``tasks.view``; ``counted(n)`` after each count arrived."""

    counted = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.count: int | None = None
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setToolTip(_("Buka Tugas saya"))
        self.setVisible(ctx.actor.can("tasks.view"))
        self.setText(_("Tugas: …"))
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        task_events().changed.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        if not self.ctx.actor.can("tasks.view"):
            return
        actor = self.ctx.actor
        operations.read(
            self,
            self.ctx.db,
            lambda s: tasks.count_my_tasks(s, actor),
            self._counted,
            on_failure=self._failed,
            show_progress=False,
        )

    def _counted(self, n: int) -> None:
        self.count = n
        self.setText(ngettext("{n} tugas", "{n} tugas", n).format(n=format_number(n)) if n else _("Tidak ada tugas"))
        font = QFont(self.font())
        font.setBold(n > 0)
        self.setFont(font)
        self.setToolTip(
            ngettext("{n} tugas menunggu — buka Tugas saya", "{n} tugas menunggu — buka Tugas saya", n).format(
                n=format_number(n)
            )
        )
        self.counted.emit(n)

    def _failed(self, error: BaseException) -> bool:
        # A status-bar count never interrupts the user; the next refresh tries again.
        log.warning("Task count failed: %s", error)
        self.setText(_("Tugas: ?"))
        return True
