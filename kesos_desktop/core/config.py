"""Declared settings with their defaults, and where data, backups and logs live on each OS."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from kesos_desktop import APP_ID
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _

SETTINGS_FILE = "settings.json"
LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Locations:
    """Folders the program writes to; all of them can be moved at once with KESOS_HOME (portable installs, tests)."""

    data: Path
    config: Path
    backups: Path
    logs: Path
    documents: Path

    @property
    def default_database(self) -> Path:
        return self.data / "kesos.sqlite"

    @property
    def demo_database(self) -> Path:
        return self.data / "kesos-demo.sqlite"

    @property
    def settings_file(self) -> Path:
        return self.config / SETTINGS_FILE


def locations() -> Locations:
    home = os.environ.get("KESOS_HOME")
    if home:
        root = Path(home)
        return Locations(root / "data", root / "config", root / "backups", root / "logs", root / "data" / "documents")
    data = Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
    return Locations(
        data=data,
        config=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        backups=data / "backups",
        logs=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        documents=data / "documents",
    )


@dataclass
class Settings:
    """Per-PC settings (not per office: office settings live in the database)."""

    language: str = "id"
    # Empty means the embedded SQLite file in the user data folder.
    database_url: str = ""
    # How many automatic pre-upgrade backups to keep.
    backups_to_keep: int = 20
    # Failed logins before an account is locked, and for how long.
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    extra: dict[str, object] = field(default_factory=dict)

    def validate(self) -> None:
        problems: dict[str, str] = {}
        if self.language not in LANGUAGES:
            problems["language"] = _("Bahasa tidak dikenal: {value}. Pilih 'id' atau 'en'.").format(value=self.language)
        if not isinstance(self.backups_to_keep, int) or self.backups_to_keep < 1:
            problems["backups_to_keep"] = _("Jumlah cadangan yang disimpan harus bilangan bulat 1 atau lebih.")
        if not isinstance(self.lockout_threshold, int) or not 1 <= self.lockout_threshold <= 100:
            problems["lockout_threshold"] = _("Batas gagal masuk harus antara 1 dan 100.")
        if not isinstance(self.lockout_minutes, int) or not 1 <= self.lockout_minutes <= 24 * 60:
            problems["lockout_minutes"] = _("Lama penguncian akun harus antara 1 dan 1440 menit.")
        if problems:
            raise ValidationError(_("Pengaturan tidak valid."), problems)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives defaults, a damaged one raises ValidationError naming the file."""
    path = path or locations().settings_file
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        raise ValidationError(
            _(
                "Berkas pengaturan {path} rusak atau tidak dapat dibaca ({error}). Perbaiki atau hapus berkas itu."
            ).format(path=path, error=exc),
            {"settings": str(path)},
        ) from exc
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known and k != "extra"}
    settings = Settings(**values, extra={k: v for k, v in raw.items() if k not in known})
    settings.validate()
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    settings.validate()
    path = path or locations().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    extra = data.pop("extra")
    data.update(extra)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # atomic, so a power cut never leaves half a settings file
