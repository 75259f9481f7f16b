"""Emitting Qt signals from Python without PySide6 6.12's lost reference, and a light hook for per-keystroke
notifications that need no Qt signal at all.

PySide6 6.12.0 hands back ``True`` from ``SignalInstance.emit()`` without taking a reference for it, so every
Python-side emit lowers the reference count of ``True`` by one; after some thousands the interpreter aborts
("bool_dealloc: deallocating True or False"). ``emit`` gives the reference back when the running PySide6 has the
fault (probed once at import), and does nothing extra on a fixed one.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _emit_loses_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    lost = sys.getrefcount(True) < before
    if lost:
        _incref(True)
    return lost


EMIT_LOSES_TRUE = _emit_loses_true()


def emit(signal: Any, *args: object) -> None:
    """``signal.emit(*args)``, repairing the reference PySide6 6.12 drops."""
    result = signal.emit(*args)
    if EMIT_LOSES_TRUE and result is True:
        _incref(True)


class Hook:
    """A Qt-free notification (``connect`` / ``fire``) for events as frequent as keystrokes."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., object]] = []

    def connect(self, callback: Callable[..., object]) -> None:
        self._callbacks.append(callback)

    def fire(self, *args: object) -> None:
        for callback in list(self._callbacks):
            callback(*args)
