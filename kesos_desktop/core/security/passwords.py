"""Password hashing (argon2id) and the password rules shown to users."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kesos_desktop.core.i18n import _

_hasher = PasswordHasher()
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return _("Kata sandi minimal {n} karakter.").format(n=MIN_LENGTH)
    if username and password.lower() == username.lower():
        return _("Kata sandi tidak boleh sama dengan nama pengguna.")
    if password.isdigit() or password.isalpha():
        return _("Kata sandi harus memuat huruf dan angka.")
    return None
