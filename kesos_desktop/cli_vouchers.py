"""``kesos verify-voucher TEXT|FILE.pdf``: is a travel-assistance voucher genuine? Offline, exit 0 (ASLI) or 1.

The text is the voucher's QR payload (``KV1.…``), pasted or typed, or read from a voucher PDF: its QR code is
rendered with pypdfium2 and decoded with ``zbarimg`` (the zbar tools, an optional system program); without them the
payload Kesos also stores in the PDF's metadata is used, and the output says so. Keys come from the office database
(own and imported partner keys) and from ``--key`` lines (``KESOS-KUNCI1 …``) or files of them.

Hook it into ``kesos_desktop/cli.py`` (``build_parser``)::

    from kesos_desktop import cli_vouchers
    cli_vouchers.register(commands, parents=[common])
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kesos_desktop.core.documents.voucher_read import read_pdf_payload
from kesos_desktop.core.i18n import _

EXIT_OK, EXIT_NOT_GENUINE, EXIT_USAGE = 0, 1, 2


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """Add ``verify-voucher`` to the ``kesos`` command's subparsers."""
    parser = subparsers.add_parser(
        "verify-voucher",
        parents=list(parents),
        help=_("periksa keaslian voucher bantuan transport (teks kode QR atau berkas PDF)"),
        description=_(
            "Memeriksa tanda tangan digital voucher tanpa jaringan: ASLI (kode keluar 0) atau alasan tidak sah "
            "(kode keluar 1)."
        ),
    )
    parser.add_argument(
        "voucher", metavar=_("TEKS|BERKAS.pdf"), help=_("teks kode QR (KV1.…), berkas PDF, atau - (stdin)")
    )
    parser.add_argument(
        "--key",
        action="append",
        default=[],
        metavar=_("KUNCI|BERKAS"),
        help=_("kunci publik kantor lain (baris KESOS-KUNCI1 …) atau berkas berisi baris-baris itu; boleh berulang"),
    )
    parser.add_argument("--no-db", action="store_true", help=_("jangan buka basis data; pakai kunci dari --key saja"))
    parser.add_argument("--date", metavar="YYYY-MM-DD", help=_("tanggal pemeriksaan (bawaan: hari ini)"))
    parser.set_defaults(handler=run)
    return parser


def _keys_from_options(values: Sequence[str]) -> dict[str, Any]:
    from kesos_desktop.core.security import signing

    keys: dict[str, Any] = {}
    for value in values:
        path = Path(value).expanduser()
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else [value]
        for line in lines:
            if line.strip():
                key = signing.parse_public_key(line)
                keys[key.key_id] = key
    return keys


def _out(text: str) -> None:
    try:
        sys.stdout.write(text + "\n")
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "ascii"
        sys.stdout.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    sys.stdout.flush()


def _verify(text: str, args: argparse.Namespace, settings: Any, on: date, notes: list[str]):  # type: ignore[no-untyped-def]
    from kesos_desktop.core.security import signing

    extra = _keys_from_options(args.key)
    if getattr(args, "no_db", False):
        return signing.verify_voucher_text(text, extra, today=on)
    from kesos_desktop.core.config import load_settings
    from kesos_desktop.core.db import guard, migrate, open_database
    from kesos_desktop.core.db.urls import resolve_url, sqlite_path
    from kesos_desktop.core.services import vouchers_register

    settings = settings or load_settings()
    url = resolve_url(getattr(args, "db", None), settings.database_url)
    path = sqlite_path(url)
    if path is not None and not guard.inspect_sqlite_file(path, migrate.known_revisions()).exists:
        notes.append(_("Basis data {path} belum ada; hanya kunci dari --key yang dipakai.").format(path=path))
        return signing.verify_voucher_text(text, extra, today=on)
    # Read only: no upgrade and no seeding just to check a voucher.
    db = open_database(url, upgrade=False, seed=False)
    try:
        if migrate.current_revision(db.engine) != migrate.head_revision():
            notes.append(
                _("Basis data belum diperbarui (jalankan kesos db upgrade); hanya kunci dari --key yang dipakai.")
            )
            return signing.verify_voucher_text(text, extra, today=on)
        with db.read() as session:
            if not extra:
                return vouchers_register.verify_voucher(session, text, today=on)
            keys = {**signing.known_keys(session), **extra}
            local = vouchers_register.verify_voucher(session, text, today=on)
            if local.status != "tidak_dikenal" or local.fields is None or local.fields.key_id not in extra:
                return local
            return signing.verify_voucher_text(text, keys, today=on)
    finally:
        db.dispose()


def run(args: argparse.Namespace, settings: Any = None) -> int:
    """Verify and print "ASLI …" (exit 0) or why not (exit 1); 2 when there is nothing to verify."""
    value = args.voucher
    notes: list[str] = []
    source = _("teks")
    if value == "-":
        value = sys.stdin.read()
    elif value.lower().endswith(".pdf") or Path(value).expanduser().is_file():
        path = Path(value).expanduser()
        if not path.is_file():
            sys.stderr.write(_("Berkas tidak ditemukan: {path}").format(path=path) + "\n")
            return EXIT_USAGE
        found = read_pdf_payload(path)
        notes += found.notes
        if found.text is None:
            for note in notes:
                sys.stderr.write(note + "\n")
            return EXIT_USAGE
        value, source = found.text, found.source
    try:
        on = date.fromisoformat(args.date) if getattr(args, "date", None) else date.today()
    except ValueError:
        sys.stderr.write(_("Tanggal tidak valid: {value}. Tulis YYYY-MM-DD.").format(value=args.date) + "\n")
        return EXIT_USAGE
    result = _verify(value, args, settings, on, notes)
    _out(result.message)
    for label, text in result.field_lines():
        _out(f"  {label}: {text}")
    _out("  " + _("Dibaca dari: {source}").format(source=source))
    for note in notes:
        _out("  " + note)
    return EXIT_OK if result.ok else EXIT_NOT_GENUINE


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry (``python -m kesos_desktop.cli_vouchers``), for when the ``kesos`` hook is not in yet."""
    from kesos_desktop.core import i18n

    i18n.install(i18n.SOURCE_LANGUAGE)
    parser = argparse.ArgumentParser(prog="kesos")
    parser.add_argument("--db", metavar="PATH|URL")
    commands = parser.add_subparsers(dest="command", required=True)
    register(commands)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    return int(args.handler(args, None))


if __name__ == "__main__":
    raise SystemExit(main())
