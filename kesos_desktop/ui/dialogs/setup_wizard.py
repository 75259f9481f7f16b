"""First-run wizard: the office (name, region, kop surat, logo), the first administrator, a summary, then setup."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kesos_desktop import APP_NAME
from kesos_desktop.core.db import Database
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.reference import regions
from kesos_desktop.core.security.passwords import password_problem
from kesos_desktop.core.services import office, users
from kesos_desktop.ui import operations
from kesos_desktop.ui.style import app_icon
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.letterhead import LetterheadPreview, LogoBox
from kesos_desktop.ui.widgets.region_picker import RegionPicker

OFFICE_PAGE, LETTERHEAD_PAGE, ADMIN_PAGE, SUMMARY_PAGE = range(4)
_TYPE_WORD = re.compile(r"^(Kabupaten|Kota Administrasi|Kota|Kab\.)\s+", re.IGNORECASE)


def suggested_place(code: str) -> str:
    """Place name for letters from a kab/kota region ("Kota Bandung" -> "Bandung"); "" for a province."""
    region = regions.get_region(code)
    if region is None or region.level != 2:
        return ""
    return _TYPE_WORD.sub("", region.name).strip()


def suggested_letterhead(code: str, office_name: str = "") -> list[str]:
    """Kop surat lines from the region: "PEMERINTAH PROVINSI JAWA BARAT" / "DINAS SOSIAL" (+ the office name)."""
    region = regions.get_region(code)
    if region is None:
        return []
    if region.level == 1:
        government = f"PEMERINTAH PROVINSI {region.name.upper()}"
    else:
        # Kab/kota names in the decree already begin with "Kabupaten"/"Kota".
        government = f"PEMERINTAH {region.name.upper()}"
    lines = [government, "DINAS SOSIAL"]
    name = office_name.strip()
    if name and not name.upper().startswith("DINAS SOSIAL"):
        lines.append(name.upper())
    return lines


def _form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setVerticalSpacing(8)
    return form


class OfficePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Data kantor"))
        self.setSubTitle(_("Kantor atau panti yang memakai basis data ini. Namanya tampil di kop surat dan laporan."))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Contoh: Dinas Sosial Provinsi Jawa Barat"))
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(_("Contoh: Bidang Rehabilitasi Sosial"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("Contoh: Dinsos"))
        self.code.setMaxLength(30)
        self.region = RegionPicker(levels=(1, 2))
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("Contoh: Bandung"))
        self.errors = FormErrors(self, QLabel())
        form = _form_layout()
        form.addRow(_("&Nama kantor"), self.errors.field("name", self.name))
        form.addRow(_("&Unit kerja"), self.errors.field("unit", self.unit))
        form.addRow(_("&Kode singkat"), self.errors.field("code", self.code))
        form.addRow(_("&Wilayah"), self.errors.field("region_code", self.region))
        form.addRow(_("Tempat &surat"), self.errors.field("place_name", self.place))
        relax_labels(form)
        hint = QLabel(
            _(
                "Wilayah: provinsi atau kabupaten/kota tempat kantor berada. Tempat surat ditulis sebelum "
                'tanggal surat, misalnya "Bandung, 17 Agustus 2026".'
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        assert self.errors.banner is not None
        layout.addWidget(self.errors.banner)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        self._auto_place = ""
        self.region.codeChanged.connect(self._region_changed)

    def _region_changed(self, code: str) -> None:
        # Fill the place name only while it is empty or still the one filled in automatically.
        if self.place.text() in ("", self._auto_place):
            self._auto_place = suggested_place(code)
            self.place.setText(self._auto_place)

    def validatePage(self) -> bool:
        problems = {}
        if not self.name.text().strip():
            problems["name"] = _("Nama kantor wajib diisi, misalnya 'Dinas Sosial Provinsi DKI Jakarta'.")
        if not self.region.code():
            problems["region_code"] = _("Pilih wilayah kantor dari daftar (provinsi atau kabupaten/kota).")
        if problems:
            self.errors.show_error(ValidationError(_("Periksa isian yang ditandai."), problems))
            return False
        return True


class LetterheadPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Kop surat dan kontak"))
        self.setSubTitle(_("Baris kop surat diisi dari wilayah kantor; ubah bila perlu. Satu baris per baris kop."))
        self.lines = QPlainTextEdit()
        self.lines.setTabChangesFocus(True)
        self.lines.setFixedHeight(84)
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("Contoh: Jl. Soekarno-Hatta No. 1, Bandung 40286"))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.website = QLineEdit()
        self.logo = LogoBox()
        self.preview = LetterheadPreview()
        self.errors = FormErrors(self, QLabel())
        form = _form_layout()
        form.addRow(_("Baris &kop surat"), self.errors.field("letterhead_lines", self.lines))
        form.addRow(_("&Alamat"), self.errors.field("address", self.address))
        form.addRow(_("&Telepon"), self.errors.field("phone", self.phone))
        form.addRow(_("&Pos-el"), self.errors.field("email", self.email))
        form.addRow(_("&Laman"), self.errors.field("website", self.website))
        form.addRow(_("L&ogo"), self.errors.field("logo_png", self.logo))
        relax_labels(form)
        layout = QVBoxLayout(self)
        assert self.errors.banner is not None
        layout.addWidget(self.errors.banner)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        self._filling = False
        self._user_edited = False
        self.lines.textChanged.connect(self._lines_changed)
        for edit in (self.address, self.phone, self.email, self.website):
            edit.textChanged.connect(self.refresh_preview)
        self.logo.changed.connect(self.refresh_preview)

    def _lines_changed(self) -> None:
        if not self._filling:
            self._user_edited = True
        self.refresh_preview()

    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in self.lines.toPlainText().splitlines() if line.strip()]

    def refresh_preview(self) -> None:
        self.preview.set_letterhead(
            self.letterhead_lines(),
            address=self.address.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            website=self.website.text(),
            logo=self.logo.logo(),
        )

    def initializePage(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, SetupWizard) and not self._user_edited:
            lines = suggested_letterhead(wizard.office_page.region.code(), wizard.office_page.name.text())
            self._filling = True
            self.lines.setPlainText("\n".join(lines))
            self._filling = False
        self.refresh_preview()


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Administrator pertama"))
        self.setSubTitle(_("Akun ini mengelola kantor dan membuat akun untuk pengguna lain."))
        self.full_name = QLineEdit()
        self.nip = QLineEdit()
        self.nip.setPlaceholderText(_("18 angka, boleh dikosongkan"))
        self.username = QLineEdit()
        self.username.setPlaceholderText(_("Contoh: admin"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = FormErrors(self, QLabel())
        form = _form_layout()
        form.addRow(_("Nama &lengkap"), self.errors.field("admin_full_name", self.full_name))
        form.addRow(_("&NIP"), self.errors.field("admin_nip", self.nip))
        form.addRow(_("Nama &pengguna"), self.errors.field("admin_username", self.username, "admin_roles"))
        form.addRow(_("&Kata sandi"), self.errors.field("admin_password", self.password))
        form.addRow(_("&Ulangi kata sandi"), self.errors.field("admin_repeat", self.repeat))
        relax_labels(form)
        hint = QLabel(_("Kata sandi minimal 8 karakter dan memuat huruf serta angka."))
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        assert self.errors.banner is not None
        layout.addWidget(self.errors.banner)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        problems = {}
        if not self.full_name.text().strip():
            problems["admin_full_name"] = _("Nama lengkap wajib diisi.")
        problem = password_problem(self.password.text(), self.username.text().strip().lower())
        if problem:
            problems["admin_password"] = problem
        elif self.password.text() != self.repeat.text():
            problems["admin_repeat"] = _("Kata sandi dan ulangannya tidak sama.")
        if problems:
            self.errors.show_error(ValidationError(_("Periksa isian yang ditandai."), problems))
            return False
        return True


class SummaryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Ringkasan"))
        self.setSubTitle(_("Periksa kembali isian Anda, lalu tekan Selesai untuk menyimpan."))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.preview = LetterheadPreview()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.preview)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.wizard()
        if not isinstance(wizard, SetupWizard):
            return
        data, admin = wizard.office_input(), wizard.admin_input()
        rows = [
            (_("Nama kantor"), data.name),
            (_("Unit kerja"), data.unit),
            (_("Kode singkat"), data.code),
            (_("Wilayah"), regions.full_label(data.region_code)),
            (_("Tempat surat"), data.place_name),
            (_("Administrator"), f"{admin.full_name} ({admin.username})"),
        ]
        self.text.setText(
            "<table cellspacing='4'>"
            + "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v or '—')}</td></tr>" for k, v in rows)
            + "</table>"
        )
        self.preview.set_letterhead(
            data.letterhead_lines,
            address=data.address,
            phone=data.phone,
            email=data.email,
            website=data.website,
            logo=data.logo_png,
        )


class SetupWizard(QWizard):
    """Collects office and administrator; Finish runs ``office.complete_setup`` and reports errors at the fields."""

    completed = Signal(object, object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._saved = False
        self.setWindowTitle(_("Penyiapan awal — {app}").format(app=APP_NAME))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, app_icon().pixmap(48, 48))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(760, 620)
        self.office_page = OfficePage()
        self.letterhead_page = LetterheadPage()
        self.admin_page = AdminPage()
        self.summary_page = SummaryPage()
        for page_id, page in enumerate((self.office_page, self.letterhead_page, self.admin_page, self.summary_page)):
            self.setPage(page_id, page)

    def office_input(self) -> office.OfficeInput:
        o, lh = self.office_page, self.letterhead_page
        return office.OfficeInput(
            name=o.name.text().strip(),
            region_code=o.region.code(),
            unit=o.unit.text().strip(),
            code=o.code.text().strip(),
            place_name=o.place.text().strip(),
            letterhead_lines=lh.letterhead_lines(),
            address=lh.address.text().strip(),
            phone=lh.phone.text().strip(),
            email=lh.email.text().strip(),
            website=lh.website.text().strip(),
            logo_png=lh.logo.logo(),
        )

    def admin_input(self) -> users.UserInput:
        a = self.admin_page
        return users.UserInput(
            username=a.username.text().strip().lower(),
            full_name=a.full_name.text().strip(),
            roles=["admin"],
            password=a.password.text(),
            nip=a.nip.text().strip(),
        )

    def accept(self) -> None:
        if self._saved:
            super().accept()
            return
        data, admin = self.office_input(), self.admin_input()
        operations.write(
            self,
            self.db,
            lambda s: office.complete_setup(s, data, admin),
            self._done,
            on_failure=self._failed,
            label=_("Menyimpan data kantor…"),
            busy=self.button(QWizard.WizardButton.FinishButton),
        )

    def _done(self, result: tuple[office.OfficeInfo, users.UserInfo]) -> None:
        self._saved = True
        self.completed.emit(*result)
        super().accept()

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, ValidationError) or not error.fields:
            return False
        pages = (self.office_page, self.letterhead_page, self.admin_page)
        target = None
        for page_id, page in enumerate(pages):
            mine = {k: v for k, v in error.fields.items() if page.errors.knows(k)}
            page.errors.clear()
            if mine:
                page.errors.show_error(ValidationError(str(error), mine))
                target = page_id if target is None else target
        if target is None:
            return False
        # QWizard has no "go to page": step back, keeping every page's content.
        while self.currentId() > target:
            self.back()
        pages[target].errors.show_error(
            ValidationError(str(error), {k: v for k, v in error.fields.items() if pages[target].errors.knows(k)})
        )
        return True
