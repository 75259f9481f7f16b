"""The built wheel carries resources, fonts, compiled catalogs and migrations, and works when installed from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build_dir = tmp_path_factory.mktemp("src")
    # Build from a copy so the checkout gets no build/ or .egg-info litter.
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"], check=True, capture_output=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / name.decode()
        if src.is_file():
            dest = build_dir / name.decode()
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(src.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(build_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (whl,) = out.glob("kesos_desktop-*.whl")
    return whl


@pytest.mark.slow
def test_wheel_contains_what_the_app_needs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    required = [
        "kesos_desktop/resources/data/wilayah.csv",
        "kesos_desktop/resources/data/wilayah_retired.csv",
        "kesos_desktop/resources/data/wilayah.NOTICE.md",
        "kesos_desktop/resources/data/categories.csv",
        "kesos_desktop/resources/data/exit_reasons.csv",
        "kesos_desktop/resources/data/roles.csv",
        "kesos_desktop/resources/fonts/DejaVuSans.ttf",
        "kesos_desktop/resources/fonts/LICENSE-DejaVu.txt",
        "kesos_desktop/translations/en/LC_MESSAGES/kesos.mo",
        "kesos_desktop/translations/id/LC_MESSAGES/kesos.mo",
        "kesos_desktop/core/db/migrations/env.py",
        "kesos_desktop/core/db/migrations/versions/0001_foundation.py",
    ]
    assert [n for n in required if n not in names] == []
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "kesos = kesos_desktop.cli:main" in text
    assert "kesos-desktop = kesos_desktop.app:main" in text
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "KESOS_HOME": str(tmp_path / "home"), "KESOS_LANG": ""}
    code = (
        "import kesos_desktop, sys; from pathlib import Path\n"
        "assert str(Path(kesos_desktop.__file__).parent).startswith(sys.argv[1]), kesos_desktop.__file__\n"
        "from kesos_desktop.core import i18n; i18n.install('en')\n"
        "from kesos_desktop.core.reference.regions import get_region; print(get_region('31.71').name)\n"
        "from kesos_desktop.cli import main; sys.exit(main(['--db', sys.argv[2], 'db', 'upgrade']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target), str(tmp_path / "x.sqlite")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Jakarta Pusat" in result.stdout
    assert (tmp_path / "x.sqlite").exists()
