"""Pengguna: the office's user accounts — list, add, edit, reset password, unlock, deactivate/reactivate."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QLineEdit, QTableView, QToolBar

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_datetime, format_number
from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.services import users
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.admin.user_dialog import ResetPasswordDialog, UserDialog
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.style import ERROR, MUTED, icon
from kesos_desktop.ui.widgets.tables import setup_table


def status_text(user: users.UserInfo) -> str:
    if not user.is_active:
        return _("Nonaktif")
    if user.is_locked:
        return _("Terkunci")
    return _("Aktif")


def _status_color(user: users.UserInfo) -> str | None:
    if not user.is_active:
        return MUTED
    return ERROR if user.is_locked else None


class UsersPage(Page):
    can_create = True
    can_find = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Pengguna"), _("Akun yang dapat masuk ke program ini dan peran masing-masing."))
        self.roles: list[users.RoleInfo] = []
        self.dialog: QDialog | None = None
        self._role_names: dict[str, str] = {}
        self.model: RowsTableModel[users.UserInfo] = RowsTableModel(
            [
                Column(_("Nama pengguna"), lambda u: u.username),
                Column(_("Nama lengkap"), lambda u: u.full_name),
                Column(_("NIP"), lambda u: u.nip),
                Column(_("Jabatan"), lambda u: u.jabatan),
                Column(_("Peran"), lambda u: ", ".join(self._role_names.get(r, r) for r in u.roles)),
                Column(_("Status"), status_text, color=_status_color),
                Column(
                    _("Terakhir masuk"),
                    lambda u: format_datetime(u.last_login_at),
                    sort_key=lambda u: u.last_login_at.isoformat() if u.last_login_at else "",
                ),
            ],
            parent=self,
        )
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_action = QAction(icon("add"), _("&Tambah pengguna…"), self)
        self.add_action.triggered.connect(self.create_new)
        self.edit_action = QAction(icon("edit"), _("&Ubah…"), self)
        self.edit_action.triggered.connect(self.edit_selected)
        self.reset_action = QAction(icon("key"), _("Atur ulang &kata sandi…"), self)
        self.reset_action.triggered.connect(self.reset_selected)
        self.unlock_action = QAction(icon("unlock"), _("&Buka kunci"), self)
        self.unlock_action.triggered.connect(self.unlock_selected)
        self.active_action = QAction(icon("block"), _("&Nonaktifkan"), self)
        self.active_action.triggered.connect(self.toggle_active_selected)
        for action in (self.add_action, self.edit_action, self.reset_action, self.unlock_action, self.active_action):
            toolbar.addAction(action)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Cari nama atau nama pengguna…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setMinimumWidth(300)
        self.filter.textChanged.connect(self._filter_changed)
        self.header.actions.addWidget(self.filter)

        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (130, 170, 130, 170, 130, 70))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.body.addWidget(toolbar)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.count)
        self._update_actions()
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        actor = self.ctx.actor

        def load(session):  # type: ignore[no-untyped-def]
            return users.list_roles(session), users.list_users(session, actor)

        operations.read(self, self.ctx.db, load, lambda result: self._loaded(*result, select=select))

    def _loaded(self, roles: list[users.RoleInfo], accounts: list[users.UserInfo], select: str | None) -> None:
        current = select or (self.selected().username if self.selected() else None)
        self.roles = roles
        self._role_names = {r.code: r.name for r in roles}
        self.model.set_rows(accounts)
        if current:
            self.select_username(current)
        n = len(accounts)
        self.count.setText(ngettext("{n} akun", "{n} akun", n).format(n=format_number(n)))
        self._update_actions()
        self.loaded.emit()

    def _filter_changed(self, text: str) -> None:
        needle = fold(text.strip())
        if not needle:
            self.model.set_filter(None)
        else:
            self.model.set_filter(lambda u: needle in fold(f"{u.username} {u.full_name} {u.nip}"))
        self._update_actions()

    # --- selection --------------------------------------------------------------------------------------------
    def selected(self) -> users.UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_username(self, username: str) -> bool:
        row = self.model.find(lambda u: u.username == username)
        if row < 0:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _update_actions(self) -> None:
        user = self.selected()
        for action in (self.edit_action, self.reset_action, self.active_action):
            action.setEnabled(user is not None)
        self.unlock_action.setEnabled(user is not None and user.is_locked)
        if user is not None and not user.is_active:
            self.active_action.setText(_("&Aktifkan"))
        else:
            self.active_action.setText(_("&Nonaktifkan"))
        self.active_action.setEnabled(user is not None and user.id != self.ctx.actor.user_id)

    # --- commands ---------------------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def create_new(self) -> None:
        dialog = UserDialog(self.ctx, self.roles, None, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.username))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog

    def edit_selected(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = UserDialog(self.ctx, self.roles, user, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.username))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog

    def reset_selected(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = ResetPasswordDialog(self.ctx, user, self)
        dialog.saved.connect(lambda info: self.refresh(select=info.username))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog

    def unlock_selected(self) -> None:
        user = self.selected()
        if user is None:
            return
        actor, user_id = self.ctx.actor, user.id
        operations.write(
            self, self.ctx.db, lambda s: users.unlock_user(s, actor, user_id), lambda i: self.refresh(select=i.username)
        )

    def toggle_active_selected(self) -> None:
        user = self.selected()
        if user is None:
            return
        if not user.is_active:
            self._set_active(user, True)
            return
        operations.ask(
            self,
            _("Nonaktifkan akun"),
            _(
                "Nonaktifkan akun {name} ({full_name})? Akun ini tidak dapat masuk lagi sampai diaktifkan kembali. "
                "Data yang pernah dicatatnya tetap ada."
            ).format(name=user.username, full_name=user.full_name),
            _("&Nonaktifkan"),
            lambda: self._set_active(user, False),
            destructive=True,
        )

    def _set_active(self, user: users.UserInfo, active: bool) -> None:
        data = users.UserInput(
            username=user.username,
            full_name=user.full_name,
            roles=list(user.roles),
            nip=user.nip,
            jabatan=user.jabatan,
            institution_id=user.institution_id,
        )
        data = dataclasses.replace(data, is_active=active)
        actor = self.ctx.actor
        operations.write(
            self,
            self.ctx.db,
            lambda s: users.update_user(s, actor, user.id, data, user.version_id),
            lambda info: self.refresh(select=info.username),
            on_failure=self._conflict_reload,
        )

    def _conflict_reload(self, error: BaseException) -> bool:
        # A stale row: show the message, then load the list again so the next try starts from the latest data.
        if isinstance(error, Conflict):
            operations.show_error(self, error)
            self.refresh()
            return True
        return False
