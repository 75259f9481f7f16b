"""The intake form: its sections in one scrolling column, what they add up to (IntakeInput, draft, duplicate query)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services.duplicates import CandidateQuery
from kesos_desktop.core.services.residents import IdentityInput, IntakeInput
from kesos_desktop.core.services.residents_identity import ADULT_AGE
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.intake.belongings_section import BelongingsSection
from kesos_desktop.ui.pages.intake.category_section import CategorySection
from kesos_desktop.ui.pages.intake.choices import IntakeChoices
from kesos_desktop.ui.pages.intake.consent_section import ConsentSection
from kesos_desktop.ui.pages.intake.family_section import PREFIX, FamilySection
from kesos_desktop.ui.pages.intake.identity_section import IdentitySection
from kesos_desktop.ui.pages.intake.origin_section import HealthSection, OriginSection
from kesos_desktop.ui.pages.intake.photo_section import PhotoSection
from kesos_desktop.ui.pages.intake.placement_section import PlacementSection
from kesos_desktop.ui.pages.intake.sections import Section
from kesos_desktop.ui.widgets.forms import FormErrors

PAYLOAD_VERSION = 1
FORM_WIDTH = 720


class IntakeForm(QWidget):
    """``changed`` on any edit; ``identity_changed`` when what the duplicate search uses changed."""

    changed = Signal()
    identity_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QLabel()
        self.errors = FormErrors(self, self.banner)
        self.identity = IdentitySection(self.errors)
        self.origin = OriginSection(self.errors)
        self.family = FamilySection(self.errors)
        self.categories = CategorySection(self.errors)
        self.placement = PlacementSection(ctx, self.errors)
        self.health = HealthSection(self.errors)
        self.consent = ConsentSection(self.errors)
        self.belongings = BelongingsSection(self.errors)
        self.photo = PhotoSection(self.errors)
        self.sections: list[Section] = [
            self.identity,
            self.origin,
            self.family,
            self.categories,
            self.placement,
            self.health,
            self.consent,
            self.belongings,
            self.photo,
        ]
        column = QWidget()
        column.setMaximumWidth(FORM_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(4, 0, 12, 12)
        for number, section in enumerate(self.sections, 1):
            section.heading.setText(f"{number}. {section.title}")
            column_layout.addWidget(section)
            if number < len(self.sections):
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setStyleSheet("color: #dde3ea;")
                column_layout.addWidget(line)
            section.changed.connect(self.changed.emit)
        column_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The column follows the window's width; sideways scrolling would hide the labels.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(column)
        for combo in column.findChildren(QComboBox):
            # Long entries (institution names, legal bases) must not widen the whole column.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self._align_labels()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll, 1)
        for section in (self.identity, self.origin):
            section.changed.connect(self.identity_changed.emit)
        self.identity.declared_changed.connect(self._update_child)
        self.categories.changed.connect(self._update_child)
        self._update_child()
        self._blank = self.payload()

    def _align_labels(self) -> None:
        """One label column for all sections, so the fields line up down the whole form."""
        labels = []
        for section in self.sections:
            for row in range(section.rows.rowCount()):
                item = section.rows.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and isinstance(item.widget(), QLabel):
                    labels.append(item.widget())
        width = max((label.sizeHint().width() + 2 for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    # --- wiring -----------------------------------------------------------------------------------------------
    def set_choices(self, choices: IntakeChoices) -> None:
        self.categories.set_categories(choices.categories)
        self.placement.set_choices(choices.referral_sources, choices.institutions)

    def _update_child(self) -> None:
        age = self.identity.age_years()
        self.categories.set_age(age)
        child = age < ADULT_AGE if age is not None else "anak" in self.categories.groups()
        if child != self.consent.is_child():
            self.consent.set_child(child)

    def show_section(self, index: int) -> None:
        """Scroll to a section and put the cursor in its first field (Alt+1…Alt+9)."""
        if not 0 <= index < len(self.sections):
            return
        section = self.sections[index]
        self.scroll.verticalScrollBar().setValue(section.y())
        first = next(
            (
                w
                for w in section.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(section) and w.isEnabled()
            ),
            None,
        )
        if first is not None:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- values -----------------------------------------------------------------------------------------------
    def identity_input(self) -> IdentityInput:
        fields: dict[str, Any] = {}
        fields.update(self.identity.identity_fields())
        fields.update(self.origin.identity_fields())
        fields.update(self.health.identity_fields())
        return IdentityInput(**fields)

    def to_input(self, draft_key: str | None) -> IntakeInput:
        return IntakeInput(
            identity=self.identity_input(),
            categories=self.categories.codes(),
            family_contacts=self.family.inputs(),
            consent=self.consent.consent(),
            admission=self.placement.admission(self.belongings.inputs()),
            photo=self.photo.photo(),
            draft_key=draft_key,
        )

    def candidate_query(self, decision_key: str) -> CandidateQuery | None:
        """What the duplicate search needs; None while nothing identifying has been typed."""
        ident = self.identity
        nik = ident.nik.digits() if not ident.nik.is_absent() else ""
        kk = "".join(c for c in ident.no_kk.text() if c.isdigit())
        name, alias = ident.full_name.text().strip(), ident.alias.text().strip()
        if not (len(name) >= 3 or len(alias) >= 3 or len(nik) == 16 or len(kk) == 16):
            return None
        born = ident.birth.declared_date()
        return CandidateQuery(
            full_name=name,
            alias=alias,
            nik=nik if len(nik) == 16 else None,
            no_kk=kk if len(kk) == 16 else None,
            birth_date=ident.birth.birth_date() if ident.birth.precision() == "exact" else None,
            birth_year=born.year if born else None,
            sex=ident.sex.currentData() or None,
            origin_region_code=self.origin.region.code(),
            decision_key=decision_key,
        )

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": PAYLOAD_VERSION}
        for section in self.sections:
            data[section.key] = section.values()
        return data

    def restore(self, payload: dict[str, Any]) -> None:
        for section in self.sections:
            values = payload.get(section.key)
            if isinstance(values, dict):
                section.set_values(values)
        self._update_child()

    def summary(self) -> str:
        """One line naming the draft in the "continue?" offer (no NIK: drafts lists are seen by the user only)."""
        name = self.identity.display_name() or _("(nama belum diisi)")
        age = self.identity.age_years()
        if age is None:
            return name
        return _("{name}, {age} tahun").format(name=name, age=age)

    def mark_blank(self) -> None:
        """Remember the untouched form (default dates included), so ``has_content`` knows whether anything was typed."""
        self._blank = self.payload()

    def has_content(self) -> bool:
        return self.payload() != self._blank

    # --- errors -----------------------------------------------------------------------------------------------
    def show_error(self, error: ValidationError) -> None:
        """Messages at their fields (family rows included), the rest in the banner; scroll to the first one."""
        in_rows = self.family.show_errors(error.fields)
        rest = {k: v for k, v in error.fields.items() if not k.startswith(PREFIX)}
        self.errors.show_error(ValidationError(str(error), rest))
        if in_rows and not rest:
            self.errors.show_banner(str(error))
        target = None
        shown = self.errors.shown_errors()
        if shown:
            focus = self.focusWidget()
            target = focus if focus is not None and self.isAncestorOf(focus) else None
        elif in_rows:
            row = self.family.first_error_row()
            target = row
            if row is not None:
                row.name.setFocus()
        if target is not None:
            self.scroll.ensureWidgetVisible(target, 40, 80)

    def set_field_error(self, name: str, message: str) -> None:
        self.errors.set_field_error(name, message)
        self.errors.show_banner(message)
