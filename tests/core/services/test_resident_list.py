"""The resident list: search tolerant of Indonesian spelling, filters and sorting in SQL, NIK masking, partner rule."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from kesos_desktop.core.models import Institution, Office, Person, PersonCategory, Stay
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import resident_list as rl
from kesos_desktop.core.services.search_index import index_people, rebuild_search_index

PEOPLE = [
    # name, alias, sex, birth, nik, in care, category
    ("Moch. Soekarno", "", "L", date(1950, 3, 1), "3171010103500001", True, "LUT"),
    ("Muhammad Sukarno", "Karno", "L", date(2012, 5, 5), None, True, "AJ"),
    ("Hj. Siti Fatimah", "", "P", date(1990, 7, 9), "3273014907900002", False, "TS"),
    ("Djoko Tjiptono", "Jek", "L", date(1985, 1, 1), None, False, "GEL"),
    ("Tanpa Nama WB-2026-000005", "Ucok", "L", None, None, True, "AJ"),
]


@pytest.fixture
def people(admin, db):  # type: ignore[no-untyped-def]
    with db.write() as s:
        office_id = s.scalar(select(Office.id))
        inst = Institution(office_id=office_id, type_code="PSBI", name="PSBI Bangun Daya 1", capacity_male=50)
        other = Institution(office_id=office_id, type_code="LKSA", name="LKSA Harapan", is_own=False, is_partner=True)
        s.add_all([inst, other])
        s.flush()
        ids = []
        for i, (name, alias, sex, birth, nik, in_care, cat) in enumerate(PEOPLE, start=1):
            p = Person(
                office_id=office_id,
                registration_no=f"WB-2026-{i:06d}",
                full_name=name,
                alias=alias,
                sex=sex,
                birth_date=birth,
                nik=nik,
                name_key=name_key(name),
                in_care=in_care,
                stay_count=1,
                name_unknown=name.startswith("Tanpa Nama"),
                current_institution_id=inst.id if in_care else None,
                last_admitted_on=date(2026, i, 1),
                last_exited_on=None if in_care else date(2026, i, 20),
            )
            s.add(p)
            s.flush()
            where = other if name.startswith("Djoko") else inst
            s.add(
                Stay(
                    person_id=p.id,
                    institution_id=where.id,
                    admitted_on=date(2026, i, 1),
                    exited_on=None if in_care else date(2026, i, 20),
                )
            )
            s.add(PersonCategory(person_id=p.id, category_code=cat))
            ids.append(p.id)
        s.flush()
        index_people(
            s, [(p.id, p.full_name, p.alias, p.registration_no, p.nik, p.no_kk) for p in s.scalars(select(Person))]
        )
        s.commit()
    return {"ids": ids, "inst": inst.id, "other": other.id}


def _names(db, actor, flt, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        ids = rl.find_resident_ids(s, actor, flt, today=date(2026, 11, 28), **kw)
        return [r.name for r in rl.fetch_resident_rows(s, actor, ids)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sukarno", {"Moch. Soekarno", "Muhammad Sukarno"}),
        ("soekarno", {"Moch. Soekarno", "Muhammad Sukarno"}),
        ("moh suk", {"Moch. Soekarno", "Muhammad Sukarno"}),
        ("muhamad", {"Moch. Soekarno", "Muhammad Sukarno"}),
        ("siti fat", {"Hj. Siti Fatimah"}),
        ("st fatima", {"Hj. Siti Fatimah"}),
        ("joko", {"Djoko Tjiptono"}),
        ("jek", {"Djoko Tjiptono"}),
        ("ucok", {"Tanpa Nama WB-2026-000005"}),
        ("WB-2026-000003", {"Hj. Siti Fatimah"}),
        ("000004", {"Djoko Tjiptono"}),
        ("327301", {"Hj. Siti Fatimah"}),
        ("tidakada", set()),
    ],
)
def test_search_tolerates_indonesian_spelling(admin, db, people, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert set(_names(db, admin, rl.ResidentFilter(text=query))) == expected


def test_filters_and_sorting(admin, db, people) -> None:  # type: ignore[no-untyped-def]
    in_care = _names(db, admin, rl.ResidentFilter(status="in_care"), sort="name")
    assert in_care == ["Moch. Soekarno", "Muhammad Sukarno", "Tanpa Nama WB-2026-000005"]
    assert _names(db, admin, rl.ResidentFilter(status="exited")) == ["Djoko Tjiptono", "Hj. Siti Fatimah"]
    assert _names(db, admin, rl.ResidentFilter(category_code="AJ")) == ["Muhammad Sukarno", "Tanpa Nama WB-2026-000005"]
    assert _names(db, admin, rl.ResidentFilter(age_group="lansia")) == ["Moch. Soekarno"]
    assert _names(db, admin, rl.ResidentFilter(age_group="anak")) == ["Muhammad Sukarno"]
    assert _names(db, admin, rl.ResidentFilter(sex="P")) == ["Hj. Siti Fatimah"]
    newest_first = _names(db, admin, rl.ResidentFilter(), sort="admitted_on", descending=True)
    assert newest_first[0] == "Tanpa Nama WB-2026-000005"
    assert _names(db, admin, rl.ResidentFilter(institution_id=people["other"])) == ["Djoko Tjiptono"]
    with db.read() as s:
        assert rl.count_residents(s, admin, rl.ResidentFilter(status="all")) == 5


def test_nik_masked_without_permission(admin, db, people) -> None:  # type: ignore[no-untyped-def]
    auditor = Actor(uuid.uuid4(), "auditor", "Auditor", frozenset({"auditor"}), frozenset({"residents.view"}))
    with db.read() as s:
        full = rl.fetch_resident_rows(s, admin, [people["ids"][0]])[0]
        masked = rl.fetch_resident_rows(s, auditor, [people["ids"][0]])[0]
    assert full.nik_display == "3171010103500001"
    assert masked.nik_display.startswith("3171 01") and "0103" not in masked.nik_display


def test_partner_sees_only_people_placed_with_them(admin, db, people) -> None:  # type: ignore[no-untyped-def]
    partner = Actor(
        uuid.uuid4(),
        "mitra",
        "Mitra",
        frozenset({"mitra"}),
        frozenset({"residents.view"}),
        institution_id=people["other"],
    )
    assert _names(db, partner, rl.ResidentFilter()) == ["Djoko Tjiptono"]
    assert _names(db, partner, rl.ResidentFilter(text="sukarno")) == []
    with db.read() as s:
        assert rl.fetch_resident_rows(s, partner, people["ids"]) != []
        assert [r.name for r in rl.fetch_resident_rows(s, partner, people["ids"])] == ["Djoko Tjiptono"]


def test_rebuild_index_matches_incremental(admin, db, people) -> None:  # type: ignore[no-untyped-def]
    before = _names(db, admin, rl.ResidentFilter(text="soekarno"))
    with db.write() as s:
        assert rebuild_search_index(s) == 5
        s.commit()
    assert _names(db, admin, rl.ResidentFilter(text="soekarno")) == before


def test_unknown_sort_column_is_refused(admin, db) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.errors import ValidationError

    with db.read() as s, pytest.raises(ValidationError):
        rl.find_resident_ids(s, admin, rl.ResidentFilter(), sort="password")
