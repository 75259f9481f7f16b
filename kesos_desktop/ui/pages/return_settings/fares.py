"""Tabel tarif: fares by office pair, by kode wilayah prefixes or by route class, per mode, with validity. Example
fares shipped with the program are inactive until the administrator confirms them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import relay, returns_budget
from kesos_desktop.core.services.relay import OfficeRef
from kesos_desktop.core.services.returns_budget import FareInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import OptionalDateEdit
from kesos_desktop.ui.models.table import Column
from kesos_desktop.ui.pages.return_settings.records import FormDialog, RecordsTab
from kesos_desktop.ui.pages.returns.data import office_refs
from kesos_desktop.ui.pages.returns.money import MoneyEdit, money_text
from kesos_desktop.ui.style import MUTED

RIGHT = Qt.AlignmentFlag.AlignRight
ROUTE_CLASS_LABELS = {
    "": N_("— semua —"),
    "dalam_provinsi": N_("Dalam provinsi"),
    "antar_provinsi": N_("Antarprovinsi"),
    "antar_pulau": N_("Antarpulau"),
}


def route_class_label(code: str) -> str:
    return _(ROUTE_CLASS_LABELS[code]) if code in ROUTE_CLASS_LABELS else code


def side(office_name: str, prefix: str) -> str:
    if office_name:
        return office_name
    return _("wilayah {prefix}").format(prefix=prefix) if prefix else _("mana saja")


def validity(f: FareInfo) -> str:
    if f.valid_from and f.valid_to:
        return _("{start} – {end}").format(start=format_date(f.valid_from), end=format_date(f.valid_to))
    if f.valid_from:
        return _("sejak {day}").format(day=format_date(f.valid_from))
    if f.valid_to:
        return _("sampai {day}").format(day=format_date(f.valid_to))
    return _("selalu")


def fare_columns() -> list[Column[FareInfo]]:
    def muted(f: FareInfo) -> str | None:
        return None if f.is_active else MUTED

    return [
        Column(_("Dari"), lambda f: side(f.from_office_name, f.from_region_prefix), color=muted),
        Column(_("Ke"), lambda f: side(f.to_office_name, f.to_region_prefix), color=muted),
        Column(_("Golongan rute"), lambda f: route_class_label(f.route_class), color=muted),
        Column(_("Moda"), lambda f: relay.mode_label(f.mode) if f.mode else _("semua"), color=muted),
        Column(_("Operator"), lambda f: f.carrier, color=muted),
        Column(_("Tarif"), lambda f: money_text(f.amount), sort_key=lambda f: f.amount, align=RIGHT, color=muted),
        Column(_("Berlaku"), validity, color=muted),
        Column(
            _("Status"),
            lambda f: _("aktif") if f.is_active else (_("contoh") if f.is_example else _("nonaktif")),
            color=muted,
        ),
        Column(_("Sumber"), lambda f: f.source_note, tooltip=lambda f: f.source_note, color=muted),
    ]


class FareDialog(FormDialog):
    def __init__(self, ctx: AppContext, fare: FareInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Tambah tarif") if fare is None else _("Ubah tarif"), parent, width=620)
        self.fare = fare
        self.amount = MoneyEdit("amount")
        self.mode = QComboBox()
        self.mode.addItem(_("— semua moda —"), "")
        for mode in relay.MODES:
            self.mode.addItem(relay.mode_label(mode), mode)
        self.carrier = QLineEdit()
        self.carrier.setPlaceholderText(_("misalnya DAMRI, PELNI, KAI"))
        self.from_office = QComboBox()
        self.to_office = QComboBox()
        self.from_prefix = QLineEdit()
        self.from_prefix.setPlaceholderText(_("awalan kode wilayah, misalnya 31"))
        self.to_prefix = QLineEdit()
        self.to_prefix.setPlaceholderText(_("misalnya 53 atau 12.71"))
        self.route_class = QComboBox()
        for code in returns_budget.ROUTE_CLASSES:
            self.route_class.addItem(route_class_label(code), code)
        self.valid_from = OptionalDateEdit(check_text=_("Sejak"))
        self.valid_to = OptionalDateEdit(check_text=_("Sampai"))
        self.bidirectional = QCheckBox(_("Berlaku &dua arah"))
        self.bidirectional.setChecked(True)
        self.active = QCheckBox(_("&Aktif (dipakai untuk rencana baru)"))
        self.active.setChecked(True)
        self.source_note = QLineEdit()
        self.source_note.setPlaceholderText(_("Dasar tarif, misalnya SK Kadis No. … / tiket DAMRI 2026"))
        self.row(_("&Tarif"), "amount", self.amount)
        self.row(_("&Moda"), "mode", self.mode)
        self.row(_("&Operator"), "carrier", self.carrier)
        self.row(_("Kantor &asal"), "from_office", self.from_office, "route")
        self.row(_("Kantor &tujuan"), "to_office", self.to_office)
        self.row(_("Awalan wilayah a&sal"), "from_region_prefix", self.from_prefix)
        self.row(_("Awalan wilayah t&ujuan"), "to_region_prefix", self.to_prefix)
        self.row(_("&Golongan rute"), "route_class", self.route_class)
        self.row(_("Berlaku &sejak"), "valid_from", self.valid_from)
        self.row(_("Berlaku &sampai"), "valid_to", self.valid_to)
        self.fields.addRow("", self.bidirectional)
        self.fields.addRow("", self.active)
        self.row(_("&Dasar tarif"), "source_note", self.source_note)
        self.finish_layout()
        self.buttons.setEnabled(False)
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: office_refs(s, actor), self._offices, show_progress=False)

    def _offices(self, offices: list[OfficeRef]) -> None:
        for combo in (self.from_office, self.to_office):
            combo.addItem(_("— tidak ditentukan —"), None)
            for office in offices:
                combo.addItem(f"{office.name} ({office.region_code})", str(office.id))
        fare = self.fare
        if fare is not None:
            self.amount.set_amount(fare.amount)
            self.mode.setCurrentIndex(max(0, self.mode.findData(fare.mode)))
            self.carrier.setText(fare.carrier)
            if fare.from_office_id:
                self.from_office.setCurrentIndex(max(0, self.from_office.findData(str(fare.from_office_id))))
            if fare.to_office_id:
                self.to_office.setCurrentIndex(max(0, self.to_office.findData(str(fare.to_office_id))))
            self.from_prefix.setText(fare.from_region_prefix)
            self.to_prefix.setText(fare.to_region_prefix)
            self.route_class.setCurrentIndex(max(0, self.route_class.findData(fare.route_class)))
            self.valid_from.set_value(fare.valid_from)
            self.valid_to.set_value(fare.valid_to)
            self.bidirectional.setChecked(fare.bidirectional)
            self.active.setChecked(fare.is_active)
            self.source_note.setText(fare.source_note)
        self.buttons.setEnabled(True)

    def work(self) -> Callable[[Any], object] | None:
        try:
            amount = self.amount.amount()
        except ValidationError as exc:
            self.form.show_error(exc)
            return None
        import uuid

        def office(combo: QComboBox) -> uuid.UUID | None:
            value = combo.currentData()
            return uuid.UUID(value) if value else None

        data = returns_budget.FareInput(
            amount=amount if amount is not None else 0,
            mode=self.mode.currentData() or "",
            carrier=self.carrier.text(),
            from_office=office(self.from_office),
            to_office=office(self.to_office),
            from_region_prefix=self.from_prefix.text(),
            to_region_prefix=self.to_prefix.text(),
            route_class=self.route_class.currentData() or "",
            valid_from=self.valid_from.value(),
            valid_to=self.valid_to.value(),
            bidirectional=self.bidirectional.isChecked(),
            is_active=self.active.isChecked(),
            source_note=self.source_note.text(),
        )
        actor, fare = self.ctx.actor, self.fare
        if fare is None:
            return lambda s: returns_budget.save_fare(s, actor, data)
        return lambda s: returns_budget.save_fare(s, actor, data, fare.id, fare.version_id)


def fares_tab(ctx: AppContext) -> RecordsTab[FareInfo]:
    actor = ctx.actor
    return RecordsTab(
        ctx,
        fare_columns(),
        lambda s: returns_budget.list_fares(s, actor),
        lambda record: FareDialog(ctx, record),
        can_edit=actor.can("budget.manage"),
        add_text=_("Tambah &tarif…"),
        widths=(190, 190, 120, 130, 90, 110, 150, 70),
        count_text=lambda n: ngettext("{n} tarif", "{n} tarif", n).format(n=format_number(n)),
    )
