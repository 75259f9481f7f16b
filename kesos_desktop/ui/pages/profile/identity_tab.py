"""Identitas tab: the identity as read, and its edit form (same sections as intake) saved with the version check."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import EMPTY, format_date, format_datetime, month_name
from kesos_desktop.core.services import residents
from kesos_desktop.core.services.residents import IdentityInput, IdentityResult, Profile
from kesos_desktop.core.services.residents_identity import FIELD_LABELS
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.intake.identity_section import IdentitySection
from kesos_desktop.ui.pages.intake.origin_section import HealthSection, OriginSection
from kesos_desktop.ui.widgets.forms import FormErrors

# Profile attributes compared after a reload to tell the user what the other editor changed.
COMPARED = (
    "full_name",
    "alias",
    "sex",
    "birth_date",
    "birth_date_precision",
    "birth_place",
    "nik_display",
    "nik_absent_reason",
    "no_kk_display",
    "religion",
    "education",
    "marital_status",
    "origin_region_code",
    "origin_address",
    "phone",
    "health_notes",
    "disability_notes",
)


def birth_text(profile: Profile) -> str:
    born = profile.birth_date
    if born is None:
        return EMPTY
    if profile.birth_date_precision == "estimated":
        return _("sekitar tahun {year} (perkiraan umur)").format(year=born.year)
    if profile.birth_date_precision == "year":
        return _("tahun {year}").format(year=born.year)
    if profile.birth_date_precision == "month":
        return _("{month} {year}").format(month=month_name(born.month), year=born.year)
    return format_date(born)


def _value(text: str | None) -> str:
    return text if text else EMPTY


def hidden_health_text() -> str:
    """Shown instead of the health and disability notes to a role without ``residents.view_health``."""
    return _("Disembunyikan (butuh izin kesehatan)")


class IdentityView(QWidget):
    """The identity as read: label/value rows with selectable text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = QFormLayout(self)
        self.rows.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("full_name", _("Nama lengkap")),
            ("alias", _("Nama panggilan")),
            ("sex", _("Jenis kelamin")),
            ("birth", _("Tanggal lahir")),
            ("age", _("Umur")),
            ("birth_place", _("Tempat lahir")),
            ("nik", _("NIK")),
            ("no_kk", _("No. KK")),
            ("religion", _("Agama")),
            ("education", _("Pendidikan")),
            ("marital_status", _("Status perkawinan")),
            ("origin", _("Wilayah asal")),
            ("address", _("Alamat asal")),
            ("phone", _("Telepon")),
            ("health", _("Catatan kesehatan")),
            ("disability", _("Catatan disabilitas")),
            ("categories", _("Kategori")),
            ("registered", _("Tercatat sejak")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            title = QLabel(label)
            title.setObjectName("hint")
            self.rows.addRow(title, value)

    def show_profile(self, p: Profile) -> None:
        nik = p.nik_display if p.nik_display != EMPTY else ""
        if not nik and p.nik_absent_reason:
            nik = _("Belum ada ({reason})").format(reason=p.nik_absent_reason)
        categories = ", ".join(
            _("{label} ({code}) sejak {day}").format(label=c.label, code=c.code, day=format_date(c.since))
            for c in p.active_categories
        )
        shown = {
            "full_name": "" if p.name_unknown else p.full_name,
            "alias": p.alias,
            "sex": p.sex_label,
            "birth": birth_text(p) + (f" · {p.birth_date_precision_label}" if p.birth_date else ""),
            "age": p.age_display,
            "birth_place": p.birth_place,
            "nik": nik,
            "no_kk": p.no_kk_display,
            "religion": p.religion_label,
            "education": p.education_label,
            "marital_status": p.marital_status_label,
            "origin": p.origin_region_name,
            "address": p.origin_address,
            "phone": p.phone,
            "health": hidden_health_text() if p.health_hidden else p.health_notes,
            "disability": hidden_health_text() if p.health_hidden else p.disability_notes,
            "categories": categories,
            "registered": format_datetime(p.created_at),
        }
        for key, text in shown.items():
            self.values[key].setText(_value(text))


class IdentityTab(QWidget):
    """``saved(IdentityResult)`` after an edit is stored; ``reload_requested`` asks the window for the latest data
    (after a version conflict, keeping the edits on screen)."""

    saved = Signal(object)
    reload_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile: Profile | None = None
        self.version_id: int | None = None
        self._conflict_base: Profile | None = None
        self.view = IdentityView()
        self.banner = QLabel()
        self.errors = FormErrors(self, self.banner)
        self.info = QLabel()
        self.info.setObjectName("infoBanner")
        self.info.setWordWrap(True)
        self.info.hide()
        self.identity = IdentitySection(self.errors, title=_("Identitas"))
        self.origin = OriginSection(self.errors)
        self.health = HealthSection(self.errors)
        # Without the health permission the notes are neither shown nor sent back (the service keeps them).
        self.health_hidden = QLabel(
            _("Catatan kesehatan dan disabilitas: {hidden}").format(hidden=hidden_health_text())
        )
        self.health_hidden.setObjectName("hint")
        self.health_hidden.setWordWrap(True)
        self.health_hidden.hide()
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 12, 0)
        for section in (self.identity, self.origin, self.health, self.health_hidden):
            editor_layout.addWidget(section)
        editor_layout.addStretch(1)
        self.stack = QStackedWidget()
        for page in (self.view, editor):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        self.editor_scroll = self.stack.widget(1)
        self.edit_button = QPushButton(_("&Ubah identitas"))
        self.edit_button.clicked.connect(self.start_edit)
        self.edit_button.setEnabled(ctx.actor.can("residents.edit"))
        self.save_button = QPushButton(_("&Simpan"))
        self.save_button.setToolTip(_("Simpan (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(_("&Batal"))
        self.cancel_button.clicked.connect(self.cancel_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.edit_button, self.save_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._set_editing(False)

    # --- modes ------------------------------------------------------------------------------------------------
    def editing(self) -> bool:
        return self.stack.currentIndex() == 1

    def _set_editing(self, editing: bool) -> None:
        self.stack.setCurrentIndex(1 if editing else 0)
        self.edit_button.setVisible(not editing)
        self.save_button.setVisible(editing)
        self.cancel_button.setVisible(editing)

    def show_profile(self, profile: Profile) -> None:
        """New data from the window. While editing, the form keeps what the user typed (a reload after a conflict
        only brings the new version and says what changed)."""
        base = self._conflict_base
        self.profile = profile
        self.view.show_profile(profile)
        if not self.editing():
            self.version_id = profile.version_id
            return
        if base is not None:
            self._conflict_base = None
            self.version_id = profile.version_id
            changed = [name for name in COMPARED if getattr(base, name) != getattr(profile, name)]
            labels = [_(FIELD_LABELS.get(n.removesuffix("_display"), n)) for n in changed]
            if labels:
                text = _(
                    "Data terbaru dimuat. Pengguna lain mengubah: {fields}. Isian Anda tetap; tekan Simpan untuk "
                    "menimpa dengan isian Anda."
                ).format(fields=", ".join(dict.fromkeys(labels)))
            else:
                text = _("Data terbaru dimuat. Isian Anda tetap; tekan Simpan untuk menyimpannya.")
            self.info.setText(text)
            self.info.show()

    def start_edit(self) -> None:
        p = self.profile
        if p is None:
            return
        self.errors.clear()
        self.info.hide()
        self.version_id = p.version_id
        self.identity.set_stored(
            full_name="" if p.name_unknown else p.full_name,
            alias=p.alias,
            sex=p.sex,
            birth_date=p.birth_date,
            precision=p.birth_date_precision,
            birth_place=p.birth_place,
            nik=p.nik,
            nik_masked=p.nik_display if p.nik is None and p.nik_display != EMPTY else "",
            nik_absent_reason=p.nik_absent_reason,
            no_kk=p.no_kk,
            kk_masked=p.no_kk_display if p.no_kk is None and p.no_kk_display != EMPTY else "",
            religion=p.religion,
            education=p.education,
            marital_status=p.marital_status,
        )
        self.origin.region.setCode(p.origin_region_code or None)
        self.origin.address.setText(p.origin_address)
        self.origin.phone.setText(p.phone)
        self.health.health.setPlainText(p.health_notes or "")
        self.health.disability.setPlainText(p.disability_notes or "")
        self.health.setVisible(not p.health_hidden)
        self.health_hidden.setVisible(p.health_hidden)
        self._set_editing(True)
        self.identity.full_name.setFocus()

    def cancel_edit(self) -> None:
        self.errors.clear()
        self.info.hide()
        self._set_editing(False)

    def identity_input(self) -> IdentityInput:
        fields = {**self.identity.identity_fields(), **self.origin.identity_fields(), **self.health.identity_fields()}
        if self.profile is not None and self.profile.health_hidden:
            fields.update(health_notes=None, disability_notes=None)  # not shown, so left as stored
        return IdentityInput(**fields)

    # --- saving -----------------------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.editing() or self.profile is None or not self.save_button.isEnabled():
            return
        self.errors.clear()
        problem = self.identity.birth.date_edit.problem() if self.identity.birth.precision() != "estimated" else ""
        if problem:
            self.errors.show_error(ValidationError(_("Periksa isian yang ditandai."), {"birth_date": problem}))
            return
        data, actor = self.identity_input(), self.ctx.actor
        person_id, version = self.profile.id, self.version_id or self.profile.version_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: residents.update_identity(s, actor, person_id, data, version),
            self._saved,
            form=self.errors,
            on_failure=self._failed,
            busy=self.save_button,
        )

    def _saved(self, result: IdentityResult) -> None:
        self.version_id = result.version_id
        self._set_editing(False)
        if result.warnings:
            self.info.setText(_("Tersimpan. Perhatikan: {warnings}").format(warnings=" ".join(result.warnings)))
        elif result.changed_labels:
            self.info.setText(_("Tersimpan: {fields}.").format(fields=", ".join(result.changed_labels)))
        else:
            self.info.setText(_("Tidak ada yang berubah."))
        self.info.show()
        self.saved.emit(result)

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, Conflict):
            operations.ask(
                self,
                _("Data telah berubah"),
                _("{error} Isian Anda tetap di layar. Muat data terbaru, periksa, lalu simpan lagi.").format(
                    error=error
                ),
                _("&Muat ulang data terbaru"),
                self.reload_latest,
            )
            return True
        return False

    def reload_latest(self) -> None:
        self._conflict_base = self.profile
        self.reload_requested.emit()
