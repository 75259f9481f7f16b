"""Pelatihan as a pekerja sosial works it: a sewing programme from enrolment through sessions with attendance to
completion (one below the minimum attendance, passed with a reason) and the certificate PDF saved and read back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt

from kesos_desktop.core.services import training
from kesos_desktop.ui.dialogs.stays.fields import select_data, to_qdate
from kesos_desktop.ui.pages.activities.activity_dialog import ActivityDialog
from kesos_desktop.ui.pages.training.certificate_dialog import CertificateDialog
from kesos_desktop.ui.pages.training.enrol_dialog import EnrolDialog
from kesos_desktop.ui.pages.training.page import TrainingPage
from kesos_desktop.ui.pages.training.participant_dialogs import CompleteDialog
from kesos_desktop.ui.pages.training.programme_dialog import ProgrammeDialog
from tests.ui.helpers import screenshot, wait_idle
from tests.ui.rehab_world import build_world, context

START = date.today() - timedelta(days=40)


@pytest.fixture
def world(db, admin, monkeypatch):  # type: ignore[no-untyped-def]
    return build_world(db, admin, monkeypatch)


def closed(dialog) -> bool:  # type: ignore[no-untyped-def]
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)


def add_session(page: TrainingPage, qtbot, day: date, keys: str) -> None:  # type: ignore[no-untyped-def]
    """A new session on ``day`` with the participants marked by ``keys`` (one per row) and saved."""
    page.tabs.setCurrentWidget(page.sessions)
    page.sessions.new_session()
    dialog = page.sessions.dialog
    assert isinstance(dialog, ActivityDialog)
    wait_idle(qtbot)
    assert not dialog.programme.isEnabled() and dialog.type_code.currentData() == training.SESSION_TYPE
    dialog.held_on.setDate(to_qdate(day))
    click(qtbot, dialog.save_button)
    assert closed(dialog)
    wait_idle(qtbot)
    sheet = page.sessions.sheet
    assert sheet.sheet is not None and sheet.sheet.info.held_on == day
    for key in keys:
        qtbot.keyClick(sheet.table, key)
    page.save()
    wait_idle(qtbot)
    assert not sheet.model.is_dirty()


def test_training_from_enrolment_to_certificate(world, qtbot, qtmodeltester, artifacts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in ("Siti Aminah", "Rina Marlina", "Dewi Lestari"):
        world.resident(name, sex="P", born=date(2000, 5, 1))
    page = TrainingPage(context(world))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot)

    # The programme.
    page.create_new()
    dialog = page.dialog
    assert isinstance(dialog, ProgrammeDialog)
    wait_idle(qtbot)
    assert select_data(dialog.kind_code, "MENJAHIT")
    assert dialog.total_hours.value() == 120  # the kind's usual hours
    qtbot.keyClicks(dialog.name, "Menjahit Angkatan I 2026")
    dialog.start_on.setDate(to_qdate(START))
    qtbot.keyClicks(dialog.instructor, "Ibu Ratna Sari")
    qtbot.keyClicks(dialog.schedule, "Senin dan Rabu, 09.00-12.00")
    assert select_data(dialog.status, "berjalan")
    click(qtbot, dialog.save_button)
    assert closed(dialog)
    assert page.detail is not None and page.detail.info.name == "Menjahit Angkatan I 2026"

    # Enrolment: tick two of the three women in care.
    tab = page.participants
    click(qtbot, tab.enrol_button)
    enrol = tab.dialog
    assert isinstance(enrol, EnrolDialog)
    wait_idle(qtbot)
    assert enrol.people.count() == 3
    qtbot.keyClicks(enrol.filter, "siti")
    assert [enrol.people.item(r).isHidden() for r in range(3)].count(False) == 1
    click(qtbot, enrol.tick_all)
    enrol.filter.clear()
    assert enrol.tick("Rina Marlina")
    assert "2 orang dipilih" in enrol.count.text()
    screenshot(enrol, artifacts, "training_enrol_dialog.png")
    enrol.enrolled_on.setDate(to_qdate(START))
    click(qtbot, enrol.save_button)
    assert closed(enrol)
    assert [e.person_name for e in tab.model.rows()] == ["Rina Marlina", "Siti Aminah"]

    # Two sessions: Siti present at both, Rina at the first only (rows are by name: Rina, Siti).
    add_session(page, qtbot, START + timedelta(days=2), "11")
    add_session(page, qtbot, START + timedelta(days=9), "41")
    assert page.sessions.model.rowCount() == 2
    assert {e.person_name: e.attendance_pct for e in tab.model.rows()} == {"Rina Marlina": 50, "Siti Aminah": 100}
    qtmodeltester.check(page.model)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(page.sessions.model)
    qtmodeltester.check(page.sessions.sheet.model)

    # Completion: Rina is below 75%, so a pass needs a reason, asked for at the field.
    page.tabs.setCurrentWidget(tab)
    assert tab.select_person("Rina Marlina")
    click(qtbot, tab.complete_button)
    done = tab.dialog
    assert isinstance(done, CompleteDialog)
    assert done.override_reason.isVisible()
    click(qtbot, done.save_button)
    assert not closed(done)
    assert "50% dari minimal 75%" in done.errors.error_text("override_reason")
    screenshot(done, artifacts, "training_complete_dialog.png")
    qtbot.keyClicks(done.override_reason, "Sakit satu minggu dengan surat dokter; praktik susulan sudah dinilai.")
    click(qtbot, done.save_button)
    assert closed(done)
    assert tab.select_person("Siti Aminah")
    click(qtbot, tab.complete_button)
    done = tab.dialog
    assert not done.override_reason.isVisible()
    done.result.setCurrentText("Sangat baik")
    click(qtbot, done.save_button)
    assert closed(done)
    rows = {e.person_name: e for e in tab.model.rows()}
    year = date.today().year
    assert rows["Siti Aminah"].status == "lulus" and rows["Siti Aminah"].result == "Sangat baik"
    assert {rows["Rina Marlina"].certificate_no, rows["Siti Aminah"].certificate_no} == {
        f"SP-{year}-00001",
        f"SP-{year}-00002",
    }
    assert rows["Rina Marlina"].note.startswith("Sakit satu minggu")
    screenshot(page, artifacts, "training.png")
    page.tabs.setCurrentWidget(page.sessions)
    page.sessions.table.selectRow(0)
    wait_idle(qtbot)
    screenshot(page, artifacts, "training_sessions.png")
    page.tabs.setCurrentWidget(tab)

    # The certificate: the signer is asked for, the PDF made on a worker and saved.
    assert tab.select_person("Siti Aminah")
    assert tab.certificate_button.isEnabled()
    click(qtbot, tab.certificate_button)
    cert = tab.dialog
    assert isinstance(cert, CertificateDialog)
    click(qtbot, cert.make_button)
    assert cert.errors.error_text("name") == "Nama penanda tangan wajib diisi."
    qtbot.keyClicks(cert.edits["name"], "Dra. KARTIKA DEWI, M.Si.")
    qtbot.keyClicks(cert.edits["jabatan"], "Kepala Panti Sosial Asuhan Anak Putra Utama 1")
    qtbot.keyClicks(cert.edits["nip"], "197003151995032002")
    with qtbot.waitSignal(cert.made, timeout=20_000):
        qtbot.mouseClick(cert.make_button, Qt.MouseButton.LeftButton)
    assert cert.file_dialog is not None and cert.file_dialog.isVisible()
    target = tmp_path / cert.filename()
    with qtbot.waitSignal(cert.saved_to):
        cert.save_to(target)
    (artifacts / "sertifikat_pelatihan_ui.pdf").write_bytes(target.read_bytes())
    text = "".join(page_.extract_text() for page_ in PdfReader(target).pages)
    number = rows["Siti Aminah"].certificate_no
    for expected in ("SERTIFIKAT", f"Nomor: {number}", "Siti Aminah", "Menjahit Angkatan I 2026", "KARTIKA DEWI"):
        assert expected in text, expected
    assert "WB-" not in text  # a certificate never says the holder was in care
