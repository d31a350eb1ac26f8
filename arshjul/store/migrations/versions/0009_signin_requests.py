"""web: a request for a sign-in link keeps what became of it, so every request does the same
work and the courier makes the links afterwards

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signin_attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "state",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                server_default="done",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("signin_attempt", schema=None) as batch_op:
        batch_op.drop_column("state")
