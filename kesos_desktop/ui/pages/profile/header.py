"""The profile header: photo, name, registration number, age, categories, current stay and bed, and badges."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services.residents import Profile, badge_label
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.photo_box import PhotoBox

BADGE_COLORS = {
    "anak": "#1d5fa8",
    "lansia": "#6b4ea8",
    "disabilitas": "#0f7a6c",
    "readmission": "#b26a00",
    "lama_tinggal": "#c62828",
}


def stay_line(profile: Profile) -> str:
    stay = profile.current_stay
    if stay is None:
        if profile.last_exited_on is not None:
            return _("Tidak sedang tinggal di lembaga; terakhir keluar {day}.").format(
                day=format_date(profile.last_exited_on)
            )
        return _("Belum pernah ditempatkan di lembaga.")
    days = ngettext("{n} hari", "{n} hari", stay.days_in_care).format(n=format_number(stay.days_in_care))
    place = stay.institution_name
    if stay.room:
        place = _("{institution}, {room_bed}").format(institution=place, room_bed=stay.room_bed)
    text = _("Tinggal di {place} sejak {day} ({days}).").format(
        place=place, day=format_date(stay.admitted_on), days=days
    )
    if stay.max_stay_days is not None:
        text += " " + _("Batas lama tinggal {n} hari.").format(n=format_number(stay.max_stay_days))
    return text


class ProfileHeader(QWidget):
    def __init__(self, *, editable_photo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = PhotoBox(size=QSize(96, 128), editable=editable_photo)
        self.photo.hint.hide()
        self.name = QLabel()
        self.name.setFont(heading_font(1.5))
        self.name.setObjectName("pageTitle")
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel()
        self.meta.setObjectName("pageSubtitle")
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.categories = QLabel()
        self.categories.setWordWrap(True)
        self.stay = QLabel()
        self.stay.setWordWrap(True)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.badges.addStretch(1)
        self.badge_labels: list[QLabel] = []
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.name)
        text.addWidget(self.meta)
        text.addLayout(self.badges)
        text.addWidget(self.categories)
        text.addWidget(self.stay)
        text.addStretch(1)
        self.actions = QVBoxLayout()
        self.actions.setSpacing(6)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        layout.addLayout(self.actions)

    def show_profile(self, profile: Profile, photo: bytes | None) -> None:
        self.name.setText(profile.display_name or profile.full_name)
        parts = [profile.registration_no, profile.sex_label]
        if profile.age_years is not None:
            parts.append(profile.age_display)
        if profile.nik_display and profile.nik_display != "—":
            parts.append(_("NIK {nik}").format(nik=profile.nik_display))
        self.meta.setText(" · ".join(p for p in parts if p))
        active = profile.active_categories
        self.categories.setText(
            _("Kategori: {names}").format(names=", ".join(f"{c.label} ({c.code})" for c in active))
            if active
            else _("Kategori belum dicatat.")
        )
        self.stay.setText(stay_line(profile))
        self._show_badges(profile.badges)
        self.photo.set_image(photo)

    def _show_badges(self, codes: tuple[str, ...]) -> None:
        for label in self.badge_labels:
            self.badges.removeWidget(label)
            label.deleteLater()
        self.badge_labels = []
        for code in codes:
            label = QLabel(badge_label(code))
            color = BADGE_COLORS.get(code, "#5a6677")
            label.setStyleSheet(
                f"color: white; background: {color}; border-radius: 4px; padding: 2px 8px; font-weight: 600;"
            )
            label.setProperty("badge", code)
            self.badges.insertWidget(self.badges.count() - 1, label)
            self.badge_labels.append(label)

    def badge_texts(self) -> list[str]:
        return [label.text() for label in self.badge_labels]
