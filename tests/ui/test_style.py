"""The program's look: disabled widgets must look disabled (greyed text), not like usable ones."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QPushButton, QWidget

from tests.ui.helpers import screenshot


def _darkest(image: QImage) -> int:
    """The lowest lightness of any pixel: the button's text (its face and border are lighter)."""
    return min(QColor(image.pixel(x, y)).lightness() for x in range(image.width()) for y in range(image.height()))


def test_disabled_colours_differ_from_enabled_ones() -> None:
    palette = QApplication.palette()
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        enabled = palette.color(QPalette.ColorGroup.Active, role)
        disabled = palette.color(QPalette.ColorGroup.Disabled, role)
        assert disabled.lightness() - enabled.lightness() >= 80, role  # clearly greyed, still readable
        assert disabled.lightness() <= 190, role
    assert palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base) != palette.color(
        QPalette.ColorGroup.Active, QPalette.ColorRole.Base
    )


def test_a_disabled_button_is_drawn_grey(qtbot, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    enabled, disabled = QPushButton("Simpan"), QPushButton("Simpan")
    disabled.setEnabled(False)
    edit = QLineEdit("Tidak dapat diubah")
    edit.setEnabled(False)
    layout = QHBoxLayout(holder)
    for widget in (enabled, disabled, edit):
        layout.addWidget(widget)
    holder.show()
    qtbot.waitExposed(holder)
    screenshot(holder, artifacts, "style_disabled_buttons.png")
    assert _darkest(disabled.grab().toImage()) - _darkest(enabled.grab().toImage()) >= 60
