"""Startup flow: open the database off the GUI thread, refusal, demo data, first-run wizard, sign-in, main window."""

# Every step shows a non-blocking dialog and continues from its signal, so the event loop never stalls and tests can
# drive the flow like a person: type, click, wait. After a logout the flow returns to sign-in.

from __future__ import annotations

import logging
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.engine import URL

from kesos_desktop.core.config import Settings
from kesos_desktop.core.db import Database, open_database
from kesos_desktop.core.db.urls import display_location, resolve_url
from kesos_desktop.core.errors import DatabaseRefused, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.progress import Cancelled
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.database import (
    CHOOSE_FILE,
    OPEN_SETTINGS,
    DatabaseLocationDialog,
    DatabaseRefusedDialog,
    choose_database_file,
)

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_REFUSED = 0, 1, 2


@dataclass
class StartupOptions:
    url: URL
    settings: Settings
    demo: bool = False


def _warm_reference_data(_progress: operations.Progress) -> None:
    # The region table and its search index take a few hundred ms to build; do it before anyone types a name.
    from kesos_desktop.core.reference import regions

    regions.warm_up()
    regions.search_regions("a", limit=1)


class StartupFlow(QObject):
    """Drives the steps; ``stage`` names the current one, ``finished(exit_code)`` ends the program."""

    stage_changed = Signal(str)
    finished = Signal(int)

    def __init__(self, options: StartupOptions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.settings = options.settings
        self.url = options.url
        self.db: Database | None = None
        self.stage = "new"
        self.exit_code: int | None = None
        self.office_name = ""
        self.demo_login: tuple[str, str] | None = None
        self.dialog: QWidget | None = None
        self.main_window = None
        self._retired: list[QWidget] = []

    def _set_stage(self, stage: str) -> None:
        self.stage = stage
        log.info("startup: %s", stage)
        self.stage_changed.emit(stage)

    def start(self) -> None:
        self._open(self.url)

    # --- database ---------------------------------------------------------------------------------------------
    def _open(self, url: URL) -> None:
        self.url = url
        self._set_stage("opening")
        operations.run(
            None,
            lambda _p: open_database(url),
            self._opened,
            on_failure=self._open_failed,
            label=_("Membuka basis data {location}…").format(location=display_location(url)),
        )

    def _open_failed(self, error: BaseException) -> bool:
        if isinstance(error, DatabaseRefused):
            self._refused(error)
            return True
        self._fail(error)
        return True

    def _fail(self, error: BaseException) -> None:
        """An error that ends the start: a message for known errors, the crash dialog for the rest."""
        from kesos_desktop.ui import crash

        box = operations.show_error(None, error) or crash.current_dialog()
        if box is not None:
            box.finished.connect(lambda _r: self.finish(EXIT_ERROR))
        else:
            self.finish(EXIT_ERROR)

    def _refused(self, error: DatabaseRefused) -> None:
        dialog = DatabaseRefusedDialog(error, display_location(self.url))
        dialog.chosen.connect(lambda choice: self._refused_choice(choice, error))
        self._show(dialog)
        self._set_stage("refused")

    def _refused_choice(self, choice: str, error: DatabaseRefused) -> None:
        if choice == CHOOSE_FILE:
            name = choose_database_file(None)
            if name:
                self._open(resolve_url(name))
            else:
                self._refused(error)
        elif choice == OPEN_SETTINGS:
            dialog = DatabaseLocationDialog(self.settings)
            dialog.saved.connect(self._location_saved)
            dialog.rejected.connect(lambda: self._refused(error))
            self._show(dialog)
        else:
            self.finish(EXIT_REFUSED)

    def _location_saved(self, value: str) -> None:
        self.settings.database_url = value
        try:
            url = resolve_url(value or None, demo=self.options.demo and not value)
        except ValidationError as exc:
            self._fail(exc)
            return
        self._open(url)

    def _opened(self, db: Database) -> None:
        self.db = db
        operations.run(None, _warm_reference_data, show_progress=False, on_failure=lambda _e: True)
        if self.options.demo:
            self._ensure_demo()
        else:
            self._check_setup()

    def _ensure_demo(self) -> None:
        from kesos_desktop.core.services import demo

        self._set_stage("demo")
        db = self.db
        assert db is not None

        def work(progress: operations.Progress) -> tuple[str, str]:
            credentials = demo.ensure_demo(db, progress=progress)
            return credentials.username, credentials.password

        def done(login: tuple[str, str]) -> None:
            self.demo_login = login
            self._check_setup()

        def failed(error: BaseException) -> bool:
            if isinstance(error, Cancelled):
                self.finish(EXIT_OK)
            else:
                # e.g. --demo pointed at a real office's database: say why, then stop.
                self._fail(error)
            return True

        operations.run(None, work, done, on_failure=failed, label=_("Menyiapkan data contoh…"), cancellable=True)

    # --- setup and sign-in ------------------------------------------------------------------------------------
    def _check_setup(self) -> None:
        from kesos_desktop.core.services import office

        def check(session):  # type: ignore[no-untyped-def]
            if office.needs_setup(session):
                return None
            return office.get_own_office(session).name

        assert self.db is not None
        operations.read(None, self.db, check, self._setup_checked, label=_("Memeriksa data kantor…"))

    def _setup_checked(self, office_name: str | None) -> None:
        if office_name is None:
            self._show_wizard()
        else:
            self.office_name = office_name
            self._show_login()

    def _show_wizard(self) -> None:
        from kesos_desktop.ui.dialogs.setup_wizard import SetupWizard

        assert self.db is not None
        wizard = SetupWizard(self.db)
        wizard.completed.connect(self._setup_done)
        wizard.rejected.connect(lambda: self.finish(EXIT_OK))
        self._show(wizard)
        self._set_stage("wizard")

    def _setup_done(self, office_info, admin_info) -> None:  # type: ignore[no-untyped-def]
        self.office_name = office_info.name
        self._show_login(username=admin_info.username)

    def _show_login(self, username: str = "") -> None:
        from kesos_desktop.ui.dialogs.login import LoginDialog

        assert self.db is not None
        dialog = LoginDialog(self.db, self.office_name, demo_login=self.demo_login, username=username)
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(lambda: self.finish(EXIT_OK))
        self._show(dialog)
        self._set_stage("login")

    def _signed_in(self, result) -> None:  # type: ignore[no-untyped-def]
        if result.must_change_password:
            from kesos_desktop.ui.dialogs.login import ChangePasswordDialog

            assert self.db is not None
            dialog = ChangePasswordDialog(self.db, result.actor, required=True)
            dialog.changed.connect(lambda: self._show_main(result.actor))
            dialog.rejected.connect(lambda: self._show_login(result.actor.username))
            self._show(dialog)
            self._set_stage("change_password")
        else:
            self._show_main(result.actor)

    def _show_main(self, actor) -> None:  # type: ignore[no-untyped-def]
        from kesos_desktop.ui.main_window import MainWindow

        assert self.db is not None
        ctx = AppContext(self.db, actor, self.settings, demo=self.options.demo)
        window = MainWindow(ctx, office_name=self.office_name)
        window.logout_requested.connect(lambda: self._after_logout(actor.username))
        window.closed.connect(lambda: self.finish(EXIT_OK))
        self.main_window = window
        self._retire()
        window.show()
        self._set_stage("main")

    def _after_logout(self, username: str) -> None:
        window, self.main_window = self.main_window, None
        if window is not None:
            # We are inside the window's closeEvent: delete it later and hold it until then.
            window.deleteLater()
            self._retired.append(window)
        self._show_login(username=username)

    # --- helpers ----------------------------------------------------------------------------------------------
    def _show(self, dialog: QWidget) -> None:
        self._retire()
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def _retire(self) -> None:
        # The previous dialog may still be inside its own signal handler (it emitted the signal that got us
        # here), so it is deleted later by Qt, and our reference is kept until then.
        old, self.dialog = self.dialog, None
        self._retired = [w for w in self._retired if shiboken6.isValid(w)]
        if old is not None and shiboken6.isValid(old):
            old.deleteLater()
            self._retired.append(old)

    def finish(self, code: int) -> None:
        if self.exit_code is not None:
            return
        self.exit_code = code
        self._set_stage("finished")
        # Let running workers end before the engine goes; they hold connections from its pool.
        operations.wait_for_workers(10.0)
        if self.db is not None:
            self.db.dispose()
        self.finished.emit(code)


def refused_text(error: DatabaseRefused, location: str = "") -> tuple[str, str]:
    """(text, informative text) of the refusal dialog, for callers that show it their own way."""
    dialog = DatabaseRefusedDialog(error, location)
    try:
        return dialog.text(), dialog.informativeText()
    finally:
        dialog.deleteLater()


_early_app: QApplication | None = None


def show_startup_error(message: str, title: str = "") -> None:
    """A blocking message before the flow runs (no event loop yet): settings unreadable, folders not writable."""
    global _early_app
    if QApplication.instance() is None:
        _early_app = QApplication([])
    box = QMessageBox(QMessageBox.Icon.Critical, title or _("Kesos Desktop tidak dapat dimulai"), message)
    box.exec()
