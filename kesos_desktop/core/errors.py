"""Typed errors raised by the core; the UI and CLI decide how to show them."""

from __future__ import annotations

from collections.abc import Mapping


class KesosError(Exception):
    """Base of every error the core raises on purpose; ``str(err)`` is a translated, user-facing message."""


class ValidationError(KesosError):
    """Input that cannot be accepted; ``fields`` maps a field name to the message shown at that field."""

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields: dict[str, str] = dict(fields or {})


class NotFound(KesosError):
    """The record asked for does not exist (or is not visible to this user)."""


class Conflict(KesosError):
    """The record changed since it was read (version check) or a unique value is taken."""


class PermissionDenied(KesosError):
    """The acting user's role does not allow this action."""


class AuthenticationFailed(KesosError):
    """Wrong user name or password, or the account is locked or disabled."""


class DatabaseRefused(KesosError):
    """The database cannot be opened safely (newer version, corrupt, foreign, locked, on a network share...).

    ``reason`` is a short machine code so tests and the CLI can tell the cases apart.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ResourceMissing(KesosError):
    """A file the program ships with (data, font, catalog) is not where it should be."""
