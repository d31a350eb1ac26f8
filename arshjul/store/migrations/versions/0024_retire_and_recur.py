"""goals, indicators, running activities and risks retired with a reason; recurring activities

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-08 00:30:00.000000

A retired goal, indicator, running activity or risk stays where it is, marked with when, by
whom and why (`retired_at`, `retired_by`, `retired_reason`); rows from before are current. A
running activity may recur (`every` = "year", on `recur_on`, a day relative to the plan year
such as "P 03-31"); each occurrence reported done is a row of `activity_occurrence`.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

_RETIRABLE = ("goal", "indicator", "running_activity", "risk")


def upgrade() -> None:
    for table in _RETIRABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("retired_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
            )
            batch_op.add_column(
                sa.Column("retired_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True)
            )
            batch_op.add_column(sa.Column("retired_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("running_activity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("every", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )
        batch_op.add_column(
            sa.Column("recur_on", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True)
        )
    op.create_table(
        "activity_occurrence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reported_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["running_activity.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("activity_id", "year"),
    )
    op.create_index(
        op.f("ix_activity_occurrence_activity_id"),
        "activity_occurrence",
        ["activity_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_activity_occurrence_activity_id"), table_name="activity_occurrence")
    op.drop_table("activity_occurrence")
    with op.batch_alter_table("running_activity", schema=None) as batch_op:
        batch_op.drop_column("recur_on")
        batch_op.drop_column("every")
    for table in reversed(_RETIRABLE):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired_reason")
            batch_op.drop_column("retired_by")
            batch_op.drop_column("retired_at")
