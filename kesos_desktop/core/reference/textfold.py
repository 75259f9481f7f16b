"""Folding names for matching: lower case, no diacritics, no apostrophes, punctuation to single spaces."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_APOSTROPHES = "'’‘`´ʼ"
_PUNCTUATION = '.,;:/\\()[]{}-_"!?&+*#@%=<>|~^\t\r'
# Apostrophes vanish (people type "Ba'u", "Bau" or "Ba’u" for the same village); other punctuation separates words.
_TABLE = str.maketrans({**dict.fromkeys(_APOSTROPHES, None), **dict.fromkeys(_PUNCTUATION + "“”", " ")})
_BYTES_TABLE = bytes.maketrans(_PUNCTUATION.encode(), b" " * len(_PUNCTUATION))
_COMBINING = re.compile(r"[\u0300-\u036f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_TABLE)


def fold(text: str) -> str:
    """``"  Kab. Ba’u-Ba’u "`` -> ``"kab bau bau"``."""
    if not text.isascii():
        text = _fold_run(text)
    return " ".join(text.lower().translate(_TABLE).split())


def fold_many(texts: Sequence[str]) -> list[str]:
    """``fold`` over many names at once: one pass over a joined string at C speed instead of a Python loop."""
    joined = "\n".join(texts)
    if not joined.isascii():  # only the few non-ASCII runs go through NFKD
        joined = _NON_ASCII.sub(lambda m: _fold_run(m.group()), joined)
    if joined.isascii():
        joined = joined.encode("ascii").lower().translate(_BYTES_TABLE, b"'`").decode("ascii")
    else:
        joined = joined.lower().translate(_TABLE)
    while "  " in joined:
        joined = joined.replace("  ", " ")
    folded = joined.replace(" \n", "\n").replace("\n ", "\n").strip(" ").split("\n")
    if len(folded) != len(texts):  # a name held a line break of its own; fall back to the exact, slower way
        return [fold(t) for t in texts]
    return folded
