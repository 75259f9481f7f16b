"""Remembered window geometry and layout, kept in an INI file in the config folder (never the Windows registry)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

from kesos_desktop.core.config import locations

UI_STATE_FILE = "ui-state.ini"


def ui_settings() -> QSettings:
    """QSettings over ``<config>/ui-state.ini``; KESOS_HOME moves it with everything else (tests, portable use)."""
    path = locations().config / UI_STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def restore_geometry(widget: QWidget, key: str) -> bool:
    data = _bytes(ui_settings().value(f"{key}/geometry"))
    return bool(data is not None and widget.restoreGeometry(data))


def save_geometry(widget: QWidget, key: str) -> None:
    settings = ui_settings()
    settings.setValue(f"{key}/geometry", widget.saveGeometry())
    settings.sync()


def restore_splitter(splitter: QSplitter, key: str) -> None:
    data = _bytes(ui_settings().value(f"{key}/splitter"))
    if data is not None:
        splitter.restoreState(data)


def save_splitter(splitter: QSplitter, key: str) -> None:
    settings = ui_settings()
    settings.setValue(f"{key}/splitter", splitter.saveState())
    settings.sync()


def value(key: str, default: str = "") -> str:
    found = ui_settings().value(key, default)
    return found if isinstance(found, str) else default


def set_value(key: str, new: str) -> None:
    settings = ui_settings()
    settings.setValue(key, new)
    settings.sync()
