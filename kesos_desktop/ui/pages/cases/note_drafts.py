"""A progress note's draft saved ~1.5 s after the last keystroke, on a worker, one save at a time."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject

from kesos_desktop.core.services import notes
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.draft_autosave import DraftAutosave, DraftJob

SAVE_DELAY_MS = 1500


class NoteDraftSaver(DraftAutosave):
    """``schedule()`` on every change; ``saved`` / ``failed(str)`` per attempt; ``status`` for the editor."""

    def __init__(
        self,
        ctx: AppContext,
        person_id: uuid.UUID,
        collect: Callable[[], notes.NoteInput],
        note_id: uuid.UUID | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(ctx, SAVE_DELAY_MS, parent, only_when_dirty=True)
        self.person_id = person_id
        self.note_id = note_id
        self._collect = collect

    def _save_job(self) -> DraftJob:
        data = self._collect()
        actor, person_id, note_id = self.ctx.actor, self.person_id, self.note_id
        return lambda session: notes.save_note_draft(session, actor, person_id, data, note_id=note_id)

    def discard(self, *, keep_saving: bool = False) -> None:
        """Delete the draft (on a worker, after a running save); with ``keep_saving`` new text is drafted again."""
        self.timer.stop()
        self._dirty = False
        self._stopped = not keep_saving
        actor, person_id, note_id = self.ctx.actor, self.person_id, self.note_id
        self._write_when_idle(lambda session: notes.discard_note_draft(session, actor, person_id, note_id=note_id))
