"""GUI entry point (``kesos-desktop``, ``python -m kesos_desktop``): arguments, early checks, logs, crash hook, flow."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kesos_desktop import APP_ID, APP_NAME, __version__
from kesos_desktop.core import i18n
from kesos_desktop.core.errors import KesosError, ValidationError
from kesos_desktop.core.i18n import _

log = logging.getLogger("kesos_desktop")

LOG_FILE = "kesos-desktop.log"
LOG_MAX_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 5


class StartupError(Exception):
    """A problem found before the window opens; the message is already in the interface language."""


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and whatever is left for Qt (``-platform``, ``-style``...)."""
    parser = argparse.ArgumentParser(prog=APP_ID, description=_("Kesos Desktop: registrasi dan layanan kesos."))
    parser.add_argument("--demo", action="store_true", help=_("buka basis data contoh (dibuat bila belum ada)"))
    parser.add_argument("--db", metavar="PATH|URL", help=_("berkas SQLite atau alamat postgresql://…"))
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), help=_("bahasa tampilan: id atau en"))
    parser.add_argument("--version", action="store_true", help=_("tampilkan versi lalu keluar"))
    return parser.parse_known_args(list(argv))


def setup_logging(folder: Path) -> Path:
    """Rotating log files in ``folder``; returns the current log file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    return path


def check_writable(folders: Sequence[Path]) -> None:
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StartupError(
                _("Folder {folder} tidak dapat dibuat: {error}").format(folder=folder, error=exc)
            ) from exc
        if not os.access(folder, os.W_OK):
            raise StartupError(
                _("Folder {folder} tidak dapat ditulisi. Periksa izin folder itu, atau atur KESOS_HOME.").format(
                    folder=folder
                )
            )


def prepare(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Everything that needs no Qt: language, settings, folders, database URL. Raises StartupError."""
    from kesos_desktop.core.config import load_settings, locations
    from kesos_desktop.core.db.urls import resolve_url
    from kesos_desktop.ui.startup import StartupOptions

    try:
        i18n.install(args.lang or i18n.SOURCE_LANGUAGE)
        settings = load_settings()
        if not args.lang and settings.language != i18n.current_language():
            i18n.install(settings.language)
    except (ValidationError, ValueError, KesosError) as exc:
        raise StartupError(str(exc)) from exc
    where = locations()
    check_writable([where.data, where.logs, where.config])
    try:
        url = resolve_url(args.db, settings.database_url, demo=args.demo)
    except ValidationError as exc:
        details = "; ".join(exc.fields.values())
        raise StartupError(f"{exc} ({details})" if details else str(exc)) from exc
    return StartupOptions(url=url, settings=settings, demo=args.demo)


def report_startup_error(message: str) -> None:
    """Say why the program cannot start: on stderr, and in a message box (Windows GUI apps have no console)."""
    print(message, file=sys.stderr)
    if os.environ.get("KESOS_NO_DIALOGS"):
        return
    from kesos_desktop.ui.startup import show_startup_error

    show_startup_error(message)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args, qt_args = parse_args(argv)
    except SystemExit as exc:  # --help or a bad option: argparse has printed why
        return int(exc.code or 0)
    if args.version:
        print(f"{APP_NAME} {__version__}")
        return 0
    try:
        options = prepare(args)
    except StartupError as exc:
        report_startup_error(str(exc))
        return 1

    from kesos_desktop.core.config import locations

    log_path = setup_logging(locations().logs)
    log.info("%s %s starting; database %s", APP_NAME, __version__, options.url.render_as_string(hide_password=True))
    return run_gui(options, qt_args, log_path)


def run_gui(options, qt_args: list[str], log_path: Path | None) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kesos_desktop.ui import crash, style
    from kesos_desktop.ui.startup import StartupFlow

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    # Dialogs follow one another (wizard, sign-in, main window); the flow decides when the program ends.
    app.setQuitOnLastWindowClosed(False)
    try:
        from kesos_desktop.ui.i18n_bridge import install_qt_translator
    except ImportError:
        pass
    else:
        install_qt_translator(app)
    crash.set_log_file(log_path)
    crash.install()
    style.apply(app)  # type: ignore[arg-type]
    flow = StartupFlow(options)
    flow.finished.connect(app.exit)
    QTimer.singleShot(0, flow.start)
    code = app.exec()
    crash.uninstall()
    return flow.exit_code if flow.exit_code is not None else code


if __name__ == "__main__":
    raise SystemExit(main())
