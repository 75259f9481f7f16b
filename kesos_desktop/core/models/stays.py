"""Stays: one admission episode of a person at an institution, from admission to exit."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned


class Stay(UuidPk, Timestamps, Versioned, Base):
    __tablename__ = "stay"
    __table_args__ = (
        Index("ix_stay_person", "person_id", "admitted_on"),
        Index("ix_stay_institution_open", "institution_id", "exited_on"),
        # The database itself guarantees one open stay per person and no double-booked bed.
        Index(
            "uq_stay_open_person",
            "person_id",
            unique=True,
            sqlite_where=text("exited_on IS NULL"),
            postgresql_where=text("exited_on IS NULL"),
        ),
        Index(
            "uq_stay_open_bed",
            "bed_id",
            unique=True,
            sqlite_where=text("exited_on IS NULL AND bed_id IS NOT NULL"),
            postgresql_where=text("exited_on IS NULL AND bed_id IS NOT NULL"),
        ),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"))
    institution_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("institution.id"))
    room_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("room.id"), nullable=True)
    bed_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("bed.id"), nullable=True)
    admitted_on: Mapped[date] = mapped_column(Date)
    referral_source_code: Mapped[str | None] = mapped_column(
        String(30), ForeignKey("referral_source.code"), nullable=True
    )
    referral_letter_no: Mapped[str] = mapped_column(String(100), default="")
    referral_letter_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    is_readmission: Mapped[bool] = mapped_column(Boolean, default=False)
    # A transfer closes one stay and opens a linked one.
    previous_stay_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("stay.id"), nullable=True)
    exited_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    exit_reason_code: Mapped[str | None] = mapped_column(String(30), ForeignKey("exit_reason.code"), nullable=True)
    exit_destination: Mapped[str] = mapped_column(Text, default="")
    exit_note: Mapped[str] = mapped_column(Text, default="")
    # DIRUJUK / transfer: where the person went.
    exit_target_institution_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("institution.id"), nullable=True
    )
    # Admitting past a full room needs pimpinan; who allowed it and why is kept on the stay.
    capacity_override_by: Mapped[str] = mapped_column(String(60), default="")
    capacity_override_reason: Mapped[str] = mapped_column(Text, default="")


class Belonging(Base):
    """Belongings recorded at intake (barang bawaan), returned at exit."""

    __tablename__ = "belonging"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stay_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("stay.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    stored_where: Mapped[str] = mapped_column(String(120), default="")
    returned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
