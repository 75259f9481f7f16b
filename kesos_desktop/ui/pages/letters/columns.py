"""Columns of the letter register and of a plan's documents; voided lines are greyed with the reason in the status."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date_short, format_datetime, format_number
from kesos_desktop.core.services.letters_register import IssuedDocumentRow, RegisterEntry
from kesos_desktop.ui.models.table import Column
from kesos_desktop.ui.pages.letters.data import money_text
from kesos_desktop.ui.style import ERROR, MUTED

RIGHT = Qt.AlignmentFlag.AlignRight


def _status(voided: bool, reason: str) -> str:
    return _("Dibatalkan: {reason}").format(reason=reason) if voided else _("Sah")


def register_columns() -> list[Column[RegisterEntry]]:
    def grey(e: RegisterEntry) -> str | None:
        return MUTED if e.voided else None

    def person_tip(e: RegisterEntry) -> str:
        lines = [e.person_name, e.registration_no]
        if e.plan_no:
            lines.append(_("Rencana pemulangan {no}").format(no=e.plan_no))
        return "\n".join(x for x in lines if x)

    def number_tip(e: RegisterEntry) -> str:
        made = _("Dicatat {user}, {when}").format(user=e.created_by, when=format_datetime(e.created_at))
        return "\n".join(x for x in (made, _("Nomor manual dari buku agenda") if e.is_manual else "", e.notes) if x)

    return [
        Column(_("Nomor"), lambda e: e.number, tooltip=number_tip, color=grey),
        Column(_("Tanggal"), lambda e: format_date_short(e.letter_date), sort_key=lambda e: e.letter_date, color=grey),
        Column(_("Jenis"), lambda e: e.kind_label, color=grey),
        Column(_("Hal"), lambda e: e.hal, tooltip=lambda e: e.hal, color=grey),
        Column(_("Kepada / penerima"), lambda e: e.addressee, tooltip=lambda e: e.addressee, color=grey),
        Column(_("Warga binaan"), lambda e: e.person_name, tooltip=person_tip, color=grey),
        Column(_("Jumlah"), lambda e: money_text(e.amount), align=RIGHT, color=grey),
        Column(
            _("Manual"), lambda e: e.is_manual, tooltip=lambda e: _("Nomor dari buku agenda") if e.is_manual else ""
        ),
        Column(
            _("Status"),
            lambda e: _status(e.voided, e.void_reason),
            tooltip=lambda e: _status(e.voided, e.void_reason),
            color=lambda e: ERROR if e.voided else None,
        ),
    ]


def plan_document_columns() -> list[Column[IssuedDocumentRow]]:
    def grey(d: IssuedDocumentRow) -> str | None:
        return MUTED if d.voided_at is not None else None

    return [
        Column(_("Jenis"), lambda d: d.kind_label, color=grey),
        Column(_("Nomor"), lambda d: d.number, tooltip=lambda d: d.title, color=grey),
        Column(_("Tanggal"), lambda d: format_date_short(d.issued_on), sort_key=lambda d: d.issued_on, color=grey),
        Column(_("Leg"), lambda d: format_number(d.leg_seq) if d.leg_seq else "", align=RIGHT, color=grey),
        Column(_("Jumlah"), lambda d: money_text(d.amount), align=RIGHT, color=grey),
        Column(_("Cetak"), lambda d: d.print_count, align=RIGHT, tooltip=lambda d: _("Berapa kali dicetak")),
        Column(_("Oleh"), lambda d: d.issued_by, color=grey),
        Column(
            _("Status"),
            lambda d: _status(d.voided_at is not None, d.void_reason),
            tooltip=lambda d: _status(d.voided_at is not None, d.void_reason),
            color=lambda d: ERROR if d.voided_at is not None else None,
        ),
    ]
