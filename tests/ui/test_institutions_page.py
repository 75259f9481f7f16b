"""Lembaga page: create and edit institutions (field errors, version conflicts), rooms and beds, occupancy panels."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kesos_desktop.core.services import auth, institutions, stays
from kesos_desktop.ui import main_window
from kesos_desktop.ui.pages.institutions.bed_labels import BedLabelError, expand_bed_labels
from kesos_desktop.ui.pages.institutions.dialog import InstitutionDialog
from kesos_desktop.ui.pages.institutions.page import InstitutionsPage
from kesos_desktop.ui.pages.institutions.room_dialog import RoomDialog
from kesos_desktop.ui.pages.institutions.rooms import RoomsDialog
from tests.factories import make_institution, make_person, make_room, make_user
from tests.ui.helpers import find_top_level, screenshot, wait_idle

# The line the lead adds to ui/main_window.py PAGES; the tests add it for themselves.
SPEC = main_window.PageSpec(
    "institutions",
    lambda: "Lembaga",
    "office",
    "kesos_desktop.ui.pages.institutions.page",
    "InstitutionsPage",
    "institutions.view",
)


@pytest.fixture
def page_window(ctx, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    if all(spec.key != "institutions" for spec in main_window.PAGES):
        monkeypatch.setattr(main_window, "PAGES", (*main_window.PAGES, SPEC))
    win = main_window.MainWindow(ctx, office_name="Dinas Sosial Provinsi DKI Jakarta")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    wait_idle(qtbot)
    return win


def open_page(win, qtbot) -> InstitutionsPage:  # type: ignore[no-untyped-def]
    page = win.open_page("institutions")
    assert isinstance(page, InstitutionsPage)
    wait_idle(qtbot)
    return page


def click_box_button(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    box = find_top_level(QMessageBox)
    assert box is not None, "no message box shown"
    button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)


def test_bed_quick_fill_reads_ranges() -> None:
    assert expand_bed_labels("A1–A10") == [f"A{n}" for n in range(1, 11)]
    assert expand_bed_labels("A1-A2, B1-B2; 7") == ["A1", "A2", "B1", "B2", "7"]
    assert expand_bed_labels("01-03") == ["01", "02", "03"]
    assert expand_bed_labels("A–C") == ["A", "B", "C"]
    with pytest.raises(BedLabelError, match="terbalik"):
        expand_bed_labels("A5-A1")


def test_create_institution_with_a_bad_nsp_then_fixed(page_window, qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_page(page_window, qtbot)
    page_window.new_action.trigger()  # Ctrl+N
    dialog = page.dialog
    assert isinstance(dialog, InstitutionDialog)
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    form = dialog.form
    assert form is not None
    form.type_code.setCurrentIndex(form.type_code.findData("PESANTREN"))
    qtbot.keyClicks(form.name, "Pondok Pesantren Darul Falah")
    qtbot.keyClicks(form.region, "gambir")
    form.region.search_now()
    form.region.pick("31.71.01")
    form.ownership.setCurrentIndex(form.ownership.findData("partner"))
    dialog.tabs.setCurrentIndex(1)
    qtbot.keyClicks(form.nsp, "5100327")
    qtbot.keyClicks(form.mou_no, "045/MoU/Dinsos/2025")
    form.mou_start.set_value(date(2025, 1, 2))
    form.accreditation_grade.setCurrentIndex(form.accreditation_grade.findData("B"))
    form.accreditation_granted_on.set_value(date(2024, 3, 1))
    dialog.tabs.setCurrentIndex(0)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.isVisible()
    assert "12 angka" in dialog.errors.error_text("nsp")
    assert dialog.tabs.currentIndex() == 1  # the tab with the error came to the front
    assert form.name.text() == "Pondok Pesantren Darul Falah"  # nothing typed is lost
    assert form.mou_no.text() == "045/MoU/Dinsos/2025"
    screenshot(dialog, artifacts, "institution_dialog.png")

    form.nsp.clear()
    qtbot.keyClicks(form.nsp, "510032710001")
    assert dialog.errors.error_text("nsp") == ""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.keyClick(form.nsp, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    info = saved.args[0]
    assert info.nsp == "510032710001" and info.is_partner and not info.is_own
    assert info.accreditation_valid_until == date(2027, 3, 1)  # B: three years from the grant date
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == info.id, timeout=10_000)
    assert page.model.index(page.model.find(lambda r: r.id == info.id), 2).data() == "Mitra"


def test_stale_edit_shows_a_conflict_and_keeps_the_form(page_window, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor)
    page = open_page(page_window, qtbot)
    assert page.select_institution(inst.id)
    page.edit_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, InstitutionDialog)
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    form = dialog.form
    assert form is not None and form.name.text() == inst.name

    # Someone else saves a change in between.
    other = inst.as_input()
    other.phone = "(021) 555 1234"
    with ctx.db.write() as s:
        institutions.update_institution(s, ctx.actor, inst.id, other, inst.version_id)

    form.short_name.setText("PSBI BD 1")
    form.capacity_male.setValue(40)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    box = find_top_level(QMessageBox)
    assert box is not None and "diubah oleh pengguna lain" in box.text()
    click_box_button(qtbot, "Muat ulang data terbaru")
    qtbot.waitUntil(dialog.info.isVisible, timeout=10_000)
    assert form.short_name.text() == "PSBI BD 1" and form.capacity_male.value() == 40
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].short_name == "PSBI BD 1"
    assert saved.args[0].capacity_male == 40


def test_rooms_and_beds_are_managed_and_a_used_bed_cannot_be_deleted(page_window, qtbot, ctx, artifacts) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor, capacity_male=20, capacity_female=10)
    page = open_page(page_window, qtbot)
    assert page.select_institution(inst.id)
    page.rooms_action.trigger()
    rooms = page.dialog
    assert isinstance(rooms, RoomsDialog)
    wait_idle(qtbot)

    qtbot.mouseClick(rooms.add_room_button, Qt.MouseButton.LeftButton)
    room_dialog = rooms.dialog
    assert isinstance(room_dialog, RoomDialog)
    qtbot.keyClicks(room_dialog.name, "Wisma Melati")
    room_dialog.sex.setCurrentIndex(room_dialog.sex.findData("L"))
    qtbot.mouseClick(room_dialog.quick_button, Qt.MouseButton.LeftButton)
    assert room_dialog.beds.text.text() == "A1–A10"
    assert room_dialog.beds.preview.text().startswith("10 tempat tidur")
    with qtbot.waitSignal(rooms.loaded, timeout=10_000):
        qtbot.mouseClick(room_dialog.buttons.button(room_dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    room = rooms.selected_room()
    assert room is not None and room.name == "Wisma Melati" and len(room.beds) == 10 and room.capacity == 10

    # A bed never used is deleted; one with history is refused with the service's message.
    person = make_person(ctx.db, ctx.actor, "Budi")
    with ctx.db.write() as s:
        stays.admit(s, ctx.actor, person, stays.AdmissionInput(inst.id, date.today(), room.id, room.beds[0].id))
    rooms.refresh()
    wait_idle(qtbot)
    rooms.select_bed("A10")
    qtbot.mouseClick(rooms.delete_bed_button, Qt.MouseButton.LeftButton)
    click_box_button(qtbot, "Hapus")
    qtbot.waitUntil(lambda: rooms.beds.rowCount() == 9, timeout=10_000)
    rooms.select_bed("A1")
    assert "Budi" in rooms.beds.index(rooms.beds.find(lambda b: b.label == "A1"), 1).data()
    qtbot.mouseClick(rooms.delete_bed_button, Qt.MouseButton.LeftButton)
    click_box_button(qtbot, "Hapus")
    box = find_top_level(QMessageBox)
    assert box is not None and "tidak dapat dihapus; nonaktifkan saja" in box.text()
    box.close()
    # Deactivating a bed in use is refused too; a free one is deactivated.
    rooms.select_bed("A2")
    with qtbot.waitSignal(rooms.loaded, timeout=10_000):
        qtbot.mouseClick(rooms.bed_active_button, Qt.MouseButton.LeftButton)
    assert not rooms.selected_bed().is_active
    rooms.close()
    wait_idle(qtbot)

    page.refresh(select=inst.id)
    wait_idle(qtbot)
    row = page.selected()
    assert row is not None and row.row.in_care == 1 and row.beds_free == 7
    assert page.occupancy.values["male"].text() == "1 dari 20 · 19 kosong"
    assert "laki-laki 7" in page.occupancy.values["beds"].text()
    assert page.occupancy.model.rowCount() == 1
    screenshot(page_window, artifacts, "occupancy.png")


def test_page_lists_warnings_expiring_documents_and_overdue_stays(page_window, qtbot, ctx, artifacts) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    shelter = make_institution(
        ctx.db, ctx.actor, type_code="RUMAH_SINGGAH", name="Rumah Singgah Anak Mandiri", region_code="31.71"
    )
    make_institution(
        ctx.db,
        ctx.actor,
        type_code="LKSA",
        name="LKSA Panti Asuhan Putra Harapan",
        region_code="32.73",
        is_own=False,
        is_partner=True,
        licence_no="460/123/Dinsos/2020",
        licence_expires_on=today - timedelta(days=5),
        registration_no="TD-LKS/77/2023",
        registration_expires_on=today + timedelta(days=40),
        capacity_male=30,
        capacity_female=30,
    )
    make_room(ctx.db, ctx.actor, shelter.id, "Ruang Transit", sex="", beds=4)
    for name, days in (("Agus", 12), ("Rina", 9), ("Dedi", 3)):
        person = make_person(ctx.db, ctx.actor, name, sex="P" if name == "Rina" else "L")
        with ctx.db.write() as s:
            stays.admit(s, ctx.actor, person, stays.AdmissionInput(shelter.id, today - timedelta(days=days)))

    page = open_page(page_window, qtbot)
    assert page.model.rowCount() == 2
    lksa = page.model.find(lambda r: r.row.name.startswith("LKSA"))
    assert page.model.index(lksa, 7).data() == "Izin kedaluwarsa 5 hari lalu (+1)"
    assert page.model.index(lksa, 7).data(Qt.ItemDataRole.ToolTipRole).startswith("Izin operasional kedaluwarsa")
    assert page.expiring.model.rowCount() == 2
    assert page.panels.tabText(1) == "Akan kedaluwarsa (2)"
    # Overdue: rumah singgah allows 7 days; sorted by days over, then by any column.
    overdue = page.overdue
    assert [o.full_name for o in overdue.model.rows()] == ["Agus", "Rina"]
    overdue.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [o.full_name for o in overdue.model.rows()] == ["Agus", "Rina"]
    overdue.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [o.full_name for o in overdue.model.rows()] == ["Rina", "Agus"]
    assert overdue.model.index(0, 7).data() == "2"

    # Searching narrows the list; the type filter too.
    qtbot.keyClicks(page.search, "singgah")
    assert page.model.rowCount() == 1
    page.search.clear()
    page.type_filter.setCurrentIndex(page.type_filter.findData("LKSA"))
    assert page.model.rowCount() == 1
    page.type_filter.setCurrentIndex(0)
    page.select_institution(shelter.id)
    page.panels.setCurrentIndex(2)
    screenshot(page_window, artifacts, "institutions_page.png")

    # Opening an expiring document opens the institution on its Legalitas tab.
    page.panels.setCurrentIndex(1)
    page.expiring.table.setFocus()
    page.expiring.table.setCurrentIndex(page.expiring.model.index(0, 0))
    qtbot.keyClick(page.expiring.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, InstitutionDialog)
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    assert dialog.tabs.currentIndex() == 1


def test_every_model_passes_qtmodeltester(page_window, qtbot, ctx, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor, type_code="RUMAH_SINGGAH", licence_expires_on=date.today())
    room = make_room(ctx.db, ctx.actor, inst.id, beds=3)
    person = make_person(ctx.db, ctx.actor)
    with ctx.db.write() as s:
        stays.admit(
            s,
            ctx.actor,
            person,
            stays.AdmissionInput(inst.id, date.today() - timedelta(days=10), room.id, room.beds[0].id),
        )
    page = open_page(page_window, qtbot)
    page.select_institution(inst.id)
    for model in (page.model, page.occupancy.model, page.expiring.model, page.overdue.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    rooms = page.open_rooms(inst.id)
    wait_idle(qtbot)
    qtmodeltester.check(rooms.rooms)
    qtmodeltester.check(rooms.beds)


def test_deactivate_is_confirmed_and_refused_while_people_stay(page_window, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    busy = make_institution(ctx.db, ctx.actor, name="Panti Sosial Tresna Werdha 1", type_code="PSTW")
    empty = make_institution(ctx.db, ctx.actor, name="Rumah Singgah Lama", type_code="RUMAH_SINGGAH")
    with ctx.db.write() as s:
        stays.admit(s, ctx.actor, make_person(ctx.db, ctx.actor), stays.AdmissionInput(busy.id, date.today()))
    page = open_page(page_window, qtbot)

    page.select_institution(busy.id)
    page.active_action.trigger()
    click_box_button(qtbot, "Nonaktifkan")
    box = find_top_level(QMessageBox)
    assert box is not None and "masih menampung 1 warga binaan" in box.text()
    box.close()

    page.select_institution(empty.id)
    page.active_action.trigger()
    click_box_button(qtbot, "Nonaktifkan")
    qtbot.waitUntil(lambda: page.selected() is not None and not page.selected().row.is_active, timeout=10_000)
    assert page.show_inactive.isChecked()
    assert page.model.index(page.model.find(lambda r: r.id == empty.id), 0).data() == "Rumah Singgah Lama (nonaktif)"
    assert page.active_action.text() == "&Aktifkan"


def test_a_social_worker_sees_the_page_read_only(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor)
    make_user(ctx.db, ctx.actor, "pekerja", ["pekerja_sosial"])
    with ctx.db.write() as s:
        worker = dataclasses.replace(ctx, actor=auth.login(s, "pekerja", "sandi12345"))
    page = InstitutionsPage(worker)
    qtbot.addWidget(page)
    wait_idle(qtbot)
    page.select_institution(inst.id)
    assert not page.add_action.isEnabled() and not page.active_action.isEnabled()
    assert page.edit_action.text() == "&Lihat…"
    page.edit_selected()
    dialog = page.dialog
    assert isinstance(dialog, InstitutionDialog)
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    assert not dialog.save_button.isEnabled()


def test_a_room_renamed_meanwhile_gives_a_conflict_and_keeps_the_typed_name(page_window, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services import institution_rooms
    from kesos_desktop.ui.pages.institutions.room_dialog import RenameBedDialog

    inst = make_institution(ctx.db, ctx.actor)
    room = make_room(ctx.db, ctx.actor, inst.id, "Wisma Melati", sex="L", beds=2)
    page = open_page(page_window, qtbot)
    assert page.select_institution(inst.id)
    page.rooms_action.trigger()
    rooms = page.dialog
    assert isinstance(rooms, RoomsDialog)
    wait_idle(qtbot)
    rooms.select_room("Wisma Melati")
    qtbot.mouseClick(rooms.edit_room_button, Qt.MouseButton.LeftButton)
    room_dialog = rooms.dialog
    assert isinstance(room_dialog, RoomDialog)
    # A colleague renames the room and a bed on another PC.
    with ctx.db.write() as s:
        institution_rooms.update_room(
            s, ctx.actor, room.id, institution_rooms.RoomInput("Wisma Mawar", "L", 2), room.version_id
        )
        institution_rooms.rename_bed(s, ctx.actor, room.beds[0].id, "A1", room.beds[0].version_id)
    room_dialog.name.setText("Wisma Melati Utama")
    save = room_dialog.buttons.button(room_dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    box = find_top_level(QMessageBox)
    assert box is not None and "Data kamar telah diubah oleh pengguna lain" in box.text()
    assert room_dialog.isVisible() and room_dialog.name.text() == "Wisma Melati Utama"  # nothing typed is lost
    click_box_button(qtbot, "Muat ulang data terbaru")
    qtbot.waitUntil(lambda: room_dialog.info.isVisible(), timeout=10_000)
    assert room_dialog.name.text() == "Wisma Melati Utama" and room_dialog.room.name == "Wisma Mawar"
    with qtbot.waitSignal(room_dialog.saved, timeout=10_000) as saved:  # now based on the newest version
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert saved.args[0].name == "Wisma Melati Utama"
    wait_idle(qtbot)

    rename = RenameBedDialog(ctx, room.beds[0])  # still showing label "A"
    qtbot.addWidget(rename)
    rename.show()
    rename.label.setText("A9")
    rename.submit()
    wait_idle(qtbot)
    box = find_top_level(QMessageBox)
    assert box is not None and "Data tempat tidur telah diubah" in box.text()
    box.close()
    wait_idle(qtbot)
    with ctx.db.read() as s:
        detail = institutions.get_institution(s, ctx.actor, inst.id)
    assert detail.rooms[0].name == "Wisma Melati Utama" and detail.rooms[0].beds[0].label == "A1"


def test_editing_an_institution_keeps_its_accreditation_grant_date(page_window, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    granted = date(2024, 3, 1)
    inst = make_institution(ctx.db, ctx.actor, accreditation_grade="B", accreditation_granted_on=granted)
    page = open_page(page_window, qtbot)
    assert page.select_institution(inst.id)
    page.edit_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, InstitutionDialog)
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    assert dialog.form.accreditation_granted_on.value() == granted
    dialog.form.phone.setText("(021) 555 0000")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].accreditation_granted_on == granted and saved.args[0].phone == "(021) 555 0000"
