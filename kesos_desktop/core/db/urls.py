"""Turning the --db option, KESOS_DB_URL and settings into a SQLAlchemy URL."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from kesos_desktop.core.config import locations
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _


def resolve_url(db: str | None = None, settings_url: str = "", *, demo: bool = False) -> URL:
    """Pick the database: --db PATH|URL, then KESOS_DB_URL, then settings, then the embedded default file."""
    raw = db or os.environ.get("KESOS_DB_URL") or settings_url
    if demo and not db:
        raw = str(locations().demo_database)
    if not raw:
        raw = str(locations().default_database)
    if "://" in raw:
        try:
            url = make_url(raw)
        except Exception as exc:
            raise ValidationError(
                _("Alamat basis data tidak dapat dibaca: {url}").format(url=raw), {"database_url": str(exc)}
            ) from exc
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValidationError(
                _("Jenis basis data {name} tidak didukung. Gunakan berkas SQLite atau PostgreSQL.").format(
                    name=url.get_backend_name()
                ),
                {"database_url": raw},
            )
        if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite", database=str(Path(raw).expanduser().resolve()))


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def display_location(url: URL) -> str:
    """What the status bar shows: the file path, or the server and database name (never the password)."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return url.render_as_string(hide_password=True)
