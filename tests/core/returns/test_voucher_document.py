"""The voucher renderer on its own: long content stays on one page, BATAL/SALINAN marks, no photo for children."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.documents.voucher import VoucherDocument, VoucherLegLine, render_voucher
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.security import signing

KEY = signing.generate_keypair()


def _doc(**overrides: object) -> VoucherDocument:
    payload = signing.sign_payload(
        signing.VoucherPayload(
            KEY.key_id,
            "DINSOS-31",
            "0123/VCR/Dinsos/2026",
            1_925_000,
            date(2026, 8, 17),
            date(2026, 9, 16),
            "WB-2026-000321",
        ),
        KEY.private_seed,
    )
    values: dict[str, object] = {
        "letterhead": Letterhead(
            "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
            "DINAS SOSIAL",
            units=("UPT PANTI SOSIAL BINA INSAN BANGUN DAYA 1",),
            contact_lines=("Jalan Gunung Sahari II Nomor 5, Jakarta Pusat 10610", "Telepon (021) 4265115"),
        ),
        "office_name": "Dinas Sosial Provinsi DKI Jakarta",
        "number": "0123/VCR/Dinsos/2026",
        "issued_on": date(2026, 8, 17),
        "valid_until": date(2026, 9, 16),
        "place": "Jakarta",
        "person_name": "Ni Luh Putu Ayu Sekar Arum Wulandari",
        "registration_no": "WB-2026-000321",
        "nik_masked": "5171 04•• •••• 0002",
        "destination": "Banjar Dinas Kaja, Desa Sangsit, Kecamatan Sawan, Kabupaten Buleleng, Provinsi Bali",
        "plan_no": "RP-2026-0042",
        "legs": (
            VoucherLegLine(
                1, "Dinsos Kab. Bekasi", "Dinsos DKI Jakarta", "Kendaraan dinas", "", date(2026, 8, 17), 0, 50_000, 0
            ),
            VoucherLegLine(
                2,
                "Dinsos DKI Jakarta",
                "Dinsos Jawa Timur",
                "Kereta api",
                "KAI Gumarang",
                date(2026, 8, 18),
                475_000,
                150_000,
                200_000,
            ),
            VoucherLegLine(
                3,
                "Dinsos Jawa Timur",
                "Dinsos Bali",
                "Bus / DAMRI",
                "Gunung Harta",
                date(2026, 8, 19),
                350_000,
                100_000,
                600_000,
            ),
        ),
        "signatory": Signatory(
            "Drs. H. BAMBANG SUTRISNO, M.Si.",
            "Kepala Bidang Rehabilitasi Sosial",
            nip="196804111993031009",
            pangkat="Pembina Tingkat I (IV/b)",
            prefix="a.n.",
            on_behalf_of="Kepala Dinas Sosial Provinsi DKI Jakarta",
        ),
        "payload": payload,
    }
    values.update(overrides)
    return VoucherDocument(**values)  # type: ignore[arg-type]


def _png(pdf: bytes, path: Path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        doc[0].render(scale=1.5).to_pil().save(path)
    finally:
        doc.close()


def test_three_legs_and_an_a_n_signatory_fit_one_page(returns_artifacts: Path) -> None:
    doc = _doc()
    pdf = render_voucher(doc, invariant=True)
    _png(pdf, returns_artifacts / "voucher-three-legs.png")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Rp1.925.000,00" in text and doc.amount == 1_925_000
    assert "Satu Juta Sembilan Ratus Dua Puluh Lima Ribu Rupiah" in text
    assert "a.n. Kepala Dinas Sosial Provinsi DKI Jakarta" in text
    assert "Tanpa foto" in text
    assert reader.metadata.subject == doc.payload  # the verifier's fallback when no QR decoder is installed


def test_void_and_copy_marks(returns_artifacts: Path) -> None:
    voided = render_voucher(_doc(), voided=True, void_reason="Salah tujuan", invariant=True)
    _png(voided, returns_artifacts / "voucher-batal.png")
    text = PdfReader(io.BytesIO(voided)).pages[0].extract_text()
    assert "BATAL" in text and "DIBATALKAN: Salah tujuan" in text
    copy = render_voucher(_doc(), copy_number=3, printed_on=date(2026, 8, 20), invariant=True)
    assert "SALINAN (cetakan ke-3), dicetak 20 Agustus 2026" in PdfReader(io.BytesIO(copy)).pages[0].extract_text()


def test_a_bad_signatory_is_refused_before_printing() -> None:
    with pytest.raises(ValidationError):
        render_voucher(_doc(signatory=Signatory("", "Kepala Dinas")))
