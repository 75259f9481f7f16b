"""Signing in: right and wrong passwords, lockout after repeated failures, unlock, permissions, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import AuthenticationFailed, PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent
from kesos_desktop.core.services import auth, users
from tests.factories import ADMIN_PASSWORD, make_user, setup_office


@pytest.fixture
def office_db(db):  # type: ignore[no-untyped-def]
    setup_office(db)
    return db


def _actions(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_gives_an_actor_with_the_roles_permissions(office_db) -> None:  # type: ignore[no-untyped-def]
    with office_db.write() as s:
        actor = auth.login(s, "  ADMIN ", ADMIN_PASSWORD)
    assert actor.username == "admin"
    assert actor.roles == {"admin"}
    assert {"users.manage", "audit.view", "residents.view_nik"} <= actor.permissions
    assert actor.office_id is not None
    assert _actions(office_db)[-1] == "auth.login"


def test_unknown_user_and_wrong_password_read_the_same(office_db) -> None:  # type: ignore[no-untyped-def]
    messages = []
    for name, password in (("tidakada", "apapun123"), ("admin", "salah12345")):
        with office_db.write() as s, pytest.raises(AuthenticationFailed) as info:
            auth.login(s, name, password)
        messages.append(str(info.value))
    assert messages[0] == messages[1] == "Nama pengguna atau kata sandi salah."


def test_lockout_after_five_failures_then_unlock(office_db) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    messages = []
    for _attempt in range(5):
        with office_db.write() as s, pytest.raises(AuthenticationFailed) as info:
            auth.login(s, "admin", "salah12345", now=now)
        messages.append(str(info.value))
    assert messages[:4] == ["Nama pengguna atau kata sandi salah."] * 4
    assert "dikunci selama 15 menit" in messages[4]
    # Even the right password is refused while locked.
    with office_db.write() as s, pytest.raises(AuthenticationFailed, match="terkunci"):
        auth.login(s, "admin", ADMIN_PASSWORD, now=now + timedelta(minutes=5))
    # After the lock period the right password works again.
    with office_db.write() as s:
        actor = auth.login(s, "admin", ADMIN_PASSWORD, now=now + timedelta(minutes=16))
    assert actor.username == "admin"
    assert "auth.locked" in _actions(office_db)


def test_admin_unlocks_a_locked_account(office_db) -> None:  # type: ignore[no-untyped-def]
    with office_db.write() as s:
        admin = auth.login(s, "admin", ADMIN_PASSWORD)
    worker = make_user(office_db, admin, "peksos", ["pekerja_sosial"])
    for _ in range(5):
        with office_db.write() as s, pytest.raises(AuthenticationFailed):
            auth.login(s, "peksos", "salah12345")
    with office_db.write() as s:
        assert users.get_user(s, admin, worker.id).is_locked
        users.unlock_user(s, admin, worker.id)
    with office_db.write() as s:
        assert auth.login(s, "peksos", "sandi12345").roles == {"pekerja_sosial"}


def test_disabled_account_cannot_sign_in(office_db) -> None:  # type: ignore[no-untyped-def]
    with office_db.write() as s:
        admin = auth.login(s, "admin", ADMIN_PASSWORD)
    info = make_user(office_db, admin, "lama", ["auditor"])
    with office_db.write() as s:
        data = users.UserInput(username="lama", full_name="Lama", roles=["auditor"], is_active=False)
        users.update_user(s, admin, info.id, data, info.version_id)
    with office_db.write() as s, pytest.raises(AuthenticationFailed, match="dinonaktifkan"):
        auth.login(s, "lama", "sandi12345")


def test_roles_are_checked_by_services(office_db) -> None:  # type: ignore[no-untyped-def]
    with office_db.write() as s:
        admin = auth.login(s, "admin", ADMIN_PASSWORD)
    make_user(office_db, admin, "peksos", ["pekerja_sosial"])
    with office_db.write() as s:
        worker = auth.login(s, "peksos", "sandi12345")
    with office_db.read() as s, pytest.raises(PermissionDenied, match="Mengelola akun pengguna"):
        users.list_users(s, worker)


def test_change_own_password(office_db) -> None:  # type: ignore[no-untyped-def]
    with office_db.write() as s:
        admin = auth.login(s, "admin", ADMIN_PASSWORD)
    with office_db.write() as s, pytest.raises(ValidationError) as info:
        auth.change_own_password(s, admin, "keliru", "barubaru123")
    assert "old_password" in info.value.fields
    with office_db.write() as s, pytest.raises(ValidationError) as info:
        auth.change_own_password(s, admin, ADMIN_PASSWORD, "pendek")
    assert "new_password" in info.value.fields
    with office_db.write() as s:
        auth.change_own_password(s, admin, ADMIN_PASSWORD, "barubaru123")
    with office_db.write() as s:
        assert auth.login(s, "admin", "barubaru123").username == "admin"
