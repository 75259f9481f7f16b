"""The letters of a return read back from their PDFs: Surat Pengantar (korespondensi), Berita Acara Serah Terima
(day and date in words, both parties with NIP), Surat Jalan; stored and listed on the person's Dokumen tab; a PNG of
every page in tests/artifacts/letters/ to look at."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.i18n.formatters import mask_nik
from kesos_desktop.core.models import (
    DocumentBlob,
    IssuedDocument,
    IssuedDocumentData,
    LetterRegister,
    PersonDocument,
    PersonEvent,
    ReturnLeg,
)
from kesos_desktop.core.services import letters, person_files, returns_status
from kesos_desktop.core.services.letters import (
    BelongingInput,
    BeritaAcaraRequest,
    PartyInput,
    SuratJalanRequest,
    SuratPengantarRequest,
)
from tests.core.letters.conftest import (
    NIK,
    TODAY,
    banyumas_plan,
    bekasi_plan,
    make_resident,
    page_count,
    pdf_text,
    save_pngs,
)
from tests.factories import make_user

KOP = ("PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA", "DINAS SOSIAL", "Jalan Gunung Sahari II Nomor 5")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _kop_and_privacy(text: str) -> None:
    for line in KOP:
        assert line in text
    assert mask_nik(NIK) in text
    assert NIK not in text.replace(" ", "")


def test_surat_pengantar_relay_addresses_the_next_leg(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = banyumas_plan(db, world, resident)
    with db.write() as s:
        issued = letters.issue_surat_pengantar(
            s,
            world.admin,
            SuratPengantarRequest(
                plan.id,
                letter_date=date(TODAY.year, 8, 17),
                attachments=["Fotokopi KTP yang bersangkutan", "Surat keterangan terlantar dari kepolisian"],
                tembusan=["Kepala Dinas Sosial Kabupaten Banyumas", "Arsip"],
            ),
            invariant=True,
        )
    year = TODAY.year
    assert issued.number == f"400.9/1/Dinsos/VIII/{year}"
    assert issued.id is not None and not issued.preview
    text = pdf_text(issued.pdf)
    save_pngs(issued.pdf, letter_artifacts, "surat-pengantar-estafet")
    _kop_and_privacy(text)
    assert f"Jakarta, 17 Agustus {year}" in text
    assert f"Nomor : {issued.number}" in text
    assert "Sifat : Biasa" in text and "Lampiran : 2 (dua) berkas" in text
    assert "Hal : Pemulangan Warga Binaan" in text
    # Addressed to the next relay point (Jawa Barat), which forwards; the route shows all three legs.
    assert "Yth. Kepala Dinas Sosial Provinsi Jawa Barat" in text and "di Tempat" in text
    assert "meneruskannya sampai ke daerah tujuan" in text
    assert "Dinsos Jawa Barat" in text and "Dinsos Jawa Tengah" in text and "Kabupaten Banyumas" in text
    assert "Sutrisno bin Karto" in text and "Siti" not in text
    assert "Karto Suwiryo (ayah)" in text
    assert "Dedi Kurniawan" in text
    # a.n. signatory from the office settings for surat_pengantar
    assert "a.n. Kepala Dinas Sosial Provinsi DKI Jakarta Sekretaris," in text
    assert "Dra. RINA MARLINA, M.M." in text and "NIP 19720315 200003 2 004" in text
    assert "Tembusan:" in text and "Arsip" in text
    with db.read() as s:
        document = s.get(IssuedDocument, issued.id)
        assert document is not None and document.kind == "surat_pengantar" and document.number == issued.number
        legs = s.scalars(select(ReturnLeg).where(ReturnLeg.plan_id == plan.id).order_by(ReturnLeg.seq)).all()
        assert document.leg_id == legs[0].id
        blob = s.get(DocumentBlob, document.sha256)
        assert blob is not None and bytes(blob.content) == issued.pdf
        entry = s.scalar(select(LetterRegister).where(LetterRegister.document_id == document.id))
        assert entry is not None and entry.seq == 1 and entry.klasifikasi == "400.9" and not entry.is_manual
        assert entry.addressee == "Kepala Dinas Sosial Provinsi Jawa Barat" and entry.plan_id == plan.id
        listed = person_files.list_documents(s, world.admin, resident.person_id)
        assert [d.kind for d in listed] == ["SURAT_PENGANTAR"] and listed[0].sha256 == document.sha256
        kinds = set(s.scalars(select(PersonEvent.kind).where(PersonEvent.person_id == resident.person_id)))
        assert "letter_issued" in kinds


def test_surat_pengantar_to_destination_and_options(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    with db.write() as s:
        issued = letters.issue_surat_pengantar(
            s,
            world.admin,
            SuratPengantarRequest(plan.id, sifat="Segera", hal="Pemulangan Orang Terlantar"),
            invariant=True,
        )
    text = pdf_text(issued.pdf)
    save_pngs(issued.pdf, letter_artifacts, "surat-pengantar")
    assert page_count(issued.pdf) == 1
    assert "Yth. Kepala Dinas Sosial Kota Bekasi" in text and "di Bekasi" in text
    assert "menyerahkannya kepada keluarga" in text
    assert "Sifat : Segera" in text and "Lampiran : -" in text and "Hal : Pemulangan Orang Terlantar" in text
    assert "Siti Aminah (istri)" in text


def test_berita_acara_spells_the_day_and_date(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    leg_id = plan.legs[0].id
    with db.write() as s:
        issued = letters.issue_berita_acara(
            s,
            world.admin,
            BeritaAcaraRequest(leg_id, condition="sehat jasmani dan rohani", handover_on=date(2026, 8, 17)),
            invariant=True,
        )
    text = pdf_text(issued.pdf)
    save_pngs(issued.pdf, letter_artifacts, "berita-acara")
    _kop_and_privacy(text)
    assert issued.number == f"400.9/1/BAST/Dinsos/VIII/{2026}"
    assert "BERITA ACARA SERAH TERIMA" in text and f"NOMOR: {issued.number}" in text
    assert (
        "Pada hari ini Senin tanggal tujuh belas bulan Agustus tahun dua ribu dua puluh enam, bertempat di "
        "Kantor Dinas Sosial Kota Bekasi" in text
    )
    # First party: our escort with NIP; second: not recorded yet, dotted lines with the receiving office.
    assert "Dedi Kurniawan, S.Sos." in text and "19850212 201001 1 015" in text
    assert "Pekerja Sosial Ahli Muda" in text and "Dinas Sosial Provinsi DKI Jakarta" in text
    assert "selanjutnya disebut PIHAK PERTAMA" in text and "selanjutnya disebut PIHAK KEDUA" in text
    assert "Instansi : Dinas Sosial Kota Bekasi" in text
    # Belongings from the stay, condition, two-column signatures and Mengetahui
    assert "Tas ransel hitam berisi pakaian" in text and "Telepon genggam" in text
    assert "sehat jasmani dan rohani" in text
    assert "PIHAK KEDUA, Yang Menerima" in text and "PIHAK PERTAMA, Yang Menyerahkan" in text
    assert "Mengetahui, Kepala Dinas Sosial Provinsi DKI Jakarta," in text
    assert "rangkap 2 (dua)" in text


def test_berita_acara_after_the_handover_names_the_receiving_officer(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    leg_id = plan.legs[0].id
    with db.write() as s:
        plan = returns_status.record_departure(s, world.admin, plan.id, plan.version_id, TODAY)
    with db.write() as s:
        returns_status.record_handover(
            s,
            world.admin,
            plan.id,
            leg_id,
            plan.version_id,
            on=TODAY,
            officer_name="Hendra Gunawan, S.ST.",
            officer_nip="197709092003121002",
            officer_jabatan="Kepala Seksi Rehabilitasi Sosial",
        )
    with db.write() as s:
        issued = letters.issue_berita_acara(
            s,
            world.admin,
            BeritaAcaraRequest(
                leg_id,
                condition="sehat, barang bawaan lengkap",
                belongings=[BelongingInput("Kardus berisi pakaian", 2, "diikat tali rafia")],
                first_party=PartyInput("Dedi Kurniawan, S.Sos.", "19850212 201001 1 015", "Pendamping"),
                copies=3,
            ),
            invariant=True,
        )
    text = pdf_text(issued.pdf)
    save_pngs(issued.pdf, letter_artifacts, "berita-acara-diterima")
    assert "Hendra Gunawan, S.ST." in text and "19770909 200312 1 002" in text
    assert "Kepala Seksi Rehabilitasi Sosial" in text
    assert "Kardus berisi pakaian" in text and "Telepon genggam" not in text
    assert "rangkap 3 (tiga)" in text
    assert f"Pada hari ini {['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'][TODAY.weekday()]}" in text


def test_surat_jalan_with_escort_route_and_validity(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = banyumas_plan(db, world, resident)
    start = TODAY
    with db.write() as s:
        issued = letters.issue_surat_jalan(
            s,
            world.admin,
            SuratJalanRequest(plan.id, valid_from=start, valid_until=start + timedelta(days=10)),
            invariant=True,
        )
    text = pdf_text(issued.pdf)
    save_pngs(issued.pdf, letter_artifacts, "surat-jalan")
    _kop_and_privacy(text)
    assert "SURAT JALAN" in text and f"NOMOR: {issued.number}" in text
    assert issued.number.startswith("400.9/1/SJ/Dinsos/")
    assert "Dinas Sosial Provinsi DKI Jakarta dengan ini memberikan surat jalan kepada" in text
    assert "Dedi Kurniawan, S.Sos." in text and "19850212 201001 1 015" in text
    assert "Bus / DAMRI" in text and "DAMRI, DAMRI" not in text and "Kendaraan dinas" in text
    from kesos_desktop.core.i18n.formatters import format_date

    assert f"berlaku sejak tanggal {format_date(start, 'id')} sampai dengan tanggal " in text
    assert format_date(start + timedelta(days=10), "id") in text
    assert "Catatan perjalanan" in text and "Dinsos Kabupaten Banyumas" in text
    assert "a.n. Kepala Dinas Sosial Provinsi DKI Jakarta" in text


def test_letter_numbers_are_consecutive_and_shared_by_letters(db, world, resident) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    on = date(TODAY.year, 3, 2)
    numbers = []
    with db.write() as s:
        numbers.append(
            letters.issue_surat_pengantar(s, world.admin, SuratPengantarRequest(plan.id, letter_date=on)).number
        )
    with db.write() as s:
        numbers.append(letters.issue_surat_jalan(s, world.admin, SuratJalanRequest(plan.id, letter_date=on)).number)
    with db.write() as s:
        numbers.append(
            letters.issue_berita_acara(
                s, world.admin, BeritaAcaraRequest(plan.legs[0].id, condition="sehat", handover_on=on)
            ).number
        )
    with db.write() as s:
        numbers.append(
            letters.issue_surat_pengantar(s, world.admin, SuratPengantarRequest(plan.id, letter_date=on)).number
        )
    y = TODAY.year
    assert numbers == [
        f"400.9/1/Dinsos/III/{y}",
        f"400.9/2/SJ/Dinsos/III/{y}",
        f"400.9/3/BAST/Dinsos/III/{y}",
        f"400.9/4/Dinsos/III/{y}",
    ]


def test_preview_takes_no_number_and_stores_nothing(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    with db.write() as s:
        preview = letters.issue_surat_pengantar(s, world.admin, SuratPengantarRequest(plan.id), preview=True)
    assert preview.preview and preview.id is None
    text = pdf_text(preview.pdf)
    save_pngs(preview.pdf, letter_artifacts, "surat-pengantar-pratinjau")
    assert "PRATINJAU" in text and "400.9/.../Dinsos/" in text
    assert page_count(preview.pdf) == 1
    with db.read() as s:
        assert s.scalar(select(IssuedDocument.id)) is None
        assert s.scalar(select(LetterRegister.id)) is None
        assert s.scalar(select(PersonDocument.id)) is None
    with db.write() as s:
        issued = letters.issue_surat_pengantar(s, world.admin, SuratPengantarRequest(plan.id))
    assert issued.number.startswith("400.9/1/")


def test_reprint_returns_the_stored_bytes_or_a_salinan(db, world, resident, letter_artifacts) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    with db.write() as s:
        issued = letters.issue_berita_acara(
            s, world.admin, BeritaAcaraRequest(plan.legs[0].id, condition="sehat"), invariant=True
        )
    with db.write() as s:
        assert letters.document_pdf(s, world.admin, issued.id) == issued.pdf
    with db.write() as s:
        copy = letters.document_pdf(s, world.admin, issued.id, copy=True, invariant=True)
    save_pngs(copy, letter_artifacts, "berita-acara-salinan")
    text = pdf_text(copy)
    assert "SALINAN (cetakan ke-2)" in text and issued.number in text
    assert "Tas ransel hitam berisi pakaian" in text
    with db.read() as s:
        assert s.get(IssuedDocument, issued.id).print_count == 2
        stored = s.get(IssuedDocumentData, issued.id)
        assert stored is not None and stored.content["number"] == issued.number


def test_bad_input_is_refused_at_the_field(db, world, resident) -> None:  # type: ignore[no-untyped-def]
    draft = bekasi_plan(db, world, resident, approve=False)
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters.issue_surat_pengantar(s, world.admin, SuratPengantarRequest(draft.id))
    assert "plan_id" in info.value.fields and "belum disetujui" in info.value.fields["plan_id"]
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters.issue_surat_jalan(s, world.admin, SuratJalanRequest(draft.id), preview=True)
    assert "plan_id" in info.value.fields
    other = make_resident(db, name="Wagiman", nik=None)
    plan = bekasi_plan(db, world, other)
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters.issue_berita_acara(s, world.admin, BeritaAcaraRequest(plan.legs[0].id, condition="  "))
    assert "condition" in info.value.fields
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters.issue_surat_jalan(
            s, world.admin, SuratJalanRequest(plan.id, valid_from=TODAY, valid_until=TODAY - timedelta(days=1))
        )
    assert "valid_until" in info.value.fields
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters.issue_berita_acara(
            s,
            world.admin,
            BeritaAcaraRequest(plan.legs[0].id, condition="sehat", second_party=PartyInput("Hendra", nip="12345")),
        )
    assert "second_party.nip" in info.value.fields
    with db.read() as s:
        assert s.scalar(select(LetterRegister.id)) is None


def test_a_leg_ending_at_this_office_is_not_an_addressee(db, world) -> None:  # type: ignore[no-untyped-def]
    """A plan whose only leg was the other way round (an incoming leg) has no receiving office to write to."""
    from kesos_desktop.core.services import returns
    from kesos_desktop.core.services.returns import LegInput, PlanInput

    person = make_resident(db, name="Rahmat", nik=None)
    with db.write() as s:
        plan = returns.create_plan(
            s,
            world.admin,
            PlanInput(
                person_id=person.person_id,
                destination_region_code="31.71",
                legs=[LegInput("DINSOS-32.75", "DINSOS-31", "kendaraan_dinas", travel_date=TODAY)],
            ),
        )
    with db.write() as s:
        plan = returns_status.approve_plan(s, world.pimpinan, plan.id, plan.version_id)
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters.issue_surat_pengantar(s, world.admin, SuratPengantarRequest(plan.id))
    assert "leg_id" in info.value.fields and "kantor ini sendiri" in info.value.fields["leg_id"]


def test_issuing_needs_the_permission(db, world, resident) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    with db.write() as s, pytest.raises(PermissionDenied):
        letters.issue_surat_pengantar(s, world.pimpinan, SuratPengantarRequest(plan.id))
    with db.write() as s:  # a pimpinan may look at the preview
        assert letters.issue_surat_pengantar(s, world.pimpinan, SuratPengantarRequest(plan.id), preview=True).preview
    make_user(db, world.admin, "peksos", ["pekerja_sosial"])
    from kesos_desktop.core.services import auth

    with db.write() as s:
        worker = auth.login(s, "peksos", "sandi12345")
    assert worker.can("letters.issue") and not worker.can("vouchers.issue")
    with db.write() as s:
        assert letters.issue_surat_pengantar(s, worker, SuratPengantarRequest(plan.id)).id is not None


def test_roman_month_follows_the_letter_date(db, world, resident) -> None:  # type: ignore[no-untyped-def]
    plan = bekasi_plan(db, world, resident)
    for month in (1, 4, 12):
        with db.write() as s:
            number = letters.issue_surat_jalan(
                s, world.admin, SuratJalanRequest(plan.id, letter_date=date(TODAY.year, month, 9))
            ).number
        assert f"/SJ/Dinsos/{ROMAN[month - 1]}/{TODAY.year}" in number
