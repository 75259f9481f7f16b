"""The entry point and the parts of the start that need no window: arguments, early checks, demo and sign-in paths."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kesos_desktop import __version__
from kesos_desktop.app import main, parse_args, prepare, setup_logging
from kesos_desktop.core.config import Settings, locations
from kesos_desktop.core.db.urls import resolve_url
from kesos_desktop.ui.startup import StartupFlow, StartupOptions
from tests.factories import make_user, setup_office
from tests.ui.helpers import screenshot, wait_idle


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Startup errors print to stderr and would also open a blocking message box; tests read stderr.
    monkeypatch.setenv("KESOS_NO_DIALOGS", "1")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"Kesos Desktop {__version__}"


def test_bad_option_is_reported_by_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "fr"]) == 2
    assert "--lang" in capsys.readouterr().err


def test_damaged_settings_file_stops_the_start_naming_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    settings = locations().settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("{ rusak", encoding="utf-8")
    assert main([]) == 1
    assert str(settings) in capsys.readouterr().err


def test_unsupported_database_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "mysql://server/kesos"]) == 1
    assert "tidak didukung" in capsys.readouterr().err


def test_language_from_the_command_line_wins_over_settings() -> None:
    from kesos_desktop.core import i18n
    from kesos_desktop.core.config import save_settings

    save_settings(Settings(language="en"))
    args, qt_args = parse_args(["--lang", "id", "--demo", "-platform", "offscreen"])
    assert qt_args == ["-platform", "offscreen"]
    options = prepare(args)
    assert i18n.current_language() == "id"
    assert options.demo and options.url.database == str(locations().demo_database)
    args, _ = parse_args([])
    prepare(args)
    assert i18n.current_language() == "en"
    i18n.install("id")


def test_rotating_log_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path / "logs")
    try:
        logging.getLogger("kesos_desktop.test").warning("catatan uji")
        for handler in root.handlers:
            handler.flush()
        assert "catatan uji" in path.read_text(encoding="utf-8")
        assert any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()


def test_demo_mode_creates_data_and_shows_the_demo_login(qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    flow = StartupFlow(StartupOptions(resolve_url(None, demo=True), Settings(), demo=True))
    flow.start()
    qtbot.waitUntil(lambda: flow.stage in ("login", "finished") or flow.dialog is not None, timeout=120_000)
    assert flow.stage == "login"
    login = flow.dialog
    assert login.demo_hint.isVisible()
    assert "Mode demo — pengguna: demo, kata sandi: " in login.demo_hint.text()
    assert login.username.text() == "demo"
    password = login.demo_hint.text().rsplit(": ", 1)[1]
    qtbot.keyClicks(login.password, password)
    qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.stage == "main", timeout=20_000)
    window = flow.main_window
    window.resize(1280, 800)
    qtbot.waitExposed(window)
    wait_idle(qtbot)
    assert "DEMO" in window.windowTitle()
    assert window.demo_badge.isVisible()
    home = window.pages["home"]
    assert home.loads.rowCount() > 0
    assert home.cards["persons_total"].value.text() != "0"
    screenshot(window, artifacts, "main_window_demo.png")
    window.close()
    qtbot.waitUntil(lambda: flow.exit_code == 0)


def test_temporary_password_must_be_changed_before_the_main_window(qtbot, db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services import auth

    setup_office(db)
    with db.write() as s:
        admin = auth.login(s, "admin", "rahasia123")
    make_user(db, admin, "yanti", ["pekerja_sosial"], password="sementara1", must_change_password=True)
    db.dispose()
    flow = StartupFlow(StartupOptions(resolve_url(str(db_path)), Settings()))
    flow.start()
    qtbot.waitUntil(lambda: flow.stage == "login", timeout=30_000)
    qtbot.keyClicks(flow.dialog.username, "yanti")
    qtbot.keyClicks(flow.dialog.password, "sementara1")
    qtbot.mouseClick(flow.dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.stage == "change_password", timeout=20_000)
    change = flow.dialog
    qtbot.keyClicks(change.old_password, "sementara1")
    qtbot.keyClicks(change.new_password, "pendek")
    qtbot.keyClicks(change.repeat_password, "pendek")
    change.submit()
    wait_idle(qtbot)
    assert "minimal" in change.form.error_text("new_password")
    change.new_password.clear()
    change.repeat_password.clear()
    qtbot.keyClicks(change.new_password, "sandibaru2026")
    qtbot.keyClicks(change.repeat_password, "sandibaru2026")
    change.submit()
    qtbot.waitUntil(lambda: flow.stage == "main", timeout=20_000)
    # A social worker sees the pages her role allows, no administration.
    keys = flow.main_window.page_keys()
    assert {"home", "residents", "cases", "activities", "reference"} <= set(keys)
    assert not {"users", "audit", "office", "partner"} & set(keys)
    flow.main_window.close()
