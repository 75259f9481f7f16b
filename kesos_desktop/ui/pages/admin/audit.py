"""Log Audit: a read-only, lazily fetched list of audit events with filters and a before→after detail pane."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext, pgettext
from kesos_desktop.core.i18n.formatters import format_datetime, format_number
from kesos_desktop.core.services import audit
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.lazy_table import LazyTableModel
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.forms import relax_labels
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.tables import setup_table

FILTER_DELAY_MS = 300


def action_label(action: str) -> str:
    labels = {
        "auth.login": pgettext("sign-in", "Masuk"),
        "auth.logout": pgettext("sign-in", "Keluar"),
        "auth.failed": _("Gagal masuk"),
        "auth.locked": _("Akun terkunci"),
        "user.created": _("Akun dibuat"),
        "user.updated": _("Akun diubah"),
        "user.unlocked": _("Kunci akun dibuka"),
        "user.password_reset": _("Kata sandi diatur ulang"),
        "user.password_changed": _("Kata sandi diganti"),
        "office.created": _("Kantor dibuat"),
        "office.updated": _("Data kantor diubah"),
    }
    return labels.get(action, action)


def entity_labels() -> dict[str, str]:
    return {
        "user": _("Akun pengguna"),
        "office": _("Kantor"),
        "institution": _("Lembaga"),
        "person": _("Warga binaan"),
        "stay": _("Masa tinggal"),
    }


def field_label(name: str) -> str:
    labels = {
        "username": _("Nama pengguna"),
        "full_name": _("Nama lengkap"),
        "roles": _("Peran"),
        "nip": _("NIP"),
        "jabatan": _("Jabatan"),
        "is_active": _("Aktif"),
        "password": _("Kata sandi"),
        "language": _("Bahasa"),
        "institution_id": _("Lembaga"),
        "name": _("Nama"),
        "unit": _("Unit kerja"),
        "code": _("Kode singkat"),
        "region_code": _("Kode wilayah"),
        "region_name": _("Wilayah"),
        "place_name": _("Tempat surat"),
        "letterhead_lines": _("Kop surat"),
        "address": _("Alamat"),
        "phone": _("Telepon"),
        "email": _("Pos-el"),
        "website": _("Laman"),
        "logo_png": _("Logo"),
    }
    return labels.get(name, name)


def show_value(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def change_rows(changes: dict[str, object]) -> list[tuple[str, str, str]]:
    rows = []
    for name, change in changes.items():
        if isinstance(change, list | tuple) and len(change) == 2:
            before, after = change
        else:
            before, after = None, change
        rows.append((field_label(name), show_value(before), show_value(after)))
    return rows


class AuditPage(Page):
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Log Audit"), _("Siapa mengubah apa dan kapan. Log ini hanya dapat dibaca."))
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Cari ringkasan, tindakan atau pengguna…"))
        self.text.setClearButtonEnabled(True)
        self.text.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.user = QLineEdit()
        self.user.setPlaceholderText(_("Nama pengguna"))
        self.user.setClearButtonEnabled(True)
        self.entity = QComboBox()
        self.entity.addItem(_("Semua data"), "")
        for code, label in entity_labels().items():
            self.entity.addItem(label, code)
        self.use_from = QCheckBox(_("&Dari"))
        self.date_from = QDateEdit(QDate.currentDate().addDays(-30))
        self.use_to = QCheckBox(_("&Sampai"))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        self.use_from.toggled.connect(self.date_from.setEnabled)
        self.use_to.toggled.connect(self.date_to.setEnabled)
        filters = QHBoxLayout()
        filters.addWidget(self.text, 3)
        filters.addWidget(self.user, 1)
        filters.addWidget(self.entity, 1)
        filters.addWidget(self.use_from)
        filters.addWidget(self.date_from)
        filters.addWidget(self.use_to)
        filters.addWidget(self.date_to)

        self.model: LazyTableModel[audit.AuditRow] = LazyTableModel(
            [
                Column(_("Waktu"), lambda e: format_datetime(e.at, seconds=True)),
                Column(_("Pengguna"), lambda e: e.username),
                Column(_("Tindakan"), lambda e: action_label(e.action), tooltip=lambda e: e.action),
                Column(_("Data"), lambda e: entity_labels().get(e.entity, e.entity)),
                Column(_("Ringkasan"), lambda e: e.summary),
            ],
            parent=self,
        )
        self.model.load_failed.connect(lambda error: operations.show_error(self, error))
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (180, 90, 140, 110))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.block_loaded.connect(lambda _b: self._current_changed(self.table.currentIndex()))

        self.detail = self._build_detail()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([680, 340])
        ui_state.restore_splitter(self.splitter, "audit")
        self.splitter.splitterMoved.connect(lambda *_a: ui_state.save_splitter(self.splitter, "audit"))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.body.addLayout(filters)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.count)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        for edit in (self.text, self.user):
            edit.textChanged.connect(lambda _t: self._timer.start())
        self.entity.currentIndexChanged.connect(lambda _i: self.refresh())
        for check in (self.use_from, self.use_to):
            check.toggled.connect(lambda _c: self.refresh())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self._timer.start())
        self.refresh()

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        self.detail_title = QLabel(_("Pilih satu peristiwa untuk melihat rinciannya."))
        self.detail_title.setFont(heading_font(1.1))
        self.detail_title.setWordWrap(True)
        self.detail_meta = QFormLayout()
        self.detail_when = QLabel()
        self.detail_who = QLabel()
        self.detail_what = QLabel()
        self.detail_record = QLabel()
        for label in (self.detail_when, self.detail_who, self.detail_what, self.detail_record):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.detail_meta.addRow(_("Waktu"), self.detail_when)
        self.detail_meta.addRow(_("Pengguna"), self.detail_who)
        self.detail_meta.addRow(_("Tindakan"), self.detail_what)
        self.detail_meta.addRow(_("Data"), self.detail_record)
        relax_labels(self.detail_meta)
        self.changes_model: RowsTableModel[tuple[str, str, str]] = RowsTableModel(
            [
                Column(_("Kolom"), lambda r: r[0]),
                Column(_("Sebelum"), lambda r: r[1], tooltip=lambda r: r[1]),
                Column(_("Sesudah"), lambda r: r[2], tooltip=lambda r: r[2]),
            ],
            parent=self,
        )
        self.changes = QTableView()
        self.changes.setModel(self.changes_model)
        setup_table(self.changes)
        # A narrow side pane: the three columns share its width instead of scrolling sideways.
        self.changes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.no_changes = QLabel(_("Peristiwa ini tidak mencatat perubahan kolom."))
        self.no_changes.setObjectName("hint")
        self.no_changes.hide()
        changes_title = QLabel(_("Perubahan"))
        changes_title.setObjectName("sectionTitle")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addLayout(self.detail_meta)
        layout.addWidget(changes_title)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.no_changes)
        return panel

    # --- filters and loading ----------------------------------------------------------------------------------
    def current_filter(self) -> audit.AuditFilter:
        def day(edit: QDateEdit) -> date:
            value = edit.date()
            return date(value.year(), value.month(), value.day())

        return audit.AuditFilter(
            text=self.text.text().strip(),
            username=self.user.text().strip(),
            entity=self.entity.currentData() or "",
            date_from=day(self.date_from) if self.use_from.isChecked() else None,
            date_to=day(self.date_to) if self.use_to.isChecked() else None,
        )

    def refresh(self) -> None:
        self._timer.stop()
        flt, actor, db = self.current_filter(), self.ctx.actor, self.ctx.db

        def loader(start: int, count: int) -> list[audit.AuditRow]:
            # Runs on a worker (LazyTableModel): its own session, one page of events.
            with db.read() as session:
                return audit.list_events(session, actor, flt, limit=count, offset=start)

        def counted(total: int) -> None:
            self.model.reset(total, loader)
            self.count.setText(ngettext("{n} peristiwa", "{n} peristiwa", total).format(n=format_number(total)))
            self._show_detail(None)
            self.loaded.emit()

        operations.read(self, db, lambda s: audit.count_events(s, actor, flt), counted)

    def focus_find(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    # --- detail -----------------------------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        self._show_detail(self.model.row_at(current.row()) if current.isValid() else None)

    def _show_detail(self, event: audit.AuditRow | None) -> None:
        if event is None:
            self.detail_title.setText(_("Pilih satu peristiwa untuk melihat rinciannya."))
            for label in (self.detail_when, self.detail_who, self.detail_what, self.detail_record):
                label.clear()
            self.changes_model.set_rows([])
            self.no_changes.hide()
            return
        self.detail_title.setText(event.summary or action_label(event.action))
        self.detail_when.setText(format_datetime(event.at, seconds=True))
        self.detail_who.setText(event.username)
        self.detail_what.setText(f"{action_label(event.action)} ({event.action})")
        record = entity_labels().get(event.entity, event.entity)
        self.detail_record.setText(f"{record} · {event.entity_id}" if event.entity_id else record)
        rows = change_rows(event.changes)
        self.changes_model.set_rows(rows)
        self.no_changes.setVisible(not rows)
