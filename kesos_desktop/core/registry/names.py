"""Indonesian name normalisation for search and duplicate matching (Muhammad/Moh./M., Siti/St., old spelling)."""

from __future__ import annotations

import re
from functools import lru_cache

from kesos_desktop.core.reference.textfold import fold

# Honorifics and titles that are not part of the name (Bapak Budi, Hj. Siti, Sdr. Andi, Drs. ...).
TITLES = frozenset(
    {
        "bapak",
        "bpk",
        "bp",
        "pak",
        "ibu",
        "bu",
        "sdr",
        "sdri",
        "sdra",
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
        "almarhumah",
        "alm",
        "almh",
        "an",
        "anak",
        "kak",
        "mas",
        "mbak",
        "bang",
        "abang",
        "cak",
        "neng",
        "nenek",
        "kakek",
        "opa",
        "oma",
    }
)
# "H." before a name is Haji; only as the first token, since H is also an initial.
LEADING_ONLY_TITLES = frozenset({"h"})
# Patronymic particles: "Ahmad bin Yusuf" is written "Ahmad Yusuf" as often as not.
PARTICLES = frozenset({"bin", "binti", "bt", "bte"})
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
            "mochd",
            "moh",
            "mohd",
            "mhd",
            "mhmd",
            "muh",
            "muhd",
            "md",
            "mochamat",
            "muhamat",
            "mohamat",
            "mokhamad",
            "mukhamad",
        ],
        "muhamad",
    ),
    **dict.fromkeys(["st", "sitti", "siti"], "siti"),
    **dict.fromkeys(["abd", "abdul", "abdoel", "abdol"], "abdul"),
    **dict.fromkeys(["nur", "noer", "nuur", "noor", "nor"], "nur"),
    **dict.fromkeys(["achmad", "ahmad", "akhmad", "ahmat", "achmat", "amad", "ahmed", "achmed"], "ahmad"),
    **dict.fromkeys(["yusuf", "jusuf", "yoesoef", "joesoef", "yusup", "yusuf"], "yusuf"),
    **dict.fromkeys(["yahya", "jahja", "yahja", "jahya"], "yahya"),
    **dict.fromkeys(["yohanes", "johanes", "johannes", "yohannes"], "yohanes"),
    **dict.fromkeys(["yanti", "janti", "yanty"], "yanti"),
    **dict.fromkeys(["mustafa", "mustofa", "moestofa", "mustapa", "musthofa", "mustopa"], "mustafa"),
}
# Old (van Ophuijsen / Soewandi) spellings still on many documents: Soekarno, Djoko, Tjipto, Sjahrir, Njoman, and the
# Arabic transliterations written either way (Chairul/Khairul/Hairul, Fadhil/Fadil, Taufiq/Taufik, Fathur/Fatur).
_OLD_SPELLING = [
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("sj", "sy"),
    ("nj", "ny"),
    ("ch", "h"),
    ("kh", "h"),
    ("dh", "d"),
    ("dz", "z"),
    ("th", "t"),
    ("ph", "f"),
    ("q", "k"),
]
_DOUBLE = re.compile(r"([a-z])\1+")
# Degrees after a comma: "Budi Santoso, S.Pd." -> "Budi Santoso".
_DEGREE_TAIL = re.compile(r",.*$")
# Degrees written without the comma, with their dots: "Budi Santoso S.Pd.", "Rina A.Md.Kep", "Dewi S. Sos".
_DEGREE_PART = (
    r"(?:Pd|Sos|E|H|Kom|T|Ag|Psi|Ked|Kep|Farm|Hut|Pt|Si|Sn|Sy|Hum|Ak|IP|Kes|Md|Ap|Th|Pdi|Pi|Tr|Gz|Ars|Keb|Ners)"
)
_DEGREE_DOTTED = re.compile(rf"(?:\s+(?:[SMAD]|Dr)\.\s?{_DEGREE_PART}(?:\.\s?{_DEGREE_PART})*\.?)+\s*$")


def _spell(token: str) -> str:
    for old, new in _OLD_SPELLING:
        if old in token:
            token = token.replace(old, new)
    token = _DOUBLE.sub(r"\1", token)
    # Final -h after a vowel and final -y are written either way (Fatimah/Fatima, Yanty/Yanti).
    if len(token) > 3 and token.endswith("h") and token[-2] in "aeiou":
        token = token[:-1]
    if len(token) > 2 and token.endswith("y"):
        token = token[:-1] + "i"
    return token


@lru_cache(maxsize=65536)
def canonical_token(token: str) -> str:
    """One folded word in its canonical spelling: ``"soekarno"`` -> ``"sukarno"``, ``"moch"`` -> ``"muhamad"``."""
    known = CANONICAL.get(token)
    if known is not None:
        return known
    spelled = _spell(token)
    return CANONICAL.get(spelled, spelled)


def _raw_tokens(name: str) -> list[str]:
    text = _DEGREE_TAIL.sub("", name or "")
    text = _DEGREE_DOTTED.sub("", text)
    return fold(text).split()


def name_tokens(name: str) -> list[str]:
    """The canonical tokens of a name, in order: titles dropped, variants folded, old spelling modernised."""
    raw = _raw_tokens(name)
    tokens: list[str] = []
    last = len(raw) - 1
    for i, token in enumerate(raw):
        if token in TITLES and i < last:
            continue
        if token in TITLES and tokens:  # a trailing "Bu"/"Mas" after the name; a name of only a title stays
            continue
        if not tokens and i < last and token in LEADING_ONLY_TITLES:
            continue
        if token in PARTICLES and tokens and i < last:
            continue
        if token == "m" and not tokens and i < last:
            tokens.append("muhamad")  # "M. Yusuf"
            continue
        tokens.append(canonical_token(token))
    return tokens


def name_key(name: str) -> str:
    """One string per person name for matching: ``"Moch. Soekarno, S.Pd"`` -> ``"muhamad sukarno"``."""
    return " ".join(name_tokens(name))


def compact_key(key: str) -> str:
    """A name key without spaces, so "Nur Hayati" and "Nurhayati" compare equal."""
    return key.replace(" ", "")


def query_tokens(text: str) -> list[str]:
    """Tokens typed in a search box, normalised like names; a partial last word stays a prefix."""
    return [canonical_token(token) for token in fold(text).split() if token not in TITLES]


def clean_display_name(text: str) -> str:
    """What was typed, trimmed, with runs of spaces made one (titles stay: they are only dropped in the key)."""
    return " ".join((text or "").split())
