"""Keterisian: one institution's occupancy by sex and age group, free beds by who the rooms are for, and its rooms."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QTableView, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services.stays_occupancy import InstitutionOccupancy, RoomOccupancy
from kesos_desktop.ui.dialogs.stays.placement import sex_word
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.institutions.rows import InstitutionListRow
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.tables import setup_table


def _status(room: RoomOccupancy) -> str:
    if not room.is_active:
        return _("Nonaktif")
    return _("Penuh") if room.is_full else _("Tersedia")


def _status_color(room: RoomOccupancy) -> str | None:
    if not room.is_active:
        return MUTED
    return ERROR if room.is_full else None


def room_columns() -> list[Column[RoomOccupancy]]:
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(_("Kamar"), lambda r: r.name),
        Column(_("Untuk"), lambda r: sex_word(r.sex)),
        Column(_("Kapasitas"), lambda r: r.capacity or _("—"), align=right, sort_key=lambda r: r.capacity),
        Column(_("Dihuni L"), lambda r: r.occupied_male, align=right),
        Column(_("Dihuni P"), lambda r: r.occupied_female, align=right),
        Column(_("Tempat tidur"), lambda r: r.beds_total, align=right),
        Column(_("Kosong"), lambda r: r.beds_free, align=right),
        Column(_("Status"), _status, color=_status_color),
    ]


def _of(used: int, capacity: int) -> str:
    if not capacity:
        return _("{used} (tidak dibatasi)").format(used=format_number(used))
    free = max(0, capacity - used)
    return _("{used} dari {capacity} · {free} kosong").format(
        used=format_number(used), capacity=format_number(capacity), free=format_number(free)
    )


def free_beds_by_sex(occupancy: InstitutionOccupancy) -> dict[str, int]:
    free = {"L": 0, "P": 0, "": 0}
    for room in occupancy.rooms:
        if room.is_active:
            free[room.sex if room.sex in free else ""] += room.beds_free
    return free


class OccupancyPanel(QWidget):
    """Shows the occupancy of the institution chosen in the list (or a hint when none is chosen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        captions = (
            ("male", _("Laki-laki")),
            ("female", _("Perempuan")),
            ("beds", _("Tempat tidur kosong")),
            ("children", _("Anak (< 18 th)")),
            ("elderly", _("Lansia (60 th ke atas)")),
            ("without_room", _("Belum mendapat kamar")),
        )
        for n, (key, caption) in enumerate(captions):
            label = QLabel(caption)
            label.setObjectName("hint")
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            grid.addWidget(label, n % 3, (n // 3) * 2)
            grid.addWidget(value, n % 3, (n // 3) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.model: RowsTableModel[RoomOccupancy] = RowsTableModel(room_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (190, 100, 80, 80, 80, 95, 70), sortable=True)
        self.empty = QLabel(_("Pilih lembaga di daftar untuk melihat keterisiannya."))
        self.empty.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.set_institution(None)

    def set_institution(self, row: InstitutionListRow | None) -> None:
        occupancy = row.occupancy if row is not None else None
        self.empty.setVisible(occupancy is None)
        self.table.setVisible(occupancy is not None)
        if row is not None and occupancy is None:
            self.empty.setText(
                _("{name} tidak aktif; keterisian hanya dihitung untuk lembaga aktif.").format(name=row.row.name)
            )
        elif row is None:
            self.empty.setText(_("Pilih lembaga di daftar untuk melihat keterisiannya."))
        if occupancy is None:
            self.title.setText(row.row.name if row is not None else "")
            for value in self.values.values():
                value.setText("—")
            self.model.set_rows([])
            return
        people = ngettext("{n} orang dihuni", "{n} orang dihuni", occupancy.occupied).format(
            n=format_number(occupancy.occupied)
        )
        self.title.setText(_("{name} — {people}").format(name=occupancy.name, people=people))
        self.values["male"].setText(_of(occupancy.occupied_male, occupancy.capacity_male))
        self.values["female"].setText(_of(occupancy.occupied_female, occupancy.capacity_female))
        self.values["children"].setText(_of(occupancy.occupied_children, occupancy.capacity_children))
        self.values["elderly"].setText(_of(occupancy.occupied_elderly, occupancy.capacity_elderly))
        self.values["without_room"].setText(format_number(occupancy.without_room))
        free = free_beds_by_sex(occupancy)
        self.values["beds"].setText(
            _("{total} dari {beds} (laki-laki {male}, perempuan {female}, campuran {mixed})").format(
                total=format_number(occupancy.beds_free),
                beds=format_number(occupancy.beds_total),
                male=free["L"],
                female=free["P"],
                mixed=free[""],
            )
        )
        self.model.set_rows(occupancy.rooms)
