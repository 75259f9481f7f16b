"""Numbers and Rupiah amounts in Indonesian words (terbilang) for kwitansi, vouchers and berita acara.

Always Indonesian: these words go on official documents whatever the interface language is. Integer arithmetic
only (``//`` and ``%``), so large amounts never pass through a float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MAX_TERBILANG = 10**15 - 1  # 999 triliun ...: the largest scale word we use is "triliun"

_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ("", "ribu", "juta", "miliar", "triliun")
_SEN = Decimal("0.01")


def _below_thousand(n: int) -> list[str]:
    """Words for 1..999 ("seratus", "sebelas", "dua puluh satu"); empty for 0."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [_DIGITS[hundreds], "ratus"]
    tens, ones = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [_DIGITS[ones], "belas"]
    else:
        if tens > 1:
            words += [_DIGITS[tens], "puluh"]
        if ones:
            words.append(_DIGITS[ones])
    return words


def _check_int(n: object) -> int:
    # bool is an int subclass; terbilang(True) is certainly a bug at the call site.
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"terbilang needs an int, not {type(n).__name__}")
    return n


def terbilang(n: int) -> str:
    """Spell an integer in Indonesian: 1250000 → "satu juta dua ratus lima puluh ribu"; 0 → "nol".

    Negative numbers get "minus"; beyond 999 triliun raises ValueError.
    """
    n = _check_int(n)
    if abs(n) > MAX_TERBILANG:
        raise ValueError(f"{n} is too large to spell (the limit is {MAX_TERBILANG})")
    if n == 0:
        return "nol"
    if n < 0:
        return "minus " + terbilang(-n)
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if not group:
            continue
        if scale == 1 and group == 1:
            words.append("seribu")  # "seribu", but "satu juta", "satu miliar"
        else:
            words += _below_thousand(group)
            if scale:
                words.append(_SCALES[scale])
    return " ".join(words)


def money_decimal(amount: object) -> Decimal:
    """``amount`` as a finite Decimal; TypeError for float (cannot hold sen exactly), bool or anything else."""
    if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):
        raise TypeError(f"money must be int or Decimal, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not an amount of money: {amount}")
    return value


def terbilang_rupiah(amount: int | Decimal) -> str:
    """Rupiah in words: 1250000 → "satu juta dua ratus lima puluh ribu rupiah"; sen are spelled after ("... rupiah
    tujuh puluh lima sen"), amounts are rounded half-up to whole sen first."""
    value = money_decimal(amount).quantize(_SEN, rounding=ROUND_HALF_UP)
    if value < 0:
        return "minus " + terbilang_rupiah(-value)
    sen_total = int(value * 100)
    rupiah, sen = divmod(sen_total, 100)
    words = f"{terbilang(rupiah)} rupiah"
    if sen:
        words += f" {terbilang(sen)} sen"
    return words


def terbilang_kwitansi(amount: int | Decimal, frame: str = "#") -> str:
    """Capitalised words framed against tampering, for a kwitansi: "# Satu Juta Dua Ratus Ribu Rupiah #"."""
    words = " ".join(word.capitalize() for word in terbilang_rupiah(amount).split())
    return f"{frame} {words} {frame}" if frame else words
