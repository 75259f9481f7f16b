"""Letters and receipts: the printed content of issued letters and kwitansi, and a kwitansi's amount and fund.

Revision ID: 0006_letters
Revises: 0005_integrity
Create Date: 2026-11-29

The permission ``letters.issue`` needs no hand grant here: seeding gives permissions new to roles.csv to the default
roles on the first start of this version (services/seed.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_letters"
down_revision = "0005_integrity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_document_data",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("voucher_id", sa.Uuid(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_line_id"], ["budget_line.id"], name=op.f("fk_issued_document_data_budget_line_id_budget_line")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["issued_document.id"],
            name=op.f("fk_issued_document_data_document_id_issued_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_issued_document_data_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_issued_document_data")),
    )
    with op.batch_alter_table("issued_document_data", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_document_data_budget_line_id"), ["budget_line_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_issued_document_data_voucher_id"), ["voucher_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("issued_document_data", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_document_data_voucher_id"))
        batch_op.drop_index(batch_op.f("ix_issued_document_data_budget_line_id"))
    op.drop_table("issued_document_data")
