"""Add/edit a user account (roles as checkboxes, version-checked save with a reload offer) and reset a password."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.permissions import permission_label
from kesos_desktop.core.services import institutions, users
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def _password_pair() -> tuple[QLineEdit, QLineEdit]:
    first, second = QLineEdit(), QLineEdit()
    for edit in (first, second):
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return first, second


class UserDialog(QDialog):
    """New account when ``user`` is None, else an edit of ``user`` at its ``version_id``."""

    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        roles: list[users.RoleInfo],
        user: users.UserInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.version_id = user.version_id if user else None
        self.setWindowTitle(_("Tambah pengguna") if user is None else _("Ubah akun {name}").format(name=user.username))
        self.setMinimumWidth(520)

        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.nip = QLineEdit()
        self.nip.setPlaceholderText(_("18 angka, boleh dikosongkan"))
        self.jabatan = QLineEdit()
        self.roles_box = QGroupBox(_("Peran"))
        roles_layout = QVBoxLayout(self.roles_box)
        self.role_checks: dict[str, QCheckBox] = {}
        for role in roles:
            check = QCheckBox(role.name)
            check.setToolTip("\n".join(permission_label(p) for p in role.permissions))
            self.role_checks[role.code] = check
            roles_layout.addWidget(check)
        # Partner (mitra) accounts are tied to one partner institution: they see only the children placed there.
        self.institution = QComboBox()
        self.institution.addItem(_("— pilih lembaga mitra —"), None)
        if "mitra" in self.role_checks:
            self.role_checks["mitra"].toggled.connect(self._mitra_toggled)
        self.active = QCheckBox(_("Akun &aktif (dapat masuk)"))
        self.active.setChecked(True)
        self.password, self.repeat = _password_pair()
        self.must_change = QCheckBox(_("Wajib mengganti kata sandi saat masuk pertama kali"))
        self.must_change.setChecked(user is None)

        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.info = QLabel()
        self.info.setObjectName("infoBanner")
        self.info.setWordWrap(True)
        self.info.hide()
        form = QFormLayout()
        form.addRow(_("Nama &pengguna"), self.form.field("username", self.username))
        form.addRow(_("Nama &lengkap"), self.form.field("full_name", self.full_name))
        form.addRow(_("&NIP"), self.form.field("nip", self.nip))
        form.addRow(_("&Jabatan"), self.form.field("jabatan", self.jabatan))
        form.addRow(self.form.field("roles", self.roles_box))
        self.institution_label = QLabel(_("Lembaga &mitra"))
        self.institution_label.setBuddy(self.institution)
        form.addRow(self.institution_label, self.form.field("institution_id", self.institution))
        if user is not None:
            form.addRow("", self.active)
        password_label = _("&Kata sandi") if user is None else _("&Kata sandi baru")
        form.addRow(password_label, self.form.field("password", self.password))
        form.addRow(_("&Ulangi kata sandi"), self.form.field("repeat", self.repeat))
        form.addRow("", self.must_change)
        if user is not None:
            hint = QLabel(_("Kosongkan kata sandi bila tidak diganti."))
            hint.setObjectName("hint")
            form.addRow("", hint)
        relax_labels(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if user is not None:
            self.fill(user)
        self._mitra_toggled(self._is_mitra())
        self._load_partners()

    def _is_mitra(self) -> bool:
        check = self.role_checks.get("mitra")
        return bool(check is not None and check.isChecked())

    def _mitra_toggled(self, on: bool) -> None:
        self.institution.setVisible(on)
        self.institution_label.setVisible(on)

    def _load_partners(self) -> None:
        actor = self.ctx.actor

        def work(session):  # type: ignore[no-untyped-def]
            return [r for r in institutions.list_institutions(session, actor) if r.is_partner]

        operations.read(self, self.ctx.db, work, self._partners_loaded)

    def _partners_loaded(self, rows: list[institutions.InstitutionRow]) -> None:
        current = self.user.institution_id if self.user else None
        for row in rows:
            self.institution.addItem(row.name, row.id)
            if row.id == current:
                self.institution.setCurrentIndex(self.institution.count() - 1)

    def fill(self, user: users.UserInfo) -> None:
        self.username.setText(user.username)
        self.full_name.setText(user.full_name)
        self.nip.setText(user.nip)
        self.jabatan.setText(user.jabatan)
        for code, check in self.role_checks.items():
            check.setChecked(code in user.roles)
        self.active.setChecked(user.is_active)

    def data(self) -> users.UserInput:
        return users.UserInput(
            username=self.username.text().strip().lower(),
            full_name=self.full_name.text().strip(),
            roles=[code for code, check in self.role_checks.items() if check.isChecked()],
            password=self.password.text(),
            nip=self.nip.text().strip(),
            jabatan=self.jabatan.text().strip(),
            institution_id=self.institution.currentData() if self._is_mitra() else None,
            language=self.user.language if self.user else "id",
            is_active=self.active.isChecked(),
            must_change_password=self.must_change.isChecked(),
        )

    def submit(self) -> None:
        self.form.clear()
        if self.password.text() != self.repeat.text():
            self.form.show_error(
                ValidationError(
                    _("Periksa isian yang ditandai."), {"repeat": _("Kata sandi dan ulangannya tidak sama.")}
                )
            )
            return
        data, actor = self.data(), self.ctx.actor
        if self.user is None:
            work = lambda s: users.create_user(s, actor, data)  # noqa: E731
        else:
            user_id, version = self.user.id, self.version_id or self.user.version_id
            work = lambda s: users.update_user(s, actor, user_id, data, version)  # noqa: E731
        operations.write(
            self, self.ctx.db, work, self._saved, form=self.form, on_failure=self._failed, busy=self.buttons
        )

    def _saved(self, info: users.UserInfo) -> None:
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, Conflict) or self.user is None:
            return False
        operations.ask(self, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), self.reload_latest)
        return True

    def reload_latest(self) -> None:
        """Fetch the account as it is now; keep what the user typed and say which fields the other editor changed."""
        if self.user is None:
            return
        user_id, actor = self.user.id, self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: users.get_user(s, actor, user_id), self._reloaded)

    def _reloaded(self, latest: users.UserInfo) -> None:
        assert self.user is not None
        labels = {
            "username": _("nama pengguna"),
            "full_name": _("nama lengkap"),
            "nip": _("NIP"),
            "jabatan": _("jabatan"),
            "roles": _("peran"),
            "is_active": _("status aktif"),
        }
        changed = [label for name, label in labels.items() if getattr(latest, name) != getattr(self.user, name)]
        self.user = latest
        self.version_id = latest.version_id
        if changed:
            text = _(
                "Data terbaru dimuat. Pengguna lain mengubah: {fields}. Isian Anda tetap; tekan Simpan untuk "
                "menimpa dengan isian Anda."
            ).format(fields=", ".join(changed))
        else:
            text = _("Data terbaru dimuat. Isian Anda tetap; tekan Simpan untuk menyimpannya.")
        self.info.setText(text)
        self.info.show()


class ResetPasswordDialog(QDialog):
    """An administrator sets a temporary password; the user must change it at the next sign-in."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, user: users.UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.setWindowTitle(_("Atur ulang kata sandi {name}").format(name=user.username))
        self.setMinimumWidth(440)
        intro = QLabel(
            _("Berikan kata sandi sementara kepada {name}. Ia wajib menggantinya saat masuk berikutnya.").format(
                name=user.full_name
            )
        )
        intro.setWordWrap(True)
        self.password, self.repeat = _password_pair()
        banner = QLabel()
        self.form = FormErrors(self, banner)
        form = QFormLayout()
        form.addRow(_("Kata sandi &sementara"), self.form.field("password", self.password))
        form.addRow(_("&Ulangi kata sandi"), self.form.field("repeat", self.repeat))
        relax_labels(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.form.clear()
        if self.password.text() != self.repeat.text():
            self.form.show_error(
                ValidationError(
                    _("Periksa isian yang ditandai."), {"repeat": _("Kata sandi dan ulangannya tidak sama.")}
                )
            )
            return
        actor, user_id, password = self.ctx.actor, self.user.id, self.password.text()
        operations.write(
            self,
            self.ctx.db,
            lambda s: users.reset_password(s, actor, user_id, password),
            self._saved,
            form=self.form,
            busy=self.buttons,
        )

    def _saved(self, info: users.UserInfo) -> None:
        self.saved.emit(info)
        self.accept()
