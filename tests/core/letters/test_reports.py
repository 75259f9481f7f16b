"""The return budget: spending by fund source, month and destination province from vouchers and kwitansi (voided
ones out, a voucher's receipt not counted twice), what remains with a warning below zero, and the monthly SPJ as PDF
and XLSX read back (totals, terbilang, signatures, no NIK)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.services import letters, letters_register, return_reports, returns_budget, vouchers
from kesos_desktop.core.services.letters import KwitansiRequest
from tests.core.letters.conftest import NIK, TODAY, banyumas_plan, bekasi_plan, make_resident, pdf_text, save_pngs

Y, M = TODAY.year, TODAY.month


@dataclass
class Month:
    voucher_numbers: dict[str, str]
    voided_amount: int
    kwitansi_standalone: str
    kwitansi_receipt: str


def _voucher(db, actor, plan_id):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return vouchers.issue_voucher(s, actor, vouchers.VoucherRequest(plan_id), invariant=True).info


@pytest.fixture
def month(db, world) -> Month:  # type: ignore[no-untyped-def]
    """Bekasi Rp210.000 (+ its kwitansi), Bekasi Rp410.000, Bekasi Rp210.000 voided and paid by a Rp250.000
    kwitansi instead, Banyumas Rp475.000: Rp1.345.000 spent in this month."""
    admin = world.admin
    p1 = bekasi_plan(db, world, make_resident(db, name="Sutrisno bin Karto"))
    p2 = bekasi_plan(db, world, make_resident(db, name="Ujang Suherman", nik="3275010101800005"), pocket=300_000)
    p3 = bekasi_plan(db, world, make_resident(db, name="Asep Saepudin", nik=None))
    p4 = banyumas_plan(db, world, make_resident(db, name="Karsono", nik="3302010202750001"))
    v1, v2, v3, v4 = (_voucher(db, admin, p.id) for p in (p1, p2, p3, p4))
    with db.write() as s:
        receipt = letters.issue_kwitansi(s, admin, KwitansiRequest(p1.id, voucher_id=v1.id))
    with db.write() as s:
        vouchers.void_voucher(s, admin, v3.id, "Penerima memilih bantuan tunai")
    with db.write() as s:
        cash = letters.issue_kwitansi(
            s, admin, KwitansiRequest(p3.id, amount=250_000, purpose="Bantuan transport tunai ke Kota Bekasi")
        )
    assert (v1.amount, v2.amount, v3.amount, v4.amount) == (210_000, 410_000, 210_000, 475_000)
    return Month(
        {"v1": v1.number, "v2": v2.number, "v3": v3.number, "v4": v4.number}, v3.amount, cash.number, receipt.number
    )


def test_spj_total_is_the_sum_of_what_was_handed_out(db, world, month) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        spj = return_reports.spj_list(s, world.admin, Y, M)
        with_voided = return_reports.spj_list(s, world.admin, Y, M, include_voided=True)
        by_fund = return_reports.spj_list(s, world.admin, Y, M, fund_source_id=world.fund_source_id)
    vouchers_only = [i for i in spj.items if i.source == "voucher"]
    assert sum(i.amount for i in vouchers_only) == 210_000 + 410_000 + 475_000  # the non-voided vouchers
    assert month.voucher_numbers["v3"] not in {i.number for i in spj.items}
    assert spj.total == 1_345_000 and spj.count == 4
    numbers = [i.number for i in spj.items]
    assert month.kwitansi_standalone in numbers and month.kwitansi_receipt not in numbers
    first = next(i for i in spj.items if i.number == month.voucher_numbers["v1"])
    assert first.evidence == (month.kwitansi_receipt,)
    assert first.route == "Dinsos DKI Jakarta → Dinsos Kota Bekasi" and first.province_name == "Jawa Barat"
    voided = next(i for i in with_voided.items if i.voided)
    assert voided.number == month.voucher_numbers["v3"] and with_voided.total == spj.total
    assert by_fund.total == spj.total and by_fund.fund_label == "APBD — APBD Provinsi DKI Jakarta"
    with db.write() as s:
        other = returns_budget.save_fund_source(
            s, world.admin, returns_budget.FundSourceInput("CSR", "CSR Bank DKI", "CSR")
        )
    with db.read() as s:
        assert return_reports.spj_list(s, world.admin, Y, M, fund_source_id=other.id).items == ()
        with pytest.raises(ValidationError) as info:
            return_reports.spj_list(s, world.admin, Y, 13)
        assert "month" in info.value.fields


def test_budget_by_fund_month_and_province_and_what_remains(db, world, month) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        report = return_reports.budget_report(s, world.admin, Y)
    (line,) = report.lines
    assert line.allocation == 5_000_000 and line.spent == 1_345_000 and line.remaining == 3_655_000
    # approved plans (escort costs included) commit their planned money even after a voucher is voided
    assert line.committed == 210_000 + 410_000 + 210_000 + 475_000
    assert report.total_spent == 1_345_000 and report.unassigned == 0 and report.warnings == ()
    assert [t.amount for t in report.by_month if t.key == str(M)] == [1_345_000]
    assert sum(t.amount for t in report.by_month) == 1_345_000
    provinces = {t.label: t.amount for t in report.by_province}
    assert provinces == {"Jawa Barat": 870_000, "Jawa Tengah": 475_000}
    assert report.by_province[0].label == "Jawa Barat"
    assert {(c.fund_source_name, c.month, c.province_name, c.amount) for c in report.cells} == {
        ("APBD Provinsi DKI Jakarta", M, "Jawa Barat", 870_000),
        ("APBD Provinsi DKI Jakarta", M, "Jawa Tengah", 475_000),
    }


def test_a_line_below_zero_is_warned(db, world, month) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, make_resident(db, name="Dadang", nik=None))
    with db.write() as s:
        big = letters.issue_kwitansi(
            s, world.admin, KwitansiRequest(plan.id, amount=4_000_000, purpose="Bantuan tunai")
        )
    with db.read() as s:
        report = return_reports.budget_report(s, world.admin, Y)
    (line,) = report.lines
    assert line.remaining == 5_000_000 - 5_345_000 and line.overspent
    assert any("terlampaui" in w and "-Rp345.000,00" in w for w in report.warnings)
    with db.write() as s:  # a voided kwitansi is not spending
        letters_register.void_document(s, world.admin, big.id, "Dibayar lewat voucher")
    with db.read() as s:
        report = return_reports.budget_report(s, world.admin, Y)
        assert return_reports.spj_list(s, world.admin, Y, M).total == 1_345_000
    assert report.lines[0].remaining == 3_655_000 and report.warnings == ()


def test_spj_pdf_reads_back(db, world, month, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        pdf = return_reports.spj_pdf(s, world.admin, Y, M, include_voided=True, invariant=True)
    save_pngs(pdf, letter_artifacts, "spj")
    text = pdf_text(pdf)
    from kesos_desktop.core.i18n.formatters import month_name

    assert "DAFTAR PERTANGGUNGJAWABAN (SPJ) BANTUAN PEMULANGAN" in text
    assert f"BULAN {month_name(M, 'id').upper()} {Y}" in text
    assert "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA" in text
    for number in (month.voucher_numbers["v1"], month.voucher_numbers["v4"], month.kwitansi_standalone):
        assert number in text
    assert f"Kwitansi {month.kwitansi_receipt}" in text
    assert "BATAL; tidak dihitung" in text
    assert "Rp1.345.000,00" in text and "Satu Juta Tiga Ratus Empat Puluh Lima Ribu Rupiah" in text
    assert "Jumlah 4 bukti" in text
    assert "AHMAD FAUZI, S.E." in text and "SRI MULYANI, S.E." in text and "BAMBANG SUTRISNO" in text
    assert "Karsono" in text and NIK not in text.replace(" ", "") and "3302010202750001" not in text.replace(" ", "")
    assert "••" not in text  # not even masked: the SPJ names people, it does not identify them by NIK


def test_spj_and_budget_xlsx_read_back(db, world, month, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        data = return_reports.spj_xlsx(s, world.admin, Y, M, include_voided=True)
        budget = return_reports.budget_xlsx(s, world.admin, Y)
    (letter_artifacts / "spj.xlsx").write_bytes(data)
    (letter_artifacts / "anggaran.xlsx").write_bytes(budget)
    wb = load_workbook(io.BytesIO(data))
    ws = wb["SPJ"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    assert header[2] == "Nomor bukti" and header[11] == "Jumlah (Rp)"
    body = [r for r in rows[3:] if r[2]]
    assert len(body) == 5  # four counted and the voided voucher
    amounts = {r[2]: r[11] for r in body}
    assert amounts[month.voucher_numbers["v2"]] == 410_000 and isinstance(amounts[month.voucher_numbers["v2"]], int)
    assert sum(r[11] for r in body if r[13] == "Sah") == 1_345_000
    total = next(r for r in rows if r[10] == "JUMLAH")
    assert total[11] == 1_345_000
    assert ws.cell(4, 12).number_format == return_reports.RUPIAH_FORMAT
    assert ws.cell(4, 4).is_date
    everything = " ".join(str(v) for r in rows for v in r if v is not None)
    for nik in (NIK, "3275010101800005", "3302010202750001"):
        assert nik not in everything.replace(" ", "")
    wb = load_workbook(io.BytesIO(budget))
    assert wb.sheetnames == ["Pagu", "Per bulan", "Per provinsi", "Sumber dana-bulan-provinsi", "Rincian"]
    pagu = list(wb["Pagu"].iter_rows(values_only=True))
    line = next(r for r in pagu if r[1] == "5.1.02.99")
    assert line[3:6] == (5_000_000, 1_345_000, 3_655_000)
    provinces = {r[1]: r[3] for r in wb["Per provinsi"].iter_rows(min_row=2, values_only=True)}
    assert provinces == {"Jawa Barat": 870_000, "Jawa Tengah": 475_000}
