"""What every stay dialog shares: banner and field errors, Save/Cancel, capacity-full handling, version conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import stays
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.dialogs.stays.fields import save_cancel_buttons
from kesos_desktop.ui.dialogs.stays.placement import CapacityBox
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


class StayDialog(QDialog):
    """Base of the stay dialogs; ``saved(object)`` carries the service result (a ``StayInfo``).

    ``ready`` fires once the choices the dialog needs have been loaded (tests and callers may wait on it).
    """

    saved = Signal(object)
    ready = Signal()

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stay: stays.StayInfo | None = None
        self.person: lookups.PersonBrief | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self.banner = QLabel()
        self.form = FormErrors(self, self.banner)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.info = QLabel()
        self.info.setObjectName("infoBanner")
        self.info.setWordWrap(True)
        self.info.hide()
        self.fields = QFormLayout()
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.capacity = CapacityBox(ctx.actor.can("stays.override_capacity"))
        self.capacity.bind(self.form)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(_("Simpan (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addLayout(self.fields)
        layout.addWidget(self.capacity)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def finish_layout(self) -> None:
        relax_labels(self.fields)

    # --- saving -----------------------------------------------------------------------------------------------
    def submit(self) -> None:
        """Validate in the service and save; subclasses give the work through ``work()``."""
        if not self.save_button.isEnabled():
            return
        self.form.clear()
        self.info.hide()
        work = self.work()
        if work is None:
            return
        operations.write(
            self,
            self.ctx.db,
            work,
            self._saved,
            form=self.form,
            on_failure=self._failed,
            busy=self.buttons,
        )

    def work(self) -> Callable[[Any], stays.StayInfo] | None:
        raise NotImplementedError

    def _saved(self, info: stays.StayInfo) -> None:
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, stays.CapacityFull):
            self.form.show_error(error)
            self.capacity.show_limits(error.limits)
            if self.capacity.can_override:
                self.capacity.reason.setFocus()
            return True
        if isinstance(error, Conflict) and self.stay is not None:
            operations.ask(self, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), self.reload_latest)
            return True
        return False

    # --- conflicts --------------------------------------------------------------------------------------------
    def reload_latest(self) -> None:
        """Read the stay as it is now; what the user typed stays in the form."""
        if self.stay is None:
            return
        stay_id, actor = self.stay.id, self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: stays.get_stay(s, actor, stay_id), self._reloaded)

    def _reloaded(self, latest: stays.StayInfo) -> None:
        self.stay = latest
        self.show_stay(latest)
        if latest.is_open:
            text = _("Data terbaru dimuat. Isian Anda tetap; periksa lalu tekan Simpan lagi.")
        else:
            text = _("Masa tinggal ini sudah diakhiri oleh pengguna lain; tidak ada yang perlu disimpan lagi.")
            self.save_button.setEnabled(False)
        self.info.setText(text)
        self.info.show()

    def show_stay(self, stay: stays.StayInfo) -> None:
        """Show who the person is and where they are now (the heading)."""
        self.heading.setText("\n".join(line for line in (self.person_line(), place_text(stay)) if line))

    def person_line(self) -> str:
        if self.person is None:
            return ""
        return _("{name} · {reg}").format(name=self.person.name or _("(tanpa nama)"), reg=self.person.registration_no)

    def load_person(self, person_id: object, then: Callable[[], None] | None = None) -> None:
        """Read the person's name and sex, show them, then call ``then`` (on the GUI thread)."""
        actor = self.ctx.actor

        def loaded(person: lookups.PersonBrief) -> None:
            self.person = person
            if self.stay is not None:
                self.show_stay(self.stay)
            if then is not None:
                then()

        operations.read(
            self, self.ctx.db, lambda s: lookups.person_brief(s, actor, person_id), loaded, show_progress=False
        )


def place_text(stay: stays.StayInfo) -> str:
    """ "Sekarang di Panti X, kamar Wisma 1, tempat tidur A2 sejak 3 Maret 2025 (12 hari)"."""
    place = stay.institution_name
    if stay.room_name and stay.bed_label:
        place = _("{institution}, kamar {room}, tempat tidur {bed}").format(
            institution=place, room=stay.room_name, bed=stay.bed_label
        )
    elif stay.room_name:
        place = _("{institution}, kamar {room}").format(institution=place, room=stay.room_name)
    days = ngettext("{n} hari", "{n} hari", stay.days).format(n=format_number(stay.days))
    return _("Sekarang di {place} sejak {day} ({days}).").format(
        place=place, day=format_date(stay.admitted_on), days=days
    )
