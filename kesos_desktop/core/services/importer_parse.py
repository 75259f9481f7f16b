"""Reading registers for import: XLSX/CSV into a table, and cell values (dates, NIK/KK, sex, numbers) as typed."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.reference import nik as nik_rules
from kesos_desktop.core.reference.textfold import fold

MAX_HEADER_SCAN = 10
# Excel's day 0 (1900 date system, with its 29 February 1900 bug: serials from 61 on count from 30 Dec 1899).
_EXCEL_EPOCH = date(1899, 12, 30)
_MONTHS = {
    **dict.fromkeys(["januari", "jan", "january"], 1),
    **dict.fromkeys(["februari", "pebruari", "feb", "peb", "february"], 2),
    **dict.fromkeys(["maret", "mar", "march", "mrt"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "jun", "june"], 6),
    **dict.fromkeys(["juli", "jul", "july"], 7),
    **dict.fromkeys(["agustus", "agu", "agt", "ags", "agst", "aug", "august"], 8),
    **dict.fromkeys(["september", "sep", "sept", "spt"], 9),
    **dict.fromkeys(["oktober", "okt", "oct", "october"], 10),
    **dict.fromkeys(["november", "nov", "nop", "nopember"], 11),
    **dict.fromkeys(["desember", "des", "dec", "december"], 12),
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_WORD_DATE = re.compile(r"^(?:(\d{1,2})\s*[-/. ]\s*)?([a-z]+)\.?\s*[-/. ]\s*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_ID_JUNK = re.compile(r"[\s.\-]")
# What a number cell looks like once exported or pasted as text: 3,17101E+15 / 3.17101e15 / 3171011708450000.0.
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d{1,2}$")
_FLOAT_TEXT = re.compile(r"^\d{12,}[.,]0+$")
_AGE = re.compile(r"^(?:kira kira|sekitar|kurang lebih|kl)?\s*(\d{1,3})\s*(?:th|thn|tahun)?$")


class CellProblem(ValueError):
    """A cell that cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Table:
    """A sheet as read: the header texts and the data rows (values as the file holds them), with their row numbers
    as the spreadsheet shows them."""

    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]
    row_numbers: list[int]
    source: str = ""
    sheet: str = ""
    sheets: tuple[str, ...] = ()
    encoding: str = ""
    delimiter: str = ""
    notes: tuple[str, ...] = field(default=())

    def value(self, row: tuple[object, ...], header: str) -> object:
        at = self.headers.index(header)
        return row[at] if at < len(row) else None


# ------------------------------------------------------------------------------------------------- files


def read_table(path: str | Path, *, sheet: str | None = None, known_headers: Iterable[str] = ()) -> Table:
    """Read an XLSX or CSV register: the header row (the first row, within the first ten, that looks like one) and
    every non-empty data row. ``known_headers``: folded header names that mark the header row."""
    file = Path(path)
    if not file.is_file():
        message = _("Berkas {name} tidak ditemukan.").format(name=file)
        raise ValidationError(message, {"file": message})
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        cells, sheet_name, sheets = _read_xlsx(file, sheet)
        return _table(cells, known_headers, source=file.name, sheet=sheet_name, sheets=sheets)
    if suffix in (".csv", ".txt", ".tsv"):
        text, encoding = _decode(file.read_bytes())
        delimiter = _sniff_delimiter(text)
        raw: list[tuple[object, ...]] = [
            tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
        return _table(raw, known_headers, source=file.name, encoding=encoding, delimiter=delimiter)
    if suffix == ".xls":
        message = _("Berkas .xls (Excel 97–2003) tidak dapat dibaca. Buka di Excel lalu simpan sebagai .xlsx.")
    else:
        message = _("Jenis berkas {suffix} tidak didukung. Pakai .xlsx atau .csv.").format(suffix=suffix or "?")
    raise ValidationError(message, {"file": message})


def _read_xlsx(file: Path, sheet: str | None) -> tuple[list[tuple[object, ...]], str, tuple[str, ...]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        message = _("Berkas {name} tidak dapat dibaca sebagai Excel (.xlsx): {error}").format(name=file.name, error=exc)
        raise ValidationError(message, {"file": message}) from exc
    try:
        sheets = tuple(book.sheetnames)
        if sheet is not None and sheet not in sheets:
            message = _("Lembar {sheet} tidak ada. Lembar yang ada: {sheets}.").format(
                sheet=sheet, sheets=", ".join(sheets)
            )
            raise ValidationError(message, {"sheet": message})
        ws = book[sheet] if sheet is not None else book.active
        if ws is None:
            ws = book[sheets[0]]
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        return rows, ws.title, sheets
    finally:
        book.close()


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 with or without BOM (Excel's "CSV UTF-8"), else Windows-1252 (Excel's plain "CSV" on Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff_delimiter(text: str) -> str:
    """``;`` (Excel with Indonesian regional settings), ``,`` or tab: the one the header line splits on most."""
    lines = [line for line in text.splitlines()[:MAX_HEADER_SCAN] if line.strip()]
    best, best_score = ",", -1
    for candidate in (";", ",", "\t"):
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in lines] or [0]
        # Prefer a delimiter giving many columns on every line alike.
        score = min(counts) * 10 + (counts.count(max(counts)) if max(counts) > 1 else 0)
        if max(counts) > 1 and score > best_score:
            best, best_score = candidate, score
    return best


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _table(raw: list[tuple[object, ...]] | list[list[str]], known_headers: Iterable[str], **info: object) -> Table:
    known = set(known_headers)
    at = None
    for i, row in enumerate(raw[:MAX_HEADER_SCAN]):
        texts = [fold(_cell_text(v)) for v in row]
        if sum(1 for t in texts if t in known) >= 2:
            at = i
            break
    if at is None:  # else the first row with two or more filled cells (a title row above has one)
        at = next((i for i, row in enumerate(raw) if sum(1 for v in row if _cell_text(v)) >= 2), None)
    if at is None:
        message = _("Berkas tidak berisi tabel: tidak ditemukan baris judul kolom.")
        raise ValidationError(message, {"file": message})
    header_cells = [_cell_text(v) for v in raw[at]]
    while header_cells and not header_cells[-1]:
        header_cells.pop()
    headers: list[str] = []
    for n, name in enumerate(header_cells, start=1):
        name = " ".join(name.split()) or _("Kolom {n}").format(n=n)
        base, k = name, 2
        while name in headers:
            name = f"{base} ({k})"
            k += 1
        headers.append(name)
    width = len(headers)
    rows: list[tuple[object, ...]] = []
    numbers: list[int] = []
    for i, row in enumerate(raw[at + 1 :], start=at + 2):
        cells = tuple(row[:width]) + (None,) * (width - len(row))
        if all(_cell_text(v) == "" for v in cells):
            continue
        rows.append(cells)
        numbers.append(i)
    return Table(tuple(headers), rows, numbers, **info)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------- values


def text_value(value: object) -> str:
    """A cell as trimmed text; whole numbers without ".0" (a phone number typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    return " ".join(str(value).split())


def _excel_number_message(label: str, shown: str) -> str:
    return _(
        "{label} tersimpan sebagai angka di Excel ({value}), sehingga angka terakhirnya hilang. Format kolom "
        "{label} sebagai Teks, lalu ketik ulang {label} dari dokumen aslinya."
    ).format(label=label, value=shown)


def identity_number(value: object, label: str) -> str:
    """NIK or No. KK as text. A number cell (int or float: Excel keeps 15 digits, so a 16-digit number has lost
    its last digit), a "3.17101E+15" or "3171011708450000.0" string is refused, never rounded or padded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellProblem(_("{label} harus berupa teks 16 angka.").format(label=label))
    if isinstance(value, int | float):
        shown = f"{value:.6g}" if isinstance(value, float) and abs(value) >= 1e15 else text_value(value)
        raise CellProblem(_excel_number_message(label, shown))
    text = str(value).strip().lstrip("'’`")  # a leading apostrophe is how people force text in Excel
    if not text:
        return ""
    if _SCIENTIFIC.match(text) or _FLOAT_TEXT.match(text):
        raise CellProblem(_excel_number_message(label, text))
    return _ID_JUNK.sub("", text)


def sex_value(value: object) -> str:
    """``L``/``P`` from L, P, LK, PR, Laki-laki, Perempuan, Pria, Wanita, M, F (any case)."""
    text = text_value(value)
    if not text:
        raise CellProblem(_("Jenis kelamin kosong. Isi L atau P."))
    sex = nik_rules.normalize_sex(text.replace("–", "-"))
    if sex is None:
        raise CellProblem(
            _("Jenis kelamin '{value}' tidak dikenal. Isi L/P, Laki-laki/Perempuan, atau Pria/Wanita.").format(
                value=text
            )
        )
    return sex


@dataclass(frozen=True)
class ParsedDate:
    value: date
    precision: str  # exact / month / year


def _year(text: str, today: date, past: bool) -> int:
    """Four digits as they are; two digits by a pivot: 20YY unless that is after ``today`` (birth dates) or more
    than one year ahead (other dates), else 19YY."""
    year = int(text)
    if len(text) == 4:
        return year
    limit = today.year if past else today.year + 1
    return 2000 + year if 2000 + year <= limit else 1900 + year


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise CellProblem(_("Tanggal '{value}' tidak ada di kalender.").format(value=original)) from exc


def date_value(value: object, *, today: date, past: bool = True) -> ParsedDate | None:
    """A date as Indonesian registers write it; None for an empty cell.

    Accepted: Excel date cells, ``17-08-1945``, ``17/08/1945``, ``17.08.45``, ``1945-08-17``, ``17 Agustus 1945``,
    ``17 Agt 1945``, ``Agustus 1945`` (precision month), ``1945`` (precision year), Excel serial numbers.
    Day-first always (Indonesian order); ``past``: a birth date may not lie after ``today``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return ParsedDate(value.date(), "exact")
    if isinstance(value, date):
        return ParsedDate(value, "exact")
    if isinstance(value, bool):
        raise CellProblem(_("Tanggal tidak terbaca."))
    if isinstance(value, int | float):
        number = int(value)
        if 1000 <= number <= today.year + 1 and float(value).is_integer():
            return ParsedDate(date(number, 1, 1), "year")
        if 1 <= number <= 2_958_465:  # an Excel serial day number in a cell not formatted as a date
            return ParsedDate(_EXCEL_EPOCH + timedelta(days=number), "exact")
        raise CellProblem(_("Tanggal '{value}' tidak terbaca.").format(value=value))
    original = " ".join(str(value).split())
    compact = original.lower().replace(" ", "")
    if match := _NUMERIC_DATE.match(compact):
        day, month, year = match.groups()
        if int(month) > 12 and int(day) <= 12:
            raise CellProblem(
                _(
                    "Tanggal '{value}' tampak ditulis bulan-hari-tahun; tulis hari-bulan-tahun, misalnya 17-08-1945."
                ).format(value=original)
            )
        return ParsedDate(_make_date(_year(year, today, past), int(month), int(day), original), "exact")
    if match := _ISO_DATE.match(original.strip()):
        year, month, day = match.groups()
        return ParsedDate(_make_date(int(year), int(month), int(day), original), "exact")
    if match := _YEAR.match(compact):
        return ParsedDate(date(int(match.group(1)), 1, 1), "year")
    words = fold(original.replace(",", " "))
    if match := _WORD_DATE.match(words):
        day, month_word, year = match.groups()
        month = _MONTHS.get(month_word)
        if month is None:
            raise CellProblem(
                _("Nama bulan '{month}' tidak dikenal dalam tanggal '{value}'.").format(
                    month=month_word, value=original
                )
            )
        if day is None:
            return ParsedDate(date(_year(year, today, past), month, 1), "month")
        return ParsedDate(_make_date(_year(year, today, past), month, int(day), original), "exact")
    raise CellProblem(
        _("Tanggal '{value}' tidak terbaca. Tulis misalnya 17-08-1945, 17/08/1945 atau 17 Agustus 1945.").format(
            value=original
        )
    )


def age_value(value: object) -> int | None:
    """An age in whole years ("12", "12 th", "12 tahun", 12.0)."""
    if value is None:
        return None
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and float(value).is_integer() and 0 <= value <= 130:  # type: ignore[arg-type, operator]
        return int(value)  # type: ignore[call-overload]
    text = fold(text_value(value))
    if not text:
        return None
    match = _AGE.match(text)
    if match and int(match.group(1)) <= 130:
        return int(match.group(1))
    raise CellProblem(_("Umur '{value}' tidak terbaca; isi angka tahun, misalnya 12.").format(value=text_value(value)))
