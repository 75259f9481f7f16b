"""Translation entry points: ``_``, ``N_``, ``ngettext``, ``pgettext`` over gettext catalogs (Indonesian msgids)."""

from __future__ import annotations

import gettext as _gettext
import io
import threading
from pathlib import Path

from kesos_desktop.core.errors import ResourceMissing

DOMAIN = "kesos"
# Source strings are written in Indonesian, so an untranslated message still shows the primary language.
SOURCE_LANGUAGE = "id"
LANGUAGES: tuple[str, ...] = ("id", "en")
# Endonyms: shown in the language picker as-is, whatever the interface language is.
LANGUAGE_NAMES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
# "in" is the pre-2006 ISO code for Indonesian that Java and some Windows settings still report.
_ALIASES = {"in": "id", "ind": "id", "eng": "en"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE
_cache: dict[str, _gettext.NullTranslations] = {}
_lock = threading.Lock()


def _(message: str) -> str:
    """Translate ``message`` (an Indonesian msgid) into the installed language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated later where it is shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count; Indonesian msgids often have the same singular and plural."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context`` (for words that read differently in different places)."""
    return _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """``ngettext`` with a context."""
    return _translations.npgettext(context, singular, plural, n)


def current_language() -> str:
    """The installed interface language: ``"id"`` or ``"en"``."""
    return _language


def available_languages() -> list[tuple[str, str]]:
    """``(code, endonym)`` pairs for a language picker, Indonesian first."""
    return [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


def normalize_language(language: str) -> str:
    """Map ``"id_ID"``, ``"en-GB"``, ``"in"``... to a supported code; raise ValueError for anything else."""
    base = (language or "").strip().replace("-", "_").split("_", 1)[0].split(".", 1)[0].lower()
    base = _ALIASES.get(base, base)
    if base not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return base


def catalog_paths(language: str, root: Path | None = None) -> tuple[Path, Path]:
    """``(mo, po)`` paths of the catalog for ``language`` under ``root`` (default: the package's translations/)."""
    if root is None:
        from kesos_desktop.core.resources import translations_dir

        root = translations_dir()
    folder = root / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"


def _mo_is_current(mo_path: Path, po_path: Path) -> bool:
    if not mo_path.is_file():
        return False
    if not po_path.is_file():
        return True
    from kesos_desktop.core.resources import package_root

    # Only a source checkout (pyproject.toml beside the package) can hold a .mo left over from an earlier
    # `catalog compile` while the .po moved on. Installed copies trust their .mo: installers do not keep file times.
    if not (package_root().parent / "pyproject.toml").is_file():
        return True
    return mo_path.stat().st_mtime >= po_path.stat().st_mtime


def _load(language: str) -> _gettext.NullTranslations:
    mo_path, po_path = catalog_paths(language)
    if _mo_is_current(mo_path, po_path):
        with mo_path.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    if po_path.is_file():
        # Source checkouts and tests have no compiled catalogs; compile in memory (needs Babel, a runtime dependency).
        from kesos_desktop.core.i18n.catalog import compile_po_bytes

        return _gettext.GNUTranslations(io.BytesIO(compile_po_bytes(po_path)))
    # Not through _(): without a catalog there is nothing to translate with, so say it in both languages.
    raise ResourceMissing(
        f"Katalog terjemahan tidak ditemukan: {po_path}. Pasang ulang program. "
        f"(Translation catalog not found; reinstall the program.)"
    )


def translator(language: str) -> _gettext.NullTranslations:
    """The gettext catalog for ``language`` without installing it (documents that must be in a fixed language)."""
    language = normalize_language(language)
    with _lock:
        found = _cache.get(language)
        if found is None:
            found = _cache[language] = _load(language)
        return found


def install(language: str = SOURCE_LANGUAGE) -> None:
    """Make ``language`` ("id" or "en") the interface language for later ``_()`` calls and for the formatters.

    Strings already translated and shown keep their text; the Qt bridge re-sends a LanguageChange so widgets
    can retranslate. Raises ValueError for an unsupported language, ResourceMissing for a broken installation.
    """
    global _translations, _language
    language = normalize_language(language)
    catalog = translator(language)
    _translations = catalog
    _language = language


def reload_catalogs() -> None:
    """Forget loaded catalogs so the next ``install``/``translator`` reads the files again (after a compile)."""
    with _lock:
        _cache.clear()
