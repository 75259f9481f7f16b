"""The assessment form as a worker fills it: field types, marks, score, drafts, comparison."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QRadioButton

from kesos_desktop.core.services import assessments
from kesos_desktop.ui.pages.cases import answers as widgets
from kesos_desktop.ui.pages.cases.assessment_form import AssessmentForm
from kesos_desktop.ui.pages.cases.assessment_view import AssessmentViewDialog, ComparisonDialog
from kesos_desktop.ui.pages.cases.opener import open_case_window
from tests.ui import cases_world
from tests.ui.cases_world import FULL_SOCIAL, SOCIAL, answer, fill
from tests.ui.helpers import find_top_level, screenshot, wait_idle

HEALTH = "SKRINING_KESEHATAN"

world = cases_world.world  # the fixture


def start(world, case, code: str = SOCIAL):  # type: ignore[no-untyped-def]
    with world.worker.db.write() as s:
        return assessments.start_assessment(s, world.worker.actor, case.id, code)


def show_form(qtbot, world, info) -> AssessmentForm:  # type: ignore[no-untyped-def]
    form = AssessmentForm(world.worker, info, "Andi Saputra · kasus KS-1")
    form.resize(1000, 900)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_form_is_rendered_from_the_instrument(qtbot, world, artifacts) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Andi Saputra")
    expected = {
        "text": widgets.TextAnswer,
        "number": widgets.NumberAnswer,
        "choice": widgets.ChoiceAnswer,
        "multi": widgets.MultiAnswer,
        "date": widgets.DateAnswer,
        "scale": widgets.ScaleAnswer,
    }
    seen: set[str] = set()
    for code in (SOCIAL, HEALTH):
        form = show_form(qtbot, world, start(world, case, code))
        instrument = form.instrument
        assert set(form.answers) == {f.code for f in instrument.fields}
        for field in instrument.fields:
            assert type(form.answers[field.code]) is expected[field.type], field.code
            seen.add(field.type)
        titles = [box.title() for box in form.sections.values()]
        assert [s.title() for s in instrument.sections] == [t.split(" — ")[0] for t in titles]
        form.close()
    assert seen == set(assessments.FIELD_TYPES)

    form = show_form(qtbot, world, start(world, case, SOCIAL))
    # Required questions carry the red mark; a scale shows its anchors' words.
    marked = [label for label in form.findChildren(widgets.QLabel) if label.property("required") is True]
    assert len(marked) == sum(1 for f in form.instrument.fields if f.required)
    scale = form.answers["k1_kebutuhan"]
    assert next(b.text() for b in scale.findChildren(QRadioButton)) == "0 · Tidak perlu"
    assert "15 isian wajib belum diisi" in form.missing.text()
    # The score follows the answers as they are given.
    fill(qtbot, form, {"k1_kebutuhan": 3, "k2_kebutuhan": 2, "masalah_utama": "Mengemis di perempatan."})
    assert form.score.text() == "Skor kebutuhan: 5 — Kebutuhan rendah"
    assert form.sections["K1"].title().endswith("skor 3")
    fill(qtbot, form, {"k1_dokumen": ["kk", "akta"], "k1_tempat_tinggal": "jalanan", "k3_kebutuhan": 3})
    assert form.score.text() == "Skor kebutuhan: 8 — Kebutuhan sedang"
    scale.clear_button.click()
    assert form.score.text() == "Skor kebutuhan: 5 — Kebutuhan rendah"
    answer(qtbot, form, "k1_kebutuhan", 3)
    form.scroll.verticalScrollBar().setValue(0)
    screenshot(form, artifacts, "assessment_form.png")
    form.dirty = False  # not saved on purpose: close without the question
    form.close()


def test_missing_required_answer_is_marked_and_the_draft_kept(qtbot, world, artifacts) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Andi Saputra")
    form = show_form(qtbot, world, start(world, case))
    without_problem = {k: v for k, v in FULL_SOCIAL.items() if k != "masalah_utama"}
    fill(qtbot, form, without_problem)
    assert form.dirty
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.mouseClick(form.complete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert form.missing_marked() == {"masalah_utama": "Wajib diisi."}
    assert form.form.banner is not None and "Masalah utama" in form.form.banner.text()
    assert "tersimpan sebagai draf" in form.form.banner.text()
    assert form.answers["masalah_utama"].target.property("invalid") is True
    assert form.isVisible() and not form.dirty
    screenshot(form, artifacts, "assessment_form_missing.png")
    # Everything typed is kept, in the form and in the stored draft.
    assert form.values()["k1_kebutuhan"] == 3
    with world.worker.db.read() as s:
        stored = assessments.get_assessment(s, world.worker.actor, form.info.id)
    assert stored.status == "draft" and stored.answers["k1_tempat_tinggal"] == "jalanan"
    assert stored.answers["rekomendasi_komponen"] == ["1", "3", "5"]
    assert stored.missing == ("Masalah utama menurut penerima manfaat dan petugas",)

    # Typing the missing answer clears its mark; completing now works and the form closes.
    answer(qtbot, form, "masalah_utama", FULL_SOCIAL["masalah_utama"])
    assert form.missing_marked() == {}
    with qtbot.waitSignal(form.completed, timeout=10_000) as done:
        qtbot.mouseClick(form.complete_button, Qt.MouseButton.LeftButton)
    info = done.args[0]
    assert info.is_completed and info.score_total == 13 and info.band == "Kebutuhan sedang"
    qtbot.waitUntil(lambda: not form.isVisible())


def test_a_bad_number_is_refused_at_its_field(qtbot, world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Budi Hartono")
    form = show_form(qtbot, world, start(world, case, HEALTH))
    fill(qtbot, form, {"berat_kg": "500", "suhu_c": "36,8", "pemeriksa": "dr. Rina"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    errors = form.missing_marked()
    assert list(errors) == ["berat_kg"] and "antara 1 dan 250" in errors["berat_kg"]
    assert form.answers["berat_kg"].value() == "500" and form.dirty
    answer(qtbot, form, "berat_kg", "45,5")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with world.worker.db.read() as s:
        stored = assessments.get_assessment(s, world.worker.actor, form.info.id)
    assert stored.answers["berat_kg"] == 45.5 and stored.answers["suhu_c"] == 36.8
    # Reopened, the numbers read back in the Indonesian way.
    again = show_form(qtbot, world, stored)
    assert again.answers["berat_kg"].edit.text() == "45,5"


def test_closing_with_unsaved_answers_offers_to_save(qtbot, world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Candra Wijaya")
    form = show_form(qtbot, world, start(world, case))
    answer(qtbot, form, "k2_kebutuhan", 1)
    form.close()
    box = find_top_level(QMessageBox, lambda b: b.parent() is form)
    assert box is not None and form.isVisible()
    save = next(b for b in box.buttons() if b.text() == "&Simpan draf")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        save.click()
    qtbot.waitUntil(lambda: not form.isVisible())
    with world.worker.db.read() as s:
        stored = assessments.list_assessments(s, world.worker.actor, case_id=case.id)
    assert stored[0].answers == {"k2_kebutuhan": 1}


def test_two_versions_side_by_side(qtbot, world, artifacts, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Dodi Kurniawan")
    with world.worker.db.write() as s:
        first = assessments.start_assessment(s, world.worker.actor, case.id, SOCIAL)
        first = assessments.complete_assessment(s, world.worker.actor, first.id, first.version_id, answers=FULL_SOCIAL)
    window = open_case_window(world.worker, case.id)
    window.resize(1180, 820)
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    tab = window.assessments
    window.tabs.setCurrentWidget(tab)
    # Re-assess: the new version starts from the last answers; change two of them and complete it.
    with qtbot.waitSignal(tab.form_opened, timeout=10_000) as opened:
        tab.start(SOCIAL)
    form = opened.args[0]
    assert form.values()["k1_tempat_tinggal"] == "jalanan" and "ke-2" in form.title.text()
    fill(qtbot, form, {"k1_tempat_tinggal": "lembaga", "k3_kontak_keluarga": "ya", "k3_kebutuhan": 1})
    with qtbot.waitSignal(form.completed, timeout=10_000):
        qtbot.mouseClick(form.complete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
    # One re-assessment selected: compared with the version before it.
    newest = next(r for r, a in enumerate(tab.model.rows()) if a.sequence_no == 2)
    tab.table.selectRow(newest)
    assert tab.compare_button.isEnabled()
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, ComparisonDialog) and tab.dialog.isVisible(), timeout=10_000)
    dialog = tab.dialog
    model = dialog.model
    qtmodeltester.check(model)
    changed = [model.rows[r][0] for r in range(model.rowCount()) if model.is_changed(r)]
    assert changed == [
        "Tempat tinggal sebelum masuk",
        "Keluarga dapat dihubungi",
        "Tingkat kebutuhan dukungan keluarga",
    ]
    row = next(r for r in range(model.rowCount()) if model.rows[r][0] == "Tempat tinggal sebelum masuk")
    assert model.data(model.index(row, 1)) == "Jalanan / kolong / emperan"
    assert model.data(model.index(row, 2)) == "Lembaga lain"
    assert model.data(model.index(row, 2), Qt.ItemDataRole.BackgroundRole) is not None
    dialog.resize(1080, 760)
    screenshot(dialog, artifacts, "assessment_compare.png")
    dialog.close()

    # A completed version opens to read, not to edit.
    tab.table.clearSelection()
    tab.table.selectRow(newest)
    tab.open_selected()
    assert isinstance(tab.dialog, AssessmentViewDialog)
    assert "Lembaga lain" in tab.dialog.browser.toPlainText()
