"""Benchmarks for duplicate candidates (100,000 residents) and the register import (10,000 rows).

Not part of the default run; run with
``python -m pytest tests/perf/test_registry_perf.py -o addopts="" -s``.
Set ``KESOS_PERF_DB`` to a demo database made earlier to skip generating one (about 30 s).
Targets (issue 3 §8): duplicate candidates on save < 100 ms; import of 10,000 rows < 30 s with progress.
Floors measured in the same run: the raw FTS query behind the candidates, and reading the file.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from datetime import date
from pathlib import Path
from random import Random

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text
from sqlalchemy.engine import URL

from kesos_desktop.core.models import Office, Person
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import duplicates, importer
from kesos_desktop.core.services.duplicates import CandidateQuery, find_candidates

RESIDENTS = 100_000
IMPORT_ROWS = 10_000
CANDIDATE_BUDGET_S = 0.100
IMPORT_BUDGET_S = 30.0


def _prepare(path: Path) -> None:
    """The demo generator fills people and stays; make sure name keys and the search index are there too."""
    from kesos_desktop.core.db import open_database
    from kesos_desktop.core.registry.names import name_key
    from kesos_desktop.core.services.search_index import rebuild_search_index

    db = open_database(URL.create("sqlite", database=str(path)))
    try:
        with db.write() as s:
            missing = s.execute(text("SELECT id, full_name, alias FROM person WHERE name_key = ''")).all()
            if missing:
                s.execute(
                    text("UPDATE person SET name_key = :k WHERE id = :i"),
                    [{"k": name_key(n or a), "i": i} for i, n, a in missing],
                )
            indexed = s.scalar(text("SELECT count(*) FROM person_fts")) or 0
            if missing or indexed < RESIDENTS:
                rebuild_search_index(s)
            s.commit()
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def big_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("KESOS_PERF_DB")
    folder = tmp_path_factory.mktemp("registry-perf")
    path = folder / "demo100k.sqlite"
    os.environ["KESOS_HOME"] = str(folder / "home")
    if given:
        shutil.copyfile(given, path)
    else:
        from kesos_desktop.core.db import open_database
        from kesos_desktop.core.services.demo import generate_demo

        db = open_database(URL.create("sqlite", database=str(path)))
        started = time.perf_counter()
        generate_demo(db, residents=RESIDENTS)
        print(f"\ngenerated {RESIDENTS} residents in {time.perf_counter() - started:.1f} s")
        db.dispose()
    _prepare(path)
    return path


@pytest.fixture
def big_db(big_db_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.db import open_database

    path = tmp_path / "work.sqlite"
    shutil.copyfile(big_db_file, path)
    db = open_database(URL.create("sqlite", database=str(path)), upgrade=False, seed=False)
    yield db
    db.dispose()


def _stats(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1], ordered[-1]


def _sample(db, n: int = 200):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.execute(
            select(Person.full_name, Person.birth_date, Person.sex, Person.origin_region_code)
            .where(Person.name_unknown.is_(False), Person.birth_date.is_not(None))
            .order_by(Person.registration_no)
            .limit(n)
        ).all()


def _variant(name: str, rng: Random) -> str:
    """The name as someone else would type it: a title, another case, a typo in one word."""
    words = name.split()
    if rng.random() < 0.4 and len(words[-1]) > 4:
        i = rng.randrange(1, len(words[-1]) - 1)
        words[-1] = words[-1][:i] + words[-1][i + 1 :]
    typed = " ".join(words)
    return rng.choice(["", "Sdr. ", "Ibu ", "Bpk. "]) + (typed.upper() if rng.random() < 0.3 else typed)


def test_duplicate_candidates_on_100k(big_db) -> None:  # type: ignore[no-untyped-def]
    actor = Actor.system()
    rng = Random(3)
    people = _sample(big_db)
    with big_db.read() as s:
        assert (s.scalar(select(func.count(Person.id))) or 0) >= RESIDENTS
        for name, born, sex, _origin in people[:20]:  # warm the page cache like an office PC that has been in use
            find_candidates(s, actor, CandidateQuery(full_name=name, birth_date=born, sex=sex))
        on_save, typing, floor, found = [], [], [], 0
        for name, born, sex, origin in people[20:]:
            typed = _variant(name, rng)
            query = CandidateQuery(full_name=typed, birth_date=born, sex=sex, origin_region_code=origin or "")
            started = time.perf_counter()
            result = find_candidates(s, actor, query)
            on_save.append(time.perf_counter() - started)
            found += any(c.full_name == name for c in result)
            started = time.perf_counter()
            find_candidates(s, actor, CandidateQuery(full_name=typed))
            typing.append(time.perf_counter() - started)
            expression = duplicates._fts_expression("sqlite", duplicates.name_key(typed).split())
            started = time.perf_counter()
            s.execute(text("SELECT person_id FROM person_fts WHERE person_fts MATCH :q"), {"q": expression}).all()
            floor.append(time.perf_counter() - started)
    save = _stats(on_save)
    type_ = _stats(typing)
    raw = _stats(floor)
    print(
        f"\ncandidates on save (name+birth+sex+origin): median {save[0] * 1000:.1f} ms, p95 {save[1] * 1000:.1f} ms, "
        f"max {save[2] * 1000:.1f} ms\ncandidates while typing (name only): median {type_[0] * 1000:.1f} ms, "
        f"p95 {type_[1] * 1000:.1f} ms, max {type_[2] * 1000:.1f} ms\nfloor raw FTS query: median "
        f"{raw[0] * 1000:.1f} ms, p95 {raw[1] * 1000:.1f} ms\nthe typed person found in {found}/{len(on_save)}"
    )
    assert save[1] < CANDIDATE_BUDGET_S  # the target: candidates on save
    # While typing (no birth year yet, so the widest block): the same budget, or a fixed multiple of the raw query
    # when the machine is slow (the floor moves with it).
    assert type_[1] < max(CANDIDATE_BUDGET_S, 6 * raw[1])
    assert found >= 0.95 * len(on_save)


HEADERS = ["No", "Nama", "NIK", "L/P", "Tempat Lahir", "Tgl Lahir", "Kelurahan/Desa", "Kecamatan",
           "Kabupaten/Kota", "Provinsi", "Agama", "Kategori", "Alamat"]  # fmt: skip


def _register_file(path: Path, rows: int) -> Path:
    from kesos_desktop.core.reference.regions import current_regions, get_region
    from kesos_desktop.core.services import demo_data as d

    rng = Random(11)
    desa = [r.code for r in current_regions(4, "32")][:400] + [r.code for r in current_regions(4, "35")][:400]
    book = Workbook(write_only=True)
    ws = book.create_sheet("Register")
    ws.append(HEADERS)
    for n in range(1, rows + 1):
        sex = "L" if rng.random() < 0.6 else "P"
        first = d.MALE_FIRST if sex == "L" else d.FEMALE_FIRST
        last = d.MALE_LAST if sex == "L" else d.FEMALE_LAST
        born = date(rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28))
        code = rng.choice(desa)
        chain = [get_region(code[:k]) for k in (2, 5, 8, 13)]
        nik = ""
        if rng.random() < 0.6:
            day = born.day + (40 if sex == "P" else 0)
            nik = f"{code[:8].replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{9000 + n % 1000:04d}"
        ws.append([
            n,
            f"{rng.choice(first)} {rng.choice(last)} {n}",
            nik,
            sex,
            chain[1].name.replace("Kabupaten ", "").replace("Kota ", ""),  # type: ignore[union-attr]
            rng.choice([born.strftime("%d-%m-%Y"), born.strftime("%d/%m/%Y"), born]),
            chain[3].name,  # type: ignore[union-attr]
            chain[2].name,  # type: ignore[union-attr]
            chain[1].name,  # type: ignore[union-attr]
            chain[0].name,  # type: ignore[union-attr]
            "Islam",
            "GEL" if born.year < 2008 else "AJ",
            f"Jl. Mawar No. {n}",
        ])  # fmt: skip
    book.save(path)
    return path


def test_import_10k_rows(big_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _register_file(tmp_path / "register.xlsx", IMPORT_ROWS)
    started = time.perf_counter()
    table = importer.read_table(path)
    read_floor = time.perf_counter() - started
    assert len(table.rows) == IMPORT_ROWS
    mapping = importer.guess_mapping(table.headers)
    steps: list[tuple[int, int]] = []
    with big_db.read() as s:
        office_id = s.scalar(select(Office.id).where(Office.is_own.is_(True)))
    actor = Actor.system(office_id)
    with big_db.write() as s:
        before = s.scalar(select(func.count(Person.id))) or 0
        started = time.perf_counter()
        report = importer.import_people(
            s, actor, table, mapping, dry_run=False, progress=lambda done, total, _m: steps.append((done, total))
        )
        seconds = time.perf_counter() - started
    assert report.rows_bad == [], report.rows_bad[:5]
    with big_db.read() as s:
        assert (s.scalar(select(func.count(Person.id))) or 0) == before + IMPORT_ROWS
    assert len(steps) >= 20 and steps[-1][0] == steps[-1][1]
    print(
        f"\nimport {IMPORT_ROWS} rows into {before} residents: {seconds:.1f} s "
        f"(floor: reading the file {read_floor:.1f} s); duplicates flagged: {len(report.duplicates)}"
    )
    assert seconds + read_floor < IMPORT_BUDGET_S
