"""Allocating per-office numbers (registration no., voucher no., letter no.) that never repeat, on any database."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kesos_desktop.core.models import NumberSequence


def next_number(session: Session, office_id: uuid.UUID, name: str, year: int = 0) -> int:
    """The next value of a sequence, inside the caller's transaction.

    The row is created if missing (INSERT ... ON CONFLICT DO NOTHING) and then incremented with one UPDATE, which
    takes the row lock on PostgreSQL and the write lock on SQLite (BEGIN IMMEDIATE): two PCs can never get the same
    number, and a rolled-back transaction gives its number back (nothing is skipped silently).
    """
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(NumberSequence)
        .values(office_id=office_id, name=name, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["office_id", "name", "year"])
    )
    key = (NumberSequence.office_id == office_id) & (NumberSequence.name == name) & (NumberSequence.year == year)
    session.execute(update(NumberSequence).where(key).values(last_value=NumberSequence.last_value + 1))
    value = session.scalar(select(NumberSequence.last_value).where(key))
    assert value is not None
    return value
