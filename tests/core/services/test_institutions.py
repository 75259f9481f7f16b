"""Institutions, rooms and beds: validation at the field, derived values, history-safe beds, expiry warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import Conflict, PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent
from kesos_desktop.core.services import auth, institution_rooms, institutions, stays
from tests.factories import make_institution, make_person, make_room, make_user


def _login(db, admin, username: str, roles: list[str]):  # type: ignore[no-untyped-def]
    make_user(db, admin, username, roles)
    with db.write() as s:
        return auth.login(s, username, "sandi12345")


def test_create_keeps_every_field_and_derives_the_rest(admin, db) -> None:  # type: ignore[no-untyped-def]
    info = make_institution(
        db,
        admin,
        type_code="LKSA",
        name="  Panti Asuhan Al-Ikhlas ",
        region_code="3171",
        is_own=False,
        is_partner=True,
        mou_no="001/MoU/2025",
        mou_start=date(2025, 1, 1),
        mou_end=date(2027, 12, 31),
        licence_no="IO-123",
        licence_expires_on=date(2030, 1, 1),
        accreditation_grade="b",
        accreditation_certificate_no="BALKS-9",
        accreditation_granted_on=date(2024, 2, 29),
        capacity_male=20,
        capacity_female=15,
        capacity_children=35,
        nsp="5103 1234 5678",
    )
    assert info.name == "Panti Asuhan Al-Ikhlas"
    assert info.owner_kind == "lks"  # from the type's owner (masyarakat)
    assert info.region_code == "31.71"
    assert "Jakarta Pusat" in info.region_name
    assert info.accreditation_grade == "B"
    assert info.accreditation_valid_until == date(2027, 2, 28)  # B: 3 years (from accreditation_grades.csv)
    assert info.accreditation_granted_on == date(2024, 2, 29)
    assert info.nsp == "510312345678"
    assert info.is_partner and not info.is_own
    assert info.stay_limit_days is None
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "institution.created")).one()
    assert event.changes["name"] == [None, "Panti Asuhan Al-Ikhlas"]
    assert event.changes["mou_end"] == [None, "2027-12-31"]


def test_validation_messages_are_per_field(admin, db) -> None:  # type: ignore[no-untyped-def]
    data = institutions.InstitutionInput(
        type_code="TIDAK_ADA",
        name=" ",
        region_code="99.99",
        is_own=True,
        is_partner=True,
        email="bukan-email",
        capacity_male=-1,
        max_stay_days=0,
        nsp="12345",
        accreditation_grade="D",
        mou_start=date(2025, 6, 1),
        mou_end=date(2025, 1, 1),
    )
    with db.write() as s, pytest.raises(ValidationError) as info:
        institutions.create_institution(s, admin, data)
    fields = info.value.fields
    assert {
        "type_code",
        "name",
        "region_code",
        "is_partner",
        "email",
        "capacity_male",
        "max_stay_days",
        "nsp",
        "accreditation_grade",
        "mou_end",
    } <= set(fields)
    assert "12 angka" in fields["nsp"]


def test_owner_needed_when_the_type_has_none_and_grade_needed_for_a_certificate(admin, db) -> None:  # type: ignore[no-untyped-def]
    data = institutions.InstitutionInput(
        type_code="RS", name="RSUD Tarakan", region_code="31.71", accreditation_certificate_no="X-1"
    )
    with db.write() as s, pytest.raises(ValidationError) as info:
        institutions.create_institution(s, admin, data)
    assert set(info.value.fields) == {"owner_kind", "accreditation_grade"}


def test_same_name_in_the_same_region_is_refused(admin, db) -> None:  # type: ignore[no-untyped-def]
    make_institution(db, admin)
    with pytest.raises(ValidationError) as info:
        make_institution(db, admin, name="PANTI SOSIAL BINA INSAN BANGUN DAYA 1")
    assert "sudah terdaftar" in info.value.fields["name"]
    make_institution(db, admin, region_code="31.74")  # another region: a different institution


def test_update_is_audited_and_a_stale_edit_is_a_conflict(admin, db) -> None:  # type: ignore[no-untyped-def]
    info = make_institution(db, admin)
    data = info.as_input()
    data.max_stay_days = 14
    data.phone = "021-5551234"
    with db.write() as s:
        updated = institutions.update_institution(s, admin, info.id, data, info.version_id)
    assert updated.stay_limit_days == 14 and updated.version_id == info.version_id + 1
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "institution.updated")).one()
    assert event.changes == {"max_stay_days": [None, 14], "phone": ["", "021-5551234"]}
    data.phone = "021-000"
    with db.write() as s, pytest.raises(Conflict):
        institutions.update_institution(s, admin, info.id, data, info.version_id)


def test_a_social_worker_may_not_manage_institutions(admin, db) -> None:  # type: ignore[no-untyped-def]
    worker = _login(db, admin, "pekerja1", ["pekerja_sosial"])
    with pytest.raises(PermissionDenied):
        make_institution(db, worker)
    with db.read() as s:
        assert institutions.list_institutions(s, worker) == []


def test_list_filters_partners_inactive_and_text(admin, db) -> None:  # type: ignore[no-untyped-def]
    own = make_institution(db, admin, type_code="PSBI", name="PSBI Bangun Daya 2")
    partner = make_institution(
        db, admin, type_code="PESANTREN", name="Pondok Pesantren Darul Falah", is_own=False, is_partner=True
    )
    closed = make_institution(db, admin, type_code="RUMAH_SINGGAH", name="Rumah Singgah Kemayoran")
    with db.write() as s:
        institutions.deactivate_institution(s, admin, closed.id, closed.version_id)
    with db.read() as s:
        names = [r.name for r in institutions.list_institutions(s, admin)]
        assert names == ["Pondok Pesantren Darul Falah", "PSBI Bangun Daya 2"]
        assert [r.id for r in institutions.list_institutions(s, admin, include_partners=False)] == [own.id]
        assert len(institutions.list_institutions(s, admin, active_only=False)) == 3
        found = institutions.list_institutions(s, admin, text="darul")
        assert [r.id for r in found] == [partner.id]
        row = institutions.list_institutions(s, admin, text="bangun")[0]
        assert row.stay_limit_days == 21 and row.in_care == 0


def test_rooms_and_beds_add_rename_deactivate(admin, db) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(db, admin)
    room = make_room(db, admin, inst.id, name="Wisma Melati", sex="P", beds=3)
    assert room.capacity == 3 and [b.label for b in room.beds] == ["A", "B", "C"]
    with db.write() as s, pytest.raises(ValidationError) as info:
        institution_rooms.add_room(s, admin, inst.id, institution_rooms.RoomInput(name="wisma melati", sex="X"))
    assert set(info.value.fields) == {"name", "sex"}
    with db.write() as s:
        room = institution_rooms.add_beds(s, admin, room.id, ["D"])
    with db.write() as s, pytest.raises(ValidationError):
        institution_rooms.add_beds(s, admin, room.id, ["d"])
    bed_a = room.beds[0]
    with db.write() as s:
        renamed = institution_rooms.rename_bed(s, admin, bed_a.id, "A1", bed_a.version_id)
        assert renamed.label == "A1"
        off = institution_rooms.set_bed_active(s, admin, room.beds[3].id, False)
        assert not off.is_active
        updated = institution_rooms.update_room(
            s, admin, room.id, institution_rooms.RoomInput(name="Wisma Melati 1", sex="P", capacity=4), room.version_id
        )
    assert updated.name == "Wisma Melati 1" and updated.capacity == 4 and updated.free_beds == 3


def test_a_bed_with_history_is_never_deleted(admin, db) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(db, admin)
    room = make_room(db, admin, inst.id, beds=2)
    person = make_person(db, admin)
    with db.write() as s:
        stays.admit(
            s, admin, person, stays.AdmissionInput(inst.id, date.today(), room_id=room.id, bed_id=room.beds[0].id)
        )
    with db.write() as s, pytest.raises(ValidationError, match="riwayat"):
        institution_rooms.delete_bed(s, admin, room.beds[0].id)
    with db.write() as s, pytest.raises(ValidationError, match="sedang dipakai"):
        institution_rooms.set_bed_active(s, admin, room.beds[0].id, False)
    with db.write() as s, pytest.raises(ValidationError) as info:
        institution_rooms.update_room(s, admin, room.id, institution_rooms.RoomInput(name="Wisma 1", sex="P"), None)
    assert "jenis kelamin lain" in info.value.fields["sex"]
    with db.write() as s, pytest.raises(ValidationError, match="masih dihuni"):
        institution_rooms.set_room_active(s, admin, room.id, False)
    with db.write() as s:
        institution_rooms.delete_bed(s, admin, room.beds[1].id)
    with db.read() as s:
        detail = institutions.get_institution(s, admin, inst.id)
        assert [b.label for b in detail.rooms[0].beds] == ["A"]
        assert detail.rooms[0].beds[0].person_id == person and detail.rooms[0].beds[0].has_history
        assert (detail.in_care, detail.in_care_male, detail.in_care_female) == (1, 1, 0)
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"room.created", "bed.deleted", "stay.admitted"} <= actions


def test_deactivating_an_institution_with_people_in_care_is_refused(admin, db) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(db, admin)
    with db.write() as s:
        stays.admit(s, admin, make_person(db, admin), stays.AdmissionInput(inst.id, date.today()))
    with db.write() as s, pytest.raises(ValidationError, match="masih menampung 1"):
        institutions.deactivate_institution(s, admin, inst.id, inst.version_id)


def test_expiring_documents_lists_expired_and_soon_expiring(admin, db) -> None:  # type: ignore[no-untyped-def]
    today = date(2026, 3, 1)
    make_institution(
        db,
        admin,
        type_code="LKSA",
        name="LKSA Harapan",
        is_own=False,
        is_partner=True,
        licence_no="IO-1",
        licence_expires_on=today - timedelta(days=10),
        registration_no="TD-7",
        registration_expires_on=today + timedelta(days=200),
        accreditation_grade="C",
        accreditation_certificate_no="AK-3",
        accreditation_valid_until=today + timedelta(days=45),
        mou_no="MoU-5",
        mou_end=today + timedelta(days=90),
    )
    closed = make_institution(db, admin, name="Panti Tutup", licence_expires_on=today)
    with db.write() as s:
        institutions.deactivate_institution(s, admin, closed.id, closed.version_id)
    with db.read() as s:
        docs = institutions.expiring_documents(s, admin, within_days=90, today=today)
    assert [(d.kind, d.number, d.days_left) for d in docs] == [
        ("licence", "IO-1", -10),
        ("accreditation", "AK-3", 45),
        ("mou", "MoU-5", 90),
    ]
    assert docs[0].is_expired and not docs[1].is_expired
    assert docs[0].kind_label == "Izin operasional"


def test_a_second_editor_of_a_room_or_bed_gets_a_conflict(admin, db) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(db, admin)
    room = make_room(db, admin, inst.id, name="Wisma Melati", sex="P", beds=2)
    bed = room.beds[0]
    with db.write() as s:
        first = institution_rooms.update_room(
            s, admin, room.id, institution_rooms.RoomInput(name="Wisma Melati 1", sex="P"), room.version_id
        )
        renamed = institution_rooms.rename_bed(s, admin, bed.id, "A1", bed.version_id)
    assert first.version_id == room.version_id + 1 and renamed.version_id == bed.version_id + 1
    with db.write() as s, pytest.raises(Conflict):  # a form still showing the old room
        institution_rooms.update_room(
            s, admin, room.id, institution_rooms.RoomInput(name="Wisma Mawar", sex="P"), room.version_id
        )
    with db.write() as s, pytest.raises(Conflict):
        institution_rooms.rename_bed(s, admin, bed.id, "B9", bed.version_id)
    with db.read() as s:
        detail = institutions.get_institution(s, admin, inst.id)
        latest = institution_rooms.bed_info(s, admin, bed.id)  # what a form reloads after the conflict
    assert detail.rooms[0].name == "Wisma Melati 1" and detail.rooms[0].beds[0].label == "A1"
    assert (latest.label, latest.version_id) == ("A1", renamed.version_id)


def test_re_editing_keeps_the_accreditation_grant_date(admin, db) -> None:  # type: ignore[no-untyped-def]
    info = make_institution(
        db, admin, type_code="LKSA", accreditation_grade="A", accreditation_granted_on=date(2023, 5, 2)
    )
    assert info.accreditation_granted_on == date(2023, 5, 2) and info.accreditation_valid_until == date(2028, 5, 2)
    form = info.as_input()
    assert form.accreditation_granted_on == date(2023, 5, 2)
    with db.write() as s:
        again = institutions.update_institution(s, admin, info.id, replace(form, phone="021 555"), info.version_id)
        stored = institutions.get_institution_info(s, admin, info.id)
    assert again.accreditation_granted_on == stored.accreditation_granted_on == date(2023, 5, 2)
    assert again.accreditation_valid_until == date(2028, 5, 2)
