"""Quick fill of bed labels: "A1–A10", "A1-A5, B1-B5", "1-12", "A-F" or single labels, expanded in order."""

from __future__ import annotations

import re

from kesos_desktop.core.i18n import _

MAX_BEDS = 500
_SPLIT = re.compile(r"[,;\n]+")
_RANGE = re.compile(r"^(?P<a>.+?)\s*(?:[-–—]|s\.?d\.?|sampai)\s*(?P<b>.+)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)$")


class BedLabelError(ValueError):
    """A quick-fill text that cannot be read; the message says how to write it."""


def _expand_range(first: str, last: str) -> list[str]:
    a, b = _NUMBERED.match(first), _NUMBERED.match(last)
    if a and b and a["prefix"].lower() == b["prefix"].lower():
        start, end = int(a["n"]), int(b["n"])
        if end < start:
            raise BedLabelError(
                _("Rentang {first}–{last} terbalik; tulis dari yang kecil, mis. A1–A10.").format(first=first, last=last)
            )
        if end - start + 1 > MAX_BEDS:
            raise BedLabelError(_("Paling banyak {n} tempat tidur sekaligus.").format(n=MAX_BEDS))
        width = len(a["n"]) if a["n"].startswith("0") else 0
        return [f"{a['prefix']}{str(n).zfill(width)}" for n in range(start, end + 1)]
    if len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha() and first <= last:
        return [chr(c) for c in range(ord(first), ord(last) + 1)]
    raise BedLabelError(
        _("Rentang {first}–{last} tidak dapat dibaca. Contoh: A1–A10, 1–12 atau A–F.").format(first=first, last=last)
    )


def expand_bed_labels(text: str) -> list[str]:
    """The labels a quick-fill text stands for, in order, without duplicates; raises BedLabelError."""
    labels: list[str] = []
    for part in _SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part)
        labels.extend(_expand_range(match["a"].strip(), match["b"].strip()) if match else [part])
        if len(labels) > MAX_BEDS:
            raise BedLabelError(_("Paling banyak {n} tempat tidur sekaligus.").format(n=MAX_BEDS))
    seen: set[str] = set()
    unique = []
    for label in labels:
        if label.lower() not in seen:
            seen.add(label.lower())
            unique.append(label)
    return unique


def quick_fill_text(count: int, prefix: str = "A") -> str:
    """ "A1–A10" for ten beds."""
    if count <= 0:
        return ""
    return f"{prefix}1" if count == 1 else f"{prefix}1–{prefix}{count}"


def preview_text(labels: list[str], limit: int = 8) -> str:
    if len(labels) <= limit:
        return ", ".join(labels)
    return ", ".join([*labels[: limit - 2], "…", labels[-1]])
