"""Saving a draft as the user types: debounced, on a worker with its own session, one save at a time.

A subclass says what one save writes (``_save_job``); this class does the timing, the worker and the status text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_time
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DraftJob = Callable[["Session"], object]


class DraftAutosave(QObject):
    """``schedule()`` on every change; ``saved`` / ``failed(str)`` per attempt; ``status`` for the window.

    ``only_when_dirty``: ``save_now()`` does nothing when nothing changed since the last save (otherwise it writes
    the draft again all the same).
    """

    saved = Signal(object)
    failed = Signal(str)
    status_changed = Signal(str)

    def __init__(
        self, ctx: AppContext, delay_ms: int, parent: QObject | None = None, *, only_when_dirty: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._only_when_dirty = only_when_dirty
        self._in_flight = False
        self._dirty = False
        self._stopped = False
        self._when_idle: list[Callable[[], None]] = []
        self.saved_once = False
        self.status = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save_now)

    def _save_job(self) -> DraftJob:
        """Collect the draft now (on the GUI thread); the returned ``job(session)`` writes it on the worker."""
        raise NotImplementedError

    def schedule(self) -> None:
        if not self._stopped:
            self._dirty = True
            self.timer.start()

    def pending(self) -> bool:
        return self.timer.isActive() or self._in_flight

    def save_now(self) -> None:
        self.timer.stop()
        if self._stopped or (self._only_when_dirty and not self._dirty):
            return
        if self._in_flight:
            self._dirty = True  # saved again as soon as the running save ends
            return
        self._dirty = False
        self._in_flight = True
        job, db = self._save_job(), self.ctx.db

        def work(_progress: operations.Progress) -> object:
            with db.write() as session:
                return job(session)

        # No parent: the save finishes even when the window was closed (or torn down) meanwhile.
        operations.run(None, work, self._saved, on_failure=self._failed, show_progress=False)

    def _saved(self, info: object) -> None:
        if not shiboken6.isValid(self):
            return  # the window went away while the worker wrote (the draft is stored all the same)
        self._in_flight = False
        self.saved_once = True
        self._set_status(_("Draf tersimpan {time}").format(time=format_time(datetime.now())))
        self.saved.emit(info)
        self._next()

    def _failed(self, error: BaseException) -> bool:
        if not shiboken6.isValid(self):
            return True
        self._in_flight = False
        text = _("Draf belum tersimpan: {error}").format(error=error)
        self._set_status(text)
        self.failed.emit(text)
        self._next()
        return True  # a draft is a safety net: report it in the window, never with a dialog per keystroke

    def _next(self) -> None:
        if self._dirty and not self._stopped:
            self.save_now()
            return
        callbacks, self._when_idle = self._when_idle, []
        for callback in callbacks:
            callback()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once no save is running (at once when none is)."""
        if self._in_flight:
            self._when_idle.append(callback)
        else:
            callback()

    def _set_status(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)

    def stop(self) -> None:
        """No more saves (the form is being saved, or the draft thrown away)."""
        self._stopped = True
        self.timer.stop()

    def resume(self) -> None:
        """Saving failed or was cancelled: keep drafting, and save what is there now."""
        self._stopped = False
        self.schedule()

    def _write_when_idle(self, job: DraftJob, on_success: Callable[[object], None] | None = None) -> None:
        """``job(session)`` on a worker once no save is running (deleting the draft, say)."""
        db = self.ctx.db

        def work(_progress: operations.Progress) -> object:
            with db.write() as session:
                return job(session)

        def run() -> None:
            operations.run(None, work, on_success, show_progress=False)

        self.when_idle(run)
