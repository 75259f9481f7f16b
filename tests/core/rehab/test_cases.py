"""Cases and stages: a case taken from pendekatan awal through asesmen to terminasi and closure, refused moves
with their reason, DIPULANGKAN handing the person to the pemulangan work, case lists per worker and institution."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import Conflict, PermissionDenied, ValidationError
from kesos_desktop.core.models.cases import CaseTransition
from kesos_desktop.core.services import assessments, cases, plans, tasks, timeline
from tests.core.rehab.conftest import ADMITTED, TODAY

SOCIAL = "ATENSI_SOSIAL"

FULL_SOCIAL = {
    "masalah_utama": "Anak ditemukan mengemis di perempatan, tidur di emperan pasar.",
    "k1_tempat_tinggal": "jalanan",
    "k1_kebutuhan": 3,
    "k2_kemandirian": "mandiri",
    "k2_kebutuhan": 2,
    "k3_kontak_keluarga": "belum",
    "k3_kebutuhan": 3,
    "k4_kebutuhan": 1,
    "k5_pendidikan": "sd",
    "k5_kebutuhan": 2,
    "k6_kebutuhan": 2,
    "k7_disabilitas": "tidak_ada",
    "k7_kebutuhan": 0,
    "rekomendasi_komponen": ["1", "3", "5"],
    "rekomendasi": "Penelusuran keluarga, kembali sekolah (kejar paket), pelatihan keterampilan.",
}


def _move(world, case, to, **kw):  # type: ignore[no-untyped-def]
    with world.db.write() as s:
        return cases.move_case(s, world.worker, case.id, cases.TransitionInput(to_stage=to, **kw), case.version_id)


def test_stage_data_loads_and_every_stage_is_reachable() -> None:
    stages = cases.load_stages()
    assert [s.code for s in stages][:7] == [
        "PENDEKATAN_AWAL",
        "ASESMEN",
        "RENCANA_INTERVENSI",
        "INTERVENSI",
        "RESOSIALISASI",
        "TERMINASI",
        "BIMBINGAN_LANJUT",
    ]
    targets = {r.to_stage for r in cases.load_transitions()}
    assert {s.code for s in stages if s.kind != "initial"} <= targets
    # Rujukan from any stage before terminasi.
    for s in stages:
        if s.kind in ("initial", "active"):
            assert cases.find_rule(s.code, "RUJUKAN") is not None


def test_case_from_asesmen_to_terminasi(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Andi Saputra")
    assert case.stage_code == "PENDEKATAN_AWAL" and case.case_no.startswith("KS-")
    case = _move(world, case, "ASESMEN", occurred_on=ADMITTED + timedelta(days=2))

    # Rencana intervensi needs the social assessment done.
    with pytest.raises(ValidationError, match="Asesmen Sosial ATENSI belum diselesaikan"):
        _move(world, case, "RENCANA_INTERVENSI")
    with world.db.write() as s:
        a = assessments.start_assessment(s, world.worker, case.id, SOCIAL, assessed_on=ADMITTED + timedelta(days=5))
        a = assessments.complete_assessment(s, world.worker, a.id, a.version_id, answers=FULL_SOCIAL)
    assert a.is_completed and a.score_total == 13 and a.band == "Kebutuhan sedang"
    with world.db.read() as s:
        case = cases.get_case(s, world.worker, case.id)
    nxt = {n.code: n for n in case.next_stages}
    assert nxt["RENCANA_INTERVENSI"].blocked_by == ()
    case = _move(world, case, "RENCANA_INTERVENSI", occurred_on=ADMITTED + timedelta(days=6))

    # Intervensi needs the plan approved by the pimpinan.
    with world.db.write() as s:
        plan = plans.create_plan(
            s,
            world.worker,
            case.id,
            plans.PlanInput(
                goals=[plans.GoalInput("KELUARGA", "Keluarga ditemukan dan bersedia menerima", target_date=TODAY)],
                review_on=TODAY + timedelta(days=30),
            ),
        )
    with pytest.raises(ValidationError, match="belum disetujui"):
        _move(world, case, "INTERVENSI")
    with world.db.write() as s:
        plan = plans.submit_plan(s, world.worker, plan.id, plan.version_id)
        plan = plans.approve_plan(s, world.head, plan.id, plan.version_id)
    for stage in ("INTERVENSI", "RESOSIALISASI"):
        case = _move(world, case, stage)

    # Terminasi needs a coded exit reason, and the reason's own requirements.
    with pytest.raises(ValidationError) as info:
        _move(world, case, "TERMINASI")
    assert "exit_reason_code" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _move(world, case, "TERMINASI", exit_reason_code="REUNIFIKASI")
    assert "exit_destination" in info.value.fields
    case = _move(world, case, "TERMINASI", exit_reason_code="REUNIFIKASI", exit_destination="Kel. Cempaka Putih")
    assert case.terminated_on == TODAY and case.exit_reason_code == "REUNIFIKASI"
    assert case.return_handover_on is None
    case = _move(world, case, "BIMBINGAN_LANJUT")
    case = _move(world, case, "SELESAI")
    assert case.is_closed and case.next_stages == ()

    with world.db.read() as s:
        history = cases.list_transitions(s, world.worker, case.id)
        events = timeline.list_timeline(s, world.worker, case.person_id)
    assert [h.to_stage for h in history] == [
        "PENDEKATAN_AWAL",
        "ASESMEN",
        "RENCANA_INTERVENSI",
        "INTERVENSI",
        "RESOSIALISASI",
        "TERMINASI",
        "BIMBINGAN_LANJUT",
        "SELESAI",
    ]
    assert all(h.username == "budi" for h in history)
    kinds = {e.kind for e in events}
    assert {
        "case_opened",
        "case_stage",
        "assessment_completed",
        "plan_approved",
        "case_terminated",
        "case_closed",
    } <= kinds
    # A closed case takes no more changes.
    with pytest.raises(ValidationError, match="sudah ditutup"):
        _move(world, case, "RUJUKAN", reason="x", target_text="RSJ")


def test_disallowed_transition_is_refused_with_the_reason(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Bayu Pratama")
    with pytest.raises(ValidationError) as info:
        _move(world, case, "INTERVENSI")
    message = str(info.value)
    assert "Pendekatan awal" in message and "Intervensi" in message and "tidak diizinkan" in message
    assert "Asesmen" in message  # where it may go instead
    with world.db.read() as s:
        assert cases.get_case(s, world.worker, case.id).stage_code == "PENDEKATAN_AWAL"
        rows = s.scalars(select(CaseTransition).where(CaseTransition.case_id == case.id)).all()
    assert len(rows) == 1
    # Unknown stage, future date, rujukan without reason or target.
    with pytest.raises(ValidationError):
        _move(world, case, "ENTAH")
    with pytest.raises(ValidationError) as info:
        _move(world, case, "RUJUKAN")
    assert set(info.value.fields) == {"reason", "target_text"}
    with pytest.raises(ValidationError) as info:
        _move(world, case, "ASESMEN", occurred_on=TODAY + timedelta(days=1))
    assert "occurred_on" in info.value.fields
    referred = _move(world, case, "RUJUKAN", reason="Halusinasi berat", target_text="RSJ Dr. Soeharto Heerdjan")
    assert referred.stage_code == "RUJUKAN"


def test_stale_version_and_permissions(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Candra Wijaya")
    _move(world, case, "ASESMEN")
    with pytest.raises(Conflict):
        _move(world, case, "ASESMEN")  # the old version_id
    with world.db.write() as s, pytest.raises(PermissionDenied):
        cases.move_case(s, world.clerk, case.id, cases.TransitionInput("RUJUKAN", reason="x", target_text="y"))
    with world.db.write() as s, pytest.raises(Conflict, match="sudah mempunyai kasus"):
        cases.open_case(s, world.worker, case.stay_id)


def test_dipulangkan_hands_the_person_to_pemulangan(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Dodi Kurniawan")
    case = _move(world, case, "TERMINASI", exit_reason_code="DIPULANGKAN", exit_destination="Kab. Brebes")
    assert case.return_handover_on == TODAY
    with world.db.read() as s:
        pending = cases.pending_returns(s, world.worker)
        mine = tasks.my_tasks(s, world.worker)
    assert [p.case_id for p in pending] == [case.id]
    task = next(t for t in mine if t.kind == "prepare_return")
    assert "Dodi Kurniawan" in task.title and task.key == pending[0].task_key
    with world.db.write() as s:
        assert tasks.close_task_by_key(s, world.worker, pending[0].task_key, "Rencana pemulangan RP-2026-0001")
        s.commit()
    with world.db.read() as s:
        assert cases.pending_returns(s, world.worker) == []


def test_case_lists_per_worker_institution_and_stage(world) -> None:  # type: ignore[no-untyped-def]
    a = world.case("Eko Susilo")
    b = world.case("Fajar Nugroho")
    _move(world, b, "ASESMEN")
    with world.db.write() as s:
        cases.assign_worker(s, world.worker, a.id, None, a.version_id)
    with world.db.read() as s:
        mine = cases.list_cases(s, world.worker, cases.CaseFilter(worker_id=world.worker.user_id))
        at_panti = cases.list_cases(s, world.worker, cases.CaseFilter(institution_id=world.panti_id))
        in_asesmen = cases.list_cases(s, world.worker, cases.CaseFilter(stage_codes=("ASESMEN",)))
        unassigned = cases.list_cases(s, world.worker, cases.CaseFilter(unassigned=True))
        counts = cases.count_by_stage(s, world.worker, cases.CaseFilter(institution_id=world.panti_id))
    assert [r.person_name for r in mine] == ["Fajar Nugroho"]
    assert {r.person_name for r in at_panti} == {"Eko Susilo", "Fajar Nugroho"}
    assert [r.person_name for r in in_asesmen] == ["Fajar Nugroho"]
    assert [r.person_name for r in unassigned] == ["Eko Susilo"]
    assert counts == {"PENDEKATAN_AWAL": 1, "ASESMEN": 1}
    # Stayed in pendekatan awal for 60 days (due 7): flagged.
    assert next(r for r in at_panti if r.person_name == "Eko Susilo").overdue_in_stage
