"""Reading the small reference CSV files in resources/data (one header row, UTF-8) into typed values."""

from __future__ import annotations

import csv
from datetime import date

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _, current_language
from kesos_desktop.core.resources import resource_path


def read_rows(filename: str) -> list[dict[str, str]]:
    """Rows of ``resources/data/<filename>`` as dicts with stripped values; blank lines are skipped.

    These files may be extended by an administrator, so a row with too many fields (an unquoted comma) stops
    loading with the file and line named instead of silently shifting columns.
    """
    rows = []
    with resource_path("data", filename).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if None in row:
                message = _("Berkas data {file} baris {line}: kolomnya terlalu banyak (beri tanda kutip pada koma).")
                raise ValidationError(message.format(file=filename, line=reader.line_num))
            values = {key: (value or "").strip() for key, value in row.items()}
            if any(values.values()):
                rows.append(values)
    return rows


def optional_int(text: str) -> int | None:
    return int(text) if text else None


def optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def flag(text: str) -> bool:
    return text.lower() in {"1", "true", "ya", "yes", "y"}


def pick_label(name_id: str, name_en: str, lang: str | None) -> str:
    """Indonesian label unless the language (default: the UI language) is English and an English label exists."""
    lang = (lang or current_language()).lower()
    return name_en if lang.startswith("en") and name_en else name_id
