"""outbox: each message names the body whose change wrote it, so a body's coordinator lists
that body's mail (and their own), not every body's

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 22:00:00.000000

Messages from before are the first body's (the only one there was).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("body_id", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.create_foreign_key("fk_outbox_body_id", "body", ["body_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint("fk_outbox_body_id", type_="foreignkey")
        batch_op.drop_column("body_id")
