"""Batalkan nomor surat: the reason is required; the number stays used and the stored document is kept, marked void
(a voided kwitansi leaves the budget)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import letters_register
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.reason_dialog import ReasonDialog


class VoidLetterDialog(ReasonDialog):
    """Void a register line (``entry_id``) or an issued document (``document_id``); ``voided(RegisterEntry)``."""

    def __init__(
        self,
        ctx: AppContext,
        what: str,
        *,
        entry_id: uuid.UUID | None = None,
        document_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        actor = ctx.actor

        def work(session, reason: str):  # type: ignore[no-untyped-def]
            if entry_id is not None:
                return letters_register.void_entry(session, actor, entry_id, reason)
            assert document_id is not None
            return letters_register.void_document(session, actor, document_id, reason)

        super().__init__(
            ctx,
            title=_("Batalkan nomor surat"),
            intro=_(
                "<b>{what}</b> akan dibatalkan. Nomornya tetap tercatat dan tidak diberikan lagi; dokumennya tetap "
                "tersimpan dengan tanda batal."
            ).format(what=what),
            action=_("&Batalkan nomor"),
            busy_label=_("Membatalkan…"),
            work=work,
            parent=parent,
        )
        self.entry_id = entry_id
        self.document_id = document_id
