"""Stay dialogs as a person uses them: admit (capacity override for pimpinan only), move bed, transfer, exit."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kesos_desktop.core.services import auth, stays
from kesos_desktop.core.services.stay_belongings import BelongingInput
from kesos_desktop.ui.dialogs.stays import AdmitDialog, ExitDialog, MoveBedDialog, TransferDialog
from kesos_desktop.ui.dialogs.stays.belongings import BelongingsModel
from tests.factories import make_institution, make_person, make_room, make_user
from tests.ui.helpers import find_top_level, screenshot, wait_idle


def context_for(ctx, username: str, roles: list[str]):  # type: ignore[no-untyped-def]
    """The same program signed in as a new user with ``roles``."""
    make_user(ctx.db, ctx.actor, username, roles)
    with ctx.db.write() as s:
        actor = auth.login(s, username, "sandi12345")
    return dataclasses.replace(ctx, actor=actor)


def admit(ctx, person, institution_id, room=None, bed=0, days_ago=3, belongings=()):  # type: ignore[no-untyped-def]
    data = stays.AdmissionInput(
        institution_id,
        date.today() - timedelta(days=days_ago),
        room.id if room else None,
        room.beds[bed].id if room else None,
        belongings=list(belongings),
    )
    with ctx.db.write() as s:
        return stays.admit(s, ctx.actor, person, data)


def show(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def full_room(ctx):  # type: ignore[no-untyped-def]
    """An institution whose one-bed men's room is taken by Budi."""
    inst = make_institution(ctx.db, ctx.actor, capacity_male=10, capacity_female=10)
    room = make_room(ctx.db, ctx.actor, inst.id, "Wisma Anggrek", sex="L", beds=1)
    admit(ctx, make_person(ctx.db, ctx.actor, "Budi"), inst.id, room)
    return inst, room


def open_admit(ctx, qtbot, person, inst, room):  # type: ignore[no-untyped-def]
    dialog = show(qtbot, AdmitDialog(ctx, person, institution_id=inst.id))
    picker = dialog.admission.picker
    qtbot.waitUntil(lambda: picker.detail is not None, timeout=10_000)
    assert "Joko" in dialog.heading.text()
    assert picker.room.currentData() is None  # no room with a free bed: none chosen for the user
    assert picker.room.itemText(picker.room.findData(str(room.id))) == "Wisma Anggrek — laki-laki, penuh"
    picker.room.setCurrentIndex(picker.room.findData(str(room.id)))
    assert picker.bed.count() == 2 and "terisi (Budi)" in picker.bed.itemText(1)
    assert dialog.capacity.isVisible()
    assert "Kamar Wisma Anggrek penuh: 1 dari 1 tempat terisi." in dialog.capacity.note.text()
    return dialog


def test_a_full_room_needs_pimpinan_whose_override_reason_is_saved(ctx, qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    inst, room = full_room(ctx)
    joko = make_person(ctx.db, ctx.actor, "Joko")

    worker = context_for(ctx, "pekerja", ["pekerja_sosial"])
    dialog = open_admit(worker, qtbot, joko, inst, room)
    assert not dialog.capacity.override_box.isVisible()  # a social worker gets no override box
    assert "persetujuan pimpinan" in dialog.capacity.note.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.isVisible()
    assert "penuh" in dialog.form.error_text("room_id")
    assert not dialog.capacity.override_box.isVisible()
    dialog.close()

    head = context_for(ctx, "kepala", ["pimpinan"])
    dialog = open_admit(head, qtbot, joko, inst, room)
    assert dialog.capacity.override_box.isVisible()
    fields = dialog.admission
    fields.referral_source.setCurrentIndex(fields.referral_source.findData("PENERTIBAN"))
    qtbot.keyClicks(fields.letter_no, "77/SPP/Satpol PP/2025")
    qtbot.mouseClick(fields.belongings.add_button, Qt.MouseButton.LeftButton)
    model = fields.belongings.model
    model.setData(model.index(0, 0), "Tas ransel berisi pakaian")
    model.setData(model.index(0, 1), 2)
    model.setData(model.index(0, 2), "Lemari gudang")
    fields.belongings.table.closePersistentEditor(model.index(0, 0))
    qtbot.keyClicks(dialog.capacity.reason, "Rujukan darurat kepolisian malam hari")
    screenshot(dialog, artifacts, "admit_dialog.png")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stay = saved.args[0]
    assert stay.room_id == room.id and stay.bed_id is None
    assert stay.capacity_override_by == "kepala"
    assert stay.capacity_override_reason == "Rujukan darurat kepolisian malam hari"
    assert stay.referral_source_code == "PENERTIBAN"
    assert [(b.description, b.quantity) for b in stay.belongings] == [("Tas ransel berisi pakaian", 2)]


def test_move_to_another_bed(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor)
    room = make_room(ctx.db, ctx.actor, inst.id, "Wisma 1", beds=3)
    stay = admit(ctx, make_person(ctx.db, ctx.actor, "Budi"), inst.id, room)
    dialog = show(qtbot, MoveBedDialog(ctx, stay))
    qtbot.waitUntil(lambda: dialog.picker.detail is not None, timeout=10_000)
    picker = dialog.picker
    assert picker.room_id() == room.id
    assert picker.bed.itemText(picker.bed.findData(str(room.beds[0].id))) == "A — sekarang"
    picker.bed.setCurrentIndex(picker.bed.findData(str(room.beds[2].id)))
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].bed_label == "C"


def test_moving_into_a_bed_of_ones_own_full_room_is_not_a_capacity_problem(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor)
    room = make_room(ctx.db, ctx.actor, inst.id, "Wisma 2", sex="L", beds=2)  # capacity 2
    admit(ctx, make_person(ctx.db, ctx.actor, "Budi"), inst.id, room, bed=0)
    with ctx.db.write() as s:  # Joko sleeps in the room without a bed yet: the room is full, 2 of 2
        joko = stays.admit(
            s, ctx.actor, make_person(ctx.db, ctx.actor, "Joko"), stays.AdmissionInput(inst.id, date.today(), room.id)
        )
    worker = context_for(ctx, "pekerja", ["pekerja_sosial"])
    dialog = show(qtbot, MoveBedDialog(worker, joko))
    qtbot.waitUntil(lambda: dialog.picker.detail is not None, timeout=10_000)
    picker = dialog.picker
    assert picker.room_id() == room.id  # his own room, found without a bed
    assert picker.room.currentText() == "Wisma 2 — laki-laki, 1 tempat tidur kosong"
    picker.bed.setCurrentIndex(picker.bed.findData(str(room.beds[1].id)))
    assert picker.full_limits() == [] and not dialog.capacity.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].bed_label == "B"


def test_transfer_to_another_institution(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    here = make_institution(ctx.db, ctx.actor, type_code="RUMAH_SINGGAH", name="Rumah Singgah Kenari")
    there = make_institution(ctx.db, ctx.actor, type_code="PSTW", name="PSTW Budi Mulia 1", region_code="31.74")
    room = make_room(ctx.db, ctx.actor, there.id, "Wisma Mawar", sex="", beds=2)
    stay = admit(ctx, make_person(ctx.db, ctx.actor, "Mbah Sarno"), here.id, belongings=[BelongingInput("KTP")])
    dialog = show(qtbot, TransferDialog(ctx, stay))
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    picker = dialog.picker
    assert picker.institution.findData(str(here.id)) < 0  # the current institution is not offered
    picker.institution.setCurrentIndex(picker.institution.findData(str(there.id)))
    qtbot.waitUntil(lambda: picker.detail is not None, timeout=10_000)
    assert picker.room_id() == room.id and picker.bed_id() == room.beds[0].id

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason yet
    wait_idle(qtbot)
    assert dialog.form.error_text("reason") == "Alasan rujukan wajib diisi."
    qtbot.keyClicks(dialog.reason, "Lansia terlantar perlu perawatan jangka panjang")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    new = saved.args[0]
    assert new.institution_id == there.id and new.previous_stay_id == stay.id
    assert new.bed_label == "A" and [b.description for b in new.belongings] == ["KTP"]
    with ctx.db.read() as s:
        old = stays.get_stay(s, ctx.actor, stay.id)
    assert old.exit_reason_code == "DIRUJUK" and old.exit_target_institution_id == there.id


def test_exit_requires_a_reason_and_asks_what_it_needs(ctx, qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor)
    other = make_institution(ctx.db, ctx.actor, type_code="PSTW", name="PSTW Budi Mulia 3", region_code="31.74")
    belongings = [BelongingInput("Tas ransel", 1, "Gudang"), BelongingInput("Telepon genggam", 1, "Brankas")]
    stay = admit(ctx, make_person(ctx.db, ctx.actor, "Budi"), inst.id, belongings=belongings)
    dialog = show(qtbot, ExitDialog(ctx, stay))
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert not dialog.destination.isVisible() and not dialog.note.isVisible() and not dialog.target.isVisible()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("reason_code") == "Alasan keluar wajib dipilih."
    assert dialog.isVisible()

    dialog.reason.setCurrentIndex(dialog.reason.findData("DIRUJUK"))
    assert dialog.target.isVisible() and not dialog.destination.isVisible()
    assert dialog.target.findData(str(other.id)) > 0 and dialog.target.findData(str(inst.id)) < 0
    dialog.reason.setCurrentIndex(dialog.reason.findData("LAINNYA"))
    assert dialog.note.isVisible() and not dialog.target.isVisible()
    dialog.reason.setCurrentIndex(dialog.reason.findData("REUNIFIKASI"))
    assert dialog.destination.isVisible() and dialog.destination_region.isVisible()
    assert not dialog.note.isVisible() and not dialog.target.isVisible()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert "memerlukan tujuan" in dialog.form.error_text("destination")
    qtbot.keyClicks(dialog.destination_region, "gambir")
    dialog.destination_region.search_now()
    dialog.destination_region.pick("31.71.01")
    qtbot.keyClicks(dialog.destination, "Jl. Kebon Sirih Gg. 3, rumah Ibu Sri (kakak)")
    assert dialog.return_belongings.isChecked() and dialog.belongings_model.rowCount() == 2
    qtbot.waitUntil(lambda: dialog.destination.y() == 0)  # the hidden error line has left the layout
    screenshot(dialog, artifacts, "exit_dialog.png")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    closed = saved.args[0]
    assert closed.exit_reason_code == "REUNIFIKASI" and closed.exited_on == date.today()
    assert "Gambir" in closed.exit_destination and "Ibu Sri" in closed.exit_destination
    assert all(b.returned_on == date.today() for b in closed.belongings)


def test_exit_on_a_stale_stay_reloads_and_keeps_the_form(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    inst = make_institution(ctx.db, ctx.actor)
    room = make_room(ctx.db, ctx.actor, inst.id, beds=2)
    stay = admit(ctx, make_person(ctx.db, ctx.actor, "Budi"), inst.id, room)
    dialog = show(qtbot, ExitDialog(ctx, stay))
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    with ctx.db.write() as s:  # another PC moves him meanwhile
        stays.move_bed(s, ctx.actor, stay.id, room.id, room.beds[1].id, stay.version_id)
    dialog.reason.setCurrentIndex(dialog.reason.findData("LAINNYA"))
    qtbot.keyClicks(dialog.note, "Dijemput paman dari Bogor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    box = find_top_level(QMessageBox)
    assert box is not None and "diubah oleh pengguna lain" in box.text()
    reload_button = next(b for b in box.buttons() if "Muat ulang" in b.text())
    qtbot.mouseClick(reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.info.isVisible, timeout=10_000)
    assert "tempat tidur B" in dialog.heading.text()
    assert dialog.note.toPlainText() == "Dijemput paman dari Bogor"
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].exit_note == "Dijemput paman dari Bogor"


def test_dialog_models_pass_qtmodeltester(ctx, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = BelongingsModel()
    model.add_row("Tas", 1, "Gudang")
    model.add_row("KTP", 1)
    qtmodeltester.check(model)
    inst = make_institution(ctx.db, ctx.actor)
    stay = admit(ctx, make_person(ctx.db, ctx.actor, "Budi"), inst.id, belongings=[BelongingInput("Tas")])
    dialog = show(qtbot, ExitDialog(ctx, stay))
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert dialog.belongings_model.rowCount() == 1
    qtmodeltester.check(dialog.belongings_model)
