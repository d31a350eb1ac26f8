"""the living plan: FI management's decisions on a plan as a whole, and owners' requests for a
new due date with their answers

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-08 00:30:00.000000

Both tables start empty: no plan was decided as a whole before, and nobody asked.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "plan_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column("decided_at", Moment(), nullable=False),
        sa.Column("decided_by", AutoString(length=254), nullable=False),
        sa.Column("reference", AutoString(length=100), nullable=True),
        sa.Column("note", AutoString(length=4000), nullable=True),
        sa.Column("digest", AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_decision", schema=None) as batch_op:
        batch_op.create_index("ix_plan_decision_body_id", ["body_id"], unique=False)
    op.create_table(
        "replan_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("item_id", AutoString(length=20), nullable=False),
        sa.Column("requested_by", AutoString(length=254), nullable=False),
        sa.Column("requested_at", Moment(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("reason", AutoString(length=4000), nullable=False),
        sa.Column("answer", AutoString(length=10), nullable=True),
        sa.Column("answered_by", AutoString(length=254), nullable=True),
        sa.Column("answered_at", Moment(), nullable=True),
        sa.Column("answer_note", AutoString(length=4000), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("replan_request", schema=None) as batch_op:
        batch_op.create_index("ix_replan_request_body_id", ["body_id"], unique=False)
        batch_op.create_index("ix_replan_request_item_id", ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("replan_request", schema=None) as batch_op:
        batch_op.drop_index("ix_replan_request_item_id")
        batch_op.drop_index("ix_replan_request_body_id")
    op.drop_table("replan_request")
    with op.batch_alter_table("plan_decision", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_decision_body_id")
    op.drop_table("plan_decision")
