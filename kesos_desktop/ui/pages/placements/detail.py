"""The chosen placement below the list (also on Anak Binaan Kami): its facts — with a red KABUR marker for a child
who ran away — and the partner's reports, with new and edit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_date_short, format_percent
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import placements
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.activities.fields import banner, open_dialog, section_title
from kesos_desktop.ui.pages.placements.data import PlacementDetail
from kesos_desktop.ui.pages.placements.report_dialog import ReportDialog
from kesos_desktop.ui.widgets.tables import setup_table

Report = placements.ReportInfo


def may_report(actor: Actor) -> bool:
    """Partners with placements.report; office staff with either permission (typing in a paper report)."""
    if actor.is_partner:
        return actor.can("placements.report")
    return actor.can("placements.report") or actor.can("placements.manage")


def period_text(start: object, end: object) -> str:
    return _("{start} – {end}").format(start=format_date(start), end=format_date(end))  # type: ignore[arg-type]


def status_text(p: placements.PlacementInfo) -> str:
    if p.is_active:
        return _("Aktif")
    if p.end_reason == "KABUR":
        return _("KABUR sejak {day}").format(day=format_date(p.ended_on))
    return _("Berakhir: {reason}").format(reason=p.end_reason_label)


def report_columns() -> list[Column[Report]]:
    def schooling(r: Report) -> str:
        place = " ".join(x for x in (r.school_name, r.grade) if x)
        return _("{status} ({place})").format(status=r.schooling_label, place=place) if place else r.schooling_label

    return [
        Column(
            _("Periode"),
            lambda r: _("{start} – {end}").format(
                start=format_date_short(r.period_start), end=format_date_short(r.period_end)
            ),
            sort_key=lambda r: r.period_start,
            tooltip=lambda r: _("{period}, dilaporkan oleh {who}").format(
                period=period_text(r.period_start, r.period_end), who=r.submitted_by_name or r.submitted_by
            ),
        ),
        Column(_("Sekolah/mondok"), schooling, tooltip=schooling),
        Column(_("Kehadiran"), lambda r: format_percent(None if r.attendance_pct is None else r.attendance_pct / 100)),
        Column(_("Kesehatan"), lambda r: r.health, tooltip=lambda r: r.health),
        Column(_("Perilaku"), lambda r: r.behaviour, tooltip=lambda r: r.behaviour),
        Column(_("Kejadian"), lambda r: r.incidents or "—", tooltip=lambda r: r.incidents),
    ]


def facts_html(p: placements.PlacementInfo, *, partner_view: bool = False) -> str:
    rows: list[tuple[str, str]] = []
    if not partner_view:
        rows.append((_("Lembaga mitra"), p.institution_name))
    agreement = p.agreement_no
    if p.agreement_date:
        agreement = _("{no}, tanggal {day}").format(no=p.agreement_no, day=format_date(p.agreement_date))
    guardian = ", ".join(x for x in (p.guardian_name, p.guardian_position, p.guardian_phone) if x)
    rows += [
        (_("No. perjanjian"), agreement),
        (_("Mulai"), format_date(p.start_on)),
        (_("Pengasuh"), guardian),
        (_("Tinjauan"), format_date(p.review_on)),
        (
            _("Laporan"),
            ngettext("setiap {n} bulan", "setiap {n} bulan", p.report_every_months).format(n=p.report_every_months),
        ),
    ]
    if p.is_active and p.next_period_start and p.next_period_end:
        rows.append((_("Periode berikutnya"), period_text(p.next_period_start, p.next_period_end)))
    if not partner_view:
        if p.worker_name:
            rows.append((_("Pekerja sosial"), p.worker_name))
        rows.append((_("Dasar penempatan"), p.legal_basis))
    if not p.is_active:
        rows.append(
            (_("Berakhir"), _("{day}: {reason}").format(day=format_date(p.ended_on), reason=p.end_reason_label))
        )
        if p.end_note:
            rows.append((_("Keterangan"), p.end_note))
    if p.notes and not partner_view:
        rows.append((_("Catatan"), p.notes))
    cells = "".join(
        f"<tr><td style='padding-right:12px; color:#5a6677'>{escape(k)}</td><td>{escape(v)}</td></tr>"
        for k, v in rows
        if v
    )
    return f"<table cellspacing='0' cellpadding='1'>{cells}</table>"


class PlacementPanel(QWidget):
    """``changed`` after a report was filed or edited here."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, partner_view: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partner_view = partner_view
        self.detail: PlacementDetail | None = None
        self.dialog: QDialog | None = None
        self.title = section_title("")
        self.title.setWordWrap(True)
        self.kabur = banner("formBanner")
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setMinimumWidth(300)
        self.model: RowsTableModel[Report] = RowsTableModel(report_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (170, 150, 75, 120, 120, 100))
        # Health and behaviour take the spare width (and elide), so the list never scrolls sideways.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.activated.connect(lambda _i: self.edit_report())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.new_button = QPushButton(_("&Laporan baru…") if not partner_view else _("&Kirim laporan…"))
        self.new_button.clicked.connect(self.new_report)
        self.edit_button = QPushButton(_("U&bah laporan…"))
        self.edit_button.clicked.connect(self.edit_report)
        for button in (self.new_button, self.edit_button):
            button.setVisible(may_report(ctx.actor))
        buttons = QHBoxLayout()
        buttons.addWidget(section_title(_("Laporan berkala")))
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        reports = QVBoxLayout()
        reports.addLayout(buttons)
        reports.addWidget(self.table, 1)
        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.kabur)
        side.addWidget(self.facts, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(side, 1)
        layout.addLayout(reports, 2)
        self.set_detail(None)

    def set_detail(self, detail: PlacementDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.title.setText(_("Pilih anak di daftar untuk melihat penempatan dan laporannya."))
            self.facts.clear()
            self.kabur.hide()
            self.model.set_rows([])
            self._update()
            return
        p = detail.info
        self.title.setText(
            _("{name} ({reg}) — {status}").format(name=p.person_name, reg=p.registration_no, status=status_text(p))
        )
        self.kabur.setVisible(p.end_reason == "KABUR")
        self.kabur.setText(
            _(
                "KABUR dari {partner} sejak {day}. Bila anak ditemukan kembali, pemeriksaan data ganda saat "
                "penerimaan menampilkan tanda ini dan kasus asalnya."
            ).format(partner=p.institution_name, day=format_date(p.ended_on))
        )
        self.facts.setText(facts_html(p, partner_view=self.partner_view))
        self.model.set_rows(detail.reports)
        self._update()

    def selected(self) -> Report | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update(self) -> None:
        self.new_button.setEnabled(self.detail is not None)
        self.edit_button.setEnabled(self.detail is not None and self.selected() is not None)

    def new_report(self) -> ReportDialog | None:
        if self.detail is None or not may_report(self.ctx.actor):
            return None
        dialog = ReportDialog(self.ctx, self.detail.info, None, self)
        dialog.saved.connect(lambda _r: self.changed.emit())
        open_dialog(self, dialog)
        return dialog

    def edit_report(self) -> None:
        report = self.selected()
        if self.detail is None or report is None or not may_report(self.ctx.actor):
            return
        dialog = ReportDialog(self.ctx, self.detail.info, report, self)
        dialog.saved.connect(lambda _r: self.changed.emit())
        open_dialog(self, dialog)
