"""Managing user accounts: create, edit, roles, reset password, unlock, deactivate (admin only)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import Role, UserAccount
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.security.passwords import hash_password, password_problem
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.common import apply_changes, check_version, commit

USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,60}$")


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    username: str
    full_name: str
    nip: str
    jabatan: str
    roles: tuple[str, ...]
    is_active: bool
    is_locked: bool
    last_login_at: datetime | None
    version_id: int
    institution_id: uuid.UUID | None = None
    language: str = "id"


@dataclass
class UserInput:
    username: str
    full_name: str
    roles: list[str]
    password: str = ""
    nip: str = ""
    jabatan: str = ""
    institution_id: uuid.UUID | None = None
    language: str = "id"
    is_active: bool = True
    must_change_password: bool = False
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleInfo:
    code: str
    name: str
    permissions: tuple[str, ...]


def _info(user: UserAccount) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        nip=user.nip,
        jabatan=user.jabatan,
        roles=tuple(sorted(r.code for r in user.roles)),
        is_active=user.is_active,
        is_locked=user.locked_until is not None and user.locked_until > datetime.now(UTC),
        last_login_at=user.last_login_at,
        version_id=user.version_id,
        institution_id=user.institution_id,
        language=user.language,
    )


def list_roles(session: Session) -> list[RoleInfo]:
    from kesos_desktop.core.i18n import current_language

    roles = session.scalars(select(Role).order_by(Role.sort_order)).all()
    lang = current_language()
    return [
        RoleInfo(r.code, r.name_en if lang == "en" else r.name_id, tuple(sorted(p.permission for p in r.permissions)))
        for r in roles
    ]


def validate_user_input(session: Session, data: UserInput, *, new: bool, user_id: uuid.UUID | None = None) -> None:
    problems: dict[str, str] = {}
    username = data.username.strip().lower()
    if not USERNAME_RE.match(username):
        problems["username"] = _(
            "Nama pengguna 3–60 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, tanpa spasi."
        )
    else:
        other = session.scalar(select(UserAccount).where(UserAccount.username == username))
        if other is not None and other.id != user_id:
            problems["username"] = _("Nama pengguna {name} sudah dipakai.").format(name=username)
    if not data.full_name.strip():
        problems["full_name"] = _("Nama lengkap wajib diisi.")
    known_roles = {r.code for r in session.scalars(select(Role))}
    if not data.roles:
        problems["roles"] = _("Pilih sedikitnya satu peran.")
    elif unknown := [r for r in data.roles if r not in known_roles]:
        problems["roles"] = _("Peran tidak dikenal: {roles}").format(roles=", ".join(unknown))
    elif "mitra" in data.roles and data.institution_id is None:
        problems["institution_id"] = _("Pengguna mitra harus dikaitkan dengan lembaga mitranya.")
    if data.nip.strip():
        from kesos_desktop.core.reference.nip import parse_nip

        try:
            parse_nip(data.nip)
        except ValidationError as exc:
            problems["nip"] = exc.fields.get("nip", str(exc))
    if new or data.password:
        problem = password_problem(data.password, username)
        if problem:
            problems["password"] = problem
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)


def _roles(session: Session, codes: list[str]) -> list[Role]:
    return list(session.scalars(select(Role).where(Role.code.in_(codes))))


def create_user(session: Session, actor: Actor, data: UserInput) -> UserInfo:
    actor.require("users.manage")
    validate_user_input(session, data, new=True)
    user = UserAccount(
        username=data.username.strip().lower(),
        full_name=data.full_name.strip(),
        nip="".join(data.nip.split()),
        jabatan=data.jabatan.strip(),
        password_hash=hash_password(data.password),
        institution_id=data.institution_id,
        language=data.language,
        is_active=data.is_active,
        must_change_password=data.must_change_password,
        roles=_roles(session, data.roles),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.created",
        "user",
        user.id,
        summary=_("Akun {name} dibuat").format(name=user.username),
        changes={"username": [None, user.username], "roles": [None, sorted(data.roles)]},
    )
    commit(session, _("Akun"))
    return _info(user)


def get_user(session: Session, actor: Actor, user_id: uuid.UUID) -> UserInfo:
    actor.require("users.manage")
    user = session.get(UserAccount, user_id)
    if user is None:
        raise NotFound(_("Akun tidak ditemukan."))
    return _info(user)


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    actor.require("users.manage")
    return [_info(u) for u in session.scalars(select(UserAccount).order_by(UserAccount.username))]


def update_user(session: Session, actor: Actor, user_id: uuid.UUID, data: UserInput, version_id: int) -> UserInfo:
    """Edit name, NIP, jabatan, roles, active flag (and password when given); refuses a stale version."""
    actor.require("users.manage")
    user = session.get(UserAccount, user_id)
    if user is None:
        raise NotFound(_("Akun tidak ditemukan."))
    check_version(user, version_id, _("Akun {name}").format(name=user.username))
    validate_user_input(session, data, new=False, user_id=user_id)
    if user.id == actor.user_id and ("admin" not in data.roles or not data.is_active):
        raise ValidationError(
            _("Anda tidak dapat mencabut peran administrator atau menonaktifkan akun Anda sendiri."),
            {"roles": _("Administrator lain harus melakukannya.")},
        )
    changes = apply_changes(
        user,
        {
            "username": data.username.strip().lower(),
            "full_name": data.full_name.strip(),
            "nip": "".join(data.nip.split()),
            "jabatan": data.jabatan.strip(),
            "institution_id": data.institution_id,
            "is_active": data.is_active,
            "language": data.language,
        },
    )
    old_roles = sorted(r.code for r in user.roles)
    if old_roles != sorted(data.roles):
        user.roles = _roles(session, data.roles)
        changes["roles"] = [old_roles, sorted(data.roles)]
    if data.password:
        user.password_hash = hash_password(data.password)
        user.must_change_password = data.must_change_password
        changes["password"] = ["***", "***"]
    if changes:
        audit.record(
            session,
            actor,
            "user.updated",
            "user",
            user.id,
            summary=_("Akun {name} diubah").format(name=user.username),
            changes=changes,
        )
    commit(session, _("Akun"))
    return _info(user)


def unlock_user(session: Session, actor: Actor, user_id: uuid.UUID) -> UserInfo:
    actor.require("users.manage")
    user = session.get(UserAccount, user_id)
    if user is None:
        raise NotFound(_("Akun tidak ditemukan."))
    user.locked_until = None
    user.failed_logins = 0
    audit.record(
        session, actor, "user.unlocked", "user", user.id, summary=_("Akun {name} dibuka").format(name=user.username)
    )
    commit(session, _("Akun"))
    return _info(user)


def reset_password(session: Session, actor: Actor, user_id: uuid.UUID, new_password: str) -> UserInfo:
    """Admin sets a temporary password; the user must change it at the next sign-in."""
    actor.require("users.manage")
    user = session.get(UserAccount, user_id)
    if user is None:
        raise NotFound(_("Akun tidak ditemukan."))
    problem = password_problem(new_password, user.username)
    if problem:
        raise ValidationError(problem, {"password": problem})
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    user.locked_until = None
    user.failed_logins = 0
    audit.record(
        session,
        actor,
        "user.password_reset",
        "user",
        user.id,
        summary=_("Kata sandi akun {name} diatur ulang").format(name=user.username),
    )
    commit(session, _("Akun"))
    return _info(user)


@dataclass(frozen=True)
class StaffMember:
    id: uuid.UUID
    full_name: str
    jabatan: str
    roles: tuple[str, ...]


# Accounts that are not office staff: they are never named as a case worker or a goal's responsible person.
NOT_STAFF_ROLES = frozenset({"mitra", "auditor"})


def list_staff(session: Session, actor: Actor) -> list[StaffMember]:
    """Active staff accounts (no partner or auditor accounts) for pickers such as a case's worker."""
    actor.require("cases.view")
    staff = []
    for user in session.scalars(select(UserAccount).where(UserAccount.is_active.is_(True))):
        roles = tuple(sorted(r.code for r in user.roles))
        if roles and not set(roles) <= NOT_STAFF_ROLES:
            staff.append(StaffMember(user.id, user.full_name, user.jabatan, roles))
    return sorted(staff, key=lambda m: m.full_name.casefold())
