"""Region type-ahead search and name → code matching for importers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kesos_desktop.core.reference import region_search, regions
from kesos_desktop.core.reference.regions import get_region, match_region_name, search_regions
from kesos_desktop.core.reference.textfold import fold, fold_many

TIER_ORDER = {"prefix": 0, "word": 1, "substring": 2}


def test_fold():
    assert fold("  Kab. Ba’u-Ba’u ") == "kab bau bau"
    assert fold("GÁMBIR") == "gambir"
    assert fold("Regapu'u") == fold("Regapu’u") == "regapuu"
    assert fold_many(["A  b ", "Désa", "x\ny", ""]) == ["a b", "desa", "x y", ""]


def test_fold_many_equals_fold_on_all_names():
    names = regions._index().current.names
    assert fold_many(names) == [fold(n) for n in names]


def test_many_sukamaju_told_apart_by_path():
    hits = search_regions("Sukamaju", level=4, limit=500)
    assert len(hits) > 50
    assert all(h.region.level == 4 for h in hits)
    assert len({h.path_label for h in hits}) == len(hits)
    exact = [h for h in hits if h.name == "Sukamaju"]
    assert exact and hits[: len(exact)] == exact  # the exact name sorts before "Sukamaju Baru", "Sukamaju Kidul"
    labels = [h.path_label for h in hits]
    assert "Sukamaju, Bantarkalong, Kabupaten Tasikmalaya, Jawa Barat" in labels
    assert "Sukamaju Kidul, Indihiang, Kota Tasikmalaya, Jawa Barat" in labels


def test_case_and_diacritics_do_not_matter():
    assert search_regions("GAMBIR") == search_regions("gámbir") == search_regions("  gambir ")
    assert [h.code for h in search_regions("regapuu")] == ["53.07.01.2021"]
    assert [h.code for h in search_regions("Regapu’u")] == ["53.07.01.2021"]


def test_prefix_before_word_before_substring_and_higher_levels_first():
    hits = search_regions("bandung", limit=300)
    ranks = [(TIER_ORDER[h.match], h.region.level) for h in hits]
    assert ranks == sorted(ranks)
    assert {h.match for h in hits} == {"prefix", "word", "substring"}


def test_type_words_and_aliases():
    assert search_regions("kota bandung")[0].code == "32.73"
    assert search_regions("kab bogor")[0].code == "32.01"
    assert search_regions("Kab. Kep. Seribu")[0].code == "31.01"
    assert search_regions("dki")[0].code == "31"
    assert search_regions("jakpus")[0].code == "31.71"
    assert search_regions("kota baru", level=3)[0].name == "Kota Baru"  # a kecamatan literally named "Kota Baru"
    band = [h.code for h in search_regions("bandung", level=2)]
    assert band[:3] == ["32.04", "32.73", "32.17"]  # Kab. Bandung, Kota Bandung, Kab. Bandung Barat


def test_level_within_and_limit():
    hits = search_regions("suka", level=4, within="3278", limit=1000)
    assert hits and all(h.code.startswith("32.78.") and h.region.level == 4 for h in hits)
    assert len(search_regions("a", limit=7)) == 7
    assert search_regions("gambir", level=3)[0].code == "31.71.01"
    assert search_regions("gambir", within="31.71.01")[0].code == "31.71.01.1001"
    assert search_regions("") == []
    assert search_regions("gambir", within="99") == []
    assert search_regions("gambir", limit=0) == []
    assert search_regions("zzzzqqq") == []


def naive(query: str, level: int | None, within: str | None, limit: int) -> list[str]:
    """Reference ranking written the slow, obvious way."""
    index = region_search._search_index()
    q = fold(query)
    ranked = []
    for row, code in enumerate(index.codes):
        lv = regions.level_of(code)
        if (level and lv != level) or (within and not code.startswith(within + ".")):
            continue
        keys = [index.keys[row]] + [k for k, r in index.alias_keys if r == row]
        best = None
        for key in keys:
            tier = 0 if key.startswith(q) else 1 if " " + q in key else 2 if q in key else None
            if tier is not None and (best is None or (tier, key) < best):
                best = (tier, key)
        if best is not None:
            ranked.append((best[0], lv, best[1], code))
    ranked.sort()
    return [code for *_rest, code in ranked[:limit]]


@pytest.mark.parametrize(
    ("query", "level", "within"),
    [("suka", None, None), ("jaya", 3, None), ("ma", None, "32"), ("baru", 4, "35.78"), ("an", None, None)],
)
def test_search_agrees_with_a_naive_ranking(query, level, within):
    expected = naive(query, level, within, 40)
    assert [h.code for h in search_regions(query, level=level, within=within, limit=40)] == expected


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="abcdegijklmnoprstuw ", min_size=1, max_size=4).filter(lambda s: s.strip()))
def test_search_agrees_with_a_naive_ranking_for_any_text(query):
    assert [h.code for h in search_regions(query, within="33", limit=15)] == naive(query, None, "33", 15)


@pytest.mark.parametrize(
    ("text", "level", "within", "code"),
    [
        ("Kota Bandung", 2, None, "32.73"),
        ("KAB. BOGOR", 2, None, "32.01"),
        ("kab bogor", 2, None, "32.01"),
        ("Kabupaten Bogor", 2, None, "32.01"),
        ("Jakarta Barat", 2, None, "31.73"),
        ("Kota Adm. Jakarta Barat", 2, None, "31.73"),
        ("Kab. Kep. Seribu", 2, None, "31.01"),
        ("DKI Jakarta", 1, None, "31"),
        ("Jawa Barat", 1, None, "32"),
        ("Prov. Jawa Barat", 1, None, "32"),
        ("DIY", 1, None, "34"),
        ("Kaltara", 1, None, "65"),
        ("Gambir", 3, "31.71", "31.71.01"),
        ("Kec. Gambir", 3, None, "31.71.01"),
        ("Kel. Gambir", 4, "3171", "31.71.01.1001"),
        ("Keude Bakongan", 4, None, "11.01.01.2001"),
        ("KAB. MERAUKE", 2, "91", "93.01"),  # retired name within the old province -> successor
        ("Kabupaten Merauke", 2, None, "93.01"),
    ],
)
def test_match_region_name(text, level, within, code):
    found = match_region_name(text, level, within=within)
    assert found.code == code
    assert [c.code for c in found.candidates] == [code]


def test_match_region_name_ambiguous_and_unknown():
    bogor = match_region_name("Bogor", 2)
    assert bogor.code is None
    assert [c.code for c in bogor.candidates] == ["32.01", "32.71"]
    sukamaju = match_region_name("Sukamaju", 4)
    assert sukamaju.code is None and len(sukamaju.candidates) > 50
    typo = match_region_name("Tasikmalya", 2)
    assert typo.code is None
    assert {c.code for c in typo.candidates} == {"32.06", "32.78"}
    assert match_region_name("Antah Berantah", 2) == region_search.RegionNameMatch(None, ())
    assert match_region_name("", 2).code is None
    assert match_region_name("Gambir", 3, within="99").code is None


def test_hits_carry_the_region():
    hit = search_regions("gambir")[0]
    assert hit.region == get_region(hit.code)
    assert hit.name == "Gambir"
    assert hit.path_label == "Gambir, Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta"
