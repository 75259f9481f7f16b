"""Timestamps from the services (always time-zone aware UTC) shown in the computer's local time."""

from __future__ import annotations

from datetime import UTC, datetime

from kesos_desktop.core.i18n.formatters import format_datetime


def as_utc(value: datetime) -> datetime:
    """Aware values pass through; a naive one (from code outside the services) is taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def datetime_text(value: datetime | None, *, seconds: bool = False) -> str:
    """ "28 November 2026 14.30" in the computer's time zone; "—" when there is no value."""
    return format_datetime(as_utc(value) if value is not None else None, seconds=seconds)
