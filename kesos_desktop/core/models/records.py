"""A person's file: attached documents (scans, issued letters), timeline events, merges, and form drafts."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base, UuidPk, utcnow


class DocumentBlob(Base):
    """File contents by SHA-256, stored once however often they are attached (in the DB, so every PC sees them)."""

    __tablename__ = "document_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)


class PersonDocument(UuidPk, Base):
    __tablename__ = "person_document"

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # KTP, KK, AKTA, SURAT_RUJUKAN, SURAT_KETERANGAN, PERSETUJUAN, FOTO, LAINNYA; issued documents use their own kinds.
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("document_blob.sha256"))
    size: Mapped[int] = mapped_column(Integer)
    document_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by: Mapped[str] = mapped_column(String(60), default="")


class PersonEvent(Base):
    """One line of the Riwayat timeline: stays, transfers, exits, readmissions, merges (later issues add more)."""

    __tablename__ = "person_event"
    __table_args__ = (Index("ix_person_event_person_at", "person_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"))
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    ref_entity: Mapped[str] = mapped_column(String(40), default="")
    ref_id: Mapped[str] = mapped_column(String(60), default="")
    recorded_by: Mapped[str] = mapped_column(String(60), default="")


class PersonMerge(UuidPk, Base):
    """A merge of a duplicate record into a survivor, with what moved, so it can be undone."""

    __tablename__ = "person_merge"

    survivor_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id"), index=True)
    merged_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id"), index=True)
    performed_at: Mapped[datetime] = mapped_column(default=utcnow)
    performed_by: Mapped[str] = mapped_column(String(60))
    # {"stay": [ids], "person_document": [ids], ...; "survivor_before": {field: value}}
    moved: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(nullable=True)
    undone_by: Mapped[str] = mapped_column(String(60), default="")


class FormDraft(Base):
    """What a user has typed into a long form and not saved yet; survives a crash or power cut."""

    __tablename__ = "form_draft"
    __table_args__ = (UniqueConstraint("username", "kind", "key", name="uq_form_draft_username_kind_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(80), default="")
    payload: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    summary: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
