"""Tugas saya as a pekerja sosial works it: reminders by due date with kind and person, open what a task is about,
one marked done and one dismissed with a reason — both leave the list and the status-bar count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt

from kesos_desktop.core.services import placements, tasks
from kesos_desktop.ui.pages.tasks.dismiss_dialog import DismissDialog
from kesos_desktop.ui.pages.tasks.page import TasksPage
from kesos_desktop.ui.widgets.task_counter import TaskCounter
from tests.core.rehab.test_placements import placement_input
from tests.ui.helpers import screenshot, wait_idle
from tests.ui.rehab_world import build_world, context


@pytest.fixture
def world(db, admin, monkeypatch):  # type: ignore[no-untyped-def]
    return build_world(db, admin, monkeypatch)


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    """A child placed with the pesantren two months ago (a partner report is due), and two stored tasks."""
    case = world.case("Rudi Hartono")
    person, _stay = world.resident("Sri Wahyuni", sex="P", born=date(1950, 3, 3))
    with world.db.write() as s:
        placement = placements.place_child(s, world.worker, placement_input(world, case.person_id))
        tasks.add_task(
            s,
            key=f"prepare_return:{person}",
            kind="prepare_return",
            title="Siapkan rencana pemulangan Sri Wahyuni ke Brebes",
            person_id=person,
            due_on=date.today() + timedelta(days=3),
            assigned_user_id=world.worker.user_id,
        )
        tasks.add_task(
            s,
            key="custom:rapat",
            kind="custom",
            title="Siapkan bahan temu bahas kasus bulanan",
            assigned_user_id=world.worker.user_id,
        )
        s.commit()
    return case, placement, person


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)


def test_task_dismissed_with_reason_leaves_list_and_counter(world, setup, qtbot, qtmodeltester, artifacts) -> None:  # type: ignore[no-untyped-def]
    case, placement, _person = setup
    ctx = context(world)
    page = TasksPage(ctx)
    counter = TaskCounter(ctx)
    qtbot.addWidget(page)
    qtbot.addWidget(counter)
    page.resize(1280, 640)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot)
    kinds = [r.item.kind for r in page.model.rows()]
    assert kinds[-1] == "custom"  # no due date: last
    assert set(kinds) == {"assessment_due", "partner_report_due", "prepare_return", "custom"}
    assert counter.count == 4 and counter.text() == "4 tugas"
    report = next(r for r in page.model.rows() if r.item.kind == "partner_report_due")
    assert report.person_name == "Rudi Hartono" and report.registration_no.startswith("WB-")
    assert page.model.index(page.model.find(lambda r: r is report), 1).data().startswith("terlambat")
    assert page.count.text() == "4 tugas, 2 terlambat"
    qtmodeltester.check(page.model)
    screenshot(page, artifacts, "tasks.png")

    # Opening: the report task is about a placement and a person; Enter opens the placement.
    assert page.select_key(report.key)
    with qtbot.waitSignal(page.person_activated) as person_signal:
        click(qtbot, page.open_person_button)
    assert person_signal.args == [case.person_id]
    assert not page.open_case_button.isEnabled()
    with qtbot.waitSignal(page.placement_activated) as placement_signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert placement_signal.args == [placement.id]
    assessment = next(r for r in page.model.rows() if r.item.kind == "assessment_due")
    assert page.select_key(assessment.key)
    with qtbot.waitSignal(page.case_activated) as case_signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert case_signal.args == [case.id]
    assert page.select_key(report.key)

    # Dismissed: a reason is required, asked for at the field; then it leaves the list and the count.
    click(qtbot, page.dismiss_button)
    dialog = page.dialog
    assert isinstance(dialog, DismissDialog)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.errors.error_text("reason") == "Alasan wajib diisi."
    qtbot.keyClicks(dialog.reason, "Laporan diterima lewat surat dan sudah dicatat di berkas.")
    with qtbot.waitSignal(counter.counted, timeout=10_000):
        click(qtbot, dialog.save_button)
    wait_idle(qtbot)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert page.model.find(lambda r: r.key == report.key) < 0
    assert counter.count == 3 and counter.text() == "3 tugas"

    # Done: the stored task without a date.
    assert page.select_key("custom:rapat")
    with qtbot.waitSignal(counter.counted, timeout=10_000):
        click(qtbot, page.done_button)
    wait_idle(qtbot)
    assert {r.item.kind for r in page.model.rows()} == {"assessment_due", "prepare_return"}
    assert counter.count == 2
    with world.db.read() as s:
        assert {t.kind for t in tasks.my_tasks(s, world.worker)} == {"assessment_due", "prepare_return"}
    with qtbot.waitSignal(counter.clicked):
        qtbot.mouseClick(counter, Qt.MouseButton.LeftButton)


def test_filter_by_kind_and_search(world, setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = TasksPage(context(world))
    qtbot.addWidget(page)
    wait_idle(qtbot)
    page.kind.setCurrentIndex(page.kind.findData("prepare_return"))
    assert [r.item.kind for r in page.model.rows()] == ["prepare_return"]
    assert page.count.text() == "4 tugas, 2 terlambat (tampil 1)"
    page.kind.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "rudi")
    assert {r.person_name for r in page.model.rows()} == {"Rudi Hartono"}
