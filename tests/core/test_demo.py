"""The demo generator: same seed same people, NIKs that agree with the person, sane stays, beds, numbers, cancel."""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import URL

from kesos_desktop.core.db import Database, open_database
from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.models import (
    AuditEvent,
    Bed,
    ExitReason,
    Institution,
    NumberSequence,
    Office,
    Person,
    PersonCategory,
    PersonEvent,
    Room,
    Stay,
    UserAccount,
)
from kesos_desktop.core.progress import Cancelled
from kesos_desktop.core.reference.categories import age_warning
from kesos_desktop.core.reference.nik import cross_check, parse_kk, parse_nik
from kesos_desktop.core.reference.regions import full_label, get_region
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import auth, demo, numbering, search_index
from kesos_desktop.core.services.demo_people import age_at
from kesos_desktop.core.services.residents_choices import is_choice
from kesos_desktop.core.services.residents_identity import PRECISIONS, placeholder_name

TODAY = date(2026, 6, 30)
RESIDENTS = 1500


@contextmanager
def _home(folder: Path) -> Iterator[None]:
    old = os.environ.get("KESOS_HOME")
    os.environ["KESOS_HOME"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KESOS_HOME", None)
        else:
            os.environ["KESOS_HOME"] = old


def _open(path: Path) -> Database:
    return open_database(URL.create("sqlite", database=str(path)))


@pytest.fixture(scope="module")
def office_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The empty template plus the demo office and its users (password hashing done once per module)."""
    folder = tmp_path_factory.mktemp("demo-office")
    path = folder / "office.sqlite"
    shutil.copyfile(template_db, path)
    with _home(folder / "home"):
        db = _open(path)
        try:
            demo._ensure_office(db, allow_real_office=False)
        finally:
            db.dispose()
    return path


@pytest.fixture
def office_db(office_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(office_template, path)
    db = _open(path)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def generated(office_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, object]]:
    """One generated database shared by the read-only checks."""
    folder = tmp_path_factory.mktemp("demo-generated")
    path = folder / "demo.sqlite"
    shutil.copyfile(office_template, path)
    with _home(folder / "home"):
        db = _open(path)
        result = demo.generate_demo(db, residents=RESIDENTS, seed=7, today=TODAY)
    yield db, result
    db.dispose()


def _fingerprint(db: Database) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with db.read() as s:
        people = s.execute(
            select(
                Person.registration_no,
                Person.full_name,
                Person.alias,
                Person.sex,
                Person.birth_date,
                Person.birth_date_precision,
                Person.nik,
                Person.no_kk,
                Person.origin_region_code,
                Person.religion,
            ).order_by(Person.registration_no)
        ).all()
        stays = s.execute(
            select(
                Person.registration_no,
                Stay.admitted_on,
                Stay.exited_on,
                Stay.exit_reason_code,
                Institution.name,
                Stay.is_readmission,
            )
            .join(Person, Person.id == Stay.person_id)
            .join(Institution, Institution.id == Stay.institution_id)
            .order_by(Person.registration_no, Stay.admitted_on, Stay.exited_on)
        ).all()
    return [tuple(r) for r in people], [tuple(r) for r in stays]


# --------------------------------------------------------------------------------------------- determinism


def test_same_seed_gives_the_same_people_and_another_seed_others(office_template: Path, tmp_path: Path) -> None:
    prints = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        path = tmp_path / f"{name}.sqlite"
        shutil.copyfile(office_template, path)
        db = _open(path)
        try:
            demo.generate_demo(db, residents=150, seed=seed, today=TODAY)
            prints.append(_fingerprint(db))
        finally:
            db.dispose()
    assert prints[0] == prints[1]
    names_a = {row[1] for row in prints[0][0]}
    names_c = {row[1] for row in prints[2][0]}
    niks_a = {row[6] for row in prints[0][0] if row[6]}
    niks_c = {row[6] for row in prints[2][0] if row[6]}
    assert len(names_a & names_c) < len(names_a) / 2
    assert not niks_a & niks_c


# ------------------------------------------------------------------------------------------ identity data


def test_result_counts_match_the_database(generated: tuple[Database, demo.DemoResult]) -> None:
    db, result = generated
    with db.read() as s:
        assert s.scalar(select(func.count(Person.id))) == result.residents == RESIDENTS
        assert s.scalar(select(func.count(Stay.id))) == result.stays
        assert s.scalar(select(func.count(Person.id)).where(Person.nik.is_not(None))) == result.with_nik
        assert s.scalar(select(func.count(Stay.id)).where(Stay.exited_on.is_(None))) == result.open_stays
        assert s.scalar(select(func.count(PersonCategory.id))) == result.categories
        assert s.scalar(select(func.count(Institution.id))) == result.institutions
        assert s.scalar(select(func.count(Bed.id))) == result.beds
    # The office and the other users came with office_template; the partner user needs the pesantren first.
    assert result.users_created == ("mitra",)


def test_about_seventy_percent_have_a_nik(generated: tuple[Database, demo.DemoResult]) -> None:
    _db, result = generated
    assert 0.64 <= result.with_nik / result.residents <= 0.76


def test_every_nik_parses_and_agrees_with_the_person(generated: tuple[Database, demo.DemoResult]) -> None:
    assert _check_niks(generated[0]) > RESIDENTS / 2


def _check_niks(db: Database, today: date = TODAY) -> int:
    with db.read() as s:
        people = s.execute(select(Person.nik, Person.birth_date, Person.sex, Person.birth_date_precision)).all()
    checked = 0
    for nik, born, sex, precision in people:
        if nik is None:
            continue
        info = parse_nik(nik, declared_birth_date=born, today=today)
        assert info.warnings == (), (nik, info.warnings)
        assert info.birth_date == born
        assert info.sex == sex
        assert cross_check(info, sex, born) == []
        district = get_region(info.district_code)
        assert district is not None and not district.retired
        assert precision == "exact"
        checked += 1
    return checked


def test_people_without_nik_say_why_and_kk_numbers_parse(generated: tuple[Database, demo.DemoResult]) -> None:
    db, _result = generated
    with db.read() as s:
        rows = s.execute(select(Person.nik, Person.nik_absent_reason, Person.no_kk)).all()
    assert all(reason for nik, reason, _kk in rows if nik is None)
    assert all(reason == "" for nik, reason, _kk in rows if nik is not None)
    kks = [kk for _nik, _reason, kk in rows if kk]
    assert len(kks) > RESIDENTS / 10
    for kk in kks:
        assert parse_kk(kk, today=TODAY).warnings == ()


def test_identity_values_are_registry_codes(generated: tuple[Database, demo.DemoResult]) -> None:
    db, _result = generated
    with db.read() as s:
        people = s.scalars(select(Person)).all()
    labels: dict[str, str] = {}
    for p in people:
        assert p.sex in ("L", "P")
        assert p.birth_date_precision in PRECISIONS
        for field in ("religion", "education", "marital_status"):
            value = getattr(p, field)
            assert value == "" or is_choice(field, value), (field, value)
        if p.origin_region_code:
            region = get_region(p.origin_region_code)
            assert region is not None and region.level == 4 and not region.retired
            label = labels.setdefault(p.origin_region_code, full_label(p.origin_region_code))
            assert p.origin_region_name == label
        if p.name_unknown:
            assert p.full_name == placeholder_name(p.registration_no)
            assert p.nik is None
        assert p.name_key == name_key(p.full_name or p.alias)
    precisions = Counter(p.birth_date_precision for p in people)
    assert precisions["exact"] > RESIDENTS / 2 and precisions["year"] and precisions["estimated"]
    assert any(p.name_unknown and p.alias for p in people)
    assert any(p.birth_date is None for p in people)
    assert any(p.full_name.startswith(("H. ", "Hj. ")) for p in people)
    assert 0.25 < sum(p.sex == "P" for p in people) / len(people) < 0.6


def test_categories_fit_the_ages(generated: tuple[Database, demo.DemoResult]) -> None:
    codes = _check_categories(generated[0])
    for expected in ("AJ", "AT", "ABT", "LUT", "GEL", "PGM", "TS", "OT", "ODGJ", "PD"):
        assert codes[expected], expected


def _check_categories(db: Database) -> Counter[str]:
    with db.read() as s:
        rows = s.execute(
            select(PersonCategory.person_id, PersonCategory.category_code, PersonCategory.since, PersonCategory.until)
        ).all()
        born = dict(s.execute(select(Person.id, Person.birth_date)).all())
    current: Counter[object] = Counter()
    codes: Counter[str] = Counter()
    for person_id, code, since, until in rows:
        codes[code] += 1
        assert since is not None
        assert until is None or until >= since
        current[person_id] += until is None
        if born[person_id] is not None:
            assert age_warning(code, age_at(born[person_id], since)) is None, (code, born[person_id], since)
    assert all(current[p] >= 1 for p in born)
    return codes


# --------------------------------------------------------------------------------------------------- stays


def test_stays_are_consistent(generated: tuple[Database, demo.DemoResult]) -> None:
    stays, people, open_count = _check_stays(generated[0])
    assert 2.6 <= len(stays) / len(people) <= 3.4
    assert 0.04 <= open_count / len(people) <= 0.11
    assert sum(st.is_readmission for st in stays) > len(people) / 3
    assert sum(st.previous_stay_id is not None for st in stays) > len(people) / 5
    used = Counter(st.exit_reason_code for st in stays if st.exit_reason_code)
    assert {"DIRUJUK", "REUNIFIKASI", "DIPULANGKAN", "KABUR", "MENINGGAL"} <= set(used)


def _check_stays(db: Database, today: date = TODAY) -> tuple[list[Stay], dict[object, Person], int]:
    with db.read() as s:
        stays = s.scalars(select(Stay)).all()
        people = {p.id: p for p in s.scalars(select(Person))}
        reasons = {r.code: r for r in s.scalars(select(ExitReason))}
    by_person: dict[object, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_person[stay.person_id].append(stay)
    earliest = today - timedelta(days=6 * 365 + 1)
    open_count = 0
    for person_id, own in by_person.items():
        own.sort(key=lambda st: (st.admitted_on, st.exited_on is None, st.exited_on or today))
        person = people[person_id]
        assert 1 <= len(own) <= 5
        for i, stay in enumerate(own):
            assert earliest <= stay.admitted_on <= today
            if person.birth_date is not None:
                assert stay.admitted_on >= person.birth_date
            if stay.exited_on is None:
                assert i == len(own) - 1, "an open stay is always the last one"
                assert stay.exit_reason_code is None
                open_count += 1
            else:
                assert stay.admitted_on <= stay.exited_on <= today
                reason = reasons[stay.exit_reason_code]
                if reason.requires_destination:
                    assert stay.exit_destination
                if reason.requires_text:
                    assert stay.exit_note
                if stay.exit_reason_code == "MENINGGAL":
                    assert i == len(own) - 1
            if i:
                before = own[i - 1]
                assert before.exited_on is not None and stay.admitted_on >= before.exited_on
                transfer = before.exit_reason_code == "DIRUJUK"
                assert (stay.previous_stay_id == before.id) == transfer
                assert stay.is_readmission == (not transfer)
                if transfer:
                    assert stay.admitted_on == before.exited_on
                    assert before.exit_target_institution_id == stay.institution_id
            else:
                assert stay.previous_stay_id is None and not stay.is_readmission
        last = own[-1]
        assert person.in_care == (last.exited_on is None)
        assert person.current_institution_id == (last.institution_id if last.exited_on is None else None)
        assert person.stay_count == len(own)
        assert person.last_admitted_on == max(st.admitted_on for st in own)
        exits = [st.exited_on for st in own if st.exited_on]
        assert person.last_exited_on == (max(exits) if exits else None)
    assert set(by_person) == set(people)
    return list(stays), people, open_count


def test_open_stays_have_beds_within_capacity(generated: tuple[Database, demo.DemoResult]) -> None:
    _check_beds(generated[0])


def _check_beds(db: Database) -> None:
    with db.read() as s:
        rows = s.execute(
            select(
                Stay.bed_id, Stay.room_id, Stay.institution_id, Person.sex, Bed.room_id, Room.institution_id, Room.sex
            )
            .join(Person, Person.id == Stay.person_id)
            .join(Bed, Bed.id == Stay.bed_id, isouter=True)
            .join(Room, Room.id == Bed.room_id, isouter=True)
            .where(Stay.exited_on.is_(None))
        ).all()
        capacity = dict(s.execute(select(Room.id, Room.capacity)).all())
        closed_with_bed = s.scalar(
            select(func.count(Stay.id)).where(Stay.exited_on.is_not(None), Stay.bed_id.is_not(None))
        )
        institutions = s.scalars(select(Institution)).all()
        beds_by_sex = Counter(s.execute(select(Room.institution_id, Room.sex).join(Bed, Bed.room_id == Room.id)).all())
    assert rows
    for bed_id, room_id, institution_id, sex, bed_room, room_institution, room_sex in rows:
        assert bed_id is not None and room_id == bed_room and room_institution == institution_id
        assert room_sex in ("", sex)
    assert len({r[0] for r in rows}) == len(rows), "two people in one bed"
    per_room = Counter(r[1] for r in rows)
    assert all(n <= capacity[room] for room, n in per_room.items())
    assert closed_with_bed == 0
    for inst in institutions:
        assert inst.capacity_male == beds_by_sex[(inst.id, "L")]
        assert inst.capacity_female == beds_by_sex[(inst.id, "P")]


@pytest.mark.parametrize(("seed", "today"), [(11, date(2028, 2, 29)), (12, date(2025, 1, 1)), (13, TODAY)])
def test_the_rules_hold_for_other_seeds_and_days(office_template: Path, tmp_path: Path, seed: int, today: date) -> None:
    path = tmp_path / "seed.sqlite"
    shutil.copyfile(office_template, path)
    db = _open(path)
    try:
        demo.generate_demo(db, residents=400, seed=seed, today=today)
        _check_niks(db, today)
        _check_categories(db)
        _check_stays(db, today)
        _check_beds(db)
    finally:
        db.dispose()


def test_demo_office_users_and_institutions(generated: tuple[Database, demo.DemoResult]) -> None:
    db, _result = generated
    with db.read() as s:
        office = s.scalar(select(Office).where(Office.is_own.is_(True)))
        users = {u.username: u for u in s.scalars(select(UserAccount))}
        institutions = {i.id: i for i in s.scalars(select(Institution))}
    assert office is not None and office.code == demo.DEMO_OFFICE_CODE and "(DEMO)" in office.name
    assert office.region_code == "31"
    for user in demo.DEMO_USERS:
        assert user.role in {r.code for r in users[user.username].roles}
    mitra = users["mitra"]
    assert mitra.institution_id is not None
    partner = institutions[mitra.institution_id]
    assert partner.is_partner and partner.type_code == "PESANTREN"
    types = {i.type_code for i in institutions.values()}
    assert {"PSBI", "RUMAH_SINGGAH", "PSAA", "PSTW", "PSKW", "PSBK", "PESANTREN", "LKSA"} <= types
    for inst in institutions.values():
        region = get_region(inst.region_code)
        assert region is not None and inst.region_name == full_label(inst.region_code)


def test_registration_numbers_are_unique_in_admission_order_and_continue(
    generated: tuple[Database, demo.DemoResult],
) -> None:
    db, result = generated
    with db.read() as s:
        rows = s.execute(
            select(Person.registration_no, func.min(Stay.admitted_on), Person.office_id)
            .join(Stay, Stay.person_id == Person.id)
            .group_by(Person.id)
            .order_by(Person.registration_no)
        ).all()
    numbers = [r[0] for r in rows]
    assert len(set(numbers)) == len(numbers) == RESIDENTS
    assert all(re.fullmatch(r"WB-\d{4}-\d{6}", n) for n in numbers)
    assert all(int(n[3:7]) == first.year for n, first, _o in rows)
    # Within a year the numbers follow the first admission dates.
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)
    assert (numbers[0], numbers[-1]) == (result.first_registration_no, result.last_registration_no)
    office_id = rows[0][2]
    last_year = int(numbers[-1][3:7])
    with db.write() as s:
        following = numbering.next_number(s, office_id, demo.REGISTRATION_SEQUENCE, last_year)
        s.rollback()
    assert following == int(numbers[-1][-6:]) + 1


def test_timeline_search_index_and_one_audit_event(generated: tuple[Database, demo.DemoResult]) -> None:
    db, result = generated
    with db.read() as s:
        events = Counter(s.execute(select(PersonEvent.kind)).scalars())
        audit_events = s.scalars(select(AuditEvent).where(AuditEvent.action == "demo.generated")).all()
        indexed = s.scalar(text("SELECT count(*) FROM person_fts"))
        person_id, nik, reg = s.execute(
            select(Person.id, Person.nik, Person.registration_no).where(Person.nik.is_not(None)).limit(1)
        ).one()
        found = {}
        for query in (nik, reg):
            sql, params = search_index.match_clause("sqlite", query)  # type: ignore[misc]
            found[query] = set(s.scalars(text(sql), params))
    assert events["registered"] == RESIDENTS
    assert events["admitted"] == RESIDENTS
    assert events["admitted"] + events["readmitted"] + events["transferred"] == result.stays
    assert events["exited"] + events["transferred"] == result.stays - result.open_stays
    assert len(audit_events) == 1 and audit_events[0].changes["residents"] == [None, RESIDENTS]
    assert indexed == RESIDENTS
    assert {person_id.hex} <= {str(v).replace("-", "") for v in found[nik]}
    assert {person_id.hex} <= {str(v).replace("-", "") for v in found[reg]}


# ----------------------------------------------------------------------------------- runs, cancel, rules


class _CancelAfter:
    def __init__(self, steps: int) -> None:
        self.steps = steps
        self.total = 0
        self.done = 0

    def set_total(self, n: int) -> None:
        self.total = n

    def advance(self, n: int = 1, message: str = "") -> None:
        self.done += n
        self.steps -= 1

    def cancelled(self) -> bool:
        return self.steps <= 0


def _counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {
            "person": s.scalar(select(func.count(Person.id))) or 0,
            "stay": s.scalar(select(func.count(Stay.id))) or 0,
            "event": s.scalar(select(func.count(PersonEvent.id))) or 0,
            "institution": s.scalar(select(func.count(Institution.id))) or 0,
            "fts": s.scalar(text("SELECT count(*) FROM person_fts")) or 0,
            "sequence": s.scalar(select(func.count()).select_from(NumberSequence)) or 0,
            "audit": s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "demo.generated")) or 0,
        }


@pytest.mark.parametrize("steps", [0, 1])
def test_cancel_rolls_everything_back(office_db: Database, monkeypatch: pytest.MonkeyPatch, steps: int) -> None:
    monkeypatch.setattr(demo, "CHUNK_SIZE", 40)
    before = _counts(office_db)
    progress = _CancelAfter(steps)
    with pytest.raises(Cancelled):
        demo.generate_demo(office_db, residents=100, progress=progress, today=TODAY)
    assert _counts(office_db) == before
    assert progress.done == 40 * steps
    # The database is usable afterwards and a second run works.
    result = demo.generate_demo(office_db, residents=30, today=TODAY)
    assert _counts(office_db)["person"] == 30 == result.residents


def test_progress_callback_sees_every_resident(office_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CHUNK_SIZE", 25)
    calls: list[tuple[int, int, str]] = []
    demo.generate_demo(office_db, residents=60, progress=lambda d, t, m: calls.append((d, t, m)), today=TODAY)
    assert calls[0][:2] == (0, 60)
    assert [c[0] for c in calls[1:]] == [25, 50, 60]
    assert "60" in calls[-1][2]


def test_a_second_run_adds_people_and_continues_the_numbers(office_db: Database) -> None:
    first = demo.generate_demo(office_db, residents=80, seed=1, today=TODAY)
    second = demo.generate_demo(office_db, residents=80, seed=1, today=TODAY)
    assert second.institutions == 0 and first.institutions > 0
    with office_db.read() as s:
        numbers = list(s.scalars(select(Person.registration_no)))
        niks = [n for n in s.scalars(select(Person.nik)) if n]
        open_beds = list(s.scalars(select(Stay.bed_id).where(Stay.exited_on.is_(None))))
    assert len(numbers) == len(set(numbers)) == 160
    assert len(niks) == len(set(niks))
    assert len(open_beds) == len(set(open_beds))
    assert second.first_registration_no not in {first.first_registration_no, first.last_registration_no}


def test_ensure_demo_fills_once_and_the_demo_user_signs_in(db: Database) -> None:
    credentials = demo.ensure_demo(db, residents=40)
    assert credentials == demo.DemoCredentials(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    assert demo.ensure_demo(db, residents=40) == credentials
    with db.read() as s:
        assert s.scalar(select(func.count(Person.id))) == 40
    with db.write() as s:
        actor = auth.login(s, credentials.username, credentials.password)
    assert actor.can("demo.generate")
    with db.write() as s:
        partner = auth.login(s, "mitra", demo.DEMO_PASSWORD)
    assert partner.is_partner and partner.institution_id is not None


def test_refuses_a_real_office_unless_allowed(db: Database) -> None:
    from tests.factories import setup_office

    setup_office(db)
    with pytest.raises(ValidationError) as caught:
        demo.generate_demo(db, residents=10)
    assert "database" in caught.value.fields
    result = demo.generate_demo(db, residents=10, allow_real_office=True, today=TODAY)
    assert result.residents == 10 and result.users_created == ()


def test_rules_on_input_and_permission(office_db: Database) -> None:
    with pytest.raises(ValidationError):
        demo.generate_demo(office_db, residents=0)
    clerk = Actor(None, "tamu", "Tamu", permissions=frozenset({"residents.view"}))
    with pytest.raises(PermissionDenied):
        demo.generate_demo(office_db, residents=5, actor=clerk)


@pytest.mark.pg
def test_generation_on_postgresql(pg_url: URL) -> None:
    db = open_database(pg_url)
    try:
        result = demo.generate_demo(db, residents=300, seed=5, today=TODAY)
        assert _check_niks(db) == result.with_nik
        _check_categories(db)
        stays, people, open_count = _check_stays(db)
        _check_beds(db)
        assert len(people) == 300 and len(stays) == result.stays and open_count == result.open_stays
        with db.read() as s:
            nik = s.scalar(select(Person.nik).where(Person.nik.is_not(None)).limit(1))
            sql, params = search_index.match_clause("postgresql", nik)  # type: ignore[misc]
            assert len(list(s.scalars(text(sql), params))) == 1
            events = s.scalar(select(func.count(PersonEvent.id)))
        assert events and events >= 300 + result.stays
        # A second run continues the registration numbers (the sequence rows on PostgreSQL too).
        again = demo.generate_demo(db, residents=10, seed=5, today=TODAY)
        assert again.first_registration_no != result.first_registration_no
    finally:
        db.dispose()
