"""House rules that code review alone would miss: core never imports Qt, every module has a docstring."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kesos_desktop"


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_core_never_imports_qt() -> None:
    offenders = []
    for path in _modules(PACKAGE / "core"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6")
            ]
            offenders += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.startswith("kesos_desktop.ui")]
    assert offenders == []


def test_importing_all_of_core_loads_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys, kesos_desktop.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'kesos_desktop.core.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_has_a_docstring() -> None:
    missing = []
    for path in _modules(PACKAGE):
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            continue
        if ast.get_docstring(ast.parse(text)) is None:
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []
