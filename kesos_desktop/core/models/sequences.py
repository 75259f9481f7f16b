"""Per-office number sequences (registration, voucher, letter numbers) that never repeat."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base


class NumberSequence(Base):
    __tablename__ = "number_sequence"

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    # 0 for sequences that never reset; otherwise the year they count in.
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
