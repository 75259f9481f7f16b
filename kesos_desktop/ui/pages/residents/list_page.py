"""Warga Binaan: the resident list — search as you type, filters, SQL sorting, chosen columns, export.

Every query runs on a worker (DESIGN rule 3): the id list, its length (the count) and the first block of rows come
back in one round trip; a newer keystroke supersedes an older query, whose result is dropped when it arrives.
The page emits ``person_activated(uuid)`` (Enter or double-click) and ``new_intake_requested`` (Ctrl+N); the main
window wires them to the profile and the intake form.
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.progress import Cancelled
from kesos_desktop.core.services import resident_export
from kesos_desktop.core.services.resident_list import (
    ResidentFilter,
    ResidentRow,
    count_residents,
    fetch_resident_rows,
    find_resident_ids,
)
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.pages.residents.columns import StatusBadgeDelegate, build_columns, default_keys
from kesos_desktop.ui.pages.residents.filters import FilterChoices, ResidentFilterBar, load_filter_choices
from kesos_desktop.ui.pages.residents.list_model import BLOCK_SIZE, ResidentListModel, align_rows
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.page_header import heading_font

SEARCH_DELAY_MS = 150
# "Mencari…" appears only when a query is slower than this, so fast keystrokes never flicker.
BUSY_HINT_MS = 250
ROW_HEIGHT = 30
STATE_KEY = "residents"
DEFAULT_SORT = ("name", False)


# Whether ``find_resident_ids`` can stop after the first rows. With it, a long list without a search (the whole
# registry at 100,000 people) shows its first screen from a LIMIT query and ``count_residents`` while the full id
# list follows in the background: materialising 100,000 ids takes about a second, the first screen a few ms.


@dataclass(frozen=True)
class QueryResult:
    seq: int
    flt: ResidentFilter
    sort: tuple[str, bool]
    # All the ids in order, or (when ``total`` is larger) only the first ones; the rest follow.
    ids: list[uuid.UUID]
    total: int
    first_rows: list[ResidentRow]
    # False only when the registry itself is empty (decides between the two empty states).
    anyone: bool


class EmptyState(QWidget):
    """The friendly message shown instead of an empty table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setPixmap(icon("users", "#9aa7b8").pixmap(64, 64))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setFont(heading_font(1.25))
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("hint")
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setWordWrap(True)
        self.text.setFixedWidth(540)
        self.button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.picture)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(10)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def show_message(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        # A centred, wrapped label gets one line from the layout; give it the height its text needs.
        self.text.setFixedHeight(self.text.heightForWidth(self.text.width()))


class ResidentsPage(Page):
    """The resident list; see the module docstring for the signals the window wires."""

    person_activated = Signal(object)
    new_intake_requested = Signal()
    # After each query result is on screen: the number of matching residents.
    results_shown = Signal(int)
    # When the whole id list of a long result arrived after its first screen.
    ids_completed = Signal(int)
    export_finished = Signal(object)
    export_cancelled = Signal()
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            _("Warga Binaan"),
            _("Semua orang yang sedang dan pernah dilayani. Cari, saring, lalu tekan Enter untuk membuka profil."),
        )
        self.can_create = ctx.actor.can("residents.edit")
        self.can_export = ctx.actor.can("residents.export")
        self._seq = 0
        self.shown: QueryResult | None = None
        self.export_operation: operations.Operation | None = None
        self._category_names: dict[str, str] = {}
        self.columns = build_columns(self._category_names)
        self.model = ResidentListModel(self.columns, ctx.db, ctx.actor, parent=self)
        self.model.load_failed.connect(lambda error: operations.show_error(self, error))
        self.model.sort_requested.connect(self._sort_requested)
        self._sort = self._restore_sort()

        self._build_header_actions()
        self._build_search_row()
        self.filters = ResidentFilterBar()
        self.filters.changed.connect(self._schedule)
        self._build_table()
        self.empty = EmptyState()
        self.empty.button.clicked.connect(self._empty_action)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.banner = QLabel()
        self.banner.setObjectName("infoBanner")
        self.banner.setWordWrap(True)
        self.banner.setOpenExternalLinks(False)
        self.banner.linkActivated.connect(self._open_link)
        self.banner.hide()

        self.body.addLayout(self.search_row)
        self.body.addWidget(self.filters)
        self.body.addWidget(self.stack, 1)
        self.body.addWidget(self.banner)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_query)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_HINT_MS)
        self._busy_timer.timeout.connect(lambda: self.count.setText(_("Mencari…")))
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_columns)

        self._set_tab_order()
        self._restore_columns()
        self._choices_asked = False
        self.run_query()

    # --- layout -----------------------------------------------------------------------------------------------
    def _build_header_actions(self) -> None:
        self.new_button = QPushButton(icon("add", "#ffffff"), _("Penerimaan &baru"))
        self.new_button.setObjectName("primaryButton")
        self.new_button.setToolTip(_("Catat warga binaan yang baru diterima (Ctrl+N)"))
        self.new_button.clicked.connect(self.create_new)
        self.new_button.setVisible(self.can_create)
        self.new_button.setStyleSheet(
            "QPushButton#primaryButton { background: #1d5fa8; color: white; border: 1px solid #174d89;"
            " border-radius: 4px; padding: 5px 12px; font-weight: 600; }"
            "QPushButton#primaryButton:hover { background: #2169b8; }"
            "QPushButton#primaryButton:focus { border: 2px solid #0f3763; }"
        )
        self.export_button = QPushButton(icon("save"), _("&Ekspor"))
        self.export_button.setToolTip(_("Simpan daftar yang tampil (kolom dan urutan yang sama) ke Excel atau CSV"))
        menu = QMenu(self.export_button)
        self.export_xlsx_action = menu.addAction(_("Excel (.xlsx)…"), lambda: self.export("xlsx"))
        self.export_csv_action = menu.addAction(_("CSV (.csv)…"), lambda: self.export("csv"))
        self.export_button.setMenu(menu)
        self.export_button.setVisible(self.can_export)
        self.columns_button = QPushButton(_("&Kolom"))
        self.columns_button.setToolTip(_("Pilih kolom yang ditampilkan (juga lewat klik kanan pada judul kolom)"))
        self.columns_button.setMenu(QMenu(self.columns_button))
        self.columns_button.menu().aboutToShow.connect(lambda: self._fill_column_menu(self.columns_button.menu()))
        self.header.actions.addWidget(self.columns_button)
        self.header.actions.addWidget(self.export_button)
        self.header.actions.addWidget(self.new_button)

    def _build_search_row(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("residentSearch")
        self.search.setPlaceholderText(_("Cari nama, nama panggilan, no. registrasi atau NIK…  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumHeight(32)
        font = self.search.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.1)
        self.search.setFont(font)
        self.search.textChanged.connect(lambda _t: self._schedule())
        self.search.installEventFilter(self)
        self.count = QLabel()
        self.count.setObjectName("resultCount")
        self.count.setFont(heading_font(1.05))
        self.count.setMinimumWidth(160)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.search_row = QHBoxLayout()
        self.search_row.setSpacing(12)
        self.search_row.addWidget(self.search, 1)
        self.search_row.addWidget(self.count)

    def _build_table(self) -> None:
        table = QTableView()
        table.setObjectName("residentTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = table.verticalHeader()
        vertical.hide()
        # Fixed row height: the view never measures unloaded rows, so 100,000 rows scroll without work.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(40)
        for column, spec in enumerate(self.columns):
            header.resizeSection(column, spec.width)
        header.sectionClicked.connect(self._header_clicked)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        header.sectionMoved.connect(lambda *_a: self._save_timer.start())
        header.sectionResized.connect(lambda *_a: self._save_timer.start())
        self.status_delegate = StatusBadgeDelegate(table)
        table.setItemDelegateForColumn(self.model.column_of("status"), self.status_delegate)
        table.doubleClicked.connect(self._activate_index)
        table.installEventFilter(self)
        self.table = table

    def _set_tab_order(self) -> None:
        """Search, the filters left to right, the results, then the buttons at the top."""
        bar = self.filters
        chain = [
            self.search, bar.status, bar.institution, bar.category, bar.sex, bar.age_group, bar.use_period,
            bar.admitted_from, bar.admitted_to, bar.reset_button, self.table, self.empty.button,
            self.columns_button, self.export_button, self.new_button,
        ]  # fmt: skip
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- Page commands ----------------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def create_new(self) -> None:
        if self.can_create:
            self.new_intake_requested.emit()

    def refresh(self) -> None:
        """F5: the lists of the filters and the results again."""
        if self._choices_asked:
            self._load_choices()
        self.run_query()

    def run_query(self) -> None:
        """Run the query for what the search box and filters say now (after the debounce, or on F5)."""
        self._timer.stop()
        self._seq += 1
        seq, flt = self._seq, self.filters.current(self.search.text().strip())
        sort = self._sort
        sql_key, descending = self._sql_sort(sort)
        actor, db, page = self.ctx.actor, self.ctx.db, self
        # Two steps only for lists without a search: a search's matches are few enough to fetch whole at once,
        # and its count would cost a second full-text query.
        two_steps = not flt.text

        def work(_progress: operations.Progress) -> QueryResult | None:
            with db.read() as session:
                if two_steps:
                    ids = find_resident_ids(session, actor, flt, sort=sql_key, descending=descending, limit=BLOCK_SIZE)
                    total = len(ids) if len(ids) < BLOCK_SIZE else count_residents(session, actor, flt)
                else:
                    ids = find_resident_ids(session, actor, flt, sort=sql_key, descending=descending)
                    total = len(ids)
                if seq != page._seq:
                    return None  # a newer keystroke already asked; do not spend time on rows nobody will see
                head = ids[:BLOCK_SIZE]
                first = align_rows(head, fetch_resident_rows(session, actor, head))
                anyone = total > 0 or count_residents(session, actor, ResidentFilter()) > 0
            return QueryResult(seq, flt, sort, ids, total, first, anyone)

        self._busy_timer.start()
        operations.run(self, work, self._arrived, on_failure=lambda e: self._query_failed(seq, e), show_progress=False)

    def _complete_ids(self, result: QueryResult) -> None:
        """Fetch the whole id list of a result whose first screen is already shown."""
        sql_key, descending = self._sql_sort(result.sort)
        db, actor, seq, flt = self.ctx.db, self.ctx.actor, result.seq, result.flt

        def work(_progress: operations.Progress) -> list[uuid.UUID] | None:
            if seq != self._seq:
                return None
            with db.read() as session:
                return find_resident_ids(session, actor, flt, sort=sql_key, descending=descending)

        def done(ids: list[uuid.UUID] | None) -> None:
            if ids is None or seq != self._seq:
                return
            self.model.complete(ids)
            self._show_count(self.model.rowCount())
            self.ids_completed.emit(len(ids))

        operations.run(self, work, done, on_failure=lambda e: self._query_failed(seq, e), show_progress=False)

    def _schedule(self) -> None:
        self._timer.start()

    def _arrived(self, result: QueryResult | None) -> None:
        if result is None or result.seq != self._seq:
            return  # superseded by a newer query: never show stale results
        self._busy_timer.stop()
        previous = self.current_person_id()
        self.shown = result
        self.model.show(result.ids, result.first_rows, total=result.total)
        self._show_count(result.total)
        self._update_empty_state(result)
        if previous is not None:
            row = self.model.row_of(previous) if len(result.ids) <= 20_000 else -1
            if row >= 0:
                self.select_row(row)
        running = self.export_operation is not None and self.export_operation.running
        self.export_button.setEnabled(result.total > 0 and not running)
        if len(result.ids) < result.total:
            self._complete_ids(result)
        if not self._choices_asked:
            # After the first rows, so the lists for the filters never delay them.
            self._choices_asked = True
            self._load_choices()
        self.results_shown.emit(result.total)
        self.loaded.emit()

    def _show_count(self, n: int) -> None:
        self.count.setText(ngettext("{n} warga binaan", "{n} warga binaan", n).format(n=format_number(n)))

    def _query_failed(self, seq: int, error: BaseException) -> bool:
        if seq != self._seq:
            return True
        self._busy_timer.stop()
        self.count.setText("")
        return False

    # --- empty states -----------------------------------------------------------------------------------------
    def _update_empty_state(self, result: QueryResult) -> None:
        if result.total:
            self.stack.setCurrentWidget(self.table)
            return
        if not result.anyone:
            self.empty.show_message(
                _("Belum ada warga binaan"),
                _(
                    "Di sini akan tampil semua orang yang diterima kantor dan lembaganya. Mulailah dengan mencatat "
                    "penerimaan pertama, atau impor daftar yang selama ini disimpan di Excel."
                ),
            )
            self.empty.button.setText(_("Penerimaan baru (Ctrl+N)"))
            self.empty.button.setVisible(self.can_create)
            self.empty.button.setProperty("action", "new")
        else:
            text = result.flt.text
            if text:
                title = _("Tidak ada yang cocok dengan “{text}”").format(text=text)
                hint = _(
                    "Periksa ejaan, atau ketik sebagian nama saja. Pencarian juga mencakup nama panggilan, "
                    "no. registrasi dan NIK."
                )
            else:
                title = _("Tidak ada warga binaan yang sesuai dengan saringan ini")
                hint = _("Coba longgarkan saringan di atas.")
            if not self.filters.is_default():
                hint += " " + _("Saringan juga sedang aktif, sehingga sebagian orang tidak ikut dicari.")
            self.empty.show_message(title, hint)
            self.empty.button.setText(_("Hapus pencarian dan saringan"))
            self.empty.button.setVisible(bool(text) or not self.filters.is_default())
            self.empty.button.setProperty("action", "clear")
        self.stack.setCurrentWidget(self.empty)

    def _empty_action(self) -> None:
        if self.empty.button.property("action") == "new":
            self.create_new()
            return
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filters.reset()  # emits changed -> one debounced query
        self.search.setFocus()

    # --- selection and activation -----------------------------------------------------------------------------
    def current_person_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.person_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        column = self.table.horizontalHeader().logicalIndex(0)
        index = self.model.index(row, max(0, column))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _activate_index(self, index: QModelIndex) -> None:
        person_id = self.model.person_id(index.row()) if index.isValid() else None
        if person_id is not None:
            self.person_activated.emit(person_id)

    def activate_current(self) -> None:
        self._activate_index(self.table.currentIndex())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            to_results = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if watched is self.search and key in to_results and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid() or key != Qt.Key.Key_Down:
                    self.select_row(0)
                return True
            if watched is self.table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.activate_current()
                    return True
                text = event.text()
                modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
                # Typing in the table continues the search instead of Qt's row-by-row keyboard search, which
                # would read every row of a 100,000-row list.
                if text and text.isprintable() and not text.isspace() and modifiers == Qt.KeyboardModifier.NoModifier:
                    self.search.setFocus(Qt.FocusReason.OtherFocusReason)
                    self.search.end(False)
                    self.search.insert(text)
                    return True
        return super().eventFilter(watched, event)

    # --- sorting ----------------------------------------------------------------------------------------------
    def _sql_sort(self, sort: tuple[str, bool]) -> tuple[str, bool]:
        key, descending = sort
        column = self.columns[self.model.column_of(key)]
        assert column.sort is not None
        return column.sort, descending != column.reverse

    def _restore_sort(self) -> tuple[str, bool]:
        saved = ui_state.value(f"{STATE_KEY}/sort")
        key, _sep, direction = saved.partition(":")
        column = self.model.column_of(key)
        if column < 0 or not self.columns[column].sort:
            return DEFAULT_SORT
        return key, direction == "desc"

    def _show_sort_indicator(self) -> None:
        key, descending = self._sort
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.column_of(key), order)
        header.blockSignals(False)

    def _header_clicked(self, column: int) -> None:
        spec = self.columns[column]
        if not spec.sort:
            self._show_sort_indicator()  # Qt already moved the arrow; this column cannot be sorted in SQL
            return
        same = self.columns[self.model.column_of(self._sort[0])].key == spec.key
        descending = not self._sort[1] if same else False
        self.sort_by(spec.key, descending)

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        self.sort_by(self.columns[column].key, order == Qt.SortOrder.DescendingOrder)

    def sort_by(self, key: str, descending: bool = False) -> None:
        """Sort by the column ``key`` (in SQL) and remember the choice."""
        column = self.model.column_of(key)
        if column < 0 or not self.columns[column].sort:
            return
        self._sort = (key, descending)
        self._show_sort_indicator()
        ui_state.set_value(f"{STATE_KEY}/sort", f"{key}:{'desc' if descending else 'asc'}")
        self.run_query()

    # --- columns ----------------------------------------------------------------------------------------------
    def visible_keys(self) -> list[str]:
        """The shown columns in their on-screen order (what an export writes)."""
        header = self.table.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [self.columns[i].key for i in logical if not header.isSectionHidden(i)]

    def column_menu(self, parent: QWidget | None = None) -> QMenu:
        """The column chooser: one checkable entry per column, and a way back to the default columns."""
        menu = QMenu(parent or self)
        self._fill_column_menu(menu)
        return menu

    def _fill_column_menu(self, menu: QMenu) -> None:
        menu.clear()
        menu.setToolTipsVisible(True)
        header = self.table.horizontalHeader()
        for column, spec in enumerate(self.columns):
            action = QAction(spec.title, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(not spec.required)
            action.setData(spec.key)
            action.toggled.connect(lambda on, key=spec.key: self.set_column_visible(key, on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(_("Kembalikan kolom bawaan"), self.reset_columns)

    def _show_header_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        self._menu = self.column_menu(self)
        self._menu.popup(header.mapToGlobal(pos))

    def set_column_visible(self, key: str, visible: bool) -> None:
        column = self.model.column_of(key)
        if column < 0 or (self.columns[column].required and not visible):
            return
        self.table.horizontalHeader().setSectionHidden(column, not visible)
        self._alias_shown_in_name()
        self.save_columns()

    def reset_columns(self) -> None:
        self._apply_columns(default_keys(self.columns), {})
        self.save_columns()

    def save_columns(self) -> None:
        self._save_timer.stop()
        header = self.table.horizontalHeader()
        ui_state.set_value(f"{STATE_KEY}/columns", ",".join(self.visible_keys()))
        widths = ",".join(
            f"{spec.key}:{header.sectionSize(i)}"
            for i, spec in enumerate(self.columns)
            if not header.isSectionHidden(i)
        )
        ui_state.set_value(f"{STATE_KEY}/widths", widths)

    def _restore_columns(self) -> None:
        known = {c.key for c in self.columns}
        saved = [k for k in ui_state.value(f"{STATE_KEY}/columns").split(",") if k in known]
        widths: dict[str, int] = {}
        for item in ui_state.value(f"{STATE_KEY}/widths").split(","):
            key, _sep, size = item.partition(":")
            if key in known and size.isdigit():
                widths[key] = max(40, min(800, int(size)))
        self._apply_columns(saved or default_keys(self.columns), widths)
        self._show_sort_indicator()

    def _apply_columns(self, keys: list[str], widths: dict[str, int]) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        required = [c.key for c in self.columns if c.required and c.key not in keys]
        keys = required + keys
        for visual, key in enumerate(keys):
            logical = self.model.column_of(key)
            header.moveSection(header.visualIndex(logical), visual)
        for column, spec in enumerate(self.columns):
            header.setSectionHidden(column, spec.key not in keys)
            header.resizeSection(column, widths.get(spec.key, spec.width))
        header.blockSignals(False)
        self._alias_shown_in_name()

    def _alias_shown_in_name(self) -> None:
        self.model.set_alias_in_name(self.table.horizontalHeader().isSectionHidden(self.model.column_of("alias")))

    # --- filter choices ---------------------------------------------------------------------------------------
    def _load_choices(self) -> None:
        actor = self.ctx.actor
        operations.read(
            self, self.ctx.db, lambda s: load_filter_choices(s, actor), self._choices_loaded, show_progress=False
        )

    def _choices_loaded(self, choices: FilterChoices) -> None:
        self._category_names.clear()
        self._category_names.update(choices.categories)
        self.filters.set_choices(choices)

    # --- export -----------------------------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        """Ask where to save, then export the current view (File > Save dialog; tests call ``export_to``)."""
        folder = ui_state.value(f"{STATE_KEY}/export_dir") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = str(Path(folder) / f"{_('warga-binaan')}-{date.today().isoformat()}.{fmt}")
        filters = _("Buku kerja Excel (*.xlsx)") if fmt == "xlsx" else _("Nilai dipisah koma (*.csv)")
        path, _chosen = QFileDialog.getSaveFileName(self, _("Ekspor daftar warga binaan"), suggested, filters)
        if not path:
            return
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        ui_state.set_value(f"{STATE_KEY}/export_dir", str(Path(path).parent))
        self.export_to(Path(path), fmt)

    def export_to(self, path: Path | str, fmt: str | None = None) -> operations.Operation:
        """Export what is on screen (its filter, order and visible columns) to ``path`` on a worker, with a
        progress dialog that can cancel."""
        shown = self.shown
        flt = shown.flt if shown is not None else self.filters.current(self.search.text().strip())
        sort_key, descending = self._sql_sort(shown.sort if shown is not None else self._sort)
        columns, db, actor, target = self.visible_keys(), self.ctx.db, self.ctx.actor, Path(path)
        self.banner.hide()

        def work(progress: operations.Progress) -> resident_export.ExportResult:
            return resident_export.export_residents(
                db, actor, flt, target, columns=columns, fmt=fmt, sort=sort_key, descending=descending,
                progress=progress,
            )  # fmt: skip

        self.export_operation = operations.run(
            self,
            work,
            self._exported,
            on_failure=self._export_failed,
            label=_("Mengekspor daftar warga binaan…"),
            cancellable=True,
            busy=self.export_button,
        )
        return self.export_operation

    def _exported(self, result: resident_export.ExportResult) -> None:
        link = QUrl.fromLocalFile(str(result.path.parent)).toString()
        message = ngettext(
            "{n} warga binaan diekspor ke {file}.", "{n} warga binaan diekspor ke {file}.", result.rows
        ).format(n=format_number(result.rows), file=result.path.name)
        self.banner.setText(f'{html.escape(message)} <a href="{html.escape(link)}">{html.escape(_("Buka folder"))}</a>')
        self.banner.show()
        self.export_finished.emit(result)

    def _export_failed(self, error: BaseException) -> bool:
        if isinstance(error, Cancelled):
            self.banner.setText(_("Ekspor dibatalkan. Tidak ada berkas yang dibuat."))
            self.banner.show()
            self.export_cancelled.emit()
            return True
        return False

    def _open_link(self, link: str) -> None:
        QDesktopServices.openUrl(QUrl(link))
