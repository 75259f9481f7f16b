"""Saving a workbook: the "save as XLSX" file dialog, then the workbook made and written on a worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.budget.data import write_file


def ask_xlsx_path(parent: QWidget, suggested_name: str, on_chosen: Callable[[Path], None]) -> QFileDialog:
    """A non-blocking "save as XLSX" dialog starting in the Documents folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = QFileDialog(parent, _("Simpan sebagai Excel"), str(Path(folder) / suggested_name))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("xlsx")
    dialog.setNameFilter(_("Buku kerja Excel (*.xlsx)"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: on_chosen(Path(path)))
    dialog.open()
    return dialog


def save_workbook(
    parent: QWidget,
    ctx: AppContext,
    path: Path,
    make: Callable[[Session], bytes],
    on_saved: Callable[[Path], None],
) -> operations.Operation:
    """Build the workbook in a read session on a worker and write it to ``path``; a file that cannot be written is
    reported, not a crash."""

    def failed(error: BaseException) -> bool:
        if not isinstance(error, OSError):
            return False
        operations.message_box(
            parent,
            QMessageBox.Icon.Warning,
            _("Berkas tidak dapat disimpan"),
            _("Buku kerja tidak dapat disimpan ke {path}.").format(path=path),
            informative=_("Sebab: {error}").format(error=error.strerror or error),
        )
        return True

    return operations.read(
        parent,
        ctx.db,
        lambda s: write_file(path, make(s)),
        on_saved,
        on_failure=failed,
        label=_("Menyimpan buku kerja…"),
    )
