"""The Kasus page and case window as workers use them: from pendekatan awal to terminasi, drafts, PDF."""

from __future__ import annotations

from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kesos_desktop.core.services import assessments, cases, notes, plans
from kesos_desktop.ui.dialogs.stays.fields import select_data
from kesos_desktop.ui.pages.cases.conferences_tab import ConferenceDialog
from kesos_desktop.ui.pages.cases.move_dialog import MoveStageDialog, stage_note_texts
from kesos_desktop.ui.pages.cases.opener import open_case_for_person, open_case_window
from kesos_desktop.ui.pages.cases.page import CasesPage
from kesos_desktop.ui.pages.cases.plan_dialogs import DecisionDialog, ProgressDialog, ReviewDialog
from kesos_desktop.ui.pages.cases.plan_editor import PlanEditor
from kesos_desktop.ui.pages.cases.window import CaseWindow
from tests.ui import cases_world
from tests.ui.cases_world import FULL_SOCIAL, SOCIAL, TODAY, answer, fill
from tests.ui.helpers import find_top_level, screenshot, wait_idle

LEFT = Qt.MouseButton.LeftButton

world = cases_world.world  # the fixture


def pick(qtbot, radio) -> None:  # type: ignore[no-untyped-def]
    """Click a radio button on its circle (a wide radio button only reacts on its circle and text)."""
    qtbot.mouseClick(radio, LEFT, pos=QPoint(8, radio.height() // 2))


def open_window(qtbot, ctx, case) -> CaseWindow:  # type: ignore[no-untyped-def]
    window = open_case_window(ctx, case.id)
    window.resize(1180, 820)
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    wait_idle(qtbot)
    return window


def reloaded(qtbot, window: CaseWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.reload()
    wait_idle(qtbot)


def move_dialog(qtbot, window: CaseWindow) -> MoveStageDialog:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.move_button, LEFT)
    dialog = window.dialog
    assert isinstance(dialog, MoveStageDialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    return dialog


def move(qtbot, window: CaseWindow, stage: str, **typed: str) -> None:  # type: ignore[no-untyped-def]
    dialog = move_dialog(qtbot, window)
    pick(qtbot, dialog.radios[stage])
    for name, text in typed.items():
        qtbot.keyClicks(getattr(dialog, name), text)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    assert window.view is not None and window.view.case.stage_code == stage


def close_message(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = find_top_level(QMessageBox)
    if box is not None:
        box.close()


# ------------------------------------------------------------------------------------------------ the list


def test_case_page_lists_counts_filters_and_opens(qtbot, world, artifacts, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    andi = world.case("Andi Saputra")
    world.move(world.case("Bayu Pratama"), "ASESMEN")
    world.move(world.case("Citra Lestari", sex="P"), "ASESMEN")
    _person, stay = world.resident("Dewi Anggraini", sex="P")
    with world.admin.db.write() as s:
        cases.open_case(s, world.admin.actor, stay)  # no worker yet
    page = CasesPage(world.worker)
    qtbot.addWidget(page)
    page.resize(1052, 640)  # the page area of the main window at 1280 × 800
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    assert page.scope.currentData() == "mine"
    counts = page.stage_counts()
    assert counts[""].endswith("(3)") and counts["ASESMEN"] == "Asesmen  (2)"
    assert counts["PENDEKATAN_AWAL"].endswith("(1)") and counts["TERMINASI"].endswith("(0)")
    qtmodeltester.check(page.model)

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.choose_stage("ASESMEN")
    assert sorted(r.person_name for r in page.model.rows()) == ["Bayu Pratama", "Citra Lestari"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.choose_stage("")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.scope.setCurrentIndex(page.scope.findData("unassigned"))
    assert [r.person_name for r in page.model.rows()] == ["Dewi Anggraini"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.scope.setCurrentIndex(page.scope.findData("all"))
    assert page.model.rowCount() == 4 and page.count.text() == "4 kasus"
    qtbot.waitUntil(lambda: page.institution.count() == 2, timeout=10_000)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.institution.setCurrentIndex(1)
    assert page.case_filter().institution_id == world.panti_id and page.model.rowCount() == 4
    overdue = next(r for r in page.model.rows() if r.case_no == andi.case_no)
    assert overdue.overdue_in_stage  # 30 days in pendekatan awal (due 7)

    # Search by name as it is typed, then Enter opens the case.
    page.focus_find()
    qtbot.keyClicks(page.search, "citra")
    assert [r.person_name for r in page.model.rows()] == ["Citra Lestari"]
    screenshot(page, artifacts, "case_page.png")
    page.search.clear()
    qtbot.keyClicks(page.search, "lestari")
    page.table.setFocus()
    page.table.selectRow(0)
    with qtbot.waitSignal(page.case_opened, timeout=10_000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window = opened.args[0]
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    assert window.view.case.person_name == "Citra Lestari"
    wait_idle(qtbot)
    window.close()


# ------------------------------------------------------------------------------------------------ the flow


def test_case_from_pendekatan_awal_to_terminasi(qtbot, world, artifacts) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Andi Saputra")
    window = open_window(qtbot, world.worker, case)
    assert window.steps.state_of("PENDEKATAN_AWAL") == "current"
    assert window.steps.state_of("ASESMEN") == "todo"
    move(qtbot, window, "ASESMEN", reason="Identifikasi dan kontrak layanan selesai")
    assert window.steps.state_of("PENDEKATAN_AWAL") == "done"

    # Rencana intervensi is offered but disabled until the social assessment is complete.
    dialog = move_dialog(qtbot, window)
    assert not dialog.radios["RENCANA_INTERVENSI"].isEnabled()
    assert stage_note_texts(dialog) == ["• Asesmen Sosial ATENSI belum diselesaikan."]
    dialog.reject()

    # The assessment through the form: first with the main problem missing, then complete.
    tab = window.assessments
    window.tabs.setCurrentWidget(tab)
    action = next(a for a in tab.start_button.menu().actions() if a.data() == SOCIAL)
    with qtbot.waitSignal(tab.form_opened, timeout=10_000) as opened:
        action.trigger()
    form = opened.args[0]
    form.resize(1000, 900)
    qtbot.waitExposed(form)
    fill(qtbot, form, {k: v for k, v in FULL_SOCIAL.items() if k != "masalah_utama"})
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.mouseClick(form.complete_button, LEFT)
    assert form.missing_marked() == {"masalah_utama": "Wajib diisi."}
    answer(qtbot, form, "masalah_utama", FULL_SOCIAL["masalah_utama"])
    with qtbot.waitSignal(form.completed, timeout=10_000):
        qtbot.mouseClick(form.complete_button, LEFT)
    wait_idle(qtbot)
    close_message(qtbot)
    qtbot.waitUntil(lambda: any(a.is_completed for a in tab.model.rows()), timeout=10_000)
    move(qtbot, window, "RENCANA_INTERVENSI")

    # The plan: two goals; a goal without its text is marked on its card, nothing typed is lost.
    plan_tab = window.plan
    window.tabs.setCurrentWidget(plan_tab)
    qtbot.mouseClick(plan_tab.compose_button, LEFT)
    editor = plan_tab.dialog
    assert isinstance(editor, PlanEditor)
    qtbot.keyClicks(editor.summary, "Anak jalanan 12 tahun; keluarga di Brebes belum ditemukan.")
    first = editor.cards[0]
    select_data(first.domain, "KELUARGA")
    qtbot.keyClicks(first.goal, "Keluarga ditemukan dan bersedia menerima kembali")
    first.target.set_value(TODAY + timedelta(days=60))
    qtbot.mouseClick(editor.add_button, LEFT)
    second = editor.cards[1]
    select_data(second.domain, "PENDIDIKAN")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), LEFT)
    wait_idle(qtbot)
    assert second.errors.error_text("goal") == "Tuliskan tujuannya."
    assert first.errors.shown_errors() == {} and editor.isVisible()
    assert first.goal.text().startswith("Keluarga ditemukan")
    screenshot(editor, artifacts, "plan_editor.png")
    qtbot.keyClicks(second.goal, "Ikut kejar paket A")
    select_data(second.responsible, world.worker.actor.user_id)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), LEFT)
    wait_idle(qtbot)
    plan = window.view.plan
    assert plan is not None and [g.domain_code for g in plan.goals] == ["KELUARGA", "PENDIDIKAN"]
    assert plan.goals[1].responsible_name == "Budi"
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(plan_tab.submit_button, LEFT)
    wait_idle(qtbot)
    assert window.view.plan.status == "submitted"
    assert not plan_tab.approve_button.isVisible()  # a pekerja sosial does not approve

    # Intervensi waits for the pimpinan.
    dialog = move_dialog(qtbot, window)
    assert not dialog.radios["INTERVENSI"].isEnabled()
    assert "belum disetujui pimpinan" in stage_note_texts(dialog)[0]
    dialog.reject()

    # The pimpinan approves in their own window.
    head_window = open_window(qtbot, world.head, case)
    head_window.tabs.setCurrentWidget(head_window.plan)
    assert head_window.plan.approve_button.isEnabled()
    qtbot.mouseClick(head_window.plan.approve_button, LEFT)
    decision = head_window.plan.dialog
    assert isinstance(decision, DecisionDialog)
    qtbot.keyClicks(decision.note, "Setuju; libatkan Dinsos Brebes.")
    with qtbot.waitSignal(head_window.loaded, timeout=10_000):
        qtbot.mouseClick(decision.save_button, LEFT)
    wait_idle(qtbot)
    assert head_window.view.plan.is_approved
    head_window.close()

    reloaded(qtbot, window)
    assert "Disetujui oleh Kepala" in window.plan.approval.text()
    assert not plan_tab.submit_button.isVisible()  # nothing left to submit
    # Progress on a goal and a plan review keep the approval.
    plan_tab.goal_table.selectRow(0)
    qtbot.mouseClick(plan_tab.progress_button, LEFT)
    progress = plan_tab.dialog
    assert isinstance(progress, ProgressDialog)
    select_data(progress.status, "berjalan")
    qtbot.keyClicks(progress.note, "Alamat paman di Brebes didapat dari Dinsos Brebes")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(progress.save_button, LEFT)
    wait_idle(qtbot)
    qtbot.mouseClick(plan_tab.review_button, LEFT)
    review = plan_tab.dialog
    assert isinstance(review, ReviewDialog)
    qtbot.mouseClick(review.save_button, LEFT)
    wait_idle(qtbot)
    assert review.form.error_text("note") == "Tuliskan hasil tinjauan."
    qtbot.keyClicks(review.note, "Penelusuran keluarga berjalan; sekolah menunggu tahun ajaran baru")
    review.next_on.set_value(TODAY + timedelta(days=30))
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(review.save_button, LEFT)
    wait_idle(qtbot)
    plan = window.view.plan
    assert plan.is_approved and plan.goals[0].status == "berjalan" and len(plan.reviews) == 1
    assert plan.review_on == TODAY + timedelta(days=30)
    screenshot(window, artifacts, "plan.png")
    move(qtbot, window, "INTERVENSI")

    # Terminasi asks for a coded exit reason, then for what that reason needs.
    dialog = move_dialog(qtbot, window)
    pick(qtbot, dialog.radios["TERMINASI"])
    assert dialog.rows["exit"].isVisibleTo(dialog) and not dialog.rows["destination"].isVisibleTo(dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    assert "alasan berkode" in dialog.form.error_text("exit_reason_code")
    select_data(dialog.exit_reason, "REUNIFIKASI")
    assert dialog.rows["destination"].isVisibleTo(dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    assert dialog.form.error_text("exit_destination") == "Alasan ini memerlukan tujuan (daerah atau alamat)."
    assert dialog.isVisible() and window.view.case.stage_code == "INTERVENSI"
    qtbot.keyClicks(dialog.destination, "Paman di Kel. Cempaka Putih, Jakarta Pusat")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    info = window.view.case
    assert info.stage_code == "TERMINASI" and info.exit_reason_code == "REUNIFIKASI"
    assert window.badge.text() == "Terminasi: Kembali ke keluarga (reunifikasi)"
    assert window.steps.state_of("TERMINASI") == "current" and window.steps.state_of("INTERVENSI") == "done"
    assert window.steps.state_of("RESOSIALISASI") == "skipped"  # passed by: not shown as done
    window.tabs.setCurrentWidget(window.history)
    history = window.history.model.rows()
    assert [t.to_stage for t in history] == [
        "PENDEKATAN_AWAL",
        "ASESMEN",
        "RENCANA_INTERVENSI",
        "INTERVENSI",
        "TERMINASI",
    ]
    assert "Kembali ke keluarga" in window.history.model.data(window.history.model.index(4, 4))
    window.tabs.setCurrentWidget(window.assessments)
    screenshot(window, artifacts, "case_window.png")
    window.close()


def test_a_refused_move_is_shown_disabled_with_its_reason(qtbot, world, artifacts) -> None:  # type: ignore[no-untyped-def]
    case = world.move(world.case("Bayu Pratama"), "ASESMEN")
    window = open_window(qtbot, world.worker, case)
    dialog = move_dialog(qtbot, window)
    # Only the moves the rules know are listed; rencana intervensi is there but blocked, with the reason.
    assert list(dialog.radios) == ["RENCANA_INTERVENSI", "TERMINASI", "RUJUKAN"]
    blocked = dialog.radios["RENCANA_INTERVENSI"]
    assert not blocked.isEnabled() and blocked.toolTip() == "Asesmen Sosial ATENSI belum diselesaikan."
    assert dialog.radios["RUJUKAN"].isEnabled()
    screenshot(dialog, artifacts, "move_stage.png")
    # Rujukan needs a reason and a target: both marked at their fields.
    pick(qtbot, dialog.radios["RUJUKAN"])
    assert dialog.reason_label.is_required()
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    assert dialog.form.shown_errors() == {
        "reason": "Tuliskan alasan perpindahan tahap ini.",
        "target_text": "Isi tujuan rujukan: pilih lembaga atau tulis nama tempatnya.",
    }
    screenshot(dialog, artifacts, "move_stage_errors.png")
    # Nothing chosen: said at the stage list.
    dialog.group.setExclusive(False)
    dialog.radios["RUJUKAN"].setChecked(False)
    dialog.group.setExclusive(True)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.form.error_text("to_stage") == "Pilih tahap tujuan."
    dialog.reject()
    window.close()


# ------------------------------------------------------------------------------------------------ notes


def test_note_draft_is_offered_back_after_a_crash(qtbot, world, artifacts) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Citra Lestari", sex="P")
    window = open_window(qtbot, world.worker, case)
    tab = window.notes
    window.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.editor_opened, timeout=10_000) as opened:
        qtbot.mouseClick(tab.new_button, LEFT)
    editor = opened.args[0]
    qtbot.waitUntil(lambda: editor.fields.isEnabled(), timeout=10_000)
    assert not editor.offer.isVisible()
    typed = "Citra mulai mau bercerita tentang ibunya di Indramayu. Menangis saat ditanya soal ayah."
    with qtbot.waitSignal(editor.saver.saved, timeout=10_000):
        qtbot.keyClicks(editor.text, typed)
        qtbot.mouseClick(editor.confidential, LEFT)
    qtbot.waitUntil(lambda: not editor.saver.pending(), timeout=10_000)
    assert editor.status.text().startswith("Draf tersimpan")

    # The crash: the editor is torn down without any of its closing code running.
    shiboken6.delete(editor)
    wait_idle(qtbot)
    with world.worker.db.read() as s:
        draft = notes.load_note_draft(s, world.worker.actor, case.person_id)
    assert draft is not None and draft.text == typed and draft.confidential

    # Writing a note again offers the draft back; the text stays untouchable until the user decides.
    with qtbot.waitSignal(tab.editor_opened, timeout=10_000) as opened:
        qtbot.mouseClick(tab.new_button, LEFT)
    again = opened.args[0]
    qtbot.waitUntil(lambda: again.offer.isVisible(), timeout=10_000)
    assert "Citra mulai mau bercerita" in again.offer_text.text()
    assert not again.fields.isEnabled()
    screenshot(again, artifacts, "note_draft_offer.png")
    qtbot.mouseClick(again.resume_button, LEFT)
    assert again.text.toPlainText() == typed and again.confidential.isChecked()
    qtbot.keyClicks(again.text, " Rujuk ke psikolog.")
    with qtbot.waitSignal(again.saved, timeout=10_000):
        qtbot.mouseClick(again.save_button, LEFT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    saved = tab.model.rows()[0]
    assert saved.text == typed + " Rujuk ke psikolog." and saved.confidential
    with world.worker.db.read() as s:
        assert notes.load_note_draft(s, world.worker.actor, case.person_id) is None

    # A second note, and the list filtered by date.
    with world.worker.db.write() as s:
        notes.add_note(
            s,
            world.worker.actor,
            case.person_id,
            notes.NoteInput(
                "Kunjungan rumah ke paman: bersedia menampung.",
                TODAY - timedelta(days=10),
                "kunjungan_rumah",
                case_id=case.id,
            ),
        )
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.refresh()
    assert tab.model.rowCount() == 2
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.date_from.check, LEFT)  # from today
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.date_from.edit.setDate(tab.date_from.edit.date().addDays(-3))
    assert tab.model.rowCount() == 1
    tab.table.selectRow(0)
    assert "Rujuk ke psikolog" in tab.reader.toPlainText()
    screenshot(window, artifacts, "notes.png")
    window.close()


def test_an_empty_editor_leaves_no_draft_and_closing_keeps_one(qtbot, world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Dodi Kurniawan")
    window = open_window(qtbot, world.worker, case)
    window.tabs.setCurrentWidget(window.notes)
    editor = window.notes.open_editor()
    qtbot.waitUntil(lambda: editor.fields.isEnabled(), timeout=10_000)
    qtbot.keyClicks(editor.text, "Dodi sakit gigi")
    editor.reject()  # closed at once: the typed text is saved as a draft on the way out
    wait_idle(qtbot)
    with world.worker.db.read() as s:
        assert notes.load_note_draft(s, world.worker.actor, case.person_id).text == "Dodi sakit gigi"

    # The user's own note is corrected through the same editor.
    with world.worker.db.write() as s:
        notes.add_note(s, world.worker.actor, case.person_id, notes.NoteInput("Dodi demam.", case_id=case.id))
    tab = window.notes
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.refresh()
    tab.table.selectRow(0)
    assert tab.edit_button.isEnabled()
    qtbot.mouseClick(tab.edit_button, LEFT)
    fix = tab.editor
    qtbot.waitUntil(lambda: fix.fields.isEnabled(), timeout=10_000)
    assert fix.text.toPlainText() == "Dodi demam."
    fix.text.moveCursor(fix.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(fix.text, " Sudah ke puskesmas.")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(fix.save_button, LEFT)
    assert tab.model.rows()[0].text == "Dodi demam. Sudah ke puskesmas."
    window.close()


# ------------------------------------------------------------------------------------------------ more


def test_case_conference_is_recorded_with_errors_at_fields(qtbot, world) -> None:  # type: ignore[no-untyped-def]
    case = world.move(world.case("Eko Susilo"), "ASESMEN")
    window = open_window(qtbot, world.worker, case)
    tab = window.conferences
    window.tabs.setCurrentWidget(tab)
    assert tab.empty.isVisible()
    qtbot.mouseClick(tab.new_button, LEFT)
    dialog = tab.dialog
    assert isinstance(dialog, ConferenceDialog)
    qtbot.keyClicks(dialog.topic, "Klasifikasi dan penelusuran keluarga")
    qtbot.keyClicks(dialog.attendees, "Budi, pekerja sosial")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    assert set(dialog.form.shown_errors()) == {"attendees", "decisions"}
    assert dialog.topic.text() == "Klasifikasi dan penelusuran keluarga"
    dialog.attendees.appendPlainText("dr. Rina — psikolog")
    qtbot.keyClicks(dialog.decisions, "Hubungi Dinsos Brebes")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    assert tab.model.rowCount() == 1 and not tab.empty.isVisible()
    assert "dr. Rina — psikolog" in tab.detail.toPlainText()
    window.close()


def test_case_file_is_made_on_a_worker_and_saved(qtbot, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Fajar Nugroho")
    with world.worker.db.write() as s:
        notes.add_note(s, world.worker.actor, case.person_id, notes.NoteInput("Catatan pertama.", case_id=case.id))
    window = open_window(qtbot, world.worker, case)
    dialog = window.print_case_file()
    assert dialog is not None and dialog.date_from.value() == case.opened_on
    with qtbot.waitSignal(dialog.made, timeout=30_000) as made:
        qtbot.mouseClick(dialog.make_button, LEFT)
    assert made.args[0].startswith(b"%PDF")
    assert isinstance(dialog.file_dialog, QFileDialog) and dialog.file_dialog.isVisible()
    dialog.file_dialog.close()
    target = tmp_path / "berkas.pdf"
    with qtbot.waitSignal(dialog.saved_to, timeout=5_000):
        dialog.save_to(target)
    assert target.read_bytes().startswith(b"%PDF")
    window.close()


def test_open_case_for_person_offers_a_case_for_the_stay(qtbot, world) -> None:  # type: ignore[no-untyped-def]
    person_id, stay_id = world.resident("Gita Permata", sex="P")
    open_case_for_person(world.worker, person_id)
    qtbot.waitUntil(lambda: find_top_level(QMessageBox) is not None, timeout=10_000)
    box = find_top_level(QMessageBox)
    assert "belum mempunyai kasus" in box.text()
    yes = next(b for b in box.buttons() if b.text() == "&Buka kasus")
    yes.click()
    qtbot.waitUntil(lambda: find_top_level(CaseWindow) is not None, timeout=10_000)
    window = find_top_level(CaseWindow)
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    assert window.view.case.stay_id == stay_id and window.view.case.worker_name == "Budi"
    # The second time the open case is shown straight away.
    open_case_for_person(world.worker, person_id)
    wait_idle(qtbot)
    assert find_top_level(QMessageBox) is None
    window.close()


def test_every_model_passes_qtmodeltester(qtbot, world, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    case = world.move(world.case("Hadi Wibowo"), "ASESMEN")
    with world.worker.db.write() as s:
        a = assessments.start_assessment(s, world.worker.actor, case.id, SOCIAL)
        assessments.complete_assessment(s, world.worker.actor, a.id, a.version_id, answers=FULL_SOCIAL)
    case = world.move(case, "RENCANA_INTERVENSI")
    with world.worker.db.write() as s:
        plan = plans.create_plan(
            s, world.worker.actor, case.id, plans.PlanInput([plans.GoalInput("FISIK", "Berat badan naik")])
        )
        plans.record_review(s, world.worker.actor, plan.id, date.today(), "Naik 1 kg", None)
        notes.add_note(s, world.worker.actor, case.person_id, notes.NoteInput("Makan lahap.", case_id=case.id))
    window = open_window(qtbot, world.worker, case)
    qtbot.waitUntil(lambda: window.notes.model.rowCount() == 1, timeout=10_000)
    for model in (
        window.assessments.model,
        window.plan.goals,
        window.plan.reviews,
        window.notes.model,
        window.conferences.model,
        window.history.model,
    ):
        assert model.rowCount() > 0 or model is window.conferences.model
        qtmodeltester.check(model)
    window.close()


def test_returned_and_changed_plans_say_so(qtbot, world) -> None:  # type: ignore[no-untyped-def]
    case = world.case("Indra Gunawan")
    with world.worker.db.write() as s:
        plan = plans.create_plan(
            s, world.worker.actor, case.id, plans.PlanInput([plans.GoalInput("FISIK", "Berat badan naik 2 kg")])
        )
        plans.submit_plan(s, world.worker.actor, plan.id, plan.version_id)
    # The pimpinan returns it: a note is required, and shown to the worker.
    head_window = open_window(qtbot, world.head, case)
    tab = head_window.plan
    head_window.tabs.setCurrentWidget(tab)
    assert tab.return_button.isVisible() and tab.approve_button.isVisible()
    qtbot.mouseClick(tab.return_button, LEFT)
    dialog = tab.dialog
    assert isinstance(dialog, DecisionDialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    assert dialog.form.error_text("note") == "Catatan wajib diisi."
    qtbot.keyClicks(dialog.note, "Tambahkan tujuan keluarga")
    with qtbot.waitSignal(head_window.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_idle(qtbot)
    head_window.close()
    window = open_window(qtbot, world.worker, case)
    window.tabs.setCurrentWidget(window.plan)
    assert window.plan.approval.text() == "Catatan pimpinan: Tambahkan tujuan keluarga"
    assert window.plan.submit_button.isVisible()

    # Approved, then a goal changed: a new revision with the re-approval badge.
    with world.worker.db.write() as s:
        latest = plans.plan_for_case(s, world.worker.actor, case.id)
        latest = plans.submit_plan(s, world.worker.actor, latest.id, latest.version_id)
        plans.approve_plan(s, world.head.actor, latest.id, latest.version_id)
    reloaded(qtbot, window)
    assert not window.plan.reapproval.isVisible()
    qtbot.mouseClick(window.plan.compose_button, LEFT)
    editor = window.plan.dialog
    assert isinstance(editor, PlanEditor)
    editor.cards[0].goal.selectAll()
    qtbot.keyClicks(editor.cards[0].goal, "Berat badan naik 3 kg")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), LEFT)
    wait_idle(qtbot)
    plan = window.view.plan
    assert plan.needs_reapproval and plan.revision == 2 and plan.status == "draft"
    assert window.plan.reapproval.isVisible() and window.plan.status.text() == "Draf"
    window.close()
