"""Reference tables seeded from resources/data and editable by an admin: categories, exit reasons, sources, types."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base


class Category(Base):
    """A PMKS/PPKS category or a field category (OT, ODGJ...), with its age rule and source regulation."""

    __tablename__ = "category"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(60))
    cluster: Mapped[str] = mapped_column(String(60))
    min_age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    max_age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active_from: Mapped[date | None] = mapped_column(nullable=True)
    active_to: Mapped[date | None] = mapped_column(nullable=True)
    source_regulation: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ExitReason(Base):
    __tablename__ = "exit_reason"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    requires_destination: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_target_institution: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_text: Mapped[bool] = mapped_column(Boolean, default=False)
    source_regulation: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ReferralSource(Base):
    __tablename__ = "referral_source"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class InstitutionType(Base):
    __tablename__ = "institution_type"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    serves: Mapped[str] = mapped_column(Text, default="")
    # Length-of-stay limit in days (rumah singgah 7, PSBI 21); None when the type has none.
    default_max_stay_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
