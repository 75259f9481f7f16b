"""CaseWindow: header with the stage steps, Pindah tahap, Cetak berkas kasus, and the five tabs."""

from __future__ import annotations

import uuid
from datetime import date

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.cases.assessments_tab import AssessmentsTab
from kesos_desktop.ui.pages.cases.case_file_dialog import CaseFileDialog
from kesos_desktop.ui.pages.cases.conferences_tab import ConferencesTab
from kesos_desktop.ui.pages.cases.data import CaseView, load_case_view
from kesos_desktop.ui.pages.cases.form_bits import PRIMARY_BUTTON
from kesos_desktop.ui.pages.cases.history_tab import HistoryTab
from kesos_desktop.ui.pages.cases.move_dialog import MoveStageDialog
from kesos_desktop.ui.pages.cases.notes_tab import NotesTab
from kesos_desktop.ui.pages.cases.plan_tab import PlanTab, pill, pill_label
from kesos_desktop.ui.pages.cases.stage_steps import MAIN_KINDS, StageSteps
from kesos_desktop.ui.style import MUTED
from kesos_desktop.ui.widgets.page_header import heading_font

STATE_KEY = "case_window"


class CaseWindow(QWidget):
    """``loaded`` each time the case arrived and is shown; ``changed(case_id)`` after anything was stored."""

    loaded = Signal()
    changed = Signal(object)

    def __init__(self, ctx: AppContext, case_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.case_id = case_id
        self.view: CaseView | None = None
        self.dialog: QWidget | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Kasus"))
        self.name = QLabel()
        self.name.setObjectName("pageTitle")
        self.name.setFont(heading_font(1.45))
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel()
        self.meta.setObjectName("pageSubtitle")
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta.setWordWrap(True)
        self.steps = StageSteps()
        self.badge = pill_label()
        self.badge.hide()
        self.since = QLabel()
        self.since.setObjectName("hint")
        self.move_button = QPushButton(_("&Pindah tahap…"))
        self.move_button.setStyleSheet(PRIMARY_BUTTON)
        self.move_button.clicked.connect(self.move_stage)
        self.print_button = QPushButton(_("Cetak &berkas kasus…"))
        self.print_button.setToolTip(_("Cetak berkas kasus (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_case_file)
        self.reload_button = QPushButton(_("Muat &ulang"))
        self.reload_button.setToolTip(_("Muat ulang (F5)"))
        self.reload_button.clicked.connect(self.reload)
        self.banner = QLabel()
        self.banner.setObjectName("infoBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.assessments = AssessmentsTab(ctx)
        self.plan = PlanTab(ctx)
        self.notes = NotesTab(ctx)
        self.conferences = ConferencesTab(ctx)
        self.history = HistoryTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.assessments, _("&Asesmen"))
        self.tabs.addTab(self.plan, _("&Rencana"))
        self.tabs.addTab(self.notes, _("&Catatan"))
        self.tabs.addTab(self.conferences, _("&Konferensi"))
        self.tabs.addTab(self.history, _("Riwayat &transisi"))
        for tab in (self.assessments, self.plan, self.conferences):
            tab.changed.connect(self._stored)
        self._layout()
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_case_file)
        QShortcut(QKeySequence.StandardKey.New, self, self.write_note)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reload)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.move_button.setEnabled(False)
        self.print_button.setEnabled(False)
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(QSize(1180, 820))
        self.load(first=True)

    def _layout(self) -> None:
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name)
        text.addWidget(self.meta)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.move_button)
        top = QHBoxLayout()
        top.addLayout(text, 1)
        top.addLayout(buttons)
        top.setAlignment(buttons, Qt.AlignmentFlag.AlignTop)
        steps = QHBoxLayout()
        steps.addWidget(self.steps, 1)
        steps.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addLayout(steps)
        layout.addWidget(self.since)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        hint = QLabel(
            _("Ctrl+Tab pindah tab · Ctrl+N tulis catatan · Ctrl+P cetak berkas kasus · F5 muat ulang · Esc tutup")
        )
        hint.setObjectName("hint")
        layout.addWidget(hint)

    # --- loading ----------------------------------------------------------------------------------------------
    def load(self, *, first: bool = False) -> None:
        actor, case_id = self.ctx.actor, self.case_id
        run = operations.write if first else operations.read
        run(
            self,
            self.ctx.db,
            lambda s: load_case_view(s, actor, case_id, first=first),
            self._loaded,
            show_progress=first,
        )

    def reload(self) -> None:
        self.load()

    def _stored(self) -> None:
        self.changed.emit(self.case_id)
        self.reload()

    def _loaded(self, view: CaseView) -> None:
        self.view = view
        case = view.case
        self.setWindowTitle(_("{name} · {no} — Kasus").format(name=case.person_name, no=case.case_no))
        self.name.setText(case.person_name or _("(tanpa nama)"))
        worker = case.worker_name or _("belum ditentukan")
        self.meta.setText(
            " · ".join(
                (
                    case.case_no,
                    case.registration_no,
                    case.institution_name,
                    _("Pekerja sosial: {name}").format(name=worker),
                    _("dibuka {day}").format(day=format_date(case.opened_on)),
                )
            )
        )
        visited = {t.to_stage for t in view.transitions} | {t.from_stage for t in view.transitions if t.from_stage}
        self.steps.set_state(case.stage_code, visited)
        self._show_badge(view)
        days = (date.today() - case.stage_since).days
        self.since.setText(
            _("Tahap {stage} sejak {day} ({days}).").format(
                stage=case.stage_label,
                day=format_date(case.stage_since),
                days=ngettext("{n} hari", "{n} hari", days).format(n=format_number(days)),
            )
        )
        self._show_banner(view)
        manage = self.ctx.actor.can("cases.manage")
        self.move_button.setEnabled(manage and not case.is_closed and bool(case.next_stages))
        self.print_button.setEnabled(True)
        for tab in (self.assessments, self.plan, self.notes, self.conferences, self.history):
            tab.set_view(view)
        self.loaded.emit()

    def _show_badge(self, view: CaseView) -> None:
        case = view.case
        text, color = "", MUTED
        if case.is_closed:
            text = _("Kasus ditutup")
        elif case.stage_kind not in MAIN_KINDS:
            text, color = case.stage_label, "#b26a00"
        elif case.exit_reason_label:
            text, color = _("Terminasi: {reason}").format(reason=case.exit_reason_label), "#6b4ea8"
        self.badge.setText(text)
        self.badge.setStyleSheet(pill(color))
        self.badge.setVisible(bool(text))

    def _show_banner(self, view: CaseView) -> None:
        case = view.case
        lines = []
        if case.is_closed:
            lines.append(_("Kasus ini ditutup pada {day}; hanya dapat dibaca.").format(day=format_date(case.closed_on)))
        if case.return_handover_on is not None and not case.is_closed:
            lines.append(
                _("Diserahkan ke pemulangan pada {day}: rencana pemulangan perlu disiapkan.").format(
                    day=format_date(case.return_handover_on)
                )
            )
        if case.exit_destination:
            lines.append(_("Tujuan: {place}").format(place=case.exit_destination))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    # --- commands ---------------------------------------------------------------------------------------------
    def move_stage(self) -> MoveStageDialog | None:
        if self.view is None or not self.move_button.isEnabled():
            return None
        dialog = MoveStageDialog(self.ctx, self.view.case, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.moved.connect(lambda _c: self._stored())
        self.dialog = dialog
        dialog.open()
        return dialog

    def write_note(self) -> None:
        """Ctrl+N: the Catatan tab and a new note."""
        self.tabs.setCurrentWidget(self.notes)
        self.notes.open_editor()

    def print_case_file(self) -> CaseFileDialog | None:
        if self.view is None:
            return None
        dialog = CaseFileDialog(self.ctx, self.view.case, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    # --- closing ----------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """An assessment form with unsaved answers asks first; a note being written stays as a draft."""
        for form in list(self.assessments.forms.values()):
            if shiboken6.isValid(form) and form.dirty:
                event.ignore()
                form.show()
                form.raise_()
                form.close()
                return
        for editor in self.notes.open_editors():
            editor.reject()  # what was typed stays as a draft
        ui_state.save_geometry(self, STATE_KEY)
        super().closeEvent(event)
