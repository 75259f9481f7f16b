"""Running service calls off the GUI thread: a progress dialog after a short delay, cancel, and one place for errors."""

# The pattern follows Anki's CollectionOp/QueryOp idea: the caller hands over a function that does the work on a
# worker thread (opening its own database session there) and callbacks that run back on the GUI thread. Errors go to
# ``show_error``: typed core errors become friendly messages (ValidationError at the form's fields when a form is
# given), anything else goes to the crash dialog.

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

from kesos_desktop.core.errors import (
    AuthenticationFailed,
    Conflict,
    DatabaseRefused,
    KesosError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from kesos_desktop.core.i18n import _
from kesos_desktop.core.progress import Cancelled

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kesos_desktop.core.db import Database
    from kesos_desktop.ui.widgets.forms import FormErrors

log = logging.getLogger(__name__)
T = TypeVar("T")

# Work that ends sooner than this never shows a dialog: a flash of a progress window is worse than none.
PROGRESS_DELAY_MS = 300
_POLL_MS = 100


class Progress:
    """Handed to the worker function; implements ``kesos_desktop.core.progress.Progress`` (thread-safe).

    The GUI polls these values a few times a second instead of receiving a signal per step, so a loop that
    advances 100,000 times costs nothing on the GUI thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.total = 0
        self.done = 0
        self.label = ""

    def set_total(self, n: int) -> None:
        with self._lock:
            self.total = max(0, int(n))
            self.done = 0

    def advance(self, n: int = 1, message: str = "") -> None:
        with self._lock:
            self.done += n
            if message:
                self.label = message

    def set_label(self, text: str) -> None:
        with self._lock:
            self.label = text

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` when the user asked to stop; call between steps of a long loop."""
        if self._cancel.is_set():
            raise Cancelled

    def snapshot(self) -> tuple[int, int, str]:
        with self._lock:
            return self.total, self.done, self.label


# Workers are plain Python threads, not QThreadPool: a QRunnable's Python run() and QThreadPool.start() take Qt's
# pool mutex and the GIL in opposite orders, which deadlocked the GUI thread (seen in the test suite).
_EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kesos-worker")
_futures: set[Future[None]] = set()
_futures_lock = threading.Lock()


def _run_worker(op: Operation) -> None:
    try:
        result = op._work(op.progress)
    except BaseException as exc:  # everything is reported back to the GUI thread, nothing dies silently here
        op._relay.emit(None, exc)
    else:
        op._relay.emit(result, None)


def _submit(op: Operation) -> None:
    future = _EXECUTOR.submit(_run_worker, op)
    with _futures_lock:
        _futures.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future[None]) -> None:
    with _futures_lock:
        _futures.discard(future)


def wait_for_workers(timeout_s: float = 10.0) -> bool:
    """Block until every worker has returned (their results still arrive through the event loop); True if all
    did. Used before the database engine is disposed."""
    with _futures_lock:
        pending = set(_futures)
    _done, not_done = wait(pending, timeout=timeout_s)
    return not not_done


_running: set[Operation] = set()


class Operation(QObject):
    """One piece of work on the thread pool; ``succeeded``/``failed`` fire on the GUI thread.

    ``on_failure`` may return True to say it handled the error; otherwise ``show_error`` shows it.
    Operations are kept alive by a module-level set until they finish, so callers need not hold them.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    _relay = Signal(object, object)

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Progress], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], bool | None] | None = None,
        label: str = "",
        cancellable: bool = False,
        form: FormErrors | None = None,
        busy: QWidget | None = None,
        show_progress: bool = True,
    ) -> None:
        # No QObject parent: the widget may be deleted while the worker still runs, and the relay must survive.
        super().__init__()
        self._parent = parent
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self.label = label or _("Sedang memproses…")
        self.cancellable = cancellable
        self.form = form
        self._busy = busy
        self._show_progress = show_progress
        self.progress = Progress()
        self.running = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        self._poll: QTimer | None = None
        self._relay.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def start(self) -> Operation:
        self.running = True
        _running.add(self)
        if self._busy is not None:
            self._busy.setEnabled(False)
        if self._show_progress:
            QTimer.singleShot(PROGRESS_DELAY_MS, self._show_dialog)
        _submit(self)
        return self

    def _alive(self, widget: QWidget | None) -> bool:
        return widget is None or shiboken6.isValid(widget)

    def _show_dialog(self) -> None:
        if not self.running or not self._alive(self._parent):
            return
        dialog = QProgressDialog(self._parent)
        dialog.setWindowTitle(_("Mohon tunggu"))
        dialog.setLabelText(self.label)
        dialog.setRange(0, 0)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        if self.cancellable:
            dialog.setCancelButtonText(_("Batal"))
            dialog.canceled.connect(self._cancel_requested)
        else:
            dialog.setCancelButton(None)
        dialog.setWindowModality(
            Qt.WindowModality.WindowModal if self._parent is not None else Qt.WindowModality.ApplicationModal
        )
        self.dialog = dialog
        dialog.show()
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._update_dialog)
        self._poll.start(_POLL_MS)

    def _cancel_requested(self) -> None:
        self.progress.cancel()
        if self.dialog is not None:
            # Keep the dialog up (QProgressDialog hides itself on cancel) until the worker really stops.
            self.dialog.setLabelText(_("Membatalkan…"))
            self.dialog.show()

    def _update_dialog(self) -> None:
        if self.dialog is None:
            return
        total, done, label = self.progress.snapshot()
        if label and not self.progress.cancelled():
            self.dialog.setLabelText(label)
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _close_dialog(self) -> None:
        if self._poll is not None:
            self._poll.stop()
            self._poll = None
        if self.dialog is not None:
            if shiboken6.isValid(self.dialog):
                self.dialog.canceled.disconnect()
                self.dialog.close()
                self.dialog.deleteLater()
            self.dialog = None

    def _finish(self, result: Any, error: BaseException | None) -> None:
        self.running = False
        self._close_dialog()
        _running.discard(self)
        if self._busy is not None and shiboken6.isValid(self._busy):
            self._busy.setEnabled(True)
        self.result, self.error = result, error
        parent_alive = self._alive(self._parent)
        try:
            if error is None:
                if self._on_success is not None and parent_alive:
                    self._on_success(result)
                self.succeeded.emit(result)
            else:
                self._handle_error(error, parent_alive)
                self.failed.emit(error)
        finally:
            self.finished.emit()

    def _handle_error(self, error: BaseException, parent_alive: bool) -> None:
        if isinstance(error, Cancelled):
            # The user pressed Cancel: nothing to report, the caller's on_failure may still react.
            if self._on_failure is not None and parent_alive:
                self._on_failure(error)
            return
        if not isinstance(error, KesosError):
            log.error("Operation failed: %s", self.label, exc_info=error)
        handled = False
        if self._on_failure is not None and parent_alive:
            handled = bool(self._on_failure(error))
        if not handled:
            show_error(self._parent if parent_alive else None, error, form=self.form if parent_alive else None)


def run(
    parent: QWidget | None,
    work: Callable[[Progress], T],
    on_success: Callable[[T], None] | None = None,
    **options: Any,
) -> Operation:
    """Run ``work(progress)`` on a worker thread; see ``Operation`` for the options."""
    return Operation(parent, work, on_success=on_success, **options).start()


def read(
    parent: QWidget | None,
    db: Database,
    fn: Callable[[Session], T],
    on_success: Callable[[T], None] | None = None,
    **options: Any,
) -> Operation:
    """``fn(session)`` in a read session opened on the worker thread (sessions never cross threads)."""

    def work(_progress: Progress) -> T:
        with db.read() as session:
            return fn(session)

    options.setdefault("label", _("Memuat data…"))
    return run(parent, work, on_success, **options)


def write(
    parent: QWidget | None,
    db: Database,
    fn: Callable[[Session], T],
    on_success: Callable[[T], None] | None = None,
    **options: Any,
) -> Operation:
    """``fn(session)`` in a write session opened on the worker thread; the service commits inside it."""

    def work(_progress: Progress) -> T:
        with db.write() as session:
            return fn(session)

    options.setdefault("label", _("Menyimpan…"))
    return run(parent, work, on_success, **options)


def running_operations() -> int:
    return len(_running)


def error_title(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return _("Periksa isian")
    if isinstance(error, Conflict):
        return _("Data telah berubah")
    if isinstance(error, NotFound):
        return _("Data tidak ditemukan")
    if isinstance(error, PermissionDenied):
        return _("Tidak diizinkan")
    if isinstance(error, AuthenticationFailed):
        return _("Gagal masuk")
    if isinstance(error, DatabaseRefused):
        return _("Basis data tidak dapat dibuka")
    return _("Tidak dapat dilanjutkan")


def show_error(parent: QWidget | None, error: BaseException, *, form: FormErrors | None = None) -> QMessageBox | None:
    """The one place that shows an error: at the form's fields, as a message box, or through the crash dialog."""
    if isinstance(error, ValidationError) and form is not None and form.show_error(error):
        return None
    if isinstance(error, KesosError):
        text = str(error)
        if isinstance(error, ValidationError) and error.fields:
            details = "\n".join(f"• {message}" for message in error.fields.values() if message)
            text = f"{text}\n\n{details}" if details else text
        return message_box(parent, QMessageBox.Icon.Warning, error_title(error), text)
    from kesos_desktop.ui import crash

    crash.report(error)
    return None


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    *,
    informative: str = "",
) -> QMessageBox:
    """A non-blocking message box (``open()``, deleted on close), so tests and the event loop never stall on it."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if informative:
        box.setInformativeText(informative)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    yes_text: str,
    on_yes: Callable[[], None],
    *,
    destructive: bool = False,
) -> QMessageBox:
    """A non-blocking confirmation: ``on_yes`` runs only when the user presses the named button."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
    # Destructive actions default to Cancel, so a stray Enter never does harm.
    box.setDefaultButton(no if destructive else yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(_result: int) -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(done)
    box.open()
    return box


def offer_reload(
    parent: QWidget,
    db: Database,
    error: BaseException,
    fetch: Callable[[Session], T],
    on_latest: Callable[[T], None],
    *,
    info: QLabel | None = None,
) -> bool:
    """A version conflict on save: offer to load the latest record while keeping what the user typed.

    For a form's ``on_failure``: returns False for any other error (shown the usual way). ``fetch`` reads the
    latest version on a worker; ``on_latest`` takes it (the form saves over it next), and ``info`` says so."""
    if not isinstance(error, Conflict):
        return False

    def reloaded(latest: T) -> None:
        on_latest(latest)
        if info is not None:
            info.setText(_("Data terbaru dimuat. Isian Anda tetap; tekan Simpan untuk menyimpannya."))
            info.show()

    def reload() -> None:
        read(parent, db, fetch, reloaded)

    ask(parent, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), reload)
    return True
