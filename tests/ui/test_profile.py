"""The profile as a person uses it: header and badges, identity edit with a version conflict, family and consents,
timeline and stays through the stay dialogs, documents, biodata print, merge and undo; every model is checked."""

from __future__ import annotations

import io
import stat
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from kesos_desktop.core.models import AuditEvent, Person
from kesos_desktop.core.services import auth, residents, stays
from kesos_desktop.core.services.residents import ConsentInput
from kesos_desktop.core.services.stays import AdmissionInput, ExitInput
from kesos_desktop.ui.dialogs.stays import AdmitDialog, ExitDialog
from kesos_desktop.ui.pages.intake.sections import set_combo_code
from kesos_desktop.ui.pages.profile import documents_tab
from kesos_desktop.ui.pages.profile.attach_dialog import AttachDialog
from kesos_desktop.ui.pages.profile.biodata_dialog import BiodataDialog
from kesos_desktop.ui.pages.profile.family_dialogs import ConsentDialog, ContactDialog
from kesos_desktop.ui.pages.profile.merge_dialog import MergeDialog, choices_model
from kesos_desktop.ui.pages.profile.window import ProfileWindow, open_profile
from tests.factories import identity_input, make_institution, make_room, make_user, register_person
from tests.ui.helpers import find_top_level, screenshot, wait_idle

TODAY = date.today()
PUBLIC_TASK = ConsentInput(basis="tugas_publik", notes="UU 11/2009 Pasal 7")
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def home(db, admin):  # type: ignore[no-untyped-def]
    inst = make_institution(db, admin, type_code="PSBI", name="Panti Sosial Bina Insan Bangun Daya 1")
    room = make_room(db, admin, inst.id, name="Wisma Melati", sex="L", beds=2)
    return inst, room


@pytest.fixture
def budi(db, admin, home):  # type: ignore[no-untyped-def]
    """An old man admitted twice (a readmission): in care now in Wisma Melati, bed A."""
    inst, room = home
    result = register_person(db, admin)
    with db.write() as s:
        first = stays.admit(s, admin, result.person_id, AdmissionInput(inst.id, TODAY - timedelta(days=60)))
    with db.write() as s:
        stays.exit_stay(s, admin, first.id, ExitInput(TODAY - timedelta(days=40), "SELESAI"), first.version_id)
    with db.write() as s:
        stays.admit(
            s,
            admin,
            result.person_id,
            AdmissionInput(inst.id, TODAY - timedelta(days=5), room_id=room.id, bed_id=room.beds[0].id),
        )
    return result.person_id


@pytest.fixture
def windows(qtbot):  # type: ignore[no-untyped-def]
    yield
    wait_idle(qtbot)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ProfileWindow) and shiboken6.isValid(widget):
            widget.close()
    QApplication.processEvents()


def open_window(qtbot, ctx, person_id) -> ProfileWindow:  # type: ignore[no-untyped-def]
    win = open_profile(ctx, person_id, None)
    win.resize(1180, 820)
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.data is not None, timeout=10_000)
    wait_idle(qtbot)
    return win


def reloaded(qtbot, win: ProfileWindow, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.loaded, timeout=15_000):
        action()
    wait_idle(qtbot)


def message_box(qtbot, text: str) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: find_top_level(QMessageBox, lambda b: text in b.text()) is not None, timeout=10_000)
    return find_top_level(QMessageBox, lambda b: text in b.text())


def press(box: QMessageBox, label: str) -> None:
    next(b for b in box.buttons() if b.text().replace("&", "") == label).click()


# ------------------------------------------------------------------------------------------------- tests


def test_header_badges_and_models(qtbot, windows, qtmodeltester, ctx, budi, artifacts) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, ctx, budi)
    p = win.data.profile
    assert win.header.name.text() == "Budi Santoso (Budi)"
    assert p.registration_no in win.header.meta.text() and "tahun" in win.header.meta.text()
    assert win.header.badge_texts() == ["Lansia", "Penerimaan ulang"]
    assert "Wisma Melati / A" in win.header.stay.text() and "5 hari" in win.header.stay.text()
    assert "Lanjut Usia Terlantar (LUT)" in win.header.categories.text()
    assert win.identity.view.values["nik"].text() == "3171 0117 0845 0001"
    assert win.windowTitle().startswith("Budi Santoso (Budi) · WB-")
    for model in (
        win.family.contacts,
        win.family.consents,
        win.history.timeline,
        win.history.stays,
        win.documents.model,
    ):
        assert model.rowCount() > 0 or model is win.documents.model
        qtmodeltester.check(model, force_py=True)
    screenshot(win, artifacts, "profile.png")


def test_identity_edit_with_a_version_conflict_keeps_the_edits(  # type: ignore[no-untyped-def]
    qtbot, ctx, db, admin, budi, windows
) -> None:
    win = open_window(qtbot, ctx, budi)
    tab = win.identity
    tab.edit_button.click()
    assert tab.editing() and tab.identity.full_name.text() == "Budi Santoso"
    assert tab.identity.nik.digits() == "3171011708450001"
    tab.identity.full_name.selectAll()
    qtbot.keyClicks(tab.identity.full_name, "Budi Santosa")
    # Meanwhile a colleague changes the phone number on another PC.
    with db.write() as s:
        version = residents.get_profile(s, admin, budi).version_id
        residents.update_identity(s, admin, budi, identity_input(phone="0811 000 111"), version)
    tab.save()
    box = message_box(qtbot, "Isian Anda tetap di layar")
    reloaded(qtbot, win, lambda: press(box, "Muat ulang data terbaru"))
    assert tab.editing() and tab.identity.full_name.text() == "Budi Santosa"  # nothing typed is lost
    assert "Telepon" in tab.info.text() and "Isian Anda tetap" in tab.info.text()
    reloaded(qtbot, win, tab.save)
    assert not tab.editing()
    assert win.data.profile.full_name == "Budi Santosa"
    assert "Nama lengkap" in tab.info.text()
    assert win.history.timeline.rows()[0].kind == "identity_changed"


def test_identity_errors_show_at_the_fields(qtbot, ctx, budi, windows) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, ctx, budi)
    tab = win.identity
    tab.edit_button.click()
    tab.identity.nik.line.clear()
    qtbot.keyClicks(tab.identity.nik.line, "3171011713450001")
    tab.save()
    qtbot.waitUntil(lambda: bool(tab.errors.error_text("nik")), timeout=10_000)
    assert "01–12" in tab.errors.error_text("nik")
    assert tab.editing()


def test_family_contacts_and_consents(qtbot, ctx, budi, windows) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, ctx, budi)
    tab = win.family
    win.tabs.setCurrentWidget(tab)
    tab.add_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ContactDialog)
    dialog.submit()  # empty: the service names the fields
    qtbot.waitUntil(lambda: bool(dialog.form.error_text("name")), timeout=10_000)
    assert dialog.form.error_text("relation")
    qtbot.keyClicks(dialog.name, "Slamet")
    set_combo_code(dialog.relation, "ADIK")
    qtbot.keyClicks(dialog.phone, "0857 1234 5678")
    reloaded(qtbot, win, dialog.submit)
    assert [c.name for c in tab.contacts.rows()] == ["Sri Wahyuni", "Slamet"]
    tab.contacts_view.selectRow(1)
    tab.remove_button.click()
    reloaded(qtbot, win, lambda: press(message_box(qtbot, "Hapus Slamet"), "Hapus"))
    assert [c.name for c in tab.contacts.rows()] == ["Sri Wahyuni"]

    tab.consent_button.click()
    consent = tab.dialog
    assert isinstance(consent, ConsentDialog)
    set_combo_code(consent.section.basis, "kewajiban_hukum")
    consent.submit()
    qtbot.waitUntil(lambda: bool(consent.form.error_text("consent_notes")), timeout=10_000)
    qtbot.keyClicks(consent.section.notes, "UU 11/2009 Pasal 7")
    reloaded(qtbot, win, consent.submit)
    assert [c.basis for c in tab.consents.rows()] == ["persetujuan_sendiri", "kewajiban_hukum"]


def test_timeline_and_stays_with_the_stay_dialogs(  # type: ignore[no-untyped-def]
    qtbot, windows, qtmodeltester, ctx, budi, artifacts
) -> None:
    win = open_window(qtbot, ctx, budi)
    tab = win.history
    win.tabs.setCurrentWidget(tab)
    # Newest first (registered today; the stays were entered with earlier dates).
    assert [e.kind for e in tab.timeline.rows()] == ["registered", "readmitted", "exited", "admitted"]
    first = tab.timeline.index(0, 0)
    assert not tab.timeline.data(first, 1).isNull()  # an icon per kind (DecorationRole)
    assert tab.stays.rowCount() == 2 and tab.selected_stay().is_open
    assert not tab.admit_button.isEnabled() and tab.exit_button.isEnabled()
    screenshot(win, artifacts, "profile_timeline.png")

    tab.exit_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ExitDialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    set_combo_code(dialog.reason, "SELESAI")
    reloaded(qtbot, win, dialog.submit)
    assert not win.data.profile.in_care
    assert tab.timeline.rows()[0].kind == "exited"
    assert tab.admit_button.isEnabled() and not tab.exit_button.isEnabled()

    tab.admit_button.click()
    admit = tab.dialog
    assert isinstance(admit, AdmitDialog)
    qtbot.waitUntil(lambda: admit.save_button.isEnabled(), timeout=10_000)
    reloaded(qtbot, win, admit.submit)
    assert win.data.profile.in_care and len(win.data.stays) == 3
    qtmodeltester.check(tab.stays, force_py=True)


def test_documents_attach_open_remove(  # type: ignore[no-untyped-def]
    qtbot, ctx, budi, windows, artifacts, tmp_path, monkeypatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(documents_tab, "open_url", lambda url: opened.append(url) or True)
    win = open_window(qtbot, ctx, budi)
    tab = win.documents
    win.tabs.setCurrentWidget(tab)
    assert tab.empty.isVisible() and not tab.open_button.isEnabled()
    scan = tmp_path / "ktp_budi.pdf"
    scan.write_bytes(MINIMAL_PDF)
    dialog = tab.attach_file(scan)
    assert isinstance(dialog, AttachDialog) and dialog.kind.currentData() == "KTP"  # guessed from the name
    reloaded(qtbot, win, dialog.submit)
    doc = tab.model.rows()[0]
    assert (doc.kind, doc.title, doc.filename, doc.mime) == ("KTP", "KTP-el", "ktp_budi.pdf", "application/pdf")
    assert len(doc.sha256) == 64 and tab.model.data(tab.model.index(0, 7), 3) == doc.sha256
    assert win.tabs.tabText(3) == "&Dokumen (1)"
    # A file that is not a scan is refused at the file field.
    other = tmp_path / "catatan.txt"
    other.write_text("bukan pindaian")
    refused = tab.attach_file(other)
    refused.submit()
    qtbot.waitUntil(lambda: bool(refused.form.error_text("content")), timeout=10_000)
    refused.reject()
    screenshot(win, artifacts, "profile_documents.png")

    with qtbot.waitSignal(tab.opened, timeout=10_000) as shown:
        tab.open_selected()
    path: Path = shown.args[0]
    assert opened and opened[0].toLocalFile() == str(path)
    assert path.read_bytes() == MINIMAL_PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # readable by this user only

    tab.remove_button.click()
    reloaded(qtbot, win, lambda: press(message_box(qtbot, "Hapus dokumen"), "Hapus"))
    assert tab.model.rowCount() == 0


def test_photo_and_biodata_print(qtbot, ctx, budi, windows, tmp_path) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, ctx, budi)
    image = QImage(240, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("#a0b4c8"))
    photo = tmp_path / "budi.png"
    image.save(str(photo))
    reloaded(qtbot, win, lambda: win.header.photo.load_file(photo))
    assert win.data.photo is not None and win.data.profile.has_photo

    win.print_button.click()
    qtbot.waitUntil(lambda: isinstance(win.dialog, BiodataDialog), timeout=20_000)
    dialog = win.dialog
    assert dialog.sheet.pdf.startswith(b"%PDF") and len(dialog.page_labels) >= 1
    assert dialog.print_button.isEnabled()
    target = tmp_path / "biodata.pdf"
    with qtbot.waitSignal(dialog.saved_to, timeout=5_000):
        dialog.save_to(target)
    assert target.read_bytes() == dialog.sheet.pdf
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        dialog.print_to(printer)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    dialog.reject()


def test_merge_and_undo(qtbot, windows, qtmodeltester, ctx, db, admin, home) -> None:  # type: ignore[no-untyped-def]
    inst, _room = home
    keep = register_person(
        db,
        admin,
        identity=identity_input(
            full_name="Siti Aminah",
            alias="",
            sex="P",
            nik=None,
            nik_absent_reason="KTP hilang",
            birth_date=date(1980, 5, 5),
            phone="",
        ),
        categories=["PGM"],
        consent=PUBLIC_TASK,
    ).person_id
    twin = register_person(
        db,
        admin,
        identity=identity_input(
            full_name="Hj. Siti Aminah",
            alias="Bu Siti",
            sex="P",
            nik=None,
            nik_absent_reason="Tidak membawa identitas",
            birth_date=date(1980, 5, 5),
            phone="0812 9999 0000",
        ),
        categories=["PGM"],
        consent=PUBLIC_TASK,
    ).person_id
    with db.write() as s:
        stays.admit(s, admin, twin, AdmissionInput(inst.id, TODAY - timedelta(days=3)))
    win = open_window(qtbot, ctx, keep)
    assert win.merge_button.isVisible() and not win.undo_merge_button.isVisible()
    win.merge_button.click()
    dialog = win.dialog
    assert isinstance(dialog, MergeDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    assert dialog.model.rows()[0].person_id == twin
    # The dialog's list model passes the model tester (on a copy: the dialog goes away when merged).
    copy = choices_model()
    copy.set_rows(dialog.model.rows())
    qtmodeltester.check(copy, force_py=True)
    dialog.next_step()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    choices = dialog.field_choices()
    assert choices["phone"] == "duplicate"  # empty here, filled there: taken by default
    assert choices["full_name"] == "survivor"
    dialog.choose("alias", "duplicate")
    dialog.confirm()
    reloaded(qtbot, win, lambda: press(message_box(qtbot, "Gabungkan"), "Gabungkan"))
    p = win.data.profile
    assert p.alias == "Bu Siti" and p.phone == "0812 9999 0000" and p.in_care
    assert win.history.timeline.rows()[0].kind == "merged"
    assert win.undo_merge_button.isVisible()

    win.undo_merge_button.click()
    reloaded(qtbot, win, lambda: press(message_box(qtbot, "Batalkan penggabungan pada"), "Batalkan penggabungan"))
    p = win.data.profile
    assert p.alias == "" and not p.in_care
    assert win.history.timeline.rows()[0].kind == "merge_undone"
    assert not win.undo_merge_button.isVisible()
    with db.write() as s:
        assert residents.get_profile(s, admin, twin).merged_into_id is None


def test_merged_record_points_to_the_survivor(qtbot, ctx, db, admin, windows) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services import merges

    a = register_person(db, admin, identity=identity_input(nik=None, nik_absent_reason="-"), consent=PUBLIC_TASK)
    b = register_person(
        db, admin, identity=replace(identity_input(nik=None, nik_absent_reason="-"), alias="Ucok"), consent=PUBLIC_TASK
    )
    with db.write() as s:
        merges.merge_people(s, admin, a.person_id, b.person_id)
    win = open_window(qtbot, ctx, b.person_id)
    assert win.merged_banner.isVisible() and not win.merge_button.isEnabled()
    with qtbot.waitSignal(win.open_person, timeout=5_000) as asked:
        win.merged_banner.linkActivated.emit("open")
    assert asked.args[0] == a.person_id


def test_every_timeline_kind_has_its_own_icon(qtbot) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services.timeline import KINDS
    from kesos_desktop.ui.pages.profile.history_tab import KIND_ICONS, kind_icon

    assert set(KINDS) <= set(KIND_ICONS)
    assert not kind_icon("registered").isNull() and not kind_icon("unknown_later_kind").isNull()


def test_health_notes_are_hidden_from_a_role_without_the_health_permission(  # type: ignore[no-untyped-def]
    qtbot, ctx, db, admin, windows, artifacts
) -> None:
    result = register_person(db, admin, identity=identity_input(health_notes="Asma", disability_notes="Tuna netra"))
    make_user(db, admin, "petugas", ["petugas_administrasi"])
    with db.write() as s:
        clerk = auth.login(s, "petugas", "sandi12345")
    clerk_ctx = replace(ctx, actor=clerk)
    win = open_window(qtbot, clerk_ctx, result.person_id)
    tab = win.identity
    hidden = "Disembunyikan (butuh izin kesehatan)"
    assert tab.view.values["health"].text() == hidden and tab.view.values["disability"].text() == hidden
    assert "Disabilitas" not in win.header.badge_texts()
    tab.edit_button.click()
    assert tab.health.isHidden() and not tab.health_hidden.isHidden() and hidden in tab.health_hidden.text()
    tab.origin.phone.clear()
    qtbot.keyClicks(tab.origin.phone, "0811 222 333")
    reloaded(qtbot, win, tab.save)
    screenshot(win, artifacts, "profile_health_hidden.png")
    with db.read() as s:
        person = s.get(Person, result.person_id)
        assert (person.phone, person.health_notes, person.disability_notes) == ("0811 222 333", "Asma", "Tuna netra")

    # The biodata made for this role has no health section, and making it is audited.
    win.print_button.click()
    qtbot.waitUntil(lambda: isinstance(win.dialog, BiodataDialog), timeout=20_000)
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(win.dialog.sheet.pdf)).pages)
    assert "Asma" not in text and "Tuna netra" not in text
    win.dialog.reject()
    with db.read() as s:
        printed = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.printed")).one()
    assert printed.username == "petugas" and printed.changes["health"] is False
    assert printed.changes["full_nik"] is False


def test_the_profile_shows_health_notes_to_a_role_with_the_permission(qtbot, ctx, db, admin, windows) -> None:  # type: ignore[no-untyped-def]
    result = register_person(db, admin, identity=identity_input(health_notes="Asma"))
    win = open_window(qtbot, ctx, result.person_id)
    assert win.identity.view.values["health"].text() == "Asma"
    win.identity.edit_button.click()
    assert not win.identity.health.isHidden() and win.identity.health.health.toPlainText() == "Asma"
    win.identity.cancel_edit()
    win.print_button.click()
    qtbot.waitUntil(lambda: isinstance(win.dialog, BiodataDialog), timeout=20_000)
    win.dialog.reject()
    with db.read() as s:
        printed = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.printed")).one()
    assert printed.changes == {"document": "biodata", "full_nik": True, "health": True}
