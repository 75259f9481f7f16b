"""The start of the program as a person meets it: first-run wizard, sign-in, main window; a refused database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from kesos_desktop.core.config import Settings
from kesos_desktop.core.db.urls import resolve_url
from kesos_desktop.ui.startup import EXIT_OK, EXIT_REFUSED, StartupFlow, StartupOptions
from tests.ui.helpers import screenshot, wait_idle

PASSWORD = "Sandi2026aman"


def start(qtbot, path: Path, **options) -> StartupFlow:  # type: ignore[no-untyped-def]
    flow = StartupFlow(StartupOptions(resolve_url(str(path)), Settings(), **options))
    flow.start()
    return flow


def next_tab_stop(widget):  # type: ignore[no-untyped-def]
    """The widget Tab moves to from ``widget``: the next visible widget in the focus chain that accepts Tab."""
    candidate = widget.nextInFocusChain()
    while candidate is not widget:
        if candidate.isVisible() and candidate.isEnabled() and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return candidate
        candidate = candidate.nextInFocusChain()
    return widget


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_run_wizard_login_and_main_window(qtbot, tmp_path: Path, artifacts: Path, qt_translator) -> None:  # type: ignore[no-untyped-def]
    flow = start(qtbot, tmp_path / "kantor-baru.sqlite")
    qtbot.waitUntil(lambda: flow.stage == "wizard", timeout=30_000)
    wizard = flow.dialog
    assert isinstance(wizard, QWizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # Page 1: the office. Next with no region chosen shows the message at the region field.
    office = wizard.office_page
    fields = [office.name, office.unit, office.code, office.region, office.place]
    assert [next_tab_stop(w) for w in fields[:-1]] == fields[1:]  # Tab goes down the form
    qtbot.keyClicks(office.name, "Dinas Sosial Provinsi Jawa Barat")
    qtbot.keyClicks(office.unit, "Bidang Rehabilitasi Sosial")
    qtbot.keyClicks(office.code, "Dinsos")
    click(qtbot, next_button)
    assert wizard.currentId() == 0
    assert "Pilih wilayah" in office.errors.error_text("region_code")
    assert office.region.property("invalid") is True

    office.region.setFocus()
    qtbot.keyClicks(office.region, "jawa bar")
    office.region.search_now()
    assert "32" in office.region.hits()
    # Typing clears the error; picking from the list sets the code and shows the parent path.
    assert office.errors.error_text("region_code") == ""
    office.region.pick("32")
    assert office.region.code() == "32"
    qtbot.keyClicks(office.place, "Bandung")
    screenshot(wizard, artifacts, "wizard_office.png")
    click(qtbot, next_button)
    assert wizard.currentId() == 1

    # Page 2: kop surat pre-filled from the region; a bad e-mail goes through to the service.
    letterhead = wizard.letterhead_page
    assert letterhead.letterhead_lines() == ["PEMERINTAH PROVINSI JAWA BARAT", "DINAS SOSIAL"]
    qtbot.keyClicks(letterhead.address, "Jl. Soekarno-Hatta No. 1, Bandung")
    qtbot.keyClicks(letterhead.email, "dinsos-jabar")
    screenshot(wizard, artifacts, "wizard_letterhead.png")
    click(qtbot, next_button)

    # Page 3: the first administrator; the repeated password must match.
    admin = wizard.admin_page
    qtbot.keyClicks(admin.full_name, "Siti Rahmawati")
    qtbot.keyClicks(admin.username, "siti")
    qtbot.keyClicks(admin.password, PASSWORD)
    qtbot.keyClicks(admin.repeat, PASSWORD + "x")
    click(qtbot, next_button)
    assert wizard.currentId() == 2
    assert "tidak sama" in admin.errors.error_text("admin_repeat")
    admin.repeat.clear()
    qtbot.keyClicks(admin.repeat, PASSWORD)
    click(qtbot, next_button)
    assert wizard.currentId() == 3
    assert "Jawa Barat" in wizard.summary_page.text.text()

    # Finish: the service refuses the e-mail; the wizard goes back to that page and shows it at the field.
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: wizard.currentId() == 1, timeout=20_000)
    assert letterhead.errors.error_text("email")
    assert letterhead.address.text() == "Jl. Soekarno-Hatta No. 1, Bandung"  # nothing typed is lost
    letterhead.email.clear()
    qtbot.keyClicks(letterhead.email, "dinsos@jabarprov.go.id")
    assert letterhead.errors.error_text("email") == ""
    click(qtbot, next_button)
    click(qtbot, next_button)
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: flow.stage == "login", timeout=20_000)

    # Sign in: a wrong password first, then the right one.
    login = flow.dialog
    assert "Dinas Sosial Provinsi Jawa Barat" in login.office_label.text()
    assert login.username.text() == "siti"
    qtbot.keyClicks(login.password, "salah")
    click(qtbot, login.sign_in_button)
    qtbot.waitUntil(lambda: login.error.isVisible(), timeout=20_000)
    assert login.error.text() == "Nama pengguna atau kata sandi salah."
    assert login.password.text() == ""
    screenshot(login, artifacts, "login.png")
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.stage == "main", timeout=20_000)

    window = flow.main_window
    assert window is not None
    window.resize(1280, 800)
    qtbot.waitExposed(window)
    wait_idle(qtbot)
    assert "Dinas Sosial Provinsi Jawa Barat" in window.windowTitle()
    assert window.page_keys()[:2] == ["home", "residents"]
    assert window.page_keys()[-4:] == ["users", "audit", "reference", "office"]
    assert "Siti Rahmawati" in window.status_user.text()
    screenshot(window, artifacts, "main_window.png")

    with qtbot.waitSignal(flow.finished, timeout=20_000) as finished:
        window.close()
    assert finished.args == [EXIT_OK]


def test_a_text_file_as_database_is_refused_and_left_alone(qtbot, tmp_path: Path, artifacts: Path) -> None:
    notes = tmp_path / "catatan.txt"
    notes.write_text("ini bukan basis data\n", encoding="utf-8")
    flow = start(qtbot, notes)
    qtbot.waitUntil(lambda: flow.stage == "refused", timeout=20_000)
    dialog = flow.dialog
    assert "bukan basis data Kesos" in dialog.text()
    assert str(notes) in dialog.informativeText()
    assert {dialog.choose_button.text(), dialog.settings_button.text(), dialog.quit_button.text()} == {
        "Pilih berkas &lain…",
        "&Pengaturan basis data…",
        "&Keluar",
    }
    screenshot(dialog, artifacts, "database_refused.png")
    with qtbot.waitSignal(flow.finished, timeout=10_000) as finished:
        click(qtbot, dialog.quit_button)
    assert finished.args == [EXIT_REFUSED]
    assert notes.read_text(encoding="utf-8") == "ini bukan basis data\n"


def test_refused_then_another_file_is_chosen(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "catatan.txt"
    notes.write_text("bukan sqlite", encoding="utf-8")
    fresh = tmp_path / "baru.sqlite"
    monkeypatch.setattr("kesos_desktop.ui.startup.choose_database_file", lambda parent: str(fresh))
    flow = start(qtbot, notes)
    qtbot.waitUntil(lambda: flow.stage == "refused", timeout=20_000)
    click(qtbot, flow.dialog.choose_button)
    qtbot.waitUntil(lambda: flow.stage == "wizard", timeout=30_000)
    assert flow.db is not None and flow.db.path == fresh
    flow.dialog.reject()
    qtbot.waitUntil(lambda: flow.exit_code == EXIT_OK)


def test_signed_in_set_up_database_goes_to_login_then_logout_returns(qtbot, db_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import ADMIN_PASSWORD, setup_office

    setup_office(db)
    db.dispose()
    flow = start(qtbot, db_path)
    qtbot.waitUntil(lambda: flow.stage == "login", timeout=30_000)
    login = flow.dialog
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClicks(login.password, ADMIN_PASSWORD)
    click(qtbot, login.sign_in_button)
    qtbot.waitUntil(lambda: flow.stage == "main", timeout=20_000)
    window = flow.main_window
    wait_idle(qtbot)
    window.logout_action.trigger()
    qtbot.waitUntil(lambda: flow.stage == "login", timeout=20_000)
    assert flow.dialog.username.text() == "admin"
    flow.dialog.reject()
    qtbot.waitUntil(lambda: flow.exit_code == EXIT_OK)


def test_lockout_message_is_shown_as_the_service_words_it(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.ui.dialogs.login import LoginDialog
    from tests.factories import setup_office

    setup_office(db)
    login = LoginDialog(db, "Dinas Sosial", username="admin")
    qtbot.addWidget(login)
    login.open()
    # Keyboard order: user name, password, then the buttons.
    assert next_tab_stop(login.username) is login.password
    assert next_tab_stop(login.password) is login.sign_in_button
    for _attempt in range(5):
        qtbot.keyClicks(login.password, "keliru")
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        wait_idle(qtbot)
    assert login.error.text() == "Kata sandi salah 5 kali. Akun dikunci selama 15 menit."
    qtbot.keyClicks(login.password, "rahasia123")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    wait_idle(qtbot)
    assert "Akun terkunci" in login.error.text()
    assert login.result_sign_in is None
