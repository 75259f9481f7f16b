"""Kantor: edit the office's own data (name, region, kop surat, contacts, logo) with a live kop-surat preview."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import office
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.base import Page
from kesos_desktop.ui.style import icon
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.letterhead import LetterheadPreview, LogoBox
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.region_picker import RegionPicker


class OfficePage(Page):
    can_save = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Kantor"), _("Identitas kantor untuk kop surat, nomor surat dan laporan."))
        self.info: office.OfficeInfo | None = None
        self.name = QLineEdit()
        self.unit = QLineEdit()
        self.code = QLineEdit()
        self.code.setMaxLength(30)
        self.region = RegionPicker(levels=(1, 2))
        self.place = QLineEdit()
        self.lines = QPlainTextEdit()
        self.lines.setTabChangesFocus(True)
        self.lines.setFixedHeight(96)
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.website = QLineEdit()
        self.logo = LogoBox()
        self.preview = LetterheadPreview()
        self.banner = QLabel()
        self.form = FormErrors(self, self.banner)
        self.notice = QLabel()
        self.notice.setObjectName("infoBanner")
        self.notice.setWordWrap(True)
        self.notice.hide()

        # One form for both sections, so every field starts at the same x.
        form = QFormLayout()
        form.addRow(self._section(_("Identitas")))
        form.addRow(_("&Nama kantor"), self.form.field("name", self.name))
        form.addRow(_("&Unit kerja"), self.form.field("unit", self.unit))
        form.addRow(_("&Kode singkat"), self.form.field("code", self.code))
        form.addRow(_("&Wilayah"), self.form.field("region_code", self.region))
        form.addRow(_("Tempat &surat"), self.form.field("place_name", self.place))
        form.addRow(self._section(_("Kop surat dan kontak"), top_margin=10))
        form.addRow(_("Baris &kop surat"), self.form.field("letterhead_lines", self.lines))
        form.addRow(_("&Alamat"), self.form.field("address", self.address))
        form.addRow(_("&Telepon"), self.form.field("phone", self.phone))
        form.addRow(_("&Pos-el"), self.form.field("email", self.email))
        form.addRow(_("&Laman"), self.form.field("website", self.website))
        form.addRow(_("L&ogo"), self.form.field("logo_png", self.logo))
        relax_labels(form)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._section(_("Pratinjau kop surat")))
        right.addWidget(self.preview)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(18)
        columns.addLayout(right, 2)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.addWidget(self.banner)
        content_layout.addWidget(self.notice)
        content_layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.save_button = QPushButton(icon("save"), _("&Simpan"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setToolTip(_("Simpan perubahan (Ctrl+S)"))
        self.header.actions.addWidget(self.save_button)
        self.body.addWidget(scroll, 1)

        for edit in (self.address, self.phone, self.email, self.website):
            edit.textChanged.connect(self.refresh_preview)
        self.lines.textChanged.connect(self.refresh_preview)
        self.logo.changed.connect(self.refresh_preview)
        self.setEnabled(False)
        self.refresh()

    @staticmethod
    def _section(text: str, top_margin: int = 0) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        label.setFont(heading_font(1.1))
        label.setContentsMargins(0, top_margin, 0, 2)
        return label

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

    # --- loading and saving -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        operations.read(self, self.ctx.db, office.get_own_office, self._loaded)

    def _loaded(self, info: office.OfficeInfo, *, keep_form: bool = False) -> None:
        self.info = info
        if not keep_form:
            self.form.clear()
            self.notice.hide()
            self.name.setText(info.name)
            self.unit.setText(info.unit)
            self.code.setText(info.code)
            self.region.setCode(info.region_code)
            self.place.setText(info.place_name)
            self.lines.setPlainText("\n".join(info.letterhead_lines))
            self.address.setText(info.address)
            self.phone.setText(info.phone)
            self.email.setText(info.email)
            self.website.setText(info.website)
            self.logo.set_logo(info.logo_png)
        self.refresh_preview()
        self.setEnabled(True)
        self.loaded.emit()

    def data(self) -> office.OfficeInput:
        return office.OfficeInput(
            name=self.name.text().strip(),
            region_code=self.region.code(),
            unit=self.unit.text().strip(),
            code=self.code.text().strip(),
            place_name=self.place.text().strip(),
            letterhead_lines=self.letterhead_lines(),
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            website=self.website.text().strip(),
            logo_png=self.logo.logo(),
        )

    def save(self) -> None:
        if self.info is None:
            return
        self.form.clear()
        data, actor, version = self.data(), self.ctx.actor, self.info.version_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: office.update_office(s, actor, data, version),
            self._saved,
            form=self.form,
            on_failure=self._failed,
            busy=self.save_button,
        )

    def _saved(self, info: office.OfficeInfo) -> None:
        self._loaded(info)
        self.notice.setText(_("Data kantor tersimpan."))
        self.notice.show()
        window = self.window()
        # The window title and status bar show the office name.
        if hasattr(window, "office_changed"):
            window.office_changed(info)

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, Conflict):
            return False
        operations.ask(self, _("Data telah berubah"), str(error), _("&Muat ulang data terbaru"), self._reload_keep)
        return True

    def _reload_keep(self) -> None:
        def reloaded(info: office.OfficeInfo) -> None:
            self._loaded(info, keep_form=True)
            self.notice.setText(
                _("Data terbaru dimuat. Isian Anda tetap; tekan Simpan untuk menimpa dengan isian Anda.")
            )
            self.notice.show()

        operations.read(self, self.ctx.db, office.get_own_office, reloaded)
