"""Pengaturan dokumen as an administrator works it: a signatory signing a.n. the head, a number template with its
live example, a fund source and a budget line, a fare, the relay network — errors at the field, models tested."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kesos_desktop.core.services import relay, returns_settings
from kesos_desktop.ui import main_window
from kesos_desktop.ui.main_window import MainWindow
from kesos_desktop.ui.pages.return_settings.page import ReturnSettingsPage
from tests.ui.helpers import screenshot, wait_idle
from tests.ui.test_returns_ui import TODAY, context_for
from tests.ui.test_vouchers_ui import RETURN_PAGES


def seeded(ctx):  # type: ignore[no-untyped-def]
    with ctx.db.write() as s:
        relay.seed_relay_network(s)
        s.commit()
    return ctx


def open_page(qtbot, ctx) -> ReturnSettingsPage:  # type: ignore[no-untyped-def]
    page = ReturnSettingsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def save(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    wait_idle(qtbot)


def test_signatory_with_an_and_number_template_with_live_example(ctx, qtbot, artifacts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seeded(ctx)
    monkeypatch.setattr(main_window, "PAGES", main_window.PAGES + RETURN_PAGES)
    win = MainWindow(ctx, office_name="Dinas Sosial Provinsi DKI Jakarta")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    page = win.page("return_settings")
    win.open_page("return_settings")
    qtbot.waitUntil(lambda: page.signatories.count.text() != "", timeout=10_000)

    # A signatory signing a.n. the head: the head's title is required, the block shows as it prints.
    tab = page.signatories
    tab.add_action.trigger()
    dialog = tab.dialog
    qtbot.keyClicks(dialog.name, "Dra. SRI WAHYUNI, M.Si.")
    qtbot.keyClicks(dialog.nip, "19720512 199803 2 003")
    qtbot.keyClicks(dialog.pangkat, "Pembina Tingkat I (IV/b)")
    dialog.prefix.setCurrentIndex(dialog.prefix.findData("a.n."))
    qtbot.keyClicks(dialog.jabatan, "Sekretaris")
    dialog.kinds["voucher"].setChecked(True)
    dialog.kinds["surat_pengantar"].setChecked(True)
    dialog.is_default.setChecked(True)
    save(qtbot, dialog)
    assert dialog.isVisible() and "a.n." in dialog.form.error_text("on_behalf_of")
    qtbot.keyClicks(dialog.on_behalf_of, "KEPALA DINAS SOSIAL PROVINSI DKI JAKARTA")
    assert "a.n. KEPALA DINAS SOSIAL PROVINSI DKI JAKARTA<br>Sekretaris," in dialog.preview.text()
    assert "NIP 19720512 199803 2 003" in dialog.preview.text()
    screenshot(dialog, artifacts, "return_settings_signatory.png")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        save(qtbot, dialog)
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 2).data() == "a.n. KEPALA DINAS SOSIAL PROVINSI DKI JAKARTA / Sekretaris,"
    with ctx.db.read() as s:
        office = returns_settings.list_signatories(s, ctx.actor)[0]
    assert office.prefix == "a.n." and office.kinds == ("voucher", "surat_pengantar") and office.is_default

    # A number template: the example follows every keystroke; an unknown element is refused at the field.
    page.tabs.setCurrentWidget(page.numbers)
    numbers = page.numbers
    qtbot.waitUntil(lambda: numbers.model.rowCount() == 6, timeout=10_000)
    numbers.select_kind("surat_pengantar")
    assert numbers.template.text() == "{klasifikasi}/{nomor}/{unit}/{bulan_romawi}/{tahun}"
    numbers.template.clear()
    qtbot.keyClicks(numbers.template, "{klasifikasi}/{nomer}/{unit}")
    assert "{nomer}" in numbers.form.error_text("template") and numbers.example.text() == "—"
    numbers.template.clear()
    qtbot.keyClicks(numbers.template, "{klasifikasi}/{nomor:04d}/{unit}/{bulan_romawi}/{tahun}")
    numbers.klasifikasi.clear()
    qtbot.keyClicks(numbers.klasifikasi, "400.9.4")
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[TODAY.month - 1]
    assert numbers.example.text() == f"400.9.4/0123/Dinsos/{roman}/{TODAY.year}"
    assert not numbers.form.error_text("template")
    with qtbot.waitSignal(numbers.loaded, timeout=10_000):
        qtbot.mouseClick(numbers.save_button, Qt.MouseButton.LeftButton)
    assert "tersimpan" in numbers.notice.text()
    row = numbers.model.find(lambda t: t.kind == "surat_pengantar")
    assert "diatur kantor" in numbers.kind.text()
    assert numbers.model.index(row, 2).data() == f"400.9.4/0123/Dinsos/{roman}/{TODAY.year}"
    QApplication.processEvents()
    screenshot(win, artifacts, "return_settings.png")
    page.tabs.setCurrentWidget(page.signatories)
    screenshot(win, artifacts, "return_settings_signatories.png")


def test_fund_source_budget_line_fare_and_relay_network(ctx, qtbot, artifacts) -> None:  # type: ignore[no-untyped-def]
    seeded(ctx)
    page = open_page(qtbot, ctx)
    page.resize(1200, 760)

    # Fund source, then a budget line of this year with the amount typed the Indonesian way.
    page.tabs.setCurrentWidget(page.budget)
    budget = page.budget
    qtbot.waitUntil(lambda: budget.sources_tab.count.text() != "", timeout=10_000)
    budget.sources_tab.add_action.trigger()
    dialog = budget.sources_tab.dialog
    qtbot.keyClicks(dialog.code, "apbd")
    qtbot.keyClicks(dialog.name, "APBD Provinsi DKI Jakarta")
    with qtbot.waitSignal(budget.lines_tab.loaded, timeout=10_000):
        save(qtbot, dialog)
    assert budget.sources_tab.model.index(0, 0).data() == "APBD"
    budget.lines_tab.add_action.trigger()
    dialog = budget.lines_tab.dialog
    assert dialog.source.currentData() is not None and dialog.year.value() == TODAY.year
    qtbot.keyClicks(dialog.name, "Bantuan pemulangan orang terlantar")
    qtbot.keyClicks(dialog.amount, "Rp2.500.000,-")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: budget.lines_tab.model.rowCount() == 1, timeout=10_000)
    assert budget.lines_tab.model.index(0, 4).data() == "Rp2.500.000"
    assert budget.lines_tab.model.index(0, 6).data() == "Rp2.500.000"  # nothing used yet

    # A fare: without a route it is refused at the route; with the office pair it is stored.
    page.tabs.setCurrentWidget(page.fares)
    fares = page.fares
    qtbot.waitUntil(lambda: fares.count.text() != "", timeout=10_000)
    examples = fares.model.rowCount()
    fares.add_action.trigger()
    dialog = fares.dialog
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)
    qtbot.keyClicks(dialog.amount, "175000")
    dialog.mode.setCurrentIndex(dialog.mode.findData("bus"))
    save(qtbot, dialog)
    assert "rute" in dialog.form.error_text("from_office")
    dialog.from_office.setCurrentIndex(dialog.from_office.findText("Dinas Sosial Provinsi DKI Jakarta (31)"))
    dialog.to_office.setCurrentIndex(dialog.to_office.findText("Dinas Sosial Provinsi Jawa Barat (32)"))
    qtbot.keyClicks(dialog.carrier, "DAMRI")
    with qtbot.waitSignal(fares.loaded, timeout=10_000):
        save(qtbot, dialog)
    assert fares.model.rowCount() == examples + 1
    row = fares.model.find(lambda f: f.carrier == "DAMRI" and f.amount == 175_000)
    assert fares.model.index(row, 7).data() == "aktif"

    # Relay network: a kab/kota office found by its name, a link to its province, a rule with a bad prefix.
    page.tabs.setCurrentWidget(page.relay)
    network = page.relay
    qtbot.waitUntil(lambda: network.rules.count.text() != "", timeout=10_000)
    network.offices.add_action.trigger()
    dialog = network.offices.dialog
    qtbot.keyClicks(dialog.name, "Dinas Sosial Kabupaten Kupang")
    qtbot.keyClicks(dialog.region, "Kabupaten Kupang")
    dialog.region.search_now()
    dialog.region.pick("53.01")
    with qtbot.waitSignal(network.offices.loaded, timeout=10_000):
        save(qtbot, dialog)
    assert network.offices.model.find(lambda o: o.region_code == "53.01") >= 0
    network.tabs.setCurrentWidget(network.links)
    network.links.add_action.trigger()
    dialog = network.links.dialog
    dialog.office_a.setCurrentIndex(dialog.office_a.findText("Dinas Sosial Kabupaten Kupang (53.01)"))
    save(qtbot, dialog)
    assert dialog.form.error_text("office_b")
    dialog.office_b.setCurrentIndex(dialog.office_b.findText("Dinas Sosial Provinsi Nusa Tenggara Timur (53)"))
    dialog.modes["kapal"].setChecked(True)
    with qtbot.waitSignal(network.links.loaded, timeout=10_000):
        save(qtbot, dialog)
    network.tabs.setCurrentWidget(network.rules)
    network.rules.add_action.trigger()
    dialog = network.rules.dialog
    qtbot.keyClicks(dialog.code, "ntt-kupang")
    qtbot.keyClicks(dialog.name, "Kabupaten Kupang lewat Dinsos NTT")
    qtbot.keyClicks(dialog.destination, "NTT")
    save(qtbot, dialog)
    assert "Awalan" in dialog.form.error_text("destination_prefix")
    dialog.destination.clear()
    qtbot.keyClicks(dialog.destination, "53.01")
    dialog.via.setCurrentIndex(dialog.via.findText("Dinas Sosial Provinsi Nusa Tenggara Timur (53)"))
    with qtbot.waitSignal(network.rules.loaded, timeout=10_000):
        save(qtbot, dialog)
    row = network.rules.model.find(lambda r: r.code == "NTT-KUPANG")
    assert network.rules.model.index(row, 4).data() == "Dinas Sosial Provinsi Nusa Tenggara Timur"
    screenshot(page, artifacts, "return_settings_relay.png")


def test_each_role_edits_only_its_own_settings(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    seeded(ctx)
    clerk = context_for(ctx, "tatausaha", ["petugas_administrasi"])  # budget.manage, no office.manage or relay.manage
    page = open_page(qtbot, clerk)
    assert not page.signatories.add_action.isVisible()
    assert not page.numbers.save_button.isVisible() and page.numbers.template.isReadOnly()
    assert page.budget.sources_tab.add_action.isVisible() and page.fares.add_action.isVisible()
    assert not page.relay.offices.add_action.isVisible() and not page.relay.remove_link_action.isVisible()


def test_settings_models_pass_the_model_tester(ctx, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    seeded(ctx)
    page = open_page(qtbot, ctx)
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
    wait_idle(qtbot)
    models = [
        page.signatories.model,
        page.numbers.model,
        page.budget.sources_tab.model,
        page.budget.lines_tab.model,
        page.fares.model,
        page.relay.offices.model,
        page.relay.links.model,
        page.relay.rules.model,
    ]
    assert page.relay.links.model.rowCount() > 5 and page.numbers.model.rowCount() == 6
    for model in models:
        qtmodeltester.check(model)
