"""Build hook: compile the gettext catalogs (.po -> .mo) into the build tree so wheels ship them.

Everything else about the package is declared in pyproject.toml. This file uses Babel directly instead of importing
kesos_desktop, because the isolated build environment has only setuptools and Babel installed.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TRANSLATIONS = Path("kesos_desktop", "translations")


def _compile(po_path: Path, mo_path: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fp:
        catalog = read_po(fp)
    # Same rule as kesos_desktop.core.i18n.catalog.compile_po_bytes: an all-empty plural entry is left out so
    # gettext picks the Indonesian msgid by n instead of always the singular.
    for message in list(catalog):
        if message.id and message.pluralizable and not any(message.string):
            catalog.delete(message.id, message.context)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with mo_path.open("wb") as fp:
        write_mo(fp, catalog, use_fuzzy=False)


class BuildPyWithCatalogs(build_py):
    """``build_py`` that also writes ``translations/<lang>/LC_MESSAGES/kesos.mo`` next to the copied .po files."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads the source tree, where the runtime compiles .po in memory
        for po_path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po")):
            mo_path = Path(self.build_lib, po_path.with_suffix(".mo"))
            self.announce(f"compiling {po_path} -> {mo_path}", level=2)
            _compile(po_path, mo_path)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        compiled = [str(Path(self.build_lib, po.with_suffix(".mo"))) for po in TRANSLATIONS.glob("*/LC_MESSAGES/*.po")]
        return outputs + [path for path in compiled if path not in outputs]


setup(cmdclass={"build_py": BuildPyWithCatalogs})
