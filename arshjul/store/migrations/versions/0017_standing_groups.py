"""standing groups: a body's standing working groups and networks, and who is in them

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 22:00:00.000000

Both tables start empty: a body's configured groups are made when its configuration is next
stored (`body add`, `cycle set`), or by a coordinator (`group add`).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "standing_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=100), nullable=False),
        sa.Column("kind", AutoString(length=10), nullable=False),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("created_by", AutoString(length=254), nullable=False),
        sa.Column("moved_at", Moment(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("body_id", "name"),
    )
    with op.batch_alter_table("standing_group", schema=None) as batch_op:
        batch_op.create_index("ix_standing_group_body_id", ["body_id"], unique=False)
    op.create_table(
        "standing_group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("added_at", Moment(), nullable=False),
        sa.Column("left_at", Moment(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["standing_group.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("standing_group_member", schema=None) as batch_op:
        batch_op.create_index("ix_standing_group_member_group_id", ["group_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("standing_group_member", schema=None) as batch_op:
        batch_op.drop_index("ix_standing_group_member_group_id")
    op.drop_table("standing_group_member")
    with op.batch_alter_table("standing_group", schema=None) as batch_op:
        batch_op.drop_index("ix_standing_group_body_id")
    op.drop_table("standing_group")
