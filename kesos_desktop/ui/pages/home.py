"""Beranda: the office at a glance — people on record, in care, admitted and exited this month, occupancy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date_long, format_number, format_percent
from kesos_desktop.core.services import office, summary
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.style import ERROR
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.tables import setup_table


@dataclass(frozen=True)
class HomeData:
    office: office.OfficeInfo
    figures: summary.OfficeSummary | None


class StatCard(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.value = QLabel("—")
        self.value.setObjectName("cardValue")
        self.value.setFont(heading_font(2.2))
        self.label = QLabel(label)
        self.label.setObjectName("cardLabel")
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_value(self, value: int) -> None:
        self.value.setText(format_number(value))


def occupancy(load: summary.InstitutionLoad) -> str:
    return format_percent(load.in_care / load.capacity) if load.capacity else "—"


class HomePage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Beranda"), format_date_long(date.today()))
        self.office_name = QLabel()
        self.office_name.setObjectName("sectionTitle")
        self.office_name.setFont(heading_font(1.25))
        self.office_name.setWordWrap(True)
        self.office_region = QLabel()
        self.office_region.setObjectName("pageSubtitle")
        self.office_region.setWordWrap(True)
        self.cards = {
            "persons_total": StatCard(_("Orang tercatat")),
            "in_care": StatCard(_("Sedang dalam layanan")),
            "admitted_this_month": StatCard(_("Masuk bulan ini")),
            "exited_this_month": StatCard(_("Keluar bulan ini")),
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        for column, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, column)
            grid.setColumnStretch(column, 1)
        self.figures = QWidget()
        figures_layout = QVBoxLayout(self.figures)
        figures_layout.setContentsMargins(0, 0, 0, 0)
        figures_layout.addLayout(grid)

        occupancy_title = QLabel(_("Keterisian lembaga"))
        occupancy_title.setObjectName("sectionTitle")
        occupancy_title.setFont(heading_font(1.1))
        self.loads: RowsTableModel[summary.InstitutionLoad] = RowsTableModel(
            [
                Column(_("Lembaga"), lambda r: r.name),
                Column(_("Dihuni"), lambda r: r.in_care, align=Qt.AlignmentFlag.AlignRight),
                Column(_("Kapasitas"), lambda r: r.capacity, align=Qt.AlignmentFlag.AlignRight),
                Column(
                    _("Keterisian"),
                    occupancy,
                    sort_key=lambda r: r.in_care / r.capacity if r.capacity else -1,
                    align=Qt.AlignmentFlag.AlignRight,
                    color=lambda r: ERROR if r.capacity and r.in_care > r.capacity else None,
                ),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.loads)
        setup_table(self.table, sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.resizeSection(column, 120)
        self.empty = QLabel(_("Belum ada lembaga yang terdaftar untuk kantor ini."))
        self.empty.setObjectName("hint")
        self.empty.hide()
        figures_layout.addSpacing(14)
        figures_layout.addWidget(occupancy_title)
        figures_layout.addWidget(self.table, 1)
        figures_layout.addWidget(self.empty)
        self.figures_layout = figures_layout
        self.no_access = QLabel(_("Angka layanan hanya tampil bagi peran yang boleh melihat daftar warga binaan."))
        self.no_access.setObjectName("hint")
        self.no_access.hide()

        self.getting_started = self._getting_started()
        self.getting_started.hide()

        self.body.addWidget(self.office_name)
        self.body.addWidget(self.office_region)
        self.body.addSpacing(6)
        self.body.addWidget(self.figures, 1)
        self.body.addWidget(self.no_access)
        self.body.addWidget(self.getting_started)
        # Takes the spare height when there is no occupancy table to fill it.
        self.body.addStretch(0)
        self.refresh()

    def _getting_started(self) -> QFrame:
        """First steps for an administrator of a fresh office (shown while no one is on record yet)."""
        frame = QFrame()
        frame.setObjectName("card")
        title = QLabel(_("Langkah awal"))
        title.setObjectName("sectionTitle")
        title.setFont(heading_font(1.1))
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(title)
        self.start_buttons: dict[str, QPushButton] = {}
        steps = (
            ("users", "users.manage", _("Buat akun untuk pekerja sosial dan petugas di halaman Pengguna")),
            ("office", "office.manage", _("Periksa data kantor, kop surat dan logo di halaman Kantor")),
            ("reference", None, _("Lihat kategori PPKS, alasan keluar dan data wilayah di Data Referensi")),
        )
        for key, permission, text in steps:
            if permission and not self.ctx.actor.can(permission):
                continue
            button = QPushButton(text)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("text-align: left; color: #1d5fa8; padding: 4px 0;")
            button.clicked.connect(lambda _c=False, key=key: self._open(key))
            layout.addWidget(button)
            self.start_buttons[key] = button
        return frame

    def _open(self, key: str) -> None:
        window = self.window()
        if hasattr(window, "open_page"):
            window.open_page(key)

    def refresh(self) -> None:
        actor = self.ctx.actor

        def load(session):  # type: ignore[no-untyped-def]
            figures = summary.office_summary(session, actor) if actor.can("residents.view") else None
            return HomeData(office.get_own_office(session), figures)

        operations.read(self, self.ctx.db, load, self._loaded)

    def _loaded(self, data: HomeData) -> None:
        from kesos_desktop.core.reference.regions import full_label

        self.office_name.setText(" — ".join(p for p in (data.office.name, data.office.unit) if p))
        self.office_region.setText(full_label(data.office.region_code) or data.office.region_name)
        self.figures.setVisible(data.figures is not None)
        self.no_access.setVisible(data.figures is None)
        if data.figures is not None:
            f = data.figures
            self.cards["persons_total"].set_value(f.persons_total)
            self.cards["in_care"].set_value(f.in_care)
            self.cards["admitted_this_month"].set_value(f.admitted_this_month)
            self.cards["exited_this_month"].set_value(f.exited_this_month)
            self.loads.set_rows(list(f.institutions))
            self.table.setVisible(bool(f.institutions))
            self.empty.setVisible(not f.institutions)
            # Without a table the figures take their natural height and the page's stretch takes the rest.
            self.body.setStretchFactor(self.figures, 1 if f.institutions else 0)
            self.body.setStretch(self.body.count() - 1, 0 if f.institutions else 1)
        self.getting_started.setVisible(data.figures is None or data.figures.persons_total == 0)
        self.loaded.emit()
