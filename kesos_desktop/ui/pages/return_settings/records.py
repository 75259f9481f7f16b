"""Building blocks of the settings tabs: a list of records with Add/Edit (``RecordsTab``) and a form dialog whose
save runs on a worker and shows a ValidationError at its fields (``FormDialog``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.style import icon
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.tables import setup_table

R = TypeVar("R")


class FormDialog(QDialog):
    """A form; ``work()`` returns the service call; ``saved(result)`` after it stored."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None, width: int = 560) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.banner = QLabel()
        self.form = FormErrors(self, self.banner)
        self.info = QLabel()
        self.info.setObjectName("infoBanner")
        self.info.setWordWrap(True)
        self.info.hide()
        self.fields = QFormLayout()
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Batal"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.banner)
        self.body.addWidget(self.info)
        self.body.addLayout(self.fields)

    def row(self, label: str, name: str, widget: QWidget, *aliases: str) -> QWidget:
        self.fields.addRow(label, self.form.field(name, widget, *aliases))
        return widget

    def finish_layout(self) -> None:
        relax_labels(self.fields)
        self.body.addStretch(1)
        self.body.addWidget(self.buttons)

    def work(self) -> Callable[[Any], object] | None:
        raise NotImplementedError

    def submit(self) -> None:
        self.form.clear()
        work = self.work()
        if work is None:
            return
        operations.write(
            self, self.ctx.db, work, self._saved, form=self.form, on_failure=self._failed, busy=self.buttons
        )

    def _saved(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, Conflict):
            operations.show_error(self, error)
            self.info.setText(_("Data ini diubah pengguna lain. Tutup, muat ulang daftar, lalu ubah lagi."))
            self.info.show()
            return True
        return False


class RecordsTab(QWidget, Generic[R]):
    """A table of records loaded by ``load(session)``; Add/Edit open ``make_dialog(record | None)``.

    ``can_edit`` False shows the list only.
    """

    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        columns: Sequence[Column[R]],
        load: Callable[[Any], Sequence[R]],
        make_dialog: Callable[[R | None], QDialog] | None,
        *,
        can_edit: bool,
        add_text: str,
        widths: Sequence[int] = (),
        count_text: Callable[[int], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.load = load
        self.make_dialog = make_dialog
        self.count_text = count_text or (lambda n: ngettext("{n} data", "{n} data", n).format(n=format_number(n)))
        self.dialog: QDialog | None = None
        self.model: RowsTableModel[R] = RowsTableModel(columns, parent=self)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_action = QAction(icon("add"), add_text, self)
        self.add_action.triggered.connect(lambda: self.open_dialog(None))
        self.edit_action = QAction(icon("edit"), _("&Ubah…"), self)
        self.edit_action.triggered.connect(self.edit_selected)
        self.toolbar.addAction(self.add_action)
        self.toolbar.addAction(self.edit_action)
        for action in (self.add_action, self.edit_action):
            action.setVisible(can_edit and make_dialog is not None)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, widths)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected() if self.edit_action.isVisible() else None)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_actions())
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 6, 0, 0)
        self.layout_.addWidget(self.toolbar)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.count)
        self.update_actions()

    def refresh(self) -> None:
        operations.read(self, self.ctx.db, self.load, self._loaded, show_progress=False)

    def _loaded(self, rows: Sequence[R]) -> None:
        self.model.set_rows(list(rows))
        n = len(rows)
        self.count.setText(self.count_text(n))
        self.update_actions()
        self.loaded.emit()

    def selected(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def update_actions(self) -> None:
        self.edit_action.setEnabled(self.selected() is not None)

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.open_dialog(record)

    def open_dialog(self, record: R | None) -> QDialog | None:
        if self.make_dialog is None:
            return None
        dialog = self.make_dialog(record)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "saved"):
            dialog.saved.connect(lambda _r: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog
