"""Keluarga tab: family contacts (add, edit, remove) and the consents / legal bases recorded for the person."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date, format_datetime
from kesos_desktop.core.services import residents
from kesos_desktop.core.services.residents import ConsentInfo, FamilyContactInfo, Profile
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.profile.family_dialogs import ConsentDialog, ContactDialog
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.tables import setup_table


def contacts_model(parent: QWidget | None = None) -> RowsTableModel[FamilyContactInfo]:
    return RowsTableModel(
        [
            Column(_("Nama"), lambda c: c.name),
            Column(_("Hubungan"), lambda c: c.relation_label),
            Column(_("Telepon"), lambda c: c.phone),
            Column(_("Alamat"), lambda c: ", ".join(p for p in (c.address, c.region_name) if p)),
            Column(_("Wali"), lambda c: c.is_guardian),
        ],
        parent=parent,
    )


def consents_model(parent: QWidget | None = None) -> RowsTableModel[ConsentInfo]:
    return RowsTableModel(
        [
            Column(_("Dasar pemrosesan"), lambda c: c.basis_label),
            Column(_("Diberikan oleh"), lambda c: c.given_by),
            Column(_("Hubungan"), lambda c: c.relation_label),
            Column(_("Tanggal"), lambda c: format_date(c.given_on) if c.given_on else ""),
            Column(_("Keterangan"), lambda c: c.notes),
            Column(_("Dicatat"), lambda c: format_datetime(c.recorded_at)),
        ],
        parent=parent,
    )


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setFont(heading_font(1.1))
    return label


class FamilyTab(QWidget):
    """``changed`` after any contact or consent was stored (the window reloads)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile: Profile | None = None
        self.dialog: QWidget | None = None
        can_edit = ctx.actor.can("residents.edit")
        self.contacts = contacts_model(self)
        self.contacts_view = QTableView()
        self.contacts_view.setModel(self.contacts)
        setup_table(self.contacts_view, (200, 120, 140, 320))
        self.contacts_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts_view.doubleClicked.connect(lambda _i: self.edit_contact())
        self.add_button = QPushButton(_("&Tambah kontak…"))
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button = QPushButton(_("&Ubah…"))
        self.edit_button.clicked.connect(self.edit_contact)
        self.remove_button = QPushButton(_("&Hapus"))
        self.remove_button.clicked.connect(self.remove_contact)
        self.consents = consents_model(self)
        self.consents_view = QTableView()
        self.consents_view.setModel(self.consents)
        setup_table(self.consents_view, (260, 160, 110, 110, 260))
        self.consent_button = QPushButton(_("&Catat persetujuan…"))
        self.consent_button.clicked.connect(self.add_consent)
        for button in (self.add_button, self.edit_button, self.remove_button, self.consent_button):
            button.setEnabled(can_edit)
        contact_buttons = QHBoxLayout()
        contact_buttons.addWidget(self.add_button)
        contact_buttons.addWidget(self.edit_button)
        contact_buttons.addWidget(self.remove_button)
        contact_buttons.addStretch(1)
        consent_buttons = QHBoxLayout()
        consent_buttons.addWidget(self.consent_button)
        consent_buttons.addStretch(1)
        note = QLabel(
            _("Persetujuan disimpan sebagai bukti dan tidak diubah; catat yang baru bila ada perubahan (UU 27/2022).")
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.masked_note = QLabel(
            _("Nomor telepon keluarga disamarkan untuk lembaga mitra; hubungi keluarga melalui Dinas Sosial.")
        )
        self.masked_note.setObjectName("hint")
        self.masked_note.setWordWrap(True)
        self.masked_note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(_title(_("Kontak keluarga")))
        layout.addWidget(self.masked_note)
        layout.addWidget(self.contacts_view, 3)
        layout.addLayout(contact_buttons)
        layout.addSpacing(8)
        layout.addWidget(_title(_("Persetujuan / dasar pemrosesan data")))
        layout.addWidget(note)
        layout.addWidget(self.consents_view, 2)
        layout.addLayout(consent_buttons)

    def show_profile(self, profile: Profile) -> None:
        self.profile = profile
        self.masked_note.setVisible(profile.phones_masked and any(c.phone_masked for c in profile.family_contacts))
        self.contacts.set_rows(profile.family_contacts)
        self.consents.set_rows(profile.consents)

    def selected_contact(self) -> FamilyContactInfo | None:
        index = self.contacts_view.currentIndex()
        return self.contacts.row_at(index.row()) if index.isValid() else None

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _info: self.changed.emit())  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def add_contact(self) -> None:
        if self.profile is not None:
            self._open(ContactDialog(self.ctx, self.profile.id, parent=self))

    def edit_contact(self) -> None:
        contact = self.selected_contact()
        if self.profile is not None and contact is not None and self.edit_button.isEnabled():
            self._open(ContactDialog(self.ctx, self.profile.id, contact, parent=self))

    def remove_contact(self) -> None:
        contact = self.selected_contact()
        if contact is None:
            return
        actor, contact_id = self.ctx.actor, contact.id

        def remove() -> None:
            operations.write(
                self,
                self.ctx.db,
                lambda s: residents.remove_family_contact(s, actor, contact_id),
                lambda _r: self.changed.emit(),
            )

        operations.ask(
            self,
            _("Hapus kontak keluarga"),
            _("Hapus {name} ({relation}) dari kontak keluarga?").format(
                name=contact.name, relation=contact.relation_label
            ),
            _("&Hapus"),
            remove,
            destructive=True,
        )

    def add_consent(self) -> None:
        if self.profile is not None:
            self._open(ConsentDialog(self.ctx, self.profile.id, child=self.profile.is_child, parent=self))
