"""Region name search for type-ahead pickers and name → code matching for importers."""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import fuzz, process

from kesos_desktop.core.reference import regions
from kesos_desktop.core.reference.datafiles import read_rows
from kesos_desktop.core.reference.regions import (
    DESA,
    DESA_ADAT,
    KABUPATEN,
    KELURAHAN,
    KOTA,
    Region,
    bare_name,
    get_region,
    kind_of,
    level_of,
    path_label,
)
from kesos_desktop.core.reference.textfold import fold, fold_many

MATCH_PREFIX, MATCH_WORD, MATCH_SUBSTRING = "prefix", "word", "substring"
_TIERS = (MATCH_PREFIX, MATCH_WORD, MATCH_SUBSTRING)
_WIDTH = {1: 2, 2: 5, 3: 8, 4: 13}

# A leading type word names the level (and kind) the person means: "kab bogor", "kota adm jakarta barat", "kec gambir".
_TYPE_PREFIXES: tuple[tuple[re.Pattern[str], int, frozenset[str] | None], ...] = (
    (re.compile(r"^(?:provinsi|prov) "), 1, None),
    (re.compile(r"^(?:kabupaten|kab)(?: administrasi| adm)? "), 2, frozenset({KABUPATEN})),
    (re.compile(r"^(?:kota|kotamadya|kodya|kotamadia)(?: administrasi| adm)? "), 2, frozenset({KOTA})),
    (re.compile(r"^(?:kecamatan|kec|distrik) "), 3, None),
    (re.compile(r"^(?:kelurahan|kel) "), 4, frozenset({KELURAHAN})),
    (re.compile(r"^desa adat "), 4, frozenset({DESA_ADAT})),
    (re.compile(r"^(?:desa|ds) "), 4, frozenset({DESA, DESA_ADAT})),
)
_KEP = re.compile(r"\bkep\b")


@dataclass(frozen=True, slots=True)
class RegionHit:
    """One search result; ``path_label`` tells the hundred "Sukamaju" apart."""

    region: Region
    path_label: str
    match: str  # MATCH_PREFIX (name starts with the text), MATCH_WORD (a word does) or MATCH_SUBSTRING

    @property
    def code(self) -> str:
        return self.region.code

    @property
    def name(self) -> str:
        return self.region.name


@dataclass(frozen=True, slots=True)
class RegionNameMatch:
    """``code`` when the name names exactly one region, else None; ``candidates`` to offer the person either way."""

    code: str | None
    candidates: tuple[Region, ...]


class _Segment:
    """Folded names of one level joined into one string, sorted; ``str.find`` then runs at C speed."""

    __slots__ = ("rows", "starts", "text")

    def __init__(self, keys: list[str], rows: list[int]) -> None:
        # Sort by name; the sort is stable and rows come in code order, so equal names stay in code order.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        ordered = [keys[i] for i in order]
        self.text = "\n" + "\n".join(ordered) + "\n"
        self.rows = array("i", [rows[i] for i in order])
        self.starts = array("i", accumulate(map(len, ordered), lambda total, size: total + size + 1, initial=1))

    def collect(
        self,
        query: str,
        tier: str,
        accept: Collection[str] | None,
        codes: list[str],
        out: list[tuple[int, str]],
        seen: set[int],
        limit: int,
    ) -> None:
        text, starts, rows = self.text, self.starts, self.rows
        needle = {MATCH_PREFIX: "\n", MATCH_WORD: " "}.get(tier, "") + query
        at = text.find(needle)
        while at != -1 and len(out) < limit:
            key = bisect_right(starts, at + 1 if tier == MATCH_PREFIX else at) - 1
            row = rows[key]
            if row not in seen and (accept is None or kind_of(codes[row]) in accept):
                seen.add(row)
                out.append((row, tier))
            # one hit per name: continue at the next name ("\n" that opens it, for prefix needles)
            at = text.find(needle, starts[key + 1] - (tier == MATCH_PREFIX))


class _SearchIndex:
    """Folded keys of every current region plus the name aliases; segments built per level on demand."""

    def __init__(self) -> None:
        table = regions._index().current
        self.codes = table.codes
        keys = fold_many(table.names)
        for row, code in enumerate(table.codes):
            if len(code) == 5:  # kab/kota are searched by their bare name; "kota …" typed is handled as a type word
                keys[row] = bare_name(table.names[row])
        self.keys = keys
        self.alias_keys: list[tuple[str, int]] = []
        for alias in read_rows("wilayah_name_aliases.csv"):
            alias_row = table.row(alias["code"])
            if alias["alias"] and alias_row is not None:
                self.alias_keys.append((fold(alias["alias"]), alias_row))
        self._segments: dict[tuple[str | None, int], _Segment] = {}
        self._exact: dict[int, dict[str, list[int]]] = {}
        self._lock = threading.Lock()

    def _rows(self, level: int, within: str | None) -> list[int]:
        lo, hi = (0, len(self.codes)) if within is None else regions._index().current.subtree(within)
        width = _WIDTH[level]
        return [r for r in range(lo, hi) if len(self.codes[r]) == width]

    def segment(self, level: int, within: str | None) -> _Segment:
        cache_key = (within, level)
        found = self._segments.get(cache_key)
        if found is None:
            rows = self._rows(level, within)
            prefix = None if within is None else within + "."
            width = _WIDTH[level]
            aliases = [
                (k, r)
                for k, r in self.alias_keys
                if len(self.codes[r]) == width and (prefix is None or self.codes[r].startswith(prefix))
            ]
            found = _Segment([self.keys[r] for r in rows] + [k for k, _r in aliases], rows + [r for _k, r in aliases])
            with self._lock:
                if within is not None and len(self._segments) > 64:  # keep the whole-country segments, drop others
                    for old in [k for k in self._segments if k[0] is not None]:
                        del self._segments[old]
                self._segments[cache_key] = found
        return found

    def exact(self, level: int) -> dict[str, list[int]]:
        found = self._exact.get(level)
        if found is None:
            found = {}
            for row in self._rows(level, None):
                found.setdefault(self.keys[row], []).append(row)
            for key, row in self.alias_keys:
                if len(self.codes[row]) == _WIDTH[level]:
                    found.setdefault(key, []).append(row)
            self._exact[level] = found
        return found


_build_lock = threading.Lock()
_built: _SearchIndex | None = None


def _search_index() -> _SearchIndex:
    global _built
    if _built is None:
        with _build_lock:
            if _built is None:
                _built = _SearchIndex()
    return _built


def warm_up() -> None:
    """Build the search index now (on a worker at start-up) so the first keystroke answers at once."""
    index = _search_index()
    for level in (1, 2, 3, 4):
        index.segment(level, None)


def _plans(query: str, levels: list[int]) -> list[tuple[str, list[int], frozenset[str] | None]]:
    """What to look for: the text as typed, preceded by the text without a leading type word ("kab", "kec")."""
    plans: list[tuple[str, list[int], frozenset[str] | None]] = []
    for pattern, level, kinds in _TYPE_PREFIXES:
        stripped = pattern.sub("", query, count=1)
        if stripped != query and level in levels:
            plans.append((stripped, [level], kinds))
            break
    plans.append((query, levels, None))
    return plans


def _within_code(within: str | None) -> tuple[str | None, int]:
    if within is None:
        return None, 0
    region = get_region(within)
    if region is None or region.retired:
        raise LookupError(within)
    return region.code, region.level


def search_regions(text: str, level: int | None = None, within: str | None = None, limit: int = 30) -> list[RegionHit]:
    """Current regions whose name matches ``text`` (case/diacritic-insensitive), best first.

    Order: names starting with the text, then names with a word starting with it, then any substring; within each,
    provinces before kab/kota before kecamatan before desa, then alphabetical, then by code.
    """
    query = _KEP.sub("kepulauan", fold(text))
    if not query or limit <= 0:
        return []
    try:
        within_code, within_level = _within_code(within)
    except LookupError:
        return []
    levels = [lv for lv in ([level] if level else [1, 2, 3, 4]) if lv > within_level]
    index = _search_index()
    found: list[tuple[int, str]] = []
    seen: set[int] = set()
    plans = _plans(query, levels)
    for tier in _TIERS:
        for plan_query, plan_levels, kinds in plans:
            for lv in plan_levels:
                if len(found) < limit and plan_query:
                    index.segment(lv, within_code).collect(plan_query, tier, kinds, index.codes, found, seen, limit)
    hits = []
    for row, tier in found:
        region = get_region(index.codes[row])
        if region is not None:
            hits.append(RegionHit(region, path_label(region.code), tier))
    return hits


def match_region_name(text: str, level: int, within: str | None = None) -> RegionNameMatch:
    """Code for an imported region name at ``level`` ("Kota Bandung", "KAB. BOGOR", "DKI Jakarta", "Jakarta Barat").

    ``within`` (a parent code) narrows the search. Ambiguous names ("Bogor" at level 2) give ``code=None`` and the
    candidates; an unknown name gives close spellings as candidates. A name found only among retired codes
    (e.g. "KAB. MERAUKE" within Papua) gives the current successor.
    """
    query = _KEP.sub("kepulauan", fold(text))
    try:
        within_code, _within_level = _within_code(within)
    except LookupError:
        return RegionNameMatch(None, ())
    if not query or level not in _WIDTH:
        return RegionNameMatch(None, ())
    index = _search_index()
    exact = index.exact(level)
    prefix = None if within_code is None else within_code + "."

    def usable(row: int, kinds: frozenset[str] | None) -> bool:
        code = index.codes[row]
        return (prefix is None or code.startswith(prefix)) and (kinds is None or kind_of(code) in kinds)

    rows: list[int] = []
    for plan_query, _levels, kinds in _plans(query, [level]):
        key = bare_name(plan_query) if level == 2 else plan_query
        rows = list(dict.fromkeys(r for r in exact.get(key, ()) if usable(r, kinds)))  # a name and its alias
        if rows:
            break
    if not rows:
        moved = _retired_match(query, level, within_code)
        if moved is not None:
            return RegionNameMatch(moved.code, (moved,))
        return RegionNameMatch(None, _close_spellings(index, query, level, within_code))
    candidates = tuple(r for r in (get_region(index.codes[row]) for row in rows) if r is not None)
    return RegionNameMatch(candidates[0].code if len(candidates) == 1 else None, candidates)


def _retired_match(query: str, level: int, within: str | None) -> Region | None:
    """Successor of the one retired region with this name (e.g. "KAB. MERAUKE" -> 93.01), when there is one."""
    table = regions._index().retired
    wanted = bare_name(query)
    found = set()
    for code, name in zip(table.codes, table.names, strict=True):
        if level_of(code) == level and bare_name(name) == wanted:
            now = regions.successor(code)
            if now is not None and (within is None or code.startswith(within + ".") or now.code.startswith(within)):
                found.add(now.code)
    return get_region(found.pop()) if len(found) == 1 else None


def _close_spellings(index: _SearchIndex, query: str, level: int, within: str | None) -> tuple[Region, ...]:
    rows = index._rows(level, within)
    keys = {row: index.keys[row] for row in rows}
    wanted = bare_name(query) if level == 2 else query
    best = process.extract(wanted, keys, scorer=fuzz.ratio, score_cutoff=80, limit=5)
    return tuple(r for r in (get_region(index.codes[row]) for _key, _score, row in best) if r is not None)
