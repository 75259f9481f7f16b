import pytest
from kesos_desktop.core.i18n import _
from kesos_desktop.ui import main_window as mw
from kesos_desktop.ui.widgets.task_counter import TaskCounter
from tests.ui.helpers import wait_idle, screenshot
from tests.ui.rehab_world import build_world, context

EXTRA = (
    mw.PageSpec("activities", lambda: _("Kegiatan"), "users", "kesos_desktop.ui.pages.activities.page", "ActivitiesPage", "activities.manage"),
    mw.PageSpec("training", lambda: _("Pelatihan"), "reference", "kesos_desktop.ui.pages.training.page", "TrainingPage", "training.manage"),
    mw.PageSpec("placements", lambda: _("Penempatan"), "office", "kesos_desktop.ui.pages.placements.page", "PlacementsPage", "placements.manage"),
    mw.PageSpec("partner", lambda: _("Anak Binaan Kami"), "home", "kesos_desktop.ui.pages.partner.page", "PartnerPage", "placements.report"),
    mw.PageSpec("tasks", lambda: _("Tugas saya"), "audit", "kesos_desktop.ui.pages.tasks.page", "TasksPage", "tasks.view"),
)

@pytest.fixture
def world(db, admin, monkeypatch):
    return build_world(db, admin, monkeypatch)

@pytest.mark.parametrize("who", ["worker", "partner"])
def test_window(world, qtbot, monkeypatch, artifacts, who):
    monkeypatch.setattr(mw, "PAGES", mw.PAGES + EXTRA)
    world.case("Rudi Hartono")
    ctx = context(world, getattr(world, who))
    win = mw.MainWindow(ctx, office_name="Dinsos")
    qtbot.addWidget(win)
    counter = TaskCounter(ctx, win)
    counter.clicked.connect(lambda: win.open_page("tasks"))
    win.statusBar().addPermanentWidget(counter)
    win.resize(1280, 800); win.show(); qtbot.waitExposed(win); wait_idle(qtbot)
    for key in win.page_keys():
        win.open_page(key); wait_idle(qtbot)
    counter.click(); wait_idle(qtbot)
    screenshot(win, artifacts, f"zz_window_{who}.png")
    print(who, win.page_keys(), counter.text())
