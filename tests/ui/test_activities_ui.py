"""Kegiatan as a pekerja sosial works it: a group session of twelve with attendance set by keyboard and saved in one
go, "Semua hadir" and marks kept while switching activities, and an individual session with an error at its field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from kesos_desktop.core.services import activities
from kesos_desktop.ui.dialogs.stays.fields import select_data
from kesos_desktop.ui.pages.activities.activity_dialog import ActivityDialog
from kesos_desktop.ui.pages.activities.attendance_model import STATUS
from kesos_desktop.ui.pages.activities.page import ActivitiesPage
from kesos_desktop.ui.pages.activities.session_dialog import SessionDialog
from tests.ui.helpers import find_top_level, screenshot, wait_idle
from tests.ui.rehab_world import build_world, context

NAMES = (
    "Ahmad Fauzi",
    "Bayu Saputra",
    "Cahyo Nugroho",
    "Dedi Kurniawan",
    "Eko Prasetyo",
    "Fajar Ramadhan",
    "Galih Pratama",
    "Hendra Wijaya",
    "Irfan Hakim",
    "Joko Susilo",
    "Kurnia Putra",
    "Lukman Hakim",
)


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)


def closed(dialog) -> bool:  # type: ignore[no-untyped-def]
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


@pytest.fixture
def world(db, admin, monkeypatch):  # type: ignore[no-untyped-def]
    return build_world(db, admin, monkeypatch)


@pytest.fixture
def page(world, qtbot):  # type: ignore[no-untyped-def]
    for name in NAMES:
        world.resident(name)
    page = ActivitiesPage(context(world))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot)
    return page


def test_group_session_of_twelve_by_keyboard(world, page, qtbot, qtmodeltester, artifacts) -> None:  # type: ignore[no-untyped-def]
    page.create_new()
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog)
    wait_idle(qtbot)
    assert select_data(dialog.type_code, "BIMBINGAN_AGAMA")
    assert dialog.title.text() == "Bimbingan agama"  # the name follows the type until one is written
    qtbot.keyClicks(dialog.facilitator, "Ustadz Hasan")
    qtbot.keyClicks(dialog.start_time, "9.00")
    dialog.duration.setValue(90)
    screenshot(dialog, artifacts, "activity_dialog.png")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert closed(dialog)

    sheet = page.sheet
    assert sheet.sheet is not None and sheet.sheet.info.facilitator == "Ustadz Hasan"
    assert sheet.sheet.info.start_time == "09:00"
    assert [line.name for line in sheet.model.lines()] == list(NAMES)
    assert sheet.table.currentIndex().row() == 0
    assert "12 orang" in sheet.summary.text() and "12 belum diisi" in sheet.summary.text()

    # Row by row from the top: a number marks and moves down; space cycles; arrows move.
    table = sheet.table
    for key in "1121311411":  # rows 0..9
        qtbot.keyClick(table, key)
    assert table.currentIndex().row() == 10
    qtbot.keyClick(table, Qt.Key.Key_Space)  # row 10: hadir
    qtbot.keyClick(table, Qt.Key.Key_Space)  # row 10: izin
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, "3")  # row 11: sakit
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Up)  # row 8
    qtbot.keyClick(table, "1")  # stays hadir
    # A note for Cahyo (row 2, izin): F2 on Keterangan, type, Enter.
    table.setCurrentIndex(sheet.model.index(2, 5))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "Menjenguk  paman di RS")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.model.lines()[2].note == "Menjenguk paman di RS")  # spaces tidied
    expected = ["hadir", "hadir", "izin", "hadir", "sakit", "hadir", "hadir", "alpa", "hadir", "hadir", "izin", "sakit"]
    assert [line.status for line in sheet.model.lines()] == expected
    assert sheet.model.index(2, STATUS).data() == "Izin"
    assert "7 hadir, 2 izin, 2 sakit, 1 tanpa keterangan" in sheet.summary.text().replace("12 orang: ", "")
    assert sheet.save_button.isEnabled()
    qtmodeltester.check(sheet.model)
    qtmodeltester.check(page.model)

    page.save()  # Ctrl+S: the whole list in one call
    wait_idle(qtbot)
    assert not sheet.model.is_dirty() and not sheet.save_button.isEnabled()
    assert "7 hadir dari 12 orang" in sheet.notice.text()
    with world.db.read() as s:
        info = activities.get_activity(s, world.worker, sheet.sheet.info.id)
    assert len(info.attendance) == 12 and info.present_count == 7
    marks = {a.name: (a.status, a.note) for a in info.attendance}
    assert marks["Cahyo Nugroho"] == ("izin", "Menjenguk paman di RS")
    assert marks["Hendra Wijaya"][0] == "alpa"
    assert page.model.index(0, 2).data() == "7 dari 12"

    # A correction afterwards: the start time; the sheet follows the new version.
    click(qtbot, page.edit_button)
    edit = page.dialog
    assert isinstance(edit, ActivityDialog) and edit.title.text() == "Bimbingan agama"
    assert edit.facilitator.text() == "Ustadz Hasan" and edit.start_time.text() == "09:00"
    edit.start_time.clear()
    qtbot.keyClicks(edit.start_time, "10:00")
    click(qtbot, edit.save_button)
    assert closed(edit)
    assert sheet.sheet.info.start_time == "10:00" and "pukul 10.00" in sheet.details.text()
    assert sheet.model.counts()["hadir"] == 7 and not sheet.model.is_dirty()
    screenshot(page, artifacts, "attendance.png")


def test_all_present_and_marks_kept_between_activities(world, page, qtbot) -> None:  # type: ignore[no-untyped-def]
    with world.db.write() as s:
        for title, day in (
            ("Senam pagi", date.today()),
            ("Konseling kelompok remaja", date.today() - timedelta(days=1)),
        ):
            activities.create_group_activity(
                s,
                world.worker,
                activities.GroupActivityInput(world.panti_id, "BIMBINGAN_FISIK", title, day),
            )
    page.refresh()
    wait_idle(qtbot)
    assert page.model.rowCount() == 2
    page.table.selectRow(0)
    wait_idle(qtbot)
    sheet = page.sheet
    assert sheet.sheet.info.title == "Senam pagi"
    qtbot.mouseClick(sheet.all_present, Qt.MouseButton.LeftButton)
    assert sheet.model.counts()["hadir"] == 12
    sheet.table.setCurrentIndex(sheet.model.index(3, STATUS))
    qtbot.mouseClick(sheet.status_buttons["sakit"], Qt.MouseButton.LeftButton)
    # Switching to the other activity and back loses nothing.
    page.table.selectRow(1)
    wait_idle(qtbot)
    assert sheet.sheet.info.title == "Konseling kelompok remaja" and not sheet.model.is_dirty()
    # Only some on this one: saving asks about the people left unmarked.
    sheet.table.setCurrentIndex(sheet.model.index(0, STATUS))
    qtbot.keyClick(sheet.table, "1")
    page.save()
    box = find_top_level(QMessageBox)
    assert box is not None and "11 orang belum diberi tanda" in box.text()
    next(b for b in box.buttons() if b.text() == "&Simpan").click()
    wait_idle(qtbot)
    assert not sheet.model.is_dirty()
    page.table.selectRow(0)
    wait_idle(qtbot)
    assert sheet.sheet.info.title == "Senam pagi"
    assert sheet.model.counts()["hadir"] == 11 and sheet.model.counts()["sakit"] == 1
    assert "dipulihkan" in sheet.notice.text()
    page.save()
    wait_idle(qtbot)
    with world.db.read() as s:
        rows = {r.title: r for r in activities.list_activities(s, world.worker)}
    assert (rows["Senam pagi"].present, rows["Senam pagi"].total) == (11, 12)
    assert (rows["Konseling kelompok remaja"].present, rows["Konseling kelompok remaja"].total) == (1, 1)


def test_individual_session_keeps_input_on_error(world, page, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Rudi Hartono")
    page.record_session()
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    wait_idle(qtbot)
    qtbot.keyClicks(dialog.case.lineEdit(), "rudi hartono")  # one case matches
    assert select_data(dialog.type_code, "KONSELING_INDIVIDU")
    qtbot.keyClicks(dialog.start_time, "25:00")
    qtbot.keyClicks(dialog.summary, "Membahas rencana kembali sekolah.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.isVisible()
    assert dialog.errors.error_text("start_time") == "Tulis jam seperti 09:30."
    assert dialog.summary.toPlainText() == "Membahas rencana kembali sekolah."
    dialog.start_time.clear()
    qtbot.keyClicks(dialog.start_time, "10:15")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert closed(dialog)
    row = page.selected()
    assert row is not None and row.kind == "individu" and row.type_label == "Konseling individu"
    with world.db.read() as s:
        assert activities.get_activity(s, world.worker, row.id).case_id == case.id
    assert page.sheet.model.read_only and [line.name for line in page.sheet.model.lines()] == ["Rudi Hartono"]
    assert not page.sheet.save_button.isVisible()


def test_a_second_editor_gets_a_conflict_and_keeps_their_marks(world, page, qtbot) -> None:  # type: ignore[no-untyped-def]
    with world.db.write() as s:
        info = activities.create_group_activity(
            s,
            world.worker,
            activities.GroupActivityInput(world.panti_id, "KONSELING_KELOMPOK", "Konseling", date.today()),
        )
    page.refresh()
    wait_idle(qtbot)
    page.table.selectRow(0)
    wait_idle(qtbot)
    sheet = page.sheet
    qtbot.mouseClick(sheet.all_present, Qt.MouseButton.LeftButton)
    # Someone else saves the sheet first (on another PC).
    with world.db.write() as s:
        first = activities.attendance_candidates(s, world.worker, info.id)[0]
        activities.save_attendance(s, world.worker, info.id, [activities.AttendanceEntry(first.person_id, "sakit")])
    page.save()
    wait_idle(qtbot)
    box = find_top_level(QMessageBox)
    assert box is not None and box.windowTitle() == "Data telah berubah"
    next(b for b in box.buttons() if b.text() == "&Muat ulang").click()
    wait_idle(qtbot)
    assert sheet.model.counts()["hadir"] == 12 and sheet.model.is_dirty()  # the marks typed here are kept
    assert "dipulihkan" in sheet.notice.text()
    page.save()
    wait_idle(qtbot)
    assert not sheet.model.is_dirty()
    with world.db.read() as s:
        assert activities.get_activity(s, world.worker, info.id).present_count == 12
