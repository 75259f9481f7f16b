"""Institutions (lembaga: panti, balai/sentra, rumah singgah, LKSA, pesantren), their rooms and beds."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned


class Institution(UuidPk, Timestamps, Versioned, Base):
    __tablename__ = "institution"

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    type_code: Mapped[str] = mapped_column(String(30), ForeignKey("institution_type.code"))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    # pusat / provinsi / kabupaten_kota / lks (owner of the institution)
    owner_kind: Mapped[str] = mapped_column(String(30), default="provinsi")
    is_own: Mapped[bool] = mapped_column(Boolean, default=True)
    is_partner: Mapped[bool] = mapped_column(Boolean, default=False)
    region_code: Mapped[str] = mapped_column(String(13), default="")
    region_name: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    capacity_male: Mapped[int] = mapped_column(Integer, default=0)
    capacity_female: Mapped[int] = mapped_column(Integer, default=0)
    # Overrides the type's default length-of-stay limit when set.
    max_stay_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Legal standing (domain.md §2): yayasan/badan hukum details, registrations and licences with their expiry.
    legal_form: Mapped[str] = mapped_column(String(60), default="")
    npwp: Mapped[str] = mapped_column(String(30), default="")
    deed_no: Mapped[str] = mapped_column(String(100), default="")
    registration_no: Mapped[str] = mapped_column(String(100), default="")  # Tanda Daftar LKS
    registration_expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    licence_no: Mapped[str] = mapped_column(String(100), default="")  # izin operasional LKSA (5 years)
    licence_expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    nsp: Mapped[str] = mapped_column(String(20), default="")  # NSP/NSPP pesantren: 12 digits, no meaning derived
    accreditation_grade: Mapped[str] = mapped_column(String(2), default="")  # A / B / C
    accreditation_certificate_no: Mapped[str] = mapped_column(String(100), default="")
    accreditation_valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The date the certificate was granted (valid-until may be derived from it and the grade).
    accreditation_granted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    mou_no: Mapped[str] = mapped_column(String(100), default="")
    mou_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    mou_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    contact_person: Mapped[str] = mapped_column(String(150), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    # Capacity by age group: children, adults, elderly (0 = not limited separately).
    capacity_children: Mapped[int] = mapped_column(Integer, default=0)
    capacity_elderly: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    rooms: Mapped[list[Room]] = relationship(back_populates="institution", order_by="Room.name")


class Room(UuidPk, Versioned, Base):
    __tablename__ = "room"

    institution_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("institution.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    # L, P or empty for mixed
    sex: Mapped[str] = mapped_column(String(1), default="")
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    institution: Mapped[Institution] = relationship(back_populates="rooms")
    beds: Mapped[list[Bed]] = relationship(back_populates="room", order_by="Bed.label")


class Bed(UuidPk, Versioned, Base):
    __tablename__ = "bed"

    room_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("room.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(30))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    room: Mapped[Room] = relationship(back_populates="beds")
