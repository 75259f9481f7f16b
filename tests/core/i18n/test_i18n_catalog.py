"""Catalog tooling: extraction keywords, the extract/update/compile/check round trip, placeholder checks."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from kesos_desktop.core import i18n, resources
from kesos_desktop.core.i18n import catalog

SAMPLE = '''
"""Sample module for the extraction tests."""
from kesos_desktop.core.i18n import N_, _, ngettext, npgettext, pgettext
from kesos_desktop.ui.i18n_bridge import qt_noop

# TRANSLATORS: title of the sign-in window
TITLE = _("Masuk ke Kesos")
LABEL = N_("Nama lengkap")


def count(n):
    return ngettext("{n} berkas", "{n} berkas", n).format(n=n)


MENU = pgettext("menu", "Berkas")
PEOPLE = npgettext("laporan", "{n} orang", "{n} orang", 2)
QT = qt_noop("qt:QPlatformTheme", "Cancel")
NOT_A_LITERAL = _(f"{TITLE}!")
'''

ENGLISH = {
    "Masuk ke Kesos": "Sign in to Kesos",
    "Nama lengkap": "Full name",
    "{n} berkas": ("{n} file", "{n} files"),
    "Berkas": "File",
    "{n} orang": ("{n} person", "{n} people"),
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A tiny stand-in package with its own translations/ folder, wired in place of the real one."""
    package = tmp_path / "kesos_desktop"
    (package / "translations").mkdir(parents=True)
    (package / "sample.py").write_text(textwrap.dedent(SAMPLE), encoding="utf-8")
    monkeypatch.setattr(catalog, "package_root", lambda: package)
    monkeypatch.setattr(catalog, "translations_dir", lambda: package / "translations")
    monkeypatch.setattr(resources, "translations_dir", lambda: package / "translations")
    i18n.reload_catalogs()
    yield package
    monkeypatch.undo()
    i18n.reload_catalogs()
    i18n.install("id")


def _po(package: Path, lang: str) -> Path:
    return package / "translations" / lang / "LC_MESSAGES" / "kesos.po"


def _translate(po_path: Path, strings: dict[str, str | tuple[str, str]]) -> None:
    with po_path.open("rb") as fp:
        cat = read_po(fp)
    for message in cat:
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if key in strings:
            message.string = strings[key]
            message.flags.discard("fuzzy")
    with po_path.open("wb") as fp:
        write_po(fp, cat)


def test_real_source_extraction_finds_our_messages_and_qt_strings() -> None:
    template = catalog.extract_template()
    keys = {(m.id, m.context) for m in template if m.id}
    assert ("Jumlah uang terlalu besar: “{text}”.", None) in keys
    assert (("{n} tahun", "{n} tahun"), None) in keys
    assert ("Cancel", "qt:QPlatformTheme") in keys
    assert ("&Next >", "qt:QWizard") in keys
    locations = {path for m in template for path, _ in m.locations}
    assert "kesos_desktop/core/i18n/formatters.py" in locations
    assert all(path.startswith("kesos_desktop/") and "\\" not in path for path in locations)


def test_every_qt_string_in_the_bridge_is_extracted_and_translated() -> None:
    from kesos_desktop.ui.i18n_bridge import QT_MESSAGES

    template = catalog.extract_template()
    keys = {(m.id, m.context) for m in template if m.id}
    assert {(source, context) for context, source in QT_MESSAGES} <= keys
    assert catalog.untranslated("id", template=template) == []


def test_shipped_translations_keep_their_placeholders() -> None:
    assert catalog.placeholder_problems("en") == []
    assert catalog.placeholder_problems("id") == []


def test_extraction_keywords(project: Path) -> None:
    template = catalog.extract_template()
    found = {(m.id, m.context) for m in template if m.id}
    assert found == {
        ("Masuk ke Kesos", None),
        ("Nama lengkap", None),
        (("{n} berkas", "{n} berkas"), None),
        ("Berkas", "menu"),
        (("{n} orang", "{n} orang"), "laporan"),
        ("Cancel", "qt:QPlatformTheme"),
    }
    assert template.get("Masuk ke Kesos").auto_comments == ["title of the sign-in window"]
    assert template.get("Masuk ke Kesos").locations == [("kesos_desktop/sample.py", 7)]


def test_round_trip_extract_update_check_compile(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert catalog.main(["extract"]) == 0
    pot = project / "translations" / "kesos.pot"
    first = pot.read_bytes()
    assert catalog.main(["extract"]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert pot.read_bytes() == first  # no churn from the creation date

    assert catalog.main(["update"]) == 0
    assert _po(project, "id").is_file() and _po(project, "en").is_file()
    assert sorted(catalog.untranslated("en")) == sorted(
        ["Masuk ke Kesos", "Nama lengkap", "{n} berkas", "[menu] Berkas", "[laporan] {n} orang"]
    )
    assert catalog.untranslated("id") == ["[qt:QPlatformTheme] Cancel"]
    assert catalog.main(["check"]) == 1
    assert "Masuk ke Kesos" in capsys.readouterr().out

    _translate(_po(project, "en"), ENGLISH)
    _translate(_po(project, "id"), {"Cancel": "Batal"})
    assert catalog.untranslated("en") == []
    assert catalog.main(["check"]) == 0

    assert catalog.main(["compile"]) == 0
    assert (project / "translations" / "en" / "LC_MESSAGES" / "kesos.mo").is_file()
    i18n.reload_catalogs()
    english = i18n.translator("en")
    assert english.gettext("Masuk ke Kesos") == "Sign in to Kesos"
    assert english.ngettext("{n} berkas", "{n} berkas", 2) == "{n} files"
    assert english.npgettext("laporan", "{n} orang", "{n} orang", 1) == "{n} person"
    assert english.pgettext("qt:QPlatformTheme", "Cancel") == "Cancel"
    assert i18n.translator("id").pgettext("qt:QPlatformTheme", "Cancel") == "Batal"


def test_update_keeps_translations_and_flags_changed_messages(project: Path) -> None:
    catalog.main(["extract"])
    catalog.main(["update"])
    _translate(_po(project, "en"), ENGLISH)
    sample = project / "sample.py"
    text = (
        sample.read_text().replace('"Masuk ke Kesos"', '"Masuk ke Kesos Desktop"').replace('N_("Nama lengkap")', '""')
    )
    sample.write_text(text, encoding="utf-8")
    catalog.main(["extract"])
    catalog.main(["update"])
    with _po(project, "en").open("rb") as fp:
        english = read_po(fp)
    changed = english.get("Masuk ke Kesos Desktop")
    assert changed is not None and changed.fuzzy and changed.string == "Sign in to Kesos"
    assert english.get("Berkas", "menu").string == "File"
    # A fuzzy guess is not a translation: check lists it and the compiled catalog leaves it out.
    assert catalog.untranslated("en") == ["Masuk ke Kesos Desktop"]
    i18n.reload_catalogs()
    assert i18n.translator("en").gettext("Masuk ke Kesos Desktop") == "Masuk ke Kesos Desktop"
    # A dropped message keeps its translation as obsolete for reuse; the Indonesian catalog keeps no empty ones.
    assert english.obsolete["Nama lengkap"].string == "Full name"
    with _po(project, "id").open("rb") as fp:
        assert not read_po(fp).obsolete


def test_update_drops_far_fetched_suggestions(project: Path) -> None:
    catalog.main(["extract"])
    catalog.main(["update"])
    _translate(_po(project, "en"), ENGLISH)
    sample = project / "sample.py"
    # Babel would offer "Full name" for "Nama panggilan" (a nickname): similar letters, another meaning.
    sample.write_text(sample.read_text().replace('N_("Nama lengkap")', 'N_("Nama panggilan")'), encoding="utf-8")
    catalog.main(["extract"])
    catalog.main(["update"])
    with _po(project, "en").open("rb") as fp:
        new = read_po(fp).get("Nama panggilan")
    assert new is not None and new.string == "" and not new.fuzzy


def test_check_catches_placeholders_the_code_does_not_pass(project: Path) -> None:
    catalog.main(["extract"])
    catalog.main(["update"])
    _translate(_po(project, "en"), {**ENGLISH, "{n} berkas": ("{count} file", "{count} files"), "Berkas": "File {x"})
    _translate(_po(project, "id"), {"Cancel": "Batal %1"})
    problems = catalog.placeholder_problems("en") + catalog.placeholder_problems("id")
    assert len(problems) == 3, problems
    assert catalog.main(["check"]) == 1


def test_a_plural_form_may_drop_the_count(project: Path) -> None:
    catalog.main(["extract"])
    catalog.main(["update"])
    _translate(_po(project, "en"), {**ENGLISH, "{n} berkas": ("one file", "{n} files")})
    assert catalog.placeholder_problems("en") == []


def test_empty_indonesian_plurals_fall_back_by_count(project: Path) -> None:
    sample = project / "sample.py"
    sample.write_text(sample.read_text() + '\nONE = ngettext("1 berkas", "{n} berkas", 3)\n', encoding="utf-8")
    catalog.main(["extract"])
    catalog.main(["update"])
    catalog.main(["compile"])
    i18n.reload_catalogs()
    indonesian = i18n.translator("id")
    assert indonesian.ngettext("1 berkas", "{n} berkas", 1) == "1 berkas"
    assert indonesian.ngettext("1 berkas", "{n} berkas", 3) == "{n} berkas"


def test_update_without_template_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert catalog.main(["update"]) == 2
    assert "extract" in capsys.readouterr().err
