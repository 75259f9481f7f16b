"""Region table: counts, lookup, hierarchy, labels, retired codes and their successors."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from kesos_desktop.core.reference import regions
from kesos_desktop.core.reference.regions import (
    children,
    full_label,
    get_region,
    kind_of,
    normalize_code,
    parent_chain,
    path_label,
    provinces,
    region_data_notice,
    successor,
)
from kesos_desktop.core.resources import resource_path


def all_current() -> list[str]:
    return regions._index().current.codes


def test_counts_match_the_2025_decree():
    by_level = Counter(regions.level_of(code) for code in all_current())
    assert by_level == {1: 38, 2: 514, 3: 7285, 4: 83762}
    kinds = Counter(kind_of(code) for code in all_current())
    assert kinds["kabupaten"] == 416 and kinds["kota"] == 98
    assert kinds["kelurahan"] == 8496 and kinds["desa"] + kinds["desa_adat"] == 75266
    assert kinds["desa_adat"] == 14


def test_fast_reader_agrees_with_the_csv_module():
    text = resource_path("data", "wilayah.csv").read_text(encoding="utf-8")
    codes, names = regions._read_code_name_csv(text)
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert codes == [r[0] for r in rows]
    assert names == [r[1].strip() for r in rows]
    assert "Lubuk Pakam I,II" in names  # a quoted name with a comma


def test_lookup_dotted_and_undotted():
    gambir = get_region("31.71.01.1001")
    assert gambir == get_region("3171011001") == get_region(" 31 71 01 1001 ")
    assert gambir.name == "Gambir"
    assert gambir.level == 4
    assert gambir.kind == "kelurahan"
    assert gambir.parent_code == "31.71.01"
    assert not gambir.retired
    assert gambir.undotted == "3171011001"
    assert get_region("31").kind == "provinsi"
    assert get_region("31.71").kind == "kota"
    assert get_region("32.01").kind == "kabupaten"
    assert get_region("31.71.01").kind == "kecamatan"
    assert get_region("11.01.01.2001").kind == "desa"


@pytest.mark.parametrize("code", [None, "", "99", "31.70", "abc", "317", "31.71.01.9999", "3171011001001"])
def test_unknown_or_malformed_codes_give_none(code):
    assert get_region(code) is None


def test_names_are_stripped():
    assert get_region("31.72").name == "Kota Administrasi Jakarta Utara"  # trailing space in the source


def test_desa_adat_kind():
    adat = [c for c in all_current() if len(c) == 13 and c[9] == "3"]
    assert adat and all(get_region(c).kind == "desa_adat" for c in adat)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3171011001", "31.71.01.1001"),
        ("31.71.01.1001", "31.71.01.1001"),
        ("31-71-01-1001", "31.71.01.1001"),
        ("317101", "31.71.01"),
        ("3171", "31.71"),
        ("31", "31"),
        ("317", None),
        ("31710110011", None),
        ("31.7a", None),
        ("", None),
        ("٣١", None),  # non-ASCII digits are not codes
    ],
)
def test_normalize_code(text, expected):
    assert normalize_code(text) == expected


def test_parent_chain_and_children():
    assert [r.code for r in parent_chain("3171011001")] == ["31", "31.71", "31.71.01", "31.71.01.1001"]
    assert parent_chain("99") == []
    dki = [r.code for r in children("31")]
    assert dki == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]
    assert [r.name for r in children("31.71.01")] == [
        "Gambir",
        "Cideng",
        "Petojo Utara",
        "Petojo Selatan",
        "Kebon Kelapa",
        "Duri Pulo",
    ]
    assert children("31.71.01.1001") == []
    assert children("nope") == []


def test_provinces():
    found = provinces()
    assert len(found) == 38
    assert [p.code for p in found] == sorted(p.code for p in found)
    assert found[0].name == "Aceh" and found[-1].name == "Papua Barat Daya"


def test_labels():
    assert path_label("31.71.01.1001") == (
        "Gambir, Gambir, Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta"
    )
    assert full_label("31.71.01.1001") == (
        "Kelurahan Gambir, Kecamatan Gambir, Kota Administrasi Jakarta Pusat, Provinsi Daerah Khusus Ibukota Jakarta"
    )
    assert full_label("11.01.01.2001").startswith("Desa Keude Bakongan, Kecamatan Bakongan, Kabupaten Aceh Selatan")
    assert full_label("nope") == ""


def test_retired_codes_are_accepted_with_a_successor():
    merauke = get_region("9101")
    assert merauke is not None
    assert merauke.retired
    assert merauke.name == "KAB. MERAUKE"
    assert merauke.kind == "kabupaten"
    assert successor("91.01").code == "93.01"
    assert successor("91.01").name == "Kabupaten Merauke"
    assert [r.code for r in parent_chain("91.01.05")] == ["91", "91.01", "91.01.05"]
    assert {r.code for r in children("91.01")} >= {"91.01.01", "91.01.22"}
    assert successor("31.71") is None  # current codes have no successor
    assert successor("nope") is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Rows of haikalmumtaz233/nusaindex data/region_aliases.csv (UU 14, 15, 16, 29/2022 and UU 20/2012).
        ("91.02", "95.01"),
        ("91.02.03", "95.01.02"),
        ("91.02.68", "95.01.40"),
        ("91.04", "94.01"),
        ("91.04.06", "94.01.04"),
        ("91.07.34", "94.02.26"),
        ("91.09", "94.04"),
        ("91.12", "95.02"),
        ("91.13.36", "95.03.34"),  # Holuon -> Holuwon
        ("91.13.44", "95.03.42"),  # Seredela -> Seradala
        ("91.13.47", "95.03.45"),  # Kwelemdua -> Kwelamdua
        ("91.16", "93.02"),
        ("91.18.18", "93.04.18"),  # Ayip -> Ayib
        ("91.21.01", "95.05.01"),  # Kobagma -> Kobakma
        ("91.25", "94.05"),
        ("91.28.05", "94.08.05"),
        ("92.01", "96.01"),
        ("92.01.04", "96.01.02"),
        ("92.05.05", "96.03.23"),  # Kepulauan Ayau and Ayau swapped numbers
        ("92.05.24", "96.03.05"),
        ("92.71", "96.71"),
        ("92.71.10", "96.71.10"),
        ("64.04", "65.01"),
        ("64.04.12", "65.01.10"),
        ("64.05", "65.03"),
        ("64.06", "65.02"),
        ("64.10.03", "65.04.03"),
        ("64.73", "65.71"),
    ],
)
def test_successors_agree_with_the_laws(old, new):
    assert get_region(old).retired
    assert successor(old).code == new


def test_every_retired_code_has_one_distinct_successor():
    index = regions._index()
    assert not set(index.retired.codes) & set(index.current.codes)
    found = {code: successor(code) for code in index.retired.codes}
    assert all(found.values()), [c for c, s in found.items() if s is None]
    targets = Counter(s.code for s in found.values())
    assert max(targets.values()) == 1  # no two retired regions collapse into one current region
    assert all(s.level == get_region(c).level for c, s in found.items())


def test_kaltara_codes_from_before_2012():
    tarakan = get_region("64.73")
    assert tarakan.retired and tarakan.kind == "kota" and tarakan.name == "Kota Tarakan"
    assert get_region("6404").retired


def test_notice_carries_provenance_and_licence():
    notice = region_data_notice()
    for needle in ("cahyadsn/wilayah", "MIT", "300.2.2-2138", "2430", "Cahya DSN", "nusaindex"):
        assert needle in notice
