"""Intervention plans: goals by domain, approval by the pimpinan, a changed approved plan needing re-approval,
progress that does not, reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.services import plans, tasks
from tests.core.rehab.conftest import TODAY


def _input(world, *goals):  # type: ignore[no-untyped-def]
    return plans.PlanInput(
        goals=list(goals),
        review_on=TODAY + timedelta(days=3),
        summary="Reunifikasi sebagai tujuan utama (PP 44/2017).",
    )


def test_domains_are_data() -> None:
    codes = [d.code for d in plans.load_domains()]
    assert codes == ["FISIK", "MENTAL_SPIRITUAL", "SOSIAL", "VOKASIONAL", "PENDIDIKAN", "KESEHATAN", "KELUARGA"]


def test_plan_approval_and_reapproval(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Irfan Hakim")
    family = plans.GoalInput(
        "KELUARGA",
        "Keluarga ditemukan",
        "Penelusuran lewat Dinsos asal",
        TODAY + timedelta(days=60),
        world.worker.user_id,
    )
    school = plans.GoalInput("PENDIDIKAN", "Ikut kejar paket A", target_date=TODAY + timedelta(days=120))
    with world.db.write() as s:
        with pytest.raises(ValidationError) as info:
            plans.create_plan(s, world.worker, case.id, _input(world, plans.GoalInput("ENTAH", "")))
        assert set(info.value.fields) == {"goals.0.domain_code", "goals.0.goal"}
        plan = plans.create_plan(s, world.worker, case.id, _input(world, family, school))
    assert plan.status == "draft" and [g.domain_label for g in plan.goals] == ["Keluarga", "Pendidikan"]
    assert plan.goals[0].responsible_name == "Budi"

    with world.db.write() as s:
        with pytest.raises(PermissionDenied):
            plans.approve_plan(s, world.worker, plan.id, plan.version_id)
        plan = plans.submit_plan(s, world.worker, plan.id, plan.version_id)
    # The pimpinan sees it on their task list.
    with world.db.read() as s:
        assert any(t.kind == "plan_approval" and t.ref_id == str(plan.id) for t in tasks.my_tasks(s, world.head))
    with world.db.write() as s:
        plan = plans.approve_plan(s, world.head, plan.id, plan.version_id, "Setuju")
    assert plan.is_approved and plan.approved_by_name == "Kepala" and not plan.needs_reapproval

    # Progress on a goal keeps the approval.
    with world.db.write() as s:
        plans.update_goal_progress(s, world.worker, plan.goals[0].id, "berjalan", "Alamat paman di Brebes didapat")
        plan = plans.get_plan(s, world.worker, plan.id)
    assert plan.is_approved and plan.goals[0].status == "berjalan"

    # Saving without changing the goals keeps it too.
    same = [
        plans.GoalInput(
            g.domain_code, g.goal, g.actions, g.target_date, g.responsible_user_id, g.status, g.progress_note, g.id
        )
        for g in plan.goals
    ]
    with world.db.write() as s:
        plan = plans.save_plan(
            s, world.worker, plan.id, plans.PlanInput(same, plan.review_on, plan.summary), plan.version_id
        )
    assert plan.is_approved and plan.revision == 1

    # A changed goal: revision 2, back to draft, needs approval again.
    changed = [*same[:1], plans.GoalInput("VOKASIONAL", "Pelatihan menjahit", target_date=TODAY + timedelta(days=90))]
    with world.db.write() as s:
        plan = plans.save_plan(
            s, world.worker, plan.id, plans.PlanInput(changed, plan.review_on, plan.summary), plan.version_id
        )
    assert (plan.status, plan.revision, plan.approved_revision) == ("draft", 2, 1)
    assert plan.needs_reapproval and not plan.is_approved
    assert [g.domain_code for g in plan.goals] == ["KELUARGA", "VOKASIONAL"]
    with world.db.write() as s:
        plan = plans.submit_plan(s, world.worker, plan.id, plan.version_id)
        plan = plans.return_plan(s, world.head, plan.id, plan.version_id, "Tambahkan target kesehatan")
        assert plan.status == "draft"
        plan = plans.submit_plan(s, world.worker, plan.id, plan.version_id)
        plan = plans.approve_plan(s, world.head, plan.id, plan.version_id)
    assert plan.is_approved and plan.approved_revision == 2


def test_review_moves_the_review_date(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Joko Santoso")
    with world.db.write() as s:
        plan = plans.create_plan(s, world.worker, case.id, _input(world, plans.GoalInput("FISIK", "Berat badan naik")))
    with world.db.read() as s:
        due = [t for t in tasks.my_tasks(s, world.worker) if t.kind == "plan_review_due"]
    assert [t.ref_id for t in due] == [str(plan.id)]
    with world.db.write() as s:
        with pytest.raises(ValidationError) as info:
            plans.record_review(s, world.worker, plan.id, TODAY, "", TODAY)
        assert set(info.value.fields) == {"note", "next_review_on"}
        plan = plans.record_review(
            s, world.worker, plan.id, TODAY, "Naik 2 kg", TODAY + timedelta(days=90), plan.version_id
        )
    assert plan.review_on == TODAY + timedelta(days=90) and len(plan.reviews) == 1
    with world.db.read() as s:
        assert not [t for t in tasks.my_tasks(s, world.worker) if t.kind == "plan_review_due"]
