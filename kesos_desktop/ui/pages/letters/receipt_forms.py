"""The fields of a Berita Acara Serah Terima (one leg) and of a Kwitansi bantuan transport / uang saku."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.terbilang import terbilang_kwitansi
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import letters
from kesos_desktop.core.services.letters import (
    BelongingInput,
    BeritaAcaraRequest,
    IssuedDocumentInfo,
    KwitansiRequest,
    PartyInput,
)
from kesos_desktop.core.services.returns_views import LEG_PLANNED
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit, date_edit, to_date
from kesos_desktop.ui.pages.letters.data import IssueChoices, money_text, parse_belongings
from kesos_desktop.ui.pages.letters.kind_form import KindForm, leg_text, line_edit, list_edit, uuid_data
from kesos_desktop.ui.pages.returns.money import MoneyEdit

RECORDED, NONE, TYPED = "recorded", "none", "typed"


class PartyBox(QGroupBox):
    """An officer on a berita acara; all empty means "the service's default" (or dotted lines)."""

    def __init__(self, title: str, prefix: str, form: KindForm) -> None:
        super().__init__(title)
        self.name = line_edit(_("Otomatis"), 120)
        self.nip = line_edit(_("18 angka"), 24)
        self.jabatan = line_edit("", 200)
        rows = QFormLayout(self)
        for label, field, widget in (
            (_("Nama"), "name", self.name),
            (_("NIP"), "nip", self.nip),
            (_("Jabatan"), "jabatan", self.jabatan),
        ):
            rows.addRow(label, form.errors.field(f"{prefix}.{field}", widget))
            form.watch(widget)

    def value(self) -> PartyInput | None:
        texts = (self.name.text().strip(), self.nip.text().strip(), self.jabatan.text().strip())
        return PartyInput(*texts) if any(texts) else None


class BeritaAcaraForm(KindForm):
    kind = "berita_acara"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.leg = QComboBox()
        self.condition = line_edit(_("misalnya: sehat jasmani dan rohani"))
        self.handover_on = OptionalDateEdit(check_text=_("Tentukan"))
        self.handover_on.setToolTip(_("Kosong: tanggal serah terima yang dicatat, atau tanggal perjalanan leg"))
        self.place = line_edit(_("Kantor penerima (otomatis)"))
        self.first = PartyBox(_("Pihak pertama (kosong: pendamping leg)"), "first_party", self)
        self.second = PartyBox(_("Pihak kedua (kosong: petugas penerima yang dicatat)"), "second_party", self)
        self.belongings_mode = QComboBox()
        self.belongings_mode.addItem(_("Sesuai catatan barang bawaan"), RECORDED)
        self.belongings_mode.addItem(_("Tidak ada barang bawaan"), NONE)
        self.belongings_mode.addItem(_("Tulis sendiri di bawah ini"), TYPED)
        self.belongings = list_edit(_('Satu barang per baris; "2 x Kaos" untuk dua buah'))
        self.belongings.setEnabled(False)
        self.belongings_mode.currentIndexChanged.connect(
            lambda _i: self.belongings.setEnabled(self.belongings_mode.currentData() == TYPED)
        )
        self.copies = QSpinBox()
        self.copies.setRange(1, 10)
        self.copies.setValue(2)
        self.notes = line_edit()
        self.add_row(_("&Leg"), "leg_id", self.leg)
        self.add_row(_("&Kondisi"), "condition", self.condition)
        self.add_row(_("Tanggal serah &terima"), "handover_on", self.handover_on)
        self.add_row(_("T&empat"), "place", self.place)
        self.rows.addRow(self.first)
        self.rows.addRow(self.second)
        self.add_row(_("&Barang bawaan"), "belongings_mode", self.belongings_mode)
        self.add_row("", "belongings", self.belongings)
        self.add_row(_("Ran&gkap"), "copies", self.copies)
        self.add_row(_("Catatan"), "notes", self.notes)
        self.finish_rows()

    def fill(self, choices: IssueChoices, leg_id: uuid.UUID | None = None) -> None:
        super().fill(choices)
        self.leg.blockSignals(True)
        self.leg.clear()
        for leg in choices.plan.legs:
            self.leg.addItem(_("{leg} ({status})").format(leg=leg_text(leg), status=leg.status_label), str(leg.id))
        if leg_id is not None:
            index = self.leg.findData(str(leg_id))
        else:  # the first leg not handed over yet
            index = next((i for i, leg in enumerate(choices.plan.legs) if leg.status == LEG_PLANNED), 0)
        self.leg.setCurrentIndex(max(index, 0))
        self.leg.blockSignals(False)

    def request(self, plan_id: uuid.UUID, signatory_id: uuid.UUID | None, manual_number: str) -> BeritaAcaraRequest:
        leg_id = uuid_data(self.leg)
        if leg_id is None:
            message = _("Rencana ini belum mempunyai leg perjalanan.")
            raise ValidationError(message, {"leg_id": message})
        mode = self.belongings_mode.currentData()
        belongings = None
        if mode == NONE:
            belongings = []
        elif mode == TYPED:
            belongings = [BelongingInput(text, n) for text, n in parse_belongings(self.belongings.toPlainText())]
        return BeritaAcaraRequest(
            leg_id,
            condition=self.condition.text(),
            handover_on=self.handover_on.value(),
            place=self.place.text(),
            first_party=self.first.value(),
            second_party=self.second.value(),
            belongings=belongings,
            notes=self.notes.text(),
            copies=self.copies.value(),
            signatory_id=signatory_id,
            manual_number=manual_number,
        )

    def issue(self, session: Session, actor: Actor, request: Any, **options: Any) -> IssuedDocumentInfo:
        return letters.issue_berita_acara(session, actor, request, **options)


class KwitansiForm(KindForm):
    kind = "kwitansi"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.voucher = QComboBox()
        self.amount = MoneyEdit("amount")
        self.amount.setPlaceholderText(_("Otomatis dari voucher atau leg"))
        self.words = QLabel()
        self.words.setObjectName("hint")
        self.words.setWordWrap(True)
        self.amount.edited.connect(self._show_words)
        self.paid_on = date_edit()
        self.purpose = line_edit(_("Bantuan transport dan uang saku pemulangan (otomatis)"), 500)
        self.budget_line = QComboBox()
        self.payer = line_edit(_("Bendahara Pengeluaran (otomatis)"))
        self.add_row(_("&Voucher"), "voucher_id", self.voucher)
        self.add_row(_("Jum&lah"), "amount", self.amount)
        self.rows.addRow("", self.words)
        self.add_row(_("&Tanggal bayar"), "paid_on", self.paid_on)
        self.add_row(_("&Untuk"), "purpose", self.purpose)
        self.add_row(_("Pa&gu anggaran"), "budget_line_id", self.budget_line)
        self.add_row(_("&Dibayar oleh"), "payer", self.payer)
        self.finish_rows()

    def fill(self, choices: IssueChoices, leg_id: uuid.UUID | None = None) -> None:
        super().fill(choices)
        for combo in (self.voucher, self.budget_line):
            combo.blockSignals(True)
            combo.clear()
        self.voucher.addItem(_("Tanpa voucher: dihitung dari leg yang dibiayai kantor ini"), None)
        for v in choices.vouchers:
            self.voucher.addItem(
                _("Voucher {number} · {amount}").format(number=v.number, amount=money_text(v.amount)), str(v.id)
            )
        self.budget_line.addItem(_("Sesuai pagu leg"), None)
        for line in choices.budget_lines:
            self.budget_line.addItem(_("{year} · {label}").format(year=line.year, label=line.label), line.id)
        for combo in (self.voucher, self.budget_line):
            combo.blockSignals(False)

    def _show_words(self) -> None:
        try:
            amount = self.amount.amount()
        except ValidationError:
            amount = None
        self.words.setText(terbilang_kwitansi(amount) if amount and amount > 0 else "")

    def request(self, plan_id: uuid.UUID, signatory_id: uuid.UUID | None, manual_number: str) -> KwitansiRequest:
        return KwitansiRequest(
            plan_id,
            amount=self.amount.amount(),
            voucher_id=uuid_data(self.voucher),
            purpose=self.purpose.text(),
            paid_on=to_date(self.paid_on.date()),
            budget_line_id=self.budget_line.currentData(),
            payer=self.payer.text(),
            signatory_id=signatory_id,
            manual_number=manual_number,
        )

    def issue(self, session: Session, actor: Actor, request: Any, **options: Any) -> IssuedDocumentInfo:
        return letters.issue_kwitansi(session, actor, request, **options)
