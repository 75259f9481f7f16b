"""Accounts and the office record: validation at the field, version conflicts, audit before/after."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.models import AuditEvent
from kesos_desktop.core.services import auth, office, users
from tests.factories import admin_input, office_input, setup_office


def test_first_run_setup_validates_every_field(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        assert office.needs_setup(s)
    bad_office = office_input(name=" ", region_code="99.99", email="bukan-email")
    bad_admin = admin_input(username="A B", password="123")
    with db.write() as s, pytest.raises(ValidationError) as info:
        office.complete_setup(s, bad_office, bad_admin)
    assert set(info.value.fields) >= {"name", "region_code", "email", "admin_username", "admin_password"}
    with db.read() as s:
        assert office.needs_setup(s)


def test_first_run_setup_creates_office_and_admin_once(db) -> None:  # type: ignore[no-untyped-def]
    info, admin = setup_office(db)
    assert info.region_code == "31"
    assert "Jakarta" in info.region_name
    assert admin.roles == ("admin",)
    with db.write() as s:
        assert not office.needs_setup(s)
        with pytest.raises(ValidationError, match="sudah pernah"):
            office.complete_setup(s, office_input(), admin_input(username="admin2"))
        actions = list(s.scalars(select(AuditEvent.action)))
    assert actions == ["office.created", "user.created"]


def test_user_validation_messages_are_per_field(admin, db) -> None:  # type: ignore[no-untyped-def]
    data = users.UserInput(username="admin", full_name="", roles=[], password="abc", nip="1968")
    with db.write() as s, pytest.raises(ValidationError) as info:
        users.create_user(s, admin, data)
    fields = info.value.fields
    assert "sudah dipakai" in fields["username"]
    assert fields["full_name"] and fields["roles"] and fields["password"] and fields["nip"]


def test_partner_user_needs_an_institution(admin, db) -> None:  # type: ignore[no-untyped-def]
    data = users.UserInput(username="mitra1", full_name="Ustadz Ahmad", roles=["mitra"], password="sandi12345")
    with db.write() as s, pytest.raises(ValidationError) as info:
        users.create_user(s, admin, data)
    assert "institution_id" in info.value.fields


def test_stale_edit_is_a_conflict_not_an_overwrite(admin, db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        created = users.create_user(
            s, admin, users.UserInput(username="budi", full_name="Budi", roles=["auditor"], password="sandi12345")
        )
    first = users.UserInput(username="budi", full_name="Budi Santoso", roles=["auditor"])
    second = users.UserInput(username="budi", full_name="Budi S.", roles=["pimpinan"])
    with db.write() as s:
        updated = users.update_user(s, admin, created.id, first, created.version_id)
    assert updated.version_id == created.version_id + 1
    with db.write() as s, pytest.raises(Conflict, match="diubah oleh pengguna lain"):
        users.update_user(s, admin, created.id, second, created.version_id)
    with db.read() as s:
        assert users.get_user(s, admin, created.id).full_name == "Budi Santoso"
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.updated")).one()
    assert event.changes["full_name"] == ["Budi", "Budi Santoso"]


def test_admin_cannot_remove_own_admin_role(admin, db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        me = users.get_user(s, admin, admin.user_id)
    data = users.UserInput(username="admin", full_name="Siti", roles=["auditor"])
    with db.write() as s, pytest.raises(ValidationError, match="sendiri"):
        users.update_user(s, admin, me.id, data, me.version_id)


def test_update_office_checks_version_and_records_changes(admin, db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        current = office.get_own_office(s)
    data = office_input(
        place_name="Jakarta Pusat", letterhead_lines=["PEMERINTAH PROVINSI DKI JAKARTA", "DINAS SOSIAL"]
    )
    with db.write() as s:
        updated = office.update_office(s, admin, data, current.version_id)
    assert updated.place_name == "Jakarta Pusat"
    with db.write() as s, pytest.raises(Conflict):
        office.update_office(s, admin, office_input(place_name="Bogor"), current.version_id)
    with db.write() as s, pytest.raises(ValidationError) as info:
        office.update_office(s, admin, office_input(logo_png=b"bukan gambar"), updated.version_id)
    assert "logo_png" in info.value.fields


def test_staff_list_for_pickers_excludes_partners_and_auditors(admin, db) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_user

    make_user(db, admin, "peksos", ["pekerja_sosial"])
    make_user(db, admin, "audit1", ["auditor"])
    with db.write() as s:
        worker = auth.login(s, "peksos", "sandi12345")
    with db.read() as s:
        staff = users.list_staff(s, worker)
    assert {m.full_name for m in staff} == {"Siti Rahmawati", "Peksos"}
