"""catch-up tells the truth: a due event fired void keeps why, and the scheduler's mail waits
in the outbox for office hours

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 18:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows: nothing fired before was void, and every message may go out at once.
    with op.batch_alter_table("due_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("void", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("not_before", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("not_before")
    with op.batch_alter_table("due_event", schema=None) as batch_op:
        batch_op.drop_column("void")
