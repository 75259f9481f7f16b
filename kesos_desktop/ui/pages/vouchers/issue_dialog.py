"""Terbitkan voucher for one plan: the legs, validity and signatory, a preview of the voucher, then issue and print
(the Qt print dialog) or issue and save as PDF — the number is taken only when the print or the file succeeded."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.services import vouchers
from kesos_desktop.core.services.vouchers import DEFAULT_VALID_DAYS, MAX_VALID_DAYS, VoucherRequest
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import date_edit, to_date
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.pages.vouchers import data
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.pdf_preview import PdfPreview, PrintJob, write_pdf

PREVIEW_DELAY_MS = 400


class IssueVoucherDialog(QDialog):
    """``ready`` after the plan is loaded; ``previewed`` after each preview; ``issued(list[VoucherInfo])``."""

    ready = Signal()
    previewed = Signal()
    issued = Signal(object)

    def __init__(self, ctx: AppContext, plan_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.choices: data.IssueChoices | None = None
        self.result: list[vouchers.VoucherInfo] = []
        self.setWindowTitle(_("Terbitkan voucher bantuan transport"))
        self.resize(1100, 760)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.form = FormErrors(self, self.banner)
        self.legs_box = QGroupBox(_("Leg yang dibiayai kantor ini"))
        self.legs_layout = QVBoxLayout(self.legs_box)
        self.leg_checks: dict[uuid.UUID, QCheckBox] = {}
        self.issued_on = date_edit()
        self.valid_until = date_edit(date.today() + timedelta(days=DEFAULT_VALID_DAYS), max_today=False)
        self.valid_until.setMinimumDate(self.issued_on.date())
        self.valid_until.setMaximumDate(self.issued_on.date().addDays(MAX_VALID_DAYS))
        self.signatory = QComboBox()
        self.amount = QLabel()
        self.amount.setObjectName("cardValue")
        hint = QLabel(
            _(
                "Nomor voucher pada pratinjau adalah nomor berikutnya; nomor pasti diberikan saat "
                "voucher diterbitkan dan tidak terpakai bila cetak atau simpan gagal."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        fields = QFormLayout()
        fields.addRow(self.form.field("leg_ids", self.legs_box))
        fields.addRow(_("Tanggal &terbit"), self.form.field("issued_on", self.issued_on))
        fields.addRow(_("Berlaku &sampai"), self.form.field("valid_until", self.valid_until))
        fields.addRow(_("&Penanda tangan"), self.form.field("signatory_id", self.signatory))
        fields.addRow(_("Jumlah"), self.form.field("amount", self.amount))
        relax_labels(fields)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.banner)
        left.addLayout(fields)
        left.addWidget(hint)
        left.addStretch(1)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(380)
        self.preview = PdfPreview(print_handler=self.issue_and_print, save_handler=self.issue_and_save)
        self.preview.print_button.setText(_("Terbitkan && &cetak…"))
        self.preview.print_button.setToolTip(_("Terbitkan voucher lalu cetak melalui dialog printer (Ctrl+P)"))
        self.preview.save_button.setText(_("Terbitkan && simpan &PDF…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(left_box)
        columns.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.issued_on.dateChanged.connect(self._issued_on_changed)
        self.valid_until.dateChanged.connect(lambda _d: self._changed())
        self.signatory.currentIndexChanged.connect(lambda _i: self._changed())
        self.setEnabled(False)
        self._load()

    # --- loading ----------------------------------------------------------------------------------------------
    def _load(self) -> None:
        actor, plan_id = self.ctx.actor, self.plan_id
        operations.read(self, self.ctx.db, lambda s: data.issue_choices(s, actor, plan_id), self._loaded)

    def _loaded(self, choices: data.IssueChoices) -> None:
        self.choices = choices
        plan = choices.plan
        self.heading.setText(
            _("{no} · {name} → {destination}").format(
                no=plan.plan_no, name=plan.person_name, destination=plan.destination_region_name
            )
        )
        for leg in plan.legs:
            if not leg.paid_by_own_office:
                continue
            check = QCheckBox(
                _("Leg {n}: {src} → {dst}").format(
                    n=leg.seq, src=leg.from_office.short_name, dst=leg.to_office.short_name
                )
            )
            detail = QLabel(_("{mode} · {amount}").format(mode=leg.mode_label, amount=money_text(person_amount(leg))))
            detail.setObjectName("hint")
            detail.setContentsMargins(24, 0, 0, 4)
            number = choices.covered.get(leg.id)
            check.setChecked(number is None)
            check.setEnabled(number is None)
            if number:
                check.setToolTip(_("Sudah ada voucher {number}").format(number=number))
            check.toggled.connect(lambda _on: self._changed())
            self.leg_checks[leg.id] = check
            self.legs_layout.addWidget(check)
            self.legs_layout.addWidget(detail)
        if not self.leg_checks:
            self.legs_layout.addWidget(QLabel(_("Tidak ada leg yang dibiayai kantor ini.")))
        for person in choices.signatories:
            self.signatory.addItem(signatory_label(person), str(person.id))
        found = self.signatory.findData(str(choices.default_signatory_id)) if choices.default_signatory_id else -1
        self.signatory.setCurrentIndex(max(found, 0))
        self.setEnabled(True)
        self._show_amount()
        self.ready.emit()
        self.refresh_preview()

    # --- the request ------------------------------------------------------------------------------------------
    def chosen_legs(self) -> list[uuid.UUID]:
        return [leg_id for leg_id, check in self.leg_checks.items() if check.isChecked() and check.isEnabled()]

    def request(self) -> VoucherRequest:
        signatory = self.signatory.currentData()
        return VoucherRequest(
            self.plan_id,
            leg_ids=self.chosen_legs(),
            issued_on=to_date(self.issued_on.date()),
            valid_until=to_date(self.valid_until.date()),
            signatory_id=uuid.UUID(signatory) if signatory else None,
        )

    def _issued_on_changed(self, day: QDate) -> None:
        self.valid_until.setMinimumDate(day)
        self.valid_until.setMaximumDate(day.addDays(MAX_VALID_DAYS))
        self._changed()

    def _changed(self) -> None:
        self._show_amount()
        self._timer.start()

    def _show_amount(self) -> None:
        if self.choices is None:
            return
        chosen = set(self.chosen_legs())
        total = sum(person_amount(leg) for leg in self.choices.plan.legs if leg.id in chosen)
        self.amount.setText(money_text(total))

    # --- preview ----------------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        self._timer.stop()
        if self.choices is None:
            return
        self.form.clear()
        actor, request = self.ctx.actor, self.request()
        operations.write(
            self,
            self.ctx.db,
            lambda s: data.preview_voucher(s, actor, request),
            self._previewed,
            form=self.form,
            on_failure=self._preview_failed,
            show_progress=False,
        )

    def _previewed(self, pdf: bytes) -> None:
        self.preview.set_pdf(pdf, "voucher.pdf")
        self.previewed.emit()

    def _preview_failed(self, _error: BaseException) -> bool:
        self.preview.clear(_("Pratinjau belum dapat dibuat; periksa isian di sebelah kiri."))
        self.previewed.emit()
        return False

    # --- issuing ----------------------------------------------------------------------------------------------
    def issue_and_print(self, printer: QPrinter) -> None:
        job = PrintJob(printer)

        def done(issued: list[vouchers.IssuedVoucher]) -> None:
            self._issued(
                issued, lambda numbers: _("Voucher {number} diterbitkan dan dikirim ke printer.").format(number=numbers)
            )

        self._issue(job.add, done, _("Menerbitkan dan mencetak voucher…"), job)

    def issue_and_save(self, path: Path) -> None:
        def done(issued: list[vouchers.IssuedVoucher]) -> None:
            self._issued(
                issued,
                lambda numbers: _("Voucher {number} diterbitkan dan disimpan ke {path}.").format(
                    number=numbers, path=path
                ),
            )

        self._issue(lambda pdf: write_pdf(path, pdf), done, _("Menerbitkan voucher…"))

    def _issue(self, deliver, done, label: str, job: PrintJob | None = None) -> None:  # type: ignore[no-untyped-def]
        self.form.clear()
        actor, request = self.ctx.actor, self.request()

        def work(session):  # type: ignore[no-untyped-def]
            # The printer job is opened, filled and closed on this worker: one thread paints it from start to end.
            try:
                issued = data.issue_and_deliver(session, actor, [request], deliver)
            except BaseException:
                if job is not None:
                    job.abort()
                raise
            if job is not None:
                job.finish()
            return issued

        operations.write(self, self.ctx.db, work, done, form=self.form, busy=self.preview, label=label)

    def _issued(self, issued: list[vouchers.IssuedVoucher], text: Callable[[str], str]) -> None:
        self.result = [item.info for item in issued]
        self.issued.emit(self.result)
        numbers = ", ".join(info.number for info in self.result)
        operations.message_box(
            self.parentWidget(),
            QMessageBox.Icon.Information,
            ngettext("Voucher diterbitkan", "Voucher diterbitkan", len(self.result)),
            text(numbers),
        )
        self.accept()


def person_amount(leg: object) -> int:
    """What a leg puts on the person's voucher: fare, uang makan and uang saku (escorts claim separately)."""
    return int(leg.fare_amount) + (int(leg.meal_per_day) + int(leg.pocket_per_day)) * int(leg.days)  # type: ignore[attr-defined]


def signatory_label(person: object) -> str:
    """ "Drs. H. BAMBANG SUTRISNO, M.Si. (a.n. Kepala Dinas …)": the name first, it is what people look for."""
    role = f"{person.prefix} {person.jabatan}".strip()  # type: ignore[attr-defined]
    return _("{name} ({role})").format(name=person.name, role=role)  # type: ignore[attr-defined]
