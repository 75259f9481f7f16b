"""The main window: navigation on the left, pages built on first use, menus, shortcuts and the status bar."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop import APP_NAME
from kesos_desktop.core.config import save_settings
from kesos_desktop.core.i18n import LANGUAGE_NAMES, _, available_languages, current_language
from kesos_desktop.core.services import auth, office, users
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.style import NAV_TEXT, app_icon, icon
from kesos_desktop.ui.widgets.page_header import heading_font

DEFAULT_SIZE = QSize(1280, 800)
NAV_WIDTH = 228


@dataclass(frozen=True)
class PageSpec:
    """A navigation entry: shown only when the actor has ``permission``; the module is imported on first open."""

    key: str
    title: Callable[[], str]
    icon: str
    module: str
    cls: str
    permission: str | None = None
    # None: everyone with the permission; True: only partner (mitra) users; False: never partner users.
    partner: bool | None = None


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", lambda: _("Beranda"), "home", "kesos_desktop.ui.pages.home", "HomePage"),
    PageSpec(
        "residents",
        lambda: _("Warga Binaan"),
        "users",
        "kesos_desktop.ui.pages.residents.list_page",
        "ResidentsPage",
        "residents.view",
    ),
    PageSpec("tasks", lambda: _("Tugas saya"), "audit", "kesos_desktop.ui.pages.tasks.page", "TasksPage", "tasks.view"),
    PageSpec("cases", lambda: _("Kasus"), "reference", "kesos_desktop.ui.pages.cases.page", "CasesPage", "cases.view"),
    PageSpec(
        "activities",
        lambda: _("Kegiatan"),
        "users",
        "kesos_desktop.ui.pages.activities.page",
        "ActivitiesPage",
        "activities.manage",
    ),
    PageSpec(
        "training",
        lambda: _("Pelatihan"),
        "reference",
        "kesos_desktop.ui.pages.training.page",
        "TrainingPage",
        "training.manage",
    ),
    PageSpec(
        "placements",
        lambda: _("Penempatan"),
        "office",
        "kesos_desktop.ui.pages.placements.page",
        "PlacementsPage",
        "placements.view",
        partner=False,
    ),
    PageSpec(
        "partner",
        lambda: _("Anak Binaan Kami"),
        "home",
        "kesos_desktop.ui.pages.partner.page",
        "PartnerPage",
        "placements.report",
        partner=True,
    ),
    PageSpec(
        "institutions",
        lambda: _("Lembaga"),
        "office",
        "kesos_desktop.ui.pages.institutions.page",
        "InstitutionsPage",
        "institutions.view",
    ),
    PageSpec(
        "returns",
        lambda: _("Pemulangan"),
        "home",
        "kesos_desktop.ui.pages.returns.page",
        "ReturnsPage",
        "returns.view",
    ),
    PageSpec(
        "vouchers",
        lambda: _("Voucher"),
        "audit",
        "kesos_desktop.ui.pages.vouchers.page",
        "VoucherRegisterPage",
        "returns.view",
    ),
    PageSpec(
        "letters",
        lambda: _("Surat"),
        "edit",
        "kesos_desktop.ui.pages.letters.page",
        "LetterRegisterPage",
        "returns.view",
    ),
    PageSpec(
        "budget",
        lambda: _("Anggaran Pemulangan"),
        "office",
        "kesos_desktop.ui.pages.budget.page",
        "BudgetPage",
        "returns.view",
    ),
    PageSpec(
        "return_settings",
        lambda: _("Pengaturan dokumen"),
        "office",
        "kesos_desktop.ui.pages.return_settings.page",
        "ReturnSettingsPage",
        "budget.manage",
    ),
    PageSpec(
        "users", lambda: _("Pengguna"), "users", "kesos_desktop.ui.pages.admin.users", "UsersPage", "users.manage"
    ),
    PageSpec("audit", lambda: _("Log Audit"), "audit", "kesos_desktop.ui.pages.admin.audit", "AuditPage", "audit.view"),
    PageSpec(
        "reference", lambda: _("Data Referensi"), "reference", "kesos_desktop.ui.pages.reference.page", "ReferencePage"
    ),
    PageSpec(
        "office", lambda: _("Kantor"), "office", "kesos_desktop.ui.pages.admin.office", "OfficePage", "office.manage"
    ),
)


def visible_pages(ctx: AppContext) -> list[PageSpec]:
    actor = ctx.actor
    return [
        spec
        for spec in PAGES
        if (spec.permission is None or actor.can(spec.permission))
        and (spec.partner is None or spec.partner == actor.is_partner)
    ]


class MainWindow(QMainWindow):
    """``logout_requested`` after the user signs out; ``closed`` when the window is closed (quit)."""

    logout_requested = Signal()
    closed = Signal()

    def __init__(self, ctx: AppContext, *, office_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.office_name = office_name
        self.specs = visible_pages(ctx)
        self.pages: dict[str, Page] = {}
        self._logging_out = False
        self._role_names: dict[str, str] = {}
        self.setWindowIcon(app_icon())
        self._build_navigation()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._update_title()
        if not ui_state.restore_geometry(self, "main_window"):
            self._default_geometry()
        last = ui_state.value("main_window/page", "home")
        self.navigation.setCurrentRow(next((i for i, s in enumerate(self.specs) if s.key == last), 0))
        self._load_identity()

    # --- layout -----------------------------------------------------------------------------------------------
    def _build_navigation(self) -> None:
        panel = QWidget()
        panel.setObjectName("navPanel")
        panel.setFixedWidth(NAV_WIDTH)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(34, 34))
        title = QLabel(APP_NAME)
        title.setObjectName("navTitle")
        title.setFont(heading_font(1.15))
        self.nav_office = QLabel(self.office_name)
        self.nav_office.setObjectName("navSubtitle")
        self.nav_office.setWordWrap(True)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(title)
        names.addWidget(self.nav_office)
        top = QHBoxLayout()
        top.setContentsMargins(16, 16, 12, 10)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(names, 1)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav_font = self.navigation.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.08 if nav_font.pointSizeF() > 0 else 10)
        self.navigation.setFont(nav_font)
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(icon(spec.icon, NAV_TEXT, "#ffffff"), spec.title())
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(NAV_WIDTH - 20, 34))
            self.navigation.addItem(item)
            # A light placeholder per entry; the real page replaces it the first time it is opened.
            self.stack.addWidget(QWidget())
        self.navigation.currentRowChanged.connect(self._show_row)
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 8)
        panel_layout.setSpacing(0)
        panel_layout.addLayout(top)
        panel_layout.addWidget(self.navigation, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(panel)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None, icon_name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.quit_action = self._action(_("&Keluar dari program"), self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.password_action = self._action(_("Ganti &kata sandi…"), self.change_password, icon_name="key")
        self.logout_action = self._action(_("Keluar &akun"), self.logout, icon_name="logout")
        self.new_action = self._action(
            _("&Baru…"), lambda: self.current_page_call("create_new"), QKeySequence.StandardKey.New, "add"
        )
        self.find_action = self._action(
            _("&Cari"), lambda: self.current_page_call("focus_find"), QKeySequence.StandardKey.Find, "search"
        )
        self.save_action = self._action(
            _("&Simpan"), lambda: self.current_page_call("save"), QKeySequence.StandardKey.Save, "save"
        )
        self.refresh_action = self._action(
            _("&Muat ulang"), lambda: self.current_page_call("refresh"), QKeySequence.StandardKey.Refresh, "refresh"
        )
        self.refresh_action.setShortcuts([QKeySequence("F5"), QKeySequence(QKeySequence.StandardKey.Refresh)])
        self.page_actions = []
        for row, spec in enumerate(self.specs):
            action = self._action(
                spec.title(),
                lambda row=row: self.navigation.setCurrentRow(row),
                f"Ctrl+{row + 1}" if row < 9 else None,
                spec.icon,
            )
            self.page_actions.append(action)
        self.about_action = self._action(_("&Tentang {app}").format(app=APP_NAME), self.show_about)
        self.verify_action = self._action(_("&Periksa keaslian voucher…"), self.verify_voucher)
        self.database_action = self._action(_("&Lokasi basis data…"), self.choose_database)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in available_languages():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == (self.ctx.settings.language or current_language()))
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            self.language_group.addAction(action)
            self.language_actions[code] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&Berkas"))
        file_menu.addAction(self.password_action)
        file_menu.addAction(self.logout_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(_("&Tampilan"))
        for action in self.page_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (self.new_action, self.find_action, self.save_action, self.refresh_action):
            view_menu.addAction(action)
        settings_menu = bar.addMenu(_("&Pengaturan"))
        language_menu = settings_menu.addMenu(_("&Bahasa"))
        for action in self.language_actions.values():
            language_menu.addAction(action)
        settings_menu.addAction(self.database_action)
        help_menu = bar.addMenu(_("B&antuan"))
        help_menu.addAction(self.verify_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(True)
        self.status_user = QLabel()
        self.status_office = QLabel(self.office_name)
        self.status_database = QLabel()
        location = self.ctx.db.location
        self.status_database.setText(_("Basis data: {location}").format(location=self._short(location)))
        self.status_database.setToolTip(location)
        self.demo_badge = QLabel(_("DEMO"))
        self.demo_badge.setObjectName("demoBadge")
        self.demo_badge.setToolTip(_("Mode demo: data contoh, bukan data sungguhan."))
        self.demo_badge.setVisible(self.ctx.demo)
        status.addWidget(self.status_user)
        status.addWidget(self.status_office, 1)
        from kesos_desktop.ui.widgets.task_counter import TaskCounter

        # Hidden without tasks.view; recounts every few minutes and whenever a page says tasks changed.
        self.task_counter = TaskCounter(self.ctx, self)
        self.task_counter.clicked.connect(lambda: "tasks" in self.page_keys() and self.open_page("tasks"))
        status.addPermanentWidget(self.task_counter)
        status.addPermanentWidget(self.status_database)
        status.addPermanentWidget(self.demo_badge)
        self._update_user_label()

    @staticmethod
    def _short(location: str, limit: int = 60) -> str:
        return location if len(location) <= limit else "…" + location[-(limit - 1) :]

    def _default_geometry(self) -> None:
        screen = QGuiApplication.primaryScreen()
        size = QSize(DEFAULT_SIZE)
        if screen is not None:
            available = screen.availableGeometry()
            size = size.boundedTo(available.size() * 0.95)
            self.resize(size)
            self.move(available.center() - self.rect().center())
        else:
            self.resize(size)

    # --- identity ---------------------------------------------------------------------------------------------
    def _load_identity(self) -> None:
        def load(session):  # type: ignore[no-untyped-def]
            return office.get_own_office(session), users.list_roles(session)

        def loaded(result) -> None:  # type: ignore[no-untyped-def]
            info, roles = result
            self._role_names = {r.code: r.name for r in roles}
            self.office_changed(info)
            self._update_user_label()

        operations.read(self, self.ctx.db, load, loaded, show_progress=False)

    def office_changed(self, info: office.OfficeInfo) -> None:
        self.office_name = info.name
        self.nav_office.setText(info.name)
        self.status_office.setText(info.name)
        self._update_title()

    def _update_title(self) -> None:
        parts = [APP_NAME]
        if self.office_name:
            parts.append(self.office_name)
        title = " — ".join(parts)
        # The demo office's own name may already say DEMO; say it once.
        if self.ctx.demo and "DEMO" not in title.upper():
            title = _("{title} [DEMO]").format(title=title)
        self.setWindowTitle(title)

    def _update_user_label(self) -> None:
        actor = self.ctx.actor
        roles = ", ".join(self._role_names.get(code, code) for code in sorted(actor.roles))
        text = _("{name} ({roles})").format(name=actor.full_name, roles=roles) if roles else actor.full_name
        self.status_user.setText(text)
        self.status_user.setToolTip(_("Masuk sebagai {username}").format(username=actor.username))

    # --- pages ------------------------------------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        page = self.page(self.specs[row].key)
        self.stack.setCurrentWidget(page)
        self._update_page_actions(page)

    def page(self, key: str) -> Page:
        """The page for ``key``, built now if it was never opened."""
        if key in self.pages:
            return self.pages[key]
        row = next(i for i, spec in enumerate(self.specs) if spec.key == key)
        spec = self.specs[row]
        cls = getattr(importlib.import_module(spec.module), spec.cls)
        page: Page = cls(self.ctx)
        self._wire_page(page)
        old = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.pages[key] = page
        return page

    def _wire_page(self, page: Page) -> None:
        """Pages announce what the user wants to open; the window opens it (pages never import each other)."""
        for signal_name, slot in (
            ("person_activated", self.open_person),
            ("new_intake_requested", self.open_intake),
            ("case_activated", self.open_case),
            ("placement_activated", self.open_placement),
        ):
            signal = getattr(page, signal_name, None)
            if signal is not None:
                signal.connect(slot)

    def open_person(self, person_id: object) -> None:
        from kesos_desktop.ui.pages.profile.window import open_profile

        open_profile(self.ctx, person_id, self)

    def open_intake(self) -> None:
        if not self.ctx.actor.can("residents.edit"):
            return
        from kesos_desktop.ui.pages.intake.window import open_intake

        window = open_intake(self.ctx, self)
        residents = self.pages.get("residents")
        if residents is not None:
            window.saved.connect(lambda _result: residents.refresh())

    def open_case(self, case_id: object) -> None:
        from kesos_desktop.ui.pages.cases.opener import open_case_window

        open_case_window(self.ctx, case_id, self)

    def verify_voucher(self) -> None:
        """Offline check of a travel voucher's QR text (pasted or scanned): anyone at the counter may do it."""
        from kesos_desktop.ui.pages.vouchers.verify_dialog import VerifyDialog

        dialog = VerifyDialog(self.ctx, self)
        dialog.open()

    def open_placement(self, placement_id: object) -> None:
        key = "partner" if self.ctx.actor.is_partner else "placements"
        if key in self.page_keys():
            page = self.open_page(key)
            page.show_placement(placement_id)  # type: ignore[attr-defined]

    def open_page(self, key: str) -> Page:
        row = next(i for i, spec in enumerate(self.specs) if spec.key == key)
        self.navigation.setCurrentRow(row)
        return self.pages[key]

    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def current_page_call(self, method: str) -> None:
        page = self.current_page()
        if page is not None:
            getattr(page, method)()

    def _update_page_actions(self, page: Page) -> None:
        self.new_action.setEnabled(page.can_create)
        self.find_action.setEnabled(page.can_find)
        self.save_action.setEnabled(page.can_save)

    # --- commands ---------------------------------------------------------------------------------------------
    def _open_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def change_password(self) -> None:
        from kesos_desktop.ui.dialogs.login import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx.db, self.ctx.actor, parent=self)
        dialog.changed.connect(
            lambda: operations.message_box(
                self, QMessageBox.Icon.Information, _("Ganti kata sandi"), _("Kata sandi Anda sudah diganti.")
            )
        )
        self._open_dialog(dialog)

    def logout(self) -> None:
        actor = self.ctx.actor

        def done(_result: object) -> None:
            self._logging_out = True
            self.close()

        operations.write(self, self.ctx.db, lambda s: auth.logout(s, actor), done, label=_("Keluar akun…"))

    def show_about(self) -> None:
        from kesos_desktop.ui.dialogs.about import AboutDialog

        self._open_dialog(AboutDialog(self.ctx.db.location, self))

    def choose_database(self) -> None:
        from kesos_desktop.ui.dialogs.database import DatabaseLocationDialog

        dialog = DatabaseLocationDialog(self.ctx.settings, self)

        def saved(value: str) -> None:
            self.ctx.settings = dataclasses.replace(self.ctx.settings, database_url=value)
            operations.message_box(
                self,
                QMessageBox.Icon.Information,
                _("Lokasi basis data"),
                _("Lokasi basis data disimpan. Perubahan berlaku setelah program dibuka ulang."),
            )

        dialog.saved.connect(saved)
        self._open_dialog(dialog)

    def set_language(self, code: str) -> None:
        if code == self.ctx.settings.language:
            return
        new = dataclasses.replace(self.ctx.settings, language=code)
        try:
            save_settings(new)
        except (OSError, ValueError) as exc:
            operations.show_error(self, exc)
            return
        self.ctx.settings = new
        operations.message_box(
            self,
            QMessageBox.Icon.Information,
            LANGUAGE_NAMES[code],
            _("Bahasa tampilan diganti ke {language}. Perubahan berlaku setelah program dibuka ulang.").format(
                language=LANGUAGE_NAMES[code]
            ),
        )

    # --- closing ----------------------------------------------------------------------------------------------
    def _close_child_windows(self) -> bool:
        """Profile, intake and case windows close first, so unsaved work asks (or saves its draft); False when one
        of them refused to close."""
        for window in self.findChildren(QWidget):
            if window is not self and window.isWindow() and window.isVisible() and not window.close():
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_child_windows():
            event.ignore()
            return
        ui_state.save_geometry(self, "main_window")
        page = self.current_page()
        ui_state.set_value("main_window/page", next((k for k, p in self.pages.items() if p is page), "home"))
        super().closeEvent(event)
        if self._logging_out:
            self.logout_requested.emit()
            return
        # Quitting also ends the session in the audit log; the flow waits for this before closing the database.
        actor = self.ctx.actor
        operations.write(None, self.ctx.db, lambda s: auth.logout(s, actor), show_progress=False)
        self.closed.emit()
