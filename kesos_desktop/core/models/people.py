"""Persons in care (warga binaan / penerima manfaat), with partial identity, and their categories."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned, utcnow


class Person(UuidPk, Timestamps, Versioned, Base):
    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("office_id", "registration_no", name="uq_person_office_registration_no"),
        Index("ix_person_full_name", "full_name"),
        Index("ix_person_birth_date", "birth_date"),
        Index(
            "ix_person_list_name",
            "name_key",
            "full_name",
            "id",
            sqlite_where=text("merged_into_id IS NULL"),
            postgresql_where=text("merged_into_id IS NULL"),
        ),
    )

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    registration_no: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    alias: Mapped[str] = mapped_column(String(120), default="")
    # True when the name is a placeholder ("Tanpa Nama 2026-0012") because it is not known yet.
    name_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    sex: Mapped[str] = mapped_column(String(1))  # L / P
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # exact / month / year / estimated: how much of birth_date is known.
    birth_date_precision: Mapped[str] = mapped_column(String(10), default="exact")
    birth_place: Mapped[str] = mapped_column(String(120), default="")
    # NIK and No. KK are 16-character text, never numbers.
    nik: Mapped[str | None] = mapped_column(String(16), unique=True, nullable=True)
    nik_absent_reason: Mapped[str] = mapped_column(String(200), default="")
    no_kk: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    religion: Mapped[str] = mapped_column(String(30), default="")
    education: Mapped[str] = mapped_column(String(30), default="")
    marital_status: Mapped[str] = mapped_column(String(30), default="")
    origin_region_code: Mapped[str] = mapped_column(String(13), default="")
    origin_region_name: Mapped[str] = mapped_column(String(300), default="")
    origin_address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    health_notes: Mapped[str] = mapped_column(Text, default="")
    disability_notes: Mapped[str] = mapped_column(Text, default="")
    # Name folded for search and duplicate matching (Indonesian spelling variants, titles removed).
    name_key: Mapped[str] = mapped_column(String(250), default="", index=True)
    # Kept up to date by the stay services so the 100,000-row list filters and sorts in SQL on indexed columns.
    in_care: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    current_institution_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("institution.id"), nullable=True, index=True
    )
    last_admitted_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    last_exited_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    stay_count: Mapped[int] = mapped_column(Integer, default=0)
    # Set when this record was merged into another; merged records are hidden from lists.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("person.id"), nullable=True)


class PersonCategory(Base):
    """Person ↔ category over time (a child turning 18 moves from AJ to GEL)."""

    __tablename__ = "person_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    category_code: Mapped[str] = mapped_column(String(30), ForeignKey("category.code"), index=True)
    since: Mapped[date | None] = mapped_column(Date, nullable=True)
    until: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class PersonPhoto(Base):
    """The person's photo, kept apart from the person row so lists never load images."""

    __tablename__ = "person_photo"

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    image: Mapped[bytes] = mapped_column(LargeBinary)
    mime: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    sha256: Mapped[str] = mapped_column(String(64))
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)


class FamilyContact(Base):
    __tablename__ = "family_contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    relation: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(String(13), default="")
    region_name: Mapped[str] = mapped_column(String(300), default="")
    is_guardian: Mapped[bool] = mapped_column(Boolean, default=False)


class Consent(Base):
    """The legal basis for processing this person's data (UU PDP Pasal 20, 25): consent, or another basis."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # persetujuan_sendiri / persetujuan_wali / kewajiban_hukum / tugas_publik / kepentingan_vital
    basis: Mapped[str] = mapped_column(String(40))
    given_by: Mapped[str] = mapped_column(String(150), default="")
    relation: Mapped[str] = mapped_column(String(60), default="")
    given_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("person_document.id"), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
