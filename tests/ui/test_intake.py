"""Penerimaan as a person works it: keyboard typing, errors at the fields, duplicates, drafts and readmission."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from sqlalchemy import select

from kesos_desktop.core.models import AuditEvent
from kesos_desktop.core.services import drafts, stays
from kesos_desktop.core.services.residents import ConsentInput
from kesos_desktop.core.services.stays import AdmissionInput, ExitInput
from kesos_desktop.ui.pages.intake.duplicates_panel import CandidateCard, stay_text
from kesos_desktop.ui.pages.intake.sections import set_combo_code
from kesos_desktop.ui.pages.intake.window import IntakeWindow, open_intake
from kesos_desktop.ui.pages.profile.window import ProfileWindow
from kesos_desktop.ui.widgets.birth_date_edit import BirthDateEdit, DateLineEdit
from kesos_desktop.ui.widgets.photo_box import PhotoBox
from tests.factories import identity_input, make_institution, make_room, register_person
from tests.ui.helpers import find_top_level, screenshot, wait_idle

TODAY = date.today()
PUBLIC_TASK = ConsentInput(basis="tugas_publik", notes="UU 11/2009 Pasal 7")


# ------------------------------------------------------------------------------------------------- helpers


@pytest.fixture
def place(db, admin):  # type: ignore[no-untyped-def]
    """A shelter with a boys' room of two beds."""
    inst = make_institution(db, admin, type_code="PSAA", name="Panti Sosial Asuhan Anak Putra Utama 2")
    room = make_room(db, admin, inst.id, name="Asrama Garuda", sex="L", beds=2)
    return inst, room


@pytest.fixture
def windows(qtbot):  # type: ignore[no-untyped-def]
    """Intake and profile windows a test opened; closed without questions at the end."""
    opened: list = []
    yield opened
    wait_idle(qtbot)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, IntakeWindow | ProfileWindow) and shiboken6.isValid(widget):
            widget._closing_ok = True
            widget.close()
    QApplication.processEvents()


def open_window(qtbot, ctx, windows) -> IntakeWindow:  # type: ignore[no-untyped-def]
    win = open_intake(ctx, None)
    windows.append(win)
    win.resize(1280, 860)
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.nav.count() > 0 and win.form.categories.list.count() > 0, timeout=10_000)
    wait_idle(qtbot)
    return win


def pick(combo: QComboBox, code: str) -> None:
    """Choose an entry of a combo as from its list (activated, like a click)."""
    set_combo_code(combo, code)
    combo.activated.emit(combo.currentIndex())


def message_box(qtbot, text: str) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: find_top_level(QMessageBox, lambda b: text in b.text()) is not None, timeout=10_000)
    return find_top_level(QMessageBox, lambda b: text in b.text())


def press(box: QMessageBox, label: str) -> None:
    button = next(b for b in box.buttons() if b.text().replace("&", "") == label)
    button.click()


def profile_window(qtbot) -> ProfileWindow:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: find_top_level(ProfileWindow) is not None, timeout=10_000)
    win = find_top_level(ProfileWindow)
    qtbot.waitUntil(lambda: win.data is not None, timeout=10_000)
    wait_idle(qtbot)
    return win


def closed(win: IntakeWindow) -> bool:
    return not shiboken6.isValid(win) or (win._closing_ok and not win.isVisible())


def photo_file(tmp_path: Path) -> Path:
    image = QImage(300, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#88aacc"))
    path = tmp_path / "foto_ucok.png"
    assert image.save(str(path))
    return path


# ------------------------------------------------------------------------------------------------- widgets


def test_date_fields_are_typed_as_digits(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = DateLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClicks(edit, "17081945")
    assert edit.date_value() == date(1945, 8, 17)
    edit.clear()
    qtbot.keyClicks(edit, "31022010")
    assert edit.date_value() is None and "tidak ada di kalender" in edit.problem()
    edit.clear()
    qtbot.keyClicks(edit, "1708")
    assert edit.problem() == "Tanggal belum lengkap."

    birth = BirthDateEdit()
    qtbot.addWidget(birth)
    birth.set_precision("month")
    qtbot.keyClicks(birth.date_edit, "082011")
    assert birth.birth_date() == date(2011, 8, 1) and birth.precision() == "month"
    birth.set_precision("estimated")
    birth.age_spin.setValue(40)
    assert birth.birth_date() is None and birth.estimated_age() == 40
    assert birth.declared_date() == date(TODAY.year - 40, 1, 1)
    assert birth.hint_text() == "umur ± 40 tahun"


def test_photo_box_takes_an_image_file_and_refuses_others(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    box = PhotoBox()
    qtbot.addWidget(box)
    changes = []
    box.changed.connect(lambda: changes.append(1))
    not_image = tmp_path / "catatan.png"
    not_image.write_text("bukan gambar")
    assert not box.load_file(not_image)
    assert "bukan gambar" in box.error.text() and box.image_bytes() is None
    assert box.load_file(photo_file(tmp_path))
    assert box.image_bytes() and box.path().endswith("foto_ucok.png") and changes == [1]
    assert box.remove_button.isEnabled() and not box.remove_button.isHidden()
    box.remove()
    assert box.remove_button.isHidden()
    assert box.image_bytes() is None and changes == [1, 1]


# ------------------------------------------------------------------------------------------------- flows


def test_child_with_estimated_age_and_no_nik_is_saved_and_shown_in_the_profile(  # type: ignore[no-untyped-def]
    qtbot, ctx, db, place, windows, artifacts, tmp_path
) -> None:
    inst, room = place
    win = open_window(qtbot, ctx, windows)
    form = win.form
    ident = form.identity
    assert not win.offer.isVisible()  # nothing to continue
    # Name unknown: only the nickname the child gives.
    qtbot.keyClicks(ident.alias, "Ucok")
    qtbot.keyClicks(ident.sex, "L")
    assert ident.sex.currentData() == "L"
    qtbot.keyClicks(ident.birth.precision_box, "Perk")
    assert ident.birth.precision() == "estimated"
    ident.birth.age_spin.setFocus()
    ident.birth.age_spin.selectAll()
    qtbot.keyClicks(ident.birth.age_spin, "12")
    assert ident.birth.estimated_age() == 12
    # Street child: category by typing in the filter, Enter to the list, Space to tick.
    qtbot.keyClicks(form.categories.filter, "anak jalanan")
    qtbot.keyClick(form.categories.filter, Qt.Key.Key_Return)
    qtbot.keyClick(form.categories.list, Qt.Key.Key_Space)
    assert form.categories.codes() == ["AJ"]
    assert form.consent.is_child()  # 12 years old: the guardian's consent or a legal basis

    # Saving now: no NIK and no reason, no consent -> messages at the fields, nothing typed is lost.
    qtbot.keyClick(win, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(form.errors.shown_errors()), timeout=10_000)
    shown = form.errors.shown_errors()
    assert "nik_absent_reason" in shown and "KIA" in shown["nik_absent_reason"]
    assert "consent_basis" in shown and "wali" in shown["consent_basis"]
    assert ident.alias.text() == "Ucok" and form.categories.codes() == ["AJ"]
    assert win.save_button.isEnabled()

    ident.nik.absent.setChecked(True)
    qtbot.keyClicks(ident.nik.reason, "Belum memiliki KIA/akta kelahiran")
    assert form.errors.error_text("nik_absent_reason") == ""
    pick(form.consent.basis, "persetujuan_wali")
    qtbot.keyClicks(form.consent.given_by, "Sumiati")
    pick(form.consent.relation, "IBU")
    # Placement: institution, then room and bed once the rooms arrived.
    with qtbot.waitSignal(form.placement.rooms_loaded, timeout=10_000):
        pick(form.placement.institution, str(inst.id))
    pick(form.placement.room, str(room.id))
    pick(form.placement.bed, str(room.beds[0].id))
    pick(form.placement.source, "PENJANGKAUAN")
    form.belongings.add_item({"description": "Tas ransel berisi pakaian", "quantity": 1, "stored": "Loker 3"})
    assert form.photo.box.load_file(photo_file(tmp_path))
    form.show_section(4)
    screenshot(win, artifacts, "intake_placement.png")
    form.show_section(6)
    screenshot(win, artifacts, "intake_consent.png")
    form.show_section(0)
    screenshot(win, artifacts, "intake.png")

    with qtbot.waitSignal(win.saved, timeout=15_000) as saved:
        qtbot.keyClick(win, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    result = saved.args[0]
    assert result.registration_no.startswith(f"WB-{TODAY.year}-")
    profile = profile_window(qtbot)
    p = profile.data.profile
    assert p.display_name == "Ucok" and p.age_display == "± 12 tahun"
    assert p.nik_absent_reason == "Belum memiliki KIA/akta kelahiran"
    assert [c.code for c in p.active_categories] == ["AJ"]
    assert p.consents[0].basis == "persetujuan_wali" and p.consents[0].given_by == "Sumiati"
    assert p.current_stay is not None and p.current_stay.room == "Asrama Garuda"
    assert "Anak" in profile.header.badge_texts()
    assert profile.data.photo is not None
    assert profile.data.stays[0].belongings[0].description == "Tas ransel berisi pakaian"
    assert result.registration_no in profile.notice.text()
    with db.read() as s:
        assert drafts.list_drafts(s, "admin", "intake") == []  # the draft went with the save


def test_nik_decodes_in_the_form_and_an_existing_one_is_refused_at_the_field(  # type: ignore[no-untyped-def]
    qtbot, ctx, db, admin, windows
) -> None:
    register_person(db, admin)  # Budi Santoso, NIK 3171011708450001
    win = open_window(qtbot, ctx, windows)
    ident = win.form.identity
    qtbot.keyClicks(ident.nik.line, "3171011713450001")
    assert "01–12" in ident.nik.status_text()  # the bad month is named while typing
    ident.nik.line.clear()
    qtbot.keyClicks(ident.full_name, "Bambang")
    qtbot.keyClicks(ident.nik.line, "3171011708450001")
    assert "Gambir" in ident.nik.status_text()
    # The form offers the NIK's birth date and sex; taking them clears the "fill" link.
    ident.nik.status.linkActivated.emit("fill")
    assert ident.birth.birth_date() == date(1945, 8, 17) and ident.sex.currentData() == "L"
    # Same NIK as a record on file: the panel proposes it with certainty.
    with qtbot.waitSignal(win.candidates_shown, timeout=10_000, check_params_cb=lambda n: n > 0):
        win.search_duplicates()
    card = win.duplicates.cards[0]
    assert card.candidate.certain and "NIK sama" in card.reasons.text()
    # Saving anyway: asked first, then the service refuses the NIK at the field.
    pick(win.form.consent.basis, "persetujuan_sendiri")
    win.save()
    press(message_box(qtbot, "Ada data yang mirip"), "Simpan sebagai orang baru")
    qtbot.waitUntil(lambda: bool(win.form.errors.error_text("nik")), timeout=10_000)
    assert "sudah tercatat pada warga binaan" in win.form.errors.error_text("nik")
    assert ident.full_name.text() == "Bambang"


def test_a_child_missing_from_a_placement_is_flagged_on_the_card(qtbot, artifacts) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from kesos_desktop.core.services.duplicates import Candidate

    runaway = "kabur dari penempatan di Pondok Pesantren Darul Falah sejak 3 Maret 2026"
    candidate = Candidate(
        uuid.uuid4(), "WB-2026-000007", "Dimas", "", "L", date(2013, 1, 1), "year", "", "", False, 1, None,
        82, 90, False, (runaway, "nama mirip (90%)"), runaway,
    )  # fmt: skip
    card = CandidateCard(candidate)
    qtbot.addWidget(card)
    card.resize(340, 260)
    card.show()
    qtbot.waitExposed(card)
    assert card.runaway.isVisible() and card.runaway.text().startswith("Kabur dari penempatan")
    screenshot(card, artifacts, "intake_duplicate_runaway.png")
    plain = CandidateCard(replace(candidate, runaway="", reasons=("nama mirip (90%)",)))
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.runaway.isVisible()


def test_duplicate_found_while_typing_is_readmitted(  # type: ignore[no-untyped-def]
    qtbot, ctx, db, admin, place, windows, artifacts
) -> None:
    inst, _room = place
    earlier = register_person(
        db,
        admin,
        identity=identity_input(
            full_name="Muhammad Rizki",
            alias="Kiki",
            nik=None,
            nik_absent_reason="KTP hilang",
            birth_date=date(2012, 5, 5),
        ),
        categories=["AJ"],
        consent=PUBLIC_TASK,
    )
    with db.write() as s:
        stay = stays.admit(s, admin, earlier.person_id, AdmissionInput(inst.id, TODAY - timedelta(days=30)))
    with db.write() as s:
        stays.exit_stay(s, admin, stay.id, ExitInput(TODAY - timedelta(days=10), "SELESAI"), stay.version_id)
    other = register_person(
        db,
        admin,
        identity=identity_input(
            full_name="Moh. Rizky", alias="", nik=None, nik_absent_reason="-", birth_date=date(2011, 3, 3)
        ),
        categories=["AJ"],
        consent=PUBLIC_TASK,
    )

    win = open_window(qtbot, ctx, windows)
    ident = win.form.identity
    with qtbot.waitSignal(win.candidates_shown, timeout=10_000, check_params_cb=lambda n: n >= 2):
        qtbot.keyClicks(ident.full_name, "Muhamad Rizki")
        qtbot.keyClicks(ident.sex, "L")
        ident.birth.set_value(None, "year")
        qtbot.keyClicks(ident.birth.date_edit, "2012")
    ids = [c.person_id for c in win.duplicates.candidates()]
    assert earlier.person_id in ids and other.person_id in ids
    best = win.duplicates.card_for(earlier.person_id)
    assert best is not None and "nama mirip" in best.reasons.text()
    assert "keluar" in stay_text(best.candidate)  # the earlier stay and its exit are shown
    screenshot(win, artifacts, "intake_duplicates.png")

    # "Different person" is remembered: the card goes and does not come back.
    win.duplicates.card_for(other.person_id).different_button.click()
    qtbot.waitUntil(lambda: win.duplicates.card_for(other.person_id) is None, timeout=10_000)
    with qtbot.waitSignal(win.candidates_shown, timeout=10_000):
        win.search_duplicates()
    assert other.person_id not in [c.person_id for c in win.duplicates.candidates()]

    # "Same person" needs the institution first, then asks, then admits on the existing record.
    win.duplicates.card_for(earlier.person_id).same_button.click()
    assert "Pilih lembaga" in win.form.errors.error_text("institution_id")
    pick(win.form.placement.institution, str(inst.id))
    # A category ticked on this form (besides AJ, which the record has) is added with the readmission.
    win.form.categories.set_codes(["AJ", "AT"])
    win.duplicates.card_for(earlier.person_id).same_button.click()
    with qtbot.waitSignal(win.readmitted, timeout=15_000) as readmitted:
        press(message_box(qtbot, "diterima kembali"), "Terima kembali")
    result = readmitted.args[0]
    assert result.person_id == earlier.person_id and result.stay.is_readmission
    profile = profile_window(qtbot)
    assert profile.person_id == earlier.person_id
    assert "Penerimaan ulang" in profile.header.badge_texts()
    assert profile.data.events[0].kind == "readmitted"  # newest first
    assert len(profile.data.stays) == 2
    assert {c.code for c in profile.data.profile.active_categories} == {"AJ", "AT"}
    with db.read() as s:
        assert drafts.list_drafts(s, "admin", "intake") == []
        same = s.scalars(select(AuditEvent).where(AuditEvent.action == "person_pair.same")).one()
        assert same.entity_id == earlier.person_id.hex


def test_draft_survives_a_crash_and_is_offered_back(qtbot, ctx, db, windows) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, ctx, windows)
    ident = win.form.identity
    with qtbot.waitSignal(win.draft_saved, timeout=10_000):
        qtbot.keyClicks(ident.full_name, "Siti Aminah")
        qtbot.keyClicks(ident.sex, "P")
        qtbot.keyClicks(ident.birth.date_edit, "05051980")
        contact = win.form.family.add_contact(focus=True)
        qtbot.keyClicks(contact.name, "Rahmat")
        pick(contact.relation, "SUAMI")
    assert "Draf tersimpan" in win.draft_status.text()
    # A crash: the window is gone without any chance to save or ask.
    shiboken6.delete(win)
    QApplication.processEvents()

    again = open_window(qtbot, ctx, windows)
    assert again.offer.isVisible()
    assert "Lanjutkan isian yang belum disimpan?" in again.offer_text.text()
    assert "Siti Aminah" in again.offer_text.text()
    again.resume_button.click()
    ident = again.form.identity
    assert ident.full_name.text() == "Siti Aminah" and ident.sex.currentData() == "P"
    assert ident.birth.birth_date() == date(1980, 5, 5)
    assert [c.name.text() for c in again.form.family.contacts] == ["Rahmat"]
    assert again.form.family.contacts[0].relation.currentData() == "SUAMI"
    # Esc asks; keeping the draft closes the window and the draft is still there.
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    box = message_box(qtbot, "belum disimpan")
    press(box, "Tutup, simpan draf")
    qtbot.waitUntil(lambda: closed(again), timeout=10_000)
    with db.read() as s:
        age = TODAY.year - 1980 - ((TODAY.month, TODAY.day) < (5, 5))
        assert [d.summary for d in drafts.list_drafts(s, "admin", "intake")] == [f"Siti Aminah, {age} tahun"]

    third = open_window(qtbot, ctx, windows)
    third.drop_button.click()
    qtbot.waitUntil(lambda: not third.offer.isVisible(), timeout=5_000)
    wait_idle(qtbot)
    with db.read() as s:
        assert drafts.list_drafts(s, "admin", "intake") == []
    # An untouched form closes at Esc without a question.
    qtbot.keyClick(third, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(third), timeout=10_000)
    assert find_top_level(QMessageBox) is None


def next_focus(widget):  # type: ignore[no-untyped-def]
    """The widget Tab moves to from ``widget`` (what a keyboard user reaches next)."""
    found = widget.nextInFocusChain()
    while not (found.focusPolicy() & Qt.FocusPolicy.TabFocus and found.isVisibleTo(found.window())):
        found = found.nextInFocusChain()
    return found


def test_tab_order_runs_down_the_form_and_through_added_rows(qtbot, ctx, windows) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, ctx, windows)
    form = win.form
    ident = form.identity
    assert next_focus(ident.full_name) is ident.alias
    assert next_focus(ident.alias) is ident.sex
    assert next_focus(ident.nik.line) is ident.nik.absent
    assert next_focus(form.origin.phone) is form.family.add_button
    row = form.family.add_contact(focus=True)
    second = form.family.add_contact()
    qtbot.waitUntil(second.isVisible)  # Qt shows a row added to a visible form on the next event loop turn
    assert next_focus(form.origin.phone) is row.name
    assert next_focus(row.name) is row.relation
    assert next_focus(row.remove_button) is second.name
    assert next_focus(second.remove_button) is form.family.add_button
    item = form.belongings.add_item()
    qtbot.waitUntil(item.isVisible)
    assert next_focus(item.description) is item.quantity
    assert next_focus(item.remove_button) is form.belongings.add_button
    # Category age rules are warnings while typing, never a block.
    form.categories.set_codes(["AJ"])
    form.identity.birth.set_value(None, "estimated", 70)
    assert "di atas batas usia kategori Anak Jalanan" in form.categories.warning_text()
    assert not form.consent.is_child()
