"""The program's look: Fusion with a calm office palette, a few targeted style rules, and the icon loader."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from kesos_desktop.core.resources import resource_path

ACCENT = "#1d5fa8"
TEXT = "#1c2430"
MUTED = "#5a6677"
ERROR = "#c62828"
NAV_BG = "#17324f"
NAV_TEXT = "#dbe5f0"
WINDOW_BG = "#f3f5f8"
# Disabled widgets: grey text on a flatter face, so a button that cannot be pressed does not look pressable.
DISABLED_TEXT = "#9aa3ae"
DISABLED_BUTTON = "#eceff3"
DISABLED_BASE = "#f1f3f6"

# Only named widgets and state properties are styled, so Qt's own widgets keep Fusion's native drawing.
STYLE_SHEET = f"""
QListWidget#navigation {{
    background: {NAV_BG}; color: {NAV_TEXT}; border: none; outline: 0; padding-top: 6px;
}}
QListWidget#navigation::item {{ padding: 9px 10px; margin: 2px 8px; border-radius: 6px; }}
QListWidget#navigation::item:selected {{ background: #2c5d91; color: white; }}
QListWidget#navigation::item:hover:!selected {{ background: #21415f; }}
QWidget#navPanel {{ background: {NAV_BG}; }}
QLabel#navTitle {{ color: white; font-weight: 600; }}
QLabel#navSubtitle {{ color: #9fb3c8; }}
QLabel#pageTitle {{ color: {TEXT}; font-weight: 600; }}
QLabel#pageSubtitle {{ color: {MUTED}; }}
QFrame#card {{ background: white; border: 1px solid #dde3ea; border-radius: 8px; }}
QLabel#cardValue {{ color: {ACCENT}; font-weight: 600; }}
QLabel#cardLabel {{ color: {MUTED}; }}
QLabel#sectionTitle {{ color: {TEXT}; font-weight: 600; }}
QLabel#fieldError {{ color: {ERROR}; }}
QLabel#formBanner {{
    background: #fdecea; color: #8e1c1c; border: 1px solid #f5c2c0; border-radius: 4px; padding: 6px 8px;
}}
QLabel#infoBanner {{
    background: #e8f1fb; color: #173f6b; border: 1px solid #bcd4ee; border-radius: 4px; padding: 6px 8px;
}}
QLabel#demoBadge {{
    background: {ERROR}; color: white; font-weight: 600; padding: 1px 8px; border-radius: 8px;
}}
QLabel#loginError {{ color: {ERROR}; }}
QLabel#hint {{ color: {MUTED}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"] {{
    border: 1px solid {ERROR}; border-radius: 3px; padding: 2px;
}}
QGroupBox[invalid="true"] {{ border: 1px solid {ERROR}; border-radius: 4px; margin-top: 1.2em; }}
QStatusBar QLabel {{ padding: 0 6px; }}
"""


def apply(app: QApplication) -> None:
    """Fusion style, palette and style sheet for the whole program."""
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW_BG))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f8fb"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a95a5"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    # setColor(role, colour) above sets every colour group, Disabled included: give that group its own colours.
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(disabled, role, QColor(DISABLED_TEXT))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor(DISABLED_BUTTON))
    palette.setColor(disabled, QPalette.ColorRole.Base, QColor(DISABLED_BASE))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor("#b8c2ce"))
    palette.setColor(disabled, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(disabled, QPalette.ColorRole.PlaceholderText, QColor("#b3bbc5"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
    app.setWindowIcon(app_icon())


@cache
def _svg(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


def _render(svg: str, size: int, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


@cache
def icon(name: str, color: str = TEXT, selected_color: str | None = None) -> QIcon:
    """A line icon from resources/icons in ``color`` (and ``selected_color`` for the selected state)."""
    app = QApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QApplication) else 1.0
    result = QIcon()
    for size in (16, 20, 24, 32):
        result.addPixmap(_render(_svg(name).replace("currentColor", color), size, ratio), QIcon.Mode.Normal)
        if selected_color:
            selected = _svg(name).replace("currentColor", selected_color)
            result.addPixmap(_render(selected, size, ratio), QIcon.Mode.Selected)
        disabled = _svg(name).replace("currentColor", "#a7b0bc")
        result.addPixmap(_render(disabled, size, ratio), QIcon.Mode.Disabled)
    return result


@cache
def app_icon() -> QIcon:
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        result.addPixmap(_render(_svg("app"), size, 1.0))
    return result


def scaled_font_size(factor: float) -> float:
    """Point size relative to the application font, so headings follow the user's font settings."""
    base = QApplication.font().pointSizeF()
    return (base if base > 0 else 9.0) * factor
