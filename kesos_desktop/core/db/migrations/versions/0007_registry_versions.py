"""Registry follow-ups: version checks on rooms and beds, and the stored accreditation grant date of an institution.

Revision ID: 0007_registry_versions
Revises: 0006_letters
Create Date: 2026-12-01

Rooms and beds get ``version_id`` (existing rows start at 1) so a second editor renaming the same room or bed gets a
conflict. ``institution.accreditation_granted_on`` keeps the date typed on the form, so re-editing keeps it. The
permission ``residents.view_health`` needs no hand grant: seeding gives permissions new to roles.csv to the default
roles on the first start of this version (services/seed.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_registry_versions"
down_revision = "0006_letters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild on SQLite); the server default fills the rows already there.
    op.add_column("room", sa.Column("version_id", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.add_column("bed", sa.Column("version_id", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.add_column("institution", sa.Column("accreditation_granted_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.drop_column("accreditation_granted_on")
    with op.batch_alter_table("bed", schema=None) as batch_op:
        batch_op.drop_column("version_id")
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.drop_column("version_id")
