"""Letters as a person works them: a Surat Pengantar previewed (PRATINJAU, no number taken), issued and saved as PDF,
listed in the register, reprinted as SALINAN and voided with a reason; a manual number already in the register
refused at its field; a failed save that uses no number; a Berita Acara for a leg and a Kwitansi (amount in words)
from a plan's Dokumen panel — and every model through qtmodeltester."""

# The letters world (office, kop, signatories, budget line, fares) is the core tests' fixture, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kesos_desktop.core.i18n.formatters import month_roman
from kesos_desktop.core.services import auth, letters, letters_register
from kesos_desktop.core.services.letters import KwitansiRequest
from kesos_desktop.core.services.letters_register import LetterEntryInput, RegisterFilter
from kesos_desktop.ui.pages.letters.issue_dialog import IssueLetterDialog
from kesos_desktop.ui.pages.letters.page import LetterRegisterPage
from kesos_desktop.ui.pages.letters.plan_documents import PlanDocumentsPanel
from tests.core.letters.conftest import (  # noqa: F401
    banyumas_plan,
    bekasi_plan,
    make_resident,
    resident,
    world,
)
from tests.factories import make_user
from tests.ui.helpers import find_top_level, screenshot, wait_idle

TODAY = date.today()
NUMBER = f"400.9/1/Dinsos/{month_roman(TODAY.month)}/{TODAY.year}"
KOP = ("PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA", "DINAS SOSIAL", "Jalan Gunung Sahari II Nomor 5")


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def register_count(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.db.read() as s:
        return letters_register.count_register(s, ctx.actor, RegisterFilter())


def show(qtbot, widget):  # type: ignore[no-untyped-def]
    if not widget.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):
        qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_dialog(qtbot, dialog: IssueLetterDialog) -> IssueLetterDialog:  # type: ignore[no-untyped-def]
    """Shown, its plan loaded and the first preview drawn."""
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        show(qtbot, dialog)
    wait_idle(qtbot)
    return dialog


def wait_drawn(qtbot, dialog: IssueLetterDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=20_000)


def save_through_dialog(qtbot, preview, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Press the save button and choose ``path`` in the file dialog, as a person does."""
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    files = preview.file_dialog
    assert isinstance(files, QFileDialog) and files.isVisible()
    files.selectFile(str(path))
    files.accept()


def test_surat_pengantar_preview_issue_register_reprint_and_void(  # type: ignore[no-untyped-def]
    ctx, db, world, resident, qtbot, qtmodeltester, artifacts, tmp_path
) -> None:
    plan = bekasi_plan(db, world, resident)
    page = show(qtbot, LetterRegisterPage(ctx))
    page.resize(1052, 640)  # the page's room in the 1280-wide main window
    qtbot.waitUntil(lambda: page.totals.text() == "0 nomor surat", timeout=10_000)

    # 1. The preview follows the fields; it carries PRATINJAU and "..." for the number, and takes no number.
    dialog = open_dialog(qtbot, IssueLetterDialog(ctx, plan_id=plan.id))
    wait_drawn(qtbot, dialog)
    form = dialog.forms["surat_pengantar"]
    assert not dialog.plan.isEnabled() and "Sutrisno bin Karto" in dialog.plan.currentText()
    assert dialog.signatory.currentText().startswith("a.n. Sekretaris")
    text = pdf_text(dialog.preview.pdf)
    assert "PRATINJAU" in text and "Nomor : 400.9/.../Dinsos/" in text
    assert "..." in dialog.number.text()
    form.hal.setFocus()
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        qtbot.keyClicks(form.hal, "Pemulangan Sdr. Sutrisno bin Karto")
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        qtbot.keyClicks(form.attachments, "Fotokopi KTP")
    wait_drawn(qtbot, dialog)
    assert "Hal : Pemulangan Sdr. Sutrisno bin Karto" in pdf_text(dialog.preview.pdf)
    assert register_count(ctx) == 0
    screenshot(dialog, artifacts, "letter_preview.png")

    # 2. A save that fails (no such folder) rolls back: no number is used.
    dialog.preview.save_to(tmp_path / "tidak-ada" / "surat.pdf")
    wait_idle(qtbot)
    box = find_top_level(QMessageBox, lambda b: "nomornya tidak terpakai" in b.text())
    assert box is not None
    box.close()
    assert register_count(ctx) == 0 and dialog.result is None

    # 3. Issue and save: the real number, the PDF as saved, kop lines, no PRATINJAU.
    target = tmp_path / "surat-pengantar.pdf"
    with qtbot.waitSignal(dialog.issued, timeout=20_000) as issued:
        save_through_dialog(qtbot, dialog.preview, target)
    info = issued.args[0]
    assert info.number == NUMBER and dialog.number.text() == f"Nomor: {NUMBER}"
    assert str(target) in dialog.notice.text() and not dialog.preview.save_button.isVisible()
    saved = pdf_text(target.read_bytes())
    assert f"Nomor : {NUMBER}" in saved and "PRATINJAU" not in saved
    for line in KOP:
        assert line in saved
    assert "Yth. Kepala Dinas Sosial Kota Bekasi" in saved and "Fotokopi KTP" in saved
    dialog.close()

    # 4. The register lists it.
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert page.totals.text() == "1 nomor surat"
    wait_idle(qtbot)
    assert page.model.index(0, 0).data() == NUMBER
    assert page.model.index(0, 2).data() == "Surat pengantar pemulangan"
    assert page.model.index(0, 8).data() == "Sah"
    qtmodeltester.check(page.model)
    page.select_row(0)
    assert page.view_action.isEnabled() and page.void_action.isEnabled()

    # 5. Reprint: the stored original is shown; the saved copy says SALINAN (cetakan ke-2).
    page.view_selected()
    viewer = page.viewer
    qtbot.waitUntil(lambda: viewer.preview.page_count() > 0, timeout=20_000)
    assert "SALINAN" not in pdf_text(viewer.preview.pdf)
    copy = tmp_path / "salinan.pdf"
    with qtbot.waitSignal(viewer.reprinted, timeout=20_000):
        save_through_dialog(qtbot, viewer.preview, copy)
    copy_text = pdf_text(copy.read_bytes())
    assert "SALINAN" in copy_text and "cetakan ke-2" in copy_text and f"Nomor : {NUMBER}" in copy_text
    viewer.close()

    # 6. Void: the reason is required (shown at the field), then the line says why.
    page.select_row(0)
    page.void_selected()
    void = page.dialog
    qtbot.waitExposed(void)
    qtbot.mouseClick(void.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(void.form.error_text("reason")), timeout=10_000)
    assert "wajib" in void.form.error_text("reason")
    qtbot.keyClicks(void.reason, "Salah alamat tujuan")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        void.submit()
    wait_idle(qtbot)
    assert page.totals.text() == "1 nomor surat, 1 di antaranya dibatalkan"
    assert page.model.index(0, 8).data() == "Dibatalkan: Salah alamat tujuan"
    page.select_row(0)
    assert not page.void_action.isEnabled()
    page.view_selected()
    assert not page.viewer.preview.print_button.isVisible()
    page.viewer.close()
    page.include_voided.setChecked(False)
    qtbot.waitUntil(lambda: page.totals.text() == "0 nomor surat", timeout=10_000)

    # A kwitansi and a letter typed elsewhere join the register; the screenshot shows all three.
    with db.write() as s:
        letters.issue_kwitansi(s, world.admin, KwitansiRequest(plan.id, amount=210_000), invariant=True)
    with db.write() as s:
        letters_register.record_letter(
            s,
            world.admin,
            LetterEntryInput(
                TODAY,
                "Undangan rapat koordinasi pemulangan FKD-MPU",
                addressee="Kepala Dinas Sosial Provinsi Jawa Barat",
                number="460/77/Dinsos/2026",
            ),
        )
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.include_voided.setChecked(True)
    wait_idle(qtbot)
    assert page.totals.text() == "3 nomor surat, 1 di antaranya dibatalkan"
    qtmodeltester.check(page.model)
    page.select_row(1)
    screenshot(page, artifacts, "letter_register.png")


def test_manual_number_already_recorded_is_refused_at_the_field(  # type: ignore[no-untyped-def]
    ctx, db, world, resident, qtbot, qtmodeltester, tmp_path
) -> None:
    page = show(qtbot, LetterRegisterPage(ctx))
    page.record_manual()
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.number, "460/77/Dinsos/2026")
    qtbot.keyClicks(dialog.hal, "Undangan rapat koordinasi pemulangan")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.submit()
    wait_idle(qtbot)
    assert page.model.index(0, 0).data() == "460/77/Dinsos/2026"
    assert page.model.index(0, 7).data() == "✓"
    qtmodeltester.check(page.model)

    page.record_manual()
    again = page.dialog
    qtbot.waitExposed(again)
    qtbot.keyClicks(again.number, "460/77/Dinsos/2026")
    qtbot.keyClicks(again.hal, "Surat lain")
    again.submit()
    qtbot.waitUntil(lambda: bool(again.form.error_text("number")), timeout=10_000)
    assert "sudah tercatat di buku agenda" in again.form.error_text("number")
    assert again.isVisible() and again.hal.text() == "Surat lain"  # nothing typed is lost
    assert register_count(ctx) == 1
    again.close()

    # The same number typed while issuing a letter is refused at the issue dialog's number field.
    plan = bekasi_plan(db, world, resident)
    dialog = open_dialog(qtbot, IssueLetterDialog(ctx, plan_id=plan.id))
    wait_drawn(qtbot, dialog)
    qtbot.mouseClick(dialog.use_manual, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.manual_number, "460/77/Dinsos/2026")
    assert dialog.number.text() == "Nomor (buku agenda): 460/77/Dinsos/2026"
    dialog.preview.save_to(tmp_path / "surat.pdf")
    qtbot.waitUntil(lambda: bool(dialog.errors.error_text("manual_number")), timeout=20_000)
    assert "sudah tercatat di buku agenda" in dialog.errors.error_text("manual_number")
    assert dialog.result is None and register_count(ctx) == 1 and not (tmp_path / "surat.pdf").exists()
    dialog.manual_number.clear()
    qtbot.keyClicks(dialog.manual_number, "460/78/Dinsos/2026")
    assert not dialog.errors.error_text("manual_number")
    with qtbot.waitSignal(dialog.issued, timeout=20_000) as issued:
        dialog.preview.save_to(tmp_path / "surat.pdf")
    assert issued.args[0].number == "460/78/Dinsos/2026" and register_count(ctx) == 2


def test_plan_not_approved_is_refused_at_the_plan(ctx, db, world, resident, qtbot) -> None:  # type: ignore[no-untyped-def]
    draft = bekasi_plan(db, world, resident, approve=False)
    dialog = open_dialog(qtbot, IssueLetterDialog(ctx, plan_id=draft.id))
    assert "belum disetujui" in dialog.errors.error_text("plan_id")
    assert dialog.preview.pdf is None


def test_surat_jalan_issued_and_printed(ctx, db, world, resident, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The print path: the printer (here one that writes a PDF file) is filled on the worker inside the transaction
    that takes the number."""
    plan = banyumas_plan(db, world, resident)
    dialog = open_dialog(qtbot, IssueLetterDialog(ctx, plan_id=plan.id, kind="surat_jalan"))
    form = dialog.forms["surat_jalan"]
    assert len(form.leg_checks) == 3
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        form.valid_until.check.setChecked(True)
        form.valid_until.edit.setDate(form.valid_until.edit.date().addDays(200))
    assert "90 hari" in form.errors.error_text("valid_until")
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        form.valid_until.check.setChecked(False)
    assert not form.errors.error_text("valid_until")
    wait_drawn(qtbot, dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(dialog.issued, timeout=30_000) as issued:
        dialog.preview.print_to(printer)
    assert issued.args[0].kind == "surat_jalan" and "printer" in dialog.notice.text()
    assert len(PdfReader(io.BytesIO(printed.read_bytes())).pages) >= 1
    assert register_count(ctx) == 1


def test_berita_acara_for_a_leg_and_a_kwitansi_from_the_plan_documents(  # type: ignore[no-untyped-def]
    ctx, db, world, resident, qtbot, qtmodeltester, tmp_path
) -> None:
    plan = banyumas_plan(db, world, resident)
    panel = PlanDocumentsPanel(ctx, plan.id)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        show(qtbot, panel)
    assert panel.count.text() == "0 dokumen"

    # Berita acara of leg 1: the condition is required, at its field.
    dialog = panel.issue("berita_acara", plan.legs[0].id)
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        qtbot.waitExposed(dialog)
    form = dialog.forms["berita_acara"]
    assert dialog.current_kind() == "berita_acara" and form.leg.currentText().startswith("Leg 1:")
    assert "kondisi" in form.errors.error_text("condition").lower()
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        qtbot.keyClicks(form.condition, "sehat jasmani dan rohani")
    assert not form.errors.error_text("condition")
    wait_drawn(qtbot, dialog)
    assert "PRATINJAU" in pdf_text(dialog.preview.pdf)
    with qtbot.waitSignal(panel.changed, timeout=20_000):
        dialog.preview.save_to(tmp_path / "ba.pdf")
    text = pdf_text((tmp_path / "ba.pdf").read_bytes())
    assert "sehat jasmani dan rohani" in text and "Pada hari ini" in text and "Dedi Kurniawan" in text
    dialog.close()

    # Kwitansi: the amount typed is written in words beside it and on the receipt.
    dialog = panel.issue("kwitansi")
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        qtbot.waitExposed(dialog)
    form = dialog.forms["kwitansi"]
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        qtbot.keyClicks(form.amount, "250000")
    assert form.words.text() == "# Dua Ratus Lima Puluh Ribu Rupiah #"
    wait_drawn(qtbot, dialog)
    with qtbot.waitSignal(panel.changed, timeout=20_000):
        dialog.preview.save_to(tmp_path / "kw.pdf")
    text = pdf_text((tmp_path / "kw.pdf").read_bytes())
    assert "# Dua Ratus Lima Puluh Ribu Rupiah #" in text and "Rp250.000,00" in text
    assert dialog.result is not None and dialog.result.number in text
    dialog.close()
    qtbot.waitUntil(lambda: panel.count.text() == "2 dokumen", timeout=10_000)
    assert [panel.model.index(r, 0).data() for r in range(2)] == ["Berita acara serah terima", "Kwitansi"]
    assert panel.model.index(0, 3).data() == "1" and panel.model.index(1, 4).data() == "Rp250.000"
    qtmodeltester.check(panel.model)


def test_reading_roles_see_the_register_but_issue_nothing(ctx, db, world, resident, qtbot) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    make_user(db, world.admin, "auditor1", ["auditor"])
    with db.write() as s:
        auditor = dataclasses.replace(ctx, actor=auth.login(s, "auditor1", "sandi12345"))
    page = show(qtbot, LetterRegisterPage(auditor))
    qtbot.waitUntil(lambda: page.totals.text() == "0 nomor surat", timeout=10_000)
    assert not any(a.isVisible() for a in (page.issue_action, page.manual_action, page.void_action))
    panel = show(qtbot, PlanDocumentsPanel(auditor, plan.id))
    assert panel.issue_button.isHidden()
    # A preview needs only returns.view; the issue buttons are not offered.
    dialog = open_dialog(qtbot, IssueLetterDialog(auditor, plan_id=plan.id))
    wait_drawn(qtbot, dialog)
    assert dialog.preview.print_button.isHidden() and dialog.preview.save_button.isHidden()
