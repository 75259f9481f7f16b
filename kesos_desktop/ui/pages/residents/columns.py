"""The resident list's columns: what each shows, which SQL sort key it maps to, and which are shown by default.

Keys are shared with ``core.services.resident_export`` so an export writes exactly the columns on screen, with the
same headers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import (
    EMPTY,
    format_age,
    format_date,
    format_date_short,
    format_nik,
    format_number,
    month_name,
)
from kesos_desktop.core.services.resident_export import EXPORT_COLUMNS, estimated_birth, status_label
from kesos_desktop.core.services.resident_list import ResidentRow

# The status of a row ("in_care", "exited", "registered") for the badge delegate.
BADGE_ROLE = Qt.ItemDataRole.UserRole + 20
RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignHCenter


@dataclass(frozen=True)
class ResidentColumn:
    """A column of the list. ``sort`` is the service's sort key (None: not sortable in SQL, no indicator);
    ``reverse`` flips the SQL order (age ascending is birth date descending)."""

    key: str
    value: Callable[[ResidentRow], str]
    sort: str | None = None
    reverse: bool = False
    visible: bool = True
    width: int = 120
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[ResidentRow], str] | None = None
    # The name column cannot be hidden: a row must say whom it is about.
    required: bool = False

    @property
    def title(self) -> str:
        return EXPORT_COLUMNS[self.key].title


def sex_label(sex: str) -> str:
    return {"L": _("Laki-laki"), "P": _("Perempuan")}.get(sex, sex or EMPTY)


def birth_date_text(row: ResidentRow) -> str:
    """The birth date as precisely as it is known: "17 Maret 2010", "Maret 2010", "2010", "± 2010"."""
    born = row.birth_date
    if born is None:
        return _("Tidak diketahui")
    precision = row.birth_date_precision
    if precision == "month":
        return _("{month} {year}").format(month=month_name(born.month), year=born.year)
    if precision == "year":
        return str(born.year)
    if precision == "estimated":
        return f"± {born.year}"
    return format_date(born)


def age_text(row: ResidentRow, today: date | None = None) -> str:
    if row.birth_date is None:
        return EMPTY
    today = today or date.today()
    if row.birth_date > today:
        return EMPTY
    return format_age(row.birth_date, today, estimated=estimated_birth(row))


def _date(value: date | None) -> str:
    return format_date_short(value) if value is not None else EMPTY


def nik_text(row: ResidentRow) -> str:
    """The NIK as the service gave it (masked unless the role may see it), grouped by four for reading."""
    shown = row.nik_display
    if not shown:
        return EMPTY
    return format_nik(shown) if len(shown) == 16 and shown.isdigit() else shown


def name_tip(row: ResidentRow) -> str:
    lines = [_("Nama belum diketahui; ini nama sementara.")] if row.name_unknown else []
    if row.alias:
        lines.append(_("Nama panggilan: {alias}").format(alias=row.alias))
    return "\n".join(lines)


def place_tip(row: ResidentRow) -> str:
    if not row.institution:
        return ""
    if row.room_bed:
        text = _("{institution}, kamar/tempat tidur {room_bed}")
        return text.format(institution=row.institution, room_bed=row.room_bed)
    return row.institution


def build_columns(category_names: Mapping[str, str]) -> list[ResidentColumn]:
    """All columns in their default order; ``category_names`` (code -> name) fills the categories' tooltips and
    may be filled in after the page loaded the reference data."""

    def categories_tip(row: ResidentRow) -> str:
        return "\n".join(f"{code} — {category_names.get(code, code)}" for code in row.categories)

    return [
        ResidentColumn("registration_no", lambda r: r.registration_no, sort="registration_no", width=122),
        ResidentColumn(
            "name",
            lambda r: r.name or EMPTY,
            sort="name",
            width=210,
            required=True,
            tooltip=name_tip,
        ),
        ResidentColumn("alias", lambda r: r.alias, visible=False, width=118),
        ResidentColumn("nik", nik_text, width=150),
        ResidentColumn(
            "sex", lambda r: r.sex or EMPTY, sort="sex", width=40, align=CENTER, tooltip=lambda r: sex_label(r.sex)
        ),
        ResidentColumn("birth_date", birth_date_text, sort="birth_date", visible=False, width=120),
        ResidentColumn(
            "birth_precision",
            lambda r: EXPORT_COLUMNS["birth_precision"].value(r, date.today()),
            visible=False,
            width=120,
        ),
        ResidentColumn(
            "age",
            lambda r: age_text(r),
            sort="birth_date",
            reverse=True,
            width=84,
            align=RIGHT,
            tooltip=lambda r: _("Tanggal lahir: {date}").format(date=birth_date_text(r)),
        ),
        ResidentColumn(
            "categories", lambda r: ", ".join(r.categories) or EMPTY, width=80, align=CENTER, tooltip=categories_tip
        ),
        ResidentColumn("status", status_label, width=140),
        ResidentColumn("institution", lambda r: r.institution or EMPTY, width=220, tooltip=place_tip),
        ResidentColumn("room_bed", lambda r: r.room_bed or EMPTY, width=120),
        ResidentColumn("admitted_on", lambda r: _date(r.admitted_on), sort="admitted_on", width=96),
        ResidentColumn("exited_on", lambda r: _date(r.exited_on), sort="exited_on", visible=False, width=96),
        ResidentColumn("origin", lambda r: r.origin or EMPTY, sort="origin", visible=False, width=260),
        ResidentColumn(
            "stay_count",
            lambda r: format_number(r.stay_count),
            visible=False,
            width=80,
            align=RIGHT,
            tooltip=lambda r: _("Berapa kali pernah masuk"),
        ),
    ]


def default_keys(columns: list[ResidentColumn]) -> list[str]:
    return [c.key for c in columns if c.visible]


BADGE_COLORS = {
    # background, text
    "in_care": ("#e2f3e7", "#1b6b35"),
    "exited": ("#eceff3", "#4f5b6b"),
    "registered": ("#fff3d6", "#84560a"),
}


class StatusBadgeDelegate(QStyledItemDelegate):
    """Draws the status column as a small rounded badge ("Dalam perawatan" green, "Keluar" grey)."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        kind = index.data(BADGE_ROLE)
        if kind not in BADGE_COLORS:
            super().paint(painter, option, index)
            return
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        # The cell's background and selection as usual, without its text.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        background, foreground = BADGE_COLORS[kind]
        font = QFont(opt.font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.92)
        metrics = QFontMetrics(font)
        rect = option.rect.adjusted(6, 0, -6, 0)
        width = min(rect.width(), metrics.horizontalAdvance(text) + 18)
        height = min(rect.height() - 8, metrics.height() + 6)
        badge = QRect(rect.left(), rect.center().y() - height // 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.setFont(font)
        painter.drawText(
            badge, Qt.AlignmentFlag.AlignCenter, metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 12)
        )
        painter.restore()
