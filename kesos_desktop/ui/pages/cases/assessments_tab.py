"""Tab Asesmen: the case's assessment versions; start or continue a draft, read, compare, discard."""

from __future__ import annotations

import uuid

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import assessments
from kesos_desktop.core.services.assessments import AssessmentInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.cases.assessment_form import AssessmentForm
from kesos_desktop.ui.pages.cases.assessment_view import AssessmentViewDialog, ComparisonDialog
from kesos_desktop.ui.pages.cases.data import CaseView
from kesos_desktop.ui.style import ACCENT, MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table


def columns() -> list[Column[AssessmentInfo]]:
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(_("Instrumen"), lambda a: a.instrument_name),
        Column(_("Ke-"), lambda a: a.sequence_no, align=right),
        Column(_("Tanggal"), lambda a: format_date(a.assessed_on), sort_key=lambda a: a.assessed_on),
        Column(
            _("Status"),
            lambda a: _("Selesai") if a.is_completed else _("Draf"),
            color=lambda a: None if a.is_completed else ACCENT,
        ),
        Column(_("Skor"), lambda a: format_number(a.score_total) if a.score_total is not None else "", align=right),
        Column(_("Kategori"), lambda a: a.band),
        Column(_("Asesor"), lambda a: a.assessor_name or a.created_by),
        Column(
            _("Belum diisi"),
            lambda a: ", ".join(a.missing) if a.missing else "",
            tooltip=lambda a: "\n".join(a.missing),
            color=lambda _a: MUTED,
        ),
    ]


class AssessmentsTab(QWidget):
    """``changed`` after anything was stored; ``form_opened(AssessmentForm)`` when a form window shows."""

    changed = Signal()
    form_opened = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: CaseView | None = None
        self.forms: dict[uuid.UUID, AssessmentForm] = {}
        self.dialog: QWidget | None = None
        self.model: RowsTableModel[AssessmentInfo] = RowsTableModel(columns(), parent=self)
        self.start_button = QToolButton()
        self.start_button.setText(_("&Mulai asesmen"))
        self.start_button.setIcon(icon("add"))
        self.start_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.start_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.start_button)
        for instrument in assessments.latest_instruments():
            action = menu.addAction(instrument.label())
            action.setData(instrument.code)
            action.triggered.connect(lambda _c=False, code=instrument.code: self.start(code))
        self.start_button.setMenu(menu)
        self.open_button = QPushButton(_("&Buka"))
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button = QPushButton(_("Ban&dingkan"))
        self.compare_button.setToolTip(
            _(
                "Pilih dua asesmen dengan instrumen yang sama, atau satu asesmen ulang untuk dibandingkan "
                "dengan versi sebelumnya."
            )
        )
        self.compare_button.clicked.connect(self.compare_selected)
        self.discard_button = QPushButton(_("Buang d&raf"))
        self.discard_button.clicked.connect(self.discard_selected)
        bar = QHBoxLayout()
        for widget in (self.start_button, self.open_button, self.compare_button, self.discard_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (220, 50, 130, 80, 60, 150, 150))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.hint = QLabel(_("Asesmen yang sudah selesai tidak dapat diubah; asesmen ulang membuat versi baru."))
        self.hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self._update_actions()

    def set_view(self, view: CaseView) -> None:
        self.view = view
        chosen = {a.id for a in self.selected()}
        self.model.set_rows(view.assessments)
        for row, info in enumerate(self.model.rows()):
            if info.id in chosen:
                self.table.selectRow(row)
        self._update_actions()

    def can_edit(self) -> bool:
        return bool(self.view and not self.view.case.is_closed and self.ctx.actor.can("assessments.complete"))

    def selected(self) -> list[AssessmentInfo]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [r for r in (self.model.row_at(n) for n in rows) if r is not None]

    def _update_actions(self) -> None:
        chosen = self.selected()
        self.start_button.setEnabled(self.can_edit())
        self.open_button.setEnabled(len(chosen) == 1)
        self.compare_button.setEnabled(self._pair(chosen) is not None)
        self.discard_button.setEnabled(len(chosen) == 1 and not chosen[0].is_completed and self.can_edit())

    def _pair(self, chosen: list[AssessmentInfo]) -> tuple[uuid.UUID, uuid.UUID] | None:
        """(older, newer) of the two chosen, or the chosen one and the version before it."""
        if len(chosen) == 2 and chosen[0].instrument_code == chosen[1].instrument_code:
            older, newer = sorted(chosen, key=lambda a: a.sequence_no)
            return older.id, newer.id
        if len(chosen) == 1 and chosen[0].previous_id is not None:
            return chosen[0].previous_id, chosen[0].id
        return None

    def select_ids(self, ids: list[uuid.UUID]) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, info in enumerate(self.model.rows()):
            if info.id in ids:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    # --- commands ---------------------------------------------------------------------------------------------
    def start(self, instrument_code: str) -> None:
        """A new draft (or the open draft of this instrument; after a completed one, the re-assessment)."""
        if self.view is None:
            return
        actor, case_id = self.ctx.actor, self.view.case.id
        operations.write(
            self,
            self.ctx.db,
            lambda s: assessments.start_assessment(s, actor, case_id, instrument_code),
            self._started,
        )

    def _started(self, info: AssessmentInfo) -> None:
        self.changed.emit()
        self.open_form(info)

    def open_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        info = chosen[0]
        if info.is_completed or not self.can_edit():
            self._show(AssessmentViewDialog(info, self))
        else:
            self.open_form(info)

    def open_form(self, info: AssessmentInfo) -> AssessmentForm:
        form = self.forms.get(info.id)
        if form is not None and shiboken6.isValid(form):
            form.show()
            form.raise_()
            form.activateWindow()
            return form
        case = self.view.case if self.view else None
        who = _("{name} · kasus {no}").format(name=case.person_name, no=case.case_no) if case else ""
        form = AssessmentForm(self.ctx, info, who, self.window())
        form.saved.connect(lambda _i: self.changed.emit())
        form.completed.connect(self._completed)
        form.destroyed.connect(lambda *_a, key=info.id: self.forms.pop(key, None))
        self.forms[info.id] = form
        form.show()
        self.form_opened.emit(form)
        return form

    def _completed(self, info: AssessmentInfo) -> None:
        self.changed.emit()
        text = _("{name} ke-{n} selesai dan tersimpan sebagai versi yang tidak dapat diubah.").format(
            name=info.instrument_name, n=info.sequence_no
        )
        if info.band:
            text += " " + _("Kategori: {band}.").format(band=info.band)
        operations.message_box(self, QMessageBox.Icon.Information, _("Asesmen selesai"), text)

    def compare_selected(self) -> None:
        pair = self._pair(self.selected())
        if pair is None:
            return
        actor = self.ctx.actor
        operations.read(
            self,
            self.ctx.db,
            lambda s: assessments.compare_assessments(s, actor, *pair),
            lambda result: self._show(ComparisonDialog(result, self)),
        )

    def discard_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or chosen[0].is_completed:
            return
        info, actor = chosen[0], self.ctx.actor

        def discard() -> None:
            operations.write(
                self,
                self.ctx.db,
                lambda s: assessments.discard_draft(s, actor, info.id, info.version_id),
                lambda _r: self.changed.emit(),
            )

        operations.ask(
            self,
            _("Buang draf asesmen"),
            _("Buang draf {name} ke-{n}? Jawaban yang sudah diisi ikut terhapus.").format(
                name=info.instrument_name, n=info.sequence_no
            ),
            _("&Buang draf"),
            discard,
            destructive=True,
        )

    def _show(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.show()
