"""Timestamps from the services shown in local time through the formatters (naive values are UTC from SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime

from kesos_desktop.core.i18n.formatters import format_datetime


def as_utc(value: datetime) -> datetime:
    # TEMPORARY(lead): on SQLite the services hand back naive datetimes that were stored as UTC, and the formatters
    # take naive values as local time (7 hours off in WIB). Remove once the services return aware datetimes.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def datetime_text(value: datetime | None, *, seconds: bool = False) -> str:
    """ "28 November 2026 14.30" in the computer's time zone; "—" when there is no value."""
    return format_datetime(as_utc(value) if value is not None else None, seconds=seconds)
