"""Kemendagri region codes (provinsi → desa/kelurahan): lookup, hierarchy, labels and successors of retired codes."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kesos_desktop.core.errors import ResourceMissing
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.reference.datafiles import read_rows
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.resources import resource_path

if TYPE_CHECKING:
    from kesos_desktop.core.reference.region_search import RegionHit, RegionNameMatch

PROVINSI, KABUPATEN, KOTA, KECAMATAN = "provinsi", "kabupaten", "kota", "kecamatan"
KELURAHAN, DESA, DESA_ADAT = "kelurahan", "desa", "desa_adat"

# Dotted codes have fixed widths: 31 / 31.71 / 31.71.01 / 31.71.01.1001.
_LEVEL_BY_LENGTH = {2: 1, 5: 2, 8: 3, 13: 4}
_LENGTH_BY_LEVEL = {1: 2, 2: 5, 3: 8, 4: 13}
_SEPARATORS = re.compile(r"[\s.\-]")
_DESA_KIND = {"1": KELURAHAN, "2": DESA, "3": DESA_ADAT}
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_COMMA = "\x1f"  # stands in for commas inside quoted names while the file is split on commas
# Thresholds for a respelled successor name (rapidfuzz ratio 0..100); the Papua cases score 75–92.
_RESPELLING_SCORE = 70
_RESPELLING_MARGIN = 10


@dataclass(frozen=True, slots=True)
class Region:
    """One region. ``code`` is dotted (``31.71.01.1001``); ``retired`` codes come from earlier decrees."""

    code: str
    name: str
    level: int
    parent_code: str | None
    kind: str
    retired: bool = False

    @property
    def undotted(self) -> str:
        return self.code.replace(".", "")


def level_of(code: str) -> int | None:
    """Level 1..4 of a dotted code, from its length alone."""
    return _LEVEL_BY_LENGTH.get(len(code))


def kind_of(code: str) -> str:
    """Kind from the code rules (domain §6.1): kab 01–69 / kota 71–99; desa digit 1 kelurahan, 2 desa, 3 desa adat."""
    level = _LEVEL_BY_LENGTH[len(code)]
    if level == 1:
        return PROVINSI
    if level == 2:
        return KABUPATEN if int(code[3:5]) < 70 else KOTA
    if level == 3:
        return KECAMATAN
    return _DESA_KIND.get(code[9], DESA)


def normalize_code(text: str) -> str | None:
    """``"3171011001"``, ``"31.71.01.1001"`` or ``"31 71 01 1001"`` -> ``"31.71.01.1001"``; None if not code-shaped."""
    digits = _SEPARATORS.sub("", text or "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (2, 4, 6, 10):
        return None
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


class _Table:
    """Codes sorted as text with their names in parallel lists; a subtree is one contiguous slice."""

    __slots__ = ("codes", "names")

    def __init__(self, codes: list[str], names: list[str]) -> None:
        if codes != sorted(codes):
            order = sorted(range(len(codes)), key=codes.__getitem__)
            codes = [codes[i] for i in order]
            names = [names[i] for i in order]
        self.codes = codes
        self.names = names

    def row(self, code: str) -> int | None:
        """Row of ``code``; binary search keeps memory low (a dict over 91,599 codes costs ~5 MB more)."""
        at = bisect_left(self.codes, code)
        return at if at < len(self.codes) and self.codes[at] == code else None

    def subtree(self, code: str) -> tuple[int, int]:
        """Row range of every descendant of ``code`` (not ``code`` itself); '/' sorts right after '.'."""
        return bisect_left(self.codes, code + "."), bisect_left(self.codes, code + "/")


class _Index:
    """Everything loaded from resources/data; built once per process on first use."""

    def __init__(self) -> None:
        codes, names = _read_code_name_csv(resource_path("data", "wilayah.csv").read_text(encoding="utf-8"))
        self.current = _Table(codes, names)

        retired_codes: list[str] = []
        retired_names: list[str] = []
        for row in read_rows("wilayah_retired.csv"):
            retired_codes.append(row["kode"])
            retired_names.append(row["nama"])
        # old -> new codes stated by law (Kaltara); those old codes predate wilayah_retired.csv, so they are
        # added as retired regions carrying the current name of their successor.
        self.aliases: dict[str, str] = {}
        for row in read_rows("wilayah_aliases.csv"):
            old, new = row["old_code"], row["new_code"]
            self.aliases[old] = new
            new_row = self.current.row(new)
            if old not in retired_codes and new_row is not None:
                retired_codes.append(old)
                retired_names.append(self.current.names[new_row])
        self.retired = _Table(retired_codes, retired_names)

        self.splits: dict[str, list[str]] = {}
        for row in read_rows("wilayah_splits.csv"):
            self.splits.setdefault(row["old_province"], []).append(row["new_province"])
        self.successors: dict[str, str | None] = {}


def _read_code_name_csv(text: str) -> tuple[list[str], list[str]]:
    """Fast reader for the two-column ``kode,nama`` file (RFC 4180).

    One ``split`` over the whole text instead of one per line: 91,599 rows load in a fraction of the time.
    The few quoted names (with commas) have their commas swapped for a placeholder first and restored after.
    """
    body = text.replace("\r\n", "\n").split("\n", 1)[1].strip("\n")
    quoted = '"' in body
    if quoted:
        body = _QUOTED.sub(lambda m: m.group(1).replace('""', '"').replace(",", _COMMA), body)
    parts = body.replace("\n", ",").split(",")
    if len(parts) % 2:
        raise ResourceMissing(_("Berkas data wilayah rusak: {file}. Pasang ulang program.").format(file="wilayah.csv"))
    codes, names = parts[0::2], parts[1::2]
    # Names are stripped: the source has at least one trailing space ("Kota Administrasi Jakarta Utara ").
    names = [n.replace(_COMMA, ",").strip() for n in names] if quoted else [n.strip() for n in names]
    return codes, names


_lock = threading.Lock()
_loaded: _Index | None = None


def _index() -> _Index:
    global _loaded
    if _loaded is None:
        with _lock:  # the UI may warm the index on a worker while the GUI thread asks for a region
            if _loaded is None:
                _loaded = _Index()
    return _loaded


def warm_up() -> None:
    """Load the region table now (e.g. on a worker thread at start-up) so the first lookup is instant."""
    _index()


def _dotted(code: str) -> str | None:
    if len(code) in _LEVEL_BY_LENGTH and code.replace(".", "").isdigit():
        return code
    return normalize_code(code)


@lru_cache(maxsize=8192)
def _region(code: str) -> Region | None:
    index = _index()
    for table, retired in ((index.current, False), (index.retired, True)):
        row = table.row(code)
        if row is not None:
            parent = code.rsplit(".", 1)[0] if "." in code else None
            return Region(code, table.names[row], _LEVEL_BY_LENGTH[len(code)], parent, kind_of(code), retired)
    return None


def get_region(code: str | None) -> Region | None:
    """Region for a dotted or undotted code (current or retired); None when unknown."""
    if not code:
        return None
    dotted = _dotted(code.strip())
    return _region(dotted) if dotted else None


def parent_chain(code: str) -> list[Region]:
    """Province → … → the region itself; empty when the code is unknown."""
    chain: list[Region] = []
    region = get_region(code)
    while region is not None:
        chain.append(region)
        region = _region(region.parent_code) if region.parent_code else None
    chain.reverse()
    return chain


def _children_in(table: _Table, code: str | None, level: int) -> list[Region]:
    lo, hi = (0, len(table.codes)) if code is None else table.subtree(code)
    width = _LENGTH_BY_LEVEL[level]
    found = [c for c in table.codes[lo:hi] if len(c) == width]
    return [r for r in map(_region, found) if r is not None]


def children(code: str) -> list[Region]:
    """Direct children ordered by code; a retired region lists its retired children."""
    region = get_region(code)
    if region is None or region.level == 4:
        return []
    index = _index()
    table = index.retired if region.retired else index.current
    return _children_in(table, region.code, region.level + 1)


def provinces() -> list[Region]:
    """The 38 current provinces ordered by code."""
    return _children_in(_index().current, None, 1)


def current_regions(level: int, within: str | None = None) -> Iterable[Region]:
    """Every current region at ``level`` (optionally under ``within``), in code order."""
    table = _index().current
    lo, hi = (0, len(table.codes)) if within is None else table.subtree(within)
    width = _LENGTH_BY_LEVEL[level]
    for code in table.codes[lo:hi]:
        if len(code) == width:
            region = _region(code)
            if region is not None:
                yield region


def path_label(code: str) -> str:
    """Plain names from the region up to the province: ``"Sukamaju, Cibeureum, Kota Tasikmalaya, Jawa Barat"``."""
    return ", ".join(r.name for r in reversed(parent_chain(code)))


_KIND_TEMPLATES = {
    PROVINSI: N_("Provinsi {name}"),
    KECAMATAN: N_("Kecamatan {name}"),
    KELURAHAN: N_("Kelurahan {name}"),
    DESA: N_("Desa {name}"),
    DESA_ADAT: N_("Desa Adat {name}"),
}


def kind_label(kind: str) -> str:
    """Translated name of a region kind (``"kabupaten"`` -> "Kabupaten")."""
    labels = {
        PROVINSI: _("Provinsi"),
        KABUPATEN: _("Kabupaten"),
        KOTA: _("Kota"),
        KECAMATAN: _("Kecamatan"),
        KELURAHAN: _("Kelurahan"),
        DESA: _("Desa"),
        DESA_ADAT: _("Desa Adat"),
    }
    return labels.get(kind, kind)


def full_label(code: str) -> str:
    """Address-style label: ``"Kelurahan Gambir, Kecamatan Gambir, Kota Administrasi Jakarta Pusat, Provinsi …"``."""
    parts = []
    for region in reversed(parent_chain(code)):
        # kab/kota names already start with "Kabupaten"/"Kota" in the decree; retired ones say "KAB."/"KOTA".
        template = _KIND_TEMPLATES.get(region.kind)
        parts.append(_(template).format(name=region.name) if template else region.name)
    return ", ".join(parts)


_TYPE_WORDS = re.compile(r"^(?:kabupaten|kab|kota|kotamadya|kodya)(?: administrasi| adm)? ")


def bare_name(name: str) -> str:
    """Folded name without its kab/kota type word: ``"KAB. MERAUKE"`` and ``"Kabupaten Merauke"`` -> ``"merauke"``."""
    return _TYPE_WORDS.sub("", fold(name))


def successor(code: str) -> Region | None:
    """Current region that replaced a retired code (by law where listed, else by name in the split provinces)."""
    region = get_region(code)
    if region is None or not region.retired:
        return None
    index = _index()
    if region.code not in index.successors:
        index.successors[region.code] = _derive_successor(index, region)
    found = index.successors[region.code]
    return _region(found) if found else None


def _derive_successor(index: _Index, region: Region) -> str | None:
    if region.code in index.aliases:
        return index.aliases[region.code]
    if region.level == 2:
        province = region.code[:2]
        candidates: list[Region] = []
        for new_province in [province, *index.splits.get(province, [])]:
            candidates.extend(current_regions(2, new_province))
    elif region.parent_code:
        parent = _region(region.parent_code)
        if parent is None:
            return None
        parent_now = successor(parent.code) if parent.retired else parent
        if parent_now is None:
            return None
        candidates = list(current_regions(region.level, parent_now.code))
    else:
        return None
    candidates = [c for c in candidates if c.kind == region.kind]
    wanted = bare_name(region.name)
    matches = [c.code for c in candidates if bare_name(c.name) == wanted]
    if matches:
        return matches[0] if len(matches) == 1 else None
    # Some names were respelled at the split (Holuon → Holuwon, Kobagma → Kobakma): take the closest name that no
    # other retired sibling claims exactly, when it is clearly closer than the runner-up.
    siblings = {bare_name(r.name) for r in _children_in(index.retired, region.parent_code, region.level)}
    unclaimed = {c.code: bare_name(c.name) for c in candidates if bare_name(c.name) not in siblings}
    best = process.extract(wanted, unclaimed, scorer=fuzz.ratio, limit=2)
    if best and best[0][1] >= _RESPELLING_SCORE and (len(best) == 1 or best[0][1] - best[1][1] >= _RESPELLING_MARGIN):
        return best[0][2]
    return None


def region_data_notice() -> str:
    """Provenance and licence text of the region data, for the About dialog."""
    return resource_path("data", "wilayah.NOTICE.md").read_text(encoding="utf-8")


def search_regions(text: str, level: int | None = None, within: str | None = None, limit: int = 30) -> list[RegionHit]:
    """Type-ahead search over current region names; see ``region_search.search_regions``."""
    from kesos_desktop.core.reference import region_search

    return region_search.search_regions(text, level=level, within=within, limit=limit)


def match_region_name(text: str, level: int, within: str | None = None) -> RegionNameMatch:
    """Match an imported name ("KAB. BOGOR", "DKI Jakarta") to one code; see ``region_search.match_region_name``."""
    from kesos_desktop.core.reference import region_search

    return region_search.match_region_name(text, level, within=within)
