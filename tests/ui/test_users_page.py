"""Pengguna page: add an account through the dialog, see it listed, and meet a conflict on a stale edit."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from kesos_desktop.core.services import users
from kesos_desktop.ui.pages.admin.user_dialog import UserDialog
from kesos_desktop.ui.pages.admin.users import UsersPage
from tests.factories import make_user
from tests.ui.helpers import find_top_level, screenshot, wait_idle


def open_users(window, qtbot) -> UsersPage:  # type: ignore[no-untyped-def]
    page = window.open_page("users")
    wait_idle(qtbot)
    assert isinstance(page, UsersPage)
    return page


def closed(widget) -> bool:  # type: ignore[no-untyped-def]
    """Closed dialogs delete themselves (WA_DeleteOnClose)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def save_button(dialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_create_user_and_see_it_in_the_table(window, qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_users(window, qtbot)
    assert [u.username for u in page.model.rows()] == ["admin"]
    window.new_action.trigger()  # Ctrl+N on this page
    dialog = page.dialog
    assert isinstance(dialog, UserDialog) and dialog.isVisible()

    qtbot.keyClicks(dialog.username, "budi.santoso")
    qtbot.keyClicks(dialog.full_name, "Budi Santoso")
    qtbot.keyClicks(dialog.jabatan, "Pekerja Sosial Ahli Pertama")
    qtbot.keyClicks(dialog.password, "sandi2026budi")
    qtbot.keyClicks(dialog.repeat, "sandi2026budi")
    # No role chosen: the service's message appears at the roles box; what was typed stays.
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.isVisible()
    assert "peran" in dialog.form.error_text("roles").lower()
    assert dialog.full_name.text() == "Budi Santoso"
    dialog.role_checks["pekerja_sosial"].setChecked(True)
    assert dialog.form.error_text("roles") == ""
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert closed(dialog)
    created = page.selected()
    assert created is not None and created.username == "budi.santoso"
    assert created.roles == ("pekerja_sosial",)
    row = page.model.find(lambda u: u.username == "budi.santoso")
    assert page.model.index(row, 4).data() == "Pekerja Sosial"
    assert page.model.index(row, 5).data() == "Aktif"
    assert page.count.text() == "2 akun"
    screenshot(window, artifacts, "users_page.png")


def test_stale_edit_gets_a_conflict_and_can_reload_keeping_the_form(window, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    make_user(ctx.db, ctx.actor, "rina", ["petugas_administrasi"])
    page = open_users(window, qtbot)
    page.refresh()
    wait_idle(qtbot)
    assert page.select_username("rina")
    page.edit_selected()
    dialog = page.dialog
    assert dialog.username.text() == "rina"

    # Someone else changes the account while the dialog is open.
    with ctx.db.write() as s:
        info = users.get_user(s, ctx.actor, dialog.user.id)
        users.update_user(
            s,
            ctx.actor,
            info.id,
            users.UserInput(username="rina", full_name="Rina Marlina", roles=["petugas_administrasi"]),
            info.version_id,
        )

    dialog.jabatan.setText("Pengadministrasi Umum")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find_top_level(QMessageBox) is not None, timeout=20_000)
    box = find_top_level(QMessageBox)
    assert "telah diubah oleh pengguna lain" in box.text()
    reload_button = next(b for b in box.buttons() if "Muat ulang" in b.text())
    qtbot.mouseClick(reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.isVisible(), timeout=20_000)
    assert "nama lengkap" in dialog.info.text()
    assert dialog.jabatan.text() == "Pengadministrasi Umum"  # the typed value is kept
    # Saving now overwrites deliberately, at the new version.
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    rina = page.selected()
    assert rina is not None and rina.jabatan == "Pengadministrasi Umum"


def test_unlock_reset_and_deactivate(window, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from kesos_desktop.core.models import UserAccount

    made = make_user(ctx.db, ctx.actor, "dewi", ["pekerja_sosial"])
    with ctx.db.write() as s:
        s.get(UserAccount, made.id).locked_until = datetime.now(UTC) + timedelta(minutes=10)
        s.commit()
    page = open_users(window, qtbot)
    row = page.model.find(lambda u: u.username == "dewi")
    assert page.model.index(row, 5).data() == "Terkunci"
    page.select_username("dewi")
    assert page.unlock_action.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.unlock_action.trigger()
    assert page.selected().is_locked is False

    page.reset_action.trigger()
    reset = page.dialog
    qtbot.keyClicks(reset.password, "sementara123")
    qtbot.keyClicks(reset.repeat, "sementara123")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(reset.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    page.active_action.trigger()
    box = find_top_level(QMessageBox)
    assert "Nonaktifkan akun dewi" in box.text()
    confirm = next(b for b in box.buttons() if b.text() == "&Nonaktifkan")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert page.selected().is_active is False
    assert page.active_action.text() == "&Aktifkan"


def test_own_account_cannot_be_deactivated_from_the_list(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = open_users(window, qtbot)
    page.select_username("admin")
    assert not page.active_action.isEnabled()
    page.focus_find()
    qtbot.keyClicks(page.filter, "tidak-ada")
    assert page.model.rowCount() == 0
