"""Susun / ubah rencana intervensi: summary, review date and a card per goal; errors on their card."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import plans
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import (
    OptionalDateEdit,
    code_combo,
    save_cancel_buttons,
    select_data,
    uuid_of,
)
from kesos_desktop.ui.pages.cases.data import CaseView
from kesos_desktop.ui.pages.cases.form_bits import FieldTitle, text_box
from kesos_desktop.ui.widgets.forms import FormErrors

_GOAL_KEY = re.compile(r"^goals\.(\d+)\.(\w+)$")


class GoalCard(QFrame):
    """One goal; ``remove_requested`` when its "Hapus" button is pressed."""

    remove_requested = Signal(object)

    def __init__(self, view: CaseView, goal: plans.GoalInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.goal_id = goal.id if goal else None
        self.progress_note = goal.progress_note if goal else ""
        self.setObjectName("card")
        self.number = QLabel()
        self.number.setObjectName("sectionTitle")
        self.domain = code_combo([(d.code, d.label()) for d in plans.load_domains()], _("— pilih ranah —"))
        self.goal = QLineEdit()
        self.goal.setPlaceholderText(_("Apa yang ingin dicapai, mis. kembali bersekolah"))
        self.actions = text_box(2)
        self.actions.setPlaceholderText(_("Kegiatan / layanan untuk mencapainya"))
        self.target = OptionalDateEdit(check_text=_("Ada"))
        self.responsible = code_combo(
            [(str(s.id), s.name) for s in view.staff], _("— belum ditentukan —"), min_chars=20
        )
        self.status = QComboBox()
        for code, label in plans.goal_status_choices():
            self.status.addItem(label, code)
        remove = QPushButton(_("Hapus"))
        remove.setToolTip(_("Hapus tujuan ini dari rencana"))
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.errors = FormErrors(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addStretch(1)
        head.addWidget(remove)
        grid.addLayout(head, 0, 0, 1, 4)
        cells = (
            (1, 0, _("&Ranah"), "domain_code", self.domain, 1),
            (1, 1, _("Target tanggal"), "target_date", self.target, 1),
            (1, 2, _("Penanggung &jawab"), "responsible_user_id", self.responsible, 1),
            (1, 3, _("Status"), "status", self.status, 1),
            (3, 0, _("T&ujuan"), "goal", self.goal, 4),
            (5, 0, _("Tindakan"), "actions", self.actions, 4),
        )
        for row, col, label, name, widget, span in cells:
            grid.addWidget(FieldTitle(label, widget, required=name in ("domain_code", "goal")), row, col, 1, span)
            grid.addWidget(self.errors.field(name, widget), row + 1, col, 1, span)
        if goal is not None:
            select_data(self.domain, goal.domain_code)
            self.goal.setText(goal.goal)
            self.actions.setPlainText(goal.actions)
            self.target.set_value(goal.target_date)
            if goal.responsible_user_id is not None and not select_data(self.responsible, goal.responsible_user_id):
                self.responsible.addItem(
                    goal.responsible_name or str(goal.responsible_user_id), str(goal.responsible_user_id)
                )
                select_data(self.responsible, goal.responsible_user_id)
            select_data(self.status, goal.status)

    def set_number(self, n: int) -> None:
        self.number.setText(_("Tujuan {n}").format(n=n))

    def data(self) -> plans.GoalInput:
        return plans.GoalInput(
            domain_code=self.domain.currentData() or "",
            goal=self.goal.text(),
            actions=self.actions.toPlainText(),
            target_date=self.target.value(),
            responsible_user_id=uuid_of(self.responsible),
            status=self.status.currentData() or "direncanakan",
            progress_note=self.progress_note,
            id=self.goal_id,
        )


class PlanEditor(QDialog):
    """A new plan (``view.plan`` is None) or a change of the plan; ``saved(PlanInfo)``."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, view: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.plan = view.plan
        self.cards: list[GoalCard] = []
        self.setWindowTitle(_("Rencana intervensi — {name}").format(name=view.case.person_name))
        self.resize(980, 760)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        warning = QLabel(
            _(
                "Mengubah tujuan rencana yang sudah diajukan atau disetujui membuat revisi baru "
                "yang perlu disetujui lagi."
            )
        )
        warning.setObjectName("infoBanner")
        warning.setWordWrap(True)
        warning.setVisible(self.plan is not None and self.plan.status != "draft")
        self.summary = text_box(3)
        self.summary.setPlaceholderText(_("Ringkasan masalah dan arah intervensi"))
        self.review_on = OptionalDateEdit(check_text=_("Ada"))
        top = QFormLayout()
        top.addRow(_("&Ringkasan"), self.form.field("summary", self.summary))
        top.addRow(_("Tanggal &tinjauan"), self.form.field("review_on", self.review_on))
        self.goal_list = QVBoxLayout()
        self.goal_list.setSpacing(10)
        goals = QWidget()
        column = QVBoxLayout(goals)
        column.setContentsMargins(0, 0, 6, 0)
        column.addLayout(self.goal_list)
        self.goals_error = QLabel()
        column.addWidget(self.goals_error)
        self.form.bind("goals", goals, self.goals_error)
        self.add_button = QPushButton(_("+ &Tambah tujuan"))
        self.add_button.clicked.connect(lambda: self.add_goal(focus=True))
        adder = QHBoxLayout()
        adder.addWidget(self.add_button)
        adder.addStretch(1)
        column.addLayout(adder)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(goals)
        self.buttons = save_cancel_buttons()
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(warning)
        layout.addLayout(top)
        heading = QLabel(_("Tujuan per ranah"))
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)
        if self.plan is not None:
            self.summary.setPlainText(self.plan.summary)
            self.review_on.set_value(self.plan.review_on)
            for goal in self.plan.goals:
                self.add_goal(goal)
        else:
            self.add_goal()

    def add_goal(self, goal: plans.GoalInfo | None = None, *, focus: bool = False) -> GoalCard:
        card = GoalCard(self.view, goal)
        card.remove_requested.connect(self.remove_goal)
        self.cards.append(card)
        self.goal_list.addWidget(card)
        card.set_number(len(self.cards))
        if focus:
            card.domain.setFocus()
            self.scroll.ensureWidgetVisible(card)
        return card

    def remove_goal(self, card: GoalCard) -> None:
        self.cards.remove(card)
        self.goal_list.removeWidget(card)
        card.deleteLater()
        for n, other in enumerate(self.cards, 1):
            other.set_number(n)

    def data(self) -> plans.PlanInput:
        return plans.PlanInput(
            goals=[c.data() for c in self.cards], review_on=self.review_on.value(), summary=self.summary.toPlainText()
        )

    def submit(self) -> None:
        self.form.clear()
        for card in self.cards:
            card.errors.clear()
        data, actor = self.data(), self.ctx.actor
        if self.plan is None:
            case_id = self.view.case.id
            work = lambda s: plans.create_plan(s, actor, case_id, data)  # noqa: E731
        else:
            plan_id, version = self.plan.id, self.plan.version_id
            work = lambda s: plans.save_plan(s, actor, plan_id, data, version)  # noqa: E731
        operations.write(self, self.ctx.db, work, self._saved, on_failure=self._failed, busy=self.buttons)

    def _reload_plan(self) -> None:
        """After a conflict: take the plan's latest version; the cards keep what the user typed."""
        actor, case_id = self.ctx.actor, self.view.case.id

        def reloaded(latest: plans.PlanInfo | None) -> None:
            self.plan = latest
            self.form.show_banner(
                _("Rencana ini diubah pengguna lain; versi terbaru dimuat dan isian Anda tetap. Simpan lagi.")
            )

        operations.read(self, self.ctx.db, lambda s: plans.plan_for_case(s, actor, case_id), reloaded)

    def _saved(self, info: plans.PlanInfo) -> None:
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, Conflict) and self.plan is not None:
            self._reload_plan()
            return False
        if not isinstance(error, ValidationError):
            return False
        plan_level: dict[str, str] = {}
        first: QWidget | None = None
        for key, message in error.fields.items():
            match = _GOAL_KEY.match(key)
            if match and int(match[1]) < len(self.cards):
                card = self.cards[int(match[1])]
                if card.errors.set_field_error(match[2], message) and first is None:
                    first = card
                    continue
                if card.errors.knows(match[2]):
                    continue
            plan_level[key] = message
        self.form.show_error(ValidationError(str(error), plan_level))
        if first is not None:
            self.scroll.ensureWidgetVisible(first)
        return True
