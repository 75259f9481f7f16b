"""User accounts, roles and the permissions each role grants."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned

user_role = Table(
    "user_role",
    Base.metadata,
    Column("user_id", Uuid, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("role_code", String(30), ForeignKey("role.code"), primary_key=True),
)


class Role(Base):
    __tablename__ = "role"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    permissions: Mapped[list[RolePermission]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class RolePermission(Base):
    __tablename__ = "role_permission"

    role_code: Mapped[str] = mapped_column(String(30), ForeignKey("role.code", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(60), primary_key=True)


class UserAccount(UuidPk, Timestamps, Versioned, Base):
    __tablename__ = "user_account"

    # Stored lower-case: user names are compared without regard to case.
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(150))
    nip: Mapped[str] = mapped_column(String(18), default="")
    jabatan: Mapped[str] = mapped_column(String(150), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(nullable=True)
    language: Mapped[str] = mapped_column(String(5), default="id")
    # For partner (mitra) users: the institution whose children they may see.
    institution_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("institution.id"), nullable=True)
    roles: Mapped[list[Role]] = relationship(secondary=user_role, lazy="selectin")
