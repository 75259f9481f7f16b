"""Riwayat tab: the timeline (newest first, an icon per kind of event) and the stays with admit/move/transfer/exit."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services.stays import StayInfo
from kesos_desktop.core.services.timeline import TimelineEvent
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.tables import setup_table

# Colour and glyph per kind of event; kinds added by later issues get the neutral dot.
KIND_ICONS: dict[str, tuple[str, str]] = {
    "registered": ("#1d5fa8", "+"),
    "admitted": ("#1b7a3e", "→"),
    "readmitted": ("#b26a00", "↻"),
    "moved": ("#0f7a6c", "⇄"),
    "transferred": ("#6b4ea8", "↗"),
    "exited": ("#8a3b3b", "←"),
    "merged": ("#37474f", "∪"),
    "merge_undone": ("#37474f", "÷"),
    "identity_changed": ("#5a6677", "✎"),
    "document_added": ("#455a64", "▤"),
    # rehabilitation and placements
    "case_opened": ("#6b4ea8", "◆"),
    "case_stage": ("#6b4ea8", "»"),
    "case_terminated": ("#6b4ea8", "■"),
    "case_closed": ("#6b4ea8", "■"),
    "assessment_completed": ("#0f7a6c", "✓"),
    "plan_approved": ("#1b7a3e", "✓"),
    "plan_reviewed": ("#1b7a3e", "↻"),
    "session": ("#455a64", "S"),
    "group_activity": ("#455a64", "G"),
    "training_session": ("#455a64", "L"),
    "conference": ("#455a64", "T"),
    "note": ("#455a64", "C"),
    "training_enrolled": ("#0f7a6c", "+"),
    "training_completed": ("#0f7a6c", "✓"),
    "placement_started": ("#1d5fa8", "→"),
    "placement_ended": ("#1d5fa8", "←"),
    "placement_runaway": ("#c62828", "!"),
    "placement_report": ("#1d5fa8", "R"),
    # pemulangan
    "return_planned": ("#b26a00", "P"),
    "return_approved": ("#b26a00", "✓"),
    "return_departed": ("#b26a00", "↗"),
    "return_handover": ("#b26a00", "⇄"),
    "return_arrived": ("#b26a00", "⌂"),
    "return_cancelled": ("#8a3b3b", "×"),
    "voucher_issued": ("#b26a00", "V"),
    "voucher_voided": ("#8a3b3b", "×"),
    "letter_issued": ("#35608f", "✉"),
    "letter_voided": ("#8a3b3b", "✕"),
}
NEUTRAL = ("#8a95a5", "•")


@cache
def kind_icon(kind: str) -> QIcon:
    """A round badge with the kind's glyph, drawn here so every kind has one without image files."""
    color, glyph = KIND_ICONS.get(kind, NEUTRAL)
    pixmap = QPixmap(40, 40)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(QRectF(2, 2, 36, 36))
    font = QFont()
    font.setPixelSize(22)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, 40, 40), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return QIcon(pixmap)


class TimelineModel(RowsTableModel[TimelineEvent]):
    """Timeline rows in the service's order (newest first), with the kind's icon in the first column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("Tanggal"), lambda e: format_date(e.occurred_on), sort_key=lambda e: (e.occurred_on, e.id)),
                Column(_("Dicatat oleh"), lambda e: e.recorded_by),
                Column(_("Peristiwa"), lambda e: e.summary, tooltip=lambda e: e.summary),
            ],
            parent=parent,
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == 0:
            event = self.row_at(index.row())
            return kind_icon(event.kind) if event is not None else None
        return super().data(index, role)


def _stay_note(stay: StayInfo) -> str:
    parts = []
    if stay.is_readmission:
        parts.append(_("penerimaan ulang"))
    if stay.referral_source_name:
        parts.append(stay.referral_source_name)
    if stay.exit_reason_name:
        parts.append(stay.exit_reason_name)
    if stay.exit_destination:
        parts.append(stay.exit_destination)
    if stay.exit_target_institution_name:
        parts.append(_("ke {place}").format(place=stay.exit_target_institution_name))
    return "; ".join(parts)


def stays_model(parent: QWidget | None = None) -> RowsTableModel[StayInfo]:
    return RowsTableModel(
        [
            Column(_("Lembaga"), lambda s: s.institution_name),
            Column(_("Kamar / TT"), lambda s: " / ".join(p for p in (s.room_name, s.bed_label) if p)),
            Column(_("Masuk"), lambda s: format_date(s.admitted_on), sort_key=lambda s: s.admitted_on),
            Column(_("Keluar"), lambda s: format_date(s.exited_on) if s.exited_on else _("masih tinggal")),
            Column(
                _("Lama"),
                lambda s: ngettext("{n} hari", "{n} hari", s.days).format(n=format_number(s.days)),
                sort_key=lambda s: s.days,
                align=Qt.AlignmentFlag.AlignRight,
                color=lambda s: "#c62828" if s.is_overdue else None,
            ),
            Column(_("Keterangan"), _stay_note),
        ],
        parent=parent,
    )


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setFont(heading_font(1.1))
    return label


class HistoryTab(QWidget):
    """``changed`` after a stay action was stored (the window reloads)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: object = None
        self.dialog: QWidget | None = None
        self.timeline = TimelineModel(self)
        self.timeline_view = QTableView()
        self.timeline_view.setModel(self.timeline)
        setup_table(self.timeline_view, (170, 110))
        self.timeline_view.verticalHeader().setDefaultSectionSize(30)
        self.stays = stays_model(self)
        self.stays_view = QTableView()
        self.stays_view.setModel(self.stays)
        setup_table(self.stays_view, (260, 150, 130, 130, 90))
        self.stays_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stays_view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        self.admit_button = QPushButton(_("&Terima di lembaga…"))
        self.move_button = QPushButton(_("&Pindah kamar…"))
        self.transfer_button = QPushButton(_("&Rujuk ke lembaga lain…"))
        self.exit_button = QPushButton(_("&Keluarkan…"))
        self.admit_button.clicked.connect(self.admit)
        self.move_button.clicked.connect(lambda: self._stay_dialog("move"))
        self.transfer_button.clicked.connect(lambda: self._stay_dialog("transfer"))
        self.exit_button.clicked.connect(lambda: self._stay_dialog("exit"))
        buttons = QHBoxLayout()
        for button in (self.admit_button, self.move_button, self.transfer_button, self.exit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(_title(_("Riwayat")))
        top_layout.addWidget(self.timeline_view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        bottom_layout.addWidget(_title(_("Masa tinggal")))
        bottom_layout.addWidget(self.stays_view)
        bottom_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_actions()

    def show_data(self, person_id: object, events: tuple[TimelineEvent, ...], stays: tuple[StayInfo, ...]) -> None:
        self.person_id = person_id
        self.timeline.set_rows(events)
        self.stays.set_rows(stays)
        open_row = self.stays.find(lambda s: s.is_open)
        if open_row >= 0:
            self.stays_view.selectRow(open_row)
        self._update_actions()

    def selected_stay(self) -> StayInfo | None:
        index = self.stays_view.currentIndex()
        return self.stays.row_at(index.row()) if index.isValid() else None

    def _update_actions(self) -> None:
        manage = self.ctx.actor.can("stays.manage")
        any_open = any(s.is_open for s in self.stays.rows())
        stay = self.selected_stay()
        self.admit_button.setEnabled(manage and not any_open and self.person_id is not None)
        for button in (self.move_button, self.transfer_button, self.exit_button):
            button.setEnabled(manage and stay is not None and stay.is_open)

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _info: self.changed.emit())  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def admit(self) -> None:
        from kesos_desktop.ui.dialogs.stays import AdmitDialog

        if self.person_id is not None:
            self._open(AdmitDialog(self.ctx, self.person_id, self))  # type: ignore[arg-type]

    def _stay_dialog(self, kind: str) -> None:
        from kesos_desktop.ui.dialogs.stays import ExitDialog, MoveBedDialog, TransferDialog

        stay = self.selected_stay()
        if stay is None or not stay.is_open:
            return
        dialog_class = {"move": MoveBedDialog, "transfer": TransferDialog, "exit": ExitDialog}[kind]
        self._open(dialog_class(self.ctx, stay, self))
