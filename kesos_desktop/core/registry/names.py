"""Indonesian name normalisation for search and duplicate matching (Muhammad/Moh./M., Siti/St., old spelling)."""

from __future__ import annotations

import re

from kesos_desktop.core.reference.textfold import fold

# Honorifics and titles that are not part of the name (Bapak Budi, Hj. Siti, Sdr. Andi, Drs. ...).
TITLES = frozenset(
    {
        "bapak",
        "bpk",
        "pak",
        "ibu",
        "bu",
        "sdr",
        "sdri",
        "saudara",
        "saudari",
        "tn",
        "tuan",
        "ny",
        "nyonya",
        "nn",
        "nona",
        "hj",
        "hajah",
        "hajjah",
        "haji",
        "kh",
        "ust",
        "ustad",
        "ustadz",
        "ustaz",
        "ustadzah",
        "ustazah",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "mbah",
        "almarhum",
        "alm",
        "almh",
        "an",
        "anak",
    }
)
# "H." before a name is Haji; only as the first token, since H is also an initial.
LEADING_ONLY_TITLES = frozenset({"h"})
# Spelling families that are the same name: every variant maps to one key.
CANONICAL = {
    **dict.fromkeys(
        [
            "muhammad",
            "muhamad",
            "mohammad",
            "mohamad",
            "mochammad",
            "mochamad",
            "muhamed",
            "muhammed",
            "mohamed",
            "mohammed",
            "moch",
            "moh",
            "mhd",
            "muh",
            "md",
            "mochamat",
            "muhamat",
            "mohamat",
        ],
        "muhamad",
    ),
    **dict.fromkeys(["st", "sitti", "siti"], "siti"),
    **dict.fromkeys(["abd", "abdul", "abdoel"], "abdul"),
    **dict.fromkeys(["nur", "noer", "nuur"], "nur"),
    **dict.fromkeys(["achmad", "ahmad", "akhmad", "ahmat", "achmat", "amad"], "ahmad"),
}
# Old (van Ophuijsen / Soewandi) spellings still on many documents: Soekarno, Djoko, Tjipto, Sjahrir, Njoman.
_OLD_SPELLING = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("nj", "ny"), ("ch", "kh"), ("ph", "f")]
_DOUBLE = re.compile(r"([a-z])\1+")
# Degrees after a comma: "Budi Santoso, S.Pd." -> "Budi Santoso".
_DEGREE_TAIL = re.compile(r",.*$")


def _spell(token: str) -> str:
    for old, new in _OLD_SPELLING:
        token = token.replace(old, new)
    token = _DOUBLE.sub(r"\1", token)
    # Final -h after a vowel and final -y are written either way (Fatimah/Fatima, Yanty/Yanti).
    if len(token) > 3 and token.endswith("h") and token[-2] in "aeiou":
        token = token[:-1]
    if len(token) > 2 and token.endswith("y"):
        token = token[:-1] + "i"
    return token


def name_tokens(name: str) -> list[str]:
    """The canonical tokens of a name, in order: titles dropped, variants folded, old spelling modernised."""
    text = _DEGREE_TAIL.sub("", name or "")
    raw = fold(text).split()
    tokens: list[str] = []
    for i, token in enumerate(raw):
        if token in TITLES or (i == 0 and token in LEADING_ONLY_TITLES and len(raw) > 1):
            continue
        if token == "m" and i == 0 and len(raw) > 1:
            tokens.append("muhamad")  # "M. Yusuf"
            continue
        token = CANONICAL.get(token, token)
        tokens.append(CANONICAL.get(_spell(token), _spell(token)))
    return tokens


def name_key(name: str) -> str:
    """One string per person name for matching: ``"Moch. Soekarno, S.Pd"`` -> ``"muhamad sukarno"``."""
    return " ".join(name_tokens(name))


def query_tokens(text: str) -> list[str]:
    """Tokens typed in a search box, normalised like names; a partial last word stays a prefix."""
    out: list[str] = []
    for token in fold(text).split():
        if token in TITLES:
            continue
        canonical = CANONICAL.get(token)
        out.append(canonical if canonical else _spell(token))
    return out
