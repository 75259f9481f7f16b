"""Vocational training: a sewing class with enrolment, sessions and attendance, completion against the minimum
attendance, and the sertifikat pelatihan PDF (read back and rendered to look at)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kesos_desktop.core.documents.certificate import render_certificate
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.services import activities, training
from kesos_desktop.core.services.office import get_own_office
from tests.core.documents.conftest import pdf_pages_text, render_png
from tests.core.rehab.conftest import TODAY

START = TODAY - timedelta(days=40)


def test_programme_kinds_are_data() -> None:
    codes = {k.code for k in training.load_programme_kinds()}
    assert {"MENJAHIT", "TATA_RIAS", "MEMASAK"} <= codes


def test_sewing_class_to_certificate(world, rehab_artifacts) -> None:  # type: ignore[no-untyped-def]
    siti, _stay = world.resident("Siti Aminah", sex="P", born=None)
    rina, _stay = world.resident("Rina Marlina", sex="P", born=None)
    with world.db.write() as s:
        prog = training.create_programme(
            s,
            world.worker,
            training.ProgrammeInput(
                world.panti_id,
                "MENJAHIT",
                "Menjahit Angkatan I 2026",
                START,
                TODAY,
                "Ibu Ratna Sari",
                "Senin dan Rabu, 09.00–12.00",
                120,
                75,
                "berjalan",
            ),
        )
        enrolled = training.enrol(s, world.worker, prog.id, [siti, rina], START)
        with pytest.raises(Conflict):
            training.enrol(s, world.worker, prog.id, [siti], START)
    assert {e.person_name for e in enrolled} == {"Siti Aminah", "Rina Marlina"}
    # Four sessions: Siti attends all, Rina one.
    for n in range(4):
        with world.db.write() as s:
            session_ = training.add_session(
                s, world.worker, prog.id, START + timedelta(days=7 * n), start_time="09:00", duration_minutes=180
            )
            assert {c.person_id for c in activities.attendance_candidates(s, world.worker, session_.id)} == {siti, rina}
            activities.save_attendance(
                s,
                world.worker,
                session_.id,
                [activities.AttendanceEntry(siti), activities.AttendanceEntry(rina, "hadir" if n == 0 else "alpa")],
            )
    with world.db.read() as s:
        rows = {e.person_name: e for e in training.list_enrolments(s, world.worker, prog.id)}
        assert training.get_programme(s, world.worker, prog.id).sessions == 4
    assert (rows["Siti Aminah"].attendance_pct, rows["Rina Marlina"].attendance_pct) == (100, 25)

    with world.db.write() as s:
        with pytest.raises(ValidationError, match="25% dari minimal 75%"):
            training.complete(
                s, world.worker, rows["Rina Marlina"].id, rows["Rina Marlina"].version_id, completed_on=TODAY
            )
        failed = training.complete(
            s, world.worker, rows["Rina Marlina"].id, rows["Rina Marlina"].version_id, completed_on=TODAY, passed=False
        )
        passed = training.complete(
            s, world.worker, rows["Siti Aminah"].id, rows["Siti Aminah"].version_id, completed_on=TODAY, result="Baik"
        )
    assert failed.status == "tidak_lulus" and failed.certificate_no == ""
    assert passed.status == "lulus" and passed.certificate_no == f"SP-{TODAY.year}-00001"

    with world.db.write() as s:
        with pytest.raises(ValidationError):
            training.certificate_data(s, world.worker, failed.id)
        data = training.certificate_data(s, world.worker, passed.id)
        office = get_own_office(s)
    head = Signatory(
        name="Dra. KARTIKA DEWI, M.Si.",
        jabatan="Kepala Panti Sosial Asuhan Anak Putra Utama 1",
        nip="197003151995032002",
        pangkat="Pembina (IV/a)",
    )
    pdf = render_certificate(data, office, head, invariant=True)
    (rehab_artifacts / "sertifikat_pelatihan.pdf").write_bytes(pdf)
    render_png(pdf, rehab_artifacts / "sertifikat_pelatihan.png", dpi=90)
    (text,) = pdf_pages_text(pdf)
    for expected in (
        "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
        "SERTIFIKAT",
        "PELATIHAN KETERAMPILAN",
        f"Nomor: SP-{TODAY.year}-00001",
        "Siti Aminah",
        "menjahit (Menjahit Angkatan I 2026)",
        "Panti Sosial Asuhan Anak Putra Utama 1",
        "120 jam pelajaran",
        "dengan hasil BAIK",
        "Dra. KARTIKA DEWI, M.Si.",
        "NIP 19700315 199503 2 002",
    ):
        assert expected in text, expected
    # Nothing that says the holder was in care.
    assert "WB-" not in text and "warga binaan" not in text.lower()
