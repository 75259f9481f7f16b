"""Daftarkan peserta: tick the people in care at the organising institution (a filter box narrows the list) and
enrol them all in one save."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.services import training
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import date_edit, save_cancel_buttons, to_date
from kesos_desktop.ui.pages.activities.fields import form_failure, hint
from kesos_desktop.ui.pages.training.data import Candidate, enrol_candidates
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.forms import FormErrors

ID_ROLE = Qt.ItemDataRole.UserRole


class EnrolDialog(QDialog):
    """``ready`` when the candidates are listed; ``saved(list[EnrolmentInfo])`` after the enrolment."""

    ready = Signal()
    saved = Signal(object)

    def __init__(self, ctx: AppContext, programme: training.ProgrammeInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.programme = programme
        self.setWindowTitle(_("Daftarkan peserta — {name}").format(name=programme.name))
        self.setMinimumSize(520, 560)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Saring nama atau no. registrasi…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.textChanged.connect(self._filter)
        self.people = QListWidget()
        self.people.itemChanged.connect(lambda _i: self._count())
        self.tick_all = QPushButton(_("Centang &semua yang tampil"))
        self.tick_all.clicked.connect(self._tick_shown)
        self.enrolled_on = date_edit(min(programme.start_on, date.today()))
        self.count = hint()
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.tick_all)
        form = QFormLayout()
        form.addRow(_("Tanggal &daftar"), self.errors.field("enrolled_on", self.enrolled_on))
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Daftarkan"))
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(_("Warga binaan yang sedang tinggal di {place}.").format(place=programme.institution_name))
        )
        layout.addWidget(top)
        layout.addLayout(row)
        layout.addWidget(self.errors.field("person_ids", self.people), 1)
        layout.addWidget(self.count)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: enrol_candidates(s, actor, programme), self._loaded)

    def _loaded(self, candidates: list[Candidate]) -> None:
        self.people.blockSignals(True)
        for c in candidates:
            text = _("{name} — {reg}").format(name=c.name, reg=c.registration_no)
            item = QListWidgetItem(_("{text} (sudah terdaftar)").format(text=text) if c.enrolled else text)
            item.setData(ID_ROLE, str(c.person_id))
            if c.enrolled:
                item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.people.blockSignals(False)
        self.save_button.setEnabled(True)
        self._count()
        self.filter.setFocus()
        self.ready.emit()

    def _filter(self, text: str) -> None:
        needle = fold(text.strip())
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(bool(needle) and needle not in fold(item.text()))

    def _tick_shown(self) -> None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            if not item.isHidden() and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked)

    def tick(self, name: str) -> bool:
        """Tick the person whose line starts with ``name`` (as a person would click the box)."""
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.text().startswith(name) and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    def chosen(self) -> list[uuid.UUID]:
        return [
            uuid.UUID(self.people.item(r).data(ID_ROLE))
            for r in range(self.people.count())
            if self.people.item(r).flags() & Qt.ItemFlag.ItemIsUserCheckable
            and self.people.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        n = len(self.chosen())
        self.count.setText(ngettext("{n} orang dipilih", "{n} orang dipilih", n).format(n=format_number(n)))

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        people = self.chosen()
        if not people:
            self.errors.set_field_error("person_ids", _("Centang sedikitnya satu orang."))
            return
        actor, pid, day = self.ctx.actor, self.programme.id, to_date(self.enrolled_on.date())
        operations.write(
            self,
            self.ctx.db,
            lambda s: training.enrol(s, actor, pid, people, day),
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors),
            busy=self.buttons,
        )

    def _saved(self, enrolled: list[training.EnrolmentInfo]) -> None:
        self.saved.emit(enrolled)
        self.accept()
