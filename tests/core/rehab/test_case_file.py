"""The case file PDF: kop surat, identity, stays, stages, assessment, plan, notes of a date range (confidential ones
only for those allowed), signature blocks; read back with pypdf and rendered to PNG to look at."""

from __future__ import annotations

from datetime import timedelta

from kesos_desktop.core.documents import case_file
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.models import AuditEvent
from kesos_desktop.core.services import activities, assessments, cases, notes, plans
from tests.core.documents.conftest import pdf_pages_text, render_png
from tests.core.rehab.conftest import ADMITTED, TODAY
from tests.core.rehab.test_cases import FULL_SOCIAL, SOCIAL

HEAD = Signatory(
    name="Dra. KARTIKA DEWI, M.Si.",
    jabatan="Kepala Panti Sosial Asuhan Anak Putra Utama 1",
    nip="197003151995032002",
    pangkat="Pembina (IV/a)",
)


def _rich_case(world):  # type: ignore[no-untyped-def]
    case = world.case("Agus Salim Hidayat")
    w = world.worker
    with world.db.write() as s:
        case = cases.move_case(
            s, w, case.id, cases.TransitionInput("ASESMEN", ADMITTED + timedelta(days=3)), case.version_id
        )
        a = assessments.start_assessment(s, w, case.id, SOCIAL, assessed_on=ADMITTED + timedelta(days=7))
        assessments.complete_assessment(s, w, a.id, a.version_id, answers=FULL_SOCIAL)
        case = cases.move_case(
            s, w, case.id, cases.TransitionInput("RENCANA_INTERVENSI", ADMITTED + timedelta(days=10)), case.version_id
        )
        plan = plans.create_plan(
            s,
            w,
            case.id,
            plans.PlanInput(
                [
                    plans.GoalInput(
                        "KELUARGA",
                        "Keluarga di Brebes ditemukan",
                        "Penelusuran lewat Dinsos Brebes",
                        TODAY + timedelta(days=30),
                        w.user_id,
                    ),
                    plans.GoalInput("PENDIDIKAN", "Ikut kejar paket A", target_date=TODAY + timedelta(days=90)),
                    plans.GoalInput(
                        "MENTAL_SPIRITUAL", "Rutin mengaji dan konseling", "Konseling individu tiap minggu"
                    ),
                ],
                TODAY + timedelta(days=30),
                "Reunifikasi dengan paman sebagai tujuan utama.",
            ),
        )
        plan = plans.submit_plan(s, w, plan.id, plan.version_id)
        plans.approve_plan(s, world.head, plan.id, plan.version_id)
        case = cases.get_case(s, w, case.id)
        case = cases.move_case(
            s, w, case.id, cases.TransitionInput("INTERVENSI", ADMITTED + timedelta(days=14)), case.version_id
        )
        activities.record_session(
            s, w, activities.SessionInput(case.id, "KONSELING_INDIVIDU", TODAY - timedelta(days=3), "Sesi 1")
        )
        activities.record_conference(
            s,
            w,
            activities.ConferenceInput(
                case.id,
                TODAY - timedelta(days=2),
                "Rencana reunifikasi",
                ["Budi — pekerja sosial", "Kepala — pimpinan"],
                "",
                ["Kunjungan rumah ke Brebes"],
            ),
        )
        notes.add_note(
            s,
            w,
            case.person_id,
            notes.NoteInput("Lama, di luar periode.", ADMITTED + timedelta(days=1), case_id=case.id),
        )
        notes.add_note(
            s,
            w,
            case.person_id,
            notes.NoteInput(
                "Mulai akrab dengan teman sekamar; ikut pengajian.", TODAY - timedelta(days=5), case_id=case.id
            ),
        )
        notes.add_note(
            s,
            w,
            case.person_id,
            notes.NoteInput(
                "Bercerita pernah dipukul ayah tiri.", TODAY - timedelta(days=4), "konseling", True, case.id
            ),
        )
    return case


def test_case_file_pdf(world, rehab_artifacts) -> None:  # type: ignore[no-untyped-def]
    case = _rich_case(world)
    since = TODAY - timedelta(days=10)
    with world.db.write() as s:
        pdf = case_file.case_file_pdf(
            s, world.worker, case.person_id, date_from=since, date_to=TODAY, head=HEAD, invariant=True
        )
        viewed = s.query(AuditEvent).filter(AuditEvent.action == "person.viewed", AuditEvent.username == "budi").count()
    assert viewed == 1  # who printed a child's case file is audited
    (rehab_artifacts / "berkas_kasus.pdf").write_bytes(pdf)
    pages = pdf_pages_text(pdf)
    for old in rehab_artifacts.glob("berkas_kasus_p*.png"):
        old.unlink()
    for i in range(len(pages)):
        render_png(pdf, rehab_artifacts / f"berkas_kasus_p{i + 1}.png", page=i, dpi=80)
    text = " ".join(pages)
    for expected in (
        "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
        "BERKAS KASUS REHABILITASI SOSIAL",
        "RAHASIA",
        "Agus Salim Hidayat",
        case.case_no,
        "Panti Sosial Asuhan Anak Putra Utama 1",
        "Pendekatan awal → Asesmen",
        "Asesmen Sosial ATENSI ke-1",
        "skor 13 (Kebutuhan sedang)",
        "3 — Tinggi / mendesak",
        "Keluarga di Brebes ditemukan",
        "Disetujui Kepala (revisi 1)",
        "Konseling individu",
        "Rencana reunifikasi",
        "Mulai akrab dengan teman sekamar",
        "Bercerita pernah dipukul ayah tiri",  # the author may read their confidential note
        "(rahasia)",
        "Mengetahui,",
        "Dra. KARTIKA DEWI, M.Si.",
        "NIP 19700315 199503 2 002",
        "Budi",
    ):
        assert expected in text, expected
    assert "Lama, di luar periode" not in text  # outside the date range

    # The administrative officer's copy leaves the confidential note out and says so.
    with world.db.write() as s:
        clerk_pdf = case_file.case_file_pdf(s, world.clerk, case.person_id, date_from=since, invariant=True)
    clerk_text = " ".join(pdf_pages_text(clerk_pdf))
    assert "dipukul" not in clerk_text and "Mulai akrab" in clerk_text
    assert "1 catatan rahasia tidak dicetak" in clerk_text
