"""The legs of a plan as the wizard edits them (``LegRow``), their table model, and the escorts table model.

A leg the own office sends is paid from this office's budget: it needs a fare (from the fare table, or typed with a
reason) and a fund source. Legs other offices send show their costs muted; those offices pay them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date_short, format_number
from kesos_desktop.core.services import relay
from kesos_desktop.core.services.relay import OfficeRef
from kesos_desktop.core.services.returns import NO_FARE_MODES, EscortInput, LegInput
from kesos_desktop.core.services.returns_budget import BudgetLineInfo
from kesos_desktop.core.services.returns_costs import FareMatch, escort_cost, leg_costs
from kesos_desktop.core.services.returns_views import LegInfo
from kesos_desktop.ui.pages.returns.edit_table import (
    CHOICE,
    DATE,
    DAYS,
    MONEY,
    RIGHT,
    TEXT,
    EditableRowsModel,
    Field,
)
from kesos_desktop.ui.pages.returns.money import money_text
from kesos_desktop.ui.style import ERROR, MUTED


@dataclass(eq=False)
class LegRow:
    """One leg being planned. ``fare_amount`` None: the fare table's amount (``table_fare``) is used."""

    from_office: OfficeRef | None
    to_office: OfficeRef | None
    mode: str
    carrier: str = ""
    travel_date: date | None = None
    fare_amount: int | None = None
    fare_override_reason: str = ""
    days: int = 1
    meal_per_day: int = 0
    pocket_per_day: int = 0
    budget_line_id: int | None = None
    escorts: list[EscortInput] = field(default_factory=list)
    reason: str = ""
    notes: str = ""
    table_fare: FareMatch | None = None
    looked_up: bool = False

    @classmethod
    def from_proposal(cls, leg: relay.ProposedLeg) -> LegRow:
        return cls(leg.from_office, leg.to_office, leg.mode_hint, reason=leg.reason)

    @classmethod
    def from_info(cls, leg: LegInfo) -> LegRow:
        """A saved leg; a fare that came from the table is taken from the table again."""
        from_table = leg.fare_id is not None
        return cls(
            leg.from_office,
            leg.to_office,
            leg.mode,
            carrier=leg.carrier,
            travel_date=leg.travel_date,
            fare_amount=None if from_table else leg.fare_amount,
            fare_override_reason=leg.fare_override_reason,
            days=leg.days,
            meal_per_day=leg.meal_per_day,
            pocket_per_day=leg.pocket_per_day,
            budget_line_id=leg.budget_line_id,
            escorts=[
                EscortInput(e.name, e.nip, e.jabatan, e.fare_amount, e.days, e.meal_per_day, e.pocket_per_day, e.notes)
                for e in leg.escorts
            ],
            reason=leg.reason,
            notes=leg.notes,
        )

    def to_input(self) -> LegInput:
        return LegInput(
            from_office=self.from_office.key if self.from_office else "",
            to_office=self.to_office.key if self.to_office else "",
            mode=self.mode,
            carrier=self.carrier,
            travel_date=self.travel_date,
            fare_amount=self.fare_amount,
            fare_override_reason=self.fare_override_reason,
            days=self.days,
            meal_per_day=self.meal_per_day,
            pocket_per_day=self.pocket_per_day,
            budget_line_id=self.budget_line_id,
            escorts=[copy.copy(e) for e in self.escorts],
            reason=self.reason,
            notes=self.notes,
        )

    def fare(self) -> int:
        if self.fare_amount is not None:
            return self.fare_amount
        return self.table_fare.amount if self.table_fare is not None else 0

    def total(self) -> int:
        leg = SimpleNamespace(
            fare_amount=self.fare(), meal_per_day=self.meal_per_day, pocket_per_day=self.pocket_per_day, days=self.days
        )
        return leg_costs(leg, self.escorts).total  # type: ignore[arg-type]

    def escorts_total(self) -> int:
        return sum(escort_cost(e) for e in self.escorts)  # type: ignore[arg-type]


def office_label(office: OfficeRef | None) -> str:
    return office.short_name if office is not None else _("— pilih —")


class LegsModel(EditableRowsModel[LegRow]):
    """The legs table of the wizard. ``own_code``: this office's relay office (its legs are paid here)."""

    def __init__(self, parent: Any = None) -> None:
        self.own_code = ""
        self.offices: list[OfficeRef] = []
        self.lines: list[BudgetLineInfo] = []
        super().__init__(self._fields(), parent=parent)
        self.row_tooltip = lambda leg: leg.reason

    def set_choices(self, own: OfficeRef, offices: list[OfficeRef], lines: list[BudgetLineInfo]) -> None:
        self.own_code = own.code
        self.offices = sorted(offices, key=lambda o: (o.region_code, o.code))
        self.lines = list(lines)
        self.refresh_all()

    def paid_here(self, leg: LegRow) -> bool:
        return leg.from_office is not None and leg.from_office.code == self.own_code

    def needs_fare(self, leg: LegRow) -> bool:
        return self.paid_here(leg) and leg.mode not in NO_FARE_MODES

    def add_office(self, office: OfficeRef) -> None:
        if all(o.code != office.code for o in self.offices):
            self.offices.append(office)
            self.offices.sort(key=lambda o: (o.region_code, o.code))

    # --- fields -----------------------------------------------------------------------------------------------
    def _office_choices(self, _leg: LegRow) -> list[tuple[object, str]]:
        return [(o.code, f"{o.short_name} ({o.region_code})") for o in self.offices]

    def _set_office(self, name: str) -> Any:
        def setter(leg: LegRow, code: object) -> None:
            found = next((o for o in self.offices if o.code == code), None)
            if found is not None:
                setattr(leg, name, found)
                leg.looked_up = False

        return setter

    def _line_choices(self, _leg: LegRow) -> list[tuple[object, str]]:
        items: list[tuple[object, str]] = [(None, _("— belum dipilih —"))]
        for line in self.lines:
            items.append(
                (
                    line.id,
                    _("{label} — sisa {remaining}").format(label=line.label, remaining=money_text(line.remaining)),
                )
            )
        return items

    def _line_label(self, leg: LegRow) -> str:
        if not self.paid_here(leg):
            return _("kantor pengirim")
        line = next((x for x in self.lines if x.id == leg.budget_line_id), None)
        if line is None:
            return _("— pilih —") if leg.budget_line_id is None else str(leg.budget_line_id)
        return f"{line.fund_source_name} — {line.name}"

    def _fare_text(self, leg: LegRow) -> str:
        if leg.fare_amount is not None:
            return money_text(leg.fare_amount)
        if leg.table_fare is not None:
            return money_text(leg.table_fare.amount)
        if self.needs_fare(leg):
            return _("belum ada di tabel tarif") if leg.looked_up else _("mencari tarif…")
        return "—"

    def _fare_tooltip(self, leg: LegRow) -> str:
        table = leg.table_fare
        if leg.fare_amount is not None and table is not None and leg.fare_amount != table.amount:
            return _("Diisi manual; tabel tarif: {amount} ({what})").format(
                amount=money_text(table.amount), what=table.description
            )
        if leg.fare_amount is None and table is not None:
            return _("Dari tabel tarif: {what}").format(what=table.description)
        if not self.paid_here(leg):
            return _("Leg ini dibiayai kantor pengirimnya, bukan kantor ini.")
        return _("Ketik tarifnya; tarif di luar tabel tarif perlu alasan.")

    def _fare_color(self, leg: LegRow) -> str | None:
        if not self.paid_here(leg):
            return MUTED
        if leg.fare_amount is None and leg.table_fare is None and self.needs_fare(leg) and leg.looked_up:
            return ERROR
        return None

    def _money(self, leg: LegRow, amount: int) -> str:
        """Amounts of legs other offices send and pay show as "—" while nothing is planned for them here."""
        return "—" if amount == 0 and not self.paid_here(leg) else money_text(amount)

    def _money_color(self, leg: LegRow) -> str | None:
        return None if self.paid_here(leg) else MUTED

    def _escorts_text(self, leg: LegRow) -> str:
        if not leg.escorts:
            return "—"
        count = ngettext("{n} orang", "{n} orang", len(leg.escorts)).format(n=format_number(len(leg.escorts)))
        return f"{count}, {money_text(leg.escorts_total())}"

    def _fields(self) -> list[Field[LegRow]]:
        def put(name: str) -> Any:
            def setter(leg: LegRow, value: object) -> None:
                setattr(leg, name, value)
                if name in ("mode", "travel_date"):
                    leg.looked_up = False

            return setter

        def put_amount(name: str) -> Any:
            return lambda leg, value: setattr(leg, name, 0 if value is None else int(value))

        return [
            Field(
                "from_office",
                _("Dari"),
                lambda leg: office_label(leg.from_office),
                CHOICE,
                get=lambda leg: leg.from_office.code if leg.from_office else None,
                set=self._set_office("from_office"),
                choices=self._office_choices,
                tooltip=lambda leg: leg.from_office.name if leg.from_office else "",
            ),
            Field(
                "to_office",
                _("Ke"),
                lambda leg: office_label(leg.to_office),
                CHOICE,
                get=lambda leg: leg.to_office.code if leg.to_office else None,
                set=self._set_office("to_office"),
                choices=self._office_choices,
                tooltip=lambda leg: leg.to_office.name if leg.to_office else "",
            ),
            Field(
                "mode",
                _("Moda"),
                lambda leg: relay.mode_label(leg.mode),
                CHOICE,
                get=lambda leg: leg.mode,
                set=put("mode"),
                choices=lambda _leg: [(m, relay.mode_label(m)) for m in relay.MODES],
            ),
            Field(
                "travel_date",
                _("Tanggal"),
                lambda leg: format_date_short(leg.travel_date) if leg.travel_date else "—",
                DATE,
                get=lambda leg: leg.travel_date,
                set=put("travel_date"),
            ),
            Field(
                "fare_amount",
                _("Tarif"),
                self._fare_text,
                MONEY,
                get=lambda leg: leg.fare_amount,
                set=put("fare_amount"),
                align=RIGHT,
                tooltip=self._fare_tooltip,
                color=self._fare_color,
            ),
            Field(
                "fare_override_reason",
                _("Alasan tarif"),
                lambda leg: leg.fare_override_reason,
                TEXT,
                get=lambda leg: leg.fare_override_reason,
                set=put("fare_override_reason"),
                tooltip=lambda _leg: _("Wajib bila tarif diisi manual atau berbeda dari tabel tarif."),
            ),
            Field(
                "days",
                _("Hari"),
                lambda leg: format_number(leg.days),
                DAYS,
                get=lambda leg: leg.days,
                set=put("days"),
                align=RIGHT,
            ),
            Field(
                "meal_per_day",
                _("Makan/hari"),
                lambda leg: self._money(leg, leg.meal_per_day),
                MONEY,
                get=lambda leg: leg.meal_per_day,
                set=put_amount("meal_per_day"),
                align=RIGHT,
                color=self._money_color,
            ),
            Field(
                "pocket_per_day",
                _("Saku/hari"),
                lambda leg: self._money(leg, leg.pocket_per_day),
                MONEY,
                get=lambda leg: leg.pocket_per_day,
                set=put_amount("pocket_per_day"),
                align=RIGHT,
                color=self._money_color,
            ),
            Field(
                "escorts",
                _("Pendamping"),
                self._escorts_text,
                tooltip=lambda _leg: _("Klik dua kali atau tekan Pendamping… untuk mengubah."),
                color=self._money_color,
            ),
            Field(
                "total",
                _("Jumlah"),
                lambda leg: self._money(leg, leg.total()),
                align=RIGHT,
                color=self._money_color,
                tooltip=lambda leg: "" if self.paid_here(leg) else _("Dibiayai kantor pengirim leg ini."),
            ),
            Field(
                "budget_line_id",
                _("Sumber dana"),
                self._line_label,
                CHOICE,
                get=lambda leg: leg.budget_line_id,
                set=put("budget_line_id"),
                choices=self._line_choices,
                editable=self.paid_here,
                color=self._money_color,
            ),
            Field(
                "carrier", _("Operator"), lambda leg: leg.carrier, TEXT, get=lambda leg: leg.carrier, set=put("carrier")
            ),
        ]


def escort_fields() -> list[Field[EscortInput]]:
    def put(name: str) -> Any:
        return lambda escort, value: setattr(escort, name, value)

    def put_amount(name: str) -> Any:
        return lambda escort, value: setattr(escort, name, 0 if value is None else int(value))

    return [
        Field("name", _("Nama"), lambda e: e.name, TEXT, get=lambda e: e.name, set=put("name")),
        Field("nip", _("NIP"), lambda e: e.nip, TEXT, get=lambda e: e.nip, set=put("nip")),
        Field("jabatan", _("Jabatan"), lambda e: e.jabatan, TEXT, get=lambda e: e.jabatan, set=put("jabatan")),
        Field(
            "fare_amount",
            _("Tarif"),
            lambda e: money_text(e.fare_amount),
            MONEY,
            get=lambda e: e.fare_amount,
            set=put_amount("fare_amount"),
            align=RIGHT,
        ),
        Field(
            "days", _("Hari"), lambda e: format_number(e.days), DAYS, get=lambda e: e.days, set=put("days"), align=RIGHT
        ),
        Field(
            "meal_per_day",
            _("Uang makan/hari"),
            lambda e: money_text(e.meal_per_day),
            MONEY,
            get=lambda e: e.meal_per_day,
            set=put_amount("meal_per_day"),
            align=RIGHT,
        ),
        Field(
            "pocket_per_day",
            _("Uang saku/hari"),
            lambda e: money_text(e.pocket_per_day),
            MONEY,
            get=lambda e: e.pocket_per_day,
            set=put_amount("pocket_per_day"),
            align=RIGHT,
        ),
        Field("total", _("Jumlah"), lambda e: money_text(escort_cost(e)), align=RIGHT),  # type: ignore[arg-type]
    ]


class EscortsModel(EditableRowsModel[EscortInput]):
    def __init__(self, escorts: list[EscortInput], parent: Any = None) -> None:
        super().__init__(escort_fields(), [copy.copy(e) for e in escorts], parent)
