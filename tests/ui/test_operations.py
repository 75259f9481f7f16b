"""ui/operations.py: work leaves the GUI thread, progress shows only when it takes a while, cancel, one error path."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QProgressDialog, QPushButton, QWidget

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.progress import Cancelled
from kesos_desktop.ui import crash, operations
from kesos_desktop.ui.widgets.forms import FormErrors
from tests.ui.helpers import find_top_level


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_work_runs_on_a_worker_and_the_result_arrives_on_the_gui_thread(qtbot, parent) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def work(_progress: operations.Progress) -> int:
        seen["worker"] = QThread.currentThread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = QThread.currentThread()

    with qtbot.waitSignal(operations.run(parent, work, done).finished, timeout=5_000):
        pass
    assert seen["value"] == 42
    assert seen["worker"] is not parent.thread()
    assert seen["callback"] is parent.thread()
    assert operations.running_operations() == 0


def test_database_sessions_are_opened_on_the_worker(qtbot, parent, db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    threads: list[str] = []

    def query(session) -> int:  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return session.execute(text("select 1")).scalar_one()

    op = operations.read(parent, db, query)
    qtbot.waitUntil(lambda: not op.running, timeout=5_000)
    assert op.result == 1
    assert threads and threads[0] != threading.main_thread().name


def test_progress_dialog_appears_after_a_delay_and_cancel_stops_the_work(qtbot, parent) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    failures: list[BaseException] = []

    def slow(progress: operations.Progress) -> None:
        progress.set_total(10)
        progress.advance(3, "Langkah tiga")
        # Stands in for a long loop that checks for Cancel between steps.
        while not release.wait(0.01):
            progress.check()

    op = operations.run(parent, slow, label="Menghitung…", cancellable=True, on_failure=failures.append)
    assert op.dialog is None  # nothing flashes for quick work
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: op.dialog.value() == 3, timeout=5_000)
    assert op.dialog.maximum() == 10
    assert op.dialog.labelText() == "Langkah tiga"
    cancel = next(b for b in op.dialog.findChildren(QPushButton) if b.text() == "Batal")
    with qtbot.waitSignal(op.finished, timeout=5_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert isinstance(failures[0], Cancelled)
    assert op.dialog is None
    assert find_top_level(QProgressDialog) is None
    assert find_top_level(QMessageBox) is None  # a cancel is not an error
    release.set()


def test_validation_errors_go_to_the_form_fields(qtbot, parent) -> None:  # type: ignore[no-untyped-def]
    edit = QLineEdit("ketikan saya")
    banner = QLabel()
    form = FormErrors(parent, banner)
    holder = form.field("name", edit)
    holder.setParent(parent)

    def refuse(_progress: operations.Progress) -> None:
        raise ValidationError("Periksa isian yang ditandai.", {"name": "Nama wajib diisi.", "other": "Lainnya."})

    with qtbot.waitSignal(operations.run(parent, refuse, form=form).finished, timeout=5_000):
        pass
    assert form.error_text("name") == "Nama wajib diisi."
    assert edit.property("invalid") is True
    assert edit.text() == "ketikan saya"
    assert "Lainnya." in banner.text()  # a field the form does not have goes to the banner
    edit.setFocus()
    qtbot.keyClicks(edit, "!")
    assert form.error_text("name") == ""
    assert edit.property("invalid") is False


def test_typed_errors_become_a_message_and_others_the_crash_dialog(qtbot, parent, tmp_path) -> None:  # type: ignore[no-untyped-def]
    def conflict(_progress: operations.Progress) -> None:
        raise Conflict("Data telah diubah oleh pengguna lain.")

    with qtbot.waitSignal(operations.run(parent, conflict).finished, timeout=5_000):
        pass
    box = find_top_level(QMessageBox) or next(w for w in parent.findChildren(QMessageBox) if w.isVisible())
    assert box.windowTitle() == "Data telah berubah"
    assert box.text() == "Data telah diubah oleh pengguna lain."
    box.close()

    crash.set_log_file(tmp_path / "kesos-desktop.log")

    def broken(_progress: operations.Progress) -> None:
        raise RuntimeError("tak terduga")

    with qtbot.waitSignal(operations.run(parent, broken).finished, timeout=5_000):
        pass
    dialog = find_top_level(crash.CrashDialog)
    assert dialog is not None
    assert "RuntimeError" in dialog.details and "tak terduga" in dialog.details
    crash.set_log_file(None)
    dialog.close()


def test_callbacks_are_skipped_when_the_widget_is_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    release = threading.Event()
    called: list[object] = []
    op = operations.run(widget, lambda _p: release.wait(5), called.append, show_progress=False)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(widget), timeout=5_000)
    with qtbot.waitSignal(op.finished, timeout=5_000):
        release.set()
    assert called == []
