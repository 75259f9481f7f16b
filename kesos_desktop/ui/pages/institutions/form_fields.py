"""The institution form's widgets on three tabs (Umum, Legalitas, Kapasitas): fill from an info, read an input."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import institutions, reference
from kesos_desktop.core.services.institution_documents import accreditation_grades
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit, code_combo, select_data
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.page_header import heading_font
from kesos_desktop.ui.widgets.region_picker import RegionPicker

OWN, PARTNER, OTHER = "own", "partner", "other"
MAX_CAPACITY = 100_000
MAX_STAY_DAYS = 3650


def _line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _text(lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def _spin(maximum: int, special: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSpecialValueText(special)
    spin.setGroupSeparatorShown(True)
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance(special) + 48)
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return spin


def _page(*layouts: QFormLayout | QWidget) -> QScrollArea:
    content = QWidget()
    layout = QVBoxLayout(content)
    layout.setContentsMargins(12, 12, 12, 8)
    for item in layouts:
        if isinstance(item, QFormLayout):
            relax_labels(item)
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setFont(heading_font(1.05))
    label.setContentsMargins(0, 10, 0, 2)
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class InstitutionForm:
    """Widgets of the institution form bound to ``errors`` by the InstitutionInput field names."""

    def __init__(self, errors: FormErrors, types: list[reference.CodeRow]) -> None:
        self.errors = errors
        # Input widgets by field name (and alias), to find the tab that holds a field error.
        self.widgets: dict[str, QWidget] = {}
        self.types = {t.code: t for t in types}
        self.type_code = code_combo([(t.code, t.name) for t in types if t.is_active], _("— pilih jenis lembaga —"))
        self.name = _line(200, _("mis. Panti Sosial Bina Insan Bangun Daya 1"))
        self.short_name = _line(60, _("mis. PSBI BD 1"))
        self.ownership = code_combo(
            [
                (OWN, _("Lembaga kantor sendiri")),
                (PARTNER, _("Lembaga mitra (penempatan anak)")),
                (OTHER, _("Lembaga lain (tujuan rujukan)")),
            ]
        )
        self.owner_kind = code_combo(
            [(code, _(label)) for code, label in institutions.OWNER_KINDS.items()], _("Sesuai jenis lembaga")
        )
        self.region = RegionPicker()
        self.address = _text(2)
        self.phone = _line(60)
        self.email = _line(120)
        self.contact_person = _line(150)
        self.notes = _text(3)

        self.legal_form = _line(60, _("mis. Yayasan"))
        self.npwp = _line(30)
        self.deed_no = _line(100)
        self.registration_no = _line(100)
        self.registration_expires_on = OptionalDateEdit(check_text=_("Berlaku sampai"))
        self.licence_no = _line(100)
        self.licence_expires_on = OptionalDateEdit(check_text=_("Berlaku sampai"))
        self.nsp = _line(20, _("12 angka"))
        grades = [(g.grade, g.label()) for g in accreditation_grades()]
        self.accreditation_grade = code_combo(grades, _("— belum terakreditasi —"))
        self.accreditation_certificate_no = _line(100)
        self.accreditation_granted_on = OptionalDateEdit(check_text=_("Ditetapkan"))
        self.accreditation_valid_until = OptionalDateEdit(check_text=_("Berlaku sampai"))
        self.mou_no = _line(100)
        self.mou_start = OptionalDateEdit(check_text=_("Mulai"))
        self.mou_end = OptionalDateEdit(check_text=_("Berakhir"))

        dates = (
            self.registration_expires_on,
            self.licence_expires_on,
            self.accreditation_granted_on,
            self.accreditation_valid_until,
            self.mou_start,
            self.mou_end,
        )
        # The date boxes line up under one another whatever their check-box words.
        widest = max(d.check.sizeHint().width() for d in dates)
        for d in dates:
            d.check.setMinimumWidth(widest)

        unlimited = _("tidak dibatasi")
        self.capacity_male = _spin(MAX_CAPACITY, unlimited)
        self.capacity_female = _spin(MAX_CAPACITY, unlimited)
        self.capacity_children = _spin(MAX_CAPACITY, unlimited)
        self.capacity_elderly = _spin(MAX_CAPACITY, unlimited)
        self.max_stay_days = _spin(MAX_STAY_DAYS, _("sesuai jenis lembaga"))
        self.max_stay_days.setSuffix(_(" hari"))
        self.type_limit = QLabel()
        self.type_limit.setObjectName("hint")
        self.type_limit.setWordWrap(True)
        self.rooms_summary = QLabel()
        self.rooms_summary.setWordWrap(True)
        self.rooms_button = QPushButton(_("Kelola &kamar dan tempat tidur…"))
        self.rooms_button.setEnabled(False)

        self.type_code.currentIndexChanged.connect(self._type_changed)
        self.ownership.currentIndexChanged.connect(self._ownership_changed)
        self._type_changed()

    def _field(self, name: str, widget: QWidget, *aliases: str) -> QWidget:
        for key in (name, *aliases):
            self.widgets[key] = widget
        return self.errors.field(name, widget, *aliases)

    # --- tabs -------------------------------------------------------------------------------------------------
    def general_tab(self) -> QWidget:
        f = self._field
        form = QFormLayout()
        form.addRow(_("&Jenis lembaga"), f("type_code", self.type_code))
        form.addRow(_("&Nama lembaga"), f("name", self.name))
        form.addRow(_("Nama &singkat"), f("short_name", self.short_name))
        form.addRow(_("&Kedudukan"), f("is_partner", self.ownership, "is_own"))
        form.addRow(_("&Pemilik"), f("owner_kind", self.owner_kind))
        form.addRow(_("&Wilayah"), f("region_code", self.region))
        form.addRow(_("&Alamat"), f("address", self.address))
        form.addRow(_("&Telepon"), f("phone", self.phone))
        form.addRow(_("P&os-el"), f("email", self.email))
        form.addRow(_("Nara&hubung"), f("contact_person", self.contact_person))
        form.addRow(_("&Catatan"), f("notes", self.notes))
        return _page(form)

    def legal_tab(self) -> QWidget:
        f = self._field
        form = QFormLayout()
        form.addRow(_("&Bentuk badan hukum"), f("legal_form", self.legal_form))
        form.addRow(_("&NPWP"), f("npwp", self.npwp))
        form.addRow(_("No. &akta pendirian"), f("deed_no", self.deed_no))
        form.addRow(_section(_("Pendaftaran dan izin")))
        form.addRow(_("No. &Tanda Daftar LKS"), f("registration_no", self.registration_no))
        form.addRow("", f("registration_expires_on", self.registration_expires_on))
        form.addRow(_("No. &izin operasional"), f("licence_no", self.licence_no))
        form.addRow("", f("licence_expires_on", self.licence_expires_on))
        form.addRow(_("NSP/NSPP (&pesantren)"), f("nsp", self.nsp))
        form.addRow(_section(_("Akreditasi")))
        form.addRow(_("&Peringkat"), f("accreditation_grade", self.accreditation_grade))
        form.addRow(_("No. s&ertifikat"), f("accreditation_certificate_no", self.accreditation_certificate_no))
        form.addRow(_("Tanggal"), f("accreditation_granted_on", self.accreditation_granted_on))
        form.addRow("", f("accreditation_valid_until", self.accreditation_valid_until))
        form.addRow(
            "",
            _hint(_("Bila hanya tanggal penetapan diisi, masa berlaku dihitung dari peringkat: A 5, B 3, C 2 tahun.")),
        )
        form.addRow(_section(_("Kemitraan (MoU)")))
        form.addRow(_("No. &MoU"), f("mou_no", self.mou_no))
        form.addRow(_("Masa berlaku"), f("mou_start", self.mou_start))
        form.addRow("", f("mou_end", self.mou_end))
        self.mou_hint = _hint(_("Isi bila lembaga ini mitra penempatan (pilih Kedudukan di tab Umum)."))
        form.addRow("", self.mou_hint)
        self._ownership_changed()
        return _page(form)

    def capacity_tab(self) -> QWidget:
        f = self._field
        form = QFormLayout()
        form.addRow(_("Kapasitas &laki-laki"), f("capacity_male", self.capacity_male))
        form.addRow(_("Kapasitas &perempuan"), f("capacity_female", self.capacity_female))
        form.addRow(_("Kapasitas &anak (< 18 th)"), f("capacity_children", self.capacity_children))
        form.addRow(_("Kapasitas l&ansia (60 th ke atas)"), f("capacity_elderly", self.capacity_elderly))
        hint = _(
            "Kapasitas 0 berarti tidak dibatasi. Bila kapasitas laki-laki atau perempuan diisi, penerimaan "
            "melebihi angka itu memerlukan persetujuan pimpinan."
        )
        form.addRow("", _hint(hint))
        form.addRow(_section(_("Lama tinggal")))
        form.addRow(_("&Batas lama tinggal"), f("max_stay_days", self.max_stay_days))
        form.addRow("", self.type_limit)
        form.addRow(_section(_("Kamar dan tempat tidur")))
        form.addRow("", self.rooms_summary)
        button_row = QHBoxLayout()
        button_row.addWidget(self.rooms_button)
        button_row.addStretch(1)
        form.addRow("", button_row)
        return _page(form)

    # --- behaviour --------------------------------------------------------------------------------------------
    def _type_changed(self, *_args: object) -> None:
        code = self.type_code.currentData()
        row = self.types.get(code) if isinstance(code, str) else None
        if row is not None and row.detail:
            text = _("Batas bawaan jenis {type}: {n} hari. Isi angka lain bila lembaga ini berbeda.").format(
                type=row.name, n=row.detail
            )
        else:
            text = _("Jenis lembaga ini tidak punya batas lama tinggal bawaan.")
        self.type_limit.setText(text)

    def _ownership_changed(self, *_args: object) -> None:
        partner = self.ownership.currentData() == PARTNER
        for widget in (self.mou_no, self.mou_start, self.mou_end):
            widget.setEnabled(partner)
        if hasattr(self, "mou_hint"):
            self.mou_hint.setVisible(not partner)

    # --- values -----------------------------------------------------------------------------------------------
    def fill(self, data: institutions.InstitutionInput) -> None:
        select_data(self.type_code, data.type_code)
        self.name.setText(data.name)
        self.short_name.setText(data.short_name)
        select_data(self.ownership, OWN if data.is_own else PARTNER if data.is_partner else OTHER)
        select_data(self.owner_kind, data.owner_kind or None)
        self.region.setCode(data.region_code)
        self.address.setPlainText(data.address)
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        self.contact_person.setText(data.contact_person)
        self.notes.setPlainText(data.notes)
        for name in ("legal_form", "npwp", "deed_no", "registration_no", "licence_no", "nsp"):
            getattr(self, name).setText(getattr(data, name))
        self.accreditation_certificate_no.setText(data.accreditation_certificate_no)
        self.mou_no.setText(data.mou_no)
        select_data(self.accreditation_grade, data.accreditation_grade or None)
        for name in (
            "registration_expires_on",
            "licence_expires_on",
            "accreditation_granted_on",
            "accreditation_valid_until",
            "mou_start",
            "mou_end",
        ):
            getattr(self, name).set_value(getattr(data, name))
        for name in ("capacity_male", "capacity_female", "capacity_children", "capacity_elderly"):
            getattr(self, name).setValue(getattr(data, name))
        self.max_stay_days.setValue(data.max_stay_days or 0)

    def data(self) -> institutions.InstitutionInput:
        ownership = self.ownership.currentData()
        type_code, owner_kind, grade = (
            self.type_code.currentData(),
            self.owner_kind.currentData(),
            self.accreditation_grade.currentData(),
        )
        return institutions.InstitutionInput(
            type_code=type_code if isinstance(type_code, str) else "",
            name=self.name.text().strip(),
            region_code=self.region.code(),
            short_name=self.short_name.text().strip(),
            owner_kind=owner_kind if isinstance(owner_kind, str) else "",
            is_own=ownership == OWN,
            is_partner=ownership == PARTNER,
            address=self.address.toPlainText().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            contact_person=self.contact_person.text().strip(),
            legal_form=self.legal_form.text().strip(),
            npwp=self.npwp.text().strip(),
            deed_no=self.deed_no.text().strip(),
            registration_no=self.registration_no.text().strip(),
            registration_expires_on=self.registration_expires_on.value(),
            licence_no=self.licence_no.text().strip(),
            licence_expires_on=self.licence_expires_on.value(),
            nsp=self.nsp.text().strip(),
            accreditation_grade=grade if isinstance(grade, str) else "",
            accreditation_certificate_no=self.accreditation_certificate_no.text().strip(),
            accreditation_granted_on=self.accreditation_granted_on.value(),
            accreditation_valid_until=self.accreditation_valid_until.value(),
            # MoU fields are kept (not cleared) when the institution stops being a partner: nothing typed is lost.
            mou_no=self.mou_no.text().strip(),
            mou_start=self.mou_start.value(),
            mou_end=self.mou_end.value(),
            capacity_male=self.capacity_male.value(),
            capacity_female=self.capacity_female.value(),
            capacity_children=self.capacity_children.value(),
            capacity_elderly=self.capacity_elderly.value(),
            max_stay_days=self.max_stay_days.value() or None,
            notes=self.notes.toPlainText().strip(),
        )
