"""Vouchers: numbering (unique, gap-free, nothing consumed by a failed print), the PDF read back, the QR decoded by an
independent decoder and verified offline, tampering, voiding, reprints, the register, and the CLI."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kesos_desktop import cli_vouchers
from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.i18n.formatters import mask_nik
from kesos_desktop.core.models import IssuedDocument, PersonDocument, PersonEvent, Voucher
from kesos_desktop.core.security import signing
from kesos_desktop.core.services import returns, vouchers, vouchers_register
from kesos_desktop.core.services.returns import PlanInput
from tests.core.returns.conftest import approved_plan, make_resident

TODAY = date.today()
NIK = "3302011403780003"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _png(pdf: bytes, path: Path, scale: float = 2.0) -> Path:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        doc[0].render(scale=scale).to_pil().save(path)
    finally:
        doc.close()
    return path


@pytest.fixture
def plan(db, admin, pimpinan, resident, fares, budget_line, signatory):  # type: ignore[no-untyped-def]
    return approved_plan(db, admin, pimpinan, resident, budget_line)


def _issue(db, actor, plan_id, **kw):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return vouchers.issue_voucher(s, actor, vouchers.VoucherRequest(plan_id, **kw), invariant=True)


def test_voucher_pdf_reads_back_and_its_qr_verifies(db, admin, plan, returns_artifacts) -> None:  # type: ignore[no-untyped-def]
    issued = _issue(db, admin, plan.id, issued_on=TODAY, valid_until=TODAY + timedelta(days=14))
    info = issued.info
    assert info.number == f"0001/VCR/Dinsos/{TODAY.year}" and info.seq == 1
    assert info.amount == 210_000  # the person's fare and allowances; the escort's claim is not on the voucher
    (returns_artifacts / "voucher.pdf").write_bytes(issued.pdf)
    png = _png(issued.pdf, returns_artifacts / "voucher.png")
    text = _text(issued.pdf)
    assert "VOUCHER BANTUAN TRANSPORT" in text
    assert info.number in text
    assert mask_nik(NIK) in text and NIK not in text
    assert "Rp210.000,00" in text
    assert "Dua Ratus Sepuluh Ribu Rupiah" in text
    assert "Dinsos DKI Jakarta → Dinsos Kota Bekasi" in " ".join(text.split())
    assert "BAMBANG SUTRISNO" in text and "NIP 19680411 199303 1 009" in text
    assert "Cap jempol" in text
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed: the QR cannot be decoded independently")
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True)
    payload = decoded.stdout.strip()
    assert payload == info.payload
    with db.read() as s:
        result = vouchers_register.verify_voucher(s, payload)
    assert result.status == "asli", result.message
    assert result.fields is not None and result.fields.number == info.number and result.fields.amount == 210_000
    assert result.fields.person_ref == info.registration_no  # a registration number, never the NIK
    assert NIK not in payload
    with db.read() as s:  # stored as an issued document and listed on the profile
        document = s.get(IssuedDocument, info.document_id)
        assert document is not None and document.kind == "voucher"
        listed = s.get(PersonDocument, document.person_document_id)
        assert listed is not None and listed.kind == "VOUCHER" and listed.sha256 == document.sha256
        assert "voucher_issued" in [e.kind for e in s.scalars(select(PersonEvent))]


def test_a_voucher_needs_an_approved_plan(db, admin, resident, fares, budget_line, signatory) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        draft = returns.create_plan(
            s, admin, PlanInput(person_id=resident.person_id, destination_region_code="32.75", legs=[])
        )
    with pytest.raises(ValidationError) as info:
        _issue(db, admin, draft.id)
    assert "plan_id" in info.value.fields and "disetujui" in info.value.fields["plan_id"]


def test_tampered_unknown_expired_and_voided_are_rejected(db, admin, pimpinan, plan) -> None:  # type: ignore[no-untyped-def]
    issued = _issue(db, admin, plan.id, issued_on=TODAY, valid_until=TODAY + timedelta(days=7))
    payload = issued.info.payload
    head, body, sig = payload.split(".")
    fields = signing.VoucherPayload.unpacked(signing._unb64(body))
    richer = signing._b64(
        signing.VoucherPayload(
            fields.key_id, fields.office_code, fields.number, 2_100_000, fields.issued_on, fields.valid_until, "X"
        ).packed()
    )
    with db.read() as s:
        assert vouchers_register.verify_voucher(s, f"{head}.{richer}.{sig}").status == "palsu"
        assert vouchers_register.verify_voucher(s, payload[:-3] + "AAA").status == "palsu"
        assert vouchers_register.verify_voucher(s, "bukan voucher").status == "palsu"
        assert vouchers_register.verify_voucher(s, payload, today=TODAY + timedelta(days=8)).status == "kedaluwarsa"
        # Line breaks and spaces from a wrapped printout do not matter.
        assert vouchers_register.verify_voucher(s, payload[:80] + "\n " + payload[80:]).status == "asli"
    stranger = signing.generate_keypair()
    forged = signing.sign_payload(
        signing.VoucherPayload(stranger.key_id, "DINSOS-31", "0099/VCR/Dinsos/2026", 500_000, TODAY, TODAY, "WB"),
        stranger.private_seed,
    )
    with db.read() as s:
        assert vouchers_register.verify_voucher(s, forged).status == "tidak_dikenal"
    with db.write() as s, pytest.raises(PermissionDenied):
        vouchers.void_voucher(s, _worker(db, admin), issued.info.id, "salah cetak")
    with db.write() as s, pytest.raises(ValidationError):
        vouchers.void_voucher(s, pimpinan, issued.info.id, "")
    with db.write() as s:
        voided = vouchers.void_voucher(
            s, pimpinan, issued.info.id, "Salah tanggal keberangkatan", issued.info.version_id
        )
    assert voided.status == "batal"
    with db.read() as s:
        result = vouchers_register.verify_voucher(s, payload)
        assert result.status == "dibatalkan" and "Salah tanggal" in result.message
        pdf = vouchers.voucher_pdf(s, admin, issued.info.id, invariant=True)
    assert "BATAL" in _text(pdf)
    # The legs are free again: a new voucher takes the next number (the voided one is never reused).
    again = _issue(db, admin, plan.id)
    assert again.info.seq == 2


def _worker(db, admin):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services import auth
    from tests.factories import make_user

    make_user(db, admin, "staf", ["pekerja_sosial"])
    with db.write() as s:
        return auth.login(s, "staf", "sandi12345")


def test_partner_office_verifies_with_the_exported_public_key(db, admin, plan) -> None:  # type: ignore[no-untyped-def]
    issued = _issue(db, admin, plan.id)
    with db.write() as s:
        line = vouchers_register.export_public_key(s, admin)
    assert line.startswith("KESOS-KUNCI1 ")
    key = signing.parse_public_key(line)
    assert signing.verify_voucher_text(issued.info.payload, {}).status == "tidak_dikenal"
    assert signing.verify_voucher_text(issued.info.payload, {key.key_id: key}).status == "asli"
    with pytest.raises(ValidationError):
        signing.parse_public_key(line.replace("KESOS-KUNCI1", "KUNCI"))


def test_a_failed_print_consumes_no_number(db, admin, plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OSError("printer offline")

    monkeypatch.setattr(vouchers, "render_voucher", broken)
    with pytest.raises(OSError):
        _issue(db, admin, plan.id)
    monkeypatch.undo()

    def jammed(_pdf: bytes) -> None:
        raise OSError("kertas macet")

    with db.write() as s, pytest.raises(OSError):
        vouchers.issue_voucher(s, admin, vouchers.VoucherRequest(plan.id), deliver=jammed)
    with db.read() as s:
        assert s.scalar(select(Voucher.id)) is None
    delivered: list[bytes] = []
    with db.write() as s:
        issued = vouchers.issue_voucher(s, admin, vouchers.VoucherRequest(plan.id), deliver=delivered.append)
    assert issued.info.seq == 1 and delivered == [issued.pdf]


def test_reprint_is_marked_salinan_with_its_count(db, admin, plan, returns_artifacts) -> None:  # type: ignore[no-untyped-def]
    issued = _issue(db, admin, plan.id)
    with db.write() as s:
        copy = vouchers.reprint_voucher(s, admin, issued.info.id, invariant=True)
    text = _text(copy)
    assert "SALINAN (cetakan ke-2)" in text and issued.info.number in text
    with db.read() as s:
        assert vouchers_register.get_voucher(s, admin, issued.info.id).print_count == 2
        assert vouchers.voucher_pdf(s, admin, issued.info.id) == issued.pdf  # the original stays as issued
    png = _png(copy, returns_artifacts / "voucher-salinan.png")
    if shutil.which("zbarimg"):  # the translucent watermark over the QR code must not stop a scanner
        decoded = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True)
        assert decoded.stdout.strip() == issued.info.payload


def test_children_get_no_photo_adults_do(db, admin, pimpinan, network, fares, budget_line, signatory) -> None:  # type: ignore[no-untyped-def]
    adult = make_resident(db, name="Wagiman", birth_date=date(1970, 1, 1))
    child = make_resident(db, name="Dimas Saputra", birth_date=TODAY.replace(year=TODAY.year - 12))
    unknown = make_resident(db, name="Tanpa Tanggal Lahir", birth_date=None)
    images = {}
    for who in (adult, child, unknown):
        plan = approved_plan(db, admin, pimpinan, who, budget_line)
        pdf = _issue(db, admin, plan.id).pdf
        images[who] = len(PdfReader(io.BytesIO(pdf)).pages[0].images)
    assert images[adult] == 1 and images[child] == 0 and images[unknown] == 0


def test_numbers_stay_unique_and_gap_free_with_concurrent_threads(
    db, admin, pimpinan, network, fares, budget_line, signatory
) -> None:  # type: ignore[no-untyped-def]
    plans = [approved_plan(db, admin, pimpinan, make_resident(db), budget_line) for _ in range(12)]
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(chunk) -> None:  # type: ignore[no-untyped-def]
        for p in chunk:
            try:
                with db.write() as s:
                    issued = vouchers.issue_voucher(s, admin, vouchers.VoucherRequest(p.id))
                with lock:
                    numbers.append(issued.info.seq)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(plans[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 13))


def test_batch_issues_all_or_nothing_with_progress(db, admin, pimpinan, network, fares, budget_line, signatory) -> None:  # type: ignore[no-untyped-def]
    plans = [approved_plan(db, admin, pimpinan, make_resident(db), budget_line) for _ in range(3)]
    seen: list[tuple[int, int]] = []
    requests = [vouchers.VoucherRequest(p.id) for p in plans]
    with db.write() as s, pytest.raises(ValidationError) as info:
        vouchers.issue_vouchers(s, admin, [*requests, vouchers.VoucherRequest(plans[0].id)])
    assert "requests.3.leg_ids" in info.value.fields  # the 4th repeats the 1st plan's legs
    with db.write() as s:
        done = vouchers.issue_vouchers(s, admin, requests, progress=lambda d, t, _m: seen.append((d, t)))
    assert [v.info.seq for v in done] == [1, 2, 3]
    assert seen[-1] == (3, 3)


def test_register_filters_by_period_status_and_province(
    db, admin, pimpinan, network, fares, budget_line, signatory
) -> None:  # type: ignore[no-untyped-def]
    bekasi = approved_plan(db, admin, pimpinan, make_resident(db), budget_line, "32.75")
    papua = approved_plan(db, admin, pimpinan, make_resident(db), budget_line, "91.03")
    first = _issue(db, admin, bekasi.id, issued_on=TODAY - timedelta(days=40), valid_until=TODAY - timedelta(days=10))
    _issue(db, admin, papua.id)
    with db.read() as s:
        assert [v.number for v in vouchers_register.list_vouchers(s, admin)][-1] == first.info.number
        assert len(vouchers_register.list_vouchers(s, admin, vouchers_register.VoucherFilter(province_code="91"))) == 1
        expired = vouchers_register.list_vouchers(s, admin, vouchers_register.VoucherFilter(status="kedaluwarsa"))
        assert [v.number for v in expired] == [first.info.number] and expired[0].status_label == "Kedaluwarsa"
        recent = vouchers_register.list_vouchers(
            s, admin, vouchers_register.VoucherFilter(date_from=TODAY - timedelta(days=5))
        )
        assert len(recent) == 1 and recent[0].destination_region_code == "91.03"
        totals = vouchers_register.register_totals(s, admin, vouchers_register.VoucherFilter())
        assert totals.count == 2 and totals.amount == first.info.amount + recent[0].amount
        with pytest.raises(ValidationError):
            vouchers_register.list_vouchers(s, admin, vouchers_register.VoucherFilter(status="hilang"))


def _cli(db_path: Path, voucher: str, *keys: str) -> argparse.Namespace:
    return argparse.Namespace(voucher=voucher, db=str(db_path), key=list(keys), no_db=False, date=None)


def test_cli_verifies_a_pdf_and_a_tampered_text(db, db_path, admin, plan, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    issued = _issue(db, admin, plan.id)
    pdf = tmp_path / "voucher.pdf"
    pdf.write_bytes(issued.pdf)
    assert cli_vouchers.run(_cli(db_path, str(pdf))) == 0
    out = capsys.readouterr().out
    assert out.startswith("ASLI") and issued.info.number in out
    if shutil.which("zbarimg"):
        assert "kode QR" in out
    from kesos_desktop.core.documents import voucher_read

    monkeypatch.setattr(voucher_read.shutil, "which", lambda _name: None)  # no zbar-tools on this PC
    assert cli_vouchers.run(_cli(db_path, str(pdf))) == 0
    out = capsys.readouterr().out
    assert out.startswith("ASLI") and "zbarimg" in out and "metadata PDF" in out
    monkeypatch.undo()
    bad = issued.info.payload.replace(".", ".A", 1)
    assert cli_vouchers.run(_cli(db_path, bad)) == 1
    assert capsys.readouterr().out.startswith("PALSU")
    with db.write() as s:
        line = vouchers_register.export_public_key(s, admin)
    args = argparse.Namespace(voucher=issued.info.payload, db=None, key=[line], no_db=True, date=None)
    assert cli_vouchers.run(args) == 0
