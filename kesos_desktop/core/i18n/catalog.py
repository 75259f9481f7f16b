"""Catalog tooling: extract messages from the source, update the .po files, compile .mo, check translation coverage.

Run as ``python -m kesos_desktop.core.i18n.catalog extract|update|compile|check`` from a source checkout;
``translations/README.md`` describes the translator's round trip. Babel is imported lazily so the runtime can
use ``compile_po_bytes`` without loading the extraction machinery.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import string
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kesos_desktop import APP_NAME, __version__
from kesos_desktop.core.i18n import DOMAIN, LANGUAGE_NAMES, LANGUAGES, SOURCE_LANGUAGE, catalog_paths
from kesos_desktop.core.resources import package_root, translations_dir

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

# Babel keyword specs: (1, "c") marks the context argument. qt_noop marks Qt's own strings in ui/i18n_bridge.py.
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "qt_noop": ((1, "c"), 2),
}
COMMENT_TAGS = ("TRANSLATORS:",)
# Messages in a "qt:<Context>" context are Qt's own strings: their msgids are English, so the Indonesian catalog
# translates them and the English one leaves them empty.
QT_CONTEXT_PREFIX = "qt:"
QT_SOURCE_LANGUAGE = "en"
COPYRIGHT_HOLDER = "Kesos Desktop developers"
_CREATION_DATE_LINE = re.compile(rb'^"POT-Creation-Date: .*\\n"\n', re.MULTILINE)
_QT_ARG = re.compile(r"%L?\d+")
FUZZY_CUTOFF = 0.75  # similarity an edited msgid needs to keep its old translation as a fuzzy suggestion


def template_path(root: Path | None = None) -> Path:
    return (root or translations_dir()) / f"{DOMAIN}.pot"


def source_language_of(message: Message) -> str:
    """Language the msgid is written in: English for Qt's strings, Indonesian for ours."""
    context = message.context or ""
    return QT_SOURCE_LANGUAGE if context.startswith(QT_CONTEXT_PREFIX) else SOURCE_LANGUAGE


_HEADER_COMMENT = """\
# {what} for PROJECT.
# Copyright (C) YEAR ORGANIZATION
# msgids are Indonesian (the primary language); Qt's own strings (msgctxt "qt:...") are English.
# How to translate: kesos_desktop/translations/README.md
#"""


def _new_catalog(locale: str | None = None) -> Catalog:
    from babel.messages.catalog import Catalog

    what = f"{LANGUAGE_NAMES[locale]} translations" if locale else "Translation template"
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=_HEADER_COMMENT.format(what=what),
        project=APP_NAME,
        version=__version__,
        copyright_holder=COPYRIGHT_HOLDER,
        msgid_bugs_address="",
        last_translator=COPYRIGHT_HOLDER,
        language_team=f"{APP_NAME} ({locale})" if locale else "",
        charset="utf-8",
        fuzzy=False,
    )


def extract_template(source_dir: Path | None = None) -> Catalog:
    """Extract every marked message from ``source_dir/**.py`` (default: the package) into a template catalog."""
    from babel.messages.extract import extract_from_dir

    source_dir = source_dir or package_root()
    template = _new_catalog()
    found = extract_from_dir(
        source_dir,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        location = f"{source_dir.name}/{Path(filename).as_posix()}"
        template.add(message, None, [(location, lineno)], auto_comments=comments, context=context)
    return template


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(message.id, message.context) for message in catalog if message.id}


def stale_template(template: Catalog | None = None, root: Path | None = None) -> bool:
    """True when ``kesos.pot`` lacks a message the source has, or keeps one the source dropped."""
    path = template_path(root)
    if not path.is_file():
        return True
    return _keys(template or extract_template()) != _keys(read_catalog(path))


def _render_po(catalog: Catalog, **options: Any) -> bytes:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    # File names without line numbers: every edit elsewhere in a file would otherwise churn all catalogs.
    write_po(buffer, catalog, width=76, include_lineno=False, **options)
    return buffer.getvalue()


def write_template(template: Catalog, path: Path | None = None) -> bool:
    """Write ``kesos.pot``; leave the file alone when only its creation date would change. True when written."""
    path = path or template_path()
    rendered = _render_po(template, sort_by_file=True)
    if path.is_file() and _CREATION_DATE_LINE.sub(b"", path.read_bytes()) == _CREATION_DATE_LINE.sub(b"", rendered):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rendered)
    return True


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as fp:
        return read_po(fp, locale=locale, domain=DOMAIN)


def _strings(message: Message) -> tuple[str, ...]:
    value = message.string
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value or "",)


def is_translated(message: Message | None) -> bool:
    """A usable translation: present, not fuzzy, and every plural form filled in."""
    return message is not None and not message.fuzzy and all(_strings(message))


def _drop_poor_guesses(catalog: Catalog) -> None:
    """Forget fuzzy suggestions whose old msgid is not a close edit of the new one.

    Babel's matcher pairs short strings freely ("Korban" with "Kota"): a wrong suggestion costs a translator more
    than an empty entry, so only near-identical edits keep theirs.
    """
    for message in catalog:
        if not message.id or not message.fuzzy:
            continue
        old = " ".join(message.previous_id) if message.previous_id else ""
        new = " ".join(message.id) if isinstance(message.id, (list, tuple)) else message.id
        if difflib.SequenceMatcher(None, old, new).ratio() < FUZZY_CUTOFF:
            message.string = tuple("" for _ in message.string) if isinstance(message.string, (list, tuple)) else ""
            message.flags.discard("fuzzy")
            message.previous_id = []


def update_catalogs(
    template: Catalog | None = None, languages: Iterable[str] = LANGUAGES, root: Path | None = None
) -> list[Path]:
    """Merge the template into each language's .po (creating it if missing); returns the files written."""
    template = template or read_catalog(template_path(root))
    written = []
    for language in languages:
        _, po_path = catalog_paths(language, root)
        catalog = read_catalog(po_path, language) if po_path.is_file() else _new_catalog(language)
        # Fuzzy guesses in the Indonesian catalog would copy some other Qt string's msgstr: not worth the noise.
        catalog.update(template, no_fuzzy_matching=language == SOURCE_LANGUAGE)
        _drop_poor_guesses(catalog)
        # Keep obsolete entries only when they carry a translation someone may want back.
        for key in [key for key, message in catalog.obsolete.items() if not any(_strings(message))]:
            del catalog.obsolete[key]
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po_path.write_bytes(_render_po(catalog, include_previous=True))
        written.append(po_path)
    return written


def compile_po_bytes(po_path: Path) -> bytes:
    """Compile a .po file to .mo bytes (fuzzy and empty entries left out, so gettext falls back to the msgid)."""
    from babel.messages.mofile import write_mo

    catalog = read_catalog(po_path)
    # Babel would fill an empty plural msgstr with the singular msgid, and with Indonesian's single plural form
    # ngettext would then always return the singular; dropping the entry lets gettext pick by n instead.
    for message in list(catalog):
        if message.id and message.pluralizable and not any(_strings(message)):
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogs(
    languages: Iterable[str] = LANGUAGES, root: Path | None = None, out_root: Path | None = None
) -> list[Path]:
    """Compile each language's .po into ``<out_root>/<lang>/LC_MESSAGES/kesos.mo`` (default: beside the .po)."""
    written = []
    for language in languages:
        _, po_path = catalog_paths(language, root)
        mo_path, _ = catalog_paths(language, out_root or root)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        mo_path.write_bytes(compile_po_bytes(po_path))
        written.append(mo_path)
    return written


def _label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return f"[{message.context}] {msgid}" if message.context else msgid


def untranslated(lang: str, *, template: Catalog | None = None, root: Path | None = None) -> list[str]:
    """Msgids found in the source that ``lang``'s catalog does not translate (missing, empty or fuzzy).

    Indonesian msgids need no Indonesian translation and Qt's English msgids need no English one, so
    ``untranslated("en")`` lists our strings and ``untranslated("id")`` lists Qt strings still in English.
    A message with a context is labelled ``"[context] msgid"``.
    """
    template = template or extract_template()
    _, po_path = catalog_paths(lang, root)
    catalog = read_catalog(po_path, lang) if po_path.is_file() else _new_catalog(lang)
    missing = []
    for message in template:
        if not message.id or source_language_of(message) == lang:
            continue
        if not is_translated(catalog.get(message.id, message.context)):
            missing.append(_label(message))
    return missing


def _placeholders(text: str, qt: bool) -> set[str] | None:
    """``%1``-style arguments for Qt's strings, ``{name}`` fields for ours; None when the braces do not parse."""
    if qt:
        return set(_QT_ARG.findall(text))
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return None


def placeholder_problems(lang: str, root: Path | None = None) -> list[str]:
    """Translations whose placeholders differ from the msgid's: ``{name}`` for ours, ``%1`` for Qt's.

    A translation that names a field the code does not pass raises KeyError at run time, so these count as errors.
    A plural form may drop the count ("one file"), but no form may invent a field.
    """
    _, po_path = catalog_paths(lang, root)
    problems = []
    for message in read_catalog(po_path, lang):
        if not message.id or not is_translated(message):
            continue
        qt = source_language_of(message) == QT_SOURCE_LANGUAGE
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        wanted = [_placeholders(text, qt) for text in ids]
        if any(fields is None for fields in wanted):
            continue  # the msgid has a literal brace: it is not a format string
        expected: set[str] = set().union(*(fields for fields in wanted if fields is not None))
        for translated in _strings(message):
            got = _placeholders(translated, qt)
            if got is None:
                problems.append(f"{lang}: {_label(message)!r}: unbalanced braces in {translated!r}")
                break
            if not got <= expected or (len(ids) == 1 and got != expected):
                problems.append(f"{lang}: {_label(message)!r}: placeholders {sorted(got)}, expected {sorted(expected)}")
                break
    return problems


def _print_list(title: str, items: Sequence[str]) -> None:
    print(f"{title} ({len(items)}):")
    for item in items:
        print(f"  {item}")


# The tool talks to developers and translators in English on purpose: it is not part of the user interface.
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kesos_desktop.core.i18n.catalog", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract", help="scan kesos_desktop/**.py and write translations/kesos.pot")
    commands.add_parser("update", help="merge kesos.pot into every translations/<lang>/LC_MESSAGES/kesos.po")
    compile_cmd = commands.add_parser("compile", help="compile every .po into kesos.mo")
    compile_cmd.add_argument("--output-dir", type=Path, help="tree to write <lang>/LC_MESSAGES/kesos.mo into")
    commands.add_parser("check", help="list source messages without an English translation and broken placeholders")
    args = parser.parse_args(argv)

    if args.command == "extract":
        template = extract_template()
        changed = write_template(template)
        count = sum(1 for message in template if message.id)
        print(f"{count} messages; {template_path()} {'written' if changed else 'unchanged'}")
    elif args.command == "update":
        if not template_path().is_file():
            print(f"{template_path()} is missing: run `extract` first", file=sys.stderr)
            return 2
        for path in update_catalogs():
            print(f"updated {path}")
    elif args.command == "compile":
        for path in compile_catalogs(out_root=args.output_dir):
            print(f"compiled {path}")
    else:
        template = extract_template()
        failures = 0
        for lang in LANGUAGES:
            missing = untranslated(lang, template=template)
            what = "Qt strings without an Indonesian translation" if lang == "id" else "Messages without a translation"
            _print_list(f"{what} [{lang}]", missing)
            problems = placeholder_problems(lang)
            if problems:
                _print_list(f"Placeholder problems [{lang}]", problems)
            failures += len(missing) + len(problems)
        if stale_template(template):
            print("note: kesos.pot does not match the source; run `extract` and `update`")
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
