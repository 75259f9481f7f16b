"""Columns of the plan window's tables: the saved legs, the budget check, the plan's events and its vouchers."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_date, format_date_short, format_datetime, format_number
from kesos_desktop.core.services.returns_views import LEG_HANDED_OVER, LegInfo, PlanEventInfo, status_label
from kesos_desktop.core.services.vouchers import ACTIVE, VOIDED, VoucherInfo
from kesos_desktop.ui.models.table import Column
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.style import ERROR, MUTED

RIGHT = Qt.AlignmentFlag.AlignRight
GREEN = "#2e7d32"
STATUS_COLORS = {"draft": "#6b7785", "disetujui": "#1d5fa8", "berangkat": "#b26a00", "tiba": GREEN, "batal": ERROR}
_ACTIONS = {
    "dibuat": N_("Dibuat"),
    "disetujui": N_("Disetujui"),
    "anggaran_dilampaui": N_("Disetujui melampaui anggaran"),
    "dikembalikan_ke_draf": N_("Dikembalikan ke draf"),
    "berangkat": N_("Berangkat"),
    "diserahterimakan": N_("Diserahterimakan"),
    "tiba": N_("Tiba / dikonfirmasi"),
    "batal": N_("Dibatalkan"),
}


def action_label(action: str) -> str:
    return _(_ACTIONS[action]) if action in _ACTIONS else action


def leg_columns() -> list[Column[LegInfo]]:
    def muted(leg: LegInfo) -> str | None:
        return None if leg.paid_by_own_office else MUTED

    def shown(leg: LegInfo, amount: int) -> str:
        return money_text(amount) if leg.paid_by_own_office or amount else "—"

    def money(title: str, get):  # type: ignore[no-untyped-def]
        return Column(
            title,
            lambda leg: shown(leg, get(leg)),
            sort_key=get,
            align=RIGHT,
            color=muted,
            tooltip=lambda leg: "" if leg.paid_by_own_office else _("Dibiayai kantor pengirim leg ini."),
        )

    def fare_tip(leg: LegInfo) -> str:
        if leg.fare_override_reason:
            return _("Tarif diisi manual: {reason}").format(reason=leg.fare_override_reason)
        return _("Dari tabel tarif") if leg.fare_id is not None else ""

    def mode(leg: LegInfo) -> str:
        return f"{leg.mode_label} · {leg.carrier}" if leg.carrier else leg.mode_label

    def receiver(leg: LegInfo) -> str:
        if leg.status != LEG_HANDED_OVER:
            return ""
        return _("{name}, {day}").format(name=leg.receiving_officer_name, day=format_date(leg.handed_over_on))

    return [
        Column(_("No"), lambda leg: leg.seq, align=RIGHT, tooltip=lambda leg: leg.reason),
        Column(_("Dari"), lambda leg: leg.from_office.short_name, tooltip=lambda leg: leg.from_office.name),
        Column(_("Ke"), lambda leg: leg.to_office.short_name, tooltip=lambda leg: leg.to_office.name),
        Column(_("Moda"), mode),
        Column(_("Tanggal"), lambda leg: format_date_short(leg.travel_date) if leg.travel_date else "—"),
        Column(_("Tarif"), lambda leg: shown(leg, leg.fare_amount), align=RIGHT, tooltip=fare_tip, color=muted),
        Column(_("Hari"), lambda leg: leg.days, align=RIGHT),
        money(_("Makan + saku"), lambda leg: leg.costs.meals + leg.costs.pocket),
        money(_("Pendamping"), lambda leg: leg.costs.escorts),
        money(_("Jumlah"), lambda leg: leg.total),
        Column(
            _("Status"),
            lambda leg: leg.status_label,
            color=lambda leg: GREEN if leg.status == LEG_HANDED_OVER else None,
        ),
        Column(_("Penerima"), receiver, tooltip=lambda leg: leg.receiving_officer_jabatan),
    ]


def event_columns() -> list[Column[PlanEventInfo]]:
    return [
        Column(_("Waktu"), lambda e: format_datetime(e.at), sort_key=lambda e: e.at),
        Column(_("Tindakan"), lambda e: action_label(e.action)),
        Column(_("Oleh"), lambda e: e.username),
        Column(_("Status"), lambda e: status_label(e.to_status)),
        Column(_("Keterangan"), lambda e: e.reason, tooltip=lambda e: e.reason),
    ]


def voucher_color(v: VoucherInfo) -> str | None:
    if v.status == VOIDED:
        return ERROR
    return GREEN if v.status == ACTIVE else MUTED


def voucher_columns(*, with_person: bool = True) -> list[Column[VoucherInfo]]:
    """Register columns; in a plan's own window the person, plan and destination are known already."""
    columns = [
        Column(_("Nomor"), lambda v: v.number, sort_key=lambda v: (v.year, v.seq)),
        Column(_("Terbit"), lambda v: format_date_short(v.issued_on), sort_key=lambda v: v.issued_on),
    ]
    if with_person:
        columns += [
            Column(_("Nama"), lambda v: v.person_name),
            Column(_("No. registrasi"), lambda v: v.registration_no),
        ]
    columns += [
        Column(_("Jumlah"), lambda v: money_text(v.amount), sort_key=lambda v: v.amount, align=RIGHT),
        Column(_("Berlaku s.d."), lambda v: format_date_short(v.valid_until), sort_key=lambda v: v.valid_until),
        Column(
            _("Status"),
            lambda v: v.status_label,
            color=voucher_color,
            tooltip=lambda v: v.void_reason if v.status == VOIDED else "",
        ),
        Column(_("Cetak"), lambda v: format_number(v.print_count), sort_key=lambda v: v.print_count, align=RIGHT),
    ]
    if with_person:
        columns += [
            Column(_("Rencana"), lambda v: v.plan_no),
            Column(_("Tujuan"), lambda v: v.destination_region_name, tooltip=lambda v: v.destination_region_name),
        ]
    return columns
