"""The shipped English catalog translates every message in the source, with the same placeholders.

Messages are extracted afresh from ``kesos_desktop/**.py`` (in memory; nothing is written), so a new ``_("…")``
without an English translation fails here, not only after someone runs ``catalog extract``/``update``.
To fix a failure: ``python -m kesos_desktop.core.i18n.catalog extract``, then ``update``, translate the new entries
in ``translations/en/LC_MESSAGES/kesos.po`` (see ``translations/README.md``), and ``check``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kesos_desktop.core.i18n import catalog

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


@pytest.fixture(scope="module")
def source_template() -> Catalog:
    return catalog.extract_template()


def test_every_source_message_has_an_english_translation(source_template: Catalog) -> None:
    missing = catalog.untranslated("en", template=source_template)
    assert missing == [], (
        f"{len(missing)} message(s) in the source have no English translation (or only a fuzzy one). "
        "Run `python -m kesos_desktop.core.i18n.catalog extract` and `update`, then translate them in "
        "kesos_desktop/translations/en/LC_MESSAGES/kesos.po:\n  " + "\n  ".join(missing)
    )


def test_english_translations_keep_their_placeholders() -> None:
    problems = catalog.placeholder_problems("en")
    assert problems == [], "\n".join(problems)
