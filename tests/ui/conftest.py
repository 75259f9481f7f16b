"""UI test fixtures: the app's style, a signed-in context, the main window, screenshots, and clean-up of workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.helpers import wait_idle

HERE = Path(__file__).parent
# Messages the headless "offscreen" platform plugin prints because it has no window manager: it cannot resize to
# size hints, raise a window or grab the keyboard for a popup. Real platforms implement these; the app does
# nothing wrong, so only these exact texts are ignored. Every other Qt warning still fails the test.
OFFSCREEN_LIMITS = (
    r"^This plugin does not support propagateSizeHints\(\)$",
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",
)
NOT_OURS = {"test_i18n_bridge.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.path))
        if path.parent == HERE and path.name not in NOT_OURS:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS))


@pytest.fixture(autouse=True)
def ui_session(request: pytest.FixtureRequest) -> Iterator[None]:
    """Apply the program's style, and after each test let workers finish and close what the test left open."""
    if Path(str(request.node.path)).name in NOT_OURS:
        yield
        return
    qapp = request.getfixturevalue("qapp")
    from kesos_desktop.ui import style

    if not qapp.property("kesos_styled"):
        style.apply(qapp)
        qapp.setProperty("kesos_styled", True)
    yield
    from PySide6.QtWidgets import QApplication

    from kesos_desktop.ui import operations

    operations.wait_for_workers(20.0)
    QApplication.processEvents()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    QApplication.processEvents()


@pytest.fixture
def ctx(db, admin):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.config import Settings
    from kesos_desktop.ui.context import AppContext

    return AppContext(db, admin, Settings())


@pytest.fixture
def window(ctx, qtbot):  # type: ignore[no-untyped-def]
    from kesos_desktop.ui.main_window import MainWindow

    win = MainWindow(ctx, office_name="Dinas Sosial Provinsi DKI Jakarta")
    qtbot.addWidget(win)
    # The offscreen screen is 800×800; the default size on a real office PC is 1280×800.
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    wait_idle(qtbot)
    return win


@pytest.fixture
def qt_translator(qapp):  # type: ignore[no-untyped-def]
    """Qt's own button texts in Indonesian, as the program shows them (the i18n bridge's translator)."""
    from kesos_desktop.ui.i18n_bridge import install_qt_translator, remove_qt_translator

    install_qt_translator(qapp)
    yield
    remove_qt_translator(qapp)
