"""Locating files shipped inside the package (resources/, translations/), in a checkout, a wheel or a frozen app."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kesos_desktop.core.errors import ResourceMissing

_PACKAGE_ROOT = Path(str(resources.files("kesos_desktop")))


def package_root() -> Path:
    return _PACKAGE_ROOT


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource file, e.g. ``resource_path("data", "wilayah.csv")``; raises ResourceMissing."""
    path = _PACKAGE_ROOT.joinpath("resources", *parts)
    if not path.exists():
        from kesos_desktop.core.i18n import _

        raise ResourceMissing(
            _("Berkas sumber daya program tidak ditemukan: {path}. Pasang ulang program.").format(path=path)
        )
    return path


def translations_dir() -> Path:
    return _PACKAGE_ROOT / "translations"
