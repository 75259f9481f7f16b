"""PlanDocumentsPanel: everything issued for one return plan (letters, kwitansi, vouchers) with issue actions per
kind, view / SALINAN reprint and void — a widget for the plan window's "Dokumen" tab."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services import letters_register
from kesos_desktop.core.services.letters_numbers import LETTER_KINDS, kind_label
from kesos_desktop.core.services.letters_register import IssuedDocumentRow
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import RowsTableModel
from kesos_desktop.ui.pages.letters.columns import plan_document_columns
from kesos_desktop.ui.pages.letters.data import can_issue, can_void
from kesos_desktop.ui.pages.letters.viewer import ShownDocument
from kesos_desktop.ui.widgets.tables import setup_table


class PlanDocumentsPanel(QWidget):
    """``loaded`` each time the list arrived; ``changed(plan_id)`` after something was issued, reprinted or voided.

    ``issue(kind, leg_id)`` opens the issue dialog for this plan (e.g. a berita acara for the selected leg)."""

    loaded = Signal()
    changed = Signal(object)

    def __init__(self, ctx: AppContext, plan_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.dialog: QWidget | None = None
        self.viewer: QWidget | None = None
        self.model: RowsTableModel[IssuedDocumentRow] = RowsTableModel(plan_document_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (190, 200, 90, 40, 110, 50, 90))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.view_selected())
        self.table.activated.connect(lambda _i: self.view_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.issue_button = QToolButton()
        self.issue_button.setText(_("&Terbitkan"))
        self.issue_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.issue_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.issue_button)
        self.issue_actions = {}
        for kind in LETTER_KINDS:
            action = menu.addAction(_("{what}…").format(what=kind_label(kind)))
            action.triggered.connect(lambda _c=False, kind=kind: self.issue(kind))
            action.setVisible(can_issue(ctx.actor, kind))
            self.issue_actions[kind] = action
        self.issue_button.setMenu(menu)
        self.issue_button.setVisible(any(a.isVisible() for a in self.issue_actions.values()))
        self.view_button = QPushButton(_("&Lihat / cetak ulang…"))
        self.view_button.clicked.connect(self.view_selected)
        self.void_button = QPushButton(_("&Batalkan…"))
        self.void_button.clicked.connect(self.void_selected)
        self.count = QLabel()
        self.count.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._update_actions()
        self.reload()

    def reload(self) -> None:
        actor, plan_id = self.ctx.actor, self.plan_id
        operations.read(
            self,
            self.ctx.db,
            lambda s: letters_register.list_plan_documents(s, actor, plan_id),
            self._loaded,
            show_progress=False,
        )

    def _loaded(self, rows: list[IssuedDocumentRow]) -> None:
        self.model.set_rows(rows)
        n = len(rows)
        self.count.setText(ngettext("{n} dokumen", "{n} dokumen", n).format(n=format_number(n)))
        self._update_actions()
        self.loaded.emit()

    def selected(self) -> IssuedDocumentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_actions(self) -> None:
        row = self.selected()
        self.view_button.setEnabled(row is not None)
        voidable = row is not None and row.voided_at is None and row.kind != "voucher"
        self.void_button.setEnabled(voidable and can_void(self.ctx.actor, row.kind))  # type: ignore[union-attr]
        self.void_button.setToolTip(
            _("Voucher dibatalkan dari daftar voucher.") if row and row.kind == "voucher" else ""
        )

    def _changed(self, _info: object = None) -> None:
        self.reload()
        self.changed.emit(self.plan_id)

    # --- commands ---------------------------------------------------------------------------------------------
    def issue(self, kind: str, leg_id: uuid.UUID | None = None) -> QWidget:
        from kesos_desktop.ui.pages.letters.issue_dialog import open_issue_dialog

        dialog = open_issue_dialog(self.ctx, self, plan_id=self.plan_id, kind=kind, leg_id=leg_id)
        dialog.issued.connect(self._changed)
        self.dialog = dialog
        return dialog

    def view_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        from kesos_desktop.ui.pages.letters.viewer import open_document_viewer

        shown = ShownDocument(
            row.id, row.kind, row.kind_label, row.number, row.filename, row.voided_at is not None, row.void_reason
        )
        viewer = open_document_viewer(self.ctx, shown, self)
        viewer.reprinted.connect(self._changed)
        self.viewer = viewer

    def void_selected(self) -> None:
        row = self.selected()
        if row is None or row.voided_at is not None or row.kind == "voucher":
            return
        from kesos_desktop.ui.pages.letters.void_dialog import VoidLetterDialog

        what = _("{what} {number}").format(what=row.kind_label, number=row.number)
        dialog = VoidLetterDialog(self.ctx, what, document_id=row.id, parent=self)
        dialog.voided.connect(self._changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
