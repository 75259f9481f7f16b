"""The resident list's filter bar (status, institution, category, sex, age group, admission period) and its choices.

The widgets only describe a ``ResidentFilter``; the filtering itself happens in SQL in the service.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import institutions as institution_service
from kesos_desktop.core.services import reference
from kesos_desktop.core.services.resident_list import AGE_GROUPS, ResidentFilter
from kesos_desktop.ui.style import MUTED, icon

DEFAULT_STATUS = "all"


@dataclass(frozen=True)
class FilterChoices:
    """What the combo boxes offer, read once on a worker when the page opens."""

    institutions: tuple[tuple[uuid.UUID, str], ...]
    categories: tuple[tuple[str, str], ...]


def load_filter_choices(session: Session, actor: Actor) -> FilterChoices:
    """The institutions (when the role may list them; a partner sees only their own people anyway) and the active
    categories."""
    institutions: tuple[tuple[uuid.UUID, str], ...] = ()
    if actor.can("institutions.view"):
        rows = sorted(institution_service.list_institutions(session, actor, active_only=False),
                      key=lambda r: not r.is_active)  # fmt: skip
        institutions = tuple(
            (r.id, r.name if r.is_active else _("{name} (nonaktif)").format(name=r.name)) for r in rows
        )
    categories = tuple((c.code, c.name) for c in reference.list_categories(session, active_only=True))
    return FilterChoices(institutions, categories)


def status_choices() -> list[tuple[str, str]]:
    return [("all", _("Semua")), ("in_care", _("Dalam perawatan")), ("exited", _("Sudah keluar"))]


def age_group_choices() -> list[tuple[str, str]]:
    labels = {"balita": _("Balita"), "anak": _("Anak"), "dewasa": _("Dewasa"), "lansia": _("Lansia")}
    out = [("", _("Semua"))]
    for code, (low, high) in AGE_GROUPS.items():
        span = _("{low}+ th").format(low=low) if high >= 150 else _("{low}–{high} th").format(low=low, high=high)
        out.append((code, f"{labels.get(code, code)} ({span})"))
    return out


def sex_choices() -> list[tuple[str, str]]:
    return [("", _("Semua")), ("L", _("Laki-laki")), ("P", _("Perempuan"))]


def _combo(items: list[tuple[object, str]], name: str, min_chars: int) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    for value, label in items:
        combo.addItem(label, value)
    return combo


def _pydate(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class ResidentFilterBar(QWidget):
    """``changed`` fires whenever the described filter changes (the page debounces and re-queries)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = _combo(status_choices(), "statusFilter", 7)  # type: ignore[arg-type]
        self.status.setToolTip(_("Status perawatan"))
        self.institution = _combo([(None, _("Semua"))], "institutionFilter", 9)
        self.institution.setToolTip(_("Lembaga tempat tinggal sekarang, atau pernah tinggal"))
        self.category = _combo([("", _("Semua"))], "categoryFilter", 7)
        self.category.setToolTip(_("Kategori PPKS"))
        self.sex = _combo(sex_choices(), "sexFilter", 5)  # type: ignore[arg-type]
        self.age_group = _combo(age_group_choices(), "ageFilter", 7)  # type: ignore[arg-type]
        self.use_period = QCheckBox(_("Periode &masuk"))
        self.use_period.setToolTip(_("Hanya yang terakhir masuk dalam periode ini"))
        today = QDate.currentDate()
        self.admitted_from = QDateEdit(QDate(today.year(), 1, 1))
        self.admitted_to = QDateEdit(today)
        for edit in (self.admitted_from, self.admitted_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        self.admitted_from.setToolTip(_("Masuk sejak tanggal"))
        self.admitted_to.setToolTip(_("Masuk sampai tanggal"))
        self.period_dash = QLabel("–")
        self.reset_button = QPushButton(icon("refresh"), _("&Atur ulang"))
        self.reset_button.setToolTip(_("Kembalikan semua saringan ke awal"))
        self.reset_button.clicked.connect(self.reset)

        # A small caption over each list (with its Alt key), the lists in one row under them.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)
        captions = (
            (_("&Status"), self.status, 2),
            (_("&Lembaga"), self.institution, 4),
            (_("Ka&tegori"), self.category, 3),
            (_("&Jenis kelamin"), self.sex, 1),
            (_("&Umur"), self.age_group, 2),
        )
        for column, (text, widget, stretch) in enumerate(captions):
            caption = QLabel(text)
            caption.setObjectName("filterCaption")
            caption.setBuddy(widget)
            if widget is self.institution:
                self.institution_caption = caption
            layout.addWidget(caption, 0, column)
            layout.addWidget(widget, 1, column)
            layout.setColumnStretch(column, stretch)
        period = QHBoxLayout()
        period.setSpacing(4)
        period.addWidget(self.admitted_from)
        period.addWidget(self.period_dash)
        period.addWidget(self.admitted_to)
        column = len(captions)
        layout.addWidget(self.use_period, 0, column)
        layout.addLayout(period, 1, column)
        layout.addWidget(self.reset_button, 1, column + 1)
        self.setStyleSheet(f"QLabel#filterCaption {{ color: {MUTED}; }} QCheckBox {{ color: {MUTED}; }}")

        self.use_period.toggled.connect(self._period_toggled)
        for combo in (self.status, self.institution, self.category, self.sex, self.age_group):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for edit in (self.admitted_from, self.admitted_to):
            edit.dateChanged.connect(lambda _d: self._period_edited())
        self.changed.connect(self._update_reset)
        self._update_reset()

    # --- choices ----------------------------------------------------------------------------------------------
    def set_choices(self, choices: FilterChoices) -> None:
        """Fill the institution and category lists, keeping what is chosen (no ``changed`` while filling)."""
        for combo, items in (
            (self.institution, choices.institutions),
            (self.category, tuple((code, f"{code} — {name}") for code, name in choices.categories)),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, label in items:
                combo.addItem(label, value)
                combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)  # long names
            found = combo.findData(keep)
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)
        visible = bool(choices.institutions)
        self.institution.setVisible(visible)
        self.institution_caption.setVisible(visible)

    # --- state ------------------------------------------------------------------------------------------------
    def current(self, text: str = "") -> ResidentFilter:
        period = self.use_period.isChecked()
        start, end = _pydate(self.admitted_from), _pydate(self.admitted_to)
        if period and start > end:
            start, end = end, start
        return ResidentFilter(
            text=text,
            status=self.status.currentData() or DEFAULT_STATUS,
            institution_id=self.institution.currentData(),
            category_code=self.category.currentData() or "",
            sex=self.sex.currentData() or "",
            age_group=self.age_group.currentData() or "",
            admitted_from=start if period else None,
            admitted_to=end if period else None,
        )

    def is_default(self) -> bool:
        return self.current() == ResidentFilter(status=DEFAULT_STATUS)

    def set_status(self, status: str) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def reset(self) -> None:
        """Back to "everyone": one ``changed`` at the end, not one per widget."""
        widgets = (self.status, self.institution, self.category, self.sex, self.age_group, self.use_period)
        for widget in widgets:
            widget.blockSignals(True)
        self.set_status(DEFAULT_STATUS)
        for combo in (self.institution, self.category, self.sex, self.age_group):
            combo.setCurrentIndex(0)
        self.use_period.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._period_toggled(False, notify=False)
        self.changed.emit()

    def _period_toggled(self, on: bool, notify: bool = True) -> None:
        self.admitted_from.setEnabled(on)
        self.admitted_to.setEnabled(on)
        if notify:
            self.changed.emit()

    def _period_edited(self) -> None:
        if self.use_period.isChecked():
            self.changed.emit()

    def _update_reset(self) -> None:
        self.reset_button.setEnabled(not self.is_default())
