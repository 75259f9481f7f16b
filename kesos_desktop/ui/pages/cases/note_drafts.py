"""A progress note's draft saved ~1.5 s after the last keystroke, on a worker, one save at a time."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_time
from kesos_desktop.core.services import notes
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.signals import emit

SAVE_DELAY_MS = 1500


class NoteDraftSaver(QObject):
    """``schedule()`` on every change; ``saved`` / ``failed(str)`` per attempt; ``status`` for the editor."""

    saved = Signal(object)
    failed = Signal(str)
    status_changed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        person_id: uuid.UUID,
        collect: Callable[[], notes.NoteInput],
        note_id: uuid.UUID | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.note_id = note_id
        self._collect = collect
        self._in_flight = False
        self._dirty = False
        self._stopped = False
        self._when_idle: list[Callable[[], None]] = []
        self.saved_once = False
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
        if self._stopped or not self._dirty:
            return
        if self._in_flight:
            return  # saved again when the running save ends (still dirty)
        self._dirty = False
        self._in_flight = True
        data = self._collect()
        db, actor, person_id, note_id = self.ctx.db, self.ctx.actor, self.person_id, self.note_id

        def work(_progress: operations.Progress) -> object:
            with db.write() as session:
                return notes.save_note_draft(session, actor, person_id, data, note_id=note_id)

        # No parent: the save finishes even when the editor was closed (or torn down) meanwhile.
        operations.run(None, work, self._saved, on_failure=self._failed, show_progress=False)

    def _saved(self, info: object) -> None:
        if not shiboken6.isValid(self):
            return  # the editor is gone (closed or torn down); the draft is stored all the same
        self._in_flight = False
        self.saved_once = True
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
        return True

    def _next(self) -> None:
        if self._dirty and not self._stopped:
            self.save_now()
            return
        callbacks, self._when_idle = self._when_idle, []
        for callback in callbacks:
            callback()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """``callback`` once no save is running (at once when none is)."""
        if self._in_flight:
            self._when_idle.append(callback)
        else:
            callback()

    def _set_status(self, text: str) -> None:
        self.status = text
        emit(self.status_changed, text)

    def stop(self) -> None:
        """No more saves (the note is being saved, or the draft thrown away)."""
        self._stopped = True
        self.timer.stop()

    def resume(self) -> None:
        self._stopped = False
        self.schedule()

    def discard(self, *, keep_saving: bool = False) -> None:
        """Delete the draft (on a worker, after a running save); with ``keep_saving`` new text is drafted again."""
        self.timer.stop()
        self._dirty = False
        self._stopped = not keep_saving
        db, actor, person_id, note_id = self.ctx.db, self.ctx.actor, self.person_id, self.note_id

        def work(_progress: operations.Progress) -> bool:
            with db.write() as session:
                return notes.discard_note_draft(session, actor, person_id, note_id=note_id)

        self.when_idle(lambda: operations.run(None, work, show_progress=False))
