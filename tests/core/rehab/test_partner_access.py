"""The partner rule: a mitra user sees and edits only the children placed with their own institution, and cannot
reach any other child by any path — list, search, profile by id, timeline, case file, placements, reports, tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kesos_desktop.core.documents import case_file
from kesos_desktop.core.errors import NotFound, PermissionDenied
from kesos_desktop.core.services import access, cases, notes, placements, residents_profile, tasks, timeline
from kesos_desktop.core.services.resident_list import ResidentFilter, find_resident_ids, search_people_ids
from tests.core.rehab.conftest import TODAY
from tests.core.rehab.test_placements import placement_input


@pytest.fixture
def placed(world):  # type: ignore[no-untyped-def]
    """Ours (placed with the pesantren), theirs (placed with the LKSA), and one only at the panti."""
    ours, theirs, panti_only = world.case("Yusuf Maulana"), world.case("Zaki Firmansyah"), world.case("Yudi Maulana")
    with world.db.write() as s:
        p_ours = placements.place_child(s, world.worker, placement_input(world, ours.person_id))
        p_theirs = placements.place_child(
            s, world.worker, placement_input(world, theirs.person_id, institution_id=world.lksa_id)
        )
        notes.add_note(s, world.worker, theirs.person_id, notes.NoteInput("Catatan tentang Zaki."))
    return ours, theirs, panti_only, p_ours, p_theirs


def test_partner_sees_only_their_placed_children(world, placed) -> None:  # type: ignore[no-untyped-def]
    ours, theirs, panti_only, p_ours, p_theirs = placed
    partner = world.partner
    with world.db.write() as s:
        # Lists and search.
        assert find_resident_ids(s, partner, ResidentFilter()) == [ours.person_id]
        assert search_people_ids(s, partner, "Maulana") == [ours.person_id]
        assert search_people_ids(s, partner, "Zaki") == []
        assert [p.id for p in placements.list_placements(s, partner, placements.PlacementFilter(status=None))] == [
            p_ours.id
        ]
        assert (
            placements.list_placements(
                s, partner, placements.PlacementFilter(institution_id=world.lksa_id, status=None)
            )
            == []
        )
        assert placements.placed_person_ids(s, partner) == [ours.person_id]
        # Their own child: profile, timeline, placement.
        assert residents_profile.get_profile(s, partner, ours.person_id).registration_no
        assert any(e.kind == "placement_started" for e in timeline.list_timeline(s, partner, ours.person_id))
        assert placements.get_placement(s, partner, p_ours.id).guardian_name == "KH. Ahmad Mustofa"
        # Every path to another child is NotFound (no hint the child exists) or refused by permission.
        for other in (theirs.person_id, panti_only.person_id):
            with pytest.raises(NotFound):
                access.ensure_person_visible(s, partner, other)
            with pytest.raises(NotFound):
                residents_profile.get_profile(s, partner, other)
            with pytest.raises(NotFound):
                timeline.list_timeline(s, partner, other)
            with pytest.raises(NotFound):
                case_file.case_file_pdf(s, partner, other)
            assert placements.runaway_flags(s, partner, [other]) == {}
        for placement_id in (p_theirs.id,):
            with pytest.raises(NotFound):
                placements.get_placement(s, partner, placement_id)
            with pytest.raises(NotFound):
                placements.list_reports(s, partner, placement_id)
            with pytest.raises(NotFound):
                placements.submit_report(
                    s,
                    partner,
                    placement_id,
                    placements.ReportInput(
                        p_theirs.start_on, p_theirs.start_on + timedelta(days=29), "sekolah", health="x", behaviour="y"
                    ),
                )
        # The panti's case work is not theirs at all, not even for their own child.
        for call in (
            lambda: cases.get_case(s, partner, theirs.id),
            lambda: cases.get_case(s, partner, ours.id),
            lambda: cases.list_cases(s, partner, cases.CaseFilter()),
            lambda: notes.list_notes(s, partner, ours.person_id),
            lambda: case_file.case_file_pdf(s, partner, ours.person_id),
            lambda: placements.place_child(s, partner, placement_input(world, panti_only.person_id)),
        ):
            with pytest.raises(PermissionDenied):
                call()
        # Their task list has only their own child's report.
        assert {t.person_id for t in tasks.my_tasks(s, partner)} == {ours.person_id}
    # The other partner sees the other child only.
    with world.db.read() as s:
        assert find_resident_ids(s, world.other_partner, ResidentFilter()) == [theirs.person_id]
        with pytest.raises(NotFound):
            placements.get_placement(s, world.other_partner, p_ours.id)


def test_a_past_placement_stays_visible_but_not_editable(world, placed) -> None:  # type: ignore[no-untyped-def]
    ours, _theirs, _panti_only, p_ours, _p_theirs = placed
    with world.db.write() as s:
        placements.end_placement(s, world.worker, p_ours.id, placements.EndInput(TODAY, "KELUARGA"), p_ours.version_id)
    with world.db.read() as s:
        assert find_resident_ids(s, world.partner, ResidentFilter()) == [ours.person_id]
        assert placements.list_placements(s, world.partner, placements.PlacementFilter()) == []
        assert not [t for t in tasks.my_tasks(s, world.partner) if t.kind == "partner_report_due"]
    with world.db.write() as s, pytest.raises(PermissionDenied):
        placements.update_placement(s, world.partner, p_ours.id, placement_input(world, ours.person_id), 1)
