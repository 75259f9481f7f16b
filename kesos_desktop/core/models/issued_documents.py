"""What a letter, berita acara, surat jalan or kwitansi was printed from, and the money a kwitansi records.

``issued_document`` (models/returns.py) keeps the number, the stored PDF and who issued it. This table adds, for the
documents of ``services/letters``: the builder's input as JSON (``content``) so a "SALINAN" prints exactly what the
original printed even after the kop, the signatory or the plan changed; and for a kwitansi the amount, the budget line
it is charged to and, when it is the receipt of a voucher's assistance, that voucher (then the voucher carries the
money in the budget reports and the kwitansi is its evidence, never counted twice).
"""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base


class IssuedDocumentData(Base):
    """The printed content of one issued document and, for a kwitansi, its amount and fund."""

    __tablename__ = "issued_document_data"

    document_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("issued_document.id", ondelete="CASCADE"), primary_key=True
    )
    # Whole rupiah; set for a kwitansi only.
    amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    budget_line_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("budget_line.id"), nullable=True, index=True)
    # A kwitansi that is the receipt of this voucher's assistance (evidence, not extra spending).
    voucher_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("voucher.id"), nullable=True, index=True)
    # The document builder's input (documents/snapshot.py); ``content_version`` names its layout.
    content: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    content_version: Mapped[int] = mapped_column(Integer, default=1)
