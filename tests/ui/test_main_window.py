"""Main window: pages by permission, shortcuts, remembered geometry, settings menu, About, crash dialog."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox

from kesos_desktop.core.config import Settings, load_settings, locations
from kesos_desktop.core.services import auth
from kesos_desktop.ui import crash
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.about import AboutDialog
from kesos_desktop.ui.dialogs.database import DatabaseLocationDialog, DatabaseRefusedDialog
from kesos_desktop.ui.main_window import MainWindow
from kesos_desktop.ui.ui_state import UI_STATE_FILE
from tests.factories import make_user
from tests.ui.helpers import find_top_level, screenshot, wait_idle


def test_pages_follow_permissions(qtbot, db, admin) -> None:  # type: ignore[no-untyped-def]
    make_user(db, admin, "auditor1", ["auditor"], password="auditor2026")
    with db.write() as s:
        auditor = auth.login(s, "auditor1", "auditor2026")
    window = MainWindow(AppContext(db, auditor, Settings()))
    qtbot.addWidget(window)
    # An auditor reads (residents, cases, placements, institutions, the audit log) but administers nothing.
    assert window.page_keys() == [
        "home",
        "residents",
        "cases",
        "placements",
        "institutions",
        "returns",
        "vouchers",
        "letters",
        "budget",
        "audit",
        "reference",
    ]
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels[0] == "Beranda" and labels[-2:] == ["Log Audit", "Data Referensi"]
    assert "Pengguna" not in labels and "Kantor" not in labels
    wait_idle(qtbot)


def test_pages_are_built_when_first_opened_and_shortcuts_work(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert set(window.pages) == {"home"}
    assert window.page_actions[2].shortcut() == QKeySequence("Ctrl+3")
    window.page_actions[2].trigger()
    assert window.current_page() is window.pages[window.page_keys()[2]]
    window.navigation.setCurrentRow(window.page_keys().index("audit"))
    assert window.current_page() is window.pages["audit"]
    assert window.find_action.isEnabled() and not window.new_action.isEnabled()
    window.navigation.setCurrentRow(window.page_keys().index("users"))
    assert window.new_action.isEnabled()
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert QKeySequence("F5") in window.refresh_action.shortcuts()
    with qtbot.waitSignal(window.pages["users"].loaded, timeout=10_000):
        window.refresh_action.trigger()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Berkas", "&Tampilan", "&Pengaturan", "B&antuan"]
    assert window.status_database.toolTip() == window.ctx.db.location
    assert window.status_user.text() == "Siti Rahmawati (Administrator)"
    assert not window.demo_badge.isVisible()
    wait_idle(qtbot)


def test_geometry_is_remembered_in_an_ini_file(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.open_page("reference")
    first.resize(780, 600)
    wait_idle(qtbot)
    saved = (first.width(), first.height())
    first.close()
    wait_idle(qtbot)
    ini = locations().config / UI_STATE_FILE
    assert ini.is_file() and "main_window" in ini.read_text(encoding="utf-8")
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == saved
    assert second.current_page() is second.pages["reference"]  # opens where the user left off
    wait_idle(qtbot)
    # Quitting ended the session in the audit log.
    from kesos_desktop.core.services import audit

    with ctx.db.read() as s:
        assert audit.list_events(s, ctx.actor, audit.AuditFilter(), limit=1)[0].action == "auth.logout"


def test_language_choice_is_saved_for_the_next_start(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.language_actions["en"].trigger()
    assert load_settings().language == "en"
    box = find_top_level(QMessageBox)
    assert "setelah program dibuka ulang" in box.text()
    box.close()


def test_database_location_is_checked_and_saved(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.database_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, DatabaseLocationDialog)
    assert dialog.default_radio.isChecked()
    dialog.server_radio.setChecked(True)
    qtbot.keyClicks(dialog.url_edit, "mysql://server/kesos")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "tidak didukung" in dialog.form.error_text("database_url")
    dialog.url_edit.clear()
    qtbot.keyClicks(dialog.url_edit, "postgresql://kesos@server-kantor/kesos")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert load_settings().database_url == "postgresql://kesos@server-kantor/kesos"
    box = find_top_level(QMessageBox)
    assert "setelah program dibuka ulang" in box.text()
    box.close()


def test_about_shows_versions_licences_and_database(window, qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    window.about_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, AboutDialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for expected in ("0.1.0", "Qt", "PySide6", "SQLAlchemy", "ReportLab", sys.version.split()[0]):
        assert expected in texts
    assert window.ctx.db.location in texts
    assert dialog.tabs.count() == 3
    assert "DejaVu" in dialog.tabs.widget(1).toPlainText()
    assert "wilayah" in dialog.tabs.widget(2).toPlainText().lower()
    screenshot(dialog, artifacts, "about.png")
    dialog.close()


def test_refusal_dialog_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.errors import DatabaseRefused

    dialog = DatabaseRefusedDialog(DatabaseRefused("Basis data X dibuat oleh versi yang lebih baru.", "newer"), "/d/x")
    qtbot.addWidget(dialog)
    assert dialog.text() == "Basis data X dibuat oleh versi yang lebih baru."
    assert "Lokasi: /d/x" in dialog.informativeText()
    with qtbot.waitSignal(dialog.chosen) as chosen:
        dialog.open()
        qtbot.mouseClick(dialog.settings_button, Qt.MouseButton.LeftButton)
    assert chosen.args == ["settings"]


def test_crash_dialog_says_where_the_log_is_and_copies_details(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    crash.set_log_file(tmp_path / "kesos-desktop.log")
    try:
        raise ValueError("uji kesalahan")
    except ValueError as exc:
        error = exc
    try:
        crash._excepthook(ValueError, error, error.__traceback__)
        dialog = find_top_level(crash.CrashDialog)
        assert dialog is not None
        where = dialog.findChild(QLabel, "crashLogPath")
        assert str(tmp_path / "kesos-desktop.log") in where.text()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert "ValueError: uji kesalahan" in QGuiApplication.clipboard().text()
        assert dialog.copy_button.text() == "Tersalin"
        dialog.close()
    finally:
        crash.set_log_file(None)


def test_errors_on_other_threads_reach_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    crash.install()
    try:

        def fail() -> None:
            raise RuntimeError("di utas lain")

        thread = threading.Thread(target=fail)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: find_top_level(crash.CrashDialog) is not None, timeout=5_000)
        assert "di utas lain" in find_top_level(crash.CrashDialog).details
        find_top_level(crash.CrashDialog).close()
    finally:
        crash.uninstall()
