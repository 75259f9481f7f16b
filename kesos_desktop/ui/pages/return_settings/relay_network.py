"""Jaringan estafet (admin): the Dinas Sosial offices, the links between them (MPU neighbours, Jabodetabekjur) and
the forwarding rules the planner follows — data an administrator changes, never code."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.services import relay, relay_admin
from kesos_desktop.core.services.relay_admin import RelayLinkInfo, RelayOfficeInfo, RelayRuleInfo
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column
from kesos_desktop.ui.pages.return_settings.records import FormDialog, RecordsTab
from kesos_desktop.ui.style import MUTED, icon
from kesos_desktop.ui.widgets.region_picker import RegionPicker

RIGHT = Qt.AlignmentFlag.AlignRight


def level_label(level: str) -> str:
    return _("Provinsi") if level == relay.PROVINSI else _("Kabupaten/kota")


def office_combo(offices: list[RelayOfficeInfo], empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for office in offices:
        combo.addItem(f"{office.name} ({office.region_code})", str(office.id))
    return combo


def combo_uuid(combo: QComboBox) -> uuid.UUID | None:
    value = combo.currentData()
    return uuid.UUID(value) if value else None


# ---------------------------------------------------------------------------------------------------------- offices


class OfficeDialog(FormDialog):
    def __init__(self, ctx: AppContext, office: RelayOfficeInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Tambah kantor estafet") if office is None else _("Ubah kantor estafet"), parent)
        self.office = office
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("misalnya Dinas Sosial Kota Surabaya"))
        self.short_name = QLineEdit()
        self.region = RegionPicker(levels=(1, 2))
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.mpu = QCheckBox(_("Anggota kerja sama &MPU"))
        self.forwards = QCheckBox(_("&Menerima dan meneruskan (estafet)"))
        self.forwards.setChecked(True)
        self.active = QCheckBox(_("&Aktif"))
        self.active.setChecked(True)
        self.notes = QLineEdit()
        self.row(_("&Nama"), "name", self.name)
        self.row(_("Nama &singkat"), "short_name", self.short_name)
        self.row(_("&Wilayah"), "region_code", self.region)
        self.row(_("&Alamat"), "address", self.address)
        self.row(_("&Telepon"), "phone", self.phone)
        self.row(_("&Pos-el"), "email", self.email)
        for check in (self.mpu, self.forwards, self.active):
            self.fields.addRow("", check)
        self.row(_("&Catatan"), "notes", self.notes)
        self.finish_layout()
        if office is not None:
            self.name.setText(office.name)
            self.short_name.setText(office.short_name)
            self.region.setCode(office.region_code)
            self.address.setText(office.address)
            self.phone.setText(office.phone)
            self.email.setText(office.email)
            self.mpu.setChecked(office.is_mpu_member)
            self.forwards.setChecked(office.can_forward)
            self.active.setChecked(office.is_active)
            self.notes.setText(office.notes)

    def work(self) -> Callable[[Any], object]:
        data = relay_admin.RelayOfficeInput(
            name=self.name.text(),
            region_code=self.region.code(),
            short_name=self.short_name.text(),
            address=self.address.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            is_mpu_member=self.mpu.isChecked(),
            can_forward=self.forwards.isChecked(),
            is_active=self.active.isChecked(),
            notes=self.notes.text(),
        )
        actor, office = self.ctx.actor, self.office
        if office is None:
            return lambda s: relay_admin.save_relay_office(s, actor, data)
        return lambda s: relay_admin.save_relay_office(s, actor, data, office.id, office.version_id)


def office_columns() -> list[Column[RelayOfficeInfo]]:
    def muted(o: RelayOfficeInfo) -> str | None:
        return None if o.is_active else MUTED

    return [
        Column(_("Kode"), lambda o: o.code, color=muted),
        Column(_("Nama"), lambda o: o.name, color=muted, tooltip=lambda o: o.notes),
        Column(_("Tingkat"), lambda o: level_label(o.level), color=muted),
        Column(_("Wilayah"), lambda o: o.region_name, color=muted),
        Column(_("MPU"), lambda o: o.is_mpu_member),
        Column(_("Meneruskan"), lambda o: o.can_forward),
        Column(_("Aktif"), lambda o: o.is_active),
        Column(_("Telepon"), lambda o: o.phone, color=muted),
    ]


# ------------------------------------------------------------------------------------------------------------ links


class LinkDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, link: RelayLinkInfo | None, offices: list[RelayOfficeInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Tambah hubungan estafet") if link is None else _("Ubah hubungan estafet"), parent)
        self.office_a = office_combo(offices, _("— pilih kantor —"))
        self.office_b = office_combo(offices, _("— pilih kantor —"))
        self.modes: dict[str, QCheckBox] = {}
        modes_box = QWidget()
        grid = QGridLayout(modes_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, mode in enumerate(relay.MODES):
            self.modes[mode] = QCheckBox(relay.mode_label(mode))
            grid.addWidget(self.modes[mode], i // 3, i % 3)
        self.weight = QSpinBox()
        self.weight.setRange(1, 100)
        self.agreement = QLineEdit()
        self.agreement.setPlaceholderText(_("misalnya MPU atau Jabodetabekjur"))
        self.active = QCheckBox(_("&Aktif"))
        self.active.setChecked(True)
        self.notes = QLineEdit()
        self.row(_("Kantor &pertama"), "office_a", self.office_a)
        self.row(_("Kantor &kedua"), "office_b", self.office_b)
        self.row(_("&Moda"), "mode_hints", modes_box)
        self.row(_("&Bobot"), "weight", self.weight)
        self.row(_("&Kesepakatan"), "agreement", self.agreement)
        self.fields.addRow("", self.active)
        self.row(_("&Catatan"), "notes", self.notes)
        self.finish_layout()
        if link is not None:
            self.office_a.setCurrentIndex(max(0, self.office_a.findData(str(link.office_a.id))))
            self.office_b.setCurrentIndex(max(0, self.office_b.findData(str(link.office_b.id))))
            for mode, check in self.modes.items():
                check.setChecked(mode in link.mode_hints)
            self.weight.setValue(link.weight)
            self.agreement.setText(link.agreement)
            self.active.setChecked(link.is_active)
            self.notes.setText(link.notes)
        else:
            self.modes["bus"].setChecked(True)

    def work(self) -> Callable[[Any], object]:
        actor = self.ctx.actor
        a, b = combo_uuid(self.office_a), combo_uuid(self.office_b)
        modes = tuple(mode for mode, check in self.modes.items() if check.isChecked())
        values = {
            "mode_hints": modes,
            "weight": self.weight.value(),
            "agreement": self.agreement.text(),
            "is_active": self.active.isChecked(),
            "notes": self.notes.text(),
        }
        return lambda s: relay_admin.save_link(s, actor, a or "", b or "", **values)


def link_columns() -> list[Column[RelayLinkInfo]]:
    return [
        Column(_("Kantor pertama"), lambda k: k.office_a.name),
        Column(_("Kantor kedua"), lambda k: k.office_b.name),
        Column(_("Moda"), lambda k: ", ".join(relay.mode_label(m) for m in k.mode_hints)),
        Column(_("Bobot"), lambda k: k.weight, align=RIGHT),
        Column(_("Kesepakatan"), lambda k: k.agreement),
        Column(_("Aktif"), lambda k: k.is_active),
    ]


# ------------------------------------------------------------------------------------------------------------ rules


class RuleDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, rule: RelayRuleInfo | None, offices: list[RelayOfficeInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Tambah aturan estafet") if rule is None else _("Ubah aturan estafet"), parent, 600)
        self.rule = rule
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.destination = QLineEdit()
        self.destination.setPlaceholderText(_("Awalan kode wilayah tujuan: 1 = seluruh Sumatera, 53 = NTT"))
        self.origin = QLineEdit()
        self.origin.setPlaceholderText(_("Kosong = dari mana saja"))
        self.via = office_combo(offices, _("— tanpa kantor penerus (estafet langsung) —"))
        self.forward_mode = QComboBox()
        self.forward_mode.addItem(_("— sesuai jaringan —"), "")
        for mode in relay.MODES:
            self.forward_mode.addItem(relay.mode_label(mode), mode)
        self.priority = QSpinBox()
        self.priority.setRange(-100, 100)
        self.active = QCheckBox(_("&Aktif"))
        self.active.setChecked(True)
        self.description = QLineEdit()
        self.source_note = QLineEdit()
        self.source_note.setPlaceholderText(_("Dasar aturan, misalnya surat Dinsos DKI No. 0527/SO.01.01"))
        self.row(_("&Kode"), "code", self.code)
        self.row(_("&Nama"), "name", self.name)
        self.row(_("Wilayah &tujuan"), "destination_prefix", self.destination)
        self.row(_("Wilayah &asal"), "origin_prefix", self.origin)
        self.row(_("&Lewat kantor"), "via_office", self.via)
        self.row(_("&Moda terusan"), "forward_mode", self.forward_mode)
        self.row(_("&Prioritas"), "priority", self.priority)
        self.fields.addRow("", self.active)
        self.row(_("&Uraian"), "description", self.description)
        self.row(_("&Dasar"), "source_note", self.source_note)
        self.finish_layout()
        if rule is not None:
            self.code.setText(rule.code)
            self.name.setText(rule.name)
            self.destination.setText(rule.destination_prefix)
            self.origin.setText(rule.origin_prefix)
            if rule.via_office is not None:
                self.via.setCurrentIndex(max(0, self.via.findData(str(rule.via_office.id))))
            self.forward_mode.setCurrentIndex(max(0, self.forward_mode.findData(rule.forward_mode)))
            self.priority.setValue(rule.priority)
            self.active.setChecked(rule.is_active)
            self.description.setText(rule.description)
            self.source_note.setText(rule.source_note)

    def work(self) -> Callable[[Any], object]:
        data = relay_admin.RelayRuleInput(
            code=self.code.text(),
            name=self.name.text(),
            destination_prefix=self.destination.text(),
            via_office=combo_uuid(self.via),
            origin_prefix=self.origin.text(),
            forward_mode=self.forward_mode.currentData() or "",
            priority=self.priority.value(),
            is_active=self.active.isChecked(),
            description=self.description.text(),
            source_note=self.source_note.text(),
        )
        actor, rule_id = self.ctx.actor, self.rule.id if self.rule else None
        return lambda s: relay_admin.save_rule(s, actor, data, rule_id)


def rule_columns() -> list[Column[RelayRuleInfo]]:
    return [
        Column(_("Kode"), lambda r: r.code),
        Column(_("Nama"), lambda r: r.name, tooltip=lambda r: r.description),
        Column(_("Tujuan"), lambda r: r.destination_prefix),
        Column(_("Asal"), lambda r: r.origin_prefix or _("semua")),
        Column(_("Lewat"), lambda r: r.via_office.name if r.via_office else "—"),
        Column(_("Moda terusan"), lambda r: relay.mode_label(r.forward_mode) if r.forward_mode else ""),
        Column(_("Prioritas"), lambda r: r.priority, align=RIGHT),
        Column(_("Aktif"), lambda r: r.is_active),
    ]


# -------------------------------------------------------------------------------------------------------------- tab


class RelayTab(QWidget):
    """Kantor, Hubungan and Aturan as sub-tabs; editing needs ``relay.manage``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        actor = ctx.actor
        can = actor.can("relay.manage")
        self.offices: RecordsTab[RelayOfficeInfo] = RecordsTab(
            ctx,
            office_columns(),
            lambda s: relay_admin.list_relay_offices(s, actor),
            lambda record: OfficeDialog(ctx, record),
            can_edit=can,
            add_text=_("Tambah &kantor…"),
            widths=(120, 300, 120, 300, 50, 90, 50),
            count_text=lambda n: ngettext("{n} kantor", "{n} kantor", n).format(n=format_number(n)),
        )
        self.links: RecordsTab[RelayLinkInfo] = RecordsTab(
            ctx,
            link_columns(),
            lambda s: relay_admin.list_links(s, actor),
            lambda record: LinkDialog(ctx, record, self.active_offices()),
            can_edit=can,
            add_text=_("Tambah &hubungan…"),
            widths=(280, 280, 220, 60, 140),
            count_text=lambda n: ngettext("{n} hubungan", "{n} hubungan", n).format(n=format_number(n)),
        )
        self.remove_link_action = QAction(icon("block"), _("&Hapus hubungan…"), self)
        self.remove_link_action.triggered.connect(self.remove_link)
        self.remove_link_action.setVisible(can)
        self.links.toolbar.addAction(self.remove_link_action)
        self.rules: RecordsTab[RelayRuleInfo] = RecordsTab(
            ctx,
            rule_columns(),
            lambda s: relay_admin.list_rules(s, actor),
            lambda record: RuleDialog(ctx, record, self.active_offices()),
            can_edit=can,
            add_text=_("Tambah &aturan…"),
            widths=(135, 270, 60, 60, 230, 130, 70),
            count_text=lambda n: ngettext("{n} aturan", "{n} aturan", n).format(n=format_number(n)),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.offices, _("Kantor"))
        self.tabs.addTab(self.links, _("Hubungan"))
        self.tabs.addTab(self.rules, _("Aturan penerusan"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.tabs)

    def active_offices(self) -> list[RelayOfficeInfo]:
        return [o for o in self.offices.model.rows() if o.is_active]

    def refresh(self) -> None:
        for tab in (self.offices, self.links, self.rules):
            tab.refresh()

    def remove_link(self) -> None:
        link = self.links.selected()
        if link is None:
            return
        actor, link_id = self.ctx.actor, link.id

        def remove() -> None:
            operations.write(
                self, self.ctx.db, lambda s: relay_admin.remove_link(s, actor, link_id), lambda _r: self.links.refresh()
            )

        operations.ask(
            self,
            _("Hapus hubungan estafet"),
            _("Hapus hubungan {a} – {b}? Rute baru tidak akan melewatinya lagi.").format(
                a=link.office_a.name, b=link.office_b.name
            ),
            _("&Hapus"),
            remove,
            destructive=True,
        )
