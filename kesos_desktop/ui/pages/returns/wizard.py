"""The return plan wizard: person → destination and receiver → route (editable legs) → money and budget → draft.

Opened for a new plan (optionally for a given person, e.g. from the profile) or for an existing draft (``plan``),
whose details and legs it replaces. Nothing typed is lost on an error: the wizard goes back to the step with the
problem and marks the field or the leg's cell.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import returns
from kesos_desktop.core.services.returns_views import PlanInfo
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.returns import data
from kesos_desktop.ui.pages.returns.route_page import RoutePage
from kesos_desktop.ui.pages.returns.summary_page import SummaryPage
from kesos_desktop.ui.pages.returns.wizard_pages import DestinationPage, PersonPage

PERSON, DESTINATION, ROUTE, SUMMARY = range(4)
STATE_KEY = "return_wizard"
DESTINATION_FIELDS = (
    "destination_region_code",
    "destination_address",
    "receiver_name",
    "receiver_relation",
    "receiver_phone",
    "receiver_address",
    "family_contact_id",
    "planned_departure_on",
    "notes",
)


class ReturnWizard(QWizard):
    """``ready`` once its choices (and the given person) are loaded; ``saved(PlanInfo)`` after the draft is stored."""

    ready = Signal()
    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        person_id: uuid.UUID | None = None,
        plan: PlanInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self.version_id = plan.version_id if plan else None
        self.person: data.PersonForPlan | None = None
        self.choices: data.WizardChoices | None = None
        self.route_check: data.RouteCheck | None = None
        self.last_errors: dict[str, str] = {}
        self.result_plan: PlanInfo | None = None
        self._waiting = 1 + (1 if person_id or plan else 0)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        title = _("Ubah rencana pemulangan {no}").format(no=plan.plan_no) if plan else _("Rencana pemulangan baru")
        self.setWindowTitle(title)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Simpan sebagai draf"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Batal"))
        self.person_page = PersonPage(self)
        self.destination = DestinationPage(self)
        self.route = RoutePage(self)
        self.summary = SummaryPage(self)
        self.setPage(PERSON, self.person_page)
        self.setPage(DESTINATION, self.destination)
        self.setPage(ROUTE, self.route)
        self.setPage(SUMMARY, self.summary)
        if person_id or plan:
            self.setStartId(DESTINATION)
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(1180, 720)
        self._load_choices()
        if plan is not None:
            self.load_person(plan.person_id)
        elif person_id is not None:
            self.load_person(person_id)

    # --- loading ----------------------------------------------------------------------------------------------
    def _load_choices(self) -> None:
        actor = self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: data.wizard_choices(s, actor), self._choices_loaded)

    def _choices_loaded(self, choices: data.WizardChoices) -> None:
        self.choices = choices
        self.route.model.set_choices(choices.own, list(choices.offices), self.route.lines_for_year())
        self._one_loaded()

    def load_person(self, person_id: uuid.UUID) -> None:
        """Read the person (an audited profile view) and show them on the first two steps."""
        actor = self.ctx.actor
        operations.write(
            self,
            self.ctx.db,
            lambda s: data.person_for_plan(s, actor, person_id),
            self._person_loaded,
            label=_("Membaca data orang…"),
            show_progress=False,
        )

    def _person_loaded(self, person: data.PersonForPlan) -> None:
        self.person = person
        self.person_page.show_person(person)
        if self.currentId() == DESTINATION:
            self.destination.initializePage()
            self.destination.completeChanged.emit()
        self._one_loaded()

    def _one_loaded(self) -> None:
        self._waiting -= 1
        if self._waiting == 0:
            self.ready.emit()

    def departure_year(self) -> int:
        return (self.destination.departure.value() or date.today()).year

    # --- saving -----------------------------------------------------------------------------------------------
    def plan_input(self) -> returns.PlanInput:
        page = self.destination
        person_id = self.person.id if self.person else self.plan.person_id if self.plan else uuid.UUID(int=0)
        return returns.PlanInput(
            person_id=person_id,
            destination_region_code=page.region.code(),
            destination_address=page.address.text().strip(),
            receiver_name=page.receiver_name.text().strip(),
            receiver_relation=page.receiver_relation.text().strip(),
            receiver_phone=page.receiver_phone.text().strip(),
            receiver_address=page.receiver_address.text().strip(),
            family_contact_id=page.family.currentData(),
            planned_departure_on=page.departure.value(),
            notes=page.notes.toPlainText().strip(),
            legs=self.route.leg_inputs(),
        )

    def save(self, on_saved: Callable[[], None], on_failed: Callable[[BaseException], bool]) -> None:
        actor, plan, version, values = self.ctx.actor, self.plan, self.version_id, self.plan_input()

        def saved(info: PlanInfo) -> None:
            self.result_plan = info
            self.saved.emit(info)
            on_saved()

        def failed(error: BaseException) -> bool:
            on_failed(error)
            return self._save_failed(error)

        operations.write(
            self,
            self.ctx.db,
            lambda s: data.save_plan(s, actor, values, plan, version),
            saved,
            on_failure=failed,
            label=_("Menyimpan rencana pemulangan…"),
        )

    def _save_failed(self, error: BaseException) -> bool:
        if isinstance(error, Conflict) and self.plan is not None:
            operations.ask(self, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), self.reload_plan)
            return True
        if not isinstance(error, ValidationError):
            return False
        names = set(error.fields)
        if any(name == "legs" or name.startswith("legs.") for name in names):
            self.go_to(ROUTE)
            self.route.show_errors(error)
        elif names & set(DESTINATION_FIELDS):
            self.go_to(DESTINATION)
            self.destination.form.show_error(error)
        elif "person_id" in names and self.plan is None and self.startId() == PERSON:
            self.go_to(PERSON)
            self.person_page.warning.setText(error.fields["person_id"])
            self.person_page.warning.show()
        return True

    def go_to(self, page_id: int) -> None:
        while self.currentId() > page_id:
            self.back()

    def reload_plan(self) -> None:
        """After a conflict: take the plan's latest version; what the user typed stays."""
        if self.plan is None:
            return
        actor, plan_id = self.ctx.actor, self.plan.id

        def reloaded(latest: PlanInfo) -> None:
            self.plan = latest
            self.version_id = latest.version_id
            self.summary.banner.setText(
                _("Data terbaru dimuat. Isian Anda tetap; tekan Simpan untuk menimpa dengan isian Anda.")
            )
            self.summary.banner.show()

        operations.read(self, self.ctx.db, lambda s: returns.get_plan(s, actor, plan_id), reloaded)

    def closeEvent(self, event: QCloseEvent) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().closeEvent(event)

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().done(result)
