"""Sign-in dialog (office name, user name, password, lockout messages as given) and the change-password dialog."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop import APP_NAME
from kesos_desktop.core.db import Database
from kesos_desktop.core.errors import AuthenticationFailed, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import auth
from kesos_desktop.ui import operations
from kesos_desktop.ui.style import app_icon
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.page_header import heading_font


@dataclass(frozen=True)
class SignIn:
    actor: Actor
    must_change_password: bool


class LoginDialog(QDialog):
    """Asks for user name and password; ``signed_in`` carries the Actor once the service accepts them."""

    signed_in = Signal(object)

    def __init__(
        self,
        db: Database,
        office_name: str,
        *,
        demo_login: tuple[str, str] | None = None,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.result_sign_in: SignIn | None = None
        self.setWindowTitle(_("Masuk — {app}").format(app=APP_NAME))
        self.setMinimumWidth(420)

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(48, 48))
        title = QLabel(APP_NAME)
        title.setFont(heading_font(1.5))
        office = QLabel(office_name)
        office.setObjectName("pageSubtitle")
        office.setWordWrap(True)
        self.office_label = office
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(title)
        names.addWidget(office)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(names, 1)

        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("&Nama pengguna"), self.username)
        form.addRow(_("&Kata sandi"), self.password)
        for widget in (self.username, self.password):
            label = form.labelForField(widget)
            if isinstance(label, QLabel):
                label.setBuddy(widget)

        relax_labels(form)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("infoBanner")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if demo_login is not None:
            self.demo_hint.setText(
                _("Mode demo — pengguna: {username}, kata sandi: {password}").format(
                    username=demo_login[0], password=demo_login[1]
                )
            )
            if not username:
                self.username.setText(demo_login[0])
        else:
            self.demo_hint.hide()

        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(_("&Masuk"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = self.buttons.addButton(_("Ke&luar"), QDialogButtonBox.ButtonRole.RejectRole)
        # No setDefault() here: the box is not in the dialog yet, so Qt would not remember it as the dialog's main
        # default and a click elsewhere would lose it. The box makes its first accept button the default on show.
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.demo_hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.show_error(_("Isi nama pengguna dan kata sandi."))
            (self.username if not username else self.password).setFocus()
            return
        self.error.hide()

        def sign_in(session: Session) -> SignIn:
            actor = auth.login(session, username, password)
            return SignIn(actor, actor.must_change_password)

        operations.write(
            self, self.db, sign_in, self._signed_in, on_failure=self._failed, label=_("Memeriksa…"), busy=self.buttons
        )

    def _signed_in(self, result: SignIn) -> None:
        self.result_sign_in = result
        self.signed_in.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, AuthenticationFailed):
            self.show_error(str(error))
            self.password.clear()
            self.password.setFocus()
            return True
        return False


class ChangePasswordDialog(QDialog):
    """Old password, new password twice; ``required`` when a temporary password must be replaced first."""

    changed = Signal()

    def __init__(self, db: Database, actor: Actor, *, required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.setWindowTitle(_("Ganti kata sandi"))
        self.setMinimumWidth(440)
        intro = QLabel(
            _("Kata sandi Anda adalah kata sandi sementara. Ganti dengan kata sandi baru sebelum melanjutkan.")
            if required
            else _("Kata sandi minimal 8 karakter dan memuat huruf serta angka.")
        )
        intro.setWordWrap(True)
        intro.setObjectName("infoBanner" if required else "hint")
        self.old_password = QLineEdit()
        self.new_password = QLineEdit()
        self.repeat_password = QLineEdit()
        for edit in (self.old_password, self.new_password, self.repeat_password):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        form = QFormLayout()
        form.addRow(_("Kata sandi &lama"), self.form.field("old_password", self.old_password))
        form.addRow(_("Kata sandi &baru"), self.form.field("new_password", self.new_password))
        form.addRow(_("&Ulangi kata sandi baru"), self.form.field("repeat_password", self.repeat_password))
        relax_labels(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(banner)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def submit(self) -> None:
        self.form.clear()
        if self.new_password.text() != self.repeat_password.text():
            self.form.show_error(
                ValidationError(
                    _("Periksa isian yang ditandai."),
                    {"repeat_password": _("Kata sandi baru dan ulangannya tidak sama.")},
                )
            )
            return
        old, new = self.old_password.text(), self.new_password.text()
        operations.write(
            self,
            self.db,
            lambda s: auth.change_own_password(s, self.actor, old, new),
            lambda _r: self._done(),
            form=self.form,
            busy=self.buttons,
        )

    def _done(self) -> None:
        self.changed.emit()
        self.accept()
