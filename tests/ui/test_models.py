"""Every item model the UI uses passes pytest-qt's qtmodeltester, loaded and empty."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kesos_desktop.core.reference import regions
from kesos_desktop.ui.models.lazy_table import LazyTableModel
from kesos_desktop.ui.models.table import ROW_ROLE, Column, RowsTableModel
from kesos_desktop.ui.pages.reference.regions import region_model
from tests.factories import make_user
from tests.ui.helpers import wait_idle

COLUMNS = [
    Column("Nama", lambda r: r[0]),
    Column("Jumlah", lambda r: r[1], align=Qt.AlignmentFlag.AlignRight, color=lambda r: "#c62828" if r[1] > 5 else ""),
    Column("Aktif", lambda r: r[2], tooltip=lambda r: "aktif" if r[2] else "tidak"),
]
ROWS = [("Budi", 3, True), ("Ani", 7, False), ("Citra", 1250, True)]


def test_rows_table_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RowsTableModel(COLUMNS, ROWS)
    qtmodeltester.check(model)
    assert model.index(2, 1).data() == "1.250"  # counts through the formatters
    assert model.index(0, 2).data() == "✓"
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in model.rows()] == ["Citra", "Ani", "Budi"]
    model.set_filter(lambda r: r[2])
    assert model.rowCount() == 2
    assert model.index(0, 0).data(ROW_ROLE) == ("Citra", 1250, True)
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_lazy_table_model_fetches_blocks_on_a_worker(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []

    def loader(start: int, count: int) -> list[tuple[str, int, bool]]:
        calls.append((start, count))
        return [(f"orang {i}", i, i % 2 == 0) for i in range(start, start + count)]

    model: LazyTableModel[tuple[str, int, bool]] = LazyTableModel(COLUMNS, block_size=50)
    model.reset(1_000, loader)
    assert model.index(0, 0).data() == "Memuat…"  # placeholder while the block is fetched
    with qtbot.waitSignal(model.block_loaded, timeout=5_000):
        pass
    assert model.index(0, 0).data() == "orang 0"
    assert model.index(60, 0).data() == "Memuat…"
    qtbot.waitUntil(lambda: model.row_at(60) is not None, timeout=5_000)
    assert calls[:2] == [(0, 50), (50, 50)]
    qtmodeltester.check(model)
    wait_idle(qtbot)
    model.reset(0, None)
    qtmodeltester.check(model)


def test_lazy_model_drops_blocks_of_an_old_filter(qtbot) -> None:  # type: ignore[no-untyped-def]
    model: LazyTableModel[tuple[str, int, bool]] = LazyTableModel(COLUMNS, block_size=10)
    model.reset(20, lambda start, count: [("lama", 0, True)] * count)
    model.fetch(0)
    model.reset(20, lambda start, count: [("baru", 0, True)] * count)
    model.fetch(0)
    wait_idle(qtbot)
    assert model.row_at(0) == ("baru", 0, True)


def test_page_models(qtbot, qtmodeltester, window, ctx) -> None:  # type: ignore[no-untyped-def]
    make_user(ctx.db, ctx.actor, "budi", ["pekerja_sosial"])
    users_page = window.open_page("users")
    wait_idle(qtbot)
    qtmodeltester.check(users_page.model)
    audit_page = window.open_page("audit")
    # The audit rows load when the visible view asks for them.
    qtbot.waitUntil(lambda: audit_page.model.row_at(0) is not None, timeout=5_000)
    qtmodeltester.check(audit_page.model)
    audit_page.table.selectRow(0)
    qtmodeltester.check(audit_page.changes_model)
    reference_page = window.open_page("reference")
    wait_idle(qtbot)
    for model in (
        reference_page.categories,
        reference_page.exit_reasons,
        reference_page.referral_sources,
        reference_page.institution_types,
    ):
        qtmodeltester.check(model)
    home = window.open_page("home")
    qtmodeltester.check(home.loads)
    wait_idle(qtbot)


def test_region_list_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = region_model(None)  # type: ignore[arg-type]
    model.set_rows(regions.children("31"))
    qtmodeltester.check(model)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("31.")
