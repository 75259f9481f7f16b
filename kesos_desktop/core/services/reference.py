"""Reading the reference tables as they stand in this database (seeded from resources/data, admin-editable)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import current_language
from kesos_desktop.core.models import Category, ExitReason, InstitutionType, ReferralSource


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    group: str
    cluster: str
    min_age: int | None
    max_age: int | None
    source_regulation: str
    is_active: bool


@dataclass(frozen=True)
class CodeRow:
    """A coded choice (exit reason, referral source, institution type) with its label in the UI language."""

    code: str
    name: str
    is_active: bool
    detail: str = ""


def _label(row: object) -> str:
    return row.name_en if current_language() == "en" else row.name_id  # type: ignore[attr-defined]


def list_categories(session: Session, *, active_only: bool = False) -> list[CategoryRow]:
    stmt = select(Category).order_by(Category.sort_order)
    if active_only:
        stmt = stmt.where(Category.is_active.is_(True))
    return [
        CategoryRow(c.code, _label(c), c.group, c.cluster, c.min_age, c.max_age, c.source_regulation, c.is_active)
        for c in session.scalars(stmt)
    ]


def list_exit_reasons(session: Session, *, active_only: bool = False) -> list[CodeRow]:
    stmt = select(ExitReason).order_by(ExitReason.sort_order)
    if active_only:
        stmt = stmt.where(ExitReason.is_active.is_(True))
    return [CodeRow(r.code, _label(r), r.is_active, r.source_regulation) for r in session.scalars(stmt)]


@dataclass(frozen=True)
class ExitReasonRow:
    """An exit reason with the flags that decide which fields an exit form asks for."""

    code: str
    name: str
    requires_destination: bool
    requires_target_institution: bool
    requires_text: bool


def list_exit_reason_rules(session: Session) -> list[ExitReasonRow]:
    """Active exit reasons as stored in this database (admin-editable), with their field flags."""
    stmt = select(ExitReason).where(ExitReason.is_active.is_(True)).order_by(ExitReason.sort_order)
    return [
        ExitReasonRow(
            r.code,
            _label(r),
            bool(r.requires_destination),
            bool(r.requires_target_institution),
            bool(r.requires_text),
        )
        for r in session.scalars(stmt)
    ]


def list_referral_sources(session: Session, *, active_only: bool = False) -> list[CodeRow]:
    stmt = select(ReferralSource).order_by(ReferralSource.sort_order)
    if active_only:
        stmt = stmt.where(ReferralSource.is_active.is_(True))
    return [CodeRow(r.code, _label(r), r.is_active) for r in session.scalars(stmt)]


def list_institution_types(session: Session, *, active_only: bool = False) -> list[CodeRow]:
    stmt = select(InstitutionType).order_by(InstitutionType.sort_order)
    if active_only:
        stmt = stmt.where(InstitutionType.is_active.is_(True))
    return [CodeRow(t.code, _label(t), t.is_active, str(t.default_max_stay_days or "")) for t in session.scalars(stmt)]
