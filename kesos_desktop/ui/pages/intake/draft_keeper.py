"""Saving a form's draft as the user types: debounced, on a worker with its own session, one save at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kesos_desktop.core.services import drafts
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.draft_autosave import DraftAutosave, DraftJob

SAVE_DELAY_MS = 2000


class DraftKeeper(DraftAutosave):
    """``schedule()`` after every change; the draft is written ~2 s after the last one (each save commits).

    ``collect()`` returns ``(payload, summary)`` at the moment of saving. ``saved(DraftInfo)`` and
    ``failed(str)`` report each attempt; ``status`` is a short text for the window ("Draf tersimpan 14.30").
    """

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        key: str,
        collect: Callable[[], tuple[dict[str, Any], str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(ctx, SAVE_DELAY_MS, parent)
        self.kind = kind
        self.key = key
        self._collect = collect

    def _save_job(self) -> DraftJob:
        payload, summary = self._collect()
        user, kind, key = self.ctx.actor.username, self.kind, self.key
        return lambda session: drafts.save_draft(session, user, kind, key, payload, summary)

    def discard(self, on_done: Callable[[], None] | None = None) -> None:
        """Stop and delete the draft on a worker (the user threw the form away)."""
        self.stop()
        user, kind, key = self.ctx.actor.username, self.kind, self.key
        self._write_when_idle(
            lambda session: drafts.discard_draft(session, user, kind, key),
            lambda _found: on_done() if on_done else None,
        )
