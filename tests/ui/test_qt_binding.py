"""The Qt binding itself must not leak or free references: a broken PySide6 build aborts the program mid-day."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    plain = Signal()
    carrying = Signal(object)


def test_signal_emit_and_void_calls_keep_reference_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received = [0]

    def count(*_args: object) -> None:
        received[0] += 1

    emitter.plain.connect(count)
    emitter.carrying.connect(count)
    label = QLabel()
    qtbot.addWidget(label)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(200):
        emitter.plain.emit()
        emitter.carrying.emit(i)
        label.setText(str(i))
    # A little slack for unrelated allocations; PySide6 6.12.0 lost one reference per call (hundreds here).
    assert abs(sys.getrefcount(True) - true_before) < 20
    assert abs(sys.getrefcount(None) - none_before) < 50
    assert received[0] == 400
