"""Backup copies of the SQLite file: automatic before an upgrade, and on demand (``kesos backup``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kesos_desktop.core.config import load_settings, locations
from kesos_desktop.core.errors import DatabaseRefused
from kesos_desktop.core.i18n import _


def copy_sqlite(source: Path, dest: Path) -> Path:
    """Consistent copy through SQLite's online backup API (safe while other connections are open)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    tmp.replace(dest)
    return dest


def backup_before_upgrade(path: Path, from_rev: str | None, to_rev: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = locations().backups / f"{path.stem}-{stamp}-sebelum-pembaruan-{(from_rev or 'kosong')[:8]}.sqlite"
    try:
        copy_sqlite(path, dest)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseRefused(
            _(
                "Cadangan sebelum pembaruan basis data tidak dapat dibuat di {dest}: {error}. Pembaruan dibatalkan."
            ).format(dest=dest, error=exc),
            "backup_failed",
        ) from exc
    prune_backups(path.stem)
    return dest


def prune_backups(stem: str) -> None:
    try:
        keep = load_settings().backups_to_keep
    except Exception:
        keep = 20
    folder = locations().backups
    olds = sorted(folder.glob(f"{stem}-*-sebelum-pembaruan-*.sqlite"))
    for old in olds[:-keep]:
        old.unlink(missing_ok=True)


def backup_database(path: Path, dest: Path | None = None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = dest or locations().backups / f"{path.stem}-{stamp}.sqlite"
    return copy_sqlite(path, dest)
