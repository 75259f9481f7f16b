"""The first two steps of the plan wizard: the person (with an open stay), then where home is and who receives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services.resident_list import ResidentRow
from kesos_desktop.ui import operations
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.returns import data
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.region_picker import RegionPicker
from kesos_desktop.ui.widgets.tables import setup_table

if TYPE_CHECKING:
    from kesos_desktop.ui.pages.returns.wizard import ReturnWizard

SEARCH_DELAY_MS = 250


def banner_label(kind: str = "formBanner") -> QLabel:
    label = QLabel()
    label.setObjectName(kind)
    label.setWordWrap(True)
    label.hide()
    return label


class PersonPage(QWizardPage):
    """Search among the people in care; the chosen one's stay, origin and earlier returns show below."""

    def __init__(self, wizard: ReturnWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Orang yang dipulangkan"))
        self.setSubTitle(_("Cari warga binaan yang sedang tinggal di lembaga: nama, nomor registrasi atau NIK."))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari nama, nomor registrasi atau NIK…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.model: RowsTableModel[ResidentRow] = RowsTableModel(
            [
                Column(_("Nama"), lambda r: r.name or r.alias),
                Column(_("No. registrasi"), lambda r: r.registration_no),
                Column(_("Lembaga"), lambda r: r.institution),
                Column(_("Masuk"), lambda r: format_date(r.admitted_on), sort_key=lambda r: r.admitted_on),
                Column(_("Asal"), lambda r: r.origin),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (200, 150, 220, 130))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = banner_label()
        self.notice = banner_label("infoBanner")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.details)
        layout.addWidget(self.notice)
        layout.addWidget(self.warning)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.find)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.find)

    def initializePage(self) -> None:
        if not self.model.rowCount():
            self.find()
        self.search.setFocus()

    def find(self) -> None:
        self._timer.stop()
        actor, text = self.wiz.ctx.actor, self.search.text()
        operations.read(
            self, self.wiz.ctx.db, lambda s: data.people_in_care(s, actor, text), self._found, show_progress=False
        )

    def _found(self, rows: list[ResidentRow]) -> None:
        self.model.set_rows(rows)
        n = len(rows)
        text = ngettext("{n} orang dalam perawatan", "{n} orang dalam perawatan", n).format(n=format_number(n))
        if n >= data.SEARCH_LIMIT:
            text = _("{found} — persempit pencarian untuk melihat yang lain.").format(found=text)
        self.count.setText(text)
        current = self.wiz.person.id if self.wiz.person else None
        row = self.model.find(lambda r: r.id == current) if current else (0 if n == 1 else -1)
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def choose_row(self, row: int) -> None:
        """Select result ``row`` as a click would."""
        self.table.selectRow(row)

    def _chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        chosen = self.model.row_at(rows[0].row()) if rows else None
        if chosen is None or (self.wiz.person is not None and self.wiz.person.id == chosen.id):
            return
        self.wiz.load_person(chosen.id)

    def show_person(self, person: data.PersonForPlan | None) -> None:
        self.warning.hide()
        self.notice.hide()
        if person is None:
            self.details.clear()
            self.completeChanged.emit()
            return
        p = person.profile
        stay = p.current_stay
        lines = [f"<b>{p.display_name}</b> · {p.registration_no}"]
        if stay is not None:
            lines.append(
                _("Tinggal di {place} sejak {day}.").format(
                    place=stay.institution_name, day=format_date(stay.admitted_on)
                )
            )
        if p.origin_region_name:
            lines.append(
                _("Asal: {origin}").format(origin=", ".join(x for x in (p.origin_address, p.origin_region_name) if x))
            )
        self.details.setText("<br>".join(lines))
        if person.active_plan_no:
            self.warning.setText(
                _(
                    "Orang ini sudah punya rencana pemulangan yang berjalan ({no}). Buka rencana itu dari daftar."
                ).format(no=person.active_plan_no)
            )
            self.warning.show()
        elif not person.in_care:
            self.warning.setText(_("Orang ini tidak sedang tinggal di lembaga."))
            self.warning.show()
        if person.returns_done:
            self.notice.setText(repeat_warning(person))
            self.notice.show()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        person = self.wiz.person
        return person is not None and person.in_care and not person.active_plan_no


def repeat_warning(person: data.PersonForPlan) -> str:
    """Domain §4.5: some people use the free return again and again — a warning, never a block."""
    return _("Perhatian: orang ini sudah {n} kali dipulangkan (terakhir tiba {day}).").format(
        n=format_number(person.returns_done), day=format_date(person.last_arrived_on) if person.last_arrived_on else "-"
    )


class DestinationPage(QWizardPage):
    """Destination down to desa, the address, and who receives the person (a family contact or typed in)."""

    def __init__(self, wizard: ReturnWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self._filled_for: object = None
        self.setTitle(_("Tujuan dan penerima"))
        self.setSubTitle(_("Daerah asal sampai desa/kelurahan bila diketahui, alamat, dan keluarga yang menerima."))
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.region = RegionPicker(levels=(1, 2, 3, 4))
        self.region.codeChanged.connect(lambda _c: self.completeChanged.emit())
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("Jalan, nomor rumah, RT/RW, dusun"))
        self.family = QComboBox()
        self.family.currentIndexChanged.connect(self._family_chosen)
        self.receiver_name = QLineEdit()
        self.receiver_relation = QLineEdit()
        self.receiver_phone = QLineEdit()
        self.receiver_address = QLineEdit()
        self.departure = OptionalDateEdit(check_text=_("Sudah ditentukan"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.banner = QLabel()
        self.form = FormErrors(self, self.banner)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Wilayah tujuan"), self.form.field("destination_region_code", self.region))
        form.addRow(_("&Alamat tujuan"), self.form.field("destination_address", self.address))
        form.addRow(_("&Keluarga penerima"), self.form.field("family_contact_id", self.family))
        form.addRow(_("Nama &penerima"), self.form.field("receiver_name", self.receiver_name))
        form.addRow(_("&Hubungan"), self.form.field("receiver_relation", self.receiver_relation))
        form.addRow(_("&Telepon penerima"), self.form.field("receiver_phone", self.receiver_phone))
        form.addRow(_("Alamat pe&nerima"), self.form.field("receiver_address", self.receiver_address))
        form.addRow(_("Rencana &berangkat"), self.form.field("planned_departure_on", self.departure))
        form.addRow(_("&Catatan"), self.form.field("notes", self.notes))
        relax_labels(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addStretch(1)

    def initializePage(self) -> None:
        person = self.wiz.person
        if person is not None:
            self.heading.setText(f"{person.profile.display_name} · {person.profile.registration_no}")
            problem = self.person_problem()
            if problem:
                self.form.show_banner(problem)
        key = (person.id if person else None, self.wiz.plan.id if self.wiz.plan else None)
        if key == self._filled_for:
            return
        self._filled_for = key
        self.fill()

    def fill(self) -> None:
        """Start from the saved plan, else from the person's origin and first guardian/family contact."""
        person, plan = self.wiz.person, self.wiz.plan
        self.family.blockSignals(True)
        self.family.clear()
        self.family.addItem(_("— isi sendiri —"), None)
        contacts = person.profile.family_contacts if person is not None else ()
        for contact in contacts:
            label = ", ".join(x for x in (contact.name, contact.relation_label, contact.phone) if x)
            self.family.addItem(label, contact.id)
        self.family.blockSignals(False)
        if plan is not None:
            self.region.setCode(plan.destination_region_code)
            self.address.setText(plan.destination_address)
            self.receiver_name.setText(plan.receiver_name)
            self.receiver_relation.setText(plan.receiver_relation)
            self.receiver_phone.setText(plan.receiver_phone)
            self.receiver_address.setText(plan.receiver_address)
            self.departure.set_value(plan.planned_departure_on)
            self.notes.setPlainText(plan.notes)
            found = self.family.findData(plan.family_contact_id) if plan.family_contact_id is not None else 0
            self.family.blockSignals(True)
            self.family.setCurrentIndex(max(found, 0))
            self.family.blockSignals(False)
            return
        if person is not None:
            self.region.setCode(person.profile.origin_region_code or None)
            self.address.setText(person.profile.origin_address)
            guardians = [c for c in contacts if c.is_guardian] or list(contacts)
            if guardians:
                self.family.setCurrentIndex(self.family.findData(guardians[0].id))
        self.departure.set_value(None)

    def _family_chosen(self, _index: int) -> None:
        contact_id = self.family.currentData()
        person = self.wiz.person
        if contact_id is None or person is None:
            return
        contact = next((c for c in person.profile.family_contacts if c.id == contact_id), None)
        if contact is None:
            return
        self.receiver_name.setText(contact.name)
        self.receiver_relation.setText(contact.relation_label)
        self.receiver_phone.setText(contact.phone)
        self.receiver_address.setText(", ".join(x for x in (contact.address, contact.region_name) if x))

    def person_problem(self) -> str:
        """Why no new plan can be made for the person given by the caller (the person step was skipped)."""
        person = self.wiz.person
        if person is None or self.wiz.plan is not None:
            return ""
        if person.active_plan_no:
            return _("Orang ini sudah punya rencana pemulangan yang berjalan ({no}).").format(no=person.active_plan_no)
        if not person.in_care:
            return _("Orang ini tidak sedang tinggal di lembaga; rencana pemulangan dibuat dari masa tinggal.")
        return ""

    def isComplete(self) -> bool:
        return bool(self.region.code()) and not self.person_problem()
