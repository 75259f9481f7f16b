"""Resident list benchmarks on 100,000 demo residents: page open to first rows painted, and keystroke latency.

Targets (issue 3 item 8): first rows < 300 ms after the page opens; a search keystroke updates the results with
p95 < 50 ms and within 3x the raw SQL of ``find_resident_ids`` run through the sqlite3 module in the same run.
The keystroke is timed from the moment the debounced query starts (the 150 ms debounce is deliberate and not
counted) until the table has painted the first rows of the new result.

Run with ``python -m pytest tests/perf/test_resident_list_perf.py -o addopts="" -p no:cacheprovider -s``. Building the
dataset takes about a minute; ``KESOS_PERF_RESIDENTS_DB=/path/file.sqlite`` reuses (or creates once) a file.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sqlite3
import statistics
import sys
import time
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import URL

from kesos_desktop.core.config import Settings
from kesos_desktop.core.models import Person
from kesos_desktop.core.services import auth
from kesos_desktop.core.services import resident_list as rl
from kesos_desktop.core.services.demo import DEMO_ADMIN, DEMO_PASSWORD, generate_demo
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.residents.list_page import ResidentsPage

RESIDENTS = 100_000
OPEN_BUDGET_MS = 300
KEYSTROKE_P95_BUDGET_MS = 50
FLOOR_FACTOR = 3
OPEN_ROUNDS = 5
RESULTS = Path(__file__).resolve().parents[1] / "artifacts" / "perf_resident_list.json"


@pytest.fixture(scope="module", autouse=True)
def _fresh_results() -> None:
    RESULTS.unlink(missing_ok=True)


@pytest.fixture(scope="module", autouse=True)
def _singletons_survive_the_loop() -> None:
    """Keep None/True/False alive through the benchmark loops when the Qt binding drops references to them.

    The PySide6 6.12.0 wheel (cp310-abi3) on CPython 3.11 loses a reference to None on each call of a void method
    and to True on each ``Signal.emit()`` (seen here: ``QObject.setObjectName`` x100 lowers ``sys.getrefcount(None)``
    by 100), so a loop of a few thousand UI steps aborts with "Fatal Python error: none_dealloc". Python 3.12+
    (immortal singletons) is not affected. This guard is for the benchmark process only; the program itself needs
    the binding or interpreter fixed (reported to the lead).
    """
    if sys.version_info >= (3, 12):
        return
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    if sys.getrefcount(None) >= before:
        return
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    for singleton in (None, True, False):
        for _ in range(1_000_000):
            incref(singleton)


def _build(template: Path, path: Path, home: Path) -> None:
    from kesos_desktop.core.db import open_database

    shutil.copyfile(template, path)
    old = os.environ.get("KESOS_HOME")
    os.environ["KESOS_HOME"] = str(home)
    try:
        database = open_database(URL.create("sqlite", database=str(path)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            generate_demo(database, residents=RESIDENTS, seed=1)
        database.dispose()
    finally:
        if old is None:
            os.environ.pop("KESOS_HOME", None)
        else:
            os.environ["KESOS_HOME"] = old


@pytest.fixture(scope="module")
def big_file(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("residents_perf")
    reuse = os.environ.get("KESOS_PERF_RESIDENTS_DB")
    if reuse:
        path = Path(reuse)
        if not path.exists():
            _build(template_db, path, folder / "home")
        return path
    path = folder / "big.sqlite"
    _build(template_db, path, folder / "home")
    return path


@pytest.fixture
def big_db(big_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.db import open_database

    path = tmp_path / "big.sqlite"
    shutil.copyfile(big_file, path)
    database = open_database(URL.create("sqlite", database=str(path)))
    with database.read() as s:
        people = s.scalar(select(func.count()).select_from(Person))
        indexed = s.scalar(text("SELECT count(*) FROM person_fts"))
        summarised = s.scalar(select(func.count()).where(Person.name_key != ""))
    assert people == RESIDENTS, "the dataset is not the 100,000 demo residents"
    assert indexed == people and summarised == people, "generate_demo left the search index or name keys empty"
    yield database
    database.dispose()


@pytest.fixture
def actor(big_db):  # type: ignore[no-untyped-def]
    with big_db.write() as s:
        return auth.login(s, DEMO_ADMIN, DEMO_PASSWORD)


class PaintWatch(QObject):
    """Records when the page paints the wanted result: table rows, or the "no match" message."""

    def __init__(self, page: ResidentsPage) -> None:
        super().__init__()
        self.page = page
        self.wanted: str | None = None
        self.painted_at: float | None = None
        page.table.viewport().installEventFilter(self)
        page.empty.installEventFilter(self)

    def expect(self, typed: str) -> None:
        self.wanted, self.painted_at = typed, None

    def eventFilter(self, watched: QObject, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.Paint and self.painted_at is None and self._ready():
            self.painted_at = time.perf_counter()
        return False

    def _ready(self) -> bool:
        shown, model = self.page.shown, self.page.model
        if shown is None or self.wanted is None or shown.flt.text != self.wanted:
            return False
        return model.rowCount() == 0 or model.row_at(0) is not None


def open_page(qtbot, db, actor) -> tuple[ResidentsPage, PaintWatch, float]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    page = ResidentsPage(AppContext(db=db, actor=actor, settings=Settings()))
    qtbot.addWidget(page)
    watch = PaintWatch(page)
    watch.expect("")
    page.resize(1052, 720)
    page.show()
    qtbot.waitUntil(lambda: watch.painted_at is not None, timeout=60_000)
    return page, watch, started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def typed_prefixes(db, count: int = 50) -> list[str]:  # type: ignore[no-untyped-def]
    """What people type: growing prefixes of real names in the dataset (3 letters and more), then a second word."""
    with db.read() as s:
        names = list(
            s.scalars(
                select(Person.full_name)
                .where(Person.name_unknown.is_(False))
                .order_by(Person.registration_no)
                .limit(400)
            )
        )
    prefixes: list[str] = []
    for name in names[::7]:
        words = name.lower().split()
        first = words[0]
        if not all(w.isalpha() for w in words):
            continue
        prefixes += [first[:n] for n in range(3, min(len(first), 6) + 1)]
        if len(words) > 1:
            prefixes.append(f"{first} {words[1][:2]}")
        if len(prefixes) >= count:
            break
    return list(dict.fromkeys(prefixes))[:count]


class SqlCapture:
    """The SQL and parameters the service sends for one call, to replay them through the sqlite3 module."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.statements: list[tuple[str, tuple]] = []
        event.listen(engine, "before_cursor_execute", self._seen)
        self.engine = engine

    def _seen(self, _conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        self.statements.append((statement, tuple(parameters)))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def raw_ids_sql(db, actor, flt: rl.ResidentFilter) -> tuple[str, tuple]:  # type: ignore[no-untyped-def]
    capture = SqlCapture(db.engine)
    try:
        with db.read() as s:
            rl.find_resident_ids(s, actor, flt)
    finally:
        capture.close()
    return next((sql, p) for sql, p in reversed(capture.statements) if sql.lstrip().upper().startswith("SELECT"))


def time_raw(raw: sqlite3.Connection, sql: str, params: tuple, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        raw.execute(sql, params).fetchall()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def save(section: str, values: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    found = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    found[section] = values
    RESULTS.write_text(json.dumps(found, indent=2, ensure_ascii=False), encoding="utf-8")


# ------------------------------------------------------------------------------------------------------ tests


def test_floor_raw_sql_of_the_opening_query(benchmark, big_db, actor) -> None:  # type: ignore[no-untyped-def]
    """The floor for the page opening: the same SQL, through the sqlite3 module, no Python objects made."""
    sql, params = raw_ids_sql(big_db, actor, rl.ResidentFilter())
    raw = sqlite3.connect(str(big_db.path))
    rows = benchmark.pedantic(lambda: raw.execute(sql, params).fetchall(), rounds=5, iterations=1)
    assert len(rows) == RESIDENTS
    plan = [r[3] for r in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
    print(f"\nopening query plan: {plan}")
    raw.close()


def test_page_open_to_first_rows_painted(qtbot, big_db, actor) -> None:  # type: ignore[no-untyped-def]
    sql, params = raw_ids_sql(big_db, actor, rl.ResidentFilter())
    raw = sqlite3.connect(str(big_db.path))
    timings, floors = [], []
    for _ in range(OPEN_ROUNDS):
        page, watch, started = open_page(qtbot, big_db, actor)
        assert watch.painted_at is not None
        timings.append((watch.painted_at - started) * 1000)
        assert page.model.rowCount() == RESIDENTS
        qtbot.waitUntil(page.model.is_complete, timeout=60_000)  # the rest of the ids, in the background
        page.close()
        floors.append(time_raw(raw, sql, params, rounds=1))
    raw.close()
    result = {
        "open_to_first_rows_ms": {"min": min(timings), "median": statistics.median(timings), "max": max(timings)},
        "raw_sql_floor_ms": {"min": min(floors), "median": statistics.median(floors)},
        "target_ms": OPEN_BUDGET_MS,
    }
    save("open", result)
    print(f"\npage open → first rows painted: {json.dumps(result, indent=1)}")
    assert statistics.median(timings) < OPEN_BUDGET_MS, result


def test_keystroke_to_results(qtbot, big_db, actor) -> None:  # type: ignore[no-untyped-def]
    page, watch, _started = open_page(qtbot, big_db, actor)
    raw = sqlite3.connect(str(big_db.path))
    prefixes = typed_prefixes(big_db)
    assert len(prefixes) >= 40
    latencies: list[float] = []
    floors: list[float] = []
    per_prefix = []
    for typed in prefixes:
        sql, params = raw_ids_sql(big_db, actor, rl.ResidentFilter(text=typed))
        floor = time_raw(raw, sql, params)
        page.search.blockSignals(True)
        page.search.setText(typed)
        page.search.blockSignals(False)
        watch.expect(typed)
        started = time.perf_counter()
        page.run_query()  # what the debounce timer does 150 ms after the last keystroke
        qtbot.waitUntil(lambda: watch.painted_at is not None, timeout=30_000)
        latency = (watch.painted_at - started) * 1000
        latencies.append(latency)
        floors.append(floor)
        per_prefix.append({"typed": typed, "found": page.model.rowCount(), "ms": latency, "raw_ms": floor})
    raw.close()
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    f50, f95 = statistics.median(floors), percentile(floors, 0.95)
    result = {
        "prefixes": len(prefixes),
        "keystroke_ms": {"p50": p50, "p95": p95, "max": max(latencies)},
        "raw_sql_floor_ms": {"p50": f50, "p95": f95, "max": max(floors)},
        "p95_ratio_to_floor": p95 / f95 if f95 else None,
        "targets": {"p95_ms": KEYSTROKE_P95_BUDGET_MS, "ratio": FLOOR_FACTOR},
        "slowest": sorted(per_prefix, key=lambda r: -r["ms"])[:8],
    }
    save("keystroke", result)
    print(f"\nkeystroke → results painted: {json.dumps(result, indent=1)}")
    assert p95 < KEYSTROKE_P95_BUDGET_MS, result
    assert p95 <= FLOOR_FACTOR * f95, result
