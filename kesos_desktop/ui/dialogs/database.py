"""Database dialogs: the refusal dialog (choose another file, settings, or quit) and the database location setting."""

from __future__ import annotations

import dataclasses
import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.config import Settings, locations, save_settings
from kesos_desktop.core.db.urls import resolve_url
from kesos_desktop.core.errors import DatabaseRefused, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.ui.widgets.forms import FormErrors

CHOOSE_FILE, OPEN_SETTINGS, QUIT = "choose_file", "settings", "quit"
SQLITE_FILTER = "*.sqlite *.db"


class DatabaseRefusedDialog(QMessageBox):
    """Says why the database was refused (the core's message, already translated) and offers three ways on.

    ``choice`` is CHOOSE_FILE, OPEN_SETTINGS or QUIT once the dialog is closed; ``chosen`` carries it.
    """

    chosen = Signal(str)

    def __init__(self, error: DatabaseRefused, location: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.choice = QUIT
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(_("Basis data tidak dapat dibuka"))
        self.setText(str(error))
        info = _("Pilih berkas basis data lain, ubah pengaturan basis data, atau keluar dari program.")
        if location:
            info = _("Lokasi: {location}").format(location=location) + "\n\n" + info
        self.setInformativeText(info)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Paths are long; a message box narrower than this wraps them into a column hard to read.
        self.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 480px; }")
        self.choose_button = self.addButton(_("Pilih berkas &lain…"), QMessageBox.ButtonRole.ActionRole)
        self.settings_button = self.addButton(_("&Pengaturan basis data…"), QMessageBox.ButtonRole.ActionRole)
        self.quit_button = self.addButton(_("&Keluar"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.choose_button)
        self.setEscapeButton(self.quit_button)
        self.finished.connect(self._finished)

    def _finished(self, _result: int) -> None:
        clicked = self.clickedButton()
        if clicked is self.choose_button:
            self.choice = CHOOSE_FILE
        elif clicked is self.settings_button:
            self.choice = OPEN_SETTINGS
        else:
            self.choice = QUIT
        self.chosen.emit(self.choice)


def choose_database_file(parent: QWidget | None) -> str:
    """Ask for an existing database file or a new file name; "" when cancelled."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Pilih berkas basis data"),
        str(locations().data),
        _("Basis data Kesos ({patterns});;Semua berkas (*)").format(patterns=SQLITE_FILTER),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return name


class DatabaseLocationDialog(QDialog):
    """The per-PC database setting: the default file, another SQLite file, or a PostgreSQL server URL."""

    saved = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Lokasi basis data"))
        self.setMinimumWidth(560)
        self.default_radio = QRadioButton(_("Berkas &bawaan di komputer ini"))
        self.file_radio = QRadioButton(_("Berkas SQLite &lain di komputer ini"))
        self.server_radio = QRadioButton(_("Server &PostgreSQL (beberapa komputer dalam satu kantor)"))
        self.group = QButtonGroup(self)
        for button in (self.default_radio, self.file_radio, self.server_radio):
            self.group.addButton(button)
        default_path = QLabel(str(locations().default_database))
        default_path.setObjectName("hint")
        default_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(_("Contoh: D:\\Data\\kesos.sqlite"))
        browse = QPushButton(_("Pi&lih…"))
        browse.clicked.connect(self._browse)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(_("postgresql://pengguna@server/kesos"))
        note = QLabel(
            _(
                "Jangan menaruh berkas SQLite di folder jaringan bersama: gunakan server PostgreSQL bila beberapa "
                "komputer memakai data yang sama. Perubahan berlaku setelah program dibuka ulang."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        banner = QLabel()
        self.form = FormErrors(self, banner)
        grid = QGridLayout()
        grid.setColumnMinimumWidth(0, 20)
        grid.addWidget(self.default_radio, 0, 0, 1, 3)
        grid.addWidget(default_path, 1, 1, 1, 2)
        grid.addWidget(self.file_radio, 2, 0, 1, 3)
        grid.addWidget(self.form.field("database_file", self.file_edit), 3, 1)
        grid.addWidget(browse, 3, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.server_radio, 4, 0, 1, 3)
        grid.addWidget(self.form.field("database_url", self.url_edit), 5, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        if os.environ.get("KESOS_DB_URL"):
            env = QLabel(_("Catatan: variabel lingkungan KESOS_DB_URL sedang dipakai dan mengalahkan pengaturan ini."))
            env.setObjectName("formBanner")
            env.setWordWrap(True)
            grid.addWidget(env, 6, 0, 1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.file_edit.textEdited.connect(lambda _t: self.file_radio.setChecked(True))
        self.url_edit.textEdited.connect(lambda _t: self.server_radio.setChecked(True))
        self._load(settings.database_url)

    def _load(self, value: str) -> None:
        if not value:
            self.default_radio.setChecked(True)
        elif "://" in value and not value.startswith("sqlite"):
            self.server_radio.setChecked(True)
            self.url_edit.setText(value)
        else:
            self.file_radio.setChecked(True)
            self.file_edit.setText(value)

    def _browse(self) -> None:
        name = choose_database_file(self)
        if name:
            self.file_edit.setText(name)
            self.file_radio.setChecked(True)

    def value(self) -> str:
        """What goes into settings.database_url: "" (default), a file path, or a server URL."""
        if self.file_radio.isChecked():
            return self.file_edit.text().strip()
        if self.server_radio.isChecked():
            return self.url_edit.text().strip()
        return ""

    def validate(self) -> str:
        """Check the choice with ``resolve_url``; raises ValidationError naming the field of the chosen option."""
        value = self.value()
        field = "database_file" if self.file_radio.isChecked() else "database_url"
        if self.file_radio.isChecked() and not value:
            raise ValidationError(_("Periksa isian yang ditandai."), {field: _("Isi lokasi berkas basis data.")})
        if self.server_radio.isChecked():
            if not value:
                raise ValidationError(_("Periksa isian yang ditandai."), {field: _("Isi alamat server basis data.")})
            if "://" not in value:
                raise ValidationError(
                    _("Periksa isian yang ditandai."),
                    {field: _("Alamat server ditulis seperti postgresql://pengguna@server/kesos")},
                )
        if value:
            try:
                url = resolve_url(value)
            except ValidationError as exc:
                raise ValidationError(str(exc), {field: str(exc)}) from exc
            if self.file_radio.isChecked() and url.get_backend_name() != "sqlite":
                raise ValidationError(
                    _("Periksa isian yang ditandai."), {field: _("Tulis lokasi berkas, bukan alamat server.")}
                )
        return value

    def submit(self) -> None:
        self.form.clear()
        try:
            value = self.validate()
            new = dataclasses.replace(self.settings, database_url=value)
            save_settings(new)
        except ValidationError as exc:
            if not self.form.show_error(exc):
                self.form.show_banner(str(exc))
            return
        except OSError as exc:
            self.form.show_banner(_("Pengaturan tidak dapat disimpan: {error}").format(error=exc))
            return
        self.settings = new
        self.saved.emit(value)
        self.accept()
