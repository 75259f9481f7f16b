"""Rehabilitation benchmarks (issue 4 item 9): the Riwayat timeline of a resident with 1,000 notes and 200
activities opens in < 200 ms, and the attendance of a 40-person group saves in < 200 ms.

Run with ``python -m pytest tests/perf/test_rehab_perf.py -o addopts="" -p no:cacheprovider -s``. The timeline table
also holds 100,000 lines of 10,000 other people, so the figure includes finding one person's lines among many. Each
budget is checked on the median of the rounds and printed next to a floor measured in the same run: the same rows
read with the sqlite3 module (timeline), and one bare transaction inserting the same number of rows (attendance).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import URL

from kesos_desktop.core.models import Office, Person, PersonEvent, Stay
from kesos_desktop.core.models.cases import Activity, ActivityAttendance, ProgressNote
from kesos_desktop.core.services import activities, auth, cases, timeline
from tests.core.rehab.conftest import PASSWORD, World, _institution
from tests.factories import make_user, setup_office

NOTES, ACTIVITIES, GROUP = 1_000, 200, 40
OTHER_PEOPLE, OTHER_EVENTS = 10_000, 100_000
TIMELINE_BUDGET_S = ATTENDANCE_BUDGET_S = 0.200
ROUNDS = 15
TODAY = date.today()


def _median(fn, rounds: int = ROUNDS) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


@pytest.fixture(scope="module")
def big(template_db: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    import os
    import shutil

    from kesos_desktop.core.db import open_database

    folder = tmp_path_factory.mktemp("rehab_perf")
    path = folder / "rehab.sqlite"
    shutil.copyfile(template_db, path)
    old = os.environ.get("KESOS_HOME")
    os.environ["KESOS_HOME"] = str(folder / "home")
    db = open_database(URL.create("sqlite", database=str(path)))
    try:
        setup_office(db)
        with db.write() as s:
            admin = auth.login(s, "admin", "rahasia123")
        panti = _institution(db, admin, "Panti Sosial Bina Remaja", "PSBR", partner=False)
        make_user(db, admin, "budi", ["pekerja_sosial"], PASSWORD)
        with db.write() as s:
            worker = auth.login(s, "budi", PASSWORD)
        world = World(db, admin, worker, worker, worker, worker, worker, panti, panti, panti)
        group = [
            world.resident(f"Peserta Kelompok {i:02d}", admitted=TODAY - timedelta(days=90))[0] for i in range(GROUP)
        ]
        person = group[0]
        with db.write() as s:
            stay_id = s.scalar(select(Stay.id).where(Stay.person_id == person))
            case = cases.open_case(s, worker, stay_id, worker_id=worker.user_id, opened_on=TODAY - timedelta(days=90))
        _fill(db, person, group, case.id, panti, worker.username)
        yield world, person, group
    finally:
        db.dispose()
        if old is None:
            os.environ.pop("KESOS_HOME", None)
        else:
            os.environ["KESOS_HOME"] = old


def _fill(db, person: uuid.UUID, group: list[uuid.UUID], case_id: uuid.UUID, panti: uuid.UUID, user: str) -> None:  # type: ignore[no-untyped-def]
    """The rows the services would have written, inserted in bulk (the benchmark is about reading them)."""
    rng = random.Random(4)
    now = datetime.now(UTC)
    with db.write() as s:
        office_id = s.scalar(select(Office.id))
        others = [
            {
                "id": uuid.uuid4(),
                "office_id": office_id,
                "registration_no": f"WB-2025-{i:06d}",
                "full_name": f"Orang Lain {i}",
                "sex": "L",
                "name_key": f"orang lain {i}",
                "version_id": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(OTHER_PEOPLE)
        ]
        s.execute(insert(Person), others)
        s.execute(
            insert(PersonEvent),
            [
                {
                    "person_id": others[i % OTHER_PEOPLE]["id"],
                    "occurred_on": TODAY - timedelta(days=rng.randrange(2000)),
                    "recorded_at": now,
                    "kind": "note",
                    "summary": "Catatan perkembangan oleh Budi",
                    "ref_entity": "progress_note",
                    "ref_id": str(uuid.uuid4()),
                    "recorded_by": user,
                }
                for i in range(OTHER_EVENTS)
            ],
        )
        notes, events = [], []
        for i in range(NOTES):
            note_id, day = uuid.uuid4(), TODAY - timedelta(days=i % 365)
            notes.append(
                {
                    "id": note_id,
                    "case_id": case_id,
                    "person_id": person,
                    "written_on": day,
                    "kind": "perkembangan",
                    "text": "Mengikuti kegiatan dengan baik; " * 8,
                    "confidential": i % 10 == 0,
                    "author_username": user,
                    "author_name": "Budi",
                    "version_id": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            events.append((day, "note", "Catatan perkembangan oleh Budi", "progress_note", note_id))
        s.execute(insert(ProgressNote), notes)
        acts, attendance = [], []
        for i in range(ACTIVITIES):
            act_id, day = uuid.uuid4(), TODAY - timedelta(days=i)
            individual = i % 2 == 0
            acts.append(
                {
                    "id": act_id,
                    "kind": "individu" if individual else "kelompok",
                    "type_code": "KONSELING_INDIVIDU" if individual else "BIMBINGAN_AGAMA",
                    "title": "Konseling individu" if individual else "Pengajian",
                    "held_on": day,
                    "institution_id": panti,
                    "case_id": case_id if individual else None,
                    "version_id": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            for pid in [person] if individual else group:
                attendance.append({"activity_id": act_id, "person_id": pid, "status": "hadir", "note": ""})
            events.append((day, "session" if individual else "group_activity", "Pengajian: hadir", "activity", act_id))
        s.execute(insert(Activity), acts)
        s.execute(insert(ActivityAttendance), attendance)
        s.execute(
            insert(PersonEvent),
            [
                {
                    "person_id": person,
                    "occurred_on": day,
                    "recorded_at": now,
                    "kind": kind,
                    "summary": summary,
                    "ref_entity": entity,
                    "ref_id": str(ref),
                    "recorded_by": user,
                }
                for day, kind, summary, entity, ref in events
            ],
        )
        s.commit()


def test_timeline_of_a_resident_with_1000_notes_and_200_activities(big) -> None:  # type: ignore[no-untyped-def]
    world, person, _group = big

    def open_timeline() -> list[timeline.TimelineEvent]:
        with world.db.read() as s:
            return timeline.list_timeline(s, world.worker, person)

    median, events = _median(open_timeline)
    assert len(events) >= NOTES + ACTIVITIES  # type: ignore[arg-type]

    con = sqlite3.connect(world.db.path)

    def floor() -> list[tuple[object, ...]]:
        return con.execute(
            "SELECT id, occurred_on, recorded_at, kind, summary, ref_entity, ref_id, recorded_by FROM person_event "
            "WHERE person_id = ? ORDER BY occurred_on DESC, id DESC",
            (person.hex,),
        ).fetchall()

    floor_median, rows = _median(floor)
    con.close()
    assert len(rows) == len(events)  # type: ignore[arg-type]
    print(
        f"\ntimeline: {len(events)} lines in {median * 1000:.1f} ms (median of {ROUNDS}); "  # type: ignore[arg-type]
        f"floor (sqlite3, same rows) {floor_median * 1000:.1f} ms"
    )
    assert median < TIMELINE_BUDGET_S


def test_attendance_for_40_people_saves_fast(big) -> None:  # type: ignore[no-untyped-def]
    world, _person, group = big
    with world.db.write() as s:
        act = activities.create_group_activity(
            s,
            world.worker,
            activities.GroupActivityInput(world.panti_id, "KONSELING_KELOMPOK", "Konseling kelompok", TODAY),
        )
    statuses = iter(["hadir", "alpa"] * ROUNDS)

    def save() -> activities.AttendanceResult:
        status = next(statuses)
        entries = [activities.AttendanceEntry(pid, status if i % 4 else "izin") for i, pid in enumerate(group)]
        with world.db.write() as s:
            return activities.save_attendance(s, world.worker, act.id, entries)

    first_started = time.perf_counter()
    save()  # every row new
    first = time.perf_counter() - first_started
    # Every later save flips 30 of the 40 statuses: 30 attendance rows updated, 30 timeline lines replaced.
    median, result = _median(save, ROUNDS - 1)
    assert result.total == GROUP  # type: ignore[union-attr]

    con = sqlite3.connect(world.db.path, isolation_level=None)
    con.execute("PRAGMA synchronous = FULL")

    def floor() -> None:
        con.execute("BEGIN IMMEDIATE")
        con.executemany(
            "INSERT INTO person_event (person_id, occurred_on, recorded_at, kind, summary, ref_entity, ref_id, "
            "recorded_by) VALUES (?, ?, ?, 'uji', 'uji', 'uji', '', 'uji')",
            [(pid.hex, TODAY.isoformat(), TODAY.isoformat()) for pid in group],
        )
        con.execute("COMMIT")

    floor_median, _ = _median(floor)
    con.execute("DELETE FROM person_event WHERE ref_entity = 'uji'")
    con.close()
    print(
        f"\nattendance of {GROUP}: first save {first * 1000:.1f} ms, re-save median {median * 1000:.1f} ms "
        f"(of {ROUNDS - 1}); floor (one bare committed transaction with {GROUP} inserts) {floor_median * 1000:.1f} ms"
    )
    assert first < ATTENDANCE_BUDGET_S
    assert median < ATTENDANCE_BUDGET_S
