"""Partner placements: placing a child with a pesantren under PP 44/2017 (basis and review date required), partner
reports per period, the end of a placement, and a child who ran away recognised when found again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kesos_desktop.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kesos_desktop.core.services import cases, placements, tasks, timeline
from tests.core.rehab.conftest import ADMITTED, TODAY

BASIS = (
    "Orang tua meninggal, kerabat di Brebes tidak sanggup mengasuh (surat pernyataan terlampir); pengasuhan "
    "berbasis keluarga tidak tersedia saat ini. Reunifikasi dengan paman ditinjau ulang."
)
# Two days after admission (conftest.ADMITTED): monthly periods end 28 days ago and in two days.
START = ADMITTED + timedelta(days=2)


def placement_input(world, person_id, **kw):  # type: ignore[no-untyped-def]
    values = {
        "person_id": person_id,
        "institution_id": world.pesantren_id,
        "agreement_no": "400.9/117/PKS/2026",
        "start_on": START,
        "guardian_name": "KH. Ahmad Mustofa",
        "review_on": START + timedelta(days=180),
        "legal_basis": BASIS,
        "guardian_position": "Pengasuh pondok",
        "worker_id": world.worker.user_id,
        "report_every_months": 1,
    }
    values.update(kw)
    return placements.PlacementInput(**values)


def place(world, name="Rudi Hartono", **kw):  # type: ignore[no-untyped-def]
    case = world.case(name)
    with world.db.write() as s:
        return case, placements.place_child(s, world.worker, placement_input(world, case.person_id, **kw))


def test_placing_needs_a_partner_a_basis_and_a_review(world) -> None:  # type: ignore[no-untyped-def]
    child = world.case("Slamet Riyadi")
    adult, _ = world.resident("Tono Sudarmo", born=date(1990, 1, 1))
    with world.db.write() as s:
        with pytest.raises(ValidationError) as info:
            placements.place_child(
                s,
                world.worker,
                placement_input(
                    world,
                    child.person_id,
                    institution_id=world.panti_id,  # own panti: not a partner
                    legal_basis="titip",
                    review_on=START + timedelta(days=500),
                    guardian_name="",
                    agreement_no=" ",
                ),
            )
        assert set(info.value.fields) == {"institution_id", "legal_basis", "review_on", "guardian_name", "agreement_no"}
        assert "PP 44/2017" in info.value.fields["legal_basis"]
        with pytest.raises(ValidationError) as info:
            placements.place_child(s, world.worker, placement_input(world, adult))
        assert "person_id" in info.value.fields
        with pytest.raises(PermissionDenied):
            placements.place_child(s, world.partner, placement_input(world, child.person_id))
        p = placements.place_child(s, world.worker, placement_input(world, child.person_id))
        with pytest.raises(Conflict):
            placements.place_child(
                s, world.worker, placement_input(world, child.person_id, institution_id=world.lksa_id)
            )
    assert p.case_id == child.id and p.is_active and p.institution_name == "Pondok Pesantren Darul Aitam"
    assert p.next_period_start == START and p.next_period_end == placements.add_months(START, 1) - timedelta(days=1)


def test_partner_reports_and_reminders(world) -> None:  # type: ignore[no-untyped-def]
    _case, p = place(world)
    # Monthly reports: the first periods are overdue, on the partner's and the worker's task lists.
    with world.db.read() as s:
        theirs = [t for t in tasks.my_tasks(s, world.partner) if t.kind == "partner_report_due"]
        mine = [t for t in tasks.my_tasks(s, world.worker) if t.kind == "partner_report_due"]
        others = tasks.my_tasks(s, world.other_partner)
    assert len(theirs) == 1 and theirs[0].key == mine[0].key and others == []
    report = placements.ReportInput(
        period_start=p.next_period_start,
        period_end=p.next_period_end,
        schooling_status="sekolah_mondok",
        school_name="MTs Darul Aitam",
        grade="VII",
        health="Sehat, sempat flu seminggu.",
        behaviour="Rajin mengaji, mulai akrab dengan teman sekamar.",
        attendance_pct=96,
        incidents="",
    )
    with world.db.write() as s:
        with pytest.raises(NotFound):
            placements.submit_report(s, world.other_partner, p.id, report)
        r = placements.submit_report(s, world.partner, p.id, report)
        with pytest.raises(Conflict):
            placements.submit_report(s, world.partner, p.id, report)
        info = placements.get_placement(s, world.partner, p.id)
    assert r.submitted_by == "ustadz" and r.schooling_label == "Bersekolah dan mondok"
    assert info.reports_count == 1 and info.next_period_start == p.next_period_end + timedelta(days=1)
    with world.db.read() as s:
        assert [x.id for x in placements.list_reports(s, world.worker, p.id)] == [r.id]
        theirs = [t for t in tasks.my_tasks(s, world.partner) if t.kind == "partner_report_due"]
    assert theirs and theirs[0].key != mine[0].key  # the next period now
    # Dismissing needs a reason; then it stays closed for that user and period.
    with world.db.write() as s:
        with pytest.raises(ValidationError):
            tasks.close_task(s, world.partner, theirs[0].key, dismissed=True)
        tasks.close_task(s, world.partner, theirs[0].key, dismissed=True, reason="Laporan dikirim lewat pos")
    with world.db.read() as s:
        assert theirs[0].key not in {t.key for t in tasks.my_tasks(s, world.partner)}
        # The partner closed their view of it only: the supervising worker still sees it.
        assert theirs[0].key in {t.key for t in tasks.my_tasks(s, world.worker)}


def test_runaway_is_linked_back_when_found(world) -> None:  # type: ignore[no-untyped-def]
    case, p = place(world, "Udin Sedunia")
    with world.db.write() as s:
        with pytest.raises(ValidationError) as info:
            placements.end_placement(s, world.worker, p.id, placements.EndInput(TODAY, "KABUR"), p.version_id)
        assert "note" in info.value.fields
        ended = placements.end_placement(
            s,
            world.worker,
            p.id,
            placements.EndInput(
                TODAY - timedelta(days=5), "KABUR", "Tidak kembali setelah izin pulang; dicari bersama pondok."
            ),
            p.version_id,
        )
        flags = placements.runaway_flags(s, world.worker, [case.person_id])
    assert ended.status == "berakhir" and ended.end_reason_label == "Kabur dari tempat penempatan"
    assert flags[case.person_id].case_id == case.id
    assert "Kabur dari penempatan di Pondok Pesantren Darul Aitam" in flags[case.person_id].text()
    # The child turns up at the panti again: a new stay and case, linked to the old case.
    with world.db.write() as s:
        cases.move_case(
            s,
            world.worker,
            case.id,
            cases.TransitionInput(
                "TERMINASI", exit_reason_code="DIRUJUK", exit_target_institution_id=world.pesantren_id
            ),
        )
    from kesos_desktop.core.models import Stay
    from kesos_desktop.core.services import stays

    with world.db.write() as s:
        stay = s.get(Stay, case.stay_id)
        stays.exit_stay(
            s,
            world.admin,
            stay.id,
            stays.ExitInput(START, "DIRUJUK", target_institution_id=world.pesantren_id),
            stay.version_id,
        )
        new_stay = stays.admit(s, world.admin, case.person_id, stays.AdmissionInput(world.panti_id, TODAY))
        new_case = cases.open_case(s, world.worker, new_stay.id, opened_on=TODAY)
        refound = placements.get_placement(s, world.worker, p.id)
        events = timeline.list_timeline(s, world.worker, case.person_id)
    assert new_case.previous_case_id == case.id
    assert refound.refound_case_id == new_case.id and refound.refound_on == TODAY
    assert any("kabur dari penempatan" in e.summary for e in events if e.kind == "case_opened")


def test_other_endings(world) -> None:  # type: ignore[no-untyped-def]
    _case, p = place(world, "Wawan Setiawan")
    with world.db.write() as s:
        with pytest.raises(ValidationError) as info:
            placements.end_placement(s, world.worker, p.id, placements.EndInput(TODAY, "PINDAH"), p.version_id)
        assert "moved_to_institution_id" in info.value.fields
        moved = placements.end_placement(
            s,
            world.worker,
            p.id,
            placements.EndInput(TODAY, "PINDAH", moved_to_institution_id=world.lksa_id),
            p.version_id,
        )
        with pytest.raises(ValidationError):
            placements.update_placement(s, world.worker, p.id, placement_input(world, p.person_id), moved.version_id)
    assert moved.end_reason == "PINDAH" and moved.moved_to_institution_id == world.lksa_id
