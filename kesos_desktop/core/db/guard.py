"""Checks a SQLite file before it is opened for writing, so a wrong file is refused and left byte-for-byte untouched."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kesos_desktop.core.db.netshare import is_network_path
from kesos_desktop.core.errors import DatabaseRefused
from kesos_desktop.core.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id written into every Kesos database ("KESO"), so a foreign SQLite file is told apart.
APPLICATION_ID = 0x4B45534F


@dataclass(frozen=True)
class FileState:
    """What the read-only inspection found: a new file, or an existing Kesos database at ``revision``."""

    exists: bool
    revision: str | None


def _refuse(reason: str, message: str) -> DatabaseRefused:
    return DatabaseRefused(message, reason)


def check_location(path: Path) -> None:
    if is_network_path(path):
        raise _refuse(
            "network_share",
            _(
                "Berkas basis data {path} berada di folder jaringan. SQLite di folder bersama dapat rusak saat "
                "dipakai beberapa komputer. Simpan berkas di disk lokal, atau gunakan server PostgreSQL untuk "
                "beberapa komputer (Pengaturan > Basis data, atau KESOS_DB_URL=postgresql://...)."
            ).format(path=path),
        )


def inspect_sqlite_file(path: Path, known_revisions: set[str]) -> FileState:
    """Refuse (DatabaseRefused) a file that is not ours, newer, corrupt, read-only or locked; never writes to it."""
    check_location(path)
    folder = path.parent
    if not path.exists():
        if folder.exists() and not os.access(folder, os.W_OK):
            raise _refuse(
                "read_only",
                _("Folder {folder} tidak dapat ditulisi, jadi basis data baru tidak dapat dibuat di sana.").format(
                    folder=folder
                ),
            )
        return FileState(exists=False, revision=None)
    if path.is_dir():
        raise _refuse("not_database", _("{path} adalah folder, bukan berkas basis data.").format(path=path))
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        message = _("Berkas {path} tidak dapat dibaca: {error}").format(path=path, error=exc)
        raise _refuse("unreadable", message) from exc
    if len(header) == 0:
        return FileState(exists=False, revision=None)
    if not header.startswith(SQLITE_HEADER):
        raise _refuse(
            "not_database",
            _("Berkas {path} bukan basis data Kesos (bukan berkas SQLite). Berkas tidak diubah.").format(path=path),
        )
    # Write bits are checked too: root passes os.access() on a file its owner deliberately made read-only.
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK) or not path.stat().st_mode & 0o222:
        raise _refuse(
            "read_only",
            _(
                "Berkas basis data {path} hanya-baca (atau foldernya tidak dapat ditulisi). Periksa izin berkas, "
                "atau salin berkas ke folder yang dapat ditulisi."
            ).format(path=path),
        )
    return _inspect_contents(path, known_revisions)


def _inspect_contents(path: Path, known_revisions: set[str]) -> FileState:
    # A read-only look at a WAL file can leave empty -wal/-shm companions behind; remove what we created.
    companions = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    existed = {c for c in companions if c.exists()}
    try:
        return _read_state(path, known_revisions)
    finally:
        for companion in companions:
            if companion not in existed and companion.exists():
                try:
                    if companion.name.endswith("-shm") or companion.stat().st_size == 0:
                        companion.unlink()
                except OSError:
                    pass


def _read_state(path: Path, known_revisions: set[str]) -> FileState:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=2)
    except sqlite3.Error as exc:
        message = _("Berkas {path} tidak dapat dibuka: {error}").format(path=path, error=exc)
        raise _refuse("unreadable", message) from exc
    try:
        try:
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _refuse(
                    "locked",
                    _(
                        "Basis data {path} sedang dikunci oleh program lain. Tutup Kesos Desktop di jendela atau "
                        "komputer lain, lalu coba lagi."
                    ).format(path=path),
                ) from exc
            raise _refuse("corrupt", _corrupt_message(path, str(exc))) from exc
        except sqlite3.DatabaseError as exc:
            raise _refuse("corrupt", _corrupt_message(path, str(exc))) from exc
    finally:
        con.close()
    if check != "ok":
        raise _refuse("corrupt", _corrupt_message(path, str(check)))
    if app_id != APPLICATION_ID:
        user_tables = {t for t in tables if not t.startswith("sqlite_")}
        if user_tables:
            raise _refuse(
                "foreign",
                _(
                    "Berkas {path} adalah basis data SQLite milik program lain, bukan Kesos Desktop. "
                    "Berkas tidak diubah."
                ).format(path=path),
            )
        return FileState(exists=False, revision=None)
    if revision is not None and revision not in known_revisions:
        raise _refuse(
            "newer",
            _(
                "Basis data {path} dibuat oleh versi Kesos Desktop yang lebih baru (revisi {revision}). Perbarui "
                "program ini sebelum membukanya. Berkas tidak diubah."
            ).format(path=path, revision=revision),
        )
    return FileState(exists=True, revision=revision)


def _corrupt_message(path: Path, detail: str) -> str:
    return _(
        "Basis data {path} rusak ({detail}). Berkas tidak diubah. Pulihkan dari cadangan terakhir "
        "(menu Berkas > Pulihkan, atau folder cadangan)."
    ).format(path=path, detail=detail)
