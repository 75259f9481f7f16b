"""The ``kesos`` command run in-process (init, db, backup, demo, errors) and ``kesos selftest`` in a subprocess."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import URL

from kesos_desktop import __version__, cli
from kesos_desktop.core.config import locations
from kesos_desktop.core.db import migrate, open_database
from kesos_desktop.core.models import Office, Person

ADMIN = ["--admin-user", "admin", "--admin-password", "rahasia123"]


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests are never interactive: nothing may wait for typed input."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _people(path: Path) -> int:
    db = open_database(URL.create("sqlite", database=str(path)))
    try:
        with db.read() as s:
            return s.scalar(select(func.count(Person.id))) or 0
    finally:
        db.dispose()


def test_version_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--version")
    assert code == 0 and __version__ in out
    code, _out, err = run(capsys)
    assert code == 2 and "init" in err
    code, _out, err = run(capsys, "db")
    assert code == 2 and "upgrade" in err
    code, _out, err = run(capsys, "demo")
    assert code == 2 and "--residents" in err


def test_init_creates_the_database_and_completes_setup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "kantor.sqlite"
    code, out, err = run(
        capsys, "--db", str(path), "init", "--office-name", "Dinas Sosial Kota Bandung", "--region", "32.73", *ADMIN
    )
    assert code == 0, err
    assert str(path) in out and migrate.head_revision() in out
    assert "Dinas Sosial Kota Bandung" in out
    from kesos_desktop.core.services import auth

    db = open_database(URL.create("sqlite", database=str(path)))
    try:
        with db.write() as s:
            actor = auth.login(s, "admin", "rahasia123")
            office = s.scalar(select(Office).where(Office.is_own.is_(True)))
        assert actor.can("users.manage") and office is not None and office.region_code == "32.73"
    finally:
        db.dispose()
    # A second setup is refused with the reason, not a traceback.
    code, _out, err = run(capsys, "--db", str(path), "init", "--office-name", "Lain", "--region", "31", *ADMIN)
    assert code == 2 and "sudah pernah" in err and "Traceback" not in err


def test_init_without_setup_options_only_creates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "init")
    assert code == 0
    assert locations().default_database.exists()
    assert "kesos init --office-name" in out


def test_init_reports_missing_and_invalid_fields(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    code, _out, err = run(capsys, "--db", str(path), "init", "--office-name", "Dinas Sosial", "--region", "31")
    assert code == 2
    assert "--admin-user" in err and "--admin-password" in err
    code, _out, err = run(capsys, "--db", str(path), "init", "--office-name", "Dinas Sosial", "--region", "99", *ADMIN)
    assert code == 2 and "--region" in err and "Traceback" not in err


def test_db_status_and_upgrade(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    code, out, _err = run(capsys, "--db", str(path), "db", "status")
    assert code == 0 and "belum" in out
    assert not path.exists(), "status never creates a database"
    code, out, _err = run(capsys, "db", "upgrade", "--db", str(path))
    assert code == 0 and "baru dibuat" in out
    code, out, _err = run(capsys, "db", "upgrade", "--db", str(path))
    assert code == 0 and "terbaru" in out
    code, out, _err = run(capsys, "db", "status", "--db", str(path))
    assert code == 0 and f"Revisi basis data: {migrate.head_revision()}" in out and "terbaru" in out


def test_db_upgrade_of_an_old_file_makes_a_backup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from kesos_desktop.core.db.database import make_engine

    first = "0001_foundation"
    path = tmp_path / "lama.sqlite"
    engine = make_engine(URL.create("sqlite", database=str(path)))
    migrate.upgrade(engine, first)
    engine.dispose()
    if first == migrate.head_revision():
        pytest.skip("only one migration so far")
    code, out, _err = run(capsys, "--db", str(path), "db", "status")
    assert code == 0 and "perlu diperbarui" in out
    code, out, err = run(capsys, "--db", str(path), "db", "upgrade")
    assert code == 0, err
    assert f"dari revisi {first}" in out and "Cadangan sebelum pembaruan" in out
    backups = list(locations().backups.glob("lama-*.sqlite"))
    assert len(backups) == 1


def test_backup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    assert run(capsys, "--db", str(path), "init", "--office-name", "Dinas Sosial", "--region", "31", *ADMIN)[0] == 0
    code, out, _err = run(capsys, "--db", str(path), "backup")
    assert code == 0
    made = Path(out.strip().split(": ", 1)[1])
    assert made.parent == locations().backups and made.exists()
    target = tmp_path / "cadangan"
    target.mkdir()
    code, out, _err = run(capsys, "backup", "--db", str(path), "--to", str(target))
    assert code == 0
    copy = next(target.glob("k-*.sqlite"))
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT name FROM office").fetchone() == ("Dinas Sosial",)
    code, _out, err = run(capsys, "backup", "--db", str(tmp_path / "tidak-ada.sqlite"))
    assert code == 1 and "belum ada" in err


def test_backup_of_postgresql_points_to_pg_dump(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", "postgresql://kesos@localhost/kesos", "backup")
    assert code == 2 and "pg_dump" in err


@pytest.mark.parametrize(
    "command",
    [["init"], ["db", "upgrade"], ["db", "status"], ["backup"], ["demo", "--residents", "5"]],
    ids=lambda c: " ".join(c),
)
def test_a_text_file_as_database_is_refused_and_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "catatan.txt"
    content = b"Bukan basis data.\r\nBaris kedua \xe2\x9c\x93\n"
    path.write_bytes(content)
    code, out, err = run(capsys, "--db", str(path), *command)
    assert code == 3
    assert str(path) in err and "bukan basis data Kesos" in err
    assert "Traceback" not in err + out
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catatan.txt"]


def test_demo_fills_the_demo_database(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "demo", "--residents", "120", "--seed", "2")
    assert code == 0, err
    demo_file = locations().demo_database
    assert str(demo_file) in out
    assert "120 warga binaan" in out and "demo12345" in out and "detik" in out
    assert "120 dari 120" in err  # the progress line
    assert _people(demo_file) == 120
    assert not locations().default_database.exists(), "the demo never touches the real database"


def test_demo_refuses_a_real_office_without_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    assert run(capsys, "--db", str(path), "init", "--office-name", "Dinas Sosial", "--region", "31", *ADMIN)[0] == 0
    code, _out, err = run(capsys, "demo", "--residents", "10", "--db", str(path))
    assert code == 2 and "--force" in err
    assert _people(path) == 0
    code, out, _err = run(capsys, "demo", "--residents", "10", "--db", str(path), "--force")
    assert code == 0 and "demo12345" not in out
    assert _people(path) == 10


def test_language_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from kesos_desktop.core import i18n

    code, _out, _err = run(capsys, "--lang", "en", "db", "status", "--db", str(tmp_path / "x.sqlite"))
    assert code == 0 and i18n.current_language() == "en"
    code, _out, err = run(capsys, "--lang", "fr", "db", "status")
    assert code == 2 and "--lang" in err


def test_damaged_settings_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    settings = locations().settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("{rusak", encoding="utf-8")
    code, _out, err = run(capsys, "db", "status")
    assert code == 2 and str(settings) in err and "Traceback" not in err


def test_unexpected_error_gives_message_and_log(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_args: object, _settings: object) -> int:
        raise RuntimeError("rusak di dalam")

    monkeypatch.setattr(cli, "_cmd_db_status", broken)
    code, _out, err = run(capsys, "db", "status")
    assert code == 1 and "rusak di dalam" in err and "Traceback" not in err
    log = locations().logs / cli.CLI_LOG
    assert str(log) in err and "RuntimeError: rusak di dalam" in log.read_text(encoding="utf-8")


def test_settings_database_url_is_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "dari-pengaturan.sqlite"
    settings = locations().settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"database_url": str(path)}), encoding="utf-8")
    code, out, _err = run(capsys, "db", "upgrade")
    assert code == 0 and str(path) in out and path.exists()


@pytest.mark.slow
def test_selftest_in_a_subprocess(tmp_path: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("kesos_desktop.ui.main_window") is None:
        pytest.skip("waiting for kesos_desktop.ui.main_window (UI issue); the lead runs this at the end")
    env = {**os.environ, "KESOS_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("KESOS_DB_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "kesos_desktop.cli", "selftest", "--keep"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert sum(line.startswith("✓") for line in lines) == 6, result.stdout
    assert "Traceback" not in result.stderr
    kept = Path(lines[-1].rsplit(" di ", 1)[1])
    try:
        assert (kept / "selftest-window.png").stat().st_size > 10_000
        assert (kept / "selftest.pdf").read_bytes().startswith(b"%PDF")
    finally:
        shutil.rmtree(kept, ignore_errors=True)
