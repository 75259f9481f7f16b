"""Dokumen tab: scanned KTP, KK, akta and letters attached from a file (stored once by hash), opened in the system
viewer through a private temporary file, and removed."""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
import uuid
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date, format_datetime, format_number
from kesos_desktop.core.services import person_files
from kesos_desktop.core.services.person_files import DocumentInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.profile.attach_dialog import AttachDialog
from kesos_desktop.ui.widgets.tables import setup_table

RIGHT = Qt.AlignmentFlag.AlignRight
_private: list[Path] = []


def open_url(url: QUrl) -> bool:
    """Hand a file to the system viewer (tests replace this)."""
    return QDesktopServices.openUrl(url)


def private_folder() -> Path:
    """A folder only this user can read, removed when the program ends (scans are personal data)."""
    if not _private or not _private[0].is_dir():
        folder = Path(tempfile.mkdtemp(prefix="kesos-dokumen-"))
        folder.chmod(stat.S_IRWXU)
        _private[:] = [folder]
        atexit.register(shutil.rmtree, folder, True)
    return _private[0]


def write_private_file(document_id: uuid.UUID, filename: str, content: bytes) -> Path:
    """Write ``content`` to ``<private folder>/<document id>/<filename>`` readable by the user only."""
    folder = private_folder() / document_id.hex
    folder.mkdir(mode=stat.S_IRWXU, exist_ok=True)
    path = folder / (Path(filename).name or "dokumen")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    return path


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=format_number(size / 1024 / 1024, decimals=1))
    return _("{n} KB").format(n=format_number(max(1, round(size / 1024))))


def documents_model(parent: QWidget | None = None) -> RowsTableModel[DocumentInfo]:
    return RowsTableModel(
        [
            Column(_("Jenis"), lambda d: d.kind_label),
            Column(_("Judul"), lambda d: d.title),
            Column(_("Tanggal dokumen"), lambda d: format_date(d.document_date) if d.document_date else ""),
            Column(_("Berkas"), lambda d: d.filename),
            Column(
                _("Ukuran"), lambda d: file_size(d.size), sort_key=lambda d: d.size, align=Qt.AlignmentFlag.AlignRight
            ),
            Column(_("Dilampirkan"), lambda d: format_datetime(d.added_at), sort_key=lambda d: d.added_at),
            Column(_("Oleh"), lambda d: d.added_by),
            Column(_("SHA-256"), lambda d: d.sha256[:12] + "…", tooltip=lambda d: d.sha256),
        ],
        parent=parent,
    )


class DocumentsTab(QWidget):
    """``changed`` after a document was attached or removed; ``opened(Path)`` after a file went to the viewer."""

    changed = Signal()
    opened = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: uuid.UUID | None = None
        self.dialog: QWidget | None = None
        self.model = documents_model(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, (130, 200, 120, 170, 70, 180, 80))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        self.view.activated.connect(lambda _i: self.open_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        can_edit = ctx.actor.can("residents.edit")
        self.attach_button = QPushButton(_("&Lampirkan berkas…"))
        self.attach_button.setEnabled(can_edit)
        self.attach_button.clicked.connect(self.choose_file)
        self.open_button = QPushButton(_("&Buka"))
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(_("&Hapus"))
        self.remove_button.clicked.connect(self.remove_selected)
        self._can_edit = can_edit
        self.empty = QLabel(_("Belum ada dokumen. Lampirkan hasil pindaian KTP, KK, akta atau surat rujukan."))
        self.empty.setObjectName("hint")
        note = QLabel(
            _("Berkas dibuka di penampil bawaan komputer dari folder sementara pribadi, dihapus saat program ditutup.")
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self._update_actions()

    def show_documents(self, person_id: uuid.UUID, documents: tuple[DocumentInfo, ...]) -> None:
        self.person_id = person_id
        self.model.set_rows(documents)
        self.empty.setVisible(not documents)
        if documents:
            self.view.selectRow(0)
        self._update_actions()

    def selected(self) -> DocumentInfo | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and self._can_edit)

    # --- attach -----------------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        dialog = QFileDialog(self, _("Pilih berkas pindaian"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Pindaian (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"), _("Semua berkas (*)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.attach_file)
        self.dialog = dialog
        dialog.open()

    def attach_file(self, path: str | Path) -> AttachDialog | None:
        """Ask kind, title and date for ``path``, then attach it."""
        if self.person_id is None:
            return None
        dialog = AttachDialog(self.ctx, self.person_id, Path(path), self)
        dialog.saved.connect(lambda _info: self.changed.emit())
        self.dialog = dialog
        dialog.open()
        return dialog

    # --- open and remove --------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        actor, doc_id = self.ctx.actor, doc.id

        def work(session):  # type: ignore[no-untyped-def]
            content = person_files.get_document_content(session, actor, doc_id)
            return write_private_file(doc_id, content.filename, content.content)

        operations.write(self, self.ctx.db, work, self._open_file, label=_("Membuka dokumen…"))

    def _open_file(self, path: Path) -> None:
        if not open_url(QUrl.fromLocalFile(str(path))):
            operations.message_box(
                self,
                QMessageBox.Icon.Warning,
                _("Dokumen tidak dapat dibuka"),
                _("Tidak ada program untuk membuka berkas ini: {name}").format(name=path.name),
            )
        self.opened.emit(path)

    def remove_selected(self) -> None:
        doc = self.selected()
        if doc is None or not self._can_edit:
            return
        actor, doc_id = self.ctx.actor, doc.id

        def remove() -> None:
            operations.write(
                self,
                self.ctx.db,
                lambda s: person_files.remove_document(s, actor, doc_id),
                lambda _r: self.changed.emit(),
            )

        operations.ask(
            self,
            _("Hapus dokumen"),
            _("Hapus dokumen \u201c{title}\u201d dari berkas warga binaan ini?").format(title=doc.title),
            _("&Hapus"),
            remove,
            destructive=True,
        )
