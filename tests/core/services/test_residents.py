"""Intake and identity edits: partial identity, NIK rules, consent for children, warnings, versions, partners, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from kesos_desktop.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent, Person, PersonEvent
from kesos_desktop.core.services import auth, drafts, residents, stays, timeline
from kesos_desktop.core.services.resident_list import ResidentFilter, find_resident_ids
from kesos_desktop.core.services.residents import AdmissionInput, BelongingInput, ConsentInput, FamilyContactInput
from kesos_desktop.core.services.residents_choices import choices
from tests.factories import (
    identity_input,
    intake_input,
    make_institution,
    make_person,
    make_room,
    make_user,
    register_person,
)

TODAY = date.today()
CHILD_NIK = "3171014403150001"  # a girl born 4 March 2015, Gambir


def _child_identity(**overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "full_name": "",
        "alias": "Ucok",
        "sex": "L",
        "birth_date": None,
        "birth_date_precision": "estimated",
        "estimated_age": 12,
        "birth_place": "",
        "nik": None,
        "nik_absent_reason": "Belum memiliki KIA/akta kelahiran",
        "religion": "",
        "education": "BELUM_TAMAT_SD",
        "marital_status": "BELUM_KAWIN",
        "phone": "",
    }
    values.update(overrides)
    return identity_input(**values)


def _guardian_consent() -> ConsentInput:
    return ConsentInput(basis="persetujuan_wali", given_by="Sumiati", relation="IBU", given_on=TODAY)


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return exc.value.fields


def test_choices_file_has_the_form_lists() -> None:
    assert [c.code for c in choices("sex")] == ["L", "P"]
    assert "ISLAM" in {c.code for c in choices("religion")}
    assert {"persetujuan_wali", "kewajiban_hukum", "tugas_publik"} <= {c.code for c in choices("consent_basis")}
    assert all(c.name_id and c.name_en for f in ("religion", "education", "marital_status") for c in choices(f))


def test_registration_number_format_is_shared() -> None:
    assert residents.format_registration_number(2026, 123) == "WB-2026-000123"
    assert residents.placeholder_name("WB-2026-000123") == "Tanpa Nama WB-2026-000123"


def test_intake_of_an_adult_saves_everything(db, admin) -> None:
    result = register_person(db, admin)
    assert result.registration_no == f"WB-{TODAY.year}-000001"
    assert result.warnings == ()  # 77 years old, LUT (>= 60): no age warning; NIK agrees
    with db.read() as s:
        person = s.get(Person, result.person_id)
        assert person.nik == "3171011708450001"
        assert person.name_key == "budi santoso"
        assert person.origin_region_name.startswith("Kelurahan Gambir, Kecamatan Gambir")
        events = s.scalars(select(PersonEvent).where(PersonEvent.person_id == person.id)).all()
        assert [e.kind for e in events] == ["registered"]
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.registered")).one()
        # The audit log never holds a full NIK.
        assert "3171011708450001" not in str(audit.changes)
    second = register_person(
        db, admin, identity=identity_input(nik="3578080102030001", birth_date=date(2003, 2, 1)), categories=[]
    )
    assert second.registration_no == f"WB-{TODAY.year}-000002"
    with db.read() as s:
        assert find_resident_ids(s, admin, ResidentFilter(text="budi santoso"))
        assert find_resident_ids(s, admin, ResidentFilter(text="3171011708450001")) == [result.person_id]


def test_child_with_estimated_age_and_no_nik(db, admin) -> None:
    # No NIK and no reason: refused at the reason field; a child without guardian consent or legal basis: refused.
    identity = _child_identity(nik_absent_reason="")
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(identity, categories=["AJ"], consent=None))
    fields = _fields(exc)
    assert "nik_absent_reason" in fields
    assert "consent_basis" in fields and "wali" in fields["consent_basis"]

    # The child's own consent is not enough (UU PDP Pasal 25).
    own = ConsentInput(basis="persetujuan_sendiri", given_by="Ucok", given_on=TODAY)
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(_child_identity(), categories=["AJ"], consent=own))
    assert "Pasal 25" in _fields(exc)["consent_basis"]

    # Guardian consent needs the guardian's name, relation and date.
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(
            s, admin, intake_input(_child_identity(), categories=["AJ"], consent=ConsentInput("persetujuan_wali"))
        )
    assert {"consent_given_by", "consent_relation", "consent_given_on"} <= set(_fields(exc))

    result = register_person(db, admin, identity=_child_identity(), categories=["AJ"], consent=_guardian_consent())
    with db.read() as s:
        person = s.get(Person, result.person_id)
        assert person.birth_date == date(TODAY.year - 12, 1, 1)
        assert person.birth_date_precision == "estimated"
        assert person.nik is None and person.nik_absent_reason == "Belum memiliki KIA/akta kelahiran"
        assert person.full_name == "" and person.alias == "Ucok" and not person.name_unknown
        assert person.name_key == "ucok"
    with db.write() as s:
        profile = residents.get_profile(s, admin, result.person_id)
    assert profile.age_years == 12 and profile.age_display == "± 12 tahun"
    assert "anak" in profile.badges
    assert profile.display_name == "Ucok"
    assert profile.consents[0].basis == "persetujuan_wali" and profile.consents[0].relation_label == "Ibu"


def test_child_under_a_legal_basis_needs_a_note(db, admin) -> None:
    basis = ConsentInput(basis="tugas_publik")
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(_child_identity(), categories=["AJ"], consent=basis))
    assert "consent_notes" in _fields(exc)
    basis = ConsentInput(basis="tugas_publik", notes="UU 11/2009 Pasal 7; Perda DKI 8/2007 (penjangkauan)")
    result = register_person(db, admin, identity=_child_identity(), categories=["AJ"], consent=basis)
    assert result.person_id


def test_unknown_age_child_category_decides_consent(db, admin) -> None:
    identity = _child_identity(estimated_age=None)
    own = ConsentInput(basis="persetujuan_sendiri", given_on=TODAY)
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(identity, categories=["AJ"], consent=own))
    assert "consent_basis" in _fields(exc)
    result = register_person(db, admin, identity=identity, categories=["AJ"], consent=_guardian_consent())
    assert any("belum diketahui" in w for w in result.warnings)


def test_nik_date_mismatch_is_a_warning_and_saved(db, admin) -> None:
    identity = identity_input(birth_date=date(1945, 8, 18))
    result = register_person(db, admin, identity=identity)
    assert any("Tanggal lahir pada NIK (17-08-1945)" in w for w in result.warnings)
    with db.read() as s:
        person = s.get(Person, result.person_id)
        assert person.birth_date == date(1945, 8, 18) and person.nik == "3171011708450001"


def test_nik_sex_mismatch_is_a_warning(db, admin) -> None:
    result = register_person(db, admin, identity=identity_input(sex="P", full_name="Budiarti"), categories=[])
    assert any("Jenis kelamin pada NIK" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("nik", "expected"),
    [
        ("317101170845000", "16 angka"),
        ("3171013208450001", "01–31"),
        ("3171011713450001", "01–12"),
        ("3171011708450000", "0000"),
        ("31710117084500O1", "angka"),
        ("3.17101E+15", "Excel"),
    ],
)
def test_nik_format_errors_at_the_field(db, admin, nik: str, expected: str) -> None:
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(identity_input(nik=nik)))
    assert expected in _fields(exc)["nik"]


def test_no_kk_is_checked(db, admin) -> None:
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(identity_input(no_kk="3171019913150004")))
    assert "no_kk" in _fields(exc)
    result = register_person(db, admin, identity=identity_input(no_kk="3171 0120 0315 0004"))
    with db.read() as s:
        assert s.get(Person, result.person_id).no_kk == "3171012003150004"


def test_duplicate_nik_is_refused_naming_the_record(db, admin) -> None:
    first = register_person(db, admin)
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(identity_input(full_name="Budi S.")))
    assert first.registration_no in _fields(exc)["nik"]
    assert "3171011708450001" not in _fields(exc)["nik"]  # masked even in the message


def test_placeholder_name_when_neither_name_nor_alias(db, admin) -> None:
    identity = identity_input(full_name="", alias="", nik=None, nik_absent_reason="Tidak diketahui")
    result = register_person(db, admin, identity=identity)
    assert result.full_name == f"Tanpa Nama {result.registration_no}"
    with db.read() as s:
        person = s.get(Person, result.person_id)
        assert person.name_unknown and person.full_name == result.full_name
    with db.write() as s:
        profile = residents.get_profile(s, admin, result.person_id)
        # The edit form sends the placeholder back unchanged: it stays a placeholder.
        same = replace(identity, full_name=profile.full_name, nik="")
        out = residents.update_identity(s, admin, result.person_id, same, profile.version_id)
        assert out.changed_fields == ()
        named = replace(same, full_name="Joko Susilo")
        out = residents.update_identity(s, admin, result.person_id, named, profile.version_id)
        assert set(out.changed_fields) == {"full_name", "name_unknown"}
        assert s.get(Person, result.person_id).name_key == "joko susilo"


def test_category_age_warning_does_not_block(db, admin) -> None:
    identity = identity_input(nik="3578080102030001", birth_date=date(2003, 2, 1), full_name="Andi")
    result = register_person(db, admin, identity=identity, categories=["LUT"])
    assert any("Lanjut Usia Terlantar" in w and "di bawah batas usia" in w for w in result.warnings)


def test_unknown_category_and_bad_choices_are_refused(db, admin) -> None:
    identity = identity_input(religion="Islam", origin_region_code="99.99")
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(
            s,
            admin,
            intake_input(identity, categories=["NOPE"], family_contacts=[FamilyContactInput(name="", relation="X")]),
        )
    fields = _fields(exc)
    assert {
        "religion",
        "origin_region_code",
        "categories",
        "family_contacts.0.name",
        "family_contacts.0.relation",
    } <= set(fields)


def test_sex_and_birth_date_rules(db, admin) -> None:
    identity = identity_input(sex="", birth_date=date(TODAY.year + 1, 1, 1))
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(identity))
    assert {"sex", "birth_date"} <= set(_fields(exc))
    month = identity_input(birth_date=date(1945, 8, 17), birth_date_precision="month")
    result = register_person(db, admin, identity=month)
    with db.read() as s:
        assert s.get(Person, result.person_id).birth_date == date(1945, 8, 1)
    assert result.warnings == ()  # month and year agree with the NIK


def test_identity_edit_version_conflict_and_audit(db, admin) -> None:
    result = register_person(db, admin)
    with db.read() as s:
        version = s.get(Person, result.person_id).version_id
    edit = identity_input(full_name="Budi Santosa", phone="0812 0000 1111")
    with db.write() as s:
        out = residents.update_identity(s, admin, result.person_id, edit, version)
    assert set(out.changed_fields) == {"full_name", "phone"}
    assert out.changed_labels == ("Nama lengkap", "Telepon")
    assert out.version_id == version + 1
    # A second editor still holding the old version gets a conflict, never a silent overwrite.
    with db.write() as s, pytest.raises(Conflict):
        residents.update_identity(s, admin, result.person_id, identity_input(full_name="Budi X"), version)
    with db.read() as s:
        assert s.get(Person, result.person_id).full_name == "Budi Santosa"
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.identity_changed")).one()
        assert event.changes["full_name"] == ["Budi Santoso", "Budi Santosa"]
        lines = timeline.list_timeline(s, admin, result.person_id)
        assert lines[0].kind == "identity_changed" and "Nama lengkap, Telepon" in lines[0].summary
        assert find_resident_ids(s, admin, ResidentFilter(text="santosa")) == [result.person_id]


def test_identity_edit_checks_nik_like_intake(db, admin) -> None:
    other = register_person(db, admin, identity=identity_input(nik="3578080102030001", birth_date=date(2003, 2, 1)))
    result = register_person(db, admin)
    with db.write() as s:
        version = s.get(Person, result.person_id).version_id
        with pytest.raises(ValidationError) as exc:
            residents.update_identity(s, admin, result.person_id, identity_input(nik="3578080102030001"), version)
        assert other.registration_no in _fields(exc)["nik"]
        out = residents.update_identity(
            s, admin, result.person_id, identity_input(birth_date=date(1945, 8, 19)), version
        )
        assert any("NIK" in w for w in out.warnings)


def test_role_without_nik_permission_sees_it_masked_and_keeps_it(db, admin) -> None:
    result = register_person(db, admin)
    make_user(db, admin, "petugas", ["petugas_administrasi"])
    make_user(db, admin, "auditor1", ["auditor"])
    with db.write() as s:
        clerk = auth.login(s, "petugas", "sandi12345")
        auditor = auth.login(s, "auditor1", "sandi12345")
    assert not clerk.can("residents.view_nik")
    with db.write() as s:
        profile = residents.get_profile(s, auditor, result.person_id)
        assert profile.nik is None and profile.nik_display == "3171 01•• •••• 0001"
        # The clerk edits the phone; the NIK field is left untouched (None) and stays as it was.
        edit = identity_input(nik=None, phone="0811 222 333")
        out = residents.update_identity(s, clerk, result.person_id, edit, profile.version_id)
        assert out.changed_fields == ("phone",)
        assert s.get(Person, result.person_id).nik == "3171011708450001"
        with pytest.raises(PermissionDenied):
            residents.update_identity(s, clerk, result.person_id, identity_input(nik="3578080102030001"), None)
        with pytest.raises(PermissionDenied):
            residents.update_identity(s, clerk, result.person_id, identity_input(nik="", nik_absent_reason="x"), None)
        # ...but may add a No. KK that was missing, and type the same NIK again.
        out = residents.update_identity(
            s,
            clerk,
            result.person_id,
            identity_input(nik="3171 0117 0845 0001", no_kk="3171012003150004", phone="0811 222 333"),
            None,
        )
        assert out.changed_fields == ("no_kk",)
        with pytest.raises(PermissionDenied):
            residents.update_identity(s, auditor, result.person_id, edit, None)


def test_profile_view_is_audited(db, admin) -> None:
    result = register_person(db, admin)
    with db.write() as s:
        profile = residents.get_profile(s, admin, result.person_id)
    assert profile.nik == "3171011708450001" and profile.nik_display == "3171 0117 0845 0001"
    assert profile.registration_no == result.registration_no
    assert [c.code for c in profile.categories] == ["LUT"] and profile.categories[0].label == "Lanjut Usia Terlantar"
    assert "lansia" in profile.badges and "anak" not in profile.badges
    assert profile.family_contacts[0].relation_label == "Anak"
    assert profile.religion_label == "Islam" and profile.marital_status_label == "Cerai mati"
    assert profile.current_stay is None and profile.document_count == 0 and not profile.has_photo
    with db.read() as s:
        views = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "person.viewed", AuditEvent.entity_id == str(result.person_id)
            )
        ).all()
        assert len(views) == 1 and views[0].username == "admin"


def test_partner_cannot_read_someone_not_placed_with_them(db, admin) -> None:
    result = register_person(db, admin)
    pesantren = make_institution(
        db, admin, type_code="PESANTREN", name="Pondok Pesantren Al-Ikhlas", is_own=False, is_partner=True
    )
    pesantren_id = pesantren.id
    make_user(db, admin, "mitra1", ["mitra"], institution_id=pesantren_id)
    with db.write() as s:
        partner = auth.login(s, "mitra1", "sandi12345")
    with db.write() as s, pytest.raises(NotFound):
        residents.get_profile(s, partner, result.person_id)
    with db.read() as s:
        assert not s.scalars(
            select(AuditEvent).where(AuditEvent.username == "mitra1", AuditEvent.action == "person.viewed")
        ).all()


def test_family_contacts_categories_and_consent(db, admin) -> None:
    result = register_person(db, admin)
    pid = result.person_id
    with db.write() as s:
        contact = residents.add_family_contact(
            s, admin, pid, FamilyContactInput(name="Slamet", relation="ADIK", phone="0857 1234 5678", is_guardian=True)
        )
        assert contact.relation_label == "Adik" and contact.is_guardian
        changed = residents.update_family_contact(
            s, admin, contact.id, FamilyContactInput(name="Slamet Riyadi", relation="ADIK", region_code="3171")
        )
        assert changed.name == "Slamet Riyadi" and changed.region_name.startswith("Kota Administrasi Jakarta Pusat")
        with pytest.raises(ValidationError):
            residents.update_family_contact(
                s, admin, contact.id, FamilyContactInput(name="X", relation="", phone="abc")
            )
        residents.remove_family_contact(s, admin, contact.id)

        added = residents.add_category(s, admin, pid, "GEL", since=TODAY)
        assert added.assignment.code == "GEL" and added.assignment.active
        assert added.warnings and "Gelandangan" in added.warnings[0]  # 80 years old, above the GEL limit
        with pytest.raises(ValidationError):
            residents.add_category(s, admin, pid, "GEL")
        ended = residents.end_category(s, admin, added.assignment.id, TODAY)
        assert ended.until == TODAY and not ended.active

        consent = residents.add_consent(
            s, admin, pid, ConsentInput(basis="kewajiban_hukum", notes="UU 11/2009; Perda DKI 8/2007")
        )
        assert consent.basis_label == "Pemenuhan kewajiban hukum"
    with db.write() as s:
        profile = residents.get_profile(s, admin, pid)
    assert [c.name for c in profile.family_contacts] == ["Sri Wahyuni"]
    assert [c.code for c in profile.active_categories] == ["LUT"]
    assert len(profile.categories) == 2 and len(profile.consents) == 2


def test_intake_drops_its_draft_in_the_same_transaction(db, admin) -> None:
    with db.write() as s:
        drafts.save_draft(s, "admin", "intake", "baru-1", {"full_name": "Budi"}, "Budi")
    with db.write() as s, pytest.raises(ValidationError):
        residents.register_intake(s, admin, intake_input(identity_input(sex=""), draft_key="baru-1"))
    with db.read() as s:
        assert drafts.load_draft(s, "admin", "intake", "baru-1") is not None  # a refused save keeps the draft
    register_person(db, admin, draft_key="baru-1")
    with db.read() as s:
        assert drafts.load_draft(s, "admin", "intake", "baru-1") is None


def test_intake_needs_edit_permission(db, admin) -> None:
    make_user(db, admin, "auditor1", ["auditor"])
    with db.write() as s:
        auditor = auth.login(s, "auditor1", "sandi12345")
    with db.write() as s, pytest.raises(PermissionDenied):
        residents.register_intake(s, auditor, intake_input())


# ------------------------------------------------------------------------------------------ with an admission


def _admission(institution_id, **overrides: object) -> AdmissionInput:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "institution_id": institution_id,
        "admitted_on": TODAY,
        "referral_source_code": "PENJANGKAUAN",
        "referral_letter_no": "400.9/123/PPKS",
        "referral_letter_date": TODAY,
        "belongings": [BelongingInput("Tas ransel hitam"), BelongingInput("Uang tunai Rp20.000", 1, "Brankas")],
    }
    values.update(overrides)
    return AdmissionInput(**values)  # type: ignore[arg-type]


def test_intake_with_admission_room_bed_and_belongings(db, admin) -> None:
    home = make_institution(db, admin, type_code="PSTW", name="Panti Sosial Tresna Werdha Budi Mulia 1")
    room = make_room(db, admin, home.id, name="Wisma Melati", sex="L", beds=2)
    admission = _admission(home.id, room_id=room.id, bed_id=room.beds[0].id)
    result = register_person(db, admin, admission=admission)
    assert result.stay_id is not None
    with db.read() as s:
        person = s.get(Person, result.person_id)
        assert person.in_care and person.current_institution_id == home.id and person.stay_count == 1
        kinds = [e.kind for e in timeline.list_timeline(s, admin, result.person_id)]
        assert kinds == ["admitted", "registered"]  # newest first; registration came first
    with db.write() as s:
        profile = residents.get_profile(s, admin, result.person_id)
    stay = profile.current_stay
    assert stay is not None and stay.institution_name == "Panti Sosial Tresna Werdha Budi Mulia 1"
    assert stay.room_bed == "Wisma Melati / A" and stay.admitted_on == TODAY and stay.days_in_care == 0
    assert stay.referral_source.startswith("Penjangkauan")
    assert profile.in_care and "readmission" not in profile.badges


def test_failed_admission_registers_nobody_and_gives_the_number_back(db, admin) -> None:
    home = make_institution(db, admin)
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.register_intake(s, admin, intake_input(admission=_admission(home.id, referral_source_code="NOPE")))
    assert "referral_source_code" in exc.value.fields
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
    result = register_person(db, admin, admission=_admission(home.id))
    assert result.registration_no == f"WB-{TODAY.year}-000001"


def test_partner_sees_their_placed_child_with_nik_masked(db, admin) -> None:
    pesantren = make_institution(
        db, admin, type_code="PESANTREN", name="Pondok Pesantren Darul Falah", is_own=False, is_partner=True
    )
    other = make_institution(db, admin, name="Panti Lain")
    child = _child_identity(
        nik=CHILD_NIK,
        nik_absent_reason="",
        sex="P",
        birth_date=date(2015, 3, 4),
        birth_date_precision="exact",
        alias="Ani",
        full_name="Ani Lestari",
    )
    placed = register_person(
        db,
        admin,
        identity=child,
        categories=["AT"],
        consent=_guardian_consent(),
        admission=_admission(pesantren.id, belongings=[]),
    )
    elsewhere = register_person(
        db,
        admin,
        identity=_child_identity(),
        categories=["AJ"],
        consent=_guardian_consent(),
        admission=_admission(other.id, belongings=[]),
    )
    make_user(db, admin, "mitra1", ["mitra"], institution_id=pesantren.id)
    with db.write() as s:
        partner = auth.login(s, "mitra1", "sandi12345")
    with db.write() as s:
        profile = residents.get_profile(s, partner, placed.person_id)
        assert profile.nik is None and profile.nik_display == "3171 01•• •••• 0001"
        assert profile.current_stay is not None and profile.current_stay.institution_id == pesantren.id
        with pytest.raises(NotFound):
            residents.get_profile(s, partner, elsewhere.person_id)
        with pytest.raises(PermissionDenied):
            residents.update_identity(s, partner, placed.person_id, child, profile.version_id)


def test_readmission_and_overdue_badges(db, admin) -> None:
    shelter = make_institution(db, admin, type_code="RUMAH_SINGGAH", name="Rumah Singgah Bina Anak", max_stay_days=7)
    long_ago = TODAY - timedelta(days=40)
    result = register_person(
        db, admin, registered_on=long_ago, admission=_admission(shelter.id, admitted_on=long_ago, belongings=[])
    )
    with db.write() as s:
        first = residents.get_profile(s, admin, result.person_id)
        assert first.current_stay is not None and first.current_stay.days_in_care == 40
        assert first.current_stay.overdue and "lama_tinggal" in first.badges
        stays.exit_stay(
            s,
            admin,
            first.current_stay.stay_id,
            stays.ExitInput(on_date=TODAY - timedelta(days=30), reason_code="SELESAI"),
            None,
        )
        stays.admit(
            s, admin, result.person_id, _admission(shelter.id, admitted_on=TODAY - timedelta(days=2), belongings=[])
        )
        again = residents.get_profile(s, admin, result.person_id)
    assert "readmission" in again.badges and "lama_tinggal" not in again.badges
    assert again.stay_count == 2 and again.current_stay is not None and again.current_stay.is_readmission


def test_a_stored_number_that_no_longer_passes_never_blocks_an_edit(db, admin) -> None:
    # An imported record whose NIK has serial 0000: editing the phone still works, with a warning.
    pid = make_person(db, admin, full_name="Data Lama", nik="3171011708450000", birth_date=date(1945, 8, 17))
    with db.write() as s:
        version = s.get(Person, pid).version_id
        edit = identity_input(full_name="Data Lama", nik=None, nik_absent_reason="", phone="0812 1111 2222")
        out = residents.update_identity(s, admin, pid, edit, version)
        assert "phone" in out.changed_fields and "nik" not in out.changed_fields
        assert any("NIK yang tersimpan" in w for w in out.warnings)
        # Typing a different invalid NIK is still refused at the field.
        with pytest.raises(ValidationError) as exc:
            residents.update_identity(s, admin, pid, identity_input(nik="3171011708450100x"), out.version_id)
        assert "nik" in exc.value.fields


# ------------------------------------------------------------------------------------------ readmission


def _exited_child(db, admin, home):  # type: ignore[no-untyped-def]
    """A boy of about 12 (AJ) who stayed at ``home`` and left ten days ago."""
    earlier = register_person(
        db,
        admin,
        identity=_child_identity(full_name="Rizki", birth_date=date(TODAY.year - 12, 1, 1)),
        categories=["AJ"],
        consent=_guardian_consent(),
        admission=_admission(home.id, admitted_on=TODAY - timedelta(days=30), belongings=[]),
    )
    with db.write() as s:
        stay = stays.current_stay(s, admin, earlier.person_id)
        stays.exit_stay(s, admin, stay.id, stays.ExitInput(TODAY - timedelta(days=10), "SELESAI"), stay.version_id)
    return earlier


def test_readmission_is_one_transaction(db, admin) -> None:
    from sqlalchemy import event

    home = make_institution(db, admin)
    earlier = _exited_child(db, admin, home)
    with db.write() as s:
        drafts.save_draft(s, "admin", residents.INTAKE_DRAFT_KIND, "draft-rizki", {"name": "Rizki"}, "Rizki")
    commits: list[int] = []
    with db.write() as s:
        event.listen(s, "after_commit", lambda _s: commits.append(1))
        result = residents.readmit(
            s,
            admin,
            residents.ReadmitInput(
                earlier.person_id,
                _admission(home.id, belongings=[]),
                categories=["AJ", "LUT"],  # AJ is already there; LUT (lansia) is new and wrong for a child
                draft_key="draft-rizki",
                decision_note="Dikenali petugas",
            ),
        )
    assert commits == [1]
    assert result.person_id == earlier.person_id and result.stay.is_readmission
    assert any("LUT" in w or "Lanjut" in w for w in result.warnings)
    with db.read() as s:
        profile = residents.get_profile(s, admin, earlier.person_id)
        assert {c.code for c in profile.active_categories} == {"AJ", "LUT"}
        assert timeline.list_timeline(s, admin, earlier.person_id)[0].kind == "readmitted"
        decision = s.scalars(select(AuditEvent).where(AuditEvent.action == "person_pair.same")).one()
        assert decision.entity_id == earlier.person_id.hex and decision.changes["key"] == [None, "draft-rizki"]
        assert drafts.list_drafts(s, "admin", residents.INTAKE_DRAFT_KIND) == []


def test_a_failed_readmission_leaves_nothing_behind(db, admin) -> None:
    home = make_institution(db, admin)
    earlier = _exited_child(db, admin, home)
    with db.write() as s:
        drafts.save_draft(s, "admin", residents.INTAKE_DRAFT_KIND, "draft-x", {"name": "Rizki"}, "Rizki")
    # The decision step fails after the stay was added (a person compared with themself): the stay goes too.
    bad = residents.ReadmitInput(
        earlier.person_id, _admission(home.id, belongings=[]), draft_key=str(earlier.person_id)
    )
    with db.write() as s, pytest.raises(ValidationError):
        residents.readmit(s, admin, bad)
    with db.write() as s, pytest.raises(ValidationError) as exc:
        residents.readmit(s, admin, replace(bad, categories=["NOPE"], draft_key="draft-x"))
    assert "categories" in exc.value.fields
    with db.read() as s:
        assert len(stays.list_stays(s, admin, earlier.person_id)) == 1
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "person_pair")) == 0
        assert [d.key for d in drafts.list_drafts(s, "admin", residents.INTAKE_DRAFT_KIND)] == ["draft-x"]


def test_different_person_decisions_made_during_intake_are_kept(db, admin) -> None:
    from kesos_desktop.core.services import duplicates

    other = register_person(db, admin, identity=identity_input(nik=None, nik_absent_reason="KTP hilang"))
    with db.write() as s:
        duplicates.record_duplicate_decision(s, admin, "draft-budi", other.person_id, duplicates.DIFFERENT)
    saved = register_person(
        db,
        admin,
        identity=identity_input(nik=None, nik_absent_reason="KTP hilang", birth_date=date(1945, 8, 18)),
        draft_key="draft-budi",
    )
    query = duplicates.CandidateQuery(full_name="Budi Santoso", birth_year=1945, sex="L")
    with db.read() as s:
        everyone = {c.person_id for c in duplicates.find_candidates(s, admin, query)}
        assert {other.person_id, saved.person_id} <= everyone
        # Seen from the saved person, the "different" choice made under the draft key still holds.
        mine = replace(query, exclude_person_id=saved.person_id, decision_key=str(saved.person_id))
        assert other.person_id not in {c.person_id for c in duplicates.find_candidates(s, admin, mine)}


# ----------------------------------------------------------------------------------- health and printing


def test_health_notes_need_their_own_permission(db, admin) -> None:
    result = register_person(
        db, admin, identity=identity_input(health_notes="Hipertensi, minum amlodipin", disability_notes="Low vision")
    )
    make_user(db, admin, "petugas", ["petugas_administrasi"])
    make_user(db, admin, "pimpinan1", ["pimpinan"])
    with db.write() as s:
        clerk = auth.login(s, "petugas", "sandi12345")
        head = auth.login(s, "pimpinan1", "sandi12345")
    assert head.can("residents.view_health") and admin.can("residents.view_health")
    assert not clerk.can("residents.view_health")
    with db.write() as s:
        shown = residents.get_profile(s, head, result.person_id)
        hidden = residents.get_profile(s, clerk, result.person_id)
    assert shown.health_notes == "Hipertensi, minum amlodipin" and not shown.health_hidden
    assert "disabilitas" in shown.badges
    assert hidden.health_notes is None and hidden.disability_notes is None and hidden.health_hidden
    assert "disabilitas" not in hidden.badges  # the badge would tell what the notes say
    with db.write() as s:
        # The clerk's form sends None: the phone changes, the notes stay.
        edit = identity_input(nik=None, phone="0811 222 333", health_notes=None, disability_notes=None)
        out = residents.update_identity(s, clerk, result.person_id, edit, hidden.version_id)
        assert out.changed_fields == ("phone",)
        person = s.get(Person, result.person_id)
        assert (person.health_notes, person.disability_notes) == ("Hipertensi, minum amlodipin", "Low vision")
        for notes in ("", "Sehat"):
            with pytest.raises(PermissionDenied):
                residents.update_identity(
                    s, clerk, result.person_id, identity_input(nik=None, health_notes=notes), out.version_id
                )


def test_health_notes_are_never_written_to_the_audit_log(db, admin) -> None:
    result = register_person(db, admin, identity=identity_input(health_notes="HIV positif, ARV"))
    with db.write() as s:
        version = s.get(Person, result.person_id).version_id
        residents.update_identity(s, admin, result.person_id, identity_input(health_notes="TB paru"), version)
    with db.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(result.person_id))).all()
    logged = repr([(e.summary, e.changes) for e in events])
    assert "HIV" not in logged and "TB paru" not in logged
    registered = next(e for e in events if e.action == "person.registered")
    changed = next(e for e in events if e.action == "person.identity_changed")
    assert registered.changes["health_notes"] == [None, "(diubah)"] and changed.changes["health_notes"] == "(diubah)"


def test_partners_see_family_phone_numbers_masked(db, admin) -> None:
    pesantren = make_institution(
        db, admin, type_code="PESANTREN", name="Pondok Pesantren Darul Falah", is_own=False, is_partner=True
    )
    placed = register_person(
        db,
        admin,
        identity=_child_identity(phone="0812 9999 1234"),
        categories=["AT"],
        consent=_guardian_consent(),
        admission=_admission(pesantren.id, belongings=[]),
    )
    make_user(db, admin, "mitra1", ["mitra"], institution_id=pesantren.id)
    with db.write() as s:
        partner = auth.login(s, "mitra1", "sandi12345")
        seen = residents.get_profile(s, partner, placed.person_id)
        full = residents.get_profile(s, admin, placed.person_id)
    assert full.family_contacts[0].phone == "0813 1111 2222" and not full.phones_masked
    contact = seen.family_contacts[0]
    assert seen.phones_masked and contact.phone_masked and contact.phone != "0813 1111 2222"
    assert contact.phone.endswith("22") and "1111" not in contact.phone
    assert seen.phone != "0812 9999 1234" and "9999" not in seen.phone
    assert seen.health_hidden  # partners never read health notes either


def test_printing_a_biodata_is_audited(db, admin) -> None:
    result = register_person(db, admin)
    with db.write() as s:
        residents.record_print(s, admin, result.person_id, "biodata", full_nik=True, health=False)
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.printed")).one()
    assert event.entity_id == str(result.person_id) and result.registration_no in event.summary
    assert event.changes == {"document": "biodata", "full_nik": True, "health": False}


def test_person_brief_is_light_and_not_a_file_view(db, admin) -> None:
    result = register_person(db, admin)
    with db.write() as s:
        brief = residents.person_brief(s, admin, result.person_id)
        s.commit()
    assert brief == residents.PersonBrief(result.person_id, result.registration_no, "Budi Santoso (Budi)", "L")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "person.viewed")) == 0


def test_partial_date_warning_is_public() -> None:
    from kesos_desktop.core.services.residents_identity import partial_date_warning

    assert partial_date_warning(date(2012, 5, 5), date(2012, 1, 1), "year") is None
    assert "2011" in (partial_date_warning(date(2011, 5, 5), date(2012, 1, 1), "year") or "")
