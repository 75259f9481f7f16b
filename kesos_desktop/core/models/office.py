"""The office (kantor) that runs this database: its identity, kop surat and place name for letters."""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned


class Office(UuidPk, Timestamps, Versioned, Base):
    __tablename__ = "office"

    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(100), default="")
    # Short code used in letter and voucher numbers, e.g. "Dinsos".
    code: Mapped[str] = mapped_column(String(30), default="")
    region_code: Mapped[str] = mapped_column(String(13))
    region_name: Mapped[str] = mapped_column(String(200))
    # Place written before the date on letters ("Jakarta, 17 Agustus 2026").
    place_name: Mapped[str] = mapped_column(String(100), default="")
    letterhead_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(120), default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # Exactly one row is this database's own office; others are partner/relay offices added later.
    is_own: Mapped[bool] = mapped_column(Boolean, default=False)


def new_office_id() -> uuid.UUID:
    return uuid.uuid4()
