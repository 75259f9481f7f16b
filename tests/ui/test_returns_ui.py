"""Pemulangan as a person works it: the plan wizard from Jakarta to Kota Kupang (a missing fare shown at its cell,
typed in with a reason), approval by the pimpinan past the budget with a reason, departure, hand-over, arrival,
cancellation, the plans list — and every model through qtmodeltester."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableView

from kesos_desktop.core.services import auth, relay, returns, returns_budget, returns_settings, returns_status, stays
from kesos_desktop.core.services.residents_records import ConsentInput, FamilyContactInput
from kesos_desktop.core.services.returns import LegInput, PlanInput
from kesos_desktop.ui.pages.returns.legs import LegRow, LegsModel
from kesos_desktop.ui.pages.returns.plan_window import PlanWindow
from kesos_desktop.ui.pages.returns.wizard import DESTINATION, PERSON, ROUTE, SUMMARY, ReturnWizard
from tests.factories import identity_input, make_institution, make_user, register_person
from tests.ui.helpers import screenshot, wait_idle

TODAY = date.today()
YEAR = TODAY.year
KUPANG_DESA = "53.71.01.1001"  # Namosain, Alak, Kota Kupang


# ------------------------------------------------------------------------------------------------------- the world


@dataclass
class World:
    ctx: object
    boss: object
    line_id: int
    institution_id: uuid.UUID
    person_id: uuid.UUID


def context_for(ctx, username: str, roles: list[str]):  # type: ignore[no-untyped-def]
    make_user(ctx.db, ctx.actor, username, roles)
    with ctx.db.write() as s:
        actor = auth.login(s, username, "sandi12345")
    return dataclasses.replace(ctx, actor=actor)


def admit_person(ctx, institution_id, full_name: str, nik: str, birth: date, origin: str = KUPANG_DESA) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """Registered and admitted through the intake service (so the search index knows the name)."""
    identity = identity_input(
        full_name=full_name,
        alias="",
        nik=nik,
        birth_date=birth,
        birth_place="Kupang",
        origin_region_code=origin,
        origin_address="Jl. Pantai Namosain RT 002/RW 001",
        phone="",
    )
    result = register_person(
        ctx.db,
        ctx.actor,
        identity=identity,
        family_contacts=[
            FamilyContactInput(
                name="Yohana Manafe",
                relation="KAKAK",
                phone="0812 3900 1122",
                address="Jl. Namosain 7",
                is_guardian=True,
            )
        ],
        consent=ConsentInput(basis="persetujuan_sendiri", given_by=full_name, given_on=TODAY),
        admission=stays.AdmissionInput(institution_id, TODAY - timedelta(days=12)),
    )
    return result.person_id


def build_world(ctx, budget: int = 150_000) -> World:  # type: ignore[no-untyped-def]
    """A DKI office with the seeded relay network, one small APBD line, a default signatory and a person in care."""
    admin = ctx.actor
    with ctx.db.write() as s:
        relay.seed_relay_network(s)
        s.commit()
    with ctx.db.write() as s:
        source = returns_budget.save_fund_source(
            s, admin, returns_budget.FundSourceInput("APBD", "APBD Provinsi DKI Jakarta", "APBD")
        )
    with ctx.db.write() as s:
        line = returns_budget.save_budget_line(
            s,
            admin,
            returns_budget.BudgetLineInput(
                source.id, YEAR, "Bantuan pemulangan orang terlantar", budget, code="5.1.02"
            ),
        )
    with ctx.db.write() as s:
        returns_settings.save_signatory(
            s,
            admin,
            returns_settings.SignatoryInput(
                name="Drs. H. BAMBANG SUTRISNO, M.Si.",
                jabatan="Kepala Dinas Sosial Provinsi DKI Jakarta",
                nip="196804111993031009",
                pangkat="Pembina Utama Muda (IV/c)",
                is_default=True,
            ),
        )
    institution = make_institution(ctx.db, admin)
    person = admit_person(ctx, institution.id, "Yohanes Manafe", "5371011503800002", date(1980, 3, 15))
    boss = context_for(ctx, "kadis", ["pimpinan"])
    return World(ctx, boss, line.id, institution.id, person)


def draft_plan(world: World, person_id: uuid.UUID, destination: str = "32.75", fare: int | None = 60_000):  # type: ignore[no-untyped-def]
    """A draft straight through the services: one leg DKI → Dinsos Kota Bekasi, paid from the world's line."""
    ctx = world.ctx
    legs = [
        LegInput(
            "DINSOS-31",
            "DINSOS-32.75",
            "bus",
            fare_amount=fare,
            fare_override_reason="Tiket bus kota",
            meal_per_day=25_000,
            budget_line_id=world.line_id,
            travel_date=TODAY,
        )
    ]
    with ctx.db.write() as s:
        return returns.create_plan(
            s,
            ctx.actor,
            PlanInput(
                person_id, destination, "Jl. Kalimalang 12", receiver_name="Siti", planned_departure_on=TODAY, legs=legs
            ),
        )


# ---------------------------------------------------------------------------------------------------------- helpers


def edit_cell(qtbot, table: QTableView, row: int, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Double-click-and-type, as a person edits a cell: open the editor, type, press Enter."""
    model = table.model()
    index = model.index(row, model.column_of(key))
    already = table.state() == QAbstractItemView.State.EditingState and table.currentIndex() == index
    if not already:
        table.setCurrentIndex(index)
        table.edit(index)
    editors = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert editors, f"no editor opened for {key}"
    editor = editors[-1]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def show(qtbot, widget):  # type: ignore[no-untyped-def]
    # Windows that delete themselves on close are closed by the UI fixture after the test, not by qtbot.
    if not widget.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):
        qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def next_page(qtbot, wizard: ReturnWizard, expected: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == expected, timeout=20_000)
    wait_idle(qtbot)


# ------------------------------------------------------------------------------------------------------------ tests


def test_plan_to_kupang_through_the_wizard_then_approve_past_the_budget(ctx, qtbot, artifacts) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx)
    wizard = ReturnWizard(ctx)
    with qtbot.waitSignal(wizard.ready, timeout=20_000):
        show(qtbot, wizard)
    assert wizard.currentId() == PERSON

    # 1. The person: typed into the search, chosen from the list.
    page = wizard.person_page
    qtbot.keyClicks(page.search, "Yohanes")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and "Manafe" in page.model.index(0, 0).data(), timeout=10_000)
    page.choose_row(0)
    qtbot.waitUntil(lambda: wizard.person is not None and page.isComplete(), timeout=10_000)
    assert "Yohanes Manafe" in page.details.text()
    next_page(qtbot, wizard, DESTINATION)

    # 2. Destination: the origin desa and the guardian are filled in; the departure date is set.
    dest = wizard.destination
    assert dest.region.code() == KUPANG_DESA and "Namosain" in dest.region.text()
    assert dest.receiver_name.text() == "Yohana Manafe" and dest.receiver_relation.text() == "Kakak"
    dest.departure.check.setChecked(True)
    assert dest.departure.value() == TODAY
    next_page(qtbot, wizard, ROUTE)

    # 3. The route: the planner's estafet legs to Kota Kupang; the first one is this office's and has no fare.
    route = wizard.route
    model: LegsModel = route.model
    qtbot.waitUntil(lambda: model.rowCount() == 7 and all(leg.looked_up for leg in model.rows()), timeout=10_000)
    codes = [(leg.from_office.code, leg.to_office.code) for leg in model.rows()]
    assert codes[0] == ("DINSOS-31", "DINSOS-32") and codes[-1] == ("DINSOS-53", "DINSOS-53.71")
    fare_col = model.column_of("fare_amount")
    assert model.index(0, fare_col).data() == "belum ada di tabel tarif"
    assert model.paid_here(model.rows()[0]) and not model.paid_here(model.rows()[1])
    assert model.rows()[0].budget_line_id == world.line_id  # the only line of the year is chosen for the user
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(model.error_text(0, "fare_amount")), timeout=10_000)
    wait_idle(qtbot)
    assert wizard.currentId() == ROUTE
    assert "tabel tarif" in model.error_text(0, "fare_amount")
    assert model.index(0, fare_col).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, fare_col).data(Qt.ItemDataRole.ToolTipRole) == model.error_text(0, "fare_amount")
    assert "tabel tarif" in route.banner.text()

    edit_cell(qtbot, route.table, 0, "fare_amount", "175.000")
    assert model.rows()[0].fare_amount == 175_000 and not model.error_text(0, "fare_amount")
    edit_cell(qtbot, route.table, 0, "fare_override_reason", "Tiket DAMRI Jakarta-Bandung 2026")
    edit_cell(qtbot, route.table, 0, "meal_per_day", "50000")
    assert model.index(0, model.column_of("total")).data() == "Rp225.000"
    route.table.setCurrentIndex(model.index(0, 0))
    screenshot(wizard, artifacts, "return_wizard_route.png")

    # 4. Money and budget: the line of Rp150.000 cannot carry Rp225.000 — a warning, not a block.
    next_page(qtbot, wizard, SUMMARY)
    summary = wizard.summary
    assert summary.legs_model.rowCount() == 7
    check = summary.budget_model.row_at(0)
    assert check is not None and check.this_plan == 225_000 and check.remaining_after == -75_000
    assert any("tidak cukup" in w for w in summary.warning_texts())
    screenshot(wizard, artifacts, "return_wizard_summary.png")
    with qtbot.waitSignal(wizard.saved, timeout=20_000) as saved:
        qtbot.mouseClick(wizard.button(wizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    plan = saved.args[0]
    wait_idle(qtbot)
    assert not shiboken6.isValid(wizard) or not wizard.isVisible()
    assert plan.status == "draft" and plan.destination_region_code == KUPANG_DESA and len(plan.legs) == 7
    assert plan.legs[0].fare_amount == 175_000 and plan.legs[0].fare_override_reason.startswith("Tiket DAMRI")

    # 5. The pimpinan approves past the budget, with a reason.
    window = show(qtbot, PlanWindow(world.boss, plan.id))
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    assert window.approve_button.isVisible() and window.approve_button.isEnabled()
    assert not window.edit_button.isVisible()  # pimpinan approves; planning is the workers' job
    assert any("tidak cukup" in w for w in window.view.plan.warnings)
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert dialog.override_box.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.isVisible() and dialog.form.error_text("override_reason")  # no reason, no approval
    qtbot.keyClicks(dialog.reason, "Korban TPPO, dana ditambah pada APBD-P")
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    plan = window.view.plan
    assert plan.status == "disetujui" and plan.budget_override_by == "kadis"
    assert "Korban TPPO" in window.notice.text()
    actions = [window.events_model.index(r, 1).data() for r in range(window.events_model.rowCount())]
    assert actions[:2] == ["Disetujui", "Disetujui melampaui anggaran"] and actions[-1] == "Dibuat"
    window.close()

    # The worker who planned it sees what comes next: the voucher, departure, back to draft, cancellation.
    window = show(qtbot, PlanWindow(ctx, plan.id))
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    shown = [b for b in (window.voucher_button, window.depart_button, window.reopen_button) if b.isVisible()]
    assert len(shown) == 3 and not window.approve_button.isVisible() and not window.edit_button.isVisible()
    assert not window.warnings.isVisible()  # the shortfall was allowed: it is in the approval note now
    window.resize(1240, 760)
    screenshot(window, artifacts, "return_plan.png")


def test_depart_hand_over_arrive_and_cancel_from_the_plan_window(ctx, qtbot, artifacts) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    plan = draft_plan(world, world.person_id)
    with ctx.db.write() as s:
        plan = returns_status.approve_plan(s, world.boss.actor, plan.id, plan.version_id)
    window = show(qtbot, PlanWindow(ctx, plan.id))
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    assert not window.approve_button.isVisible()  # the administrator may not approve
    assert window.depart_button.isEnabled() and not window.arrive_button.isEnabled()

    qtbot.mouseClick(window.depart_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        qtbot.mouseClick(window.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.view.plan.status == "berangkat" and window.handover_button.isEnabled()

    window.legs_table.selectRow(0)
    qtbot.mouseClick(window.handover_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    qtbot.keyClicks(dialog.nip, "1234")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.form.error_text("officer_name") and dialog.form.error_text("officer_nip")
    qtbot.keyClicks(dialog.officer, "Maria Bere")
    dialog.nip.clear()
    qtbot.keyClicks(dialog.nip, "19750321 200003 2 004")
    qtbot.keyClicks(dialog.jabatan, "Kepala Seksi Rehabilitasi Sosial")
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    leg = window.view.plan.legs[0]
    assert leg.status == "diserahterimakan" and leg.receiving_officer_nip == "197503212000032004"
    assert "Maria Bere" in window.legs_model.index(0, window.legs_model.columnCount() - 1).data()
    assert not window.handover_button.isEnabled()

    qtbot.mouseClick(window.arrive_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert dialog.confirmed_by.text() == "Siti"
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.view.plan.status == "tiba"
    assert not any(b.isEnabled() for b in (window.cancel_button, window.depart_button, window.voucher_button))
    window.tabs.setCurrentIndex(1)
    actions = [window.events_model.index(r, 1).data() for r in range(window.events_model.rowCount())]
    assert actions == ["Tiba / dikonfirmasi", "Diserahterimakan", "Berangkat", "Disetujui", "Dibuat"]
    with ctx.db.read() as s:
        assert stays.current_stay(s, ctx.actor, world.person_id) is None  # the stay ended: dipulangkan

    # Another person's draft is cancelled: the reason is required.
    other = admit_person(ctx, world.institution_id, "Markus Lado", "5371012001850003", date(1985, 1, 20))
    draft = draft_plan(world, other)
    second = show(qtbot, PlanWindow(ctx, draft.id))
    qtbot.waitUntil(lambda: second.view is not None, timeout=10_000)
    qtbot.mouseClick(second.cancel_button, Qt.MouseButton.LeftButton)
    dialog = second.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert "wajib" in dialog.form.error_text("reason")
    qtbot.keyClicks(dialog.reason, "Keluarga menjemput sendiri")
    with qtbot.waitSignal(second.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert second.view.plan.status == "batal" and "Keluarga menjemput" in second.notice.text()


def test_editing_a_draft_keeps_its_legs_and_replaces_them_on_save(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    plan = draft_plan(world, world.person_id)
    wizard = ReturnWizard(ctx, plan=plan)
    with qtbot.waitSignal(wizard.ready, timeout=20_000):
        show(qtbot, wizard)
    assert wizard.currentId() == DESTINATION
    assert wizard.destination.region.code() == "32.75" and wizard.destination.address.text() == "Jl. Kalimalang 12"
    next_page(qtbot, wizard, ROUTE)
    model = wizard.route.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.rows()[0].looked_up, timeout=10_000)
    assert model.rows()[0].fare_amount == 60_000  # typed earlier, kept with its reason
    edit_cell(qtbot, wizard.route.table, 0, "pocket_per_day", "Rp100.000")
    next_page(qtbot, wizard, SUMMARY)
    with qtbot.waitSignal(wizard.saved, timeout=20_000) as saved:
        qtbot.mouseClick(wizard.button(wizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    updated = saved.args[0]
    assert updated.id == plan.id and updated.legs[0].pocket_per_day == 100_000
    assert updated.totals.own_total == 60_000 + 25_000 + 100_000


def test_plans_page_filters_and_opens_a_plan(ctx, qtbot, artifacts) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.ui.pages.returns import opener
    from kesos_desktop.ui.pages.returns.page import ReturnsPage

    world = build_world(ctx, budget=5_000_000)
    plan = draft_plan(world, world.person_id)
    page = ReturnsPage(ctx)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        show(qtbot, page)
    assert page.model.rowCount() == 1 and page.model.index(0, 0).data() == plan.plan_no
    page.status.setCurrentIndex(page.status.findData("batal"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    page.status.setCurrentIndex(page.status.findData(""))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    qtbot.keyClicks(page.filter, "kalimalang")  # the address is not in the list: no match
    assert page.model.rowCount() == 0
    page.filter.clear()
    qtbot.keyClicks(page.filter, "Manafe")
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    page.open_selected()
    window = opener._windows[plan.id]
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    assert window.title.text().startswith(plan.plan_no)
    assert opener.open_plan_window(ctx, plan.id) is window  # one window per plan


def test_models_pass_the_model_tester(ctx, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.ui.pages.returns.escorts_dialog import EscortsDialog

    world = build_world(ctx, budget=5_000_000)
    plan = draft_plan(world, world.person_id)
    with ctx.db.read() as s:
        proposal = returns.propose_for_person(s, ctx.actor, "53.71")
        own = relay.own_relay_office(s)
    model = LegsModel()
    model.set_choices(own, [leg.to_office for leg in proposal.legs], [])
    qtmodeltester.check(model)
    model.set_rows([LegRow.from_proposal(leg) for leg in proposal.legs])
    qtmodeltester.check(model)
    model.set_errors({"legs.0.fare_amount": "x", "legs.2.escorts.0.name": "y"}, prefix="legs.")
    assert model.error_text(2, "escorts") == "y"
    qtmodeltester.check(model)
    model.remove(1)
    qtmodeltester.check(model)
    escorts = EscortsDialog(LegRow.from_info(plan.legs[0]))
    qtbot.addWidget(escorts)
    escorts.add()
    qtmodeltester.check(escorts.model)
    window = show(qtbot, PlanWindow(ctx, plan.id))
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    for m in (window.legs_model, window.budget_model, window.events_model, window.vouchers_model):
        qtmodeltester.check(m)
    wizard = ReturnWizard(ctx)
    with qtbot.waitSignal(wizard.ready, timeout=20_000):
        show(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.person_page.model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(wizard.person_page.model)
    qtmodeltester.check(wizard.summary.legs_model)
    qtmodeltester.check(wizard.summary.budget_model)


def test_from_the_profile_the_wizard_starts_at_the_destination(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.ui.pages.returns.opener import open_return_wizard

    world = build_world(ctx, budget=5_000_000)
    wizard = open_return_wizard(ctx, world.person_id, None, open_plan=False)
    with qtbot.waitSignal(wizard.ready, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: wizard.destination.region.code() == KUPANG_DESA, timeout=10_000)
    assert wizard.currentId() == DESTINATION and "Yohanes Manafe" in wizard.destination.heading.text()
    assert wizard.destination.isComplete()
    wizard.reject()

    # Someone with a plan under way: the wizard says so and goes no further.
    draft_plan(world, world.person_id)
    wizard = open_return_wizard(ctx, world.person_id, None, open_plan=False)
    with qtbot.waitSignal(wizard.ready, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: "sudah punya rencana" in wizard.destination.banner.text(), timeout=10_000)
    assert not wizard.destination.isComplete()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    wizard.reject()


def test_escorts_are_added_to_a_leg_and_paid_with_it(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ctx, budget=5_000_000)
    plan = draft_plan(world, world.person_id)
    wizard = ReturnWizard(ctx, plan=plan)
    with qtbot.waitSignal(wizard.ready, timeout=20_000):
        show(qtbot, wizard)
    next_page(qtbot, wizard, ROUTE)
    route = wizard.route
    qtbot.waitUntil(lambda: route.model.rowCount() == 1, timeout=10_000)
    route.table.setCurrentIndex(route.model.index(0, 0))
    qtbot.mouseClick(route.escorts_button, Qt.MouseButton.LeftButton)
    dialog = route.escorts_dialog
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    edit_cell(qtbot, dialog.table, 0, "name", "Dedi Kurniawan")
    edit_cell(qtbot, dialog.table, 0, "fare_amount", "60.000")
    edit_cell(qtbot, dialog.table, 0, "meal_per_day", "75000")
    assert dialog.model.index(0, dialog.model.column_of("total")).data() == "Rp135.000"
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert route.model.index(0, route.model.column_of("escorts")).data() == "1 orang, Rp135.000"
    assert route.model.index(0, route.model.column_of("total")).data() == "Rp220.000"  # 60.000 + 25.000 + 135.000
    next_page(qtbot, wizard, SUMMARY)
    with qtbot.waitSignal(wizard.saved, timeout=20_000) as saved:
        qtbot.mouseClick(wizard.button(wizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    escort = saved.args[0].legs[0].escorts[0]
    assert escort.name == "Dedi Kurniawan" and escort.total == 135_000


def test_a_second_editor_gets_a_conflict_and_keeps_what_was_typed(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.helpers import find_top_level

    world = build_world(ctx, budget=5_000_000)
    plan = draft_plan(world, world.person_id)
    window = show(qtbot, PlanWindow(world.boss, plan.id))
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    qtbot.keyClicks(dialog.note, "Sesuai hasil asesmen")
    with ctx.db.write() as s:  # meanwhile a worker changes the receiver on another PC
        returns.update_plan(
            s, ctx.actor, plan.id, PlanInput(world.person_id, "32.75", receiver_name="Pak RT"), plan.version_id
        )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.isVisible(), timeout=10_000)
    box = find_top_level(QMessageBox)
    assert box is not None and box.windowTitle() == "Data telah berubah"
    box.close()
    assert dialog.note.toPlainText() == "Sesuai hasil asesmen" and "Data terbaru dimuat" in dialog.info.text()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.view.plan.status == "disetujui" and window.view.plan.receiver_name == "Pak RT"


def test_replacing_edited_legs_is_confirmed_first(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.helpers import find_top_level

    world = build_world(ctx, budget=5_000_000)
    plan = draft_plan(world, world.person_id)
    wizard = ReturnWizard(ctx, plan=plan)
    with qtbot.waitSignal(wizard.ready, timeout=20_000):
        show(qtbot, wizard)
    next_page(qtbot, wizard, ROUTE)
    route = wizard.route
    qtbot.waitUntil(lambda: route.model.rowCount() == 1 and route.model.rows()[0].looked_up, timeout=10_000)
    route.direct.setChecked(True)
    box = find_top_level(QMessageBox)
    assert box is not None and "diganti" in box.text()
    keep = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert not route.direct.isChecked() and route.model.rows()[0].fare_amount == 60_000  # nothing changed
    qtbot.mouseClick(route.repropose_button, Qt.MouseButton.LeftButton)
    box = find_top_level(QMessageBox)
    replace = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: route.model.rows()[0].fare_amount is None, timeout=10_000)
    wait_idle(qtbot)
    assert [leg.to_office.code for leg in route.model.rows()] == ["DINSOS-32.75"]
