"""The ``kesos`` command: init, db upgrade/status, backup, demo data and selftest, all without a window."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from kesos_desktop import APP_NAME, __version__
from kesos_desktop.core import i18n
from kesos_desktop.core.config import Settings, load_settings, locations
from kesos_desktop.core.errors import DatabaseRefused, KesosError, NotFound, ResourceMissing, ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.progress import Cancelled

log = logging.getLogger("kesos_desktop.cli")
T = TypeVar("T")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REFUSED, EXIT_CANCELLED = 0, 1, 2, 3, 130
CLI_LOG = "kesos-cli.log"
SELFTEST_RESIDENTS = 200

# ValidationError field names as the options a CLI user types.
_FIELD_OPTIONS = {
    "name": "--office-name",
    "office_name": "--office-name",
    "region_code": "--region",
    "region": "--region",
    "admin_username": "--admin-user",
    "admin_user": "--admin-user",
    "admin_password": "--admin-password",
    "admin_full_name": "--admin-name",
    "residents": "--residents",
    "database": "--db",
    "database_url": "--db",
}


# ---------------------------------------------------------------------------------------------------- output


def _write(stream: TextIO, text: str) -> None:
    """Print, falling back to '?' for characters the console cannot show (✓ on an old Windows code page)."""
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()


def _out(text: str) -> None:
    _write(sys.stdout, text)


def _err(text: str) -> None:
    _write(sys.stderr, text)


def _number(value: int) -> str:
    from kesos_desktop.core.i18n.formatters import format_number

    return format_number(value)


def _decimal(value: float) -> str:
    from kesos_desktop.core.i18n.formatters import format_number

    return format_number(value, decimals=1)


class _TextProgress:
    """Progress as one line on stderr that rewrites itself (implements core.progress.Progress)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = 0
        self.done = 0
        self._shown = False

    def set_total(self, n: int) -> None:
        self.total = n

    def advance(self, n: int = 1, message: str = "") -> None:
        self.done += n
        percent = f" ({self.done * 100 // self.total}%)" if self.total else ""
        try:
            self.stream.write(f"\r{message or _number(self.done)}{percent}   ")
            self.stream.flush()
        except UnicodeEncodeError:
            return
        self._shown = True

    def cancelled(self) -> bool:
        return False

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False


# ------------------------------------------------------------------------------------------------- arguments


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("harus bilangan bulat 1 atau lebih: {value}").format(value=text))
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; built after the language is installed, so the help is in the UI language."""
    parser = argparse.ArgumentParser(
        prog="kesos", description=_("Perintah Kesos Desktop tanpa jendela: basis data, cadangan, data contoh, uji.")
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    # Also accepted after the command (kesos demo --db x.sqlite); SUPPRESS keeps a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    for target, default in ((parser, None), (common, argparse.SUPPRESS)):
        target.add_argument(
            "--db",
            metavar="PATH|URL",
            default=default,
            help=_("berkas SQLite atau alamat postgresql://… (bawaan: KESOS_DB_URL, pengaturan, lalu berkas bawaan)"),
        )
        target.add_argument("--lang", choices=list(i18n.LANGUAGES), default=default, help=_("bahasa: id atau en"))
    commands = parser.add_subparsers(dest="command", metavar=_("PERINTAH"))

    init = commands.add_parser(
        "init", parents=[common], help=_("buat atau perbarui basis data, dan bila diminta lakukan penyiapan awal")
    )
    init.add_argument("--office-name", help=_("nama kantor, misalnya 'Dinas Sosial Provinsi DKI Jakarta'"))
    init.add_argument("--region", metavar=_("KODE"), help=_("kode wilayah kantor, misalnya 31 atau 32.73"))
    init.add_argument("--unit", default="", help=_("unit kerja, misalnya 'Bidang Rehabilitasi Sosial'"))
    init.add_argument("--place", default="", help=_("nama tempat pada surat, misalnya 'Jakarta'"))
    init.add_argument("--admin-user", help=_("nama pengguna administrator pertama"))
    init.add_argument("--admin-name", help=_("nama lengkap administrator"))
    init.add_argument(
        "--admin-password", help=_("kata sandi administrator (bila tidak diisi, ditanyakan saat di terminal)")
    )
    init.set_defaults(handler=_cmd_init)

    db = commands.add_parser("db", parents=[common], help=_("pembaruan dan status basis data"))
    db_commands = db.add_subparsers(dest="db_command", metavar=_("PERINTAH"))
    upgrade = db_commands.add_parser(
        "upgrade", parents=[common], help=_("perbarui basis data ke versi program ini (dengan cadangan)")
    )
    upgrade.set_defaults(handler=_cmd_db_upgrade)
    status = db_commands.add_parser("status", parents=[common], help=_("lokasi dan revisi basis data"))
    status.set_defaults(handler=_cmd_db_status)
    db.set_defaults(handler=_needs_subcommand(db))

    backup = commands.add_parser("backup", parents=[common], help=_("buat salinan cadangan berkas basis data SQLite"))
    backup.add_argument("--to", metavar="PATH", help=_("berkas atau folder tujuan (bawaan: folder cadangan)"))
    backup.set_defaults(handler=_cmd_backup)

    demo = commands.add_parser(
        "demo", parents=[common], help=_("isi basis data contoh dengan data rekaan (bawaan: berkas basis data contoh)")
    )
    demo.add_argument("--residents", type=_positive_int, required=True, help=_("jumlah warga binaan rekaan"))
    demo.add_argument("--seed", type=int, default=1, help=_("benih acak: benih sama, data sama (bawaan 1)"))
    demo.add_argument(
        "--force", action="store_true", help=_("tambahkan juga ke basis data yang berisi kantor sungguhan")
    )
    demo.set_defaults(handler=_cmd_demo)

    selftest = commands.add_parser(
        "selftest",
        parents=[common],
        help=_("uji mandiri: basis data, layanan, PDF, dan jendela utama di folder sementara"),
    )
    selftest.add_argument("--keep", action="store_true", help=_("simpan folder sementara beserta PDF dan gambarnya"))
    selftest.set_defaults(handler=_cmd_selftest)

    # Commands other areas own, in their own modules (same (args, settings) handlers and error handling).
    from kesos_desktop import cli_residents, cli_vouchers

    cli_residents.register(commands, parents=[common])
    cli_vouchers.register(commands, parents=[common])
    return parser


def _needs_subcommand(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace, Settings], int]:
    def handler(_args: argparse.Namespace, _settings: Settings) -> int:
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    return handler


def _early_language(argv: Sequence[str]) -> str | None:
    """--lang before the real parser exists (its help text must already be translated)."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(list(argv))
    return known.lang


# ------------------------------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.install(i18n.SOURCE_LANGUAGE)
    settings: Settings | None = None
    settings_error: ValidationError | None = None
    try:
        settings = load_settings()
    except ValidationError as exc:
        settings_error = exc
    language = _early_language(argv) or (settings.language if settings else i18n.SOURCE_LANGUAGE)
    try:
        i18n.install(language)
    except ValueError:
        pass  # argparse reports the bad --lang value below
    except ResourceMissing as exc:
        _err(str(exc))
        return EXIT_ERROR
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if settings_error is not None:
        return _report(settings_error)
    assert settings is not None
    try:
        return int(args.handler(args, settings))
    except KeyboardInterrupt:
        _err(_("Dihentikan. Perubahan yang belum selesai dibatalkan."))
        return EXIT_CANCELLED
    except Exception as exc:
        return _report(exc)


def _report(exc: BaseException) -> int:
    """The message for an error, in the UI language, and the exit code; a traceback only goes to the log."""
    if isinstance(exc, DatabaseRefused):
        _err(str(exc))
        return EXIT_REFUSED
    if isinstance(exc, Cancelled):
        _err(str(exc))
        return EXIT_CANCELLED
    if isinstance(exc, ValidationError):
        _err(str(exc))
        for field, message in exc.fields.items():
            if message and message != str(exc):
                _err(f"  - {_FIELD_OPTIONS.get(field, field)}: {message}")
        return EXIT_USAGE
    if isinstance(exc, KesosError):
        _err(str(exc))
        return EXIT_ERROR
    path = _log_exception(exc)
    where = path if path is not None else _("(log tidak dapat ditulis)")
    _err(_("Terjadi kesalahan tak terduga: {error}. Rincian dicatat di {path}.").format(error=exc, path=where))
    return EXIT_ERROR


def _log_exception(exc: BaseException) -> Path | None:
    try:
        folder = locations().logs
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / CLI_LOG
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{datetime.now().isoformat(timespec='seconds')} kesos {' '.join(sys.argv[1:])}\n")
            fh.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def _url(args: argparse.Namespace, settings: Settings, *, demo: bool = False) -> URL:
    from kesos_desktop.core.db.urls import resolve_url

    return resolve_url(args.db, settings.database_url, demo=demo)


# --------------------------------------------------------------------------------------------------- init/db


def _cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from kesos_desktop.core.db import migrate, open_database
    from kesos_desktop.core.services import office

    db = open_database(_url(args, settings))
    try:
        _out(
            _("Basis data siap: {location} (revisi {revision}).").format(
                location=db.location, revision=migrate.head_revision()
            )
        )
        if db.backup_path is not None:
            _out(_("Cadangan sebelum pembaruan: {path}").format(path=db.backup_path))
        with db.read() as session:
            pending = office.needs_setup(session)
        wanted = any(v for v in (args.office_name, args.region, args.admin_user, args.admin_password))
        if not wanted:
            if pending:
                _out(
                    _(
                        "Penyiapan awal belum dilakukan. Jalankan Kesos Desktop, atau: kesos init --office-name NAMA "
                        "--region KODE --admin-user NAMA_PENGGUNA"
                    )
                )
            return EXIT_OK
        office_data, admin = _setup_inputs(args)
        with db.write() as session:
            info, user = office.complete_setup(session, office_data, admin)
        _out(
            _("Penyiapan awal selesai: kantor {office}, administrator {username}.").format(
                office=info.name, username=user.username
            )
        )
        return EXIT_OK
    finally:
        db.dispose()


def _setup_inputs(args: argparse.Namespace) -> tuple[Any, Any]:
    """Office and administrator from the options; what is missing is asked for in a terminal, else refused."""
    from kesos_desktop.core.services import office, users

    interactive = sys.stdin is not None and sys.stdin.isatty()
    values = {"office_name": args.office_name, "region": args.region, "admin_user": args.admin_user}
    prompts = {
        "office_name": _("Nama kantor: "),
        "region": _("Kode wilayah kantor (misalnya 31): "),
        "admin_user": _("Nama pengguna administrator: "),
    }
    missing: dict[str, str] = {}
    for key, value in values.items():
        if not value and interactive:
            values[key] = input(prompts[key]).strip()
        if not values[key]:
            missing[key] = _("Wajib diisi.")
    password = args.admin_password
    if not password and interactive:
        password = getpass.getpass(_("Kata sandi administrator: "))
        if password != getpass.getpass(_("Ulangi kata sandi: ")):
            message = _("Kedua kata sandi tidak sama.")
            raise ValidationError(message, {"admin_password": message})
    if not password:
        missing["admin_password"] = _("Wajib diisi (atau jalankan di terminal untuk mengetiknya tanpa terlihat).")
    if missing:
        raise ValidationError(_("Penyiapan awal belum lengkap."), missing)
    office_data = office.OfficeInput(
        name=values["office_name"],
        region_code=values["region"],
        unit=args.unit,
        place_name=args.place,
    )
    admin = users.UserInput(
        username=values["admin_user"],
        full_name=args.admin_name or _("Administrator"),
        roles=["admin"],
        password=password,
    )
    return office_data, admin


def _read_state(url: URL) -> tuple[bool, str | None]:
    """(exists, revision) of a database without writing to it."""
    from kesos_desktop.core.db import guard, migrate
    from kesos_desktop.core.db.database import make_engine
    from kesos_desktop.core.db.urls import display_location, sqlite_path

    path = sqlite_path(url)
    if path is not None:
        state = guard.inspect_sqlite_file(path, migrate.known_revisions())
        return state.exists, state.revision
    engine = make_engine(url)
    try:
        migrate.check_server_revision(engine, migrate.known_revisions())
        revision = migrate.current_revision(engine)
    except OperationalError as exc:
        raise DatabaseRefused(
            _("Basis data {where} tidak dapat dibuka: {error}").format(where=display_location(url), error=exc.orig),
            "unreachable",
        ) from exc
    finally:
        engine.dispose()
    return revision is not None, revision


def _cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from kesos_desktop.core.db import migrate, open_database

    url = _url(args, settings)
    existed, before = _read_state(url)
    db = open_database(url)
    try:
        head = migrate.head_revision()
        if not existed:
            _out(
                _("Basis data baru dibuat: {location} (revisi {revision}).").format(location=db.location, revision=head)
            )
        elif before == head:
            _out(
                _("Basis data {location} sudah versi terbaru (revisi {revision}).").format(
                    location=db.location, revision=head
                )
            )
        else:
            _out(
                _("Basis data {location} diperbarui dari revisi {old} ke {new}.").format(
                    location=db.location, old=before or "-", new=head
                )
            )
        if db.backup_path is not None:
            _out(_("Cadangan sebelum pembaruan: {path}").format(path=db.backup_path))
        return EXIT_OK
    finally:
        db.dispose()


def _cmd_db_status(args: argparse.Namespace, settings: Settings) -> int:
    from kesos_desktop.core.db import migrate
    from kesos_desktop.core.db.urls import display_location

    url = _url(args, settings)
    exists, revision = _read_state(url)
    head = migrate.head_revision()
    _out(_("Lokasi: {location}").format(location=display_location(url)))
    _out(_("Revisi basis data: {revision}").format(revision=revision if exists else _("(belum dibuat)")))
    _out(_("Revisi program: {revision}").format(revision=head))
    if not exists:
        _out(_("Status: basis data belum ada; jalankan 'kesos init' untuk membuatnya."))
    elif revision == head:
        _out(_("Status: terbaru."))
    else:
        _out(_("Status: perlu diperbarui; jalankan 'kesos db upgrade' (cadangan dibuat otomatis)."))
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from kesos_desktop.core.db import guard, migrate
    from kesos_desktop.core.db.backup import backup_database
    from kesos_desktop.core.db.urls import display_location, sqlite_path

    url = _url(args, settings)
    path = sqlite_path(url)
    if path is None:
        _err(
            _(
                "Basis data PostgreSQL ({location}) dicadangkan di server dengan pg_dump, misalnya: "
                "pg_dump -Fc -f kesos.dump NAMA_BASIS_DATA"
            ).format(location=display_location(url))
        )
        return EXIT_USAGE
    state = guard.inspect_sqlite_file(path, migrate.known_revisions())
    if not state.exists:
        raise NotFound(_("Basis data {path} belum ada; tidak ada yang dicadangkan.").format(path=path))
    dest = Path(args.to).expanduser() if args.to else None
    if dest is not None and dest.is_dir():
        dest = dest / f"{path.stem}-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    if dest is not None and dest.resolve() == path.resolve():
        message = _("Tujuan cadangan tidak boleh berkas basis data itu sendiri.")
        raise ValidationError(message, {"to": message})
    try:
        written = backup_database(path, dest)
    except (OSError, sqlite3.Error) as exc:
        raise KesosError(
            _("Cadangan tidak dapat dibuat di {dest}: {error}").format(dest=dest or locations().backups, error=exc)
        ) from exc
    _out(_("Cadangan dibuat: {path}").format(path=written))
    return EXIT_OK


# ------------------------------------------------------------------------------------------------------ demo


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from kesos_desktop.core.db import open_database
    from kesos_desktop.core.services import demo

    db = open_database(_url(args, settings, demo=True))
    progress = _TextProgress(sys.stderr)
    try:
        result = demo.generate_demo(
            db, residents=args.residents, seed=args.seed, progress=progress, allow_real_office=args.force
        )
    except ValidationError as exc:
        if "database" in exc.fields:  # a real office: say how to add demo data there anyway
            hint = _("Tambahkan --force bila data contoh memang harus masuk ke basis data ini.")
            raise ValidationError(str(exc), {"database": hint}) from exc
        raise
    finally:
        progress.finish()
        db.dispose()
    _out(_("Data contoh dibuat di {location}.").format(location=db.location))
    _out(
        ngettext(
            "{n} warga binaan ({nik} dengan NIK), nomor registrasi {first} s.d. {last}",
            "{n} warga binaan ({nik} dengan NIK), nomor registrasi {first} s.d. {last}",
            result.residents,
        ).format(
            n=_number(result.residents),
            nik=_number(result.with_nik),
            first=result.first_registration_no,
            last=result.last_registration_no,
        )
    )
    _out(
        ngettext(
            "{n} riwayat tinggal, {open} masih dalam layanan; {categories} kategori PPKS",
            "{n} riwayat tinggal, {open} masih dalam layanan; {categories} kategori PPKS",
            result.stays,
        ).format(n=_number(result.stays), open=_number(result.open_stays), categories=_number(result.categories))
    )
    if result.institutions:
        _out(
            ngettext(
                "{n} lembaga dengan {rooms} kamar dan {beds} tempat tidur dibuat",
                "{n} lembaga dengan {rooms} kamar dan {beds} tempat tidur dibuat",
                result.institutions,
            ).format(n=_number(result.institutions), rooms=_number(result.rooms), beds=_number(result.beds))
        )
    if result.users_created:
        _out(_("Akun contoh: {users}").format(users=", ".join(result.users_created)))
    if not args.force:
        _out(
            _("Masuk sebagai {username} dengan kata sandi {password}.").format(
                username=demo.DEMO_ADMIN, password=demo.DEMO_PASSWORD
            )
        )
    _out(_("Waktu: {seconds} detik.").format(seconds=_decimal(result.seconds)))
    return EXIT_OK


# -------------------------------------------------------------------------------------------------- selftest


class _StepFailed(Exception):
    pass


@contextmanager
def _temporary_home(folder: Path):  # type: ignore[no-untyped-def]
    old = os.environ.get("KESOS_HOME")
    os.environ["KESOS_HOME"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KESOS_HOME", None)
        else:
            os.environ["KESOS_HOME"] = old


def _cmd_selftest(args: argparse.Namespace, _settings: Settings) -> int:
    """Each step prints ✓ or ✗; the first failure stops the test and names the step."""
    real_log = locations().logs / CLI_LOG
    folder = Path(tempfile.mkdtemp(prefix="kesos-selftest-"))
    ok = False
    count = 0

    def step(name: str, work: Callable[[], T], detail: Callable[[T], str] | None = None) -> T:
        nonlocal count
        try:
            value = work()
        except Exception as exc:
            _err(f"✗ {name}: {exc}")
            _append_log(real_log, exc)
            raise _StepFailed(name) from exc
        count += 1
        _out(f"✓ {name}" + (f" ({detail(value)})" if detail is not None and value is not None else ""))
        return value

    state: dict[str, Any] = {}
    try:
        with _temporary_home(folder / "home"):
            _out(_("Uji mandiri {app} {version} di {folder}").format(app=APP_NAME, version=__version__, folder=folder))
            step(
                _("Basis data sementara dibuat dan dimigrasi"),
                lambda: _selftest_database(folder, state),
                lambda revision: _("revisi {revision}").format(revision=revision),
            )
            step(_("Kantor dan administrator disiapkan"), lambda: _selftest_setup(state))
            step(_("Masuk sebagai administrator; log audit mencatatnya"), lambda: _selftest_login(state))
            step(
                _("Data contoh dibuat"),
                lambda: _selftest_demo(state),
                lambda n: ngettext("{n} warga binaan", "{n} warga binaan", n).format(n=_number(n)),
            )
            step(_("PDF uji cetak dibuat"), lambda: _selftest_pdf(folder, state), lambda detail: detail)
            step(
                _("Jendela utama tampil (offscreen) dan gambarnya tidak kosong"),
                lambda: _selftest_gui(folder, state),
                lambda size: size,
            )
        ok = True
    except _StepFailed as failed:
        _err(_("Uji mandiri gagal pada langkah: {step}. Rincian di {path}.").format(step=failed, path=real_log))
    finally:
        db = state.get("db")
        if db is not None:
            db.dispose()
        if ok and not args.keep:
            _remove_tree(folder)
    if not ok:
        _err(_("Berkas uji disimpan di {folder}.").format(folder=folder))
        return EXIT_ERROR
    _out(
        ngettext(
            "Uji mandiri selesai: {n} langkah berhasil.", "Uji mandiri selesai: {n} langkah berhasil.", count
        ).format(n=count)
    )
    if args.keep:
        _out(_("Berkas uji (basis data, PDF, gambar jendela) disimpan di {folder}").format(folder=folder))
    return EXIT_OK


def _append_log(path: Path, exc: BaseException) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{datetime.now().isoformat(timespec='seconds')} kesos selftest\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        pass


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def _selftest_database(folder: Path, state: dict[str, Any]) -> str:
    from kesos_desktop.core.db import migrate, open_database

    db = open_database(URL.create("sqlite", database=str(folder / "selftest.sqlite")))
    state["db"] = db
    revision = migrate.current_revision(db.engine)
    if revision != migrate.head_revision():
        raise RuntimeError(f"revision {revision} != {migrate.head_revision()}")
    return str(revision)


def _selftest_setup(state: dict[str, Any]) -> None:
    from kesos_desktop.core.services import office, users

    password = "uji" + os.urandom(6).hex()
    office_data = office.OfficeInput(
        name="Dinas Sosial Uji Mandiri",
        region_code="31",
        unit="Bidang Rehabilitasi Sosial",
        code="UJI",
        place_name="Jakarta",
        letterhead_lines=["PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA", "DINAS SOSIAL"],
        address="Jl. Uji Mandiri No. 1, Jakarta",
    )
    admin = users.UserInput(username="ujimandiri", full_name="Admin Uji Mandiri", roles=["admin"], password=password)
    with state["db"].write() as session:
        info, _user = office.complete_setup(session, office_data, admin)
    state.update(office=info, password=password)


def _selftest_login(state: dict[str, Any]) -> None:
    from kesos_desktop.core.services import audit, auth

    db = state["db"]
    with db.write() as session:
        actor = auth.login(session, "ujimandiri", state["password"])
    with db.read() as session:
        events = audit.list_events(session, actor, audit.AuditFilter(username="ujimandiri"))
    if not any(e.action == "auth.login" for e in events):
        raise RuntimeError("auth.login not in the audit log")
    state["actor"] = actor


def _selftest_demo(state: dict[str, Any]) -> int:
    from kesos_desktop.core.services import demo

    result = demo.generate_demo(state["db"], residents=SELFTEST_RESIDENTS, actor=state["actor"], allow_real_office=True)
    if result.residents != SELFTEST_RESIDENTS or result.stays < result.residents:
        raise RuntimeError(f"{result.residents} residents, {result.stays} stays")
    return result.residents


def _selftest_pdf(folder: Path, state: dict[str, Any]) -> str:
    """Renders the printer test page; reads it back with pypdf when installed (a test extra), else checks bytes."""
    from kesos_desktop.core.documents.letterhead import Letterhead
    from kesos_desktop.core.documents.signature import Signatory
    from kesos_desktop.core.documents.testpage import render_test_page

    info = state["office"]
    lines = list(info.letterhead_lines)
    letterhead = Letterhead(government=lines[0], office=lines[1], units=tuple(lines[2:]), contact_lines=(info.address,))
    signatory = Signatory(name="Admin Uji Mandiri", jabatan="Kepala Dinas Sosial")
    pdf = render_test_page(info.name, letterhead, signatory, place=info.place_name)
    (folder / "selftest.pdf").write_bytes(pdf)
    if not pdf.startswith(b"%PDF") or b"%%EOF" not in pdf[-1024:]:
        raise RuntimeError(_("Berkas yang dibuat bukan PDF utuh."))
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return _("pypdf tidak terpasang: hanya kepala dan ekor berkas yang diperiksa")
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    if pages < 1 or not (reader.pages[0].extract_text() or "").strip():
        raise RuntimeError(_("PDF tidak berisi teks yang terbaca."))
    return ngettext("{n} halaman, teksnya terbaca", "{n} halaman, teksnya terbaca", pages).format(n=pages)


def _selftest_gui(folder: Path, state: dict[str, Any]) -> str:
    """Builds the main window offscreen (no display needed), grabs it to a PNG and checks it is not blank."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before PySide6 is imported, so no real display is touched
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from kesos_desktop.core.config import load_settings as load
    from kesos_desktop.ui.context import AppContext
    from kesos_desktop.ui.main_window import MainWindow

    qt_messages: list[str] = []
    # The offscreen platform warns about window-manager features it lacks; keep Qt's chatter off the console.
    previous = qInstallMessageHandler(lambda _kind, _context, message: qt_messages.append(message))
    app = QApplication.instance() or QApplication(["kesos-selftest"])
    window = MainWindow(AppContext(state["db"], state["actor"], load()), office_name=state["office"].name)
    from kesos_desktop.ui import operations

    try:
        window.resize(1200, 800)
        window.show()
        # Let the first page load: it may query on a worker thread. At least a moment, at most a few seconds.
        started = time.monotonic()
        while time.monotonic() - started < 5.0:
            app.processEvents()
            if time.monotonic() - started > 0.5 and operations.running_operations() == 0:
                break
            time.sleep(0.02)
        app.processEvents()
        pixmap = window.grab()
        path = folder / "selftest-window.png"
        if pixmap.isNull() or pixmap.width() < 100 or pixmap.height() < 100 or not pixmap.save(str(path), "PNG"):
            raise RuntimeError(_("Gambar jendela kosong atau tidak dapat disimpan."))
        image = pixmap.toImage()
        colours = {image.pixel(x * image.width() // 10, y * image.height() // 10) for x in range(10) for y in range(10)}
        if len(colours) < 2 or path.stat().st_size == 0:
            raise RuntimeError(_("Gambar jendela polos: jendela utama tidak tergambar."))
    finally:
        window.close()
        window.deleteLater()
        operations.wait_for_workers(5.0)
        app.processEvents()
        qInstallMessageHandler(previous)
        for message in qt_messages:
            log.info("Qt: %s", message)
    return f"{pixmap.width()} × {pixmap.height()}, {path.name}"


if __name__ == "__main__":
    raise SystemExit(main())
