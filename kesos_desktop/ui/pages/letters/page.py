"""Surat: the letter register (buku agenda surat keluar) — filters (year, kind, text, period, voided shown or not),
how many numbers match and how many of them are void, and issue / record manual number / view and reprint / void.
Rows are fetched in blocks on a worker."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services import letters_register
from kesos_desktop.core.services.letters_numbers import KIND_LABELS, kind_label
from kesos_desktop.core.services.letters_register import RegisterEntry, RegisterFilter
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit
from kesos_desktop.ui.models.lazy_table import LazyTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.letters.columns import register_columns
from kesos_desktop.ui.pages.letters.data import can_void, document_filename
from kesos_desktop.ui.pages.letters.viewer import ShownDocument
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table

BLOCK_SIZE = 100
SEARCH_DELAY_MS = 300
YEARS_BACK = 10


def register_counts(session, actor, flt: RegisterFilter) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """How many lines match, and how many of those are void."""
    total = letters_register.count_register(session, actor, flt)
    valid = letters_register.count_register(session, actor, dataclasses.replace(flt, include_voided=False))
    return total, total - valid if flt.include_voided else 0


class LetterRegisterPage(Page):
    can_create = True
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Surat"), _("Buku agenda surat keluar: surat pemulangan, kwitansi dan nomor manual."))
        self.dialog: QWidget | None = None
        self.viewer: QWidget | None = None
        self.filter_applied = RegisterFilter()
        self.year = QComboBox()
        self.year.addItem(_("Semua tahun"), None)
        this_year = date.today().year
        for year in range(this_year, this_year - YEARS_BACK, -1):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(1)
        self.kind = QComboBox()
        self.kind.setMaximumWidth(210)
        self.kind.addItem(_("Semua jenis"), "")
        for code in KIND_LABELS:
            if code != "voucher":
                self.kind.addItem(kind_label(code), code)
        self.date_from = OptionalDateEdit(check_text=_("Dari"))
        self.date_to = OptionalDateEdit(check_text=_("Sampai"))
        self.include_voided = QCheckBox(_("Tampilkan yang &dibatalkan"))
        self.include_voided.setChecked(True)
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Cari nomor, hal, tujuan, nama atau no. registrasi…"))
        self.text.setClearButtonEnabled(True)
        self.text.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.text.setMinimumWidth(320)
        self.header.actions.addWidget(self.text)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.year)
        filters.addWidget(self.kind)
        filters.addSpacing(8)
        filters.addWidget(QLabel(_("Tanggal surat:")))
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters.addStretch(1)

        self.model: LazyTableModel[RegisterEntry] = LazyTableModel(
            register_columns(), block_size=BLOCK_SIZE, parent=self
        )
        self.model.load_failed.connect(lambda error: operations.show_error(self, error))
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.issue_action = QAction(icon("add"), _("&Terbitkan surat…"), self)
        self.issue_action.triggered.connect(self.create_new)
        self.manual_action = QAction(icon("edit"), _("Catat nomor &manual…"), self)
        self.manual_action.triggered.connect(self.record_manual)
        self.view_action = QAction(icon("search"), _("&Lihat / cetak ulang…"), self)
        self.view_action.triggered.connect(self.view_selected)
        self.void_action = QAction(icon("block"), _("&Batalkan nomor…"), self)
        self.void_action.triggered.connect(self.void_selected)
        can_issue = ctx.actor.can("letters.issue") or ctx.actor.can("vouchers.issue")
        self.issue_action.setVisible(can_issue)
        self.manual_action.setVisible(ctx.actor.can("letters.issue"))
        self.void_action.setVisible(ctx.actor.can("letters.issue") or ctx.actor.can("vouchers.void"))
        for action in (self.issue_action, self.manual_action, self.view_action, self.void_action):
            toolbar.addAction(action)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (150, 88, 125, 165, 145, 130, 85, 56))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.view_selected())
        self.table.activated.connect(lambda _i: self.view_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.model.block_loaded.connect(lambda _b: self._update_actions())
        self.totals = QLabel()
        self.totals.setObjectName("hint")
        commands = QHBoxLayout()
        commands.addWidget(toolbar)
        commands.addStretch(1)
        commands.addWidget(self.include_voided)
        self.body.addLayout(filters)
        self.body.addLayout(commands)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.totals)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        for edit in (self.date_from, self.date_to):
            edit.edited.connect(self._timer.start)
        for combo in (self.year, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.include_voided.toggled.connect(lambda _on: self.refresh())
        self._update_actions()
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------------------
    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(
            year=self.year.currentData(),
            kind=self.kind.currentData() or "",
            text=self.text.text().strip(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            include_voided=self.include_voided.isChecked(),
        )

    def refresh(self) -> None:
        self._timer.stop()
        actor, flt = self.ctx.actor, self.current_filter()
        operations.read(
            self,
            self.ctx.db,
            lambda s: register_counts(s, actor, flt),
            lambda counts: self._counted(flt, *counts),
            show_progress=False,
        )

    def _counted(self, flt: RegisterFilter, total: int, voided: int) -> None:
        self.filter_applied = flt
        db, actor = self.ctx.db, self.ctx.actor

        def loader(start: int, count: int) -> list[RegisterEntry]:
            with db.read() as session:
                return letters_register.list_register(session, actor, flt, limit=count, offset=start)

        self.model.reset(total, loader)
        text = ngettext("{n} nomor surat", "{n} nomor surat", total).format(n=format_number(total))
        if voided:
            text = _("{count}, {voided} di antaranya dibatalkan").format(count=text, voided=format_number(voided))
        self.totals.setText(text)
        self._update_actions()
        if total == 0:
            self.loaded.emit()
        else:
            self.model.block_loaded.connect(self._first_block, Qt.ConnectionType.SingleShotConnection)
            self.model.fetch(0)

    def _first_block(self, _block: int) -> None:
        self.loaded.emit()

    # --- selection and commands -------------------------------------------------------------------------------
    def selected(self) -> RegisterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_actions(self) -> None:
        entry = self.selected()
        self.view_action.setEnabled(entry is not None and entry.document_id is not None)
        self.void_action.setEnabled(entry is not None and not entry.voided and can_void(self.ctx.actor, entry.kind))

    def focus_find(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    def create_new(self) -> None:
        """Ctrl+N: issue a letter for a plan."""
        if not self.issue_action.isVisible():
            return
        from kesos_desktop.ui.pages.letters.issue_dialog import open_issue_dialog

        dialog = open_issue_dialog(self.ctx, self)
        dialog.issued.connect(lambda _info: self.refresh())
        self.dialog = dialog

    def record_manual(self) -> None:
        from kesos_desktop.ui.pages.letters.manual_dialog import ManualNumberDialog

        dialog = ManualNumberDialog(self.ctx, self)
        dialog.recorded.connect(lambda _entry: self.refresh())
        self._open(dialog)

    def view_selected(self) -> None:
        entry = self.selected()
        if entry is None or entry.document_id is None:
            return
        from kesos_desktop.ui.pages.letters.viewer import open_document_viewer

        shown = ShownDocument(
            entry.document_id,
            entry.kind,
            entry.kind_label,
            entry.number,
            document_filename(entry.kind, entry.number),
            entry.voided,
            entry.void_reason,
        )
        self.viewer = open_document_viewer(self.ctx, shown, self)

    def void_selected(self) -> None:
        entry = self.selected()
        if entry is None or entry.voided:
            return
        from kesos_desktop.ui.pages.letters.void_dialog import VoidLetterDialog

        what = _("{what} {number}").format(what=entry.kind_label, number=entry.number)
        dialog = VoidLetterDialog(self.ctx, what, entry_id=entry.id, parent=self)
        dialog.voided.connect(lambda _entry: self.refresh())
        self._open(dialog)

    def _open(self, dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
