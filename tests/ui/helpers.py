"""Helpers for UI tests: wait for workers, save screenshots, find the dialog the user sees."""

from __future__ import annotations

from pathlib import Path


def wait_idle(qtbot, timeout: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until no operation is running (every worker reported back to the GUI thread)."""
    from kesos_desktop.ui import operations

    qtbot.waitUntil(lambda: operations.running_operations() == 0, timeout=timeout)


def screenshot(widget, artifacts: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    path = artifacts / name
    assert widget.grab().save(str(path)), path
    return path


def find_top_level(kind: type, predicate=lambda w: True):  # type: ignore[no-untyped-def]
    """The visible top-level widget of ``kind`` that the user sees now (message boxes, dialogs)."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible() and predicate(widget):
            return widget
    return None
