"""Log Audit, Data Referensi and Kantor pages: what a person sees and does there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kesos_desktop.ui.pages.admin.audit import AuditPage
from kesos_desktop.ui.pages.admin.office import OfficePage
from kesos_desktop.ui.pages.reference.page import ReferencePage
from tests.factories import make_user
from tests.ui.helpers import screenshot, wait_idle


def test_audit_page_shows_the_creation_with_before_and_after(window, qtbot, ctx, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    make_user(ctx.db, ctx.actor, "budi", ["pekerja_sosial"])
    page = window.open_page("audit")
    assert isinstance(page, AuditPage)
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: page.model.row_at(0) is not None, timeout=10_000)
    newest = page.model.row_at(0)
    assert newest.action == "user.created"
    assert page.model.index(0, 2).data() == "Akun dibuat"
    assert page.model.index(0, 4).data() == "Akun budi dibuat"
    assert page.count.text().endswith("peristiwa")

    page.table.selectRow(0)
    assert page.detail_title.text() == "Akun budi dibuat"
    changes = {page.changes_model.index(r, 0).data(): page.changes_model.index(r, 2).data() for r in range(2)}
    assert changes == {"Nama pengguna": "budi", "Peran": "pekerja_sosial"}
    assert page.changes_model.index(0, 1).data() == "—"
    screenshot(window, artifacts, "audit_page.png")

    # Filters narrow the list in SQL; the page offers no way to change a row.
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClicks(page.text, "tidak ada yang cocok")
    assert page.model.rowCount() == 0
    page.text.clear()
    wait_idle(qtbot)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.entity.setCurrentIndex(page.entity.findData("office"))
    assert page.model.total() == 1
    assert not page.model.flags(page.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_audit_page_is_lazy_over_many_events(window, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services import audit

    with ctx.db.write() as s:
        for i in range(450):
            audit.record(s, ctx.actor, "test.event", "user", summary=f"peristiwa {i}")
        s.commit()
    page = window.open_page("audit")
    wait_idle(qtbot)
    assert page.model.total() >= 450
    qtbot.waitUntil(lambda: page.model.row_at(0) is not None, timeout=10_000)
    # Only the blocks the view painted are loaded; the last row is fetched when scrolled to.
    assert page.model.row_at(page.model.total() - 1) is None
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.row_at(page.model.total() - 1) is not None, timeout=10_000)


def test_reference_page_lists_categories_and_browses_regions(window, qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page = window.open_page("reference")
    assert isinstance(page, ReferencePage)
    wait_idle(qtbot)
    codes = [r.code for r in page.categories.rows()]
    assert {"AJ", "LUT", "OT"} <= set(codes)
    assert page.exit_reasons.rowCount() > 0
    assert page.institution_types.rowCount() > 0
    screenshot(window, artifacts, "reference_page.png")

    window.find_action.trigger()  # Ctrl+F goes to the region search
    regions = page.regions
    assert page.tabs.currentWidget() is regions
    assert regions.models[0].rowCount() == 38
    qtbot.keyClicks(regions.search, "gambir")
    regions.search.search_now()
    hits = regions.search.hits()
    assert "31.71.01" in hits  # Kecamatan Gambir, Jakarta Pusat
    regions.search.pick("31.71.01")
    assert regions.selected_code() == "31.71.01"
    assert regions.models[3].rowCount() > 0  # its kelurahan are listed
    assert "Kecamatan Gambir" in regions.detail_label.text()
    screenshot(window, artifacts, "reference_regions.png")


def test_office_page_saves_and_shows_field_errors(window, qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page = window.open_page("office")
    assert isinstance(page, OfficePage)
    wait_idle(qtbot)
    assert page.name.text() == "Dinas Sosial Provinsi DKI Jakarta"
    assert page.region.code() == "31"
    assert page.preview.lines() == ["PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA", "DINAS SOSIAL"]

    page.email.setText("bukan-alamat")
    window.save_action.trigger()  # Ctrl+S
    wait_idle(qtbot)
    assert page.form.error_text("email")
    assert page.email.text() == "bukan-alamat"

    page.email.setText("dinsos@jakarta.go.id")
    page.name.setText("Dinas Sosial Provinsi DKI Jakarta (Uji)")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.notice.isVisible()
    assert "Dinas Sosial Provinsi DKI Jakarta (Uji)" in window.windowTitle()
    assert page.info is not None and page.info.version_id == 2
    screenshot(window, artifacts, "office_page.png")
