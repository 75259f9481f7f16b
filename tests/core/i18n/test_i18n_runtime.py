"""The gettext runtime: installing a language, switching at run time, .mo or in-memory .po, fallbacks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kesos_desktop.core import i18n, resources
from kesos_desktop.core.errors import ResourceMissing
from kesos_desktop.core.i18n import N_, _, catalog, ngettext, pgettext

# A message of this package's own (formatters.parse_rupiah), so the tests do not hang on other modules' wording.
TOO_BIG = "Jumlah uang terlalu besar: “{text}”."
TOO_BIG_EN = "The amount of money is too large: “{text}”."


@pytest.fixture
def translations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the shipped catalogs (without any .mo), used in place of the package's."""
    root = tmp_path / "translations"
    shutil.copytree(resources.translations_dir(), root, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(resources, "translations_dir", lambda: root)
    i18n.reload_catalogs()
    yield root
    i18n.reload_catalogs()
    monkeypatch.undo()
    i18n.reload_catalogs()
    i18n.install("id")


def test_indonesian_is_the_source_language() -> None:
    i18n.install("id")
    assert i18n.current_language() == "id"
    assert _(TOO_BIG) == TOO_BIG
    assert _("Kalimat yang belum ada di katalog.") == "Kalimat yang belum ada di katalog."


def test_switching_language_affects_later_calls() -> None:
    i18n.install("en")
    try:
        assert i18n.current_language() == "en"
        assert _(TOO_BIG) == TOO_BIG_EN
        # A message nobody translated yet still shows the primary language.
        assert _("Kalimat yang belum ada di katalog.") == "Kalimat yang belum ada di katalog."
    finally:
        i18n.install("id")
    assert _(TOO_BIG) == TOO_BIG


def test_plurals_in_english_and_indonesian() -> None:
    i18n.install("en")
    try:
        assert ngettext("{n} tahun", "{n} tahun", 1).format(n=1) == "1 year"
        assert ngettext("{n} tahun", "{n} tahun", 5).format(n=5) == "5 years"
    finally:
        i18n.install("id")
    assert ngettext("{n} tahun", "{n} tahun", 5).format(n=5) == "5 tahun"
    # Untranslated Indonesian plurals: gettext picks between the two msgids by n, even with one plural form.
    assert ngettext("1 berkas", "{n} berkas", 1) == "1 berkas"
    assert ngettext("1 berkas", "{n} berkas", 3) == "{n} berkas"


def test_qt_strings_live_in_a_qt_context() -> None:
    assert pgettext("qt:QPlatformTheme", "Cancel") == "Batal"
    assert pgettext("qt:QWizard", "&Next >") == "&Lanjut >"
    i18n.install("en")
    try:
        assert pgettext("qt:QPlatformTheme", "Cancel") == "Cancel"
    finally:
        i18n.install("id")


def test_n_marks_without_translating() -> None:
    i18n.install("en")
    try:
        assert N_(TOO_BIG) == TOO_BIG
        assert _(N_(TOO_BIG)) == TOO_BIG_EN
    finally:
        i18n.install("id")


def test_translator_gives_a_language_without_installing_it() -> None:
    assert i18n.translator("en").gettext(TOO_BIG) == TOO_BIG_EN
    assert i18n.current_language() == "id"
    assert _(TOO_BIG) == TOO_BIG


@pytest.mark.parametrize(
    ("given", "code"),
    [("id", "id"), ("id_ID", "id"), ("id-ID", "id"), ("in", "id"), ("EN", "en"), ("en_GB.UTF-8", "en")],
)
def test_language_codes_are_normalised(given: str, code: str) -> None:
    assert i18n.normalize_language(given) == code


@pytest.mark.parametrize("bad", ["fr", "", "xx_ID", "jv"])
def test_unsupported_languages_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        i18n.install(bad)
    assert i18n.current_language() == "id"


def test_available_languages_lists_endonyms() -> None:
    assert i18n.available_languages() == [("id", "Bahasa Indonesia"), ("en", "English")]


def test_po_is_compiled_in_memory_when_no_mo(translations: Path) -> None:
    assert not list(translations.rglob("*.mo"))
    i18n.install("en")
    assert _(TOO_BIG) == TOO_BIG_EN


def test_compiled_mo_is_used_when_present(translations: Path, tmp_path: Path) -> None:
    po_path = translations / "en" / "LC_MESSAGES" / "kesos.po"
    mo_path = translations / "en" / "LC_MESSAGES" / "kesos.mo"
    edited = tmp_path / "edited.po"
    text = po_path.read_text(encoding="utf-8")
    edited.write_text(text.replace("The amount of money", "From the mo:"), encoding="utf-8")
    mo_path.write_bytes(catalog.compile_po_bytes(edited))
    mtime = po_path.stat().st_mtime
    os.utime(mo_path, (mtime + 10, mtime + 10))
    i18n.install("en")
    assert _(TOO_BIG) == "From the mo: is too large: “{text}”."


def test_stale_mo_in_a_checkout_loses_to_the_po(translations: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mo_path = translations / "en" / "LC_MESSAGES" / "kesos.mo"
    po_path = translations / "en" / "LC_MESSAGES" / "kesos.po"
    # Same length, so the .mo offsets stay valid.
    mo_path.write_bytes(catalog.compile_po_bytes(po_path).replace(b"The amount of money", b"Old amount of money"))
    mtime = po_path.stat().st_mtime
    os.utime(mo_path, (mtime - 10, mtime - 10))
    fake_package = translations.parent / "checkout" / "kesos_desktop"
    fake_package.mkdir(parents=True)
    (fake_package.parent / "pyproject.toml").write_text("")
    monkeypatch.setattr(resources, "package_root", lambda: fake_package)
    i18n.install("en")
    assert _(TOO_BIG) == TOO_BIG_EN
    # Installed copies (no pyproject.toml beside the package) trust the .mo whatever the file times say.
    monkeypatch.setattr(resources, "package_root", lambda: translations.parent / "site-packages" / "kesos_desktop")
    i18n.reload_catalogs()
    i18n.install("en")
    assert _(TOO_BIG) == "Old amount of money is too large: “{text}”."


def test_missing_catalog_is_a_resource_error(translations: Path) -> None:
    shutil.rmtree(translations / "en")
    with pytest.raises(ResourceMissing):
        i18n.install("en")
    assert i18n.current_language() == "id"
