"""Children placed with partner pesantren and LKSA (PP 44/2017: a last resort, with a basis and a review date),
and the partner's periodic reports on them."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned


class Placement(UuidPk, Timestamps, Versioned, Base):
    __tablename__ = "placement"
    __table_args__ = (Index("ix_placement_institution_status", "institution_id", "status"),)

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # The case the child was placed from; a child who runs away is linked back to it.
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("rehab_case.id"), nullable=True)
    # The partner pesantren / LKSA (institution.is_partner).
    institution_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("institution.id"))
    agreement_no: Mapped[str] = mapped_column(String(100))
    agreement_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    start_on: Mapped[date] = mapped_column(Date)
    guardian_name: Mapped[str] = mapped_column(String(150))
    guardian_position: Mapped[str] = mapped_column(String(100), default="")
    guardian_phone: Mapped[str] = mapped_column(String(40), default="")
    review_on: Mapped[date] = mapped_column(Date)
    # Why care outside the family (PP 44/2017: family care first, institutional care a last resort).
    legal_basis: Mapped[str] = mapped_column(Text)
    report_every_months: Mapped[int] = mapped_column(Integer, default=3)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    # aktif / berakhir
    status: Mapped[str] = mapped_column(String(10), default="aktif")
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # KELUARGA / LULUS / PINDAH / KABUR
    end_reason: Mapped[str] = mapped_column(String(20), default="")
    end_note: Mapped[str] = mapped_column(Text, default="")
    moved_to_institution_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("institution.id"), nullable=True)
    # A child who ran away and was found again: the new case, and when.
    refound_case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("rehab_case.id"), nullable=True)
    refound_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class PlacementReport(UuidPk, Timestamps, Versioned, Base):
    """The partner's report for one period: school / mondok, health, behaviour, attendance, incidents."""

    __tablename__ = "placement_report"
    __table_args__ = (UniqueConstraint("placement_id", "period_start", name="uq_placement_report_period"),)

    placement_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("placement.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    # sekolah / mondok / sekolah_mondok / tidak_sekolah
    schooling_status: Mapped[str] = mapped_column(String(20))
    school_name: Mapped[str] = mapped_column(String(200), default="")
    grade: Mapped[str] = mapped_column(String(60), default="")
    health: Mapped[str] = mapped_column(Text, default="")
    behaviour: Mapped[str] = mapped_column(Text, default="")
    attendance_pct: Mapped[int | None] = mapped_column(Integer, nullable=True)
    attendance_note: Mapped[str] = mapped_column(Text, default="")
    incidents: Mapped[str] = mapped_column(Text, default="")
    submitted_by: Mapped[str] = mapped_column(String(60))
    submitted_by_name: Mapped[str] = mapped_column(String(150), default="")
