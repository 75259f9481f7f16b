"""Region browser: cascading lists province → kab/kota → kecamatan → desa/kelurahan, with type-ahead search."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.reference import regions
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.widgets.forms import relax_labels
from kesos_desktop.ui.widgets.region_picker import RegionPicker

LEVEL_TITLES = (
    lambda: _("Provinsi"),
    lambda: _("Kabupaten/Kota"),
    lambda: _("Kecamatan"),
    lambda: _("Desa/Kelurahan"),
)


def region_model(parent: QWidget) -> RowsTableModel[regions.Region]:
    return RowsTableModel(
        [Column(_("Nama"), lambda r: r.name, tooltip=lambda r: f"{r.code} · {regions.kind_label(r.kind)}")],
        parent=parent,
    )


class RegionBrowser(QWidget):
    """Pick a province to list its kab/kota, and so on down; the search box jumps straight to any region."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = RegionPicker()
        self.search.setPlaceholderText(_('Cari wilayah: ketik nama atau kode, misalnya "Gambir" atau 31.71…'))
        self.search.codeChanged.connect(self._jump)
        self.models: list[RowsTableModel[regions.Region]] = []
        self.views: list[QListView] = []
        self.counts: list[QLabel] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for level in range(4):
            title = QLabel(LEVEL_TITLES[level]())
            title.setObjectName("sectionTitle")
            model = region_model(self)
            view = QListView()
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setUniformItemSizes(True)
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, level=level: self._picked(level, current)
            )
            count = QLabel()
            count.setObjectName("hint")
            grid.addWidget(title, 0, level)
            grid.addWidget(view, 1, level)
            grid.addWidget(count, 2, level)
            grid.setColumnStretch(level, 1)
            self.models.append(model)
            self.views.append(view)
            self.counts.append(count)
        self.detail_code = QLabel("—")
        self.detail_kind = QLabel("—")
        self.detail_label = QLabel("—")
        for label in (self.detail_code, self.detail_kind, self.detail_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        detail = QFormLayout()
        detail.addRow(_("Kode"), self.detail_code)
        detail.addRow(_("Jenis"), self.detail_kind)
        detail.addRow(_("Nama lengkap"), self.detail_label)
        relax_labels(detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(grid, 1)
        layout.addLayout(detail)
        self.loaded = False

    def load(self) -> None:
        """Fill the province list (the region table is in memory; loading it the first time takes a moment)."""
        self._fill(0, regions.provinces())
        self.loaded = True

    def _fill(self, level: int, items: list[regions.Region]) -> None:
        self.models[level].set_rows(items)
        n = len(items)
        self.counts[level].setText(ngettext("{n} wilayah", "{n} wilayah", n).format(n=format_number(n)))
        for lower in range(level + 1, 4):
            self.models[lower].set_rows([])
            self.counts[lower].clear()

    def _picked(self, level: int, current: QModelIndex) -> None:
        region = self.models[level].row_at(current.row()) if current.isValid() else None
        if region is None:
            return
        self._show(region)
        if level < 3:
            self._fill(level + 1, regions.children(region.code))

    def _show(self, region: regions.Region) -> None:
        self.detail_code.setText(region.code)
        self.detail_kind.setText(regions.kind_label(region.kind))
        self.detail_label.setText(regions.full_label(region.code))

    def select(self, code: str) -> bool:
        """Open the lists down to ``code`` and select it."""
        chain = regions.parent_chain(code)
        if not chain:
            return False
        if not self.loaded:
            self.load()
        for level, region in enumerate(chain):
            row = self.models[level].find(lambda r, code=region.code: r.code == code)
            if row < 0:
                return False
            index = self.models[level].index(row, 0)
            self.views[level].selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.views[level].scrollTo(index)
        return True

    def _jump(self, code: str) -> None:
        if code:
            self.select(code)

    def selected_code(self) -> str:
        return self.detail_code.text() if self.detail_code.text() != "—" else ""
