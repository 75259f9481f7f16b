"""Assessments: versioned instruments, a draft kept when required answers are missing, completed versions that
never change, re-assessment as a new version, and the side-by-side comparison."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.services import assessments
from tests.core.rehab.conftest import ADMITTED
from tests.core.rehab.test_cases import FULL_SOCIAL, SOCIAL


def test_shipped_instruments_are_valid() -> None:
    latest = {i.code: i for i in assessments.latest_instruments()}
    social, health = latest["ATENSI_SOSIAL"], latest["SKRINING_KESEHATAN"]
    # The seven ATENSI components, in order, each with a need level that scores.
    components = [s for s in social.sections if s.atensi_component]
    assert [s.atensi_component for s in components] == [1, 2, 3, 4, 5, 6, 7]
    assert all(any(f.type == "scale" and f.scored and f.required for f in s.fields) for s in components)
    assert social.due_stage == "ASESMEN" and health.due_stage == "PENDEKATAN_AWAL"
    assert {f.type for f in social.fields + health.fields} == set(assessments.FIELD_TYPES)
    assert health.band_for(0).label() == "Tidak ada tanda bahaya"
    assert health.band_for(2).label() == "Perlu pemeriksaan lanjut"


def test_answers_are_checked_by_type() -> None:
    health = assessments.get_instrument("SKRINING_KESEHATAN")
    clean = assessments.clean_answers(
        health, {"berat_kg": "35,5", "suhu_c": 37, "demam": "ya", "gejala_lain": ["nyeri", "sesak", "nyeri"]}
    )
    assert clean == {"berat_kg": 35.5, "suhu_c": 37.0, "demam": "ya", "gejala_lain": ["sesak", "nyeri"]}
    with pytest.raises(ValidationError) as info:
        assessments.clean_answers(
            health, {"berat_kg": "banyak", "suhu_c": 50, "demam": "mungkin", "entah": 1, "gejala_lain": ["x"]}
        )
    assert set(info.value.fields) == {"berat_kg", "suhu_c", "demam", "entah", "gejala_lain"}
    social = assessments.get_instrument("ATENSI_SOSIAL")
    with pytest.raises(ValidationError) as info:
        assessments.clean_answers(social, {"k1_kebutuhan": 4, "tanggal_temu_bahas": "31-02-2026"})
    assert set(info.value.fields) == {"k1_kebutuhan", "tanggal_temu_bahas"}
    assert assessments.display_answer(social.field("k1_kebutuhan"), 3) == "3 — Tinggi / mendesak"
    assert assessments.display_answer(health.field("berat_kg"), 35.5) == "35,5 kg"


def test_missing_required_answers_keep_the_draft(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Gilang Ramadhan")
    partial = {"masalah_utama": "Ditemukan di terminal.", "k1_tempat_tinggal": "jalanan", "k1_kebutuhan": 2}
    with world.db.write() as s:
        draft = assessments.start_assessment(s, world.worker, case.id, SOCIAL)
        with pytest.raises(assessments.IncompleteAssessment) as info:
            assessments.complete_assessment(s, world.worker, draft.id, draft.version_id, answers=partial)
    err = info.value
    assert "k2_kemandirian" in err.fields and "rekomendasi" in err.fields and "masalah_utama" not in err.fields
    assert "Kemandirian dalam kegiatan sehari-hari" in str(err) and "draf" in str(err)
    # Nothing typed is lost: a new session reads the draft with the answers given.
    with world.db.read() as s:
        again = assessments.get_assessment(s, world.worker, draft.id)
    assert again.status == "draft" and again.answers == partial
    assert "Rekomendasi pekerja sosial" in again.missing
    # Starting again returns the same draft, not a second one.
    with world.db.write() as s:
        assert assessments.start_assessment(s, world.worker, case.id, SOCIAL).id == draft.id


def test_completed_is_immutable_and_reassessment_is_a_new_version(world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Hendra Gunawan")
    with world.db.write() as s:
        first = assessments.start_assessment(s, world.worker, case.id, SOCIAL, assessed_on=ADMITTED + timedelta(days=3))
        first = assessments.complete_assessment(s, world.worker, first.id, first.version_id, answers=FULL_SOCIAL)
    with world.db.write() as s, pytest.raises(ValidationError, match="tidak dapat diubah"):
        assessments.save_answers(s, world.worker, first.id, {"k1_kebutuhan": 0}, first.version_id)
    with world.db.write() as s, pytest.raises(ValidationError):
        assessments.discard_draft(s, world.worker, first.id)
    with world.db.write() as s:
        second = assessments.start_assessment(s, world.worker, case.id, SOCIAL)
        # Prefilled from the last version, to be updated.
        assert second.sequence_no == 2 and second.previous_id == first.id and second.answers == first.answers
        second = assessments.save_answers(
            s,
            world.worker,
            second.id,
            {"k1_kebutuhan": 1, "k3_kebutuhan": 1, "k3_kontak_keluarga": "ya"},
            second.version_id,
        )
        second = assessments.complete_assessment(s, world.worker, second.id, second.version_id)
    assert (first.score_total, second.score_total) == (13, 9)
    with world.db.read() as s:
        versions = assessments.list_assessments(s, world.worker, case_id=case.id)
        cmp = assessments.compare_assessments(s, world.worker, first.id, second.id)
        # The first version still says what it said.
        assert assessments.get_assessment(s, world.worker, first.id).answers["k1_kebutuhan"] == 3
    assert [v.sequence_no for v in versions] == [2, 1]
    changed = {f.code: (f.a, f.b) for sec in cmp.sections for f in sec.fields if f.changed}
    assert changed == {
        "k1_kebutuhan": ("3 — Tinggi / mendesak", "1 — Rendah"),
        "k3_kebutuhan": ("3 — Tinggi / mendesak", "1 — Rendah"),
        "k3_kontak_keluarga": ("Belum ditemukan", "Ya"),
    }
    assert cmp.changed_count == 3
    k1 = next(sec for sec in cmp.sections if sec.code == "K1")
    assert (k1.score_a, k1.score_b) == (3, 1)
    # Another instrument cannot be compared with it.
    with world.db.write() as s:
        health = assessments.start_assessment(s, world.worker, case.id, "SKRINING_KESEHATAN")
    with world.db.read() as s, pytest.raises(ValidationError):
        assessments.compare_assessments(s, world.worker, first.id, health.id)
