"""Work queues: queue items keyed by business keys, their notes and their change history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcm.workstore.queue_models import QUEUE_CHECK, STATUS_CHECK

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("queue", sa.String(20), nullable=False),
        sa.Column("item_key", sa.String(200), nullable=False),
        sa.Column("billing_npi", sa.String(10), nullable=True),
        sa.Column("claim_id", sa.String(50), nullable=True),
        sa.Column("rule", sa.String(40), nullable=True),
        sa.Column("line_number", sa.Integer(), nullable=True),
        sa.Column("provider_npi", sa.String(10), nullable=True),
        sa.Column("submission", sa.String(50), nullable=True),
        sa.Column("payer_id", sa.String(80), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("amount", sa.Numeric(18, 2), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(64), nullable=True),
        sa.Column("resolution", sa.String(20), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("queue", "item_key", name="uq_queue_items_key"),
        sa.CheckConstraint(QUEUE_CHECK, name="ck_queue_items_queue"),
        sa.CheckConstraint(STATUS_CHECK, name="ck_queue_items_status"),
    )
    op.create_index("ix_queue_items_claim", "queue_items", ["billing_npi", "claim_id"])
    op.create_index("ix_queue_items_queue_status", "queue_items", ["queue", "status"])
    op.create_index("ix_queue_items_owner", "queue_items", ["owner"])
    op.create_table(
        "queue_notes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("queue_items.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_index("ix_queue_notes_item", "queue_notes", ["item_id", "id"])
    op.create_table(
        "queue_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("queue_items.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
    )
    op.create_index("ix_queue_history_item", "queue_history", ["item_id", "id"])


def downgrade() -> None:
    op.drop_table("queue_history")
    op.drop_table("queue_notes")
    op.drop_table("queue_items")
