"""Unexpected errors: hooks for Python and Qt, logging, and the dialog that says what happened and where the log is."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, QtMsgType, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop import APP_NAME, __version__
from kesos_desktop.core.i18n import _

log = logging.getLogger("kesos_desktop.crash")

_state: dict[str, object] = {"log_file": None, "dialog": None, "previous_handler": None}


def set_log_file(path: Path | None) -> None:
    _state["log_file"] = path


def log_file() -> Path | None:
    value = _state["log_file"]
    return value if isinstance(value, Path) else None


def current_dialog() -> CrashDialog | None:
    """The crash dialog on screen now, if any."""
    dialog = _state["dialog"]
    return dialog if isinstance(dialog, CrashDialog) and shiboken6.isValid(dialog) else None


def format_details(error: BaseException) -> str:
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    header = f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
    return header + "".join(lines)


class CrashDialog(QDialog):
    """Tells the user that something unexpected happened, that saved work is safe, and where the details are."""

    def __init__(self, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Terjadi kesalahan tak terduga"))
        self.setMinimumWidth(560)
        self.details = format_details(error)
        path = log_file()

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        headline = QLabel(
            _(
                "Kesos Desktop mengalami kesalahan yang tidak terduga: {error}. Data yang sudah tersimpan aman. "
                "Jika kesalahan berulang, kirimkan rinciannya kepada pengelola program."
            ).format(error=type(error).__name__)
        )
        headline.setWordWrap(True)
        where = QLabel(
            _("Rincian kesalahan dicatat di berkas log: {path}").format(path=path)
            if path
            else _("Rincian kesalahan tidak dapat dicatat ke berkas log; salin rincian di bawah ini.")
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setObjectName("crashLogPath")

        text = QPlainTextEdit(self.details)
        text.setReadOnly(True)
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        text.setMinimumHeight(180)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(_("&Salin rincian"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        if path:
            folder = QPushButton(_("Buka &folder log"))
            folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
            buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(headline)
        layout.addWidget(where)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Tersalin"))


class _Bridge(QObject):
    """Carries an exception from any thread to the GUI thread, where the dialog may be shown."""

    raised = Signal(object)


_bridge: _Bridge | None = None


def report(error: BaseException) -> CrashDialog | None:
    """Log ``error`` and show the crash dialog (one at a time; later errors only go to the log)."""
    log.error("Unexpected error", exc_info=error)
    app = QApplication.instance()
    if app is None:
        return None
    if _bridge is not None and threading.current_thread() is not threading.main_thread():
        _bridge.raised.emit(error)
        return None
    return _show(error)


def _show(error: BaseException) -> CrashDialog | None:
    current = current_dialog()
    if current is not None and current.isVisible():
        return None
    parent = QApplication.activeWindow()
    dialog = CrashDialog(error, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _state["dialog"] = dialog
    dialog.finished.connect(lambda _r: _state.update(dialog=None))
    dialog.open()
    return dialog


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if error.__traceback__ is None:
        error = error.with_traceback(tb)
    report(error)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
        report(args.exc_value)


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def install() -> None:
    """Route unhandled Python exceptions (any thread) and Qt's own messages to the log and the crash dialog.

    Called from ``app.main`` only: tests keep pytest-qt's message handler, which fails a test on a Qt warning.
    """
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
        _bridge.raised.connect(_show, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    _state["previous_handler"] = qInstallMessageHandler(_qt_message)


def uninstall() -> None:
    """Put back Python's hooks and whatever Qt message handler was there before ``install``."""
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    qInstallMessageHandler(_state["previous_handler"])  # type: ignore[arg-type]
    _state["previous_handler"] = None
