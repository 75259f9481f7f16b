"""A table cell drawn as a simple horizontal bar with its percentage (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kesos_desktop.core.i18n.formatters import format_percent
from kesos_desktop.ui.models.table import ROW_ROLE
from kesos_desktop.ui.style import ACCENT, ERROR, MUTED

TRACK = "#e3e8ef"


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole > 0 else None


class BarDelegate(QStyledItemDelegate):
    """Paints ``share(row)`` (0..1, more means over: drawn full and red) as a bar followed by the percentage."""

    def __init__(
        self, share: Callable[[Any], float | None], parent: QWidget | None = None, color: str = ACCENT
    ) -> None:
        super().__init__(parent)
        self.share = share
        self.color = color

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        row = index.data(ROW_ROLE)
        value = self.share(row) if row is not None else None
        if value is None:
            return
        text = format_percent(value)
        rect = QRectF(option.rect).adjusted(6, 6, -6, -6)
        text_width = option.fontMetrics.horizontalAdvance("1000%") + 6
        bar = QRectF(rect.left(), rect.top(), max(0.0, rect.width() - text_width), rect.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(TRACK))
        painter.drawRoundedRect(bar, 3, 3)
        over = value > 1
        filled = QRectF(bar.left(), bar.top(), bar.width() * min(max(value, 0.0), 1.0), bar.height())
        painter.setBrush(QColor(ERROR if over else self.color))
        if filled.width() > 0:
            painter.drawRoundedRect(filled, 3, 3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor("#ffffff" if selected else (ERROR if over else MUTED)))
        text_rect = QRectF(bar.right() + 6, option.rect.top(), text_width, option.rect.height())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()
