"""overlap: pairs of items of different bodies a coordinator has marked as coordinated

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overlap_mark",
        sa.Column("a", sa.String(length=20), nullable=False),
        sa.Column("b", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("marked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["a"], ["item.id"]),
        sa.ForeignKeyConstraint(["b"], ["item.id"]),
        sa.PrimaryKeyConstraint("a", "b"),
    )


def downgrade() -> None:
    op.drop_table("overlap_mark")
