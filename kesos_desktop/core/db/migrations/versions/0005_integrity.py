"""Integrity and speed: one open stay per person and per bed in the database, search-index keys, app metadata.

Revision ID: 0005_integrity
Revises: 0004_rehabilitation
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_integrity"
down_revision = "0004_rehabilitation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_index(
        "uq_stay_open_person",
        "stay",
        ["person_id"],
        unique=True,
        sqlite_where=sa.text("exited_on IS NULL"),
        postgresql_where=sa.text("exited_on IS NULL"),
    )
    op.create_index(
        "uq_stay_open_bed",
        "stay",
        ["bed_id"],
        unique=True,
        sqlite_where=sa.text("exited_on IS NULL AND bed_id IS NOT NULL"),
        postgresql_where=sa.text("exited_on IS NULL AND bed_id IS NOT NULL"),
    )
    # The resident list's default order (by name), walked as an index instead of sorting 100,000 rows.
    op.create_index(
        "ix_person_list_name",
        "person",
        ["name_key", "full_name", "id"],
        sqlite_where=sa.text("merged_into_id IS NULL"),
        postgresql_where=sa.text("merged_into_id IS NULL"),
    )
    if op.get_bind().dialect.name == "sqlite":
        # FTS5 can delete a row quickly only by rowid; this table gives every person a stable rowid in person_fts.
        op.execute("CREATE TABLE person_fts_key (id INTEGER PRIMARY KEY, person_id VARCHAR(32) NOT NULL UNIQUE)")
        op.execute("INSERT INTO person_fts_key (id, person_id) SELECT rowid, person_id FROM person_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS person_fts_key")
    op.drop_index("ix_person_list_name", table_name="person")
    op.drop_index("uq_stay_open_bed", table_name="stay")
    op.drop_index("uq_stay_open_person", table_name="stay")
    op.drop_table("app_meta")
