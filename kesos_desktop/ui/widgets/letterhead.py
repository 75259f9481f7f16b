"""Kop surat on screen: a live preview of the letterhead lines, contacts and logo, and the logo chooser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _


def contact_lines(address: str, phone: str, email: str, website: str) -> list[str]:
    """The small lines under the kop: address and telephone, then website and e-mail."""
    first = []
    if address.strip():
        first.append(address.strip())
    if phone.strip():
        first.append(_("Telepon {phone}").format(phone=phone.strip()))
    second = []
    if website.strip():
        second.append(_("Laman {website}").format(website=website.strip()))
    if email.strip():
        second.append(_("Pos-el {email}").format(email=email.strip()))
    return [line for line in ("  ".join(first), "  ".join(second)) if line]


LOGO_SIZE = 64  # px, the logo's place at the left of the preview


def _pixmap(data: bytes | None) -> QPixmap | None:
    if not data:
        return None
    pixmap = QPixmap()
    return pixmap if pixmap.loadFromData(data) else None


class LetterheadPreview(QFrame):
    """Paints the kop surat roughly as the printed letter shows it: logo left, centred lines, a double rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(150)
        self._lines: list[str] = []
        self._contacts: list[str] = []
        self._logo: QPixmap | None = None  # already scaled to the logo's place
        self._logo_data: bytes | None = None
        self.setToolTip(_("Pratinjau kop surat"))

    def set_letterhead(
        self,
        lines: list[str],
        *,
        address: str = "",
        phone: str = "",
        email: str = "",
        website: str = "",
        logo: bytes | None = None,
    ) -> None:
        self._lines = [line.strip() for line in lines if line.strip()]
        self._contacts = contact_lines(address, phone, email, website)
        if logo != self._logo_data:
            # Called on every keystroke in the kop surat fields: decode and scale the logo (up to 2 MB) only when it
            # changed, never per keystroke or per repaint.
            self._logo_data = logo
            pixmap = _pixmap(logo)
            self._logo = (
                pixmap.scaled(
                    LOGO_SIZE, LOGO_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
                if pixmap is not None
                else None
            )
        self.update()

    def lines(self) -> list[str]:
        return list(self._lines)

    def sizeHint(self) -> QSize:
        return QSize(560, 170)

    @staticmethod
    def _fitting(base: QFont, size: float, text: str, width: int, *, bold: bool = False) -> QFont:
        """``base`` at ``size`` points, made smaller (down to 60 %) until ``text`` fits in ``width``."""
        font = QFont(base)
        font.setBold(bold)
        font.setPointSizeF(size)
        floor = size * 0.6
        while QFontMetrics(font).horizontalAdvance(text) > width and font.pointSizeF() > floor:
            font.setPointSizeF(font.pointSizeF() * 0.94)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("white"))
        margin = 14
        area = self.rect().adjusted(margin, margin, -margin, -margin)
        base = QFont(self.font())
        base_size = base.pointSizeF() if base.pointSizeF() > 0 else 9.0
        y = float(area.top())
        logo_size = LOGO_SIZE
        text_left = area.left() + (logo_size + 10 if self._logo else 0)
        text_rect_width = area.right() - text_left
        heights: list[tuple[str, QFont]] = []
        for i, line in enumerate(self._lines):
            # The agency line (the last one) is the largest, as on printed kop surat.
            heights.append(
                (
                    line,
                    self._fitting(
                        base,
                        base_size * (1.45 if i == len(self._lines) - 1 else 1.15),
                        line,
                        text_rect_width,
                        bold=True,
                    ),
                )
            )
        for line in self._contacts:
            heights.append((line, self._fitting(base, base_size * 0.85, line, text_rect_width)))
        if self._logo is not None:
            painter.drawPixmap(area.left(), area.top(), self._logo)
        painter.setPen(QColor("#111111"))
        if not heights:
            painter.setPen(QColor("#8a95a5"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("Kop surat masih kosong"))
            return
        for text, font in heights:
            metrics = QFontMetrics(font)
            painter.setFont(font)
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect_width)
            painter.drawText(
                QRectF(text_left, y, text_rect_width, metrics.height()), Qt.AlignmentFlag.AlignHCenter, elided
            )
            y += metrics.height() + 1
        y = max(y, area.top() + (logo_size if self._logo else 0)) + 6
        painter.setPen(QPen(QColor("#111111"), 2.4))
        painter.drawLine(area.left(), round(y), area.right(), round(y))
        painter.setPen(QPen(QColor("#111111"), 0.8))
        painter.drawLine(area.left(), round(y + 3.5), area.right(), round(y + 3.5))


class LogoBox(QWidget):
    """A small preview of the office logo with Choose and Remove buttons; ``logo()`` gives the file's bytes."""

    edited = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: bytes | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(84, 84)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setObjectName("hint")
        self.choose_button = QPushButton(_("Pilih &logo…"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(_("Hapus logo"))
        self.remove_button.clicked.connect(lambda: self.set_logo(None, edited=True))
        note = QLabel(_("PNG atau JPEG, paling besar 2 MB."))
        note.setObjectName("hint")
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(note)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.set_logo(None)
        self.setFocusProxy(self.choose_button)

    def logo(self) -> bytes | None:
        return self._data

    def set_logo(self, data: bytes | None, *, edited: bool = False) -> None:
        self._data = data or None
        pixmap = _pixmap(self._data)
        if pixmap is not None:
            self.preview.setPixmap(
                pixmap.scaled(76, 76, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("Tanpa logo") if not self._data else _("Bukan gambar"))
        self.remove_button.setEnabled(self._data is not None)
        if edited:
            self.edited.emit()
        self.changed.emit()

    def load_file(self, path: Path) -> None:
        """Read a logo file (the Choose button ends here); the service checks type and size when saving."""
        self.set_logo(path.read_bytes(), edited=True)

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Pilih berkas logo"), "", _("Gambar (*.png *.jpg *.jpeg)"))
        if name:
            self.load_file(Path(name))
