"""Stays: capacity and its pimpinan override, one open stay, transfers, coded exits, limits, occupancy, partners."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent, Person, PersonEvent
from kesos_desktop.core.services import auth, institutions, stays, timeline
from kesos_desktop.core.services.institution_rooms import RoomInfo
from kesos_desktop.core.services.stays import AdmissionInput, BelongingInput, CapacityFull, ExitInput
from tests.factories import make_institution, make_person, make_room, make_user

TODAY = date.today()


@dataclass
class Home:
    psbi: institutions.InstitutionInfo
    laras: institutions.InstitutionInfo
    single: RoomInfo  # men, capacity 1
    double: RoomInfo  # men, capacity 2
    women: RoomInfo  # women, capacity 2
    laras_room: RoomInfo


@pytest.fixture
def home(admin, db) -> Home:  # type: ignore[no-untyped-def]
    psbi = make_institution(db, admin, type_code="PSBI", capacity_male=3, capacity_female=2)
    laras = make_institution(db, admin, type_code="PSBL", name="Panti Sosial Bina Laras Harapan Sentosa 2")
    return Home(
        psbi,
        laras,
        make_room(db, admin, psbi.id, name="Wisma Mawar", sex="L", beds=1),
        make_room(db, admin, psbi.id, name="Wisma Melati", sex="L", beds=2),
        make_room(db, admin, psbi.id, name="Wisma Anggrek", sex="P", beds=2),
        make_room(db, admin, laras.id, name="Wisma Harapan", sex="", beds=4),
    )


def _login(db, admin, username: str, roles: list[str], **kw: object):  # type: ignore[no-untyped-def]
    make_user(db, admin, username, roles, **kw)
    with db.write() as s:
        return auth.login(s, username, "sandi12345")


def _admit(db, actor, person_id, institution_id, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("admitted_on", TODAY)
    with db.write() as s:
        return stays.admit(s, actor, person_id, AdmissionInput(institution_id=institution_id, **kw))


def _person(db, person_id) -> Person:  # type: ignore[no-untyped-def]
    with db.read() as s:
        person = s.get(Person, person_id)
        assert person is not None
        return person


def test_admission_records_place_referral_belongings_and_summary(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    version_before = _person(db, budi).version_id
    stay = _admit(
        db,
        admin,
        budi,
        home.psbi.id,
        admitted_on=TODAY - timedelta(days=2),
        bed_id=home.single.beds[0].id,  # the room follows from the bed
        referral_source_code="PENERTIBAN",
        referral_letter_no="123/SATPOL/2026",
        referral_letter_date=TODAY - timedelta(days=2),
        belongings=[BelongingInput("Tas ransel", 1, "Loker 4"), BelongingInput("  ")],
    )
    assert (stay.room_id, stay.room_name, stay.bed_label) == (home.single.id, "Wisma Mawar", "A")
    assert stay.referral_source_name.startswith("Penertiban")
    assert stay.days == 2 and stay.limit_days == 21 and stay.is_open and not stay.is_readmission
    assert [b.description for b in stay.belongings] == ["Tas ransel"]
    person = _person(db, budi)
    assert (person.in_care, person.current_institution_id, person.stay_count) == (True, home.psbi.id, 1)
    assert person.last_admitted_on == TODAY - timedelta(days=2) and person.last_exited_on is None
    # Derived columns do not make an open profile form stale.
    assert person.version_id == version_before
    with db.read() as s:
        events = timeline.list_timeline(s, admin, budi)
        audit_row = s.scalars(select(AuditEvent).where(AuditEvent.action == "stay.admitted")).one()
    assert [e.kind for e in events] == ["admitted"]
    assert "Wisma Mawar" in events[0].summary and "tempat tidur A" in events[0].summary
    assert audit_row.changes["bed_id"] == [None, str(home.single.beds[0].id)]
    assert audit_row.changes["belongings"] == [None, ["1 × Tas ransel"]]


def test_full_room_is_refused_then_admitted_by_a_pimpinan_with_a_reason(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    worker = _login(db, admin, "pekerja1", ["pekerja_sosial"])
    head = _login(db, admin, "kepala", ["pimpinan"])
    _admit(db, worker, make_person(db, admin, "Agus"), home.psbi.id, room_id=home.single.id)
    late = make_person(db, admin, "Joko")
    with pytest.raises(CapacityFull) as info:
        _admit(db, worker, late, home.psbi.id, room_id=home.single.id)
    assert not info.value.can_override and "penuh" in info.value.fields["room_id"]
    assert "persetujuan pimpinan" in str(info.value)
    with pytest.raises(PermissionDenied):
        _admit(db, worker, late, home.psbi.id, room_id=home.single.id, override_reason="Darurat")
    with pytest.raises(CapacityFull) as info:
        _admit(db, head, late, home.psbi.id, room_id=home.single.id)
    assert info.value.can_override
    stay = _admit(db, head, late, home.psbi.id, room_id=home.single.id, override_reason="Razia malam, kasur tambahan")
    assert (stay.capacity_override_by, stay.capacity_override_reason) == ("kepala", "Razia malam, kasur tambahan")
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "stay.capacity_override")).one()
    assert event.username == "kepala" and "Wisma Mawar penuh" in event.summary
    assert event.changes == {"capacity_override_reason": [None, "Razia malam, kasur tambahan"]}


def test_institution_capacity_by_sex_is_enforced(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    for name in ("Sri", "Wati"):
        _admit(db, admin, make_person(db, admin, name, "P"), home.psbi.id)
    with pytest.raises(CapacityFull) as info:
        _admit(db, admin, make_person(db, admin, "Ani", "P"), home.psbi.id)
    assert "penuh untuk perempuan: 2 dari 2" in info.value.fields["institution_id"]
    _admit(db, admin, make_person(db, admin, "Budi", "L"), home.psbi.id)  # men still have room


def test_wrong_sex_room_and_taken_bed_are_refused_even_for_a_pimpinan(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    head = _login(db, admin, "kepala", ["pimpinan"])
    siti = make_person(db, admin, "Siti", "P")
    with pytest.raises(ValidationError) as info:
        _admit(db, head, siti, home.psbi.id, room_id=home.double.id, override_reason="Tetap")
    assert "khusus laki-laki" in str(info.value) and "room_id" in info.value.fields
    _admit(db, head, make_person(db, admin), home.psbi.id, bed_id=home.double.beds[0].id)
    with pytest.raises(ValidationError) as info:
        _admit(db, head, make_person(db, admin, "Eko"), home.psbi.id, bed_id=home.double.beds[0].id)
    assert "bed_id" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _admit(db, head, make_person(db, admin, "Eko"), home.laras.id, room_id=home.double.id)
    assert "room_id" in info.value.fields  # a room of another institution


def test_a_second_open_stay_is_refused(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    _admit(db, admin, budi, home.psbi.id)
    with pytest.raises(ValidationError, match="masih tercatat tinggal di Panti Sosial Bina Insan"):
        _admit(db, admin, budi, home.laras.id)


def test_dates_are_checked(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin, birth_date=date(2000, 1, 1))
    with pytest.raises(ValidationError) as info:
        _admit(db, admin, budi, home.psbi.id, admitted_on=TODAY + timedelta(days=1))
    assert "admitted_on" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _admit(db, admin, budi, home.psbi.id, admitted_on=date(1999, 1, 1))
    assert "tanggal lahir" in info.value.fields["admitted_on"]
    with pytest.raises(ValidationError) as info:
        _admit(db, admin, budi, home.psbi.id, referral_source_code="TIDAK_ADA")
    assert "referral_source_code" in info.value.fields


def test_transfer_closes_and_links_stays_and_moves_the_summary(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    first = _admit(
        db,
        admin,
        budi,
        home.psbi.id,
        admitted_on=TODAY - timedelta(days=20),
        bed_id=home.single.beds[0].id,
        belongings=[BelongingInput("KTP")],
    )
    on = TODAY - timedelta(days=5)
    with db.write() as s, pytest.raises(ValidationError) as info:
        stays.transfer(s, admin, first.id, home.laras.id, on, " ", version_id=first.version_id)
    assert "reason" in info.value.fields
    with db.write() as s:
        new = stays.transfer(
            s,
            admin,
            first.id,
            home.laras.id,
            on,
            "Asesmen: ODGJ, perlu rehabilitasi di panti laras",
            home.laras_room.id,
            home.laras_room.beds[1].id,
            version_id=first.version_id,
        )
    assert new.previous_stay_id == first.id and not new.is_readmission
    assert (new.institution_id, new.admitted_on, new.bed_label) == (home.laras.id, on, "B")
    assert new.referral_source_code == "LEMBAGA_LAIN"
    assert [b.description for b in new.belongings] == ["KTP"]  # belongings travel with the person
    with db.read() as s:
        old = stays.get_stay(s, admin, first.id)
        history = stays.list_stays(s, admin, budi)
        events = timeline.list_timeline(s, admin, budi)
        occupancy = {o.institution_id: o for o in stays.occupancy(s, admin)}
    assert (old.exited_on, old.exit_reason_code, old.exit_target_institution_id) == (on, "DIRUJUK", home.laras.id)
    assert old.exit_target_institution_name == home.laras.name and old.days == 15
    assert [h.id for h in history] == [new.id, first.id]
    assert events[0].kind == "transferred" and "Panti Sosial Bina Laras" in events[0].summary
    person = _person(db, budi)
    assert (person.in_care, person.current_institution_id, person.stay_count) == (True, home.laras.id, 2)
    assert person.last_admitted_on == on and person.last_exited_on == on
    assert occupancy[home.psbi.id].occupied == 0 and occupancy[home.laras.id].occupied_male == 1


def test_a_refused_transfer_leaves_the_stay_open(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    stay = _admit(db, admin, budi, home.laras.id, admitted_on=TODAY - timedelta(days=3))
    _admit(db, admin, make_person(db, admin, "Agus"), home.psbi.id, room_id=home.single.id)
    with db.write() as s, pytest.raises(CapacityFull) as info:
        stays.transfer(s, admin, stay.id, home.psbi.id, TODAY, "Rujukan", home.single.id, version_id=stay.version_id)
    assert "room_id" in info.value.fields
    with db.write() as s, pytest.raises(ValidationError) as refused:
        stays.transfer(
            s, admin, stay.id, home.psbi.id, TODAY + timedelta(days=1), "Rujukan", version_id=stay.version_id
        )
    assert "on_date" in refused.value.fields
    with db.read() as s:
        assert stays.get_stay(s, admin, stay.id).is_open
        assert stays.current_stay(s, admin, budi).id == stay.id  # type: ignore[union-attr]
    assert _person(db, budi).current_institution_id == home.laras.id


def test_exit_requires_a_coded_reason_and_its_flags(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    stay = _admit(
        db, admin, budi, home.psbi.id, admitted_on=TODAY - timedelta(days=3), belongings=[BelongingInput("HP")]
    )

    def refused(data: ExitInput) -> dict[str, str]:
        with db.write() as s, pytest.raises(ValidationError) as info:
            stays.exit_stay(s, admin, stay.id, data, stay.version_id)
        return info.value.fields

    assert "reason_code" in refused(ExitInput(TODAY, ""))
    assert "reason_code" in refused(ExitInput(TODAY, "BOSAN"))
    assert "destination" in refused(ExitInput(TODAY, "REUNIFIKASI"))
    assert "target_institution_id" in refused(ExitInput(TODAY, "DIRUJUK"))
    assert "note" in refused(ExitInput(TODAY, "LAINNYA"))
    assert "destination_region_code" in refused(ExitInput(TODAY, "DIPULANGKAN", destination_region_code="99.99"))
    assert "sebelum tanggal masuk" in refused(ExitInput(TODAY - timedelta(days=4), "SELESAI"))["on_date"]
    assert "masa depan" in refused(ExitInput(TODAY + timedelta(days=1), "SELESAI"))["on_date"]
    with db.write() as s:
        done = stays.exit_stay(
            s,
            admin,
            stay.id,
            ExitInput(TODAY, "DIPULANGKAN", destination="Jl. Melati 5", destination_region_code="33.74"),
            stay.version_id,
        )
    assert done.exit_reason_name == "Dipulangkan ke daerah asal"
    assert done.exit_destination.startswith("Kota Semarang") and done.exit_destination.endswith("; Jl. Melati 5")
    assert done.belongings[0].returned_on == TODAY
    person = _person(db, budi)
    assert (person.in_care, person.current_institution_id, person.last_exited_on) == (False, None, TODAY)
    with db.write() as s, pytest.raises(ValidationError, match="sudah berakhir"):
        stays.exit_stay(s, admin, stay.id, ExitInput(TODAY, "SELESAI"), done.version_id)
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "stay.exited")).one()
        last = timeline.list_timeline(s, admin, budi)[0]
    assert event.changes["exit_reason_code"] == [None, "DIPULANGKAN"]
    assert event.changes["exited_on"] == [None, TODAY.isoformat()]
    assert event.changes["belongings_returned"] == [None, 1]
    assert last.kind == "exited" and "Dipulangkan ke daerah asal" in last.summary


def test_readmission_is_flagged(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    first = _admit(db, admin, budi, home.psbi.id, admitted_on=TODAY - timedelta(days=40))
    with db.write() as s:
        stays.exit_stay(s, admin, first.id, ExitInput(TODAY - timedelta(days=30), "KABUR"), first.version_id)
    with pytest.raises(ValidationError, match="keluar terakhir"):
        _admit(db, admin, budi, home.psbi.id, admitted_on=TODAY - timedelta(days=31))
    again = _admit(db, admin, budi, home.psbi.id, admitted_on=TODAY - timedelta(days=2))
    assert again.is_readmission
    with db.read() as s:
        kinds = [e.kind for e in timeline.list_timeline(s, admin, budi)]
        summary = s.scalars(select(PersonEvent.summary).where(PersonEvent.kind == "readmitted")).one()
    assert kinds == ["readmitted", "exited", "admitted"]
    assert "penerimaan ke-2" in summary
    assert _person(db, budi).stay_count == 2


def test_move_bed_checks_the_new_place_and_versions(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    stay = _admit(db, admin, budi, home.psbi.id, bed_id=home.double.beds[0].id)
    with db.write() as s:
        moved = stays.move_bed(s, admin, stay.id, home.double.id, home.double.beds[1].id, stay.version_id)
    assert moved.bed_label == "B" and moved.version_id == stay.version_id + 1
    with db.write() as s, pytest.raises(Conflict):
        stays.move_bed(s, admin, stay.id, home.single.id, None, stay.version_id)  # a stale form
    with db.write() as s, pytest.raises(ValidationError):
        stays.move_bed(s, admin, stay.id, home.women.id, None, moved.version_id)
    with db.write() as s, pytest.raises(ValidationError, match="sama dengan"):
        stays.move_bed(s, admin, stay.id, home.double.id, home.double.beds[1].id, moved.version_id)
    with db.write() as s, pytest.raises(Conflict):
        stays.exit_stay(s, admin, stay.id, ExitInput(TODAY, "SELESAI"), stay.version_id)
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "stay.moved")).one()
        line = timeline.list_timeline(s, admin, budi)[0]
    assert event.changes == {"bed_id": [str(home.double.beds[0].id), str(home.double.beds[1].id)]}
    assert line.kind == "moved" and "tempat tidur A" in line.summary and "tempat tidur B" in line.summary


def test_overdue_stays_use_the_psbi_21_day_limit(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    late = make_person(db, admin, "Agus")
    recent = make_person(db, admin, "Bambang")
    later = make_person(db, admin, "Cecep")
    _admit(db, admin, late, home.psbi.id, admitted_on=TODAY - timedelta(days=30))
    _admit(db, admin, recent, home.psbi.id, admitted_on=TODAY - timedelta(days=21))  # at the limit, not over
    _admit(db, admin, later, home.laras.id, admitted_on=TODAY - timedelta(days=400))  # PSBL: no limit
    with db.read() as s:
        overdue = stays.overdue_stays(s, admin)
        assert stays.stay_limit_days(home.psbi) == 21
    assert [(o.full_name, o.days, o.limit_days, o.days_over) for o in overdue] == [("Agus", 30, 21, 9)]
    data = home.laras.as_input()
    data.max_stay_days = 365
    with db.write() as s:
        institutions.update_institution(s, admin, home.laras.id, data, home.laras.version_id)
    with db.read() as s:
        by_over = stays.overdue_stays(s, admin)
        by_name = stays.overdue_stays(s, admin, sort="full_name", descending=False)
        in_a_month = stays.overdue_stays(s, admin, TODAY + timedelta(days=30), institution_id=home.psbi.id)
    assert [(o.full_name, o.days_over) for o in by_over] == [("Cecep", 35), ("Agus", 9)]
    assert [o.full_name for o in by_name] == ["Agus", "Cecep"]
    assert [(o.full_name, o.days_over) for o in in_a_month] == [("Agus", 39), ("Bambang", 30)]


def test_occupancy_per_institution_and_room(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    child, elder = date(TODAY.year - 10, 1, 1), date(TODAY.year - 70, 1, 1)
    _admit(db, admin, make_person(db, admin, "A", birth_date=child), home.psbi.id, bed_id=home.double.beds[0].id)
    _admit(db, admin, make_person(db, admin, "B", birth_date=elder), home.psbi.id, room_id=home.double.id)
    _admit(db, admin, make_person(db, admin, "C", "P"), home.psbi.id, bed_id=home.women.beds[1].id)
    _admit(db, admin, make_person(db, admin, "D", "P"), home.psbi.id)
    with db.read() as s:
        found = stays.occupancy(s, admin, home.psbi.id)
        all_of_them = stays.occupancy(s, admin)
    assert len(found) == 1 and len(all_of_them) == 2
    psbi = found[0]
    assert (psbi.capacity_male, psbi.occupied_male, psbi.free_male) == (3, 2, 1)
    assert (psbi.capacity_female, psbi.occupied_female, psbi.free_female) == (2, 2, 0)
    assert (psbi.without_room, psbi.beds_total, psbi.beds_free) == (1, 5, 3)
    assert (psbi.occupied_children, psbi.occupied_elderly) == (1, 1)
    rooms = {r.name: r for r in psbi.rooms}
    assert (rooms["Wisma Melati"].occupied, rooms["Wisma Melati"].beds_free, rooms["Wisma Melati"].is_full) == (
        2,
        1,
        True,
    )
    assert (rooms["Wisma Anggrek"].occupied_female, rooms["Wisma Anggrek"].beds_free) == (1, 1)
    assert rooms["Wisma Mawar"].occupied == 0


def test_partner_sees_only_people_placed_with_them(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    placed, elsewhere = make_person(db, admin, "Ahmad"), make_person(db, admin, "Bayu")
    first = _admit(db, admin, placed, home.psbi.id, admitted_on=TODAY - timedelta(days=10))
    with db.write() as s:
        stays.transfer(s, admin, first.id, home.laras.id, TODAY, "Penempatan", version_id=first.version_id)
    _admit(db, admin, elsewhere, home.psbi.id)
    partner = _login(db, admin, "mitra1", ["mitra"], institution_id=home.laras.id)
    with db.read() as s:
        with pytest.raises(NotFound):
            stays.list_stays(s, partner, elsewhere)
        mine = stays.list_stays(s, partner, placed)
        with pytest.raises(PermissionDenied):
            stays.occupancy(s, partner)
        assert [o.full_name for o in stays.overdue_stays(s, partner, TODAY + timedelta(days=9999))] == []
    # Only the stay at the partner's own institution, not where the child was before.
    assert [m.institution_id for m in mine] == [home.laras.id]
    with db.write() as s, pytest.raises(PermissionDenied):
        stays.exit_stay(s, partner, mine[0].id, ExitInput(TODAY, "SELESAI"), mine[0].version_id)


def test_summary_refresh_is_exact_after_each_change(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    budi = make_person(db, admin)
    with db.write() as s:
        stays.refresh_person_summary(s, budi)
        s.commit()
    person = _person(db, budi)
    assert (person.in_care, person.stay_count, person.last_admitted_on) == (False, 0, None)
    with db.write() as s, pytest.raises(NotFound):
        stays.exit_stay(s, admin, uuid.uuid4(), ExitInput(TODAY, "SELESAI"), 1)


def test_occupancy_and_overdue_stay_fast_with_many_stays(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    """A few thousand rows inserted directly; the full 300k-stay figures are measured with the demo data."""
    from kesos_desktop.core.models import Stay

    with db.write() as s:
        office_id = admin.office_id
        people = [
            Person(
                id=uuid.uuid4(), office_id=office_id, registration_no=f"T-{i:06d}", full_name=f"P{i}", sex="LP"[i % 2]
            )
            for i in range(3000)
        ]
        s.add_all(people)
        s.flush()
        s.add_all(
            Stay(
                person_id=p.id,
                institution_id=home.psbi.id if i % 3 else home.laras.id,
                admitted_on=TODAY - timedelta(days=i % 60),
                exited_on=None if i % 4 == 0 else TODAY - timedelta(days=i % 3),
            )
            for i, p in enumerate(people)
        )
        s.commit()
    with db.read() as s:
        start = time.perf_counter()
        result = stays.occupancy(s, admin)
        overdue = stays.overdue_stays(s, admin)
        elapsed = time.perf_counter() - start
    assert sum(o.occupied for o in result) == 750
    assert overdue and all(o.days > 21 for o in overdue)
    assert elapsed < 1.0  # generous: shared CI machines; the real figures are in the perf notes


@pytest.mark.pg
def test_admit_transfer_exit_on_postgresql(pg_url) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.db import open_database
    from tests.factories import ADMIN_PASSWORD, setup_office

    db = open_database(pg_url)
    try:
        setup_office(db)
        with db.write() as s:
            admin = auth.login(s, "admin", ADMIN_PASSWORD)
        psbi = make_institution(db, admin, type_code="PSBI", capacity_male=1)
        laras = make_institution(db, admin, type_code="PSBL", name="Panti Sosial Bina Laras")
        room = make_room(db, admin, psbi.id, beds=1)
        budi, joko = make_person(db, admin), make_person(db, admin, "Joko")
        stay = _admit(db, admin, budi, psbi.id, admitted_on=TODAY - timedelta(days=25), bed_id=room.beds[0].id)
        with pytest.raises(CapacityFull):
            _admit(db, admin, joko, psbi.id)
        with db.write() as s:
            new = stays.transfer(s, admin, stay.id, laras.id, TODAY - timedelta(days=1), "Rujukan", version_id=1)
        _admit(db, admin, joko, psbi.id, bed_id=room.beds[0].id)
        with db.write() as s:
            done = stays.exit_stay(s, admin, new.id, ExitInput(TODAY, "REUNIFIKASI", destination="Bekasi"), 1)
        assert done.exit_reason_code == "REUNIFIKASI"
        with db.read() as s:
            person = s.get(Person, budi)
            assert person is not None and (person.in_care, person.stay_count) == (False, 2)
            assert [o.occupied for o in stays.occupancy(s, admin, psbi.id)] == [1]
            assert stays.overdue_stays(s, admin) == []
            assert [h.id for h in stays.list_stays(s, admin, budi)] == [new.id, stay.id]
    finally:
        db.dispose()


def test_exit_reason_names_in_messages_follow_the_interface_language(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core import i18n

    stay = _admit(db, admin, make_person(db, admin), home.psbi.id)
    i18n.install("en")
    try:
        with db.write() as s, pytest.raises(ValidationError) as info:
            stays.exit_stay(s, admin, stay.id, ExitInput(TODAY, "REUNIFIKASI"), stay.version_id)
        assert "Returned to family (reunification)" in info.value.fields["destination"]
        with db.write() as s, pytest.raises(ValidationError) as info:
            stays.exit_stay(s, admin, stay.id, ExitInput(TODAY, "LAINNYA"), stay.version_id)
        assert "Other" in info.value.fields["note"] and "Lainnya" not in info.value.fields["note"]
    finally:
        i18n.install("id")
    with db.write() as s, pytest.raises(ValidationError) as info:
        stays.exit_stay(s, admin, stay.id, ExitInput(TODAY, "REUNIFIKASI"), stay.version_id)
    assert "Kembali ke keluarga (reunifikasi)" in info.value.fields["destination"]


def test_a_room_is_not_full_for_someone_moving_inside_it(admin, db, home: Home) -> None:  # type: ignore[no-untyped-def]
    first = _admit(db, admin, make_person(db, admin, "Agus"), home.psbi.id, bed_id=home.double.beds[0].id)
    _admit(db, admin, make_person(db, admin, "Joko"), home.psbi.id, room_id=home.double.id)  # no bed
    with db.read() as s:
        room = next(r for r in institutions.get_institution(s, admin, home.psbi.id).rooms if r.id == home.double.id)
    assert room.is_full and room.occupied == 2 and len(room.stay_ids) == 2 and first.id in room.stay_ids
    # Agus moving to the free bed of his own room takes no second place; a newcomer would.
    assert not room.is_full_for(first.id) and room.occupied_by_others(first.id) == 1
    assert room.is_full_for(uuid.uuid4()) and room.is_full_for(None)
    assert room.free_beds == 1 and room.free_beds_for(first.id) == 2
    with db.write() as s:
        moved = stays.move_bed(s, admin, first.id, home.double.id, home.double.beds[1].id, first.version_id)
    assert moved.bed_id == home.double.beds[1].id
