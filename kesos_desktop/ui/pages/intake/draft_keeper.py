"""Saving a form's draft as the user types: debounced, on a worker with its own session, one save at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_time
from kesos_desktop.core.services import drafts
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.signals import emit

SAVE_DELAY_MS = 2000


class DraftKeeper(QObject):
    """``schedule()`` after every change; the draft is written ~2 s after the last one (each save commits).

    ``collect()`` returns ``(payload, summary)`` at the moment of saving. ``saved(DraftInfo)`` and
    ``failed(str)`` report each attempt; ``status`` is a short text for the window ("Draf tersimpan 14.30").
    """

    saved = Signal(object)
    failed = Signal(str)
    status_changed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        key: str,
        collect: Callable[[], tuple[dict[str, Any], str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.key = key
        self._collect = collect
        self._in_flight = False
        self._dirty = False
        self._stopped = False
        self._idle_callbacks: list[Callable[[], None]] = []
        self.status = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)

    def schedule(self) -> None:
        if not self._stopped:
            self._dirty = True
            self.timer.start()

    def pending(self) -> bool:
        return self.timer.isActive() or self._in_flight

    def save_now(self) -> None:
        self.timer.stop()
        if self._stopped:
            return
        if self._in_flight:
            self._dirty = True  # saved again as soon as the running save ends
            return
        self._dirty = False
        self._in_flight = True
        payload, summary = self._collect()
        db, user, kind, key = self.ctx.db, self.ctx.actor.username, self.kind, self.key

        def work(_progress: operations.Progress) -> drafts.DraftInfo:
            with db.write() as session:
                return drafts.save_draft(session, user, kind, key, payload, summary)

        operations.run(None, work, self._saved, on_failure=self._failed, show_progress=False)

    def _saved(self, info: drafts.DraftInfo) -> None:
        if not shiboken6.isValid(self):
            return  # the window went away while the worker wrote (the draft is stored all the same)
        self._in_flight = False
        self._set_status(_("Draf tersimpan {time}").format(time=format_time(datetime.now())))
        emit(self.saved, info)
        self._next()

    def _failed(self, error: BaseException) -> bool:
        if not shiboken6.isValid(self):
            return True
        self._in_flight = False
        text = _("Draf belum tersimpan: {error}").format(error=error)
        self._set_status(text)
        emit(self.failed, text)
        self._next()
        return True  # a draft is a safety net: report it in the window, never with a dialog per keystroke

    def _next(self) -> None:
        if self._dirty and not self._stopped:
            self.save_now()
            return
        callbacks, self._idle_callbacks = self._idle_callbacks, []
        for callback in callbacks:
            callback()

    def _set_status(self, text: str) -> None:
        self.status = text
        emit(self.status_changed, text)

    def stop(self) -> None:
        """No more saves (the form is being saved or thrown away)."""
        self._stopped = True
        self.timer.stop()

    def resume(self) -> None:
        """Saving failed or was cancelled: keep drafting, and save what is there now."""
        self._stopped = False
        self.schedule()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once no save is running (at once when none is)."""
        if self._in_flight:
            self._idle_callbacks.append(callback)
        else:
            callback()

    def discard(self, on_done: Callable[[], None] | None = None) -> None:
        """Stop and delete the draft on a worker (the user threw the form away)."""
        self.stop()
        db, user, kind, key = self.ctx.db, self.ctx.actor.username, self.kind, self.key

        def work(_progress: operations.Progress) -> bool:
            with db.write() as session:
                return drafts.discard_draft(session, user, kind, key)

        def run() -> None:
            operations.run(None, work, lambda _found: on_done() if on_done else None, show_progress=False)

        self.when_idle(run)
