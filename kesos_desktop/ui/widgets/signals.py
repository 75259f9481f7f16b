"""``emit(signal, *args)``: emitting a Qt signal from Python without losing a reference to ``True`` on every call.

PySide6 6.12.0 (abi3 wheel) on Python 3.11 returns the ``True`` of ``SignalInstance.emit()`` without counting the
reference it hands over, so each emit takes one reference away from ``True``; after enough of them the interpreter
aborts ("Fatal Python error: bool_dealloc"), typically while shutting down. Python 3.12 made ``True`` immortal, and a
fixed PySide6 returns a counted reference: the probe below finds out once and only then puts the reference back.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _emit_loses_a_reference() -> bool:
    if sys.version_info >= (3, 12):
        return False
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    lost = sys.getrefcount(True) < before
    if lost:
        _incref(True)  # the probe's own emit
    return lost


EMIT_LOSES_REFERENCE = _emit_loses_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, repaying the reference a faulty PySide6 takes from the returned value."""
    result = signal.emit(*args)
    if EMIT_LOSES_REFERENCE:
        _incref(result)


def forward(signal: SignalInstance) -> Any:
    """A slot that re-emits ``signal`` (use instead of connecting ``other.emit`` directly)."""
    return lambda *args: emit(signal, *args)


def forward_plain(signal: SignalInstance) -> Any:
    """A slot that emits an argument-less ``signal`` whatever the source signal carries."""
    return lambda *_args: emit(signal)
