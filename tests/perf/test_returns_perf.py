"""Pemulangan benchmarks: one voucher PDF against floors measured in the same run, 100 vouchers in a batch, and
a route proposal.

Run with ``python -m pytest tests/perf/test_returns_perf.py -o addopts="" -p no:cacheprovider --import-mode=importlib
--benchmark-enable -s`` (``-s`` prints the figures for docs/performance.md).

Floors: the bare one-page ReportLab document of tests/perf/test_documents_perf.py (one Helvetica paragraph), and the
same voucher content laid out with plain ReportLab (SimpleDocTemplate, the same embedded DejaVu fonts, paragraphs,
tables, photo and QR image) — the cost ReportLab itself needs for this page. The voucher must stay within 2× of
the latter; the ratio to the one-paragraph page is printed for the record (embedding fonts alone is ~5× it).
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable
from datetime import date

import pytest
import segno
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table
from sqlalchemy.engine import URL

from kesos_desktop.core import i18n
from kesos_desktop.core.documents.fonts import register_fonts
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.documents.voucher import VoucherDocument, VoucherLegLine, render_voucher
from kesos_desktop.core.progress import CallbackProgress

PAYLOAD = (
    "KV1.ZWI1YmE0YTF8RElOU09TLTMxfDAwMDEvVkNSL0RpbnNvcy8yMDI2fDIxMDAwMHwyMDI2MTEyOHwyMDI2MTIxMnxXQi0yMDI2LTAwMDAwMS03ZTU2"
    ".LPnUVKjZELEbunDlCgVCCiE3o90IODMc5mNCvKZzRCD-V5Bxcaz7AY-8wth8U-ZUHYv2lvReqmwNMye7_QQZAw"
)
BATCH = 100


def _photo() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 210, 225)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


PHOTO = _photo()
LEGS = (
    VoucherLegLine(
        1, "Dinsos DKI Jakarta", "Dinsos Banten", "Bus / DAMRI", "DAMRI", date(2026, 8, 17), 150_000, 50_000, 100_000
    ),
)
DOC = VoucherDocument(
    letterhead=Letterhead(
        "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
        "DINAS SOSIAL",
        contact_lines=("Jl. Gunung Sahari II No. 5, Jakarta Pusat 10610", "Telepon (021) 4265115"),
    ),
    office_name="Dinas Sosial Provinsi DKI Jakarta",
    number="0001/VCR/Dinsos/2026",
    issued_on=date(2026, 8, 17),
    valid_until=date(2026, 9, 16),
    place="Jakarta",
    person_name="Sutrisno bin Karto",
    registration_no="WB-2026-000001",
    nik_masked="3302 01•• •••• 0003",
    destination="Jl. Sisingamangaraja Gg. Melati No. 4, Kelurahan Sei Rengas I, Kota Medan, Provinsi Sumatera Utara",
    plan_no="RP-2026-0001",
    legs=LEGS,
    signatory=Signatory("Drs. H. BAMBANG SUTRISNO, M.Si.", "Kepala Dinas Sosial", nip="196804111993031009"),
    payload=PAYLOAD,
    photo=PHOTO,
)


def _bare_page() -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Paragraph("Halaman uji cetak.", getSampleStyleSheet()["Normal"])])
    return buf.getvalue()


def _bare_voucher_equivalent() -> bytes:
    """The voucher's content with plain ReportLab: same fonts, texts, tables, photo and QR (as an image)."""
    fam = register_fonts()
    body = ParagraphStyle("b", fontName=fam.regular, fontSize=11, leading=15)
    bold = ParagraphStyle("bb", parent=body, fontName=fam.bold, alignment=1)
    small = ParagraphStyle("s", parent=body, fontSize=8.5, leading=10.5)
    qr_png = io.BytesIO()
    segno.make_qr(PAYLOAD, error="m", boost_error=False, mask=2).save(qr_png, kind="png", scale=1, border=4)
    qr_png.seek(0)
    story = [
        Paragraph(DOC.letterhead.government, bold),
        Paragraph(DOC.letterhead.office, bold),
        *[Paragraph(line, small) for line in DOC.letterhead.contact_lines],
        Spacer(0, 6 * mm),
        Paragraph("VOUCHER BANTUAN TRANSPORT", bold),
        Paragraph(f"NOMOR: {DOC.number}", body),
        Table(
            [
                [
                    Table(
                        [
                            [Paragraph(k, body), Paragraph(":", body), Paragraph(v, body)]
                            for k, v in (
                                ("Nama penerima", DOC.person_name),
                                ("No. registrasi", DOC.registration_no),
                                ("NIK", DOC.nik_masked),
                                ("Daerah tujuan", DOC.destination),
                                ("No. rencana", DOC.plan_no),
                                ("Tanggal terbit", "17 Agustus 2026"),
                                ("Berlaku sampai", "16 September 2026"),
                            )
                        ],
                        colWidths=[34 * mm, 6 * mm, 78 * mm],
                    ),
                    RLImage(io.BytesIO(PHOTO), 24 * mm, 32 * mm),
                ]
            ],
            colWidths=[126 * mm, 30 * mm],
        ),
        Table(
            [["No", "Rute, moda dan tanggal", "Tiket", "Uang makan", "Uang saku", "Jumlah"]]
            + [
                [
                    str(leg.seq),
                    Paragraph(f"{leg.from_name} → {leg.to_name}<br/>{leg.mode}", small),
                    Paragraph("Rp150.000,00", small),
                    Paragraph("Rp50.000,00", small),
                    Paragraph("Rp100.000,00", small),
                    Paragraph("Rp300.000,00", small),
                ]
                for leg in LEGS
            ]
            + [["JUMLAH", "", "", "", "", Paragraph("Rp300.000,00", small)]],
            style=[("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), fam.regular)],
        ),
        Paragraph("Terbilang: <b># Tiga Ratus Ribu Rupiah #</b>", body),
        Paragraph("Voucher ini diberikan kepada penerima yang namanya tercantum di atas ...", small),
        Table(
            [
                [
                    Paragraph("Yang menerima,", body),
                    Paragraph("Jakarta, 17 Agustus 2026<br/>Kepala Dinas Sosial,", body),
                ],
                ["", ""],
                [Paragraph(f"<b><u>{DOC.person_name}</u></b>", body), Paragraph("<b><u>Drs. H. BAMBANG</u></b>", body)],
                [Paragraph("Penerima bantuan", body), Paragraph("NIP 19680411 199303 1 009", body)],
            ],
            rowHeights=[None, 22 * mm, None, None],
        ),
        Table(
            [
                [
                    RLImage(qr_png, 34 * mm, 34 * mm),
                    Paragraph("Pindai kode QR ...<br/>" + PAYLOAD[:66] + "<br/>" + PAYLOAD[66:132], small),
                ]
            ]
        ),
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def _median_ms(fn: Callable[[], object], runs: int = 15) -> tuple[float, float]:
    """(median wall ms, median CPU ms) of ``runs`` calls after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


@pytest.mark.benchmark(group="voucher")
def test_one_voucher_pdf(benchmark) -> None:
    i18n.install("id")
    register_fonts()
    bare_wall, bare_cpu = _median_ms(_bare_page, 30)
    floor_wall, floor_cpu = _median_ms(_bare_voucher_equivalent)
    ours_wall, ours_cpu = _median_ms(lambda: render_voucher(DOC))
    print(
        f"\nvoucher PDF: {ours_wall:.1f} ms wall / {ours_cpu:.1f} ms CPU; same content in plain ReportLab "
        f"{floor_wall:.1f} / {floor_cpu:.1f} ms (ratio {ours_cpu / floor_cpu:.2f} CPU); one-paragraph page "
        f"{bare_wall:.1f} / {bare_cpu:.1f} ms"
    )
    assert benchmark(render_voucher, DOC).startswith(b"%PDF")
    assert ours_wall < 100 or ours_cpu < 100
    assert ours_cpu < 2 * floor_cpu


@pytest.fixture(scope="module")
def batch_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An office with the network, fares, budget, a signatory and BATCH approved plans (persons with photos)."""
    from kesos_desktop.core.db import open_database
    from kesos_desktop.core.services import auth, relay, returns_budget, returns_settings
    from tests.core.returns.conftest import approved_plan, make_resident
    from tests.factories import make_user, setup_office

    folder = tmp_path_factory.mktemp("returns-perf")
    old = os.environ.get("KESOS_HOME")
    os.environ["KESOS_HOME"] = str(folder / "home")
    i18n.install("id")
    db = open_database(URL.create("sqlite", database=str(folder / "perf.sqlite")))
    setup_office(db)
    with db.write() as s:
        admin = auth.login(s, "admin", "rahasia123")
    with db.write() as s:
        relay.seed_relay_network(s)
        s.commit()
    make_user(db, admin, "kadis", ["pimpinan"])
    with db.write() as s:
        pimpinan = auth.login(s, "kadis", "sandi12345")
    with db.write() as s:
        source = returns_budget.save_fund_source(s, admin, returns_budget.FundSourceInput("APBD", "APBD Provinsi"))
    with db.write() as s:
        line = returns_budget.save_budget_line(
            s, admin, returns_budget.BudgetLineInput(source.id, date.today().year, "Pemulangan", 1_000_000_000)
        ).id
    with db.write() as s:
        returns_budget.save_fare(
            s, admin, returns_budget.FareInput(60_000, mode="bus", from_office="DINSOS-31", to_office="DINSOS-32.75")
        )
    with db.write() as s:
        returns_settings.save_signatory(
            s,
            admin,
            returns_settings.SignatoryInput(name="Drs. BAMBANG", jabatan="Kepala Dinas Sosial", is_default=True),
        )
    plans = [approved_plan(db, admin, pimpinan, make_resident(db), line) for _ in range(BATCH)]
    yield db, admin, plans
    db.dispose()
    if old is None:
        os.environ.pop("KESOS_HOME", None)
    else:
        os.environ["KESOS_HOME"] = old


def test_batch_of_100_vouchers(batch_db) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services import vouchers

    db, admin, plans = batch_db
    seen: list[tuple[int, int]] = []
    progress = CallbackProgress(lambda done, total, _message: seen.append((done, total)))
    wall, cpu = time.perf_counter(), time.process_time()
    with db.write() as s:
        done = vouchers.issue_vouchers(s, admin, [vouchers.VoucherRequest(p.id) for p in plans], progress=progress)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\n{BATCH} vouchers in one batch: {wall:.2f} s wall, {cpu:.2f} s CPU ({wall / BATCH * 1000:.0f} ms each)")
    assert [v.info.seq for v in done] == list(range(1, BATCH + 1))
    assert seen[0] == (0, BATCH) and seen[-1] == (BATCH, BATCH)
    assert cpu < 5.0


@pytest.mark.benchmark(group="planner")
def test_route_proposal(benchmark, batch_db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from kesos_desktop.core.models import Office
    from kesos_desktop.core.services import relay

    db, _admin, _plans = batch_db
    relay.invalidate_cache()
    with db.read() as s:
        office_id = s.scalar(select(Office.id).where(Office.is_own.is_(True)))
        t0 = time.perf_counter()
        relay.propose_route(s, office_id, "53.71")
        first = (time.perf_counter() - t0) * 1000
        plan = benchmark(relay.propose_route, s, office_id, "53.71.01.1001")
        cached_wall, _cpu = _median_ms(lambda: relay.propose_route(s, office_id, "12.71"), 50)
    print(f"\nroute proposal: first (builds the network cache) {first:.1f} ms, then {cached_wall:.2f} ms")
    assert len(plan.legs) == 7
    assert cached_wall < 50
