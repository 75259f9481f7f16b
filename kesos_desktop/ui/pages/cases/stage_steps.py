"""The stage indicator of the case header: pendekatan awal → … → bimbingan lanjut as numbered steps."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import cases
from kesos_desktop.ui.style import ACCENT, MUTED, TEXT

# The stages on the main line; rujukan and the closed state sit beside it (shown by the window as a badge).
MAIN_KINDS = ("initial", "active", "terminated", "aftercare")
RADIUS = 12
TODO_LINE = "#d5dce4"
TODO_RING = "#b8c2ce"


class StageSteps(QWidget):
    """Done steps filled with a tick, the current one filled and bold, later ones grey."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stages = [s for s in cases.load_stages() if s.kind in MAIN_KINDS]
        self.current = ""
        self.done: set[str] = set()
        self.reached = -1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(90 * len(self.stages))

    def set_state(self, current: str, visited: set[str]) -> None:
        """``current`` stage code; ``visited`` codes the case went through (done when not current)."""
        order = [s.code for s in self.stages]
        self.current = current if current in order else ""
        self.reached = max((order.index(c) for c in visited | {current} if c in order), default=-1)
        self.done = {c for c in visited if c in order and c != self.current}
        names = ", ".join(s.label() for s in self.stages)
        now = cases.stage_label(current) if current else "-"
        self.setToolTip(_("Tahap sekarang: {stage}").format(stage=now))
        self.setAccessibleName(_("Tahapan kasus: {names}. Tahap sekarang: {stage}.").format(names=names, stage=now))
        self.update()

    def state_of(self, code: str) -> str:
        """ "done", "current", "skipped" (passed by without being visited) or "todo"."""
        if code == self.current:
            return "current"
        if code in self.done:
            return "done"
        order = [s.code for s in self.stages]
        return "skipped" if order.index(code) < self.reached else "todo"

    def sizeHint(self) -> QSize:
        return QSize(120 * len(self.stages), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(90 * len(self.stages), self._height())

    def _height(self) -> int:
        return 2 * RADIUS + 10 + 2 * self.fontMetrics().lineSpacing() + 6

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self.stages)
        step = self.width() / max(n, 1)
        cy = RADIUS + 2
        centres = [QPointF(step * (i + 0.5), cy) for i in range(n)]
        for i in range(n - 1):
            reached = i + 1 <= self.reached
            painter.setPen(QPen(QColor(ACCENT if reached else TODO_LINE), 2))
            painter.drawLine(centres[i] + QPointF(RADIUS, 0), centres[i + 1] - QPointF(RADIUS, 0))
        base = QFont(self.font())
        for i, stage in enumerate(self.stages):
            state = self.state_of(stage.code)
            centre = centres[i]
            if state in ("todo", "skipped"):
                pen = QPen(QColor(TODO_RING), 1.5)
                if state == "skipped":
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(QColor("#ffffff"))
            else:
                painter.setPen(QPen(QColor(ACCENT), 1.5))
                painter.setBrush(QColor(ACCENT))
            radius = RADIUS if state == "current" else RADIUS - 2
            painter.drawEllipse(centre, radius, radius)
            mark = {"done": "✓", "skipped": "–"}.get(state, str(i + 1))
            bold = QFont(base)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor("#ffffff" if state in ("done", "current") else MUTED))
            painter.drawText(
                QRectF(centre.x() - RADIUS, cy - RADIUS, 2 * RADIUS, 2 * RADIUS), Qt.AlignmentFlag.AlignCenter, mark
            )
            painter.setFont(bold if state == "current" else base)
            painter.setPen(QColor(ACCENT if state == "current" else TEXT if state == "done" else MUTED))
            if state == "skipped":
                italic = QFont(base)
                italic.setItalic(True)
                painter.setFont(italic)
            text_rect = QRectF(centre.x() - step / 2 + 3, cy + RADIUS + 6, step - 6, self.height() - cy - RADIUS - 6)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(text_rect, int(flags), stage.label())
        painter.end()
