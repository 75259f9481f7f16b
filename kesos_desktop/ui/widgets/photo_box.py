"""PhotoBox: a pas-foto frame (3 × 4) with a preview, "choose from a file" and "remove" (no webcam in this build)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.person_files import MAX_PHOTO_BYTES
from kesos_desktop.ui.style import ERROR

DEFAULT_SIZE = QSize(120, 160)
FRAME_STYLE = "background: #eef1f5; border: 1px solid #cfd6df; border-radius: 4px; color: #7a8594;"
IMAGE_FILTER = "*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif"


class PhotoBox(QWidget):
    """Holds the chosen image's bytes (and the file it came from) until the form saves them.

    The camera is not offered: PySide6-Essentials has no Qt Multimedia, so photos come from a file (a phone photo
    copied to the PC, a scan). ``changed`` fires when the user picks or removes a photo.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, size: QSize = DEFAULT_SIZE, editable: bool = True) -> None:
        super().__init__(parent)
        self._bytes: bytes | None = None
        self._path = ""
        self._size = size
        self._editable = editable
        self.dialog: QFileDialog | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(size)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(FRAME_STYLE)
        self.choose_button = QPushButton(_("Pilih &foto…"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(_("Hapus fo&to"))
        self.remove_button.clicked.connect(self.remove)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR};")
        self.error.hide()
        self.hint = QLabel(_("Dari berkas JPEG atau PNG (kamera belum didukung)."))
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(self.hint)
        buttons.addWidget(self.error)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons, 1)
        self.setFocusProxy(self.choose_button)
        self.set_editable(editable)
        self._show()

    # --- values -----------------------------------------------------------------------------------------------
    def image_bytes(self) -> bytes | None:
        return self._bytes

    def path(self) -> str:
        """The file the photo was chosen from ("" when set from stored bytes); drafts remember this, not the image."""
        return self._path

    def set_image(self, data: bytes | None, path: str = "") -> bool:
        """Show ``data`` (no ``changed``); False when it is not an image Qt can read."""
        self.error.hide()
        if data and QImage.fromData(data).isNull():
            return False
        self._bytes = data or None
        self._path = path if data else ""
        self._show()
        return True

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for widget in (self.choose_button, self.hint):
            widget.setVisible(editable)
        self._update_buttons()

    # --- actions ----------------------------------------------------------------------------------------------
    def choose(self) -> None:
        """A file dialog (non-blocking); the chosen file is loaded when the user accepts."""
        dialog = QFileDialog(self, _("Pilih foto"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Gambar ({patterns})").format(patterns=IMAGE_FILTER), _("Semua berkas (*)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_file)
        self.dialog = dialog
        dialog.open()

    def load_file(self, path: str | Path) -> bool:
        """Take the photo from a file; a message under the buttons says why a file was refused."""
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > MAX_PHOTO_BYTES:
                limit = MAX_PHOTO_BYTES // 1024 // 1024
                return self._refuse(_("Berkas foto terlalu besar; paling besar {limit} MB.").format(limit=limit))
            data = path.read_bytes()
        except OSError as exc:
            return self._refuse(_("Berkas tidak dapat dibaca: {error}").format(error=exc.strerror or exc))
        if not self.set_image(data, str(path)):
            return self._refuse(_("Berkas ini bukan gambar yang dapat dibaca. Pilih berkas JPEG atau PNG."))
        self.changed.emit()
        return True

    def remove(self) -> None:
        if self._bytes is None:
            return
        self.set_image(None)
        self.changed.emit()

    def _refuse(self, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        return False

    def _show(self) -> None:
        if self._bytes:
            pixmap = QPixmap.fromImage(QImage.fromData(self._bytes))
            smooth = Qt.TransformationMode.SmoothTransformation
            self.preview.setPixmap(pixmap.scaled(self._size, Qt.AspectRatioMode.KeepAspectRatio, smooth))
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("Belum ada foto"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        # Shown only when there is a photo to remove (a disabled button reads like a working one in this palette).
        has_photo = self._bytes is not None
        self.remove_button.setEnabled(has_photo)
        self.remove_button.setVisible(has_photo and self._editable)
