"""Individual sessions, a group activity with the whole group's attendance in one call, case conferences, and
progress notes: drafts that survive a crash, confidential notes only for those allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import NotFound, PermissionDenied, ValidationError
from kesos_desktop.core.models import PersonEvent
from kesos_desktop.core.services import activities, notes, timeline
from tests.core.rehab.conftest import TODAY


def test_individual_session(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Kurniawan")
    with world.db.write() as s:
        with pytest.raises(ValidationError) as info:
            activities.record_session(s, world.worker, activities.SessionInput(case.id, "BIMBINGAN_AGAMA", TODAY))
        assert "type_code" in info.value.fields  # a group type is not an individual session
        info_ = activities.record_session(
            s,
            world.worker,
            activities.SessionInput(case.id, "KONSELING_INDIVIDU", TODAY, "Membahas rasa rindu pada ibu", "10:00", 45),
        )
    assert info_.kind == "individu" and info_.present_count == 1 and info_.worker_name == "Budi"
    with world.db.read() as s:
        assert [r.type_label for r in activities.person_activities(s, world.worker, case.person_id)] == [
            "Konseling individu"
        ]


def test_group_attendance_in_one_call(world) -> None:  # type: ignore[no-untyped-def]
    people = [world.resident(f"Peserta {i:02d}", sex="P", born=None)[0] for i in range(12)]
    with world.db.write() as s:
        act = activities.create_group_activity(
            s,
            world.clerk,
            activities.GroupActivityInput(
                world.panti_id, "BIMBINGAN_AGAMA", "Pengajian Jumat", TODAY, "13:30", 60, "Ustadzah Aminah"
            ),
        )
        candidates = activities.attendance_candidates(s, world.clerk, act.id)
    assert {c.person_id for c in candidates} == set(people)
    entries = [activities.AttendanceEntry(pid, "hadir") for pid in people[:10]]
    entries += [
        activities.AttendanceEntry(people[10], "sakit", "Demam"),
        activities.AttendanceEntry(people[11], "izin"),
    ]
    with world.db.write() as s:
        result = activities.save_attendance(s, world.clerk, act.id, entries, act.version_id)
    assert result.counts == {"hadir": 10, "izin": 1, "sakit": 1, "alpa": 0}
    with world.db.read() as s:
        shown = activities.get_activity(s, world.clerk, act.id)
        line = timeline.list_timeline(s, world.clerk, people[10])[0]
    assert shown.present_count == 10 and len(shown.attendance) == 12
    assert line.kind == "group_activity" and line.summary == "Pengajian Jumat: tidak hadir (sakit)"

    # Save again with one change and one person removed: only those lines are rewritten.
    entries[0] = activities.AttendanceEntry(people[0], "alpa")
    with world.db.write() as s:
        result = activities.save_attendance(s, world.clerk, act.id, entries[:-1], result.version_id)
    assert result.counts == {"hadir": 9, "izin": 0, "sakit": 1, "alpa": 1}
    with world.db.read() as s:
        events = s.scalars(select(PersonEvent).where(PersonEvent.ref_id == str(act.id))).all()
        rows = activities.list_activities(s, world.clerk, institution_id=world.panti_id)
    assert len(events) == 11 and sum(e.summary.endswith(": hadir") for e in events) == 9
    assert [(r.title, r.present, r.total) for r in rows] == [("Pengajian Jumat", 9, 11)]
    # A stale sheet is refused; a stranger cannot be put on it; bad status.
    from kesos_desktop.core.errors import Conflict

    with world.db.write() as s, pytest.raises(Conflict):
        activities.save_attendance(s, world.clerk, act.id, entries, act.version_id)
    with world.db.write() as s, pytest.raises(ValidationError):
        activities.save_attendance(s, world.clerk, act.id, [activities.AttendanceEntry(people[0], "telat")])


def test_case_conference(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Lukman Hakim")
    with world.db.write() as s:
        with pytest.raises(ValidationError) as info:
            activities.record_conference(
                s, world.worker, activities.ConferenceInput(case.id, TODAY, "Rencana", ["Budi"])
            )
        assert set(info.value.fields) == {"attendees", "decisions"}
        conf = activities.record_conference(
            s,
            world.worker,
            activities.ConferenceInput(
                case.id,
                TODAY,
                "Rencana reunifikasi",
                ["Budi — pekerja sosial", "Kepala — pimpinan", "  ", "dr. Sari — puskesmas"],
                "Keluarga di Brebes bersedia.",
                ["Kunjungan rumah minggu depan", "Koordinasi dengan Dinsos Brebes"],
            ),
        )
    assert len(conf.attendees) == 3 and len(conf.decisions) == 2
    with world.db.read() as s:
        assert [c.id for c in activities.list_conferences(s, world.worker, case.id)] == [conf.id]


CRASHING_WRITER = """
import os, sys, uuid
from datetime import date
from sqlalchemy.engine import URL
from kesos_desktop.core.db import open_database
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import notes

path, person, case, user = sys.argv[1:5]
db = open_database(URL.create("sqlite", database=path), upgrade=False, seed=False)
actor = Actor(uuid.UUID(user), "budi", "Budi", frozenset({"pekerja_sosial"}),
              frozenset({"notes.write", "residents.view", "cases.view"}))
with db.write() as s:
    typed = notes.NoteInput(sys.argv[5], date.fromisoformat(sys.argv[6]), "konseling", True, uuid.UUID(case))
    notes.save_note_draft(s, actor, uuid.UUID(person), typed)
os._exit(9)  # killed: no close, no checkpoint, no cleanup of any kind
"""


def test_note_draft_survives_a_crash(world) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    case = world.case("Maman Suherman")
    typed = "Hari ini M. bercerita tentang ayahnya untuk pertama kali. Ia"
    world.db.engine.dispose()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASHING_WRITER,
            str(world.db.path),
            str(case.person_id),
            str(case.id),
            str(world.worker.user_id),
            typed,
            TODAY.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stderr
    # A new program reads the draft back with everything that was typed.
    from kesos_desktop.core.db import open_database

    reopened = open_database(world.db.url)
    try:
        with reopened.read() as s:
            draft = notes.load_note_draft(s, world.worker, case.person_id)
        assert draft is not None
        assert (draft.text, draft.kind, draft.confidential, draft.case_id, draft.written_on) == (
            typed,
            "konseling",
            True,
            case.id,
            TODAY,
        )
        with reopened.write() as s:
            note = notes.add_note(
                s,
                world.worker,
                case.person_id,
                notes.NoteInput(typed + " menangis.", draft.written_on, "konseling", True, case.id),
            )
        with reopened.read() as s:
            # Saving the note drops its draft in the same transaction.
            assert notes.load_note_draft(s, world.worker, case.person_id) is None
            assert notes.get_note(s, world.worker, note.id).text.endswith("menangis.")
    finally:
        reopened.dispose()


def test_confidential_notes(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Nanda Putra")
    with world.db.write() as s:
        open_note = notes.add_note(
            s, world.worker, case.person_id, notes.NoteInput("Makan lahap, ikut olahraga.", TODAY)
        )
        secret = notes.add_note(
            s,
            world.worker,
            case.person_id,
            notes.NoteInput("Mengaku pernah dianiaya.", TODAY - timedelta(days=1), confidential=True),
        )
    for reader in (world.worker, world.head):  # the author; a pimpinan
        with world.db.write() as s:
            assert {n.id for n in notes.list_notes(s, reader, case.person_id)} == {open_note.id, secret.id}
            assert notes.get_note(s, reader, secret.id).confidential
    with world.db.write() as s:  # the administrative officer: not the secret one, by list or by id
        assert [n.id for n in notes.list_notes(s, world.clerk, case.person_id)] == [open_note.id]
        assert notes.count_hidden(s, world.clerk, case.person_id) == 1
        with pytest.raises(NotFound):
            notes.get_note(s, world.clerk, secret.id)
        events = timeline.list_timeline(s, world.clerk, case.person_id)
    # The timeline says a note exists, never what it says.
    assert all("dianiaya" not in e.summary for e in events)
    assert any(e.summary == "Catatan perkembangan (rahasia) oleh Budi" for e in events)
    # Only the author corrects a note.
    with world.db.write() as s, pytest.raises(PermissionDenied):
        notes.update_note(s, world.head, secret.id, notes.NoteInput("x"), secret.version_id)
    with world.db.write() as s:
        fixed = notes.update_note(
            s,
            world.worker,
            secret.id,
            notes.NoteInput("Mengaku pernah dianiaya paman.", secret.written_on, confidential=True),
            secret.version_id,
        )
    assert fixed.text.endswith("paman.")
