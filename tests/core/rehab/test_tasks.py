"""Tugas saya: assessments due, overdue stays, stored tasks; done or dismissed (with a reason) and a count."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.services import assessments, cases, tasks
from tests.core.rehab.conftest import ADMITTED, TODAY


def test_assessment_due_and_closing(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Bambang Irawan")  # opened 60 days ago, still in pendekatan awal: health screening is due
    with world.db.read() as s:
        mine = tasks.my_tasks(s, world.worker, TODAY)
        count = tasks.count_my_tasks(s, world.worker, TODAY)
        theirs = tasks.my_tasks(s, world.clerk, TODAY)
    due = [t for t in mine if t.kind == "assessment_due"]
    assert [t.title for t in due] == ["Skrining Kesehatan Awal untuk Bambang Irawan"]
    assert due[0].due_on == ADMITTED + timedelta(days=3) and due[0].is_overdue(TODAY)
    assert count == len(mine) >= 1
    assert not [t for t in theirs if t.kind == "assessment_due"]  # not the officer's case
    # Done: completing the screening also removes it; here the worker just marks it done.
    with world.db.write() as s:
        tasks.close_task(s, world.worker, due[0].key, today=TODAY)
        with pytest.raises(NotFound):
            tasks.close_task(s, world.worker, due[0].key, today=TODAY)
    with world.db.read() as s:
        assert not [t for t in tasks.my_tasks(s, world.worker, TODAY) if t.kind == "assessment_due"]
    # In asesmen, the social assessment falls due 14 days after the move; completing it clears the reminder.
    with world.db.write() as s:
        case = cases.move_case(s, world.worker, case.id, cases.TransitionInput("ASESMEN", TODAY - timedelta(days=20)))
    with world.db.read() as s:
        due = [t for t in tasks.my_tasks(s, world.worker, TODAY) if t.kind == "assessment_due"]
    assert [t.key for t in due] == [f"assessment_due:{case.id}:ATENSI_SOSIAL"]
    with world.db.write() as s:
        with pytest.raises(ValidationError):
            tasks.close_task(s, world.worker, due[0].key, dismissed=True, reason="  ", today=TODAY)
        from tests.core.rehab.test_cases import FULL_SOCIAL

        a = assessments.start_assessment(s, world.worker, case.id, "ATENSI_SOSIAL")
        assessments.complete_assessment(s, world.worker, a.id, a.version_id, answers=FULL_SOCIAL)
    with world.db.read() as s:
        assert not [t for t in tasks.my_tasks(s, world.worker, TODAY) if t.kind == "assessment_due"]


def test_overdue_stays_reach_the_staff(world) -> None:  # type: ignore[no-untyped-def]
    # A rumah singgah allows 7 days; this stay has lasted 60.
    from tests.core.rehab.conftest import _institution

    shelter = _institution(world.db, world.admin, "Rumah Singgah Bina Anak", "RUMAH_SINGGAH", partner=False)
    person, stay = world.resident("Cecep Supriatna", institution_id=shelter)
    with world.db.read() as s:
        overdue = [t for t in tasks.my_tasks(s, world.clerk, TODAY) if t.kind == "stay_overdue"]
        partner = tasks.my_tasks(s, world.partner, TODAY)
    assert [t.ref_id for t in overdue] == [str(stay)] and "60 hari (batas 7)" in overdue[0].title
    assert partner == []
    with world.db.write() as s:
        tasks.close_task(
            s, world.clerk, overdue[0].key, dismissed=True, reason="Menunggu jadwal pemulangan", today=TODAY
        )
    with world.db.read() as s:
        assert not [t for t in tasks.my_tasks(s, world.clerk, TODAY) if t.kind == "stay_overdue"]
        # Closed for everyone: the stay is one thing to do, whoever does it.
        assert not [t for t in tasks.my_tasks(s, world.worker, TODAY) if t.kind == "stay_overdue"]
    assert person
