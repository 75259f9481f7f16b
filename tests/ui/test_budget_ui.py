"""The return budget page as a person reads it: the year's totals equal the service's, a line spent past its
allocation shows red with a warning, spending by fund source / month / province, the SPJ of the month previewed as
PDF and saved as XLSX (read back with openpyxl), the year exported — and every model through qtmodeltester."""

# The letters world (office, kop, signatories, budget line, fares) is the core tests' fixture, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from kesos_desktop.core.services import letters, return_reports, returns_budget, vouchers
from kesos_desktop.core.services.letters import KwitansiRequest
from kesos_desktop.ui.pages.budget.page import BudgetPage
from kesos_desktop.ui.pages.letters.data import money_text
from kesos_desktop.ui.style import ERROR
from tests.core.letters.conftest import (  # noqa: F401
    banyumas_plan,
    bekasi_plan,
    make_resident,
    world,
)
from tests.ui.helpers import screenshot, wait_idle

TODAY = date.today()
Y, M = TODAY.year, TODAY.month


def spend(db, world) -> int:  # type: ignore[no-untyped-def]
    """Three vouchers (one with its kwitansi) on the APBD line, and a cash kwitansi of Rp400.000 on a CSR line of
    Rp300.000 (which goes below zero); returns the CSR line's id."""
    admin = world.admin
    plans = [
        bekasi_plan(db, world, make_resident(db, name="Sutrisno bin Karto")),
        bekasi_plan(db, world, make_resident(db, name="Ujang Suherman", nik="3275010101800005"), pocket=300_000),
        banyumas_plan(db, world, make_resident(db, name="Karsono", nik="3302010202750001")),
    ]
    issued = []
    for plan in plans:
        with db.write() as s:
            issued.append(vouchers.issue_voucher(s, admin, vouchers.VoucherRequest(plan.id), invariant=True).info)
    with db.write() as s:
        letters.issue_kwitansi(s, admin, KwitansiRequest(plans[0].id, voucher_id=issued[0].id), invariant=True)
    with db.write() as s:
        csr = returns_budget.save_fund_source(s, admin, returns_budget.FundSourceInput("CSR", "CSR Bank DKI", "CSR"))
    with db.write() as s:
        line = returns_budget.save_budget_line(
            s, admin, returns_budget.BudgetLineInput(csr.id, Y, "Bantuan tunai pemulangan", 300_000, code="CSR-01")
        )
    cash = bekasi_plan(db, world, make_resident(db, name="Asep Saepudin", nik=None))
    with db.write() as s:
        letters.issue_kwitansi(
            s,
            admin,
            KwitansiRequest(cash.id, amount=400_000, purpose="Bantuan tunai ke Kota Bekasi", budget_line_id=line.id),
            invariant=True,
        )
    return line.id


def choose_file(qtbot, page, button, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.xlsx_saved, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        files = page.file_dialog
        assert isinstance(files, QFileDialog) and files.isVisible()
        files.selectFile(str(path))
        files.accept()


def test_budget_page_totals_spj_and_exports(ctx, db, world, qtbot, qtmodeltester, artifacts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    csr_line = spend(db, world)
    with db.read() as s:
        report = return_reports.budget_report(s, world.admin, Y)
        spj = return_reports.spj_list(s, world.admin, Y, M)
    assert report.total_spent == 210_000 + 410_000 + 475_000 + 400_000

    page = BudgetPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.resize(1052, 900)  # the page's room in the 1280-wide main window
        page.show()
    wait_idle(qtbot)

    # The totals are the service's.
    assert page.year.currentData() == Y
    assert page.cards["allocation"].text() == money_text(report.total_allocation) == "Rp5.300.000"
    assert page.cards["spent"].text() == money_text(report.total_spent) == "Rp1.495.000"
    assert page.cards["remaining"].text() == money_text(report.total_remaining) == "Rp3.805.000"
    assert page.cards["committed"].text() == money_text(sum(u.committed for u in report.lines))
    for row, usage in enumerate(report.lines):
        shown = [page.lines_model.index(row, c).data() for c in (3, 4, 5, 6)]
        assert shown == [money_text(x) for x in (usage.allocation, usage.spent, usage.committed, usage.remaining)]

    # Each line; the CSR line went below zero: red, and warned.
    assert page.lines_model.rowCount() == 2
    rows = {page.lines_model.row_at(r).budget_line_id: r for r in range(2)}
    csr = rows[csr_line]
    remaining = page.lines_model.index(csr, 6)
    assert remaining.data() == "-Rp100.000"
    assert remaining.data(Qt.ItemDataRole.ForegroundRole) == QColor(ERROR)
    assert page.lines_model.index(rows[world.budget_line_id], 6).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.warnings.isVisible() and "terlampaui" in page.warnings.text()

    # By fund source, month and province, as the service counts them.
    funds = {page.fund_model.index(r, 0).data(): page.fund_model.index(r, 2).data() for r in range(2)}
    assert funds == {"APBD Provinsi DKI Jakarta": "Rp1.095.000", "CSR Bank DKI": "Rp400.000"}
    assert page.month_model.rowCount() == 12
    assert page.month_model.index(M - 1, 2).data() == "Rp1.495.000"
    provinces = {page.province_model.index(r, 0).data(): page.province_model.index(r, 2).data() for r in range(2)}
    assert provinces == {"Jawa Barat": "Rp1.020.000", "Jawa Tengah": "Rp475.000"}
    assert page.cells_model.rowCount() == len(report.cells)
    for model in (page.lines_model, page.fund_model, page.month_model, page.province_model, page.cells_model):
        qtmodeltester.check(model)
    page.tabs.setCurrentIndex(2)
    screenshot(page, artifacts, "budget.png")

    # The SPJ of this month saved as XLSX: its total row is the service's total, amounts as numbers.
    page.spj_month.setCurrentIndex(M - 1)
    target = tmp_path / "spj.xlsx"
    choose_file(qtbot, page, page.spj_xlsx_button, target)
    sheet = load_workbook(target).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    total_row = next(row for row in values if "JUMLAH" in row)
    assert total_row[11] == spj.total == 1_495_000
    numbers = {row[2] for row in values[3:] if row[2]}
    assert {i.number for i in spj.items} <= numbers
    assert str(target) in page.note.text()

    # The SPJ previewed as PDF.
    with qtbot.waitSignal(page.spj_opened, timeout=10_000) as opened:
        qtbot.mouseClick(page.spj_preview_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=20_000)
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(dialog.preview.pdf)).pages)
    assert "PERTANGGUNGJAWABAN" in text and "Asep Saepudin" in text
    assert "4 bukti" in dialog.summary.text() and "Rp1.495.000" in dialog.summary.text()
    screenshot(dialog, artifacts, "spj_preview.png")
    dialog.close()

    # The whole year as a workbook.
    export = tmp_path / "anggaran.xlsx"
    choose_file(qtbot, page, page.export_button, export)
    book = load_workbook(export)
    assert book.sheetnames[0] == "Pagu"
    assert any("JUMLAH" in [c.value for c in row] for row in book["Pagu"].iter_rows())
