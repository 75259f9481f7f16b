"""Export of the resident list as it is shown (same filter, sort and columns) to XLSX or CSV, streamed in chunks.

Identity numbers (NIK) are written as text cells, never numbers (Excel would round a 16-digit number); dates are
real date cells in XLSX and ISO dates in CSV. The file is written under a temporary name next to the target and
renamed only when complete and audited, so a cancelled or failed export leaves no partial file behind.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kesos_desktop.core.db import Database
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.i18n.formatters import age_in_years, format_datetime, format_number
from kesos_desktop.core.progress import Cancelled, Progress, as_progress
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.resident_list import (
    ResidentFilter,
    ResidentRow,
    fetch_resident_rows,
    find_resident_ids,
)

FORMATS = ("xlsx", "csv")
CHUNK_SIZE = 500
SHEET_NAME = N_("Warga Binaan")
DATE_FORMAT = "DD/MM/YYYY"
# Characters that make a spreadsheet read a CSV cell as a formula (CSV injection); such cells get a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

PRECISION_LABELS = {
    "exact": N_("Pasti"),
    "month": N_("Bulan dan tahun"),
    "year": N_("Tahun saja"),
    "estimated": N_("Perkiraan"),
}


def status_label(row: ResidentRow) -> str:
    if row.in_care:
        return _("Dalam perawatan")
    return _("Keluar") if row.stay_count else _("Terdaftar")


def estimated_birth(row: ResidentRow) -> bool:
    """A birth date known only to the year, or guessed from the person's looks: ages are shown with "±"."""
    return row.birth_date_precision in ("year", "estimated")


def age_of(row: ResidentRow, today: date) -> int | None:
    if row.birth_date is None or row.birth_date > today:
        return None
    return age_in_years(row.birth_date, today)


@dataclass(frozen=True)
class ExportColumn:
    """One exportable column: the key the list's columns share, a header, and the typed value written."""

    key: str
    title_msgid: str
    value: Callable[[ResidentRow, date], Any]
    # Approximate width in characters for the XLSX sheet.
    width: int = 14

    @property
    def title(self) -> str:
        return _(self.title_msgid)


EXPORT_COLUMNS: dict[str, ExportColumn] = {
    c.key: c
    for c in (
        ExportColumn("registration_no", N_("No. Registrasi"), lambda r, _t: r.registration_no, 17),
        ExportColumn("name", N_("Nama"), lambda r, _t: r.name, 30),
        ExportColumn("alias", N_("Nama panggilan"), lambda r, _t: r.alias, 16),
        ExportColumn("nik", N_("NIK"), lambda r, _t: r.nik_display, 21),
        ExportColumn("sex", N_("L/P"), lambda r, _t: r.sex, 5),
        ExportColumn("birth_date", N_("Tanggal lahir"), lambda r, _t: r.birth_date, 13),
        ExportColumn(
            "birth_precision",
            N_("Ketepatan tgl. lahir"),
            lambda r, _t: _(PRECISION_LABELS.get(r.birth_date_precision, r.birth_date_precision)),
            16,
        ),
        ExportColumn("age", N_("Umur"), age_of, 7),
        ExportColumn("categories", N_("Kategori"), lambda r, _t: ", ".join(r.categories), 12),
        ExportColumn("status", N_("Status"), lambda r, _t: status_label(r), 16),
        ExportColumn("institution", N_("Lembaga"), lambda r, _t: r.institution, 32),
        ExportColumn("room_bed", N_("Kamar / tempat tidur"), lambda r, _t: r.room_bed, 16),
        ExportColumn("admitted_on", N_("Tanggal masuk"), lambda r, _t: r.admitted_on, 13),
        ExportColumn("exited_on", N_("Tanggal keluar"), lambda r, _t: r.exited_on, 13),
        ExportColumn("origin", N_("Daerah asal"), lambda r, _t: r.origin, 34),
        ExportColumn("stay_count", N_("Jumlah masa tinggal"), lambda r, _t: r.stay_count, 10),
    )
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    columns: tuple[str, ...]


def export_format(path: Path, fmt: str | None = None) -> str:
    """The format asked for, or the one the file name ends with."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        message = _("Format ekspor tidak dikenal: {fmt}. Pilih XLSX atau CSV.").format(fmt=chosen or "—")
        raise ValidationError(message, {"format": message})
    return chosen


def _check_columns(columns: Sequence[str]) -> tuple[str, ...]:
    unknown = [c for c in columns if c not in EXPORT_COLUMNS]
    if unknown or not columns:
        message = (
            _("Kolom ekspor tidak dikenal: {names}").format(names=", ".join(unknown))
            if unknown
            else _("Pilih paling sedikit satu kolom untuk diekspor.")
        )
        raise ValidationError(message, {"columns": message})
    return tuple(dict.fromkeys(columns))


def export_residents(
    db: Database,
    actor: Actor,
    flt: ResidentFilter,
    path: Path | str,
    *,
    columns: Sequence[str],
    fmt: str | None = None,
    sort: str = "name",
    descending: bool = False,
    progress: Progress | Callable[[int, int, str], object] | None = None,
    chunk_size: int = CHUNK_SIZE,
    today: date | None = None,
) -> ExportResult:
    """Write the residents matching ``flt`` (in the list's order) with ``columns`` to ``path``; audited.

    Reads in one read transaction (a consistent snapshot) and writes the audit event in its own short write
    transaction at the end, so a long export never holds the database's write lock. Cancelling through
    ``progress`` raises ``Cancelled`` and leaves no file.
    """
    actor.require("residents.export")
    target = Path(path)
    kind = export_format(target, fmt)
    keys = _check_columns(columns)
    reporter = as_progress(progress)
    today = today or date.today()
    if not target.parent.is_dir():
        message = _("Folder tujuan tidak ada: {folder}").format(folder=target.parent)
        raise ValidationError(message, {"path": message})
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        with db.read() as session:
            ids = find_resident_ids(session, actor, flt, sort=sort, descending=descending, today=today)
            reporter.set_total(len(ids))

            def chunks() -> Any:
                for start in range(0, len(ids), max(1, chunk_size)):
                    if reporter.cancelled():
                        raise Cancelled
                    part = ids[start : start + chunk_size]
                    rows = fetch_resident_rows(session, actor, part)
                    yield rows
                    done = start + len(part)
                    reporter.advance(
                        len(part),
                        ngettext(
                            "{done} dari {total} baris ditulis", "{done} dari {total} baris ditulis", len(ids)
                        ).format(done=format_number(done), total=format_number(len(ids))),
                    )

            writer = _write_xlsx if kind == "xlsx" else _write_csv
            written = writer(temp, keys, chunks(), today, _info_lines(actor, flt, len(ids), today))
        if reporter.cancelled():
            raise Cancelled
        with db.write() as session:
            audit.record(
                session,
                actor,
                "residents.exported",
                "person",
                summary=ngettext(
                    "Mengekspor {n} warga binaan ke {fmt}", "Mengekspor {n} warga binaan ke {fmt}", written
                ).format(n=format_number(written), fmt=kind.upper()),
                changes={
                    "format": kind,
                    "rows": written,
                    "columns": list(keys),
                    "file": target.name,
                    "filter": {k: v for k, v in asdict(flt).items() if v not in (None, "")},
                    "sort": f"{sort} {'desc' if descending else 'asc'}",
                },
            )
            session.commit()
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return ExportResult(target, kind, written, keys)


def _info_lines(actor: Actor, flt: ResidentFilter, total: int, today: date) -> list[tuple[str, str]]:
    """What the XLSX's second sheet says about the export: who, when, which filter."""
    described = []
    if flt.text.strip():
        described.append(_("pencarian “{text}”").format(text=flt.text.strip()))
    if flt.status != "all":
        described.append(_("dalam perawatan") if flt.status == "in_care" else _("sudah keluar"))
    if flt.category_code:
        described.append(_("kategori {code}").format(code=flt.category_code))
    if flt.sex:
        described.append(_("jenis kelamin {sex}").format(sex=flt.sex))
    if flt.age_group:
        described.append(_("kelompok umur {group}").format(group=flt.age_group))
    if flt.institution_id:
        described.append(_("lembaga tertentu"))
    if flt.admitted_from or flt.admitted_to:
        described.append(_("periode masuk"))
    return [
        (_("Diekspor oleh"), f"{actor.full_name} ({actor.username})"),
        (_("Waktu ekspor"), format_datetime(datetime.now().astimezone())),
        (_("Jumlah baris"), format_number(total)),
        (_("Saringan"), ", ".join(described) or _("semua warga binaan")),
        (_("Catatan"), _("Data pribadi (UU PDP): simpan berkas ini di tempat yang aman dan jangan disebarkan.")),
    ]


def _write_xlsx(temp: Path, keys: tuple[str, ...], chunks: Any, today: date, info: list[tuple[str, str]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_(SHEET_NAME))
    specs = [EXPORT_COLUMNS[k] for k in keys]
    for number, spec in enumerate(specs, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = spec.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    header = []
    for spec in specs:
        cell = WriteOnlyCell(sheet, value=spec.title)
        cell.font = bold
        cell.fill = fill
        header.append(cell)
    sheet.append(header)
    written = 0
    try:
        for rows in chunks:
            for row in rows:
                sheet.append([_xlsx_cell(sheet, spec.value(row, today)) for spec in specs])
                written += 1
    except BaseException:
        _discard(sheet)
        raise
    about = book.create_sheet(_("Keterangan"))
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 70
    for label, text in info:
        first = WriteOnlyCell(about, value=label)
        first.font = bold
        second = WriteOnlyCell(about, value=text)
        second.data_type = "s"
        about.append([first, second])
    book.save(temp)
    return written


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value == "" or value is None:
        return None  # a truly empty cell, not an empty string
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        # Always a text cell: a NIK keeps its 16 digits, and a value starting with "=" is not a formula.
        cell.data_type = "s"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _discard(sheet: Any) -> None:
    """Close a write-only sheet that will never be saved and remove openpyxl's temporary file behind it (else its
    row writer is finalised later, against a closed file)."""
    with contextlib.suppress(Exception):
        sheet.close()
    with contextlib.suppress(Exception):
        sheet._writer.cleanup()


def _csv_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_csv(temp: Path, keys: tuple[str, ...], chunks: Any, today: date, _info: list[tuple[str, str]]) -> int:
    specs = [EXPORT_COLUMNS[k] for k in keys]
    written = 0
    # UTF-8 with a byte-order mark, so Excel shows names with accents correctly; every text value quoted.
    with temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow([spec.title for spec in specs])
        for rows in chunks:
            for row in rows:
                writer.writerow([_csv_text(spec.value(row, today)) for spec in specs])
                written += 1
    return written
