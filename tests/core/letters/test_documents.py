"""The document builders on their own: snapshots (what a SALINAN is printed from) survive JSON, and layouts keep
the signature with the closing text."""

from __future__ import annotations

import json
from datetime import date

from kesos_desktop.core.documents.berita_acara import (
    BelongingLine,
    BeritaAcaraDocument,
    PartyLines,
    render_berita_acara,
)
from kesos_desktop.core.documents.kwitansi import AmountLine, KwitansiDocument, render_kwitansi
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.letters_pemulangan import (
    EscortLine,
    PersonLines,
    RouteLine,
    SuratJalanDocument,
    SuratPengantarDocument,
)
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.documents.snapshot import from_json, to_json
from tests.core.letters.conftest import pdf_text

LH = Letterhead("PEMERINTAH PROVINSI JAWA TIMUR", "DINAS SOSIAL", contact_lines=("Jalan Gayung Kebonsari 56b",))
SIGNER = Signatory(
    "Dr. RESTU NOVI WIDIANI, S.Sos., M.M.",
    "Kepala Dinas Sosial Provinsi Jawa Timur",
    "197711252006042021",
    "Pembina Utama Muda (IV/c)",
    prefix="Plh.",
)
PERSON = PersonLines("Ni Luh Putu Ayu", "WB-2026-000321", "5171 04•• •••• 0002", "Perempuan", "Denpasar, 1 Mei 1990")
ROUTE = (RouteLine(1, "Dinsos Jawa Timur", "Dinsos Bali", "Kapal laut / PELNI", "", date(2026, 8, 18)),)


def test_snapshots_round_trip_through_json() -> None:
    docs = [
        SuratPengantarDocument(
            LH, "Dinas Sosial Provinsi Jawa Timur", "Surabaya", date(2026, 8, 17), "400.9/5/Dinsos/VIII/2026",
            "Pemulangan Warga Binaan", ("Kepala Dinas Sosial Provinsi Bali",), PERSON, ROUTE, SIGNER,
            escorts=(EscortLine("Budi", "198502122010011015", "Pendamping"),), attachments=("KTP",),
        ),
        SuratJalanDocument(
            LH, "Dinas Sosial Provinsi Jawa Timur", "Surabaya", date(2026, 8, 17), "400.9/6/SJ/Dinsos/VIII/2026",
            PERSON, ROUTE, date(2026, 8, 17), date(2026, 8, 31), SIGNER, checkpoints=("Dinsos Bali",),
        ),
        BeritaAcaraDocument(
            LH, "Dinas Sosial Provinsi Jawa Timur", "400.9/7/BAST/Dinsos/VIII/2026", date(2026, 8, 17),
            "Pelabuhan Benoa", PartyLines("Budi", "198502122010011015", "Pendamping", "Dinsos Jatim"), PartyLines(),
            PERSON, "sehat", (BelongingLine("Tas", 1),), SIGNER,
        ),
        KwitansiDocument(
            "Dinas Sosial Provinsi Jawa Timur", "0009/KW/Dinsos/2026", "Surabaya", date(2026, 8, 17), 450_000,
            "Bendahara", "Uang saku", "Ni Luh Putu Ayu", LH, breakdown=(AmountLine("Uang saku", 450_000),),
            bendahara=SIGNER,
        ),
    ]  # fmt: skip
    for doc in docs:
        text = json.dumps(to_json(doc))
        assert from_json(type(doc), json.loads(text)) == doc


def test_plh_signer_and_blank_receiving_party_print() -> None:
    doc = BeritaAcaraDocument(
        LH,
        "Dinas Sosial Provinsi Jawa Timur",
        "400.9/7/BAST/Dinsos/VIII/2026",
        date(2026, 8, 17),
        "Pelabuhan Benoa",
        PartyLines("Budi Santoso", "", "Pendamping", "Dinas Sosial Provinsi Jawa Timur"),
        PartyLines(office="Dinas Sosial Provinsi Bali"),
        PERSON,
        "sehat",
        mengetahui=SIGNER,
    )
    text = pdf_text(render_berita_acara(doc, invariant=True))
    assert "Plh. Kepala Dinas Sosial Provinsi Jawa Timur," in text
    assert "Pada hari ini Senin tanggal tujuh belas bulan Agustus tahun dua ribu dua puluh enam" in text
    assert "NIP : -" in text  # the escort without NIP
    assert "Yang bersangkutan tidak membawa barang bawaan." in text
    kwitansi = KwitansiDocument(
        "Dinas Sosial", "0009/KW/Dinsos/2026", "Surabaya", date(2026, 8, 17), 5_000_001, "Bendahara", "Uang saku", "X"
    )
    text = pdf_text(render_kwitansi(kwitansi, invariant=True))
    assert "METERAI" in text and "# Lima Juta Satu Rupiah #" in text
    assert "Pejabat Pelaksana Teknis Kegiatan" in text and "Bendahara Pengeluaran" in text  # dotted lines to fill
