"""Kwitansi bantuan transport / uang saku read back: figures and words, who pays, for what, the person's thumbprint
box, PPTK / bendahara / Pengguna Anggaran, the meterai box above Rp5.000.000, the receipt of a voucher, bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.models import IssuedDocumentData, LetterRegister
from kesos_desktop.core.services import letters, vouchers
from kesos_desktop.core.services.letters import KwitansiRequest
from tests.core.letters.conftest import NIK, TODAY, bekasi_plan, make_resident, page_count, pdf_text, save_pngs

Y = TODAY.year


def _kwitansi(db, actor, request, **kw):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return letters.issue_kwitansi(s, actor, request, invariant=True, **kw)


def test_kwitansi_for_the_legs_reads_back(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident, meal=50_000, pocket=1_140_000)
    issued = _kwitansi(db, world.admin, KwitansiRequest(plan.id))
    save_pngs(issued.pdf, letter_artifacts, "kwitansi")
    text = pdf_text(issued.pdf)
    assert page_count(issued.pdf) == 1
    assert issued.number == f"0001/KW/Dinsos/{Y}"
    assert "K W I T A N S I" in text and f"Nomor: {issued.number}" in text
    assert "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA" in text
    assert "Sudah terima dari : Bendahara Pengeluaran Dinas Sosial Provinsi DKI Jakarta" in text
    assert "# Satu Juta Dua Ratus Lima Puluh Ribu Rupiah #" in text
    assert "Rp1.250.000,00" in text
    assert "Untuk pembayaran : Bantuan transport dan uang saku pemulangan ke daerah asal" in text
    assert "Uang saku 1 hari × Rp1.140.000,00" in text and "Rp60.000,00" in text
    assert "Yang menerima," in text and "Cap jempol" in text and "Sutrisno bin Karto" in text
    assert "Setuju dibayar," in text and "AHMAD FAUZI, S.E." in text
    assert "Lunas dibayar tanggal" in text and "SRI MULYANI, S.E." in text and "NIP 19790505 200501 2 003" in text
    assert "Mengetahui," in text and "Drs. H. BAMBANG SUTRISNO, M.Si." in text
    assert "5.1.02.99" in text
    assert "METERAI" not in text
    assert NIK not in text.replace(" ", "")
    with db.read() as s:
        data = s.get(IssuedDocumentData, issued.id)
        assert data is not None and data.amount == 1_250_000 and data.budget_line_id == world.budget_line_id
        entry = s.scalar(select(LetterRegister).where(LetterRegister.document_id == issued.id))
        assert entry is not None and entry.kind == "kwitansi" and entry.addressee == "Sutrisno bin Karto"


def test_meterai_box_above_five_million(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    exact = _kwitansi(db, world.admin, KwitansiRequest(plan.id, amount=5_000_000, purpose="Bantuan sosial"))
    assert "METERAI" not in pdf_text(exact.pdf)
    issued = _kwitansi(
        db,
        world.admin,
        KwitansiRequest(plan.id, amount=7_500_000, purpose="Bantuan transport kapal dan uang saku keluarga"),
    )
    save_pngs(issued.pdf, letter_artifacts, "kwitansi-meterai")
    text = pdf_text(issued.pdf)
    assert "METERAI Rp10.000" in text and "# Tujuh Juta Lima Ratus Ribu Rupiah #" in text
    assert "Rp7.500.000,00" in text and "dengan rincian" not in text
    assert issued.number == f"0002/KW/Dinsos/{Y}"


def test_kwitansi_as_the_receipt_of_a_voucher(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    with db.write() as s:
        voucher = vouchers.issue_voucher(s, world.admin, vouchers.VoucherRequest(plan.id), invariant=True).info
    issued = _kwitansi(db, world.admin, KwitansiRequest(plan.id, voucher_id=voucher.id))
    save_pngs(issued.pdf, letter_artifacts, "kwitansi-voucher")
    text = pdf_text(issued.pdf)
    assert "Rp210.000,00" in text and "# Dua Ratus Sepuluh Ribu Rupiah #" in text
    assert f"voucher {voucher.number}" in text
    with db.read() as s:
        assert s.get(IssuedDocumentData, issued.id).voucher_id == voucher.id
    with pytest.raises(ValidationError) as info:  # one receipt per voucher
        _kwitansi(db, world.admin, KwitansiRequest(plan.id, voucher_id=voucher.id))
    assert "voucher_id" in info.value.fields
    with db.write() as s:
        vouchers.void_voucher(s, world.admin, voucher.id, "Salah tanggal")
    with pytest.raises(ValidationError) as info:
        _kwitansi(db, world.admin, KwitansiRequest(plan.id, voucher_id=voucher.id))
    assert "voucher_id" in info.value.fields and "dibatalkan" in info.value.fields["voucher_id"]


def test_bad_amounts_and_plans_are_refused_at_the_field(db, world, resident) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    for amount in (0, -5_000):
        with pytest.raises(ValidationError) as info:
            _kwitansi(db, world.admin, KwitansiRequest(plan.id, amount=amount))
        assert "amount" in info.value.fields
    free = make_resident(db, name="Wagiman", nik=None)
    nothing = bekasi_plan(db, world, free, meal=0, pocket=0)
    with db.write() as s:  # a plan whose leg costs nothing: no amount to default to
        from kesos_desktop.core.models import ReturnLeg

        leg = s.get(ReturnLeg, nothing.legs[0].id)
        leg.fare_amount = 0
        s.commit()
    with pytest.raises(ValidationError) as info:
        _kwitansi(db, world.admin, KwitansiRequest(nothing.id))
    assert "amount" in info.value.fields
    draft = bekasi_plan(db, world, make_resident(db, name="Draf", nik=None), approve=False)
    with pytest.raises(ValidationError) as info:
        _kwitansi(db, world.admin, KwitansiRequest(draft.id, amount=100_000))
    assert "plan_id" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _kwitansi(db, world.admin, KwitansiRequest(plan.id, amount=100_000, budget_line_id=999))
    assert "budget_line_id" in info.value.fields
    with pytest.raises(PermissionDenied):  # money documents need the voucher permission
        _kwitansi(db, world.pimpinan, KwitansiRequest(plan.id, amount=100_000))
    with db.read() as s:
        assert s.scalar(select(LetterRegister.id)) is None


def test_kwitansi_preview_and_salinan(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    preview = _kwitansi(db, world.admin, KwitansiRequest(plan.id), preview=True)
    assert preview.preview and preview.number == f".../KW/Dinsos/{Y}"
    assert "PRATINJAU" in pdf_text(preview.pdf)
    issued = _kwitansi(db, world.admin, KwitansiRequest(plan.id))
    assert issued.number == f"0001/KW/Dinsos/{Y}"
    with db.write() as s:
        copy = letters.document_pdf(s, world.admin, issued.id, copy=True, invariant=True)
    save_pngs(copy, letter_artifacts, "kwitansi-salinan")
    text = pdf_text(copy)
    assert "SALINAN (cetakan ke-2)" in text and "Rp210.000,00" in text and issued.number in text
