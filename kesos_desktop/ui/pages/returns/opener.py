"""Entry points: ``open_return_wizard`` (a new plan, e.g. from the profile's button) and ``open_plan_window`` (one
window per plan, brought to the front when it is already open)."""

from __future__ import annotations

import uuid

import shiboken6
from PySide6.QtWidgets import QWidget

from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.returns.plan_window import PlanWindow
from kesos_desktop.ui.pages.returns.wizard import ReturnWizard

_windows: dict[uuid.UUID, PlanWindow] = {}


def open_return_wizard(
    ctx: AppContext, person_id: uuid.UUID | None = None, parent: QWidget | None = None, *, open_plan: bool = True
) -> ReturnWizard:
    """The plan wizard, for ``person_id`` when given (their stay and origin are filled in); after saving, the new
    plan's window opens unless ``open_plan`` is False. Listen to ``wizard.saved(PlanInfo)`` to refresh a list."""
    wizard = ReturnWizard(ctx, person_id=person_id, parent=parent)
    if open_plan:
        wizard.saved.connect(lambda info: open_plan_window(ctx, info.id, parent))
    wizard.open()
    return wizard


def open_plan_window(ctx: AppContext, plan_id: uuid.UUID, parent: QWidget | None = None) -> PlanWindow:
    window = _windows.get(plan_id)
    if window is not None and shiboken6.isValid(window):
        window.reload()
        window.show()
        window.raise_()
        window.activateWindow()
        return window
    window = PlanWindow(ctx, plan_id, parent)
    _windows[plan_id] = window
    window.destroyed.connect(lambda *_a: _windows.pop(plan_id, None))
    window.show()
    return window
