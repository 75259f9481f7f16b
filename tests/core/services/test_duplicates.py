"""Duplicate candidates at intake: same NIK, same KK, similar names with reasons, and remembered decisions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent
from kesos_desktop.core.services import auth, stays
from kesos_desktop.core.services.duplicates import CandidateQuery, find_candidates, record_duplicate_decision
from kesos_desktop.core.services.residents import ConsentInput
from tests.factories import identity_input, make_institution, make_user, register_person

NIK_BUDI = "3171011708450001"
KK = "3171010101100001"


def _register(db, admin, **identity):  # type: ignore[no-untyped-def]
    values = {"nik": None, "nik_absent_reason": "KTP hilang", "no_kk": None, "alias": ""}
    values.update(identity)
    consent = ConsentInput(basis="tugas_publik", notes="UU 11/2009 Pasal 7")
    return register_person(db, admin, identity=identity_input(**values), consent=consent).person_id


@pytest.fixture
def registry(db, admin):  # type: ignore[no-untyped-def]
    people = {
        "budi": _register(db, admin, full_name="Budi Santoso", nik=NIK_BUDI, no_kk=KK),
        "karno": _register(
            db, admin, full_name="Moch. Soekarno", birth_date=date(2011, 3, 1), origin_region_code="32.05.01.1001"
        ),
        "siti": _register(
            db,
            admin,
            full_name="Hj. Siti Aminah",
            sex="P",
            birth_date=date(1980, 5, 5),
            origin_region_code="32.05.02",
        ),
        "joko": _register(db, admin, full_name="Djoko Susilo", birth_date=date(1990, 1, 1), no_kk=KK),
        "other": _register(db, admin, full_name="Ratna Dewi", sex="P", birth_date=date(1975, 2, 2)),
    }
    return people


def _find(db, actor, **kw):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return find_candidates(s, actor, CandidateQuery(**kw))


def test_same_nik_is_certain_and_first(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    found = _find(db, admin, full_name="Budi", nik="3171 0117 0845 0001")
    assert found[0].person_id == registry["budi"]
    assert found[0].certain and found[0].score == 100
    assert "NIK sama" in found[0].reasons
    assert found[0].nik_display == NIK_BUDI  # admin may see NIK


def test_spelling_variants_found_with_score_and_reasons(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    found = _find(db, admin, full_name="Muhammad Sukarno", birth_year=2012, sex="L", origin_region_code="32.05.01.1003")
    best = found[0]
    assert best.person_id == registry["karno"]
    assert best.full_name == "Moch. Soekarno"
    assert best.reasons == ("nama mirip (100%)", "tahun lahir 2011 ±2", "jenis kelamin sama", "asal Kab. Garut")
    assert 75 <= best.score < 100 and not best.certain
    assert best.registration_no.startswith("WB-")
    assert best.birth_date == date(2011, 3, 1)


@pytest.mark.parametrize(
    "typed",
    ["Siti Aminah", "St. Aminah", "Ibu Sitti Aminah", "Aminah Siti", "Siti Aminna"],
)
def test_titles_word_order_and_typos(db, admin, registry, typed: str) -> None:  # type: ignore[no-untyped-def]
    found = _find(db, admin, full_name=typed, birth_date=date(1981, 1, 1), sex="P")
    assert found and found[0].person_id == registry["siti"]
    assert any(r.startswith("nama mirip") for r in found[0].reasons)
    assert "asal" not in " ".join(found[0].reasons)  # no origin typed: no region reason


def test_birth_year_far_apart_is_not_a_candidate(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    assert not [
        c for c in _find(db, admin, full_name="Siti Aminah", birth_year=1990) if c.person_id == registry["siti"]
    ]


def test_other_sex_lowers_the_score(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    same = _find(db, admin, full_name="Joko Susilo", birth_year=1990, sex="L")[0]
    other = _find(db, admin, full_name="Joko Susilo", birth_year=1990, sex="P")
    assert same.person_id == registry["joko"]
    assert "jenis kelamin sama" in same.reasons
    assert not other or other[0].score < same.score
    assert all("jenis kelamin sama" not in c.reasons for c in other)


def test_same_kk_and_similar_name(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    found = _find(db, admin, full_name="Joko Susila", no_kk=KK)
    by_id = {c.person_id: c for c in found}
    assert "No. KK sama" in by_id[registry["joko"]].reasons
    # Budi shares the KK but not the name: a relative, not the same person.
    assert registry["budi"] not in by_id


def test_unrelated_and_placeholder_names_find_nothing(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    assert _find(db, admin, full_name="Yohanes Kristianto", birth_year=2001) == []
    assert _find(db, admin, full_name="Tanpa Nama WB-2026-000001") == []
    assert _find(db, admin) == []


def test_record_being_edited_is_not_its_own_duplicate(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    found = _find(db, admin, full_name="Ratna Dewi", exclude_person_id=registry["other"])
    assert registry["other"] not in {c.person_id for c in found}


def test_last_stay_and_in_care_are_shown(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(db, admin, capacity_male=10)
    with db.write() as s:
        stays.admit(
            s, admin, registry["joko"], stays.AdmissionInput(institution_id=inst.id, admitted_on=date(2026, 1, 5))
        )
    best = _find(db, admin, full_name="Joko Susilo", birth_year=1990)[0]
    assert best.in_care and best.stay_count == 1
    assert best.last_stay is not None
    assert best.last_stay.institution_name == inst.name
    assert best.last_stay.admitted_on == date(2026, 1, 5) and best.last_stay.exited_on is None


def test_nik_masked_without_permission(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    make_user(db, admin, "petugas", ["petugas_administrasi"])
    with db.write() as s:
        clerk = auth.login(s, "petugas", "sandi12345")
    found = _find(db, clerk, nik=NIK_BUDI)
    assert found[0].certain
    assert found[0].nik_display != NIK_BUDI and found[0].nik_display.endswith("0001")


def test_partner_sees_no_candidates_outside_their_institution(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    pesantren = make_institution(
        db, admin, type_code="PESANTREN", name="Pondok Pesantren Al-Ikhlas", is_own=False, is_partner=True
    )
    make_user(db, admin, "mitra", ["mitra"], institution_id=pesantren.id)
    with db.write() as s:
        partner = auth.login(s, "mitra", "sandi12345")
    assert _find(db, partner, nik=NIK_BUDI, full_name="Budi Santoso") == []


def test_different_person_decision_is_remembered(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    query = {"full_name": "Joko Susilo", "birth_year": 1990, "decision_key": "draft-123"}
    assert _find(db, admin, **query)[0].person_id == registry["joko"]
    with db.write() as s:
        decision = record_duplicate_decision(s, admin, "draft-123", registry["joko"], "different", "Beda orang tua")
    assert decision.decision == "different"
    assert registry["joko"] not in {c.person_id for c in _find(db, admin, **query)}
    # Another intake (another key) still sees the candidate.
    assert _find(db, admin, **{**query, "decision_key": "draft-999"})[0].person_id == registry["joko"]
    # A later "same" decision on the pair brings it back.
    with db.write() as s:
        record_duplicate_decision(s, admin, "draft-123", registry["joko"], "same")
    assert _find(db, admin, **query)[0].person_id == registry["joko"]
    with db.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == "person_pair")).all()
    assert [e.action for e in events] == ["person_pair.different", "person_pair.same"]
    assert events[0].changes["note"] == [None, "Beda orang tua"]


def test_decision_between_two_records_holds_both_ways(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        record_duplicate_decision(s, admin, registry["budi"], registry["joko"], "different")
    found = _find(db, admin, full_name="Djoko Susilo", no_kk=KK, decision_key=str(registry["budi"]))
    assert registry["joko"] not in {c.person_id for c in found}


def test_decision_validation_and_permission(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s, pytest.raises(ValidationError):
        record_duplicate_decision(s, admin, "draft-1", registry["joko"], "maybe")
    with db.write() as s, pytest.raises(ValidationError):
        record_duplicate_decision(s, admin, registry["joko"], registry["joko"], "different")
    make_user(db, admin, "auditor", ["auditor"])
    with db.write() as s:
        auditor = auth.login(s, "auditor", "sandi12345")
        with pytest.raises(PermissionDenied):
            record_duplicate_decision(s, auditor, "draft-1", registry["joko"], "different")


def test_a_child_who_ran_away_from_a_placement_is_recognised(db, admin, registry) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from kesos_desktop.core.i18n.formatters import format_date
    from kesos_desktop.core.services import placements

    today = date.today()
    pesantren = make_institution(
        db, admin, type_code="PESANTREN", name="Pondok Pesantren Darul Falah", is_own=False, is_partner=True
    )
    start, ran = today - timedelta(days=90), today - timedelta(days=20)
    with db.write() as s:
        placed = placements.place_child(
            s,
            admin,
            placements.PlacementInput(
                person_id=registry["karno"],
                institution_id=pesantren.id,
                agreement_no="PKS/01/2026",
                start_on=start,
                guardian_name="Ust. Hasan",
                review_on=start + timedelta(days=150),
                legal_basis="Orang tua tidak diketahui keberadaannya; keluarga besar menolak mengasuh.",
            ),
        )
        placements.end_placement(
            s,
            admin,
            placed.id,
            placements.EndInput(ran, "KABUR", "Pergi malam hari, dicari ke terminal"),
            placed.version_id,
        )
    found = _find(db, admin, full_name="Sukarno", birth_year=2011, sex="L")
    karno = next(c for c in found if c.person_id == registry["karno"])
    expected = f"kabur dari penempatan di Pondok Pesantren Darul Falah sejak {format_date(ran)}"
    assert karno.runaway == expected and karno.reasons[0] == expected
    others = [c for c in _find(db, admin, full_name="Djoko Susilo") if c.person_id != registry["karno"]]
    assert others and all(not c.runaway for c in others)
