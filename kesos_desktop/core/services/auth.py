"""Signing in (with lockout after repeated failures) and changing one's own password."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.config import load_settings
from kesos_desktop.core.errors import AuthenticationFailed, ValidationError
from kesos_desktop.core.i18n import _, ngettext, pgettext
from kesos_desktop.core.models import Office, UserAccount
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.security.passwords import hash_password, needs_rehash, password_problem, verify_password
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.common import commit


def _aware(dt: datetime | None) -> datetime | None:
    # SQLite gives naive datetimes back; we always store UTC.
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt


def actor_for(session: Session, user: UserAccount) -> Actor:
    office_id = session.scalar(select(Office.id).where(Office.is_own.is_(True)))
    permissions = frozenset(p.permission for role in user.roles for p in role.permissions)
    return Actor(
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        roles=frozenset(r.code for r in user.roles),
        permissions=permissions,
        office_id=office_id,
        institution_id=user.institution_id,
        language=user.language,
        must_change_password=user.must_change_password,
    )


def login(session: Session, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check the password; lock the account after N failures in a row (settings), for M minutes."""
    settings = load_settings()
    now = now or datetime.now(UTC)
    name = username.strip().lower()
    user = session.scalar(select(UserAccount).where(UserAccount.username == name))
    wrong = _("Nama pengguna atau kata sandi salah.")
    if user is None:
        # Same message as a wrong password, so user names cannot be probed.
        raise AuthenticationFailed(wrong)
    system = Actor(user.id, user.username, user.full_name)
    if not user.is_active:
        raise AuthenticationFailed(_("Akun ini dinonaktifkan. Hubungi administrator kantor."))
    locked_until = _aware(user.locked_until)
    if locked_until and locked_until > now:
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        raise AuthenticationFailed(
            ngettext(
                "Akun terkunci karena terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {n} menit "
                "atau minta administrator membukanya.",
                "Akun terkunci karena terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {n} menit "
                "atau minta administrator membukanya.",
                minutes,
            ).format(n=minutes)
        )
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        message = wrong
        if user.failed_logins >= settings.lockout_threshold:
            user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            user.failed_logins = 0
            audit.record(session, system, "auth.locked", "user", user.id, summary=_("Akun terkunci otomatis"))
            message = _("Kata sandi salah {n} kali. Akun dikunci selama {m} menit.").format(
                n=settings.lockout_threshold, m=settings.lockout_minutes
            )
        else:
            audit.record(session, system, "auth.failed", "user", user.id, summary=_("Gagal masuk"))
        commit(session)
        raise AuthenticationFailed(message)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(session, system, "auth.login", "user", user.id, summary=pgettext("sign-in", "Masuk"))
    commit(session)
    return actor_for(session, user)


def logout(session: Session, actor: Actor) -> None:
    audit.record(session, actor, "auth.logout", "user", actor.user_id, summary=pgettext("sign-in", "Keluar"))
    commit(session)


def change_own_password(session: Session, actor: Actor, old_password: str, new_password: str) -> None:
    user = session.get(UserAccount, actor.user_id)
    if user is None:
        raise AuthenticationFailed(_("Akun tidak ditemukan."))
    if not verify_password(user.password_hash, old_password):
        raise ValidationError(_("Kata sandi lama salah."), {"old_password": _("Kata sandi lama salah.")})
    problem = password_problem(new_password, user.username)
    if problem:
        raise ValidationError(problem, {"new_password": problem})
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    audit.record(session, actor, "user.password_changed", "user", user.id, summary=_("Kata sandi diganti"))
    commit(session)
