"""``kesos residents import FILE`` and ``kesos residents search QUERY``: the register from the command line.

Hook it into ``kesos_desktop/cli.py`` (``build_parser``)::

    from kesos_desktop import cli_residents
    cli_residents.register(commands, parents=[common])

Handlers take ``(args, settings)`` like the other commands; ``main(argv)`` runs them on their own (tests, scripts).
The CLI is an administrator's tool on the office PC and acts as the system; NIK stays masked unless ``--show-nik``,
and a reveal is audited.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TextIO

from kesos_desktop.core.i18n import _, ngettext

EXIT_OK, EXIT_ERROR, EXIT_BAD_ROWS = 0, 1, 2


def _write(stream: TextIO, text: str) -> None:
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")


def _out(text: str) -> None:
    _write(sys.stdout, text)


def _err(text: str) -> None:
    _write(sys.stderr, text)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("harus bilangan bulat 1 atau lebih: {value}").format(value=text))
    return value


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """Add ``residents import`` and ``residents search`` to the ``kesos`` command's subparsers."""
    residents = subparsers.add_parser("residents", parents=list(parents), help=_("warga binaan: impor dan cari"))
    commands = residents.add_subparsers(dest="residents_command", metavar=_("PERINTAH"))

    imp = commands.add_parser(
        "import",
        parents=list(parents),
        help=_("impor register warga binaan dari Excel (.xlsx) atau CSV; semua baris atau tidak sama sekali"),
    )
    imp.add_argument("file", metavar=_("BERKAS"), help=_("berkas .xlsx atau .csv"))
    imp.add_argument(
        "--mapping", metavar="M.json", help=_('pemetaan kolom JSON {"full_name": "Nama", "nik": "NIK", ...}')
    )
    imp.add_argument("--dry-run", action="store_true", help=_("uji coba: periksa semua baris tanpa menyimpan"))
    imp.add_argument("--sheet", metavar=_("NAMA"), help=_("nama lembar Excel (bawaan: lembar aktif)"))
    imp.set_defaults(handler=cmd_import)

    search = commands.add_parser("search", parents=list(parents), help=_("cari warga binaan (nama, alias, nomor, NIK)"))
    search.add_argument("query", metavar=_("KATA"), help=_("kata pencarian, misalnya 'Moh. Soekarno'"))
    search.add_argument("--json", action="store_true", help=_("keluaran JSON"))
    search.add_argument("--limit", type=_positive, default=20, help=_("paling banyak sekian hasil (bawaan 20)"))
    search.add_argument("--show-nik", action="store_true", help=_("tampilkan NIK lengkap (dicatat di log audit)"))
    search.set_defaults(handler=cmd_search)

    def needs_subcommand(_args: argparse.Namespace, _settings: Any) -> int:
        residents.print_help(sys.stderr)
        return EXIT_BAD_ROWS

    residents.set_defaults(handler=needs_subcommand)
    return residents


def _open(args: argparse.Namespace, settings: Any):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.db import open_database
    from kesos_desktop.core.db.urls import resolve_url

    return open_database(resolve_url(getattr(args, "db", None), getattr(settings, "database_url", None)))


def _actor(db, *, see_nik: bool = True):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from kesos_desktop.core.models import Office
    from kesos_desktop.core.security.actor import Actor

    with db.read() as session:
        office_id = session.scalar(select(Office.id).where(Office.is_own.is_(True)))
    actor = Actor.system(office_id)
    if not see_nik:
        actor = replace(actor, permissions=actor.permissions - {"residents.view_nik"})
    return actor


class _Progress:
    """One rewriting line on stderr."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def set_total(self, n: int) -> None:
        self.total = n

    def advance(self, n: int = 1, message: str = "") -> None:
        self.done += n
        percent = f" ({self.done * 100 // self.total}%)" if self.total else ""
        try:
            sys.stderr.write(f"\r{message}{percent}   ")
            sys.stderr.flush()
        except UnicodeEncodeError:
            pass

    def cancelled(self) -> bool:
        return False

    def finish(self) -> None:
        if self.done:
            sys.stderr.write("\n")


def cmd_import(args: argparse.Namespace, settings: Any) -> int:
    """Read, map and import; prints every problem row and a summary; exit 2 when any row is bad."""
    from kesos_desktop.core.services import importer

    table = importer.read_table(args.file, sheet=args.sheet)
    mapping = importer.load_mapping_file(args.mapping) if args.mapping else importer.guess_mapping(table.headers)
    db = _open(args, settings)
    try:
        actor = _actor(db)
        progress = _Progress()
        with db.write() as session:
            try:
                report = importer.import_people(session, actor, table, mapping, dry_run=args.dry_run, progress=progress)
            finally:
                progress.finish()
    finally:
        db.dispose()
    _print_report(table, mapping, report)
    return EXIT_BAD_ROWS if report.rows_bad else EXIT_OK


def _print_report(table: Any, mapping: Any, report: Any) -> None:
    labels = {field: _(label) for field, label in _target_labels().items()}
    _out(
        _("Berkas {file}: {rows} baris data; kolom dipetakan: {columns}.").format(
            file=table.source,
            rows=report.rows_total,
            columns=", ".join(f"{labels.get(t, t)} ← {h}" for t, h in mapping.columns.items()),
        )
    )
    for problem in sorted(report.rows_bad, key=lambda p: (p.row_no, p.field)):
        where = labels.get(problem.field, problem.field)
        if problem.column:
            where = _("{field} (kolom {column})").format(field=where, column=problem.column)
        _out(_("Baris {row}, {where}: {message}").format(row=problem.row_no, where=where, message=problem.message))
    for dup in report.duplicates:
        if dup.person_id is not None:
            text = _("Baris {row}: mungkin orang yang sama dengan {reg} ({name}), skor {score}: {reasons}").format(
                row=dup.row_no, reg=dup.registration_no, name=dup.full_name, score=dup.score,
                reasons=", ".join(dup.reasons),
            )  # fmt: skip
        else:
            text = _("Baris {row}: mungkin sama dengan baris {other}: {reasons}").format(
                row=dup.row_no, other=dup.other_row_no, reasons=", ".join(dup.reasons)
            )
        _out(text)
    bad_rows = len(report.bad_row_numbers)
    _out(
        ngettext(
            "{ok} baris baik, {bad} baris bermasalah.", "{ok} baris baik, {bad} baris bermasalah.", report.rows_total
        ).format(ok=report.rows_ok, bad=bad_rows)
    )
    if report.committed:
        _out(
            ngettext("{n} warga binaan diimpor.", "{n} warga binaan diimpor.", len(report.created_ids)).format(
                n=len(report.created_ids)
            )
        )
    elif report.rows_bad:
        _out(
            _("Tidak ada yang disimpan: perbaiki baris yang bermasalah lalu impor lagi (semua atau tidak sama sekali).")
        )
    else:
        _out(_("Uji coba selesai: semua baris dapat diimpor; belum ada yang disimpan."))


def _target_labels() -> dict[str, str]:
    from kesos_desktop.core.services.importer import TARGET_FIELDS

    return dict(TARGET_FIELDS)


def cmd_search(args: argparse.Namespace, settings: Any) -> int:
    """Search like the resident list; NIK masked unless ``--show-nik`` (audited)."""
    from kesos_desktop.core.i18n.formatters import format_date_short, format_number
    from kesos_desktop.core.services import audit
    from kesos_desktop.core.services import resident_list as rl

    db = _open(args, settings)
    try:
        actor = _actor(db, see_nik=args.show_nik)
        with db.read() as session:
            ids = rl.find_resident_ids(session, actor, rl.ResidentFilter(text=args.query))[: args.limit]
            rows = rl.fetch_resident_rows(session, actor, ids)
        if args.show_nik and rows:
            with db.write() as session:
                for row in rows:
                    if row.nik_display:
                        audit.record(
                            session,
                            actor,
                            "person.nik_revealed",
                            "person",
                            row.id,
                            summary=_("NIK ditampilkan lewat perintah kesos residents search: {reg}").format(
                                reg=row.registration_no
                            ),
                        )
                session.commit()
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps([_json_row(r) for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        _out(_("Tidak ada warga binaan yang cocok dengan '{query}'.").format(query=args.query))
        return EXIT_OK
    for r in rows:
        born = format_date_short(r.birth_date) if r.birth_date else "-"
        place = r.institution + (f" ({r.room_bed})" if r.room_bed else "")
        status = _("dalam asuhan") if r.in_care else _("sudah keluar") if r.exited_on else "-"
        _out(f"{r.registration_no}  {r.name}  {r.sex}  {born}  {r.nik_display or '-'}  {status}  {place}")
    _out(ngettext("{n} hasil.", "{n} hasil.", len(rows)).format(n=format_number(len(rows))))
    return EXIT_OK


def _json_row(row: Any) -> dict[str, object]:
    return {
        "id": str(row.id),
        "registration_no": row.registration_no,
        "name": row.name,
        "alias": row.alias,
        "sex": row.sex,
        "birth_date": row.birth_date.isoformat() if row.birth_date else None,
        "birth_date_precision": row.birth_date_precision,
        "nik": row.nik_display or None,
        "categories": list(row.categories),
        "in_care": row.in_care,
        "institution": row.institution,
        "room_bed": row.room_bed,
        "admitted_on": row.admitted_on.isoformat() if row.admitted_on else None,
        "exited_on": row.exited_on.isoformat() if row.exited_on else None,
        "origin": row.origin,
        "stay_count": row.stay_count,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``residents …`` on its own (for tests and scripts; ``kesos`` itself goes through ``cli.main``)."""
    from kesos_desktop.core.config import load_settings
    from kesos_desktop.core.errors import KesosError, ValidationError

    parser = argparse.ArgumentParser(prog="kesos")
    parser.add_argument("--db", metavar="PATH|URL")
    commands = parser.add_subparsers(dest="command")
    register(commands)
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_ROWS
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_ROWS
    try:
        return int(args.handler(args, load_settings()))
    except ValidationError as exc:
        _err(str(exc))
        for field, message in exc.fields.items():
            if message and message != str(exc):
                _err(f"  - {field}: {message}")
        return EXIT_BAD_ROWS
    except KesosError as exc:
        _err(str(exc))
        return EXIT_ERROR
