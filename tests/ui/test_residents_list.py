"""The resident list as a person uses it: type a name, pick filters, click column headers, choose columns, export."""

from __future__ import annotations

import csv
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import URL

from kesos_desktop.core.config import Settings
from kesos_desktop.core.models import AuditEvent, Bed, Institution, Office, Person, PersonCategory, Room, Stay
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.services import auth
from kesos_desktop.core.services import resident_list as rl
from kesos_desktop.core.services.search_index import rebuild_search_index
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.residents.list_page import ResidentsPage
from tests.conftest import ADMIN_PASSWORD
from tests.factories import make_user, setup_office

DEMO_RESIDENTS = 300


def ensure_list_ready(db) -> None:  # type: ignore[no-untyped-def]
    """Fill the list's summary columns and the search index where the demo generator left them empty.

    ``generate_demo`` inserts people and stays with Core inserts and (for now) leaves ``name_key``, ``in_care``,
    ``current_institution_id``, ``last_admitted_on``, ``last_exited_on``, ``stay_count`` and ``person_fts`` empty;
    the stay services keep them up to date for real data. A no-op once the generator fills them itself.
    """
    with db.write() as s:
        s.execute(
            text(
                """
                UPDATE person SET
                    stay_count = (SELECT count(*) FROM stay WHERE stay.person_id = person.id),
                    last_admitted_on = (SELECT max(admitted_on) FROM stay WHERE stay.person_id = person.id),
                    in_care = EXISTS (SELECT 1 FROM stay WHERE stay.person_id = person.id AND exited_on IS NULL),
                    current_institution_id = (SELECT institution_id FROM stay WHERE stay.person_id = person.id
                                              AND exited_on IS NULL ORDER BY admitted_on DESC LIMIT 1),
                    last_exited_on = CASE
                        WHEN EXISTS (SELECT 1 FROM stay WHERE stay.person_id = person.id AND exited_on IS NULL)
                        THEN NULL
                        ELSE (SELECT max(exited_on) FROM stay WHERE stay.person_id = person.id) END
                WHERE stay_count = 0 AND EXISTS (SELECT 1 FROM stay WHERE stay.person_id = person.id)
                """
            )
        )
        missing = s.execute(select(Person.id, Person.full_name, Person.alias).where(Person.name_key == "")).all()
        if missing:
            s.execute(
                Person.__table__.update().where(Person.__table__.c.id == bindparam("pid")),
                [{"pid": pid, "name_key": name_key(name or alias)} for pid, name, alias in missing],
            )
        if not s.scalar(text("SELECT count(*) FROM person_fts")):
            rebuild_search_index(s)
        s.commit()


INSTITUTIONS = (
    ("PSBI", "Panti Sosial Bina Insan Bangun Daya 1", ("Wisma Melati", "Wisma Mawar", "Wisma Anggrek")),
    ("PSTW", "Panti Sosial Tresna Werdha Budi Mulia 1", ("Wisma Cempaka", "Wisma Kenanga")),
    ("PSAA", "Panti Sosial Asuhan Anak Putra Utama 2", ("Asrama Garuda", "Asrama Merpati")),
    ("RUMAH_SINGGAH", "Rumah Singgah Kampung Bandan", ("Ruang Transit",)),
)
# category, youngest, oldest, institution (index above), weight
PROFILES = (
    ("LUT", 60, 88, 1, 5), ("AJ", 6, 17, 2, 4), ("AT", 1, 17, 2, 2), ("GEL", 18, 59, 0, 4), ("PGM", 25, 72, 0, 3),
    ("ODGJ", 20, 60, 0, 2), ("OT", 18, 65, 3, 2),
)  # fmt: skip
ORIGINS = (
    "Gambir, Kota Jakarta Pusat, DKI Jakarta", "Tanah Abang, Kota Jakarta Pusat, DKI Jakarta",
    "Cilincing, Kota Jakarta Utara, DKI Jakarta", "Bogor Tengah, Kota Bogor, Jawa Barat",
    "Tegal Barat, Kota Tegal, Jawa Tengah", "Indramayu, Kabupaten Indramayu, Jawa Barat",
    "Medan Kota, Kota Medan, Sumatera Utara", "Kupang Kota, Kota Kupang, Nusa Tenggara Timur", "",
)  # fmt: skip
NIK_REGIONS = ("317101", "317102", "317201", "327101", "337601", "321201", "127101", "537101")
ALIASES = ("Ucok", "Udin", "Botak", "Kribo", "Mbah Karto", "Neng", "Ijah", "Butet", "Cilik", "Pak Tua")
TODAY = date.today()


def make_residents(db, n: int, seed: int = 3) -> None:  # type: ignore[no-untyped-def]
    """``n`` synthetic residents with stays, beds and categories, as the list reads them (same seed, same people).

    Written with direct inserts like ``tests/core/services/test_resident_list.py``; ``generate_demo`` makes the big
    perf dataset.
    """
    from faker.providers.person.id_ID import Provider as Names

    rng = Random(seed)
    with db.write() as s:
        office_id = s.scalar(select(Office.id).where(Office.is_own.is_(True)))
        places = []
        for type_code, name, room_names in INSTITUTIONS:
            inst = Institution(
                office_id=office_id, type_code=type_code, name=name, capacity_male=60, capacity_female=60
            )
            s.add(inst)
            s.flush()
            beds = []
            for room_name in room_names:
                room = Room(institution_id=inst.id, name=room_name, capacity=12)
                s.add(room)
                s.flush()
                for b in range(1, 13):
                    bed = Bed(room_id=room.id, label=f"{b:02d}")
                    s.add(bed)
                    beds.append((room.id, bed))
            s.flush()
            places.append((inst, beds))
        weights = [p[4] for p in PROFILES]
        niks: set[str] = set()
        numbers: dict[int, int] = {}
        for _ in range(n):
            category, youngest, oldest, where, _w = rng.choices(PROFILES, weights)[0]
            sex = "L" if rng.random() < 0.6 else "P"
            born = TODAY - timedelta(days=rng.randint(youngest, oldest) * 365 + rng.randint(0, 364))
            precision = rng.choices(("exact", "month", "year", "estimated"), (65, 10, 15, 10))[0]
            stored = {"exact": born, "month": born.replace(day=1)}.get(precision, date(born.year, 1, 1))
            first = TODAY - timedelta(days=rng.randint(30, 5 * 365))
            numbers[first.year] = numbers.get(first.year, 0) + 1
            registration_no = f"WB-{first.year}-{numbers[first.year]:06d}"
            unknown = rng.random() < 0.07
            if unknown:
                full_name = f"Tanpa Nama {first.year}-{numbers[first.year]:04d}"
                alias = rng.choice(ALIASES) if rng.random() < 0.7 else ""
                stored, precision = (None, "estimated") if rng.random() < 0.3 else (stored, "estimated")
            else:
                given = rng.choice(Names.first_names_male if sex == "L" else Names.first_names_female)
                family = rng.choice(Names.last_names_male if sex == "L" else Names.last_names_female)
                full_name = f"{given} {family}" if rng.random() < 0.75 else given
                alias = rng.choice(ALIASES) if rng.random() < 0.12 else ""
            nik = None
            if not unknown and rng.random() < 0.7:
                while nik is None or nik in niks:
                    day = born.day + (40 if sex == "P" else 0)
                    serial = rng.randint(1, 9999)
                    nik = f"{rng.choice(NIK_REGIONS)}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
                niks.add(nik)
            inst, beds = places[where]
            person = Person(
                office_id=office_id, registration_no=registration_no, full_name=full_name, alias=alias,
                name_unknown=unknown, sex=sex, birth_date=stored, birth_date_precision=precision, nik=nik,
                origin_region_name=rng.choice(ORIGINS), name_key=name_key(full_name or alias),
            )  # fmt: skip
            s.add(person)
            s.flush()
            # About a third are in care now (an open stay with a bed); the rest left after one to three stays.
            in_care = rng.random() < 0.35
            planned = rng.choice((1, 1, 1, 2, 2, 3))
            stays = []
            admitted = first
            for k in range(planned):
                last = k == planned - 1
                exited = min(admitted + timedelta(days=rng.randint(5, 200)), TODAY - timedelta(days=1))
                open_now = in_care and last
                room_bed = beds.pop() if open_now and beds else (None, None)
                stays.append(
                    Stay(
                        person_id=person.id, institution_id=inst.id, admitted_on=admitted,
                        exited_on=None if open_now else exited, exit_reason_code=None if open_now else "SELESAI",
                        room_id=room_bed[0], bed_id=room_bed[1].id if room_bed[1] is not None else None,
                        is_readmission=k > 0,
                    )
                )  # fmt: skip
                admitted = exited + timedelta(days=rng.randint(10, 120))
                if admitted >= TODAY - timedelta(days=2):
                    if in_care and not last:
                        stays[-1].exited_on, stays[-1].exit_reason_code = None, None
                    break
            s.add_all(stays)
            s.add(PersonCategory(person_id=person.id, category_code=category, since=first))
            current = next((st for st in stays if st.exited_on is None), None)
            person.stay_count = len(stays)
            person.in_care = current is not None
            person.current_institution_id = inst.id if current is not None else None
            person.last_admitted_on = max((st.admitted_on for st in stays), default=None)
            person.last_exited_on = None if current is not None or not stays else stays[-1].exited_on
        s.flush()
        rebuild_search_index(s)
        s.commit()


def build_demo_file(template: Path, path: Path, home: Path, residents: int, seed: int = 3) -> None:
    """A migrated database with an office, its administrator and ``residents`` residents for the list."""
    from kesos_desktop.core.db import open_database

    shutil.copyfile(template, path)
    old = os.environ.get("KESOS_HOME")
    os.environ["KESOS_HOME"] = str(home)
    try:
        database = open_database(URL.create("sqlite", database=str(path)))
        setup_office(database)
        make_residents(database, residents, seed)
        database.dispose()
    finally:
        if old is None:
            os.environ.pop("KESOS_HOME", None)
        else:
            os.environ["KESOS_HOME"] = old


@pytest.fixture(scope="module")
def demo_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("residents")
    path = folder / "demo.sqlite"
    build_demo_file(template_db, path, folder / "home", DEMO_RESIDENTS)
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.db import open_database

    path = tmp_path / "kesos.sqlite"
    shutil.copyfile(demo_template, path)
    database = open_database(URL.create("sqlite", database=str(path)))
    yield database
    database.dispose()


def login(db, username: str = "admin", password: str = ADMIN_PASSWORD):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return auth.login(s, username, password)


def open_page(qtbot, db, actor) -> ResidentsPage:  # type: ignore[no-untyped-def]
    page = ResidentsPage(AppContext(db=db, actor=actor, settings=Settings()))
    qtbot.addWidget(page)
    page.resize(1100, 720)
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.show()
    return page


@pytest.fixture
def page(qtbot, demo_db) -> Iterator[ResidentsPage]:  # type: ignore[no-untyped-def]
    yield open_page(qtbot, demo_db, login(demo_db))


def type_search(qtbot, page: ResidentsPage, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the search box key by key and wait until the results for the whole text are on screen."""
    page.search.setFocus()
    qtbot.keyClicks(page.search, typed)
    qtbot.waitUntil(
        lambda: page.shown is not None and page.shown.flt.text == page.search.text().strip(), timeout=10_000
    )


def load_all_rows(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    model = page.model
    # A long list shows its first screen before all its ids are known; rows past them load once they are.
    qtbot.waitUntil(model.is_complete, timeout=10_000)
    for row in range(0, model.rowCount(), model.block_size):
        model.fetch(row)
    qtbot.waitUntil(lambda: model.loaded_rows() == model.rowCount(), timeout=10_000)


def cell(page: ResidentsPage, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return page.model.index(row, page.model.column_of(key)).data(role)


def click_header(qtbot, page: ResidentsPage, key: str) -> None:  # type: ignore[no-untyped-def]
    header = page.table.horizontalHeader()
    column = page.model.column_of(key)
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def a_person_with(db, where) -> Person:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(select(Person).where(where).order_by(Person.registration_no).limit(1)).one()


# ------------------------------------------------------------------------------------------------------ tests


def test_first_rows_and_count(page: ResidentsPage) -> None:
    assert page.model.rowCount() == DEMO_RESIDENTS
    assert page.count.text() == "300 warga binaan"
    assert page.stack.currentWidget() is page.table
    # The first block came with the id list: no "Memuat…" flash.
    assert page.model.row_at(0) is not None
    assert cell(page, 0, "name") not in ("", page.model.placeholder)


def test_search_narrows_the_rows(qtbot, page: ResidentsPage, demo_db) -> None:  # type: ignore[no-untyped-def]
    person = a_person_with(demo_db, Person.name_unknown.is_(False))
    first_name = person.full_name.split()[0]
    type_search(qtbot, page, first_name[:4])
    narrowed = page.model.rowCount()
    assert 0 < narrowed < DEMO_RESIDENTS
    assert person.id in page.model.ids
    type_search(qtbot, page, first_name[4:] + " ")
    assert page.model.rowCount() <= narrowed
    assert person.id in page.model.ids
    assert page.count.text() == f"{page.model.rowCount()} warga binaan"
    # The registration number finds exactly that person.
    page.search.clear()
    type_search(qtbot, page, person.registration_no)
    assert page.model.ids == [person.id]


def test_a_newer_keystroke_wins(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    page.search.setText("zzzz")
    page.run_query()  # a query for "zzzz" is on its way...
    page.search.setText("a")
    page.run_query()  # ...and is superseded before it arrives
    qtbot.waitUntil(lambda: page.shown is not None and page.shown.flt.text == "a", timeout=10_000)
    qtbot.wait(50)
    assert page.shown.flt.text == "a"
    assert page.model.rowCount() > 0


def test_filters_change_the_count(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    actor, db = page.ctx.actor, page.ctx.db
    with db.read() as s:
        in_care = rl.count_residents(s, actor, rl.ResidentFilter(status="in_care"))
        women = rl.count_residents(s, actor, rl.ResidentFilter(status="in_care", sex="P"))
    assert 0 < in_care < DEMO_RESIDENTS
    with qtbot.waitSignal(page.results_shown, timeout=10_000) as shown:
        page.filters.status.setCurrentIndex(page.filters.status.findData("in_care"))
    assert shown.args == [in_care]
    assert page.count.text() == f"{in_care} warga binaan"
    load_all_rows(qtbot, page)
    assert all(cell(page, r, "status") == "Dalam perawatan" for r in range(in_care))
    with qtbot.waitSignal(page.results_shown, timeout=10_000) as shown:
        page.filters.sex.setCurrentIndex(page.filters.sex.findData("P"))
    assert shown.args == [women]
    assert page.filters.reset_button.isEnabled()
    with qtbot.waitSignal(page.results_shown, timeout=10_000) as shown:
        qtbot.mouseClick(page.filters.reset_button, Qt.MouseButton.LeftButton)
    assert shown.args == [DEMO_RESIDENTS]


def test_institution_category_age_and_period_filters(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.filters.institution.count() > 1 and page.filters.category.count() > 1)
    actor, db = page.ctx.actor, page.ctx.db
    bar = page.filters
    checks = [
        (lambda: bar.institution.setCurrentIndex(1), rl.ResidentFilter(institution_id=bar.institution.itemData(1))),
        (lambda: bar.category.setCurrentIndex(1), rl.ResidentFilter(category_code=bar.category.itemData(1))),
        (
            lambda: bar.age_group.setCurrentIndex(bar.age_group.findData("lansia")),
            rl.ResidentFilter(age_group="lansia"),
        ),
    ]
    for choose, expected_filter in checks:
        bar.reset()
        qtbot.waitUntil(lambda: page.shown.flt == rl.ResidentFilter(), timeout=10_000)
        choose()
        with db.read() as s:
            expected = rl.count_residents(s, actor, expected_filter)
        qtbot.waitUntil(lambda f=expected_filter: page.shown.flt == f, timeout=10_000)
        assert page.model.rowCount() == expected
    bar.reset()
    bar.admitted_from.setDate(date(2024, 1, 1))
    bar.admitted_to.setDate(date(2024, 12, 31))
    qtbot.mouseClick(bar.use_period, Qt.MouseButton.LeftButton, pos=QPoint(8, bar.use_period.height() // 2))
    period = rl.ResidentFilter(admitted_from=date(2024, 1, 1), admitted_to=date(2024, 12, 31))
    qtbot.waitUntil(lambda: page.shown.flt == period, timeout=10_000)
    with db.read() as s:
        assert page.model.rowCount() == rl.count_residents(s, actor, period) > 0


def test_sorting_by_a_column_header(qtbot, page: ResidentsPage, demo_db) -> None:  # type: ignore[no-untyped-def]
    first_by_name = page.model.ids[0]
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        click_header(qtbot, page, "age")  # youngest first
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == page.model.column_of("age")
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    youngest = page.model.ids[0]
    assert youngest != first_by_name
    with demo_db.read() as s:
        births = {pid: born for pid, born in s.execute(select(Person.id, Person.birth_date))}
    assert births[youngest] == max(b for b in births.values() if b is not None)
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        click_header(qtbot, page, "age")  # oldest first
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert births[page.model.ids[0]] == min(b for b in births.values() if b is not None)
    # A column SQL cannot sort keeps the arrow where it was and runs no query.
    shown = page.shown
    click_header(qtbot, page, "institution")
    qtbot.wait(SETTLE_MS)
    assert header.sortIndicatorSection() == page.model.column_of("age")
    assert page.shown is shown
    # The order is remembered for the next time the page opens.
    again = open_page(qtbot, page.ctx.db, page.ctx.actor)
    assert again.model.ids[0] == page.model.ids[0]


SETTLE_MS = 300


def test_chosen_columns_survive_recreating_the_page(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    assert "nik" in page.visible_keys() and "origin" not in page.visible_keys()
    menu = page.column_menu()
    actions = {a.data(): a for a in menu.actions() if a.data()}
    assert not actions["name"].isEnabled()  # a row must always say whom it is about
    actions["nik"].trigger()
    actions["origin"].trigger()
    header = page.table.horizontalHeader()
    header.moveSection(header.visualIndex(page.model.column_of("origin")), 2)
    page.save_columns()
    chosen = page.visible_keys()
    assert "nik" not in chosen and chosen[2] == "origin"
    page.close()
    again = open_page(qtbot, page.ctx.db, page.ctx.actor)
    assert again.visible_keys() == chosen
    again.reset_columns()
    assert "nik" in again.visible_keys() and "origin" not in again.visible_keys()


def test_alias_goes_with_the_name_while_its_column_is_hidden(qtbot, page: ResidentsPage, demo_db) -> None:  # type: ignore[no-untyped-def]
    person = a_person_with(demo_db, Person.alias != "")
    type_search(qtbot, page, person.registration_no)
    assert "alias" not in page.visible_keys()
    assert cell(page, 0, "name") == f"{person.full_name} ({person.alias})"
    page.set_column_visible("alias", True)
    assert cell(page, 0, "name") == person.full_name and cell(page, 0, "alias") == person.alias


def test_a_long_list_shows_its_first_screen_then_the_rest(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    """The page shows the first rows (and the count) first, then fetches the rest of the ids."""
    page = ResidentsPage(AppContext(db=demo_db, actor=login(demo_db), settings=Settings()))
    qtbot.addWidget(page)
    page.resize(1100, 720)
    with qtbot.waitSignals([page.results_shown, page.ids_completed], timeout=10_000, order="strict"):
        page.show()
    assert page.shown.total == DEMO_RESIDENTS and len(page.shown.ids) == page.model.block_size
    assert page.model.is_complete() and len(page.model.ids) == DEMO_RESIDENTS
    assert page.count.text() == "300 warga binaan"
    load_all_rows(qtbot, page)
    with demo_db.read() as s:
        assert page.model.ids == rl.find_resident_ids(s, page.ctx.actor, rl.ResidentFilter())
    # A search is fetched whole in one step.
    type_search(qtbot, page, "a")
    assert len(page.shown.ids) == page.shown.total == page.model.rowCount()


def test_model_passes_qtmodeltester(qtbot, page: ResidentsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    load_all_rows(qtbot, page)
    qtmodeltester.check(page.model, force_py=True)
    type_search(qtbot, page, "a")
    load_all_rows(qtbot, page)
    qtmodeltester.check(page.model, force_py=True)


def test_row_content(qtbot, page: ResidentsPage, demo_db) -> None:  # type: ignore[no-untyped-def]
    unknown = a_person_with(demo_db, Person.name_unknown.is_(True))
    estimated = a_person_with(demo_db, Person.birth_date_precision == "estimated")
    housed = a_person_with(demo_db, Person.in_care.is_(True))
    load_all_rows(qtbot, page)
    row = page.model.row_of(unknown.id)
    assert cell(page, row, "name", Qt.ItemDataRole.FontRole).italic()
    assert str(cell(page, row, "name")).startswith(unknown.full_name)
    if estimated.birth_date is not None:
        assert str(cell(page, page.model.row_of(estimated.id), "age")).startswith("± ")
    row = page.model.row_of(housed.id)
    assert cell(page, row, "status") == "Dalam perawatan"
    assert cell(page, row, "institution") not in ("", "—")
    known = page.model.row_of(a_person_with(demo_db, Person.name_unknown.is_(False)).id)
    assert cell(page, known, "name", Qt.ItemDataRole.FontRole) is None


def test_nik_is_masked_for_a_role_without_view_nik(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    admin = login(demo_db)
    make_user(demo_db, admin, "auditor1", ["auditor"])
    person = a_person_with(demo_db, Person.nik.is_not(None))
    for actor, expect_full in ((admin, True), (login(demo_db, "auditor1", "sandi12345"), False)):
        page = open_page(qtbot, demo_db, actor)
        type_search(qtbot, page, person.registration_no)
        shown = str(cell(page, 0, "nik"))
        if expect_full:
            assert shown.replace(" ", "") == person.nik
        else:
            assert "•" in shown and person.nik[6:12] not in shown.replace(" ", "")
        assert page.export_button.isHidden() is not actor.can("residents.export")
        assert page.new_button.isHidden() is not actor.can("residents.edit")


def test_a_partner_sees_only_the_people_placed_with_them(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    admin = login(demo_db)
    with demo_db.read() as s:
        home = s.scalars(select(Institution).where(Institution.type_code == "PSAA")).one()
        placed = set(s.scalars(select(Stay.person_id).where(Stay.institution_id == home.id)))
    make_user(demo_db, admin, "mitra1", ["mitra"], institution_id=home.id)
    page = open_page(qtbot, demo_db, login(demo_db, "mitra1", "sandi12345"))
    assert 0 < page.model.rowCount() == len(placed) < DEMO_RESIDENTS
    qtbot.waitUntil(page.model.is_complete, timeout=10_000)
    assert set(page.model.ids) == placed
    qtbot.waitUntil(lambda: page.filters.category.count() > 1)
    assert page.filters.institution.isHidden()  # nothing to choose: the service limits them to their own
    assert page.export_button.isHidden() and page.new_button.isHidden()


def test_enter_and_double_click_open_the_person(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() or QApplication.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.person_activated) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.ids[1]]
    rect = page.table.visualRect(page.model.index(2, page.model.column_of("name")))
    with qtbot.waitSignal(page.person_activated) as opened:
        # QTest's double click carries no press of its own; a person's first click comes before it.
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(opened.args[0], uuid.UUID) and opened.args == [page.model.ids[2]]


def test_tab_goes_from_the_search_through_the_filters_to_the_results(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    page.search.setFocus()
    bar = page.filters
    expected = [bar.status, bar.institution, bar.category, bar.sex, bar.age_group, bar.use_period]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget


def test_typing_in_the_table_continues_the_search(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClicks(page.table, "si")
    assert page.search.text() == "si"
    qtbot.waitUntil(lambda: page.shown.flt.text == "si", timeout=10_000)


def test_window_commands(qtbot, page: ResidentsPage) -> None:  # type: ignore[no-untyped-def]
    assert page.can_find and page.can_create
    page.table.setFocus()
    page.search.setText("abc")
    page.focus_find()  # Ctrl+F from the main window
    assert page.search.hasFocus() or QApplication.focusWidget() is page.search
    assert page.search.selectedText() == "abc"
    with qtbot.waitSignal(page.new_intake_requested):
        page.create_new()  # Ctrl+N
    page.search.clear()
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.refresh()  # F5


def test_empty_registry_shows_a_friendly_message(qtbot, db, admin) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, db, admin)
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "Belum ada warga binaan"
    assert page.count.text() == "0 warga binaan"
    with qtbot.waitSignal(page.new_intake_requested):
        qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)


def test_no_match_says_what_was_typed(qtbot, page: ResidentsPage, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    type_search(qtbot, page, "zzqx")
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "Tidak ada yang cocok dengan “zzqx”"
    page.grab().save(str(artifacts / "residents_list_no_match.png"))
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    assert page.search.text() == "" and page.model.rowCount() == DEMO_RESIDENTS


# ----------------------------------------------------------------------------------------------------- export


def test_export_xlsx_of_the_current_view(qtbot, page: ResidentsPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.filters.status.setCurrentIndex(page.filters.status.findData("exited"))
    page.set_column_visible("birth_date", True)
    target = tmp_path / "warga.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=30_000) as done:
        page.export_to(target)
    assert done.args[0].rows == page.model.rowCount()
    assert "warga.xlsx" in page.banner.text()
    sheet = load_workbook(target)["Warga Binaan"]
    rows = list(sheet.iter_rows())
    titles = [c.value for c in rows[0]]
    assert titles == [page.columns[page.model.column_of(k)].title for k in page.visible_keys()]
    assert len(rows) - 1 == page.model.rowCount()
    by_title = {t: i for i, t in enumerate(titles)}
    assert [r[by_title["No. Registrasi"]].value for r in rows[1:4]] == [
        cell(page, i, "registration_no") for i in range(3)
    ]
    niks = [r[by_title["NIK"]] for r in rows[1:] if r[by_title["NIK"]].value]
    assert niks, "the demo has residents with a NIK"
    for nik in niks:
        assert nik.data_type == "s" and isinstance(nik.value, str)
        assert len(nik.value) == 16 and nik.value.isdigit()
    admitted = [r[by_title["Tanggal masuk"]] for r in rows[1:] if r[by_title["Tanggal masuk"]].value is not None]
    assert admitted and all(c.is_date and isinstance(c.value, datetime) for c in admitted)
    with page.ctx.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "residents.exported")).one()
    assert event.changes["rows"] == page.model.rowCount() and event.changes["filter"] == {"status": "exited"}


def test_export_csv(qtbot, page: ResidentsPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "warga.csv"
    with qtbot.waitSignal(page.export_finished, timeout=30_000):
        page.export_to(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == DEMO_RESIDENTS + 1
    nik = rows[0].index("NIK")
    assert any(len(r[nik]) == 16 and r[nik].isdigit() for r in rows[1:])
    admitted = rows[0].index("Tanggal masuk")
    assert all(date.fromisoformat(r[admitted]) for r in rows[1:] if r[admitted])


def test_cancelled_export_leaves_no_file(qtbot, page: ResidentsPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "batal.xlsx"
    with qtbot.waitSignal(page.export_cancelled, timeout=30_000):
        operation = page.export_to(target)
        operation.progress.cancel()  # what the progress dialog's Cancel button does
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]
    assert "dibatalkan" in page.banner.text()


# ------------------------------------------------------------------------------------------------- screenshot


def test_screenshot(qtbot, demo_db, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.ui import style

    app = QApplication.instance()
    old_style, old_palette, old_sheet = app.style().name(), app.palette(), app.styleSheet()
    style.apply(app)
    try:
        page = open_page(qtbot, demo_db, login(demo_db))
        page.resize(1052, 720)  # the page area of the main window at its default 1280 × 800
        # A search a user might type that finds a screenful of people.
        with demo_db.read() as s:
            actor = page.ctx.actor
            typed = next(
                p for p in ("mar", "sri", "nur", "sur", "agu", "dew", "ma", "su", "a")
                if 8 <= rl.count_residents(s, actor, rl.ResidentFilter(text=p)) <= 20
            )  # fmt: skip
        type_search(qtbot, page, typed)
        qtbot.waitUntil(lambda: page.model.row_at(min(20, page.model.rowCount() - 1)) is not None)
        page.select_row(1)
        page.grab().save(str(artifacts / "residents_list.png"))
    finally:
        app.setStyleSheet(old_sheet)
        app.setPalette(old_palette)
        app.setStyle(old_style)
