"""What the budget page reads on a worker (the year's report, the years that have budget lines, the fund sources) and
writing an export file whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import return_reports, returns_budget
from kesos_desktop.core.services.return_reports import BudgetReport, SpjList
from kesos_desktop.core.services.returns_budget import FundSourceInfo


@dataclass(frozen=True)
class BudgetView:
    report: BudgetReport
    years: tuple[int, ...]
    fund_sources: tuple[FundSourceInfo, ...]


def load_budget(session: Session, actor: Actor, year: int) -> BudgetView:
    report = return_reports.budget_report(session, actor, year)
    lines = returns_budget.budget_lines(session, actor, include_inactive=True)
    years = sorted({line.year for line in lines} | {year, date.today().year}, reverse=True)
    sources = returns_budget.list_fund_sources(session, actor, include_inactive=True)
    return BudgetView(report, tuple(years), tuple(sources))


@dataclass(frozen=True)
class SpjRequest:
    year: int
    month: int
    fund_source_id: int | None = None
    include_voided: bool = False


@dataclass(frozen=True)
class SpjPreview:
    spj: SpjList
    pdf: bytes


def spj_preview(session: Session, actor: Actor, request: SpjRequest) -> SpjPreview:
    options = {"fund_source_id": request.fund_source_id, "include_voided": request.include_voided}
    spj = return_reports.spj_list(session, actor, request.year, request.month, **options)  # type: ignore[arg-type]
    pdf = return_reports.spj_pdf(session, actor, request.year, request.month, **options)  # type: ignore[arg-type]
    return SpjPreview(spj, pdf)


def spj_xlsx(session: Session, actor: Actor, request: SpjRequest) -> bytes:
    return return_reports.spj_xlsx(
        session,
        actor,
        request.year,
        request.month,
        fund_source_id=request.fund_source_id,
        include_voided=request.include_voided,
    )


def write_file(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` whole or not at all (a temporary file renamed into place)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return path
