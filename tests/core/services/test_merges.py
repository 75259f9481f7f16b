"""Merging duplicate person records and undoing the merge exactly; the refusals that keep data consistent."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select, text

from kesos_desktop.core.errors import Conflict, PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent, Base, Person, PersonEvent, PersonMerge
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import auth, person_files, residents, stays
from kesos_desktop.core.services import resident_list as rl
from kesos_desktop.core.services.merges import list_merges, merge_people, undo_merge
from kesos_desktop.core.services.residents import ConsentInput
from tests.factories import identity_input, make_institution, make_user, register_person

NIK = "3171015708800003"
CONSENT = ConsentInput(basis="tugas_publik", notes="UU 11/2009 Pasal 7")
# Columns that legitimately change on a round trip (optimistic-lock counter and its timestamp).
VOLATILE = {"version_id", "updated_at"}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _person(db, admin, **identity):  # type: ignore[no-untyped-def]
    values = {"nik": None, "nik_absent_reason": "KTP hilang", "no_kk": None, "sex": "P", "alias": ""}
    values.update(identity)
    return register_person(db, admin, identity=identity_input(**values), consent=CONSENT, categories=["TS"]).person_id


@pytest.fixture
def pair(db, admin):  # type: ignore[no-untyped-def]
    """Survivor: "Siti Aminah", no NIK, one finished stay. Duplicate: "St. Aminah" with NIK, photo, document,
    an open stay, a family contact, and the categories TS (also the survivor's) and PRSE."""
    first = make_institution(db, admin, name="Panti Sosial Karya Wanita Mulya Jaya", capacity_female=20)
    second = make_institution(db, admin, name="Panti Sosial Bina Insan Bangun Daya 2", capacity_female=20)
    survivor = _person(db, admin, full_name="Siti Aminah", birth_date=date(1980, 1, 1), birth_date_precision="year")
    duplicate = _person(
        db, admin, full_name="St. Aminah", alias="Mimin", birth_date=date(1980, 8, 17), nik=NIK, birth_place="Bogor"
    )
    with db.write() as s:
        stay = stays.admit(
            s, admin, survivor, stays.AdmissionInput(institution_id=first.id, admitted_on=date(2025, 1, 1))
        )
    with db.write() as s:
        stays.exit_stay(
            s, admin, stay.id, stays.ExitInput(on_date=date(2025, 3, 1), reason_code="KABUR"), version_id=None
        )
    with db.write() as s:
        stays.admit(s, admin, duplicate, stays.AdmissionInput(institution_id=second.id, admitted_on=date(2026, 2, 1)))
    with db.write() as s:
        person_files.set_photo(s, admin, duplicate, _png())
    with db.write() as s:
        person_files.attach_document(s, admin, duplicate, "KTP", "KTP", "ktp.png", _png())
    with db.write() as s:
        residents.add_category(s, admin, duplicate, "PRSE")
    return {"survivor": survivor, "duplicate": duplicate, "first": first.id, "second": second.id}


def _snapshot(db, ids: list[uuid.UUID]) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of every table that belongs to these people, plus the people and their search rows."""
    from kesos_desktop.core.services.merges import _person_links

    out: dict[str, list[tuple]] = {}  # type: ignore[type-arg]
    with db.read() as s:
        people = Person.__table__
        cols = [c for c in people.c if c.name not in VOLATILE]
        out["person"] = sorted(map(tuple, s.execute(select(*cols).where(people.c.id.in_(ids)))), key=str)
        for table, column, _pk in _person_links():
            cols = [c for c in table.c if c.name not in VOLATILE]
            stmt = select(*cols).where(table.c[column].in_(ids))
            if table.name == "person_event":
                stmt = stmt.where(table.c.kind.not_in(["merged", "merge_undone"]))
            out[table.name] = sorted(map(tuple, s.execute(stmt)), key=str)
        out["fts"] = sorted(
            map(
                tuple,
                s.execute(
                    text("SELECT person_id, tokens FROM person_fts WHERE person_id IN (:a, :b)"),
                    {
                        "a": ids[0].hex,
                        "b": ids[1].hex,
                    },
                ),
            )
        )
    assert Base.metadata.tables  # the snapshot covers every person-linked table the models declare
    return out


def _versions(db, *ids):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return {pid: s.get(Person, pid).version_id for pid in ids}


def test_merge_moves_everything_and_undo_restores_exactly(db, admin, pair) -> None:  # type: ignore[no-untyped-def]
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    before = _snapshot(db, [survivor, duplicate])
    with db.write() as s:
        result = merge_people(
            s, admin, survivor, duplicate, {"birth_date": "duplicate"}, _versions(db, survivor, duplicate)
        )
    assert set(result.fields_taken) == {"birth_date", "nik", "alias"}  # chosen, or filling an empty field
    assert result.photo_moved
    assert result.moved["stay"] == 1 and result.moved["person_document"] == 1
    assert result.moved["person_category"] == 1  # PRSE moved; TS not doubled
    with db.read() as s:
        kept = s.get(Person, survivor)
        gone = s.get(Person, duplicate)
        assert gone.merged_into_id == survivor and gone.nik is None and gone.stay_count == 0 and not gone.in_care
        assert kept.nik == NIK and kept.birth_date == date(1980, 8, 17) and kept.birth_date_precision == "exact"
        assert kept.full_name == "Siti Aminah" and kept.alias == "Mimin"
        assert kept.in_care and kept.stay_count == 2 and kept.current_institution_id == pair["second"]
        assert person_files.has_photo(s, survivor) and not person_files.has_photo(s, duplicate)
        events = s.scalars(select(PersonEvent.kind).where(PersonEvent.person_id == survivor)).all()
        assert "merged" in events and "registered" in events and events.count("registered") == 2
        merge = s.get(PersonMerge, result.merge_id)
        assert set(merge.moved["rows"]) >= {"stay", "person_document", "person_event", "consent", "person_category"}
        assert merge.moved["survivor_fields"]["nik"] == [None, NIK]
        # Hidden from the list and from search.
        ids = rl.find_resident_ids(s, admin, rl.ResidentFilter(text="Aminah"))
        assert ids == [survivor]
        audit = s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("person.merge%"))).all()
        assert audit == ["person.merged", "person.merged_into"]
        assert [m.id for m in list_merges(s, admin, survivor)] == [result.merge_id]

    with db.write() as s:
        undone = undo_merge(s, admin, result.merge_id)
    assert undone.moved_back["stay"] == 1
    assert _snapshot(db, [survivor, duplicate]) == before
    with db.read() as s:
        kinds = s.scalars(select(PersonEvent.kind).where(PersonEvent.person_id == survivor)).all()
        assert {"merged", "merge_undone"} <= set(kinds)
        assert s.get(PersonMerge, result.merge_id).undone_by == "admin"
        assert set(rl.find_resident_ids(s, admin, rl.ResidentFilter(text="Aminah"))) == {survivor, duplicate}
    with db.write() as s, pytest.raises(Conflict):
        undo_merge(s, admin, result.merge_id)


def test_refusals(db, admin, pair) -> None:  # type: ignore[no-untyped-def]
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    with db.write() as s, pytest.raises(ValidationError, match="dirinya sendiri"):
        merge_people(s, admin, survivor, survivor)
    with db.write() as s, pytest.raises(ValidationError, match="Pilihan"):
        merge_people(s, admin, survivor, duplicate, {"nik": "both"})
    with db.write() as s, pytest.raises(ValidationError):
        merge_people(s, admin, survivor, duplicate, {"registration_no": "duplicate"})
    with db.write() as s, pytest.raises(Conflict):
        merge_people(s, admin, survivor, duplicate, {}, {survivor: 99})
    make_user(db, admin, "peksos", ["pekerja_sosial"])
    with db.write() as s:
        worker = auth.login(s, "peksos", "sandi12345")
        with pytest.raises(PermissionDenied):
            merge_people(s, worker, survivor, duplicate)
    # Both in care at different institutions: one person cannot live in two places.
    with db.write() as s:
        stays.admit(
            s, admin, survivor, stays.AdmissionInput(institution_id=pair["first"], admitted_on=date(2026, 3, 1))
        )
    with db.write() as s, pytest.raises(ValidationError, match="lembaga yang berbeda"):
        merge_people(s, admin, survivor, duplicate)
    # A record that is already merged cannot be merged again.
    third = _person(db, admin, full_name="Siti Aminah", birth_date=date(1980, 1, 1), birth_date_precision="year")
    with db.write() as s:
        merge_people(s, admin, duplicate, third)
    with db.write() as s, pytest.raises(ValidationError, match="sudah digabungkan"):
        merge_people(s, admin, survivor, third)


def test_undo_refused_when_taken_identity_was_edited_since(db, admin, pair) -> None:  # type: ignore[no-untyped-def]
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    with db.write() as s:
        result = merge_people(s, admin, survivor, duplicate)
    with db.write() as s:
        person = s.get(Person, survivor)
        data = identity_input(
            full_name=person.full_name,
            alias="Mimin Aminah",
            sex="P",
            birth_date=person.birth_date,
            birth_date_precision=person.birth_date_precision,
            nik=None,
            no_kk=None,
        )
        residents.update_identity(s, admin, survivor, data, person.version_id)
    with db.write() as s, pytest.raises(Conflict, match="Nama panggilan"):
        undo_merge(s, admin, result.merge_id)


def test_undo_refused_after_a_later_merge_into_the_survivor(db, admin, pair) -> None:  # type: ignore[no-untyped-def]
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    third = _person(db, admin, full_name="Aminah", birth_date=date(1980, 1, 1), birth_date_precision="year")
    with db.write() as s:
        first = merge_people(s, admin, survivor, duplicate)
    with db.write() as s:
        merge_people(s, admin, survivor, third)
    with db.write() as s, pytest.raises(Conflict, match="sesudahnya"):
        undo_merge(s, admin, first.merge_id)


def test_system_actor_may_merge(db, admin, pair) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        result = merge_people(s, Actor.system(), pair["survivor"], pair["duplicate"])
    assert result.survivor_id == pair["survivor"]
