"""The institution edit dialog: tabs Umum / Legalitas / Kapasitas, errors at the field (on whichever tab), and a
version-checked save that keeps the form on a conflict."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.services import institutions, reference
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import save_cancel_buttons
from kesos_desktop.ui.pages.institutions.form_fields import InstitutionForm
from kesos_desktop.ui.style import ERROR
from kesos_desktop.ui.widgets.forms import FormErrors

# What a reload says the other editor changed (field of InstitutionInfo -> words).
CHANGE_LABELS = {
    "name": N_("nama"),
    "type_code": N_("jenis"),
    "region_code": N_("wilayah"),
    "registration_no": N_("tanda daftar"),
    "licence_no": N_("izin operasional"),
    "nsp": N_("NSP"),
    "accreditation_grade": N_("akreditasi"),
    "mou_no": N_("MoU"),
    "capacity_male": N_("kapasitas laki-laki"),
    "capacity_female": N_("kapasitas perempuan"),
    "max_stay_days": N_("batas lama tinggal"),
    "is_active": N_("status aktif"),
}


def change_label(name: str) -> str:
    return _(CHANGE_LABELS.get(name, name))


class InstitutionDialog(QDialog):
    """New institution when ``institution_id`` is None, else an edit at the version read when it opened.

    ``ready`` fires when the form is filled; ``saved(InstitutionInfo)`` after a save; ``rooms_requested(id)`` when
    the user asks to manage rooms (the page opens the rooms dialog).
    """

    saved = Signal(object)
    ready = Signal()
    rooms_requested = Signal(object)

    def __init__(self, ctx: AppContext, institution_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.institution_id = institution_id
        self.current: institutions.InstitutionInfo | None = None
        self.setWindowTitle(_("Tambah lembaga") if institution_id is None else _("Ubah data lembaga"))
        self.setMinimumSize(740, 640)
        self.banner = QLabel()
        self.errors = FormErrors(self, self.banner)
        self.info = QLabel()
        self.info.setObjectName("infoBanner")
        self.info.setWordWrap(True)
        self.info.hide()
        self.tabs = QTabWidget()
        self.form: InstitutionForm | None = None
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(_("Simpan (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._load()

    # --- loading ----------------------------------------------------------------------------------------------
    def _load(self) -> None:
        actor, institution_id = self.ctx.actor, self.institution_id

        def load(session):  # type: ignore[no-untyped-def]
            types = reference.list_institution_types(session)
            if institution_id is None:
                return types, None
            return types, institutions.get_institution(session, actor, institution_id)

        operations.read(self, self.ctx.db, load, lambda result: self._loaded(*result), show_progress=False)

    def _loaded(self, types: list[reference.CodeRow], detail: Any) -> None:
        form = InstitutionForm(self.errors, types)
        self.form = form
        self.tabs.addTab(form.general_tab(), _("&Umum"))
        self.tabs.addTab(form.legal_tab(), _("&Legalitas"))
        self.tabs.addTab(form.capacity_tab(), _("Ka&pasitas"))
        form.rooms_summary.setText(_("Simpan data lembaga dulu, lalu tambahkan kamar dan tempat tidurnya."))
        if detail is not None:
            self.current = detail.info
            form.fill(detail.info.as_input())
            beds = sum(len(r.beds) for r in detail.rooms)
            form.rooms_summary.setText(
                _("{rooms}, {beds}; dihuni {people} sekarang.").format(
                    rooms=ngettext("{n} kamar", "{n} kamar", len(detail.rooms)).format(n=len(detail.rooms)),
                    beds=ngettext("{n} tempat tidur", "{n} tempat tidur", beds).format(n=beds),
                    people=ngettext("{n} orang", "{n} orang", detail.in_care).format(n=detail.in_care),
                )
            )
            form.rooms_button.setEnabled(self.ctx.actor.can("institutions.manage"))
        form.rooms_button.setVisible(detail is not None)
        form.rooms_button.clicked.connect(lambda: self.rooms_requested.emit(self.institution_id))
        self.save_button.setEnabled(self.ctx.actor.can("institutions.manage"))
        form.type_code.setFocus()
        self.ready.emit()

    # --- saving -----------------------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.form is None or not self.save_button.isEnabled():
            return
        self.errors.clear()
        self._mark_tabs(set())
        data, actor = self.form.data(), self.ctx.actor
        if self.current is None:
            work = lambda s: institutions.create_institution(s, actor, data)  # noqa: E731
        else:
            institution_id, version = self.current.id, self.current.version_id
            work = lambda s: institutions.update_institution(s, actor, institution_id, data, version)  # noqa: E731
        operations.write(
            self, self.ctx.db, work, self._saved, form=self.errors, on_failure=self._failed, busy=self.buttons
        )

    def _saved(self, info: institutions.InstitutionInfo) -> None:
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError):
            self.errors.show_error(error)
            self._reveal_errors()
            return True
        if isinstance(error, Conflict) and self.current is not None:
            operations.ask(self, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), self.reload_latest)
            return True
        return False

    def _reveal_errors(self) -> None:
        """Colour the tabs that hold a field error and bring the first of them to the front."""
        assert self.form is not None
        tabs_with_errors: set[int] = set()
        shown = [self.form.widgets[n] for n in self.errors.shown_errors() if n in self.form.widgets]
        for widget in shown:
            for index in range(self.tabs.count()):
                if self.tabs.widget(index).isAncestorOf(widget):
                    tabs_with_errors.add(index)
        self._mark_tabs(tabs_with_errors)
        if tabs_with_errors and self.tabs.currentIndex() not in tabs_with_errors:
            self.tabs.setCurrentIndex(min(tabs_with_errors))
            first = next((w for w in shown if self.tabs.widget(min(tabs_with_errors)).isAncestorOf(w)), None)
            if first is not None:
                first.setFocus()

    def _mark_tabs(self, indexes: set[int]) -> None:
        bar = self.tabs.tabBar()
        for index in range(self.tabs.count()):
            bar.setTabTextColor(index, QColor(ERROR) if index in indexes else self.palette().windowText().color())

    # --- conflicts --------------------------------------------------------------------------------------------
    def reload_latest(self) -> None:
        """Read the institution as it is now; keep what the user typed, say what the other editor changed."""
        if self.current is None:
            return
        actor, institution_id = self.ctx.actor, self.current.id
        operations.read(
            self, self.ctx.db, lambda s: institutions.get_institution_info(s, actor, institution_id), self._reloaded
        )

    def _reloaded(self, latest: institutions.InstitutionInfo) -> None:
        assert self.current is not None
        changed = [change_label(n) for n in CHANGE_LABELS if getattr(latest, n) != getattr(self.current, n)]
        self.current = latest
        if changed:
            text = _(
                "Data terbaru dimuat. Pengguna lain mengubah: {fields}. Isian Anda tetap; tekan Simpan untuk "
                "menimpa dengan isian Anda."
            ).format(fields=", ".join(changed))
        else:
            text = _("Data terbaru dimuat. Isian Anda tetap; tekan Simpan untuk menyimpannya.")
        self.info.setText(text)
        self.info.show()
