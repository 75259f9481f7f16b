"""Indonesian name normalisation: spelling variants and titles give one key; different names stay apart."""

from __future__ import annotations

import pytest

from kesos_desktop.core.registry.names import (
    canonical_token,
    clean_display_name,
    compact_key,
    name_key,
    name_tokens,
    query_tokens,
)

SAME = [
    # (variants that are one name, the key they share)
    (
        ["Muhammad Yusuf", "Muhamad Yusuf", "Mohammad Yusuf", "Moh. Yusuf", "M. Yusuf", "Mochammad Jusuf"],
        "muhamad yusuf",
    ),
    (["Mhd Rizki", "Muh. Rizki", "Mohd. Rizki", "Md Rizki"], "muhamad rizki"),
    (["Siti Aminah", "St. Aminah", "Sitti Aminah", "Hj. Siti Aminah", "Ibu Siti Aminah"], "siti amina"),
    (["Soekarno", "Sukarno", "Bapak Soekarno", "Sukarno, S.H."], "sukarno"),
    (["Djoko Susilo", "Joko Susilo", "Sdr. Joko Susilo", "DJOKO SUSILO"], "joko susilo"),
    (["Tjipto Wibowo", "Cipto Wibowo"], "cipto wibowo"),
    (["Sjahrir", "Syahrir"], "syahrir"),
    (["Njoman Sudana", "Nyoman Sudana"], "nyoman sudana"),
    (["Achmad Fauzi", "Ahmad Fauzi", "Akhmad Fauzi", "Bpk. H. Ahmad Fauzi", "Ust. Ahmad Fauzi"], "ahmad fauzi"),
    (["Chairul Anwar", "Khairul Anwar", "Hairul Anwar"], "hairul anwar"),
    (["Fatimah", "Fatima", "Fatimmah"], "fatima"),
    (["Yanti", "Yanty", "Janti"], "yanti"),
    (["Abd. Rahman", "Abdul Rahman", "Abdoel Rachman"], "abdul rahman"),
    (["Nur Hasanah", "Noer Hasanah", "Nur Hasanah, S.Pd.", "Nur Hasanah S.Pd."], "nur hasana"),
    (["Muhammad Fadhil", "Muhamad Fadil"], "muhamad fadil"),
    (["Taufiq Hidayat", "Taufik Hidayat"], "taufik hidayat"),
    (["Ahmad bin Yusuf", "Ahmad Yusuf"], "ahmad yusuf"),
    (["Budi   Santoso", " budi santoso ", "Budi-Santoso", "Drs. Budi Santoso, M.Si."], "budi santoso"),
    (["Rina Marlina, S.Sos.", "Rina Marlina S.Sos", "Rina Marlina A.Md.Kep"], "rina marlina"),
    (["Dzulkifli", "Zulkifli"], "zulkifli"),
    (["Mustofa", "Mustafa", "Moestofa"], "mustafa"),
    (["Ramadhan", "Ramadan"], "ramadan"),
    (["Ani Bu", "Ibu Ani", "Bu Ani"], "ani"),
    (["José", "Jose"], "jose"),
]


@pytest.mark.parametrize(("variants", "key"), SAME, ids=[v[0][0] for v in SAME])
def test_spelling_variants_share_one_key(variants: list[str], key: str) -> None:
    assert {name_key(v) for v in variants} == {key}


DIFFERENT = [
    ("Budi Santoso", "Budi Susanto"),
    ("Siti Aminah", "Siti Aisyah"),
    ("Andi M. Yusuf", "Andi Yusuf"),  # a middle initial is kept: only a leading M. is Muhammad
    ("Ahmad H.", "Ahmad"),  # a trailing H is an initial, not Haji
    ("Rina", "Rini"),
    ("Agus Salim", "Agus Saleh"),
    ("Dewi Lestari", "Dewi Lestiani"),
    ("I Made Sudana", "Made Sudana"),  # Balinese birth-order names are part of the name
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_titles_alone_are_kept_rather_than_emptied() -> None:
    assert name_key("Bu") == "bu"
    assert name_key("H") == "h"
    assert name_key("") == ""
    assert name_tokens("Hj.") == ["hj"]


def test_word_order_is_kept_in_the_key_and_spacing_compacts() -> None:
    assert name_key("Santoso Budi") == "santoso budi"
    assert compact_key(name_key("Nur Hayati")) == compact_key(name_key("Nurhayati"))


def test_query_tokens_normalise_like_names_and_keep_partial_words() -> None:
    assert query_tokens("Moch. Soek") == ["muhamad", "suk"]
    assert query_tokens("Ibu St. Ami") == ["siti", "ami"]
    assert query_tokens("Ach") == ["ah"]  # prefix of "ahmad"
    for name in ("Djoko Tjiptono", "Hj. Siti Fatimah", "Muhammad Fadhil Ramadhan"):
        tokens = name_tokens(name)
        assert all(any(t.startswith(q) for t in tokens) for q in query_tokens(name))


def test_canonical_token_is_cached_and_stable() -> None:
    assert canonical_token("soekarno") == canonical_token("sukarno") == "sukarno"
    assert canonical_token.cache_info().maxsize >= 1000


def test_clean_display_name_keeps_titles_and_trims() -> None:
    assert clean_display_name("  Bpk.  H.   Ahmad ") == "Bpk. H. Ahmad"
