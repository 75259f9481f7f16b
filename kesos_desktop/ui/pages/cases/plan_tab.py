"""Tab Rencana: plan status, revision and re-approval badge, goals by domain, reviews and actions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services import plans
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.cases.data import CaseView
from kesos_desktop.ui.pages.cases.plan_dialogs import DecisionDialog, ProgressDialog, ReviewDialog
from kesos_desktop.ui.pages.cases.plan_editor import PlanEditor
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.tables import setup_table

STATUS_COLORS = {"draft": "#5a6677", "submitted": "#b26a00", "approved": "#2e7d32"}
GOAL_COLORS = {"tercapai": "#2e7d32", "tidak_tercapai": ERROR, "dibatalkan": MUTED, "berjalan": "#1d5fa8"}


def pill(color: str) -> str:
    return f"color: white; background: {color}; border-radius: 10px; padding: 2px 10px; font-weight: 600;"


def pill_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return label


def goal_columns() -> list[Column[plans.GoalInfo]]:
    return [
        Column(_("Ranah"), lambda g: g.domain_label),
        Column(_("Tujuan"), lambda g: g.goal, tooltip=lambda g: "\n\n".join(t for t in (g.goal, g.actions) if t)),
        Column(
            _("Target"),
            lambda g: format_date(g.target_date) if g.target_date else "",
            sort_key=lambda g: g.target_date or date.max,
        ),
        Column(_("Penanggung jawab"), lambda g: g.responsible_name),
        Column(_("Status"), lambda g: g.status_label, color=lambda g: GOAL_COLORS.get(g.status)),
        Column(_("Kemajuan"), lambda g: g.progress_note, tooltip=lambda g: g.progress_note),
    ]


def review_columns() -> list[Column[plans.PlanReviewInfo]]:
    return [
        Column(_("Tanggal tinjauan"), lambda r: format_date(r.reviewed_on), sort_key=lambda r: r.reviewed_on),
        Column(_("Oleh"), lambda r: r.reviewed_by),
        Column(_("Tinjauan berikutnya"), lambda r: format_date(r.next_review_on) if r.next_review_on else ""),
        Column(_("Hasil"), lambda r: r.note, tooltip=lambda r: r.note),
    ]


class PlanTab(QWidget):
    """``changed`` after the plan was stored; ``dialog`` is the dialog open now (tests drive it)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: CaseView | None = None
        self.dialog: QWidget | None = None
        self.status = pill_label()
        self.reapproval = pill_label(_("Perlu persetujuan ulang"))
        self.reapproval.setStyleSheet(pill("#c62828"))
        self.reapproval.setToolTip(_("Tujuan rencana berubah sejak disetujui; pimpinan perlu menyetujui revisi ini."))
        self.revision = QLabel()
        self.revision.setObjectName("hint")
        self.review = QLabel()
        badges = QHBoxLayout()
        for widget in (self.status, self.reapproval, self.revision):
            badges.addWidget(widget)
        badges.addStretch(1)
        badges.addWidget(self.review)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.approval = QLabel()
        self.approval.setWordWrap(True)
        self.approval.setObjectName("infoBanner")
        self.empty = QLabel(_("Belum ada rencana intervensi untuk kasus ini."))
        self.empty.setObjectName("hint")
        self.compose_button = QPushButton(_("&Susun rencana…"))
        self.compose_button.clicked.connect(self.compose)
        self.submit_button = QPushButton(_("&Ajukan ke pimpinan"))
        self.submit_button.clicked.connect(self.submit)
        self.approve_button = QPushButton(_("Se&tujui…"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.return_button = QPushButton(_("&Kembalikan…"))
        self.return_button.clicked.connect(lambda: self.decide(False))
        self.progress_button = QPushButton(_("Catat &kemajuan…"))
        self.progress_button.clicked.connect(self.progress)
        self.review_button = QPushButton(_("Catat t&injauan…"))
        self.review_button.clicked.connect(self.record_review)
        actions = QHBoxLayout()
        for button in (
            self.compose_button,
            self.submit_button,
            self.approve_button,
            self.return_button,
            self.progress_button,
            self.review_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.goals: RowsTableModel[plans.GoalInfo] = RowsTableModel(goal_columns(), parent=self)
        self.goal_table = QTableView()
        self.goal_table.setModel(self.goals)
        setup_table(self.goal_table, (150, 330, 120, 150, 110))
        self.goal_table.activated.connect(lambda _i: self.progress())
        self.goal_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.reviews: RowsTableModel[plans.PlanReviewInfo] = RowsTableModel(review_columns(), parent=self)
        self.review_table = QTableView()
        self.review_table.setModel(self.reviews)
        setup_table(self.review_table, (130, 110, 140))
        reviews = QWidget()
        reviews_layout = QVBoxLayout(reviews)
        reviews_layout.setContentsMargins(0, 6, 0, 0)
        reviews_title = QLabel(_("Tinjauan rencana"))
        reviews_title.setObjectName("sectionTitle")
        reviews_layout.addWidget(reviews_title)
        reviews_layout.addWidget(self.review_table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.goal_table)
        split.addWidget(reviews)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(badges)
        layout.addWidget(self.summary)
        layout.addWidget(self.approval)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self._update_actions()

    def set_view(self, view: CaseView) -> None:
        self.view = view
        plan = view.plan
        self.empty.setVisible(plan is None)
        self.goals.set_rows(plan.goals if plan else ())
        self.reviews.set_rows(plan.reviews if plan else ())
        if plan is None:
            for widget in (self.status, self.reapproval, self.revision, self.review, self.summary, self.approval):
                widget.hide()
            self._update_actions()
            return
        self.status.setText(plan.status_label)
        self.status.setStyleSheet(pill(STATUS_COLORS.get(plan.status, MUTED)))
        self.status.show()
        self.reapproval.setVisible(plan.needs_reapproval)
        self.revision.setText(_("Revisi {n}").format(n=plan.revision))
        self.revision.show()
        if plan.review_on is not None:
            late = plan.review_on < date.today()
            self.review.setText(_("Tinjauan berikutnya: {day}").format(day=format_date(plan.review_on)))
            self.review.setStyleSheet(f"color: {ERROR}; font-weight: 600;" if late else "")
        else:
            self.review.setText(_("Tanggal tinjauan belum ditetapkan"))
            self.review.setStyleSheet(f"color: {MUTED};")
        self.review.show()
        self.summary.setText(plan.summary)
        self.summary.setVisible(bool(plan.summary))
        self.approval.setText(self._approval_text(plan))
        self.approval.setVisible(bool(self.approval.text()))
        self._update_actions()

    @staticmethod
    def _approval_text(plan: plans.PlanInfo) -> str:
        if plan.is_approved:
            text = _("Disetujui oleh {name} (revisi {rev}).").format(
                name=plan.approved_by_name or plan.approved_by, rev=plan.approved_revision
            )
            return f"{text} {plan.approval_note}".strip()
        if plan.status == "draft" and plan.approval_note:
            return _("Catatan pimpinan: {note}").format(note=plan.approval_note)
        if plan.status == "submitted":
            return _("Diajukan oleh {name}; menunggu persetujuan pimpinan.").format(name=plan.submitted_by)
        return ""

    def selected_goal(self) -> plans.GoalInfo | None:
        rows = self.goal_table.selectionModel().selectedRows()
        return self.goals.row_at(rows[0].row()) if rows else None

    def _update_actions(self) -> None:
        actor = self.ctx.actor
        plan = self.view.plan if self.view else None
        open_case = bool(self.view and not self.view.case.is_closed)
        manage = open_case and actor.can("cases.manage")
        approver = open_case and actor.can("plans.approve")
        self.compose_button.setText(_("&Susun rencana…") if plan is None else _("&Ubah rencana…"))
        self.compose_button.setEnabled(manage)
        # Actions that do not apply to the plan as it stands are hidden rather than greyed out.
        self.submit_button.setVisible(manage and plan is not None and plan.status == "draft")
        self.approve_button.setVisible(approver and plan is not None and not plan.is_approved)
        self.return_button.setVisible(approver and plan is not None and plan.status == "submitted")
        self.submit_button.setEnabled(self.submit_button.isVisibleTo(self))
        self.approve_button.setEnabled(self.approve_button.isVisibleTo(self))
        self.return_button.setEnabled(self.return_button.isVisibleTo(self))
        self.progress_button.setEnabled(open_case and self.selected_goal() is not None)
        self.review_button.setEnabled(manage and plan is not None)

    # --- commands ---------------------------------------------------------------------------------------------
    def _open(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _r: self.changed.emit())  # type: ignore[attr-defined]
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def compose(self) -> None:
        if self.view is not None:
            self._open(PlanEditor(self.ctx, self.view, self))

    def submit(self) -> None:
        plan = self.view.plan if self.view else None
        if plan is None:
            return
        actor = self.ctx.actor
        operations.write(
            self,
            self.ctx.db,
            lambda s: plans.submit_plan(s, actor, plan.id, plan.version_id),
            lambda _r: self.changed.emit(),
        )

    def decide(self, approve: bool) -> None:
        plan = self.view.plan if self.view else None
        if plan is not None:
            self._open(DecisionDialog(self.ctx, plan, approve, self))

    def progress(self) -> None:
        goal = self.selected_goal()
        if goal is not None and self.progress_button.isEnabled():
            self._open(ProgressDialog(self.ctx, goal, self))

    def record_review(self) -> None:
        plan = self.view.plan if self.view else None
        if plan is not None:
            self._open(ReviewDialog(self.ctx, plan, self))
