"""terbilang: Indonesian number words for kwitansi and berita acara, checked by table, parser round trip and rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kesos_desktop.core.i18n.terbilang import MAX_TERBILANG, terbilang, terbilang_kwitansi, terbilang_rupiah

CASES = [
    (0, "nol"),
    (1, "satu"),
    (7, "tujuh"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (99, "sembilan puluh sembilan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (110, "seratus sepuluh"),
    (111, "seratus sebelas"),
    (200, "dua ratus"),
    (999, "sembilan ratus sembilan puluh sembilan"),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1100, "seribu seratus"),
    (2000, "dua ribu"),
    (2026, "dua ribu dua puluh enam"),
    (11_000, "sebelas ribu"),
    (100_000, "seratus ribu"),
    (101_000, "seratus satu ribu"),
    (115_250, "seratus lima belas ribu dua ratus lima puluh"),
    (1_000_000, "satu juta"),
    (1_001_000, "satu juta seribu"),
    (1_250_000, "satu juta dua ratus lima puluh ribu"),
    (2_950_000, "dua juta sembilan ratus lima puluh ribu"),
    (1_000_000_000, "satu miliar"),
    (1_001_000_000, "satu miliar satu juta"),
    (1_000_000_000_000, "satu triliun"),
    (
        999_999_999_999_999,
        "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh sembilan miliar "
        "sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu "
        "sembilan ratus sembilan puluh sembilan",
    ),
    (-5, "minus lima"),
    (-1_000, "minus seribu"),
]


@pytest.mark.parametrize(("n", "words"), CASES)
def test_terbilang_table(n: int, words: str) -> None:
    assert terbilang(n) == words


@pytest.mark.parametrize("n", [MAX_TERBILANG + 1, 10**18, -(10**15)])
def test_beyond_triliun_is_refused(n: int) -> None:
    with pytest.raises(ValueError):
        terbilang(n)


@pytest.mark.parametrize("bad", [1.0, Decimal("1"), "1", True, None])
def test_only_int_is_spelled(bad: object) -> None:
    with pytest.raises(TypeError):
        terbilang(bad)  # type: ignore[arg-type]


RUPIAH_CASES = [
    (0, "nol rupiah"),
    (1_250_000, "satu juta dua ratus lima puluh ribu rupiah"),
    (Decimal("1250000.00"), "satu juta dua ratus lima puluh ribu rupiah"),
    (Decimal("1250000.75"), "satu juta dua ratus lima puluh ribu rupiah tujuh puluh lima sen"),
    (Decimal("0.05"), "nol rupiah lima sen"),
    (Decimal("999.995"), "seribu rupiah"),  # half-up to whole sen first
    (Decimal("-2500"), "minus dua ribu lima ratus rupiah"),
]


@pytest.mark.parametrize(("amount", "words"), RUPIAH_CASES)
def test_terbilang_rupiah(amount: int | Decimal, words: str) -> None:
    assert terbilang_rupiah(amount) == words


def test_terbilang_rupiah_refuses_float() -> None:
    with pytest.raises(TypeError):
        terbilang_rupiah(1250000.0)  # type: ignore[arg-type]


def test_terbilang_kwitansi() -> None:
    assert terbilang_kwitansi(1_250_000) == "# Satu Juta Dua Ratus Lima Puluh Ribu Rupiah #"
    assert terbilang_kwitansi(Decimal("150000.50"), frame="==") == "== Seratus Lima Puluh Ribu Rupiah Lima Puluh Sen =="
    assert terbilang_kwitansi(1000, frame="") == "Seribu Rupiah"


# An independent reader of the words, written differently from the generator (left to right, no groups of three).
_DIGIT = {
    word: value
    for value, word in enumerate(
        ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
    )
}
_SCALE = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}


def read_words(text: str) -> int:
    words = text.split()
    sign = 1
    if words[0] == "minus":
        sign, words = -1, words[1:]
    total = hundreds = pending = 0
    for word in words:
        if word in _DIGIT:
            pending += _DIGIT[word]
        elif word == "sepuluh":
            pending += 10
        elif word == "sebelas":
            pending += 11
        elif word == "belas":
            pending += 10
        elif word == "puluh":
            hundreds, pending = hundreds + pending * 10, 0
        elif word == "ratus":
            hundreds, pending = hundreds + pending * 100, 0
        elif word == "seratus":
            hundreds += 100
        elif word == "seribu":
            total += 1000
        elif word in _SCALE:
            total, hundreds, pending = total + (hundreds + pending) * _SCALE[word], 0, 0
        else:
            raise AssertionError(f"unexpected word {word!r} in {text!r}")
    return sign * (total + hundreds + pending)


@given(st.integers(min_value=-MAX_TERBILANG, max_value=MAX_TERBILANG))
def test_words_read_back_to_the_number(n: int) -> None:
    assert read_words(terbilang(n)) == n


@given(st.integers(min_value=1, max_value=MAX_TERBILANG))
def test_word_count_bounds(n: int) -> None:
    # At most five groups of "x ratus y puluh z" plus four scale words.
    count = len(terbilang(n).split())
    assert 1 <= count <= 5 * 5 + 4
    assert "nol" not in terbilang(n).split()


@given(st.integers(min_value=1, max_value=9999))
def test_se_forms_are_used_for_one(n: int) -> None:
    words = terbilang(n)
    for wrong in ("satu ratus", "satu ribu", "satu puluh", "satu belas", "se ", "nol"):
        assert wrong not in words


@given(st.integers(min_value=0, max_value=MAX_TERBILANG), st.integers(min_value=0, max_value=MAX_TERBILANG))
def test_different_numbers_have_different_words(a: int, b: int) -> None:
    if a != b:
        assert terbilang(a) != terbilang(b)
