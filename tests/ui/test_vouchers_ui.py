"""Vouchers as a person works them: issue with a preview and save as PDF (read back), the register with filters,
void with a reason, the verify dialog (DIBATALKAN, ASLI, a tampered text), a reprint marked SALINAN, printing
through a printer, a batch of three with its progress bar (and Stop), and the PDF preview widget itself."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kesos_desktop.core.i18n.formatters import mask_nik
from kesos_desktop.core.services import returns_status, vouchers_register
from kesos_desktop.ui import main_window
from kesos_desktop.ui.main_window import MainWindow, PageSpec
from kesos_desktop.ui.pages.vouchers.batch_dialog import BatchIssueDialog
from kesos_desktop.ui.pages.vouchers.issue_dialog import IssueVoucherDialog
from kesos_desktop.ui.pages.vouchers.page import VoucherRegisterPage
from kesos_desktop.ui.pages.vouchers.verify_dialog import VerifyDialog
from kesos_desktop.ui.pages.vouchers.viewer import VoucherViewer
from kesos_desktop.ui.widgets.pdf_preview import PdfPreview, ask_printer, print_pdf, render_pages
from tests.ui.helpers import find_top_level, screenshot, wait_idle
from tests.ui.test_returns_ui import TODAY, World, admit_person, build_world, draft_plan, show

NIK = "5371011503800002"
# The lead adds these to main_window.PAGES; the screenshots show the pages where they will live.
RETURN_PAGES = (
    PageSpec("returns", lambda: "Pemulangan", "home", "kesos_desktop.ui.pages.returns.page", "ReturnsPage",
             "returns.view"),
    PageSpec("vouchers", lambda: "Voucher", "audit", "kesos_desktop.ui.pages.vouchers.page", "VoucherRegisterPage",
             "returns.view"),
    PageSpec("return_settings", lambda: "Pengaturan dokumen", "office",
             "kesos_desktop.ui.pages.return_settings.page", "ReturnSettingsPage", "budget.manage"),
)  # fmt: skip


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def approved(world: World, person_id=None):  # type: ignore[no-untyped-def]
    plan = draft_plan(world, person_id or world.person_id)
    with world.ctx.db.write() as s:
        return returns_status.approve_plan(s, world.boss.actor, plan.id, plan.version_id)


def choose_file(qtbot, dialog: QFileDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The user types the file name in the save dialog and presses Save."""
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()


def open_issue_dialog(qtbot, ctx, plan_id) -> IssueVoucherDialog:  # type: ignore[no-untyped-def]
    dialog = IssueVoucherDialog(ctx, plan_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.page_count() == 1, timeout=20_000)
    return dialog


def verify(qtbot, dialog: VerifyDialog, text: str) -> str:  # type: ignore[no-untyped-def]
    """Scan (a scanner types the text and presses Enter) and read the big answer."""
    dialog.clear()
    qtbot.keyClicks(dialog.text, text)
    with qtbot.waitSignal(dialog.verified, timeout=10_000):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    return dialog.headline.text()


def test_issue_preview_save_register_void_and_verify(ctx, qtbot, artifacts, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    plan = approved(world)

    # Issue: the preview is drawn before anything is numbered for good.
    dialog = open_issue_dialog(qtbot, ctx, plan.id)
    number = f"0001/VCR/Dinsos/{TODAY.year}"
    assert number in text_of(dialog.preview.pdf)
    assert dialog.amount.text() == "Rp85.000"
    with ctx.db.read() as s:
        assert vouchers_register.register_totals(s, ctx.actor).count == 0  # a preview uses no number
    screenshot(dialog, artifacts, "voucher_preview.png")
    target = tmp_path / "voucher.pdf"
    qtbot.mouseClick(dialog.preview.save_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.issued, timeout=20_000) as issued:
        choose_file(qtbot, dialog.preview.file_dialog, target)
    wait_idle(qtbot)
    info = issued.args[0][0]
    assert info.number == number and info.amount == 85_000
    text = text_of(target.read_bytes())
    assert number in text and "Delapan Puluh Lima Ribu Rupiah" in text
    assert mask_nik(NIK) in text and NIK not in text

    # The register lists it; the filters narrow it.
    monkeypatch.setattr(main_window, "PAGES", main_window.PAGES + RETURN_PAGES)
    win = MainWindow(ctx, office_name="Dinas Sosial Provinsi DKI Jakarta")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    page = win.page("vouchers")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.open_page("vouchers")
    assert page.model.total() == 1 and page.model.index(0, 0).data() == number
    assert "Rp85.000" in page.totals.text()
    page.province.setCurrentIndex(page.province.findData("53"))
    qtbot.waitUntil(lambda: page.model.total() == 0, timeout=10_000)
    page.province.setCurrentIndex(page.province.findData("32"))
    qtbot.waitUntil(lambda: page.model.total() == 1, timeout=10_000)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClicks(page.text, "Manafe")
    assert page.model.total() == 1
    screenshot(win, artifacts, "voucher_register.png")

    # Void with a reason (the reason is required).
    page.select_row(0)
    page.void_action.trigger()
    void = page.dialog
    qtbot.mouseClick(void.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert "wajib" in void.form.error_text("reason")
    qtbot.keyClicks(void.reason, "Salah tanggal keberangkatan")
    screenshot(void, artifacts, "voucher_void.png")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        void.buttons.accepted.emit()
    assert page.model.row_at(0).status == "batal" and page.model.index(0, 6).data() == "Batal"

    # Verify: the voided voucher, a new untouched one, and a tampered text.
    page.open_verify()
    checker = page.dialog
    assert verify(qtbot, checker, info.payload) == "DIBATALKAN"
    assert "Salah tanggal" in checker.message.text()
    screenshot(checker, artifacts, "voucher_verify_dibatalkan.png")
    again = open_issue_dialog(qtbot, ctx, plan.id)  # the legs are free again; the next number is taken
    target2 = tmp_path / "voucher-2.pdf"
    qtbot.mouseClick(again.preview.save_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(again.issued, timeout=20_000) as issued:
        choose_file(qtbot, again.preview.file_dialog, target2)
    second = issued.args[0][0]
    assert second.seq == 2
    assert verify(qtbot, checker, second.payload) == "ASLI"
    assert second.number in checker.message.text() and checker.details.rowCount() == 7
    screenshot(checker, artifacts, "voucher_verify.png")
    head, body, signature = second.payload.split(".")
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    assert verify(qtbot, checker, f"{head}.{flipped}.{signature}") == "PALSU"
    assert checker.message.text()  # why not, in words
    assert verify(qtbot, checker, "bukan voucher") == "PALSU"

    # From the PDF file instead of the text.
    checker.clear()
    with qtbot.waitSignal(checker.verified, timeout=20_000):
        checker.open_pdf(target2)
    assert checker.headline.text() == "ASLI"

    # A reprint from the viewer is a counted copy marked SALINAN.
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    viewer = VoucherViewer(ctx, page.model.row_at(0))
    show(qtbot, viewer)
    qtbot.waitUntil(lambda: viewer.preview.page_count() == 1, timeout=20_000)
    copy = tmp_path / "salinan.pdf"
    qtbot.mouseClick(viewer.preview.save_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(viewer.changed, timeout=20_000):
        choose_file(qtbot, viewer.preview.file_dialog, copy)
    assert "SALINAN" in text_of(copy.read_bytes())
    with ctx.db.read() as s:
        assert vouchers_register.get_voucher(s, ctx.actor, second.id).print_count == 2


# A printer that cannot start makes Qt say so; that is the case under test.
@pytest.mark.qt_log_ignore(
    r"^QPainter::begin\(\): Returned false$", r"^This plugin does not support propagateSizeHints\(\)$"
)
def test_issue_and_print_takes_the_number_only_when_printed(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    plan = approved(world)
    dialog = open_issue_dialog(qtbot, ctx, plan.id)
    broken = QPrinter(QPrinter.PrinterMode.HighResolution)
    broken.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    broken.setOutputFileName(str(tmp_path / "missing-folder" / "out.pdf"))  # the printer cannot start
    dialog.issue_and_print(broken)
    wait_idle(qtbot)
    assert shiboken6.isValid(dialog) and dialog.isVisible() and not dialog.result
    with ctx.db.read() as s:
        assert vouchers_register.register_totals(s, ctx.actor).count == 0  # nothing issued, no number used
    error = find_top_level(QMessageBox)
    assert error is not None and "Printer" in error.text()
    error.close()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    with qtbot.waitSignal(dialog.issued, timeout=20_000) as issued:
        dialog.issue_and_print(printer)
    assert issued.args[0][0].seq == 1
    assert len(PdfReader(str(out)).pages) == 1


def test_batch_of_three_with_progress_and_stop(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    approved(world)
    for name, nik, born in (
        ("Markus Lado", "5371012001850003", date(1985, 1, 20)),
        ("Agustinus Bria", "5371010507900001", date(1990, 7, 5)),
    ):
        approved(world, admit_person(ctx, world.institution_id, name, nik, born))
    folder = tmp_path / "voucher"
    folder.mkdir()
    dialog = BatchIssueDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=20_000):
        dialog.show()
    assert dialog.plans.count() == 3 and not dialog.start_button.isEnabled()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    assert dialog.start_button.isEnabled() and "3 rencana" in dialog.count.text()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.form.error_text("folder")  # no folder chosen yet
    qtbot.keyClicks(dialog.folder, str(folder))

    # Stopped at once: nothing is issued and no file is left behind.
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.stop_button.isEnabled() and not dialog.close_button.isEnabled()
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert "Dihentikan" in dialog.status.text() and not dialog.result
    assert list(folder.iterdir()) == []
    with ctx.db.read() as s:
        assert vouchers_register.register_totals(s, ctx.actor).count == 0

    with qtbot.waitSignal(dialog.finished_batch, timeout=30_000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.maximum() == 3 and dialog.progress.value() == 3
    assert "3 voucher diterbitkan" in dialog.status.text()
    numbers = sorted(v.number for v in dialog.result)
    assert numbers == [f"{n:04d}/VCR/Dinsos/{TODAY.year}" for n in (1, 2, 3)]
    files = sorted(p.name for p in folder.iterdir())
    assert files == [f"voucher-{n:04d}-VCR-Dinsos-{TODAY.year}.pdf" for n in (1, 2, 3)]
    assert dialog.plans.count() == 0  # issued plans leave the list


def test_pdf_preview_draws_prints_and_saves(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    plan = approved(world)
    dialog = open_issue_dialog(qtbot, ctx, plan.id)
    pdf = dialog.preview.pdf
    pages = render_pages(pdf, dpi=50)
    assert len(pages) == 1 and abs(pages[0].image.width() - pages[0].width_pt / 72 * 50) <= 1
    preview = PdfPreview()
    show(qtbot, preview)
    preview.resize(600, 700)
    with qtbot.waitSignal(preview.rendered, timeout=10_000):
        preview.set_pdf(pdf, "contoh.pdf")
    assert preview.page_count() == 1 and preview.print_button.isEnabled()
    preview.zoom.setCurrentIndex(preview.zoom.findData(1.0))
    assert preview.page_labels[0].width() == round(pages[0].width_pt / 72 * 96) + 2
    out = tmp_path / "salin.pdf"
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        choose_file(qtbot, preview.file_dialog, out)
    assert out.read_bytes() == pdf
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(pdf + b"", printer) == 1
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 1
    chooser = ask_printer(preview, lambda _p: None)
    assert chooser.isVisible()
    chooser.reject()
    # A longer document is drawn less sharp (memory) and printed page by page.
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, invariant=1)
    for n in range(12):
        sheet.drawString(72, 720, f"Halaman {n + 1}")
        sheet.showPage()
    sheet.save()
    with qtbot.waitSignal(preview.rendered, timeout=10_000):
        preview.set_pdf(buffer.getvalue())
    assert preview.page_count() == 12 and preview.page_label.text() == "12 halaman"
    assert abs(preview.pages[0].image.width() - preview.pages[0].width_pt / 72 * 96) <= 1
    printer.setOutputFileName(str(tmp_path / "long.pdf"))
    assert print_pdf(buffer.getvalue(), printer) == 12
    assert len(PdfReader(str(tmp_path / "long.pdf")).pages) == 12
    preview.clear("Tidak ada dokumen.")
    assert preview.shown_message() == "Tidak ada dokumen." and not preview.print_button.isEnabled()


def test_register_model_passes_the_model_tester(ctx, qtbot, qtmodeltester, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    plan = approved(world)
    page = VoucherRegisterPage(ctx)
    show(qtbot, page)
    qtbot.waitUntil(lambda: not page.model.is_loading(), timeout=10_000)
    qtmodeltester.check(page.model)
    dialog = open_issue_dialog(qtbot, ctx, plan.id)
    qtbot.mouseClick(dialog.preview.save_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.issued, timeout=20_000):
        choose_file(qtbot, dialog.preview.file_dialog, tmp_path / "v.pdf")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    qtmodeltester.check(page.model)
