"""The return budget: what was spent by fund source, month and destination province, what remains of each budget
line, and the monthly accountability list (SPJ) as PDF and XLSX.

Spending is what was handed out: issued vouchers (their person's fares and allowances, split over the budget lines
of the legs they pay) and kwitansi that stand on their own. Voided vouchers and kwitansi are not spending. A
kwitansi issued as the receipt of a voucher is that voucher's evidence and is shown with it, never counted twice.
Planned money (approved plans, escorts included) is shown beside it as ``committed`` (``returns_costs``).

No NIK appears in any report or export: persons are named with their registration number.
"""

from __future__ import annotations

import io
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from kesos_desktop.core.documents import spj as spj_doc
from kesos_desktop.core.documents.wording import doc_text
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_rupiah, month_name
from kesos_desktop.core.models import (
    BudgetLine,
    FundSource,
    IssuedDocument,
    IssuedDocumentData,
    Person,
    RelayOffice,
    ReturnLeg,
    ReturnPlan,
    Voucher,
    VoucherLeg,
)
from kesos_desktop.core.reference import regions
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.access import person_visible_clause
from kesos_desktop.core.services.letters_data import letterhead, own_office, role_signatory
from kesos_desktop.core.services.returns_costs import budget_line_label, committed_by_line
from kesos_desktop.core.services.returns_settings import signatory_for

UNASSIGNED = N_("Sumber dana belum dipilih")
RUPIAH_FORMAT = '"Rp"#,##0.00'


@dataclass(frozen=True)
class SpendingItem:
    """One voucher or kwitansi (or the part of a voucher charged to one budget line)."""

    source: str  # voucher / kwitansi
    id: uuid.UUID
    number: str
    issued_on: date
    person_id: uuid.UUID
    person_name: str
    registration_no: str
    plan_id: uuid.UUID
    plan_no: str
    route: str
    destination: str
    destination_area: str  # the kab/kota (or province) of the destination: "Kota Bekasi"
    province_code: str
    province_name: str
    budget_line_id: int | None
    budget_line_label: str
    fund_source_id: int | None
    fund_source_name: str
    amount: int
    fund_short: str = ""  # "APBD 5.1.02.99": fund source code and kode rekening, for narrow columns
    evidence: tuple[str, ...] = ()
    voided: bool = False
    void_reason: str = ""


def _problem(name: str, message: str) -> ValidationError:
    return ValidationError(message, {name: message})


def _province(region_code: str) -> tuple[str, str]:
    code = (region_code or "")[:2]
    region = regions.get_region(code) if code else None
    return code, region.name if region is not None else code


def _area(region_code: str) -> str:
    code = region_code or ""
    region = regions.get_region(code[:5]) if len(code) >= 5 else None
    region = region or (regions.get_region(code[:2]) if code else None)
    return region.name if region is not None else code


def _route(legs: list[ReturnLeg], names: dict[uuid.UUID, str]) -> str:
    if not legs:
        return ""
    stops = [names.get(legs[0].from_office_id, "?")] + [names.get(leg.to_office_id, "?") for leg in legs]
    return " → ".join(stops)


def _person_cost(leg: ReturnLeg) -> int:
    return int(leg.fare_amount) + (int(leg.meal_per_day) + int(leg.pocket_per_day)) * int(leg.days)


def _lines(session: Session, office_id: uuid.UUID) -> dict[int, tuple[BudgetLine, FundSource]]:
    rows = session.execute(
        select(BudgetLine, FundSource)
        .join(FundSource, FundSource.id == BudgetLine.fund_source_id)
        .where(FundSource.office_id == office_id)
    ).all()
    return {line.id: (line, source) for line, source in rows}


def spending_items(
    session: Session,
    actor: Actor,
    date_from: date,
    date_to: date,
    *,
    include_voided: bool = False,
    fund_source_id: int | None = None,
) -> list[SpendingItem]:
    """Vouchers and kwitansi issued between the two dates (inclusive), in date and number order."""
    actor.require("returns.view")
    if date_to < date_from:
        raise _problem("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
    office = own_office(session, actor)
    lines = _lines(session, office.id)
    names = {o.id: o.short_name or o.name for o in session.scalars(select(RelayOffice))}

    vouchers = session.execute(
        select(Voucher, ReturnPlan, Person)
        .join(ReturnPlan, ReturnPlan.id == Voucher.plan_id)
        .join(Person, Person.id == Voucher.person_id)
        .where(
            Voucher.office_id == office.id,
            Voucher.issued_on >= date_from,
            Voucher.issued_on <= date_to,
            person_visible_clause(actor),
        )
    ).all()
    voucher_ids = [v.id for v, _p, _pe in vouchers]
    legs_of: dict[uuid.UUID, list[ReturnLeg]] = defaultdict(list)
    if voucher_ids:
        for voucher_id, leg in session.execute(
            select(VoucherLeg.voucher_id, ReturnLeg)
            .join(ReturnLeg, ReturnLeg.id == VoucherLeg.leg_id)
            .where(VoucherLeg.voucher_id.in_(voucher_ids))
            .order_by(ReturnLeg.seq)
        ):
            legs_of[voucher_id].append(leg)

    kwitansi = session.execute(
        select(IssuedDocument, IssuedDocumentData, ReturnPlan, Person)
        .join(IssuedDocumentData, IssuedDocumentData.document_id == IssuedDocument.id)
        .join(ReturnPlan, ReturnPlan.id == IssuedDocument.plan_id)
        .join(Person, Person.id == ReturnPlan.person_id)
        .where(
            IssuedDocument.office_id == office.id,
            IssuedDocument.kind == "kwitansi",
            person_visible_clause(actor),
            # issued in the period, or the receipt of a voucher issued in it
            or_(
                IssuedDocument.issued_on.between(date_from, date_to),
                IssuedDocumentData.voucher_id.in_(voucher_ids) if voucher_ids else false(),
            ),
        )
    ).all()
    evidence: dict[uuid.UUID, list[str]] = defaultdict(list)
    for document, extra, _plan, _person in kwitansi:
        if extra.voucher_id is not None and document.voided_at is None:
            evidence[extra.voucher_id].append(document.number)
    plan_legs: dict[uuid.UUID, list[ReturnLeg]] = defaultdict(list)
    plan_ids = {plan.id for _d, _e, plan, _pe in kwitansi}
    if plan_ids:
        for leg in session.scalars(select(ReturnLeg).where(ReturnLeg.plan_id.in_(plan_ids)).order_by(ReturnLeg.seq)):
            plan_legs[leg.plan_id].append(leg)

    def item(
        source: str,
        id_: uuid.UUID,
        number: str,
        on: date,
        plan: ReturnPlan,
        person: Person,
        route: str,
        line_id: int | None,
        amount: int,
        evid: tuple[str, ...],
        voided: bool,
        reason: str,
    ) -> SpendingItem:
        code, province = _province(plan.destination_region_code)
        pair = lines.get(line_id) if line_id is not None else None
        return SpendingItem(
            source=source,
            id=id_,
            number=number,
            issued_on=on,
            person_id=person.id,
            person_name=person.full_name or person.alias or person.registration_no,
            registration_no=person.registration_no,
            plan_id=plan.id,
            plan_no=plan.plan_no,
            route=route,
            destination=plan.destination_region_name,
            destination_area=_area(plan.destination_region_code),
            province_code=code,
            province_name=province,
            budget_line_id=pair[0].id if pair else None,
            budget_line_label=budget_line_label(*pair) if pair else _(UNASSIGNED),
            fund_source_id=pair[1].id if pair else None,
            fund_source_name=pair[1].name if pair else _(UNASSIGNED),
            amount=amount,
            fund_short=" ".join(x for x in (pair[1].code, pair[0].code) if x) if pair else "-",
            evidence=evid,
            voided=voided,
            void_reason=reason,
        )

    out: list[SpendingItem] = []
    for voucher, plan, person in vouchers:
        voided = voucher.status == "batal"
        if voided and not include_voided:
            continue
        legs = legs_of[voucher.id]
        parts: dict[int | None, int] = {}
        for leg in legs:
            parts[leg.budget_line_id] = parts.get(leg.budget_line_id, 0) + _person_cost(leg)
        if not parts:
            parts[None] = 0
        # Legs edited after issue: the voucher's own amount is what was handed out; the difference goes to the
        # first line.
        first = next(iter(parts))
        parts[first] += int(voucher.amount) - sum(parts.values())
        route = _route(legs, names)
        for line_id, amount in parts.items():
            if amount == 0 and len(parts) > 1:
                continue
            out.append(
                item(
                    "voucher",
                    voucher.id,
                    voucher.number,
                    voucher.issued_on,
                    plan,
                    person,
                    route,
                    line_id,
                    amount,
                    tuple(evidence.get(voucher.id, ())),
                    voided,
                    voucher.void_reason,
                )
            )
    for document, extra, plan, person in kwitansi:
        if extra.voucher_id is not None:
            continue  # the receipt of a voucher: shown with the voucher
        if not date_from <= document.issued_on <= date_to:
            continue
        voided = document.voided_at is not None
        if voided and not include_voided:
            continue
        legs = [leg for leg in plan_legs[plan.id] if document.leg_id in (None, leg.id)]
        legs = [leg for leg in legs if leg.paid_by_own_office] or legs
        out.append(
            item(
                "kwitansi",
                document.id,
                document.number,
                document.issued_on,
                plan,
                person,
                _route(legs, names),
                extra.budget_line_id,
                int(extra.amount or 0),
                (),
                voided,
                document.void_reason,
            )
        )
    if fund_source_id is not None:
        out = [i for i in out if i.fund_source_id == fund_source_id]
    # By day; vouchers before the kwitansi of the same day, each in number order.
    out.sort(key=lambda i: (i.issued_on, i.source != "voucher", i.number))
    return out


# --------------------------------------------------------------------------------------------------- budget report


@dataclass(frozen=True)
class BudgetLineUsage:
    """A budget line of the year: allocation, spent (issued), remaining, and what approved plans commit."""

    budget_line_id: int
    fund_source_id: int
    fund_source_name: str
    code: str
    name: str
    label: str
    allocation: int
    spent: int
    remaining: int
    committed: int
    is_active: bool

    @property
    def overspent(self) -> bool:
        return self.remaining < 0

    @property
    def overcommitted(self) -> bool:
        return self.allocation - self.committed < 0


@dataclass(frozen=True)
class SpendingCell:
    """Spending of one fund source, in one month, to one destination province."""

    fund_source_id: int | None
    fund_source_name: str
    month: int
    province_code: str
    province_name: str
    amount: int
    count: int


@dataclass(frozen=True)
class Total:
    key: str
    label: str
    amount: int
    count: int


@dataclass(frozen=True)
class BudgetReport:
    year: int
    lines: tuple[BudgetLineUsage, ...]
    cells: tuple[SpendingCell, ...]
    by_fund: tuple[Total, ...]
    by_month: tuple[Total, ...]
    by_province: tuple[Total, ...]
    unassigned: int
    total_allocation: int
    total_spent: int
    total_remaining: int
    warnings: tuple[str, ...]


def _totals(items: list[SpendingItem], key, label) -> tuple[Total, ...]:  # type: ignore[no-untyped-def]
    amounts: dict[str, int] = defaultdict(int)
    counts: dict[str, set[uuid.UUID]] = defaultdict(set)
    labels: dict[str, str] = {}
    for i in items:
        k = key(i)
        amounts[k] += i.amount
        counts[k].add(i.id)
        labels[k] = label(i)
    return tuple(Total(k, labels[k], amounts[k], len(counts[k])) for k in amounts)


def budget_report(session: Session, actor: Actor, year: int) -> BudgetReport:
    """The year's spending by fund source, month and destination province; each line's remainder (warned below
    zero)."""
    actor.require("returns.view")
    if not 2000 <= year <= 2100:
        raise _problem("year", _("Tahun anggaran tidak valid."))
    office = own_office(session, actor)
    items = spending_items(session, actor, date(year, 1, 1), date(year, 12, 31))
    lines = [(line, source) for line, source in _lines(session, office.id).values() if line.year == year]
    lines.sort(key=lambda pair: (pair[1].code, pair[0].code, pair[0].name))
    spent: dict[int | None, int] = defaultdict(int)
    for i in items:
        spent[i.budget_line_id] += i.amount
    committed = committed_by_line(session, {line.id for line, _s in lines})
    usage = tuple(
        BudgetLineUsage(
            budget_line_id=line.id,
            fund_source_id=source.id,
            fund_source_name=source.name,
            code=line.code,
            name=line.name,
            label=budget_line_label(line, source),
            allocation=int(line.amount),
            spent=spent.get(line.id, 0),
            remaining=int(line.amount) - spent.get(line.id, 0),
            committed=committed.get(line.id, 0),
            is_active=line.is_active,
        )
        for line, source in lines
    )
    # Spending charged to a line of another year (a voucher in January on last year's line) counts there.
    year_line_ids = {u.budget_line_id for u in usage}
    warnings: list[str] = []
    for u in usage:
        if u.overspent:
            warnings.append(
                _("Pagu {line} terlampaui: pagu {allocation}, terpakai {spent}, sisa {remaining}.").format(
                    line=u.label,
                    allocation=format_rupiah(u.allocation),
                    spent=format_rupiah(u.spent),
                    remaining=format_rupiah(u.remaining),
                )
            )
        elif u.overcommitted:
            warnings.append(
                _("Rencana yang disetujui pada pagu {line} ({committed}) melebihi pagu {allocation}.").format(
                    line=u.label, committed=format_rupiah(u.committed), allocation=format_rupiah(u.allocation)
                )
            )
    unassigned = spent.get(None, 0)
    if unassigned:
        warnings.append(
            _("Pengeluaran {amount} belum dibebankan ke pagu anggaran.").format(amount=format_rupiah(unassigned))
        )
    other_years = sum(a for k, a in spent.items() if k is not None and k not in year_line_ids)
    if other_years:
        warnings.append(
            _("Pengeluaran {amount} tahun {year} dibebankan ke pagu tahun lain.").format(
                amount=format_rupiah(other_years), year=year
            )
        )
    cells: dict[tuple[int | None, int, str], list[SpendingItem]] = defaultdict(list)
    for i in items:
        cells[(i.fund_source_id, i.issued_on.month, i.province_code)].append(i)
    cell_list = tuple(
        SpendingCell(
            fund_source_id=k[0],
            fund_source_name=group[0].fund_source_name,
            month=k[1],
            province_code=k[2],
            province_name=group[0].province_name,
            amount=sum(i.amount for i in group),
            count=len({i.id for i in group}),
        )
        for k, group in sorted(cells.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1], kv[0][2]))
    )
    by_month_raw = {t.key: t for t in _totals(items, lambda i: str(i.issued_on.month), lambda i: "")}
    by_month = tuple(
        Total(
            str(m),
            month_name(m),
            by_month_raw[str(m)].amount if str(m) in by_month_raw else 0,
            by_month_raw[str(m)].count if str(m) in by_month_raw else 0,
        )
        for m in range(1, 13)
    )
    by_fund = _totals(items, lambda i: str(i.fund_source_id or ""), lambda i: i.fund_source_name)
    by_province = tuple(
        sorted(_totals(items, lambda i: i.province_code, lambda i: i.province_name), key=lambda t: (-t.amount, t.key))
    )
    total_allocation = sum(u.allocation for u in usage)
    total_spent = sum(i.amount for i in items)
    return BudgetReport(
        year=year,
        lines=usage,
        cells=cell_list,
        by_fund=by_fund,
        by_month=by_month,
        by_province=by_province,
        unassigned=unassigned,
        total_allocation=total_allocation,
        total_spent=total_spent,
        total_remaining=total_allocation - sum(u.spent for u in usage),
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------------------------------------- SPJ


@dataclass(frozen=True)
class SpjList:
    year: int
    month: int
    fund_source_id: int | None
    fund_label: str
    items: tuple[SpendingItem, ...]

    @property
    def total(self) -> int:
        return sum(i.amount for i in self.items if not i.voided)

    @property
    def count(self) -> int:
        return len({i.id for i in self.items if not i.voided})


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise _problem("month", _("Bulan tidak valid."))
    if not 2000 <= year <= 2100:
        raise _problem("year", _("Tahun tidak valid."))
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return start, end


def spj_list(
    session: Session,
    actor: Actor,
    year: int,
    month: int,
    *,
    fund_source_id: int | None = None,
    include_voided: bool = False,
) -> SpjList:
    """Every voucher and kwitansi of a month (optionally of one fund source) with its total."""
    start, end = _month_bounds(year, month)
    items = spending_items(session, actor, start, end, include_voided=include_voided, fund_source_id=fund_source_id)
    label = ""
    if fund_source_id is not None:
        source = session.get(FundSource, fund_source_id)
        office = own_office(session, actor)
        if source is None or source.office_id != office.id:
            raise _problem("fund_source_id", _("Pilih sumber dana dari daftar."))
        label = f"{source.code} — {source.name}"
    return SpjList(year, month, fund_source_id, label, tuple(items))


def _kind_text(source: str) -> str:
    return doc_text(N_("Voucher")) if source == "voucher" else doc_text(N_("Kwitansi"))


def spj_pdf(
    session: Session,
    actor: Actor,
    year: int,
    month: int,
    *,
    fund_source_id: int | None = None,
    include_voided: bool = False,
    printed_on: date | None = None,
    activity: str = "",
    invariant: bool = False,
) -> bytes:
    """The SPJ of a month as a landscape PDF with kop, totals in words and the PPTK/bendahara/kepala signatures."""
    data = spj_list(session, actor, year, month, fund_source_id=fund_source_id, include_voided=include_voided)
    office = own_office(session, actor)
    kepala = signatory_for(session, office.id, "spj")
    lines = tuple(
        spj_doc.SpjLine(
            kind=_kind_text(i.source),
            number=i.number,
            issued_on=i.issued_on,
            person_name=i.person_name,
            registration_no=i.registration_no,
            route=i.route or "-",
            destination=i.destination_area,
            fund=i.fund_short,
            amount=i.amount,
            evidence=doc_text(N_("Kwitansi {numbers}")).format(numbers=", ".join(i.evidence)) if i.evidence else "",
            voided=i.voided,
        )
        for i in data.items
    )
    doc = spj_doc.SpjDocument(
        letterhead=letterhead(session, office),
        office_name=office.name,
        place=office.place_name,
        year=year,
        month=month,
        printed_on=printed_on or date.today(),
        lines=lines,
        fund_label=data.fund_label,
        activity=activity,
        pptk=role_signatory(session, office, "pptk", None, "pptk_id"),
        bendahara=role_signatory(session, office, "bendahara", None, "bendahara_id"),
        kepala=kepala.signatory() if kepala is not None else None,
    )
    return spj_doc.render_spj(doc, invariant=invariant)


# --------------------------------------------------------------------------------------------------------- XLSX


def _sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def _sheet_header(ws, titles: list[str]) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append(titles)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _widths(ws, widths: list[int]) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _money(ws, column: int, first_row: int) -> None:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_row=first_row, min_col=column, max_col=column):
        for cell in row:
            cell.number_format = RUPIAH_FORMAT


def _items_sheet(ws, items: tuple[SpendingItem, ...] | list[SpendingItem], *, title: str) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Font

    ws.append([title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    _sheet_header(
        ws,
        [
            _("No"),
            _("Jenis"),
            _("Nomor bukti"),
            _("Tanggal"),
            _("Nama penerima"),
            _("No. registrasi"),
            _("No. rencana"),
            _("Rute"),
            _("Daerah tujuan"),
            _("Provinsi tujuan"),
            _("Sumber dana / pagu"),
            _("Jumlah (Rp)"),
            _("Kwitansi (bukti voucher)"),
            _("Status"),
        ],
    )
    first = ws.max_row + 1
    n = 0
    for i in items:
        if not i.voided:
            n += 1
        ws.append(
            [
                n if not i.voided else None,
                _kind_text(i.source),
                i.number,
                i.issued_on,
                i.person_name,
                i.registration_no,
                i.plan_no,
                i.route,
                i.destination,
                i.province_name,
                i.budget_line_label,
                i.amount,
                ", ".join(i.evidence),
                _("Batal: {reason}").format(reason=i.void_reason) if i.voided else _("Sah"),
            ]
        )
        ws.cell(ws.max_row, 4).number_format = "DD/MM/YYYY"
    # The total as a number (voided rows are marked and left out), readable without recalculation.
    ws.append([None] * 10 + [_("JUMLAH"), sum(i.amount for i in items if not i.voided)])
    total_row = ws.max_row
    ws.cell(total_row, 11).font = Font(bold=True)
    ws.cell(total_row, 12).font = Font(bold=True)
    _money(ws, 12, first)
    _widths(ws, [5, 10, 26, 12, 28, 20, 15, 40, 40, 20, 45, 18, 24, 18])
    ws.freeze_panes = ws.cell(first, 1)


def _workbook_bytes(wb) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def spj_xlsx(
    session: Session,
    actor: Actor,
    year: int,
    month: int,
    *,
    fund_source_id: int | None = None,
    include_voided: bool = False,
) -> bytes:
    """The SPJ of a month as a workbook: amounts as numbers in Rupiah format, dates as dates, no NIK."""
    from openpyxl import Workbook

    data = spj_list(session, actor, year, month, fund_source_id=fund_source_id, include_voided=include_voided)
    wb = Workbook()
    ws = wb.active
    ws.title = "SPJ"
    title = _("SPJ bantuan pemulangan {month} {year}").format(month=month_name(month), year=year)
    if data.fund_label:
        title += f" — {data.fund_label}"
    _items_sheet(ws, data.items, title=title)
    return _workbook_bytes(wb)


def budget_xlsx(session: Session, actor: Actor, year: int) -> bytes:
    """The year's budget report as a workbook: budget lines, by month, by province, by fund and month and
    province, and every item."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    report = budget_report(session, actor, year)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(_("Pagu"))
    ws.append([_("Anggaran pemulangan tahun {year}").format(year=year)])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    _sheet_header(
        ws, [_("Sumber dana"), _("Kode"), _("Pagu"), _("Nilai pagu"), _("Terpakai"), _("Sisa"), _("Direncanakan")]
    )
    first = ws.max_row + 1
    for u in report.lines:
        ws.append([u.fund_source_name, u.code, u.name, u.allocation, u.spent, u.remaining, u.committed])
        if u.overspent:
            ws.cell(ws.max_row, 6).font = Font(bold=True, color="C00000")
    ws.append(
        [
            _("JUMLAH"),
            None,
            None,
            report.total_allocation,
            sum(u.spent for u in report.lines),
            report.total_remaining,
            sum(u.committed for u in report.lines),
        ]
    )
    for col in range(4, 8):
        _money(ws, col, first)
    for w in report.warnings:
        ws.append([w])
    _widths(ws, [36, 14, 45, 18, 18, 18, 18])

    ws = wb.create_sheet(_sheet_title(_("Per bulan")))
    _sheet_header(ws, [_("Bulan"), _("Jumlah bukti"), _("Jumlah (Rp)")])
    for t in report.by_month:
        ws.append([t.label, t.count, t.amount])
    _money(ws, 3, 2)
    _widths(ws, [16, 14, 18])

    ws = wb.create_sheet(_sheet_title(_("Per provinsi")))
    _sheet_header(ws, [_("Kode"), _("Provinsi tujuan"), _("Jumlah bukti"), _("Jumlah (Rp)")])
    for t in report.by_province:
        ws.append([t.key, t.label, t.count, t.amount])
    _money(ws, 4, 2)
    _widths(ws, [8, 30, 14, 18])

    ws = wb.create_sheet(_sheet_title(_("Sumber dana-bulan-provinsi")))
    _sheet_header(ws, [_("Sumber dana"), _("Bulan"), _("Provinsi tujuan"), _("Jumlah bukti"), _("Jumlah (Rp)")])
    for c in report.cells:
        ws.append([c.fund_source_name, month_name(c.month), c.province_name, c.count, c.amount])
    _money(ws, 5, 2)
    _widths(ws, [36, 14, 30, 14, 18])

    ws = wb.create_sheet(_sheet_title(_("Rincian")))
    items = spending_items(session, actor, date(year, 1, 1), date(year, 12, 31))
    _items_sheet(ws, items, title=_("Rincian pengeluaran pemulangan tahun {year}").format(year=year))
    return _workbook_bytes(wb)
