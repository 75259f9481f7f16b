"""The small plan dialogs: approve or return with a note (pimpinan), progress on a goal, a plan review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import plans
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit, date_edit, save_cancel_buttons, select_data, to_date
from kesos_desktop.ui.pages.cases.form_bits import FieldTitle, text_box
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class SmallDialog(QDialog):
    """A short form whose save runs ``work()`` through the service; ``saved(result)``."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.fields = QFormLayout()
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(banner)
        layout.addLayout(self.fields)
        layout.addWidget(self.buttons)

    def work(self) -> Callable[[Any], object]:
        raise NotImplementedError

    def submit(self) -> None:
        self.form.clear()
        operations.write(
            self, self.ctx.db, self.work(), self._saved, form=self.form, busy=self.buttons, show_progress=False
        )

    def _saved(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()


class DecisionDialog(SmallDialog):
    """Approve (note optional) or return (note required) a plan."""

    def __init__(self, ctx: AppContext, plan: plans.PlanInfo, approve: bool, parent: QWidget | None = None) -> None:
        title = _("Setujui rencana intervensi") if approve else _("Kembalikan rencana intervensi")
        intro = (
            _("Setujui revisi {rev} rencana ini? Setelah disetujui kasus dapat masuk tahap intervensi.")
            if approve
            else _("Tuliskan apa yang perlu diperbaiki pekerja sosial; rencana kembali menjadi draf.")
        ).format(rev=plan.revision)
        super().__init__(ctx, title, intro, parent)
        self.plan = plan
        self.approve = approve
        self.note = text_box(4)
        self.fields.addRow(
            FieldTitle(_("&Catatan"), self.note, required=not approve), self.form.field("note", self.note)
        )
        self.save_button.setText(_("&Setujui") if approve else _("&Kembalikan"))

    def work(self) -> Callable[[Any], object]:
        actor, plan_id, version, note = self.ctx.actor, self.plan.id, self.plan.version_id, self.note.toPlainText()
        if self.approve:
            return lambda s: plans.approve_plan(s, actor, plan_id, version, note)
        return lambda s: plans.return_plan(s, actor, plan_id, version, note)


class ProgressDialog(SmallDialog):
    """Status and a progress note on one goal (the approval stays valid)."""

    def __init__(self, ctx: AppContext, goal: plans.GoalInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Kemajuan tujuan"), goal.goal, parent)
        self.goal = goal
        self.status = QComboBox()
        for code, label in plans.goal_status_choices():
            self.status.addItem(label, code)
        select_data(self.status, goal.status)
        self.note = text_box(4)
        self.note.setPlainText(goal.progress_note)
        self.fields.addRow(_("&Status"), self.form.field("status", self.status))
        self.fields.addRow(_("&Catatan kemajuan"), self.form.field("progress_note", self.note))
        relax_labels(self.fields)

    def work(self) -> Callable[[Any], object]:
        actor, goal_id = self.ctx.actor, self.goal.id
        status, note = str(self.status.currentData()), self.note.toPlainText()
        return lambda s: plans.update_goal_progress(s, actor, goal_id, status, note)


class ReviewDialog(SmallDialog):
    """A plan review: when, what was found, when the next one is due."""

    def __init__(self, ctx: AppContext, plan: plans.PlanInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Catat tinjauan rencana"), "", parent)
        self.plan = plan
        self.reviewed_on = date_edit()
        self.note = text_box(4)
        self.next_on = OptionalDateEdit(check_text=_("Ada"))
        self.fields.addRow(_("&Tanggal tinjauan"), self.form.field("reviewed_on", self.reviewed_on))
        self.fields.addRow(FieldTitle(_("&Hasil tinjauan"), self.note), self.form.field("note", self.note))
        self.fields.addRow(_("Tinjauan &berikutnya"), self.form.field("next_review_on", self.next_on))
        relax_labels(self.fields)

    def work(self) -> Callable[[Any], object]:
        actor, plan_id, version = self.ctx.actor, self.plan.id, self.plan.version_id
        on, note, next_on = to_date(self.reviewed_on.date()), self.note.toPlainText(), self.next_on.value()
        return lambda s: plans.record_review(s, actor, plan_id, on, note, next_on, version)
