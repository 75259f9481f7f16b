"""Entry points: ``open_case_window`` (one window per case) and ``open_case_for_person``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import shiboken6
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import cases, stays_views
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.lookups import person_brief
from kesos_desktop.ui.pages.cases.window import CaseWindow

# One window per user and case (a second user on the same PC gets their own).
_windows: dict[tuple[str, uuid.UUID], CaseWindow] = {}


def open_case_window(ctx: AppContext, case_id: uuid.UUID, parent: QWidget | None = None) -> CaseWindow:
    """Show the case (the window already open for it comes to the front and reloads)."""
    key = (ctx.actor.username, case_id)
    window = _windows.get(key)
    if window is not None and shiboken6.isValid(window):
        window.reload()
        window.show()
        window.raise_()
        window.activateWindow()
        return window
    window = CaseWindow(ctx, case_id, parent)
    _windows[key] = window
    window.destroyed.connect(lambda *_a: _windows.pop(key, None))
    window.show()
    return window


@dataclass(frozen=True)
class PersonCases:
    cases: tuple[cases.CaseInfo, ...]
    stay_id: uuid.UUID | None
    institution_name: str
    person_name: str


def person_cases(session: Session, actor: Actor, person_id: uuid.UUID) -> PersonCases:
    found = tuple(cases.cases_for_person(session, actor, person_id))
    stay = stays_views.current_stay(session, actor, person_id)
    name = person_brief(session, actor, person_id).name
    return PersonCases(found, stay.id if stay else None, stay.institution_name if stay else "", name)


def open_case_for_person(ctx: AppContext, person_id: uuid.UUID, parent: QWidget | None = None) -> None:
    """The person's open case; else, when they are in care, offer to open a case for the stay (``open_case``);
    else their latest case; else say why there is none."""
    actor = ctx.actor

    def found(result: PersonCases) -> None:
        open_ones = [c for c in result.cases if not c.is_closed]
        if open_ones:
            open_case_window(ctx, open_ones[0].id, parent)
            return
        has_stay_case = any(c.stay_id == result.stay_id for c in result.cases)
        if result.stay_id is not None and not has_stay_case:
            if actor.can("cases.manage"):
                _offer(ctx, result, parent)
                return
            operations.message_box(
                parent,
                QMessageBox.Icon.Information,
                _("Belum ada kasus"),
                _("{name} belum mempunyai kasus rehabilitasi. Pekerja sosial dapat membukanya.").format(
                    name=result.person_name
                ),
            )
            return
        if result.cases:
            open_case_window(ctx, result.cases[0].id, parent)
            return
        operations.message_box(
            parent,
            QMessageBox.Icon.Information,
            _("Belum ada kasus"),
            _("{name} tidak sedang tinggal di lembaga; kasus dibuka untuk masa tinggal yang sedang berjalan.").format(
                name=result.person_name
            ),
        )

    operations.read(parent, ctx.db, lambda s: person_cases(s, actor, person_id), found)


def _offer(ctx: AppContext, result: PersonCases, parent: QWidget | None) -> None:
    actor, stay_id = ctx.actor, result.stay_id
    assert stay_id is not None
    # The one who opens the case is its worker when they do casework themselves.
    worker = actor.user_id if actor.can("assessments.complete") else None

    def open_new() -> None:
        operations.write(
            parent,
            ctx.db,
            lambda s: cases.open_case(s, actor, stay_id, worker_id=worker),
            lambda info: open_case_window(ctx, info.id, parent),
        )

    operations.ask(
        parent,
        _("Buka kasus"),
        _(
            "{name} tinggal di {place} tetapi belum mempunyai kasus rehabilitasi. Buka kasus sekarang di tahap {stage}?"
        ).format(name=result.person_name, place=result.institution_name, stage=cases.initial_stage().label()),
        _("&Buka kasus"),
        open_new,
    )
