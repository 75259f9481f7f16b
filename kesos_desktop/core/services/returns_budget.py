"""Keeping the money tables: fund sources, yearly budget lines (pagu) with what approved plans use, and the fare table.

Reports over this (spending by month and destination province, SPJ lists) build on ``budget_lines`` and the voucher
register; they are not here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import BudgetLine, Fare, FundSource, Office, RelayOffice
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, relay
from kesos_desktop.core.services.common import apply_changes, check_version, commit
from kesos_desktop.core.services.returns_costs import budget_line_label, committed_by_line, whole_rupiah

FUND_KINDS = ("APBD", "APBN", "DEKON", "CSR", "HIBAH", "LAINNYA")
ROUTE_CLASSES = ("", "dalam_provinsi", "antar_provinsi", "antar_pulau")


def _office_id(session: Session, actor: Actor) -> uuid.UUID:
    if actor.office_id is not None:
        return actor.office_id
    office_id = session.scalar(select(Office.id).where(Office.is_own.is_(True)))
    if office_id is None:
        raise ValidationError(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    return office_id


def _fail(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)


# -------------------------------------------------------------------------------------------------- fund sources


@dataclass
class FundSourceInput:
    code: str
    name: str
    kind: str = "APBD"
    is_active: bool = True
    notes: str = ""


@dataclass(frozen=True)
class FundSourceInfo:
    id: int
    code: str
    name: str
    kind: str
    is_active: bool
    notes: str


def _source_info(s: FundSource) -> FundSourceInfo:
    return FundSourceInfo(s.id, s.code, s.name, s.kind, s.is_active, s.notes)


def save_fund_source(
    session: Session, actor: Actor, data: FundSourceInput, source_id: int | None = None
) -> FundSourceInfo:
    actor.require("budget.manage")
    office_id = _office_id(session, actor)
    problems: dict[str, str] = {}
    code = data.code.strip().upper()
    if not code:
        problems["code"] = _("Kode sumber dana wajib diisi, misalnya APBD-2026.")
    if not data.name.strip():
        problems["name"] = _("Nama sumber dana wajib diisi.")
    if data.kind not in FUND_KINDS:
        problems["kind"] = _("Jenis sumber dana tidak dikenal.")
    clash = session.scalar(
        select(FundSource.id).where(
            FundSource.office_id == office_id, FundSource.code == code, FundSource.id != (source_id or -1)
        )
    )
    if clash:
        problems["code"] = _("Kode {code} sudah dipakai.").format(code=code)
    _fail(problems)
    values = {
        "code": code,
        "name": data.name.strip(),
        "kind": data.kind,
        "is_active": data.is_active,
        "notes": data.notes.strip(),
    }
    if source_id is None:
        row = FundSource(office_id=office_id, **values)
        session.add(row)
        session.flush()
        changes = {k: [None, v] for k, v in values.items()}
    else:
        row = session.get(FundSource, source_id)  # type: ignore[assignment]
        if row is None or row.office_id != office_id:
            raise NotFound(_("Sumber dana tidak ditemukan."))
        changes = apply_changes(row, values)
    audit.record(session, actor, "fund_source.saved", "fund_source", row.id, summary=row.name, changes=changes)
    commit(session, _("Sumber dana"))
    return _source_info(row)


def list_fund_sources(session: Session, actor: Actor, *, include_inactive: bool = False) -> list[FundSourceInfo]:
    actor.require("returns.view")
    stmt = select(FundSource).where(FundSource.office_id == _office_id(session, actor))
    if not include_inactive:
        stmt = stmt.where(FundSource.is_active.is_(True))
    return [_source_info(s) for s in session.scalars(stmt.order_by(FundSource.code))]


# ------------------------------------------------------------------------------------------------- budget lines


@dataclass
class BudgetLineInput:
    fund_source_id: int
    year: int
    name: str
    amount: int
    code: str = ""
    is_active: bool = True
    notes: str = ""


@dataclass(frozen=True)
class BudgetLineInfo:
    """A line with its use: ``used`` = costs of approved, departed and completed plans charged to it."""

    id: int
    fund_source_id: int
    fund_source_name: str
    year: int
    code: str
    name: str
    label: str
    amount: int
    used: int
    remaining: int
    is_active: bool
    notes: str
    version_id: int


def _line_infos(session: Session, rows: list[tuple[BudgetLine, FundSource]]) -> list[BudgetLineInfo]:
    used = committed_by_line(session, {line.id for line, _s in rows})
    return [
        BudgetLineInfo(
            line.id,
            source.id,
            source.name,
            line.year,
            line.code,
            line.name,
            budget_line_label(line, source),
            int(line.amount),
            used.get(line.id, 0),
            int(line.amount) - used.get(line.id, 0),
            line.is_active,
            line.notes,
            line.version_id,
        )
        for line, source in rows
    ]


def save_budget_line(
    session: Session, actor: Actor, data: BudgetLineInput, line_id: int | None = None, version_id: int | None = None
) -> BudgetLineInfo:
    actor.require("budget.manage")
    office_id = _office_id(session, actor)
    problems: dict[str, str] = {}
    source = session.get(FundSource, data.fund_source_id)
    if source is None or source.office_id != office_id:
        problems["fund_source_id"] = _("Pilih sumber dana dari daftar.")
    if not 2000 <= data.year <= 2100:
        problems["year"] = _("Tahun anggaran tidak valid.")
    if not data.name.strip():
        problems["name"] = _("Nama pagu anggaran wajib diisi.")
    try:
        amount = whole_rupiah(data.amount, "amount", allow_zero=False)
    except ValidationError as exc:
        problems.update(exc.fields)
        amount = 0
    _fail(problems)
    assert source is not None
    values = {
        "fund_source_id": source.id,
        "year": data.year,
        "code": data.code.strip(),
        "name": data.name.strip(),
        "amount": amount,
        "is_active": data.is_active,
        "notes": data.notes.strip(),
    }
    clash = session.scalar(
        select(BudgetLine.id).where(
            BudgetLine.fund_source_id == source.id,
            BudgetLine.year == data.year,
            BudgetLine.code == values["code"],
            BudgetLine.id != (line_id or -1),
        )
    )
    if clash:
        raise ValidationError(
            _("Pagu dengan kode ini sudah ada untuk tahun {year}.").format(year=data.year),
            {"code": _("Kode sudah dipakai pada tahun ini.")},
        )
    if line_id is None:
        row = BudgetLine(**values)
        session.add(row)
        session.flush()
        changes = {k: [None, v] for k, v in values.items()}
    else:
        row = session.get(BudgetLine, line_id)  # type: ignore[assignment]
        if row is None:
            raise NotFound(_("Pagu anggaran tidak ditemukan."))
        check_version(row, version_id, _("Pagu anggaran"))
        changes = apply_changes(row, values)
    audit.record(session, actor, "budget_line.saved", "budget_line", row.id, summary=row.name, changes=changes)
    commit(session, _("Pagu anggaran"))
    return _line_infos(session, [(row, source)])[0]


def budget_lines(
    session: Session, actor: Actor, *, year: int | None = None, include_inactive: bool = False
) -> list[BudgetLineInfo]:
    """The office's budget lines with what is used and what remains (for the plan wizard and the budget page)."""
    actor.require("returns.view")
    stmt = (
        select(BudgetLine, FundSource)
        .join(FundSource, FundSource.id == BudgetLine.fund_source_id)
        .where(FundSource.office_id == _office_id(session, actor))
    )
    if year is not None:
        stmt = stmt.where(BudgetLine.year == year)
    if not include_inactive:
        stmt = stmt.where(BudgetLine.is_active.is_(True), FundSource.is_active.is_(True))
    stmt = stmt.order_by(BudgetLine.year.desc(), FundSource.code, BudgetLine.code, BudgetLine.name)
    return _line_infos(session, [tuple(r) for r in session.execute(stmt)])  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------------- fare table


@dataclass
class FareInput:
    """A tariff. Set the office pair, or region prefixes (kode wilayah, e.g. "31" → "12.71"), or a route class."""

    amount: int
    mode: str = ""
    carrier: str = ""
    from_office: uuid.UUID | str | None = None
    to_office: uuid.UUID | str | None = None
    from_region_prefix: str = ""
    to_region_prefix: str = ""
    route_class: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    bidirectional: bool = True
    is_active: bool = True
    source_note: str = ""


@dataclass(frozen=True)
class FareInfo:
    id: int
    from_office_id: uuid.UUID | None
    from_office_name: str
    to_office_id: uuid.UUID | None
    to_office_name: str
    from_region_prefix: str
    to_region_prefix: str
    route_class: str
    mode: str
    carrier: str
    amount: int
    valid_from: date | None
    valid_to: date | None
    bidirectional: bool
    is_example: bool
    is_active: bool
    source_note: str
    version_id: int


def _fare_infos(session: Session, fares: list[Fare]) -> list[FareInfo]:
    ids = {f.from_office_id for f in fares} | {f.to_office_id for f in fares}
    ids.discard(None)
    names = {i: n for i, n in session.execute(select(RelayOffice.id, RelayOffice.name).where(RelayOffice.id.in_(ids)))}
    return [
        FareInfo(
            f.id,
            f.from_office_id,
            names.get(f.from_office_id, "") if f.from_office_id else "",
            f.to_office_id,
            names.get(f.to_office_id, "") if f.to_office_id else "",
            f.from_region_prefix,
            f.to_region_prefix,
            f.route_class,
            f.mode,
            f.carrier,
            int(f.amount),
            f.valid_from,
            f.valid_to,
            f.bidirectional,
            f.is_example,
            f.is_active,
            f.source_note,
            f.version_id,
        )
        for f in fares
    ]


def _prefix(text: str, name: str, problems: dict[str, str]) -> str:
    value = text.strip()
    if value and not all(ch.isdigit() or ch == "." for ch in value):
        problems[name] = _("Awalan kode wilayah hanya angka dan titik, misalnya 31 atau 12.71.")
    return value


def save_fare(
    session: Session, actor: Actor, data: FareInput, fare_id: int | None = None, version_id: int | None = None
) -> FareInfo:
    actor.require("budget.manage")
    problems: dict[str, str] = {}
    try:
        amount = whole_rupiah(data.amount, "amount", allow_zero=False)
    except ValidationError as exc:
        problems.update(exc.fields)
        amount = 0
    if data.mode and data.mode not in relay.MODES:
        problems["mode"] = _("Pilih moda perjalanan dari daftar.")
    if data.route_class not in ROUTE_CLASSES:
        problems["route_class"] = _("Golongan rute tidak dikenal.")
    offices: dict[str, uuid.UUID | None] = {"from_office": None, "to_office": None}
    for name in offices:
        key = getattr(data, name)
        if key is None or key == "":
            continue
        try:
            ref = relay.find_office(session, key, name)
            offices[name] = relay.ensure_office(session, ref).id
        except ValidationError as exc:
            problems.update(exc.fields)
    from_prefix = _prefix(data.from_region_prefix, "from_region_prefix", problems)
    to_prefix = _prefix(data.to_region_prefix, "to_region_prefix", problems)
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        problems["valid_to"] = _("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai.")
    if not any([offices["from_office"], offices["to_office"], from_prefix, to_prefix, data.route_class]):
        problems["route"] = _("Isi rute tarif: kantor asal/tujuan, awalan kode wilayah, atau golongan rute.")
    _fail(problems)
    values = {
        "from_office_id": offices["from_office"],
        "to_office_id": offices["to_office"],
        "from_region_prefix": from_prefix,
        "to_region_prefix": to_prefix,
        "route_class": data.route_class,
        "mode": data.mode,
        "carrier": data.carrier.strip(),
        "amount": amount,
        "valid_from": data.valid_from,
        "valid_to": data.valid_to,
        "bidirectional": data.bidirectional,
        "is_active": data.is_active,
        "source_note": data.source_note.strip(),
    }
    if fare_id is None:
        row = Fare(**values)
        session.add(row)
        session.flush()
        changes = {k: [None, v] for k, v in values.items() if v not in (None, "")}
    else:
        row = session.get(Fare, fare_id)  # type: ignore[assignment]
        if row is None:
            raise NotFound(_("Tarif tidak ditemukan."))
        check_version(row, version_id, _("Tarif"))
        changes = apply_changes(row, values)
        if changes:
            row.is_example = False  # an example the admin has confirmed or edited is the office's own now
    audit.record(session, actor, "fare.saved", "fare", row.id, summary=str(amount), changes=changes)
    commit(session, _("Tarif"))
    return _fare_infos(session, [row])[0]


def list_fares(session: Session, actor: Actor, *, include_inactive: bool = True) -> list[FareInfo]:
    actor.require("returns.view")
    stmt = select(Fare)
    if not include_inactive:
        stmt = stmt.where(Fare.is_active.is_(True))
    return _fare_infos(session, list(session.scalars(stmt.order_by(Fare.is_active.desc(), Fare.id))))
