"""RegionPicker: a line edit with type-ahead over Kemendagri region names, showing each hit's parent path."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.reference import regions

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
# What the line edit shows when a hit is highlighted or chosen (QStandardItem shares Edit and Display roles).
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
# Long enough that a fast typist's word becomes one search, short enough to feel instant.
DEBOUNCE_MS = 120
_TIER_ORDER = {"prefix": 0, "word": 1, "substring": 2}


def region_text(code: str) -> str:
    """What the picker shows for a chosen region: its name and parents (``"Kota Bandung, Jawa Barat"``)."""
    return regions.path_label(code) or code


def hit_label(region: regions.Region, path: str) -> str:
    parents = path.split(", ", 1)[1] if ", " in path else ""
    kind = regions.kind_label(region.kind)
    if not parents:
        return _("{name} ({kind})").format(name=region.name, kind=kind)
    return _("{name} ({kind}) — {parents}").format(name=region.name, kind=kind, parents=parents)


class RegionPicker(QLineEdit):
    """Type a name (or a code) and pick from the list; ``code()`` is "" until a region is picked.

    ``levels`` restricts the choice (e.g. ``(1, 2)`` for an office: province or kabupaten/kota); ``within`` limits
    the search to one parent region.
    """

    codeChanged = Signal(str)
    edited = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        levels: tuple[int, ...] = (1, 2, 3, 4),
        within: str | None = None,
        limit: int = 30,
    ) -> None:
        super().__init__(parent)
        self._code = ""
        self._levels = tuple(sorted(levels))
        self._within = within
        self._limit = limit
        self.setPlaceholderText(_("Ketik nama wilayah atau kodenya…"))
        self.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self._completer.setCompletionRole(PATH_ROLE)
        self._completer.activated[QModelIndex].connect(self._picked)
        self.setCompleter(self._completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._settle)

    # --- public API -------------------------------------------------------------------------------------------
    def code(self) -> str:
        return self._code

    def setCode(self, code: str | None) -> None:
        region = regions.get_region(code) if code else None
        new = region.code if region is not None else ""
        self.setText(region_text(new) if new else (code or ""))
        if new != self._code:
            self._code = new
            self.codeChanged.emit(new)

    def region(self) -> regions.Region | None:
        return regions.get_region(self._code) if self._code else None

    def set_levels(self, levels: tuple[int, ...]) -> None:
        self._levels = tuple(sorted(levels))

    def set_within(self, parent_code: str | None) -> None:
        self._within = parent_code

    def hits(self) -> list[str]:
        """Codes currently offered in the list (tests and keyboard users see the same thing)."""
        return [self._model.item(row).data(CODE_ROLE) for row in range(self._model.rowCount())]

    def search_now(self) -> None:
        """Run the pending search immediately (Enter, tests)."""
        self._timer.stop()
        self._search()

    def pick(self, code: str) -> None:
        """Choose ``code`` as if clicked in the list."""
        self.setCode(code)
        self._completer.popup().hide()

    # --- behaviour --------------------------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self.edited.emit()
        if self._code:
            self._code = ""
            self.codeChanged.emit("")
        self._timer.start()

    def _find(self, text: str) -> list[regions.Region]:
        text = text.strip()
        if not text:
            return []
        found: list[tuple[int, int, regions.Region]] = []
        dotted = regions.normalize_code(text)
        if dotted:
            region = regions.get_region(dotted)
            if region is not None and not region.retired and region.level in self._levels:
                found.append((-1, region.level, region))
        for level in self._levels:
            for hit in regions.search_regions(text, level=level, within=self._within, limit=self._limit):
                found.append((_TIER_ORDER.get(hit.match, 3), level, hit.region))
        found.sort(key=lambda item: (item[0], item[1]))
        seen: set[str] = set()
        result = []
        for _tier, _level, region in found:
            if region.code not in seen:
                seen.add(region.code)
                result.append(region)
        return result[: self._limit]

    def _search(self) -> None:
        self._model.clear()
        for region in self._find(self.text()):
            path = regions.path_label(region.code)
            item = QStandardItem(hit_label(region, path))
            item.setData(region.code, CODE_ROLE)
            item.setData(path, PATH_ROLE)
            item.setToolTip(f"{region.code} · {regions.full_label(region.code)}")
            item.setEditable(False)
            self._model.appendRow(item)
        if self._model.rowCount() and self.hasFocus():
            self._completer.complete()

    def _picked(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.setCode(code)

    def _settle(self) -> None:
        # Leaving the field with exactly one candidate listed picks it: fewer clicks for the common case.
        if self._code or not self.text().strip():
            return
        if self._timer.isActive():
            self.search_now()
        if self._model.rowCount() == 1:
            self.setCode(self._model.item(0).data(CODE_ROLE))
