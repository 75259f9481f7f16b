"""Tempatkan anak: the child, the partner pesantren or LKSA, the agreement or letter number, the start, the guardian
at the partner, the review date and the legal basis (PP 44/2017: family care first, an institution the last resort);
also edits an active placement at its version."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import placements
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import (
    OptionalDateEdit,
    code_combo,
    date_edit,
    save_cancel_buttons,
    select_data,
    to_date,
    to_qdate,
    uuid_of,
)
from kesos_desktop.ui.dialogs.stays.lookups import InstitutionChoice
from kesos_desktop.ui.pages.activities.fields import banner, form_failure, hint, text_area
from kesos_desktop.ui.pages.placements.child_picker import ChildPicker
from kesos_desktop.ui.pages.placements.data import partner_choices
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.task_counter import tasks_changed

DEFAULT_REVIEW_MONTHS = 6


class PlaceDialog(QDialog):
    """New placement when ``current`` is None, else an edit; ``ready`` when the partners are listed;
    ``saved(PlacementInfo)`` after the save."""

    ready = Signal()
    saved = Signal(object)

    def __init__(
        self, ctx: AppContext, current: placements.PlacementInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current = current
        self.setWindowTitle(_("Tempatkan anak di lembaga mitra") if current is None else _("Ubah penempatan"))
        self.setMinimumSize(700, 700)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.info = banner()
        self.child = ChildPicker(ctx)
        self.child_name = QLabel(current.person_name if current else "")
        self.institution = code_combo([], _("— pilih lembaga mitra —"), min_chars=34)
        self.agreement_no = QLineEdit()
        self.agreement_no.setPlaceholderText(_("mis. 400.9/117/PKS/2026"))
        self.agreement_date = OptionalDateEdit(check_text=_("Ada"))
        self.start_on = date_edit()
        self.start_on.dateChanged.connect(lambda _d: self._suggest_review())
        self.guardian_name = QLineEdit()
        self.guardian_name.setPlaceholderText(_("mis. KH. Ahmad Mustofa"))
        self.guardian_position = QLineEdit()
        self.guardian_position.setPlaceholderText(_("mis. Pengasuh pondok"))
        self.guardian_phone = QLineEdit()
        self.review_on = date_edit(max_today=False)
        self._suggested_review: date | None = None
        self._suggest_review()
        self.report_every = QSpinBox()
        self.report_every.setRange(1, 12)
        self.report_every.setValue(3)
        self.report_every.setSuffix(_(" bulan sekali"))
        self.legal_basis = text_area(
            4,
            _(
                "Mengapa pengasuhan oleh keluarga atau kerabat tidak dapat dilakukan saat ini, dan rencana "
                "reunifikasinya"
            ),
        )
        self.notes = text_area(2)
        form = QFormLayout()
        if current is None:
            form.addRow(_("&Anak"), self.errors.field("person_id", self.child, "case_id"))
        else:
            form.addRow(_("Anak"), self.child_name)
        form.addRow(_("&Lembaga mitra"), self.errors.field("institution_id", self.institution))
        form.addRow(_("No. &perjanjian/surat"), self.errors.field("agreement_no", self.agreement_no))
        form.addRow(_("Tanggal pe&rjanjian"), self.errors.field("agreement_date", self.agreement_date))
        form.addRow(_("&Mulai"), self.errors.field("start_on", self.start_on))
        form.addRow(_("Pengasuh/&wali di mitra"), self.errors.field("guardian_name", self.guardian_name))
        form.addRow(_("&Jabatan pengasuh"), self.errors.field("guardian_position", self.guardian_position))
        form.addRow(_("&Telepon pengasuh"), self.errors.field("guardian_phone", self.guardian_phone))
        form.addRow(_("Tanggal t&injauan"), self.errors.field("review_on", self.review_on))
        form.addRow(_("Laporan &berkala"), self.errors.field("report_every_months", self.report_every))
        basis = QWidget()
        basis_layout = QVBoxLayout(basis)
        basis_layout.setContentsMargins(0, 0, 0, 0)
        basis_layout.setSpacing(2)
        basis_layout.addWidget(self.errors.field("legal_basis", self.legal_basis, "worker_id"))
        basis_layout.addWidget(
            hint(
                _(
                    "PP 44/2017: pengasuhan berbasis keluarga didahulukan; pengasuhan di lembaga adalah upaya "
                    "terakhir dan sementara. Tuliskan dasarnya dan tinjau paling lambat 12 bulan sesudah mulai."
                )
            )
        )
        basis.setFocusProxy(self.legal_basis)
        form.addRow(_("&Dasar penempatan"), basis)
        form.addRow(_("&Catatan"), self.errors.field("notes", self.notes))
        relax_labels(form)
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.info)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        if current is not None:
            self.fill(current)
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: partner_choices(s, actor), self._loaded, show_progress=False)

    def _loaded(self, partners: list[InstitutionChoice]) -> None:
        for p in partners:
            self.institution.addItem(_("{name} ({type})").format(name=p.name, type=p.type_name), str(p.id))
        if self.current is not None:
            select_data(self.institution, self.current.institution_id)
        self.save_button.setEnabled(True)
        (self.child if self.current is None else self.institution).setFocus()
        self.ready.emit()

    def _suggest_review(self) -> None:
        """Six months after the start, until the user picks another date."""
        suggestion = placements.add_months(to_date(self.start_on.date()), DEFAULT_REVIEW_MONTHS)
        if self._suggested_review is None or to_date(self.review_on.date()) == self._suggested_review:
            self.review_on.setDate(to_qdate(suggestion))
        self._suggested_review = suggestion

    def fill(self, p: placements.PlacementInfo) -> None:
        self.agreement_no.setText(p.agreement_no)
        self.agreement_date.set_value(p.agreement_date)
        self.start_on.setDate(to_qdate(p.start_on))
        self.guardian_name.setText(p.guardian_name)
        self.guardian_position.setText(p.guardian_position)
        self.guardian_phone.setText(p.guardian_phone)
        self.review_on.setDate(to_qdate(p.review_on))
        self._suggested_review = None
        self.report_every.setValue(p.report_every_months)
        self.legal_basis.setPlainText(p.legal_basis)
        self.notes.setPlainText(p.notes)

    def data(self) -> placements.PlacementInput | None:
        person_id = self.current.person_id if self.current is not None else self.child.person_id()
        institution_id = uuid_of(self.institution)
        if person_id is None:
            self.errors.set_field_error("person_id", _("Cari dan pilih anak yang ditempatkan."))
        if institution_id is None:
            self.errors.set_field_error("institution_id", _("Pilih lembaga mitra (pesantren atau LKSA)."))
        if person_id is None or institution_id is None:
            return None
        return placements.PlacementInput(
            person_id=person_id,
            institution_id=institution_id,
            agreement_no=self.agreement_no.text(),
            start_on=to_date(self.start_on.date()),
            guardian_name=self.guardian_name.text(),
            review_on=to_date(self.review_on.date()),
            legal_basis=self.legal_basis.toPlainText(),
            agreement_date=self.agreement_date.value(),
            guardian_position=self.guardian_position.text(),
            guardian_phone=self.guardian_phone.text(),
            report_every_months=self.report_every.value(),
            worker_id=self.current.worker_id if self.current is not None else self._worker(),
            case_id=self.current.case_id if self.current is not None else None,
            notes=self.notes.toPlainText(),
        )

    def _worker(self) -> uuid.UUID | None:
        # The one who places the child follows it up when they do casework themselves.
        return self.ctx.actor.user_id if self.ctx.actor.can("cases.manage") else None

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        data, actor = self.data(), self.ctx.actor
        if data is None:
            return
        if self.current is None:
            work = lambda s: placements.place_child(s, actor, data)  # noqa: E731
        else:
            pid, version = self.current.id, self.current.version_id
            work = lambda s: placements.update_placement(s, actor, pid, data, version)  # noqa: E731
        operations.write(
            self,
            self.ctx.db,
            work,
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors, self._failed),
            busy=self.buttons,
        )

    def _saved(self, info: placements.PlacementInfo) -> None:
        tasks_changed()
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if self.current is None:
            return False
        actor, current_id = self.ctx.actor, self.current.id
        return operations.offer_reload(
            self,
            self.ctx.db,
            error,
            lambda s: placements.get_placement(s, actor, current_id),
            self._take_latest,
            info=self.info,
        )

    def _take_latest(self, latest: object) -> None:
        """Save over the latest version next; what the user typed stays in the form."""
        self.current = latest  # type: ignore[assignment]
