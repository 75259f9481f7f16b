"""Alembic environment: runs on the connection the program hands over (never reads alembic.ini)."""

from __future__ import annotations

from alembic import context

import kesos_desktop.core.models  # noqa: F401  (registers every table on Base.metadata)
from kesos_desktop.core.db.migrate import include_object
from kesos_desktop.core.models.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Kesos migrations run through kesos_desktop.core.db.migrate, with a connection.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=True,
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
