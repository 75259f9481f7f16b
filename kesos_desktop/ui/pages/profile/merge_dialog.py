"""Gabungkan dengan…: pick the duplicate record, choose field by field which value stays, confirm, merge."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import EMPTY, format_date
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import duplicates, merges, residents
from kesos_desktop.core.services.merges import DUPLICATE, FIELD_GROUPS, SURVIVOR, MergeResult
from kesos_desktop.core.services.resident_list import fetch_resident_rows, search_people_ids
from kesos_desktop.core.services.residents import Profile
from kesos_desktop.core.services.residents_identity import FIELD_LABELS
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.profile.identity_tab import birth_text, hidden_health_text
from kesos_desktop.ui.widgets.tables import setup_table

SEARCH_DELAY_MS = 250
GROUP_LABELS = {**FIELD_LABELS, "origin": FIELD_LABELS["origin_region_code"]}


@dataclass(frozen=True)
class MergeChoice:
    """A record the user may merge into this one."""

    person_id: uuid.UUID
    name: str
    registration_no: str
    detail: str
    reasons: str


def _choice_from_candidate(c: duplicates.Candidate) -> MergeChoice:
    name = c.full_name or c.alias
    born = format_date(c.birth_date) if c.birth_date else ""
    detail = " · ".join(p for p in (born, c.origin_region_name) if p)
    return MergeChoice(
        c.person_id,
        name,
        c.registration_no,
        detail,
        _("skor {score}: {reasons}").format(score=c.score, reasons=", ".join(c.reasons)),
    )


def candidates_for(session: Session, actor: Actor, profile: Profile) -> list[MergeChoice]:
    """Records that look like ``profile`` (the same search as intake), best first."""
    query = duplicates.CandidateQuery(
        full_name="" if profile.name_unknown else profile.full_name,
        alias=profile.alias,
        nik=profile.nik,
        no_kk=profile.no_kk,
        birth_date=profile.birth_date if profile.birth_date_precision == "exact" else None,
        birth_year=profile.birth_date.year if profile.birth_date else None,
        sex=profile.sex,
        origin_region_code=profile.origin_region_code,
        exclude_person_id=profile.id,
        decision_key=str(profile.id),
    )
    return [_choice_from_candidate(c) for c in duplicates.find_candidates(session, actor, query)]


def search_records(session: Session, actor: Actor, text: str, exclude: uuid.UUID) -> list[MergeChoice]:
    """Any record by name, alias, registration number or NIK."""
    ids = [i for i in search_people_ids(session, actor, text, limit=30) if i != exclude]
    return [
        MergeChoice(
            r.id, r.name or r.alias, r.registration_no, " · ".join(p for p in (r.origin, r.institution) if p), ""
        )
        for r in fetch_resident_rows(session, actor, ids)
    ]


def group_value(profile: Profile, group: str) -> str:
    """What the merge screen shows of a field group of ``profile`` ("" when empty)."""
    values = {
        "full_name": "" if profile.name_unknown else profile.full_name,
        "alias": profile.alias,
        "sex": profile.sex_label,
        "birth_date": birth_text(profile) if profile.birth_date else "",
        "birth_place": profile.birth_place,
        "nik": profile.nik_display if profile.nik_display != EMPTY else "",
        "no_kk": profile.no_kk_display if profile.no_kk_display != EMPTY else "",
        "religion": profile.religion_label,
        "education": profile.education_label,
        "marital_status": profile.marital_status_label,
        "origin": ", ".join(p for p in (profile.origin_address, profile.origin_region_name) if p),
        "phone": profile.phone,
        "health_notes": hidden_health_text() if profile.health_hidden else profile.health_notes or "",
        "disability_notes": hidden_health_text() if profile.health_hidden else profile.disability_notes or "",
    }
    return values.get(group, "")


def choices_model(parent: QWidget | None = None) -> RowsTableModel[MergeChoice]:
    return RowsTableModel(
        [
            Column(_("Nama"), lambda c: c.name),
            Column(_("No. registrasi"), lambda c: c.registration_no),
            Column(_("Keterangan"), lambda c: c.detail),
            Column(_("Kemiripan"), lambda c: c.reasons),
        ],
        parent=parent,
    )


class MergeDialog(QDialog):
    """Merge another record into ``profile`` (this record stays); ``merged(MergeResult)`` when done."""

    merged = Signal(object)
    loaded = Signal()

    def __init__(self, ctx: AppContext, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile = profile
        self.other: Profile | None = None
        self.radios: dict[str, QButtonGroup] = {}
        self.setWindowTitle(_("Gabungkan data ganda"))
        self.resize(900, 640)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._pick_page())
        self.fields_holder = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields_holder)
        fields_page = QWidget()
        fields_layout = QVBoxLayout(fields_page)
        self.fields_intro = QLabel()
        self.fields_intro.setWordWrap(True)
        fields_layout.addWidget(self.fields_intro)
        fields_layout.addWidget(scroll, 1)
        self.pages.addWidget(fields_page)
        self.back_button = QPushButton(_("&Kembali"))
        self.back_button.clicked.connect(lambda: self._show_page(0))
        self.next_button = QPushButton(_("&Lanjut"))
        self.next_button.clicked.connect(self.next_step)
        self.merge_button = QPushButton(_("&Gabungkan…"))
        self.merge_button.clicked.connect(self.confirm)
        cancel = QPushButton(_("Batal"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.merge_button, cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show_page(0)
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: candidates_for(s, actor, profile), self._listed, show_progress=False)

    # --- step 1: pick -----------------------------------------------------------------------------------------
    def _pick_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            _(
                "Pilih data lain milik orang yang sama. Data {reg} ini tetap dipakai; masa tinggal, catatan dan "
                "dokumen data lain dipindahkan ke sini, dan penggabungan dapat dibatalkan."
            ).format(reg=self.profile.registration_no)
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari nama, nomor registrasi atau NIK…"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.model = choices_model(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (220, 150, 240))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.next_step())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.status = QLabel()
        self.status.setObjectName("hint")
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        return page

    def _listed(self, choices: list[MergeChoice]) -> None:
        self.model.set_rows(choices)
        if choices:
            self.table.selectRow(0)
            self.status.setText(_("Data yang mirip dengan data ini. Ketik untuk mencari data lain."))
        else:
            self.status.setText(_("Tidak ada data yang mirip. Ketik untuk mencari data lain."))
        self._update_buttons()
        self.loaded.emit()

    def run_search(self) -> None:
        self._timer.stop()
        text, actor, exclude = self.search.text().strip(), self.ctx.actor, self.profile.id
        if not text:
            operations.read(
                self, self.ctx.db, lambda s: candidates_for(s, actor, self.profile), self._listed, show_progress=False
            )
            return
        operations.read(
            self, self.ctx.db, lambda s: search_records(s, actor, text, exclude), self._listed, show_progress=False
        )

    def chosen(self) -> MergeChoice | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def next_step(self) -> None:
        choice = self.chosen()
        if choice is None:
            return
        actor = self.ctx.actor
        operations.write(
            self, self.ctx.db, lambda s: residents.get_profile(s, actor, choice.person_id), self._other_loaded
        )

    # --- step 2: fields ---------------------------------------------------------------------------------------
    def _other_loaded(self, other: Profile) -> None:
        self.other = other
        self.fields_intro.setText(
            _(
                "Pilih isian yang dipakai untuk setiap data. Kiri: data ini ({this}). Kanan: {other} yang akan "
                "digabungkan ke data ini."
            ).format(this=self.profile.registration_no, other=other.registration_no)
        )
        old = self.fields_holder.layout()
        if old is not None:
            QWidget().setLayout(old)  # drop the previous grid with its widgets
        grid = QGridLayout(self.fields_holder)
        grid.addWidget(QLabel(f"<b>{_('Isian')}</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>{self.profile.registration_no}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>{other.registration_no}</b>"), 0, 2)
        self.radios = {}
        for row, group in enumerate(FIELD_GROUPS, 1):
            mine, theirs = group_value(self.profile, group), group_value(other, group)
            grid.addWidget(QLabel(_(GROUP_LABELS.get(group, group))), row, 0)
            buttons = QButtonGroup(self)
            left, right = QRadioButton(mine or EMPTY), QRadioButton(theirs or EMPTY)
            for column, button in ((1, left), (2, right)):
                button.setProperty("group", group)
                grid.addWidget(button, row, column)
            buttons.addButton(left, 0)
            buttons.addButton(right, 1)
            (right if not mine and theirs else left).setChecked(True)
            if mine == theirs:
                right.setEnabled(False)
            self.radios[group] = buttons
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(FIELD_GROUPS) + 1, 1)
        self._show_page(1)

    def field_choices(self) -> dict[str, str]:
        return {group: DUPLICATE if buttons.checkedId() == 1 else SURVIVOR for group, buttons in self.radios.items()}

    def choose(self, group: str, side: str) -> None:
        """Pick ``survivor`` or ``duplicate`` for a field group (keyboard users and tests)."""
        self.radios[group].button(1 if side == DUPLICATE else 0).setChecked(True)

    # --- step 3: confirm and merge ----------------------------------------------------------------------------
    def confirm(self) -> None:
        other = self.other
        if other is None:
            return
        text = _(
            "Gabungkan {other} ({other_name}) ke {this} ({this_name})? Masa tinggal, catatan dan dokumennya pindah ke "
            "data ini; {other} disembunyikan. Penggabungan dapat dibatalkan dari profil ini."
        ).format(
            other=other.registration_no,
            other_name=other.display_name,
            this=self.profile.registration_no,
            this_name=self.profile.display_name,
        )
        operations.ask(self, _("Gabungkan data"), text, _("&Gabungkan"), self.merge, destructive=True)

    def merge(self) -> None:
        other = self.other
        if other is None:
            return
        actor, survivor, duplicate = self.ctx.actor, self.profile.id, other.id
        choices = self.field_choices()
        versions = {survivor: self.profile.version_id, duplicate: other.version_id}
        operations.write(
            self,
            self.ctx.db,
            lambda s: merges.merge_people(s, actor, survivor, duplicate, choices, versions),
            self._merged,
            label=_("Menggabungkan…"),
        )

    def _merged(self, result: MergeResult) -> None:
        self.merged.emit(result)
        self.accept()

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self._update_buttons()

    def _update_buttons(self) -> None:
        first = self.pages.currentIndex() == 0
        self.back_button.setVisible(not first)
        self.next_button.setVisible(first)
        self.next_button.setEnabled(self.chosen() is not None)
        self.merge_button.setVisible(not first)
        self.merge_button.setDefault(not first)
        if first and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
