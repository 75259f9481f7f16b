"""Shared fixtures: an isolated KESOS_HOME per test, a migrated SQLite template per run, PostgreSQL on demand."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

# Qt must never try to open a real display in tests; set before PySide6 is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest
from sqlalchemy.engine import URL, make_url

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(autouse=True)
def kesos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, config, backup and log folders; nothing touches the real user folders."""
    home = tmp_path / "kesos-home"
    monkeypatch.setenv("KESOS_HOME", str(home))
    monkeypatch.delenv("KESOS_DB_URL", raising=False)
    from kesos_desktop.core import i18n

    i18n.install("id")
    return home


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded, empty SQLite database made once per run."""
    from kesos_desktop.core.db import open_database

    folder = tmp_path_factory.mktemp("template")
    old = os.environ.get("KESOS_HOME")
    os.environ["KESOS_HOME"] = str(folder / "home")
    try:
        path = folder / "template.sqlite"
        db = open_database(URL.create("sqlite", database=str(path)))
        db.dispose()
    finally:
        if old is None:
            os.environ.pop("KESOS_HOME", None)
        else:
            os.environ["KESOS_HOME"] = old
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kesos.sqlite"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.db import open_database

    database = open_database(URL.create("sqlite", database=str(db_path)))
    yield database
    database.dispose()


ADMIN_PASSWORD = "rahasia123"


@pytest.fixture
def admin(db):  # type: ignore[no-untyped-def]
    """A set-up office with its first administrator signed in; returns the Actor."""
    from kesos_desktop.core.services import auth
    from tests.factories import setup_office

    setup_office(db)
    with db.write() as s:
        return auth.login(s, "admin", ADMIN_PASSWORD)


@pytest.fixture
def pg_url() -> Iterator[URL]:
    """A fresh PostgreSQL database for one test, dropped afterwards; skips when KESOS_TEST_PG_URL is not set."""
    base = os.environ.get("KESOS_TEST_PG_URL")
    if not base:
        pytest.skip("KESOS_TEST_PG_URL is not set: no PostgreSQL server to test against")
    import sqlalchemy as sa

    admin_url = make_url(base)
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"kesos_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Benchmarks (tests/perf) run only when asked for by path: ``python -m pytest tests/perf``."""
    if "perf" in collection_path.parts and collection_path.parent.name == "tests":
        asked = any("tests/perf" in str(a).replace("\\", "/") for a in config.args)
        return None if asked else True
    return None
