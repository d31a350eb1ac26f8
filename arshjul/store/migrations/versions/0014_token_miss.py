"""web: wrong tokens tried (sign-in links, calendar feeds), so guessing them is throttled

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_miss",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("token_miss", schema=None) as batch_op:
        batch_op.create_index("ix_token_miss_client", ["client", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("token_miss", schema=None) as batch_op:
        batch_op.drop_index("ix_token_miss_client")
    op.drop_table("token_miss")
