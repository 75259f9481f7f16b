"""The fields of a Surat Pengantar Pemulangan and of a Surat Jalan; empty fields take the service's defaults."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import letters
from kesos_desktop.core.services.letters import IssuedDocumentInfo, SuratJalanRequest, SuratPengantarRequest
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit, date_edit, to_date
from kesos_desktop.ui.pages.letters.data import IssueChoices, split_lines
from kesos_desktop.ui.pages.letters.kind_form import KindForm, leg_text, line_edit, list_edit

TO_DESTINATION = "tujuan"
SIFAT = ("Biasa", "Segera", "Sangat Segera", "Penting")


class SuratPengantarForm(KindForm):
    kind = "surat_pengantar"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter_date = date_edit()
        self.leg = QComboBox()
        self.sifat = QComboBox()
        self.sifat.setEditable(True)
        self.sifat.addItems(list(SIFAT))
        self.hal = line_edit(_("Pemulangan Warga Binaan"))
        self.addressee = line_edit(_("Kepala Dinas Sosial penerima (otomatis)"))
        self.addressee_at = line_edit(_("di Tempat / nama kota (otomatis)"))
        self.attachments = list_edit(_("Satu lampiran per baris, misalnya: Fotokopi KTP"))
        self.lampiran = line_edit(_("Otomatis dari daftar lampiran"))
        self.tembusan = list_edit(_("Satu tembusan per baris"))
        self.add_row(_("&Tanggal surat"), "letter_date", self.letter_date)
        self.add_row(_("&Ditujukan ke"), "leg_id", self.leg, "to_destination")
        self.add_row(_("&Sifat"), "sifat", self.sifat)
        self.add_row(_("&Hal"), "hal", self.hal)
        self.add_row(_("&Yth."), "addressee", self.addressee)
        self.add_row(_("d&i"), "addressee_at", self.addressee_at)
        self.add_row(_("Daftar &lampiran"), "attachments", self.attachments)
        self.add_row(_("Lampiran (&berkas)"), "lampiran", self.lampiran)
        self.add_row(_("T&embusan"), "tembusan", self.tembusan)
        self.finish_rows()

    def fill(self, choices: IssueChoices, leg_id: uuid.UUID | None = None) -> None:
        super().fill(choices)
        self.leg.blockSignals(True)
        self.leg.clear()
        self.leg.addItem(_("Otomatis: kantor penerima leg pertama dari kantor ini"), None)
        self.leg.addItem(_("Dinas Sosial daerah tujuan (leg terakhir)"), TO_DESTINATION)
        for leg in choices.plan.legs:
            self.leg.addItem(
                _("{leg} — kepada {office}").format(leg=leg_text(leg), office=leg.to_office.name), str(leg.id)
            )
        found = self.leg.findData(str(leg_id)) if leg_id is not None else -1
        self.leg.setCurrentIndex(max(found, 0))
        self.leg.blockSignals(False)

    def request(self, plan_id: uuid.UUID, signatory_id: uuid.UUID | None, manual_number: str) -> SuratPengantarRequest:
        chosen = self.leg.currentData()
        return SuratPengantarRequest(
            plan_id,
            leg_id=uuid.UUID(chosen) if chosen not in (None, TO_DESTINATION) else None,
            to_destination=chosen == TO_DESTINATION,
            letter_date=to_date(self.letter_date.date()),
            sifat=self.sifat.currentText(),
            lampiran=self.lampiran.text(),
            hal=self.hal.text(),
            addressee=self.addressee.text(),
            addressee_at=self.addressee_at.text(),
            attachments=split_lines(self.attachments.toPlainText()),
            tembusan=split_lines(self.tembusan.toPlainText()),
            signatory_id=signatory_id,
            manual_number=manual_number,
        )

    def issue(self, session: Session, actor: Actor, request: Any, **options: Any) -> IssuedDocumentInfo:
        return letters.issue_surat_pengantar(session, actor, request, **options)


class SuratJalanForm(KindForm):
    kind = "surat_jalan"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter_date = date_edit()
        self.legs_box = QGroupBox()
        self.legs_layout = QVBoxLayout(self.legs_box)
        self.leg_checks: dict[uuid.UUID, QCheckBox] = {}
        self.valid_from = OptionalDateEdit(check_text=_("Tentukan"))
        self.valid_until = OptionalDateEdit(check_text=_("Tentukan"))
        self.purpose = line_edit(_("Pulang ke daerah asal (otomatis)"))
        self.checkpoints = QCheckBox(_("Kolom cap dan paraf tiap kantor yang dilewati"))
        self.checkpoints.setChecked(True)
        self.add_row(_("&Tanggal surat"), "letter_date", self.letter_date)
        self.add_row(_("&Leg"), "leg_ids", self.legs_box)
        self.add_row(_("Berlaku &dari"), "valid_from", self.valid_from)
        self.add_row(_("Berlaku &sampai"), "valid_until", self.valid_until)
        self.add_row(_("&Keperluan"), "purpose", self.purpose)
        self.add_row("", "checkpoints", self.checkpoints)
        self.finish_rows()

    def fill(self, choices: IssueChoices, leg_id: uuid.UUID | None = None) -> None:
        super().fill(choices)
        for check in self.leg_checks.values():
            check.deleteLater()
        self.leg_checks = {}
        for leg in choices.plan.legs:
            check = QCheckBox(leg_text(leg))
            check.setChecked(True)
            self.watch(check)
            self.leg_checks[leg.id] = check
            self.legs_layout.addWidget(check)

    def request(self, plan_id: uuid.UUID, signatory_id: uuid.UUID | None, manual_number: str) -> SuratJalanRequest:
        chosen = [leg_id for leg_id, check in self.leg_checks.items() if check.isChecked()]
        return SuratJalanRequest(
            plan_id,
            leg_ids=None if len(chosen) == len(self.leg_checks) else chosen,
            letter_date=to_date(self.letter_date.date()),
            valid_from=self.valid_from.value(),
            valid_until=self.valid_until.value(),
            purpose=self.purpose.text(),
            checkpoints=self.checkpoints.isChecked(),
            signatory_id=signatory_id,
            manual_number=manual_number,
        )

    def issue(self, session: Session, actor: Actor, request: Any, **options: Any) -> IssuedDocumentInfo:
        return letters.issue_surat_jalan(session, actor, request, **options)
