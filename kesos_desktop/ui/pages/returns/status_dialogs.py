"""The plan's status actions as small dialogs: approve (with the budget override), depart, hand over a leg, arrive,
cancel and back to draft. Each keeps what was typed on an error and takes the latest version after a conflict."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import returns, returns_status
from kesos_desktop.core.services.returns_views import LEG_PLANNED, LegInfo, PlanInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import date_edit, to_date
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.pages.returns.wizard_pages import banner_label
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def text_box(height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class PlanActionDialog(QDialog):
    """Base: a form, OK/Cancel, the service call on a worker; ``done_with(PlanInfo)`` after it worked."""

    done_with = Signal(object)

    def __init__(self, ctx: AppContext, plan: PlanInfo, title: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self.version_id = plan.version_id
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.heading = QLabel(
            _("{no} · {name} → {destination}").format(
                no=plan.plan_no, name=plan.person_name, destination=plan.destination_region_name
            )
        )
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.form = FormErrors(self, self.banner)
        self.info = banner_label("infoBanner")
        self.fields = QFormLayout()
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Batal"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.banner)
        self.body.addWidget(self.info)
        self.body.addLayout(self.fields)

    def finish_layout(self) -> None:
        relax_labels(self.fields)
        self.body.addStretch(1)
        self.body.addWidget(self.buttons)

    def work(self) -> Callable[[Any], PlanInfo]:
        raise NotImplementedError

    def submit(self) -> None:
        self.form.clear()
        self.info.hide()
        operations.write(
            self, self.ctx.db, self.work(), self._done, form=self.form, on_failure=self.failed, busy=self.buttons
        )

    def _done(self, info: PlanInfo) -> None:
        self.done_with.emit(info)
        self.accept()

    def failed(self, error: BaseException) -> bool:
        if isinstance(error, Conflict):
            operations.show_error(self, error)
            self.reload_latest()
            return True
        return False

    def reload_latest(self) -> None:
        actor, plan_id = self.ctx.actor, self.plan.id

        def reloaded(latest: PlanInfo) -> None:
            self.plan = latest
            self.version_id = latest.version_id
            self.info.setText(
                _("Data terbaru dimuat (status: {status}). Isian Anda tetap; periksa lalu coba lagi.").format(
                    status=latest.status_label
                )
            )
            self.info.show()

        operations.read(self, self.ctx.db, lambda s: returns.get_plan(s, actor, plan_id), reloaded)


class ApproveDialog(PlanActionDialog):
    """Pimpinan approval; a budget line going below zero needs the override reason (``budget.override``)."""

    def __init__(self, ctx: AppContext, plan: PlanInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, plan, _("Setujui rencana pemulangan"), _("&Setujui"), parent)
        total = QLabel(_("Dibiayai kantor ini: <b>{amount}</b>").format(amount=money_text(plan.totals.own_total)))
        self.note = text_box()
        self.override_box = QGroupBox(_("Melampaui anggaran"))
        self.reason = text_box(72)
        self.override_hint = QLabel()
        self.override_hint.setWordWrap(True)
        box = QFormLayout(self.override_box)
        box.addRow(self.override_hint)
        box.addRow(_("&Alasan"), self.form.field("override_reason", self.reason))
        self.fields.addRow(_("Jumlah"), total)
        self.fields.addRow(_("&Catatan persetujuan"), self.form.field("note", self.note))
        self.body.addWidget(self.override_box)
        self.finish_layout()
        self.override_box.hide()
        if plan.budget_short:
            self.show_shortfall(
                " ".join(c.warning() for c in plan.budget if c.goes_negative), ctx.actor.can("budget.override")
            )

    def show_shortfall(self, message: str, can_override: bool) -> None:
        self.form.show_banner(message)
        if can_override:
            self.override_hint.setText(
                _("Tetap setujui walau anggaran tidak cukup: tulis alasannya. Persetujuan ini dicatat atas nama Anda.")
            )
            self.override_box.show()
            self.ok_button.setText(_("&Setujui melampaui anggaran"))
        else:
            self.override_box.hide()
            self.info.setText(_("Hanya pimpinan yang berwenang dapat menyetujui melampaui sisa anggaran."))
            self.info.show()
            self.ok_button.setEnabled(False)

    def work(self) -> Callable[[Any], PlanInfo]:
        actor, plan_id, version = self.ctx.actor, self.plan.id, self.version_id
        note = self.note.toPlainText()
        reason = self.reason.toPlainText() if not self.override_box.isHidden() else ""
        return lambda s: returns_status.approve_plan(s, actor, plan_id, version, note=note, override_reason=reason)

    def failed(self, error: BaseException) -> bool:
        if isinstance(error, returns_status.BudgetExceeded):
            self.show_shortfall(str(error), error.can_override)
            if error.can_override:
                self.form.set_field_error("override_reason", error.fields.get("override_reason", ""))
                self.reason.setFocus()
            return True
        return super().failed(error)


class DepartureDialog(PlanActionDialog):
    def __init__(self, ctx: AppContext, plan: PlanInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, plan, _("Catat keberangkatan"), _("&Catat berangkat"), parent)
        self.day = date_edit(
            plan.planned_departure_on
            if plan.planned_departure_on and plan.planned_departure_on <= date.today()
            else date.today()
        )
        self.note = text_box()
        self.fields.addRow(_("&Tanggal berangkat"), self.form.field("departed_on", self.day))
        self.fields.addRow(_("&Catatan"), self.form.field("note", self.note))
        self.finish_layout()

    def work(self) -> Callable[[Any], PlanInfo]:
        actor, plan_id, version = self.ctx.actor, self.plan.id, self.version_id
        on, note = to_date(self.day.date()), self.note.toPlainText()
        return lambda s: returns_status.record_departure(s, actor, plan_id, version, on, note)


class HandoverDialog(PlanActionDialog):
    """Serah terima of one leg to the receiving office's officer (name, NIP, jabatan)."""

    def __init__(self, ctx: AppContext, plan: PlanInfo, leg: LegInfo | None = None, parent: QWidget | None = None):
        super().__init__(ctx, plan, _("Serah terima leg"), _("&Catat serah terima"), parent)
        self.leg = QComboBox()
        for item in plan.legs:
            if item.status == LEG_PLANNED:
                self.leg.addItem(
                    _("Leg {n}: {src} → {dst}").format(
                        n=item.seq, src=item.from_office.short_name, dst=item.to_office.short_name
                    ),
                    str(item.id),
                )
        if leg is not None:
            self.leg.setCurrentIndex(max(0, self.leg.findData(str(leg.id))))
        self.day = date_edit()
        self.officer = QLineEdit()
        self.nip = QLineEdit()
        self.nip.setPlaceholderText(_("18 angka, boleh dikosongkan"))
        self.jabatan = QLineEdit()
        self.note = text_box()
        self.fields.addRow(_("&Leg"), self.form.field("leg_id", self.leg))
        self.fields.addRow(_("&Tanggal serah terima"), self.form.field("handed_over_on", self.day))
        self.fields.addRow(_("Nama &petugas penerima"), self.form.field("officer_name", self.officer))
        self.fields.addRow(_("&NIP petugas"), self.form.field("officer_nip", self.nip))
        self.fields.addRow(_("&Jabatan petugas"), self.form.field("officer_jabatan", self.jabatan))
        self.fields.addRow(_("&Catatan"), self.form.field("note", self.note))
        self.finish_layout()

    def work(self) -> Callable[[Any], PlanInfo]:
        import uuid

        actor, plan_id, version = self.ctx.actor, self.plan.id, self.version_id
        leg_id = uuid.UUID(self.leg.currentData()) if self.leg.currentData() else uuid.UUID(int=0)
        values = {
            "on": to_date(self.day.date()),
            "officer_name": self.officer.text(),
            "officer_nip": self.nip.text(),
            "officer_jabatan": self.jabatan.text(),
            "note": self.note.toPlainText(),
        }
        return lambda s: returns_status.record_handover(s, actor, plan_id, leg_id, version, **values)


class ArrivalDialog(PlanActionDialog):
    def __init__(self, ctx: AppContext, plan: PlanInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, plan, _("Konfirmasi tiba"), _("&Konfirmasi tiba"), parent)
        intro = QLabel(
            _("Rencana selesai dan masa tinggal orang ini diakhiri dengan alasan dipulangkan ke daerah asal.")
        )
        intro.setWordWrap(True)
        self.day = date_edit()
        self.confirmed_by = QLineEdit(plan.receiver_name)
        self.note = text_box()
        self.fields.addRow(intro)
        self.fields.addRow(_("&Tanggal tiba"), self.form.field("arrived_on", self.day))
        self.fields.addRow(_("Dikonfirmasi &oleh"), self.form.field("confirmed_by", self.confirmed_by))
        self.fields.addRow(_("&Catatan"), self.form.field("note", self.note))
        self.finish_layout()

    def work(self) -> Callable[[Any], PlanInfo]:
        actor, plan_id, version = self.ctx.actor, self.plan.id, self.version_id
        on, who, note = to_date(self.day.date()), self.confirmed_by.text(), self.note.toPlainText()
        return lambda s: returns_status.confirm_arrival(s, actor, plan_id, version, on=on, confirmed_by=who, note=note)


class ReasonDialog(PlanActionDialog):
    """Batal (``cancel=True``) or back to draft, each with a reason."""

    def __init__(self, ctx: AppContext, plan: PlanInfo, *, cancel: bool, parent: QWidget | None = None) -> None:
        title = _("Batalkan rencana pemulangan") if cancel else _("Kembalikan ke draf")
        ok = _("Batalkan &rencana") if cancel else _("&Kembalikan ke draf")
        super().__init__(ctx, plan, title, ok, parent)
        self.cancel = cancel
        self.reason = text_box(80)
        self.fields.addRow(_("&Alasan"), self.form.field("reason", self.reason))
        self.finish_layout()

    def work(self) -> Callable[[Any], PlanInfo]:
        actor, plan_id, version, reason = self.ctx.actor, self.plan.id, self.version_id, self.reason.toPlainText()
        if self.cancel:
            return lambda s: returns_status.cancel_plan(s, actor, plan_id, version, reason)
        return lambda s: returns_status.reopen_plan(s, actor, plan_id, version, reason)
