"""history binds the state: owners and due dates in items' rows, other subjects (risks,
assessments, outcomes, meetings, the configuration) in the same chain, and an optional key

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 18:00:00.000000

Rows written before this revision keep their hashes: the new columns are hashed only when
they are not null. What those rows did not carry is recorded once, here: a `record` row for
every item with an owner, a due date or a restriction and for every row of the bound tables, so from this
upgrade on each is held against the chain.

The downgrade removes the rows about other subjects and the upgrade's `record` rows (the older
schema has no place for them), which breaks the chain from the first of them on: going back is
a restore from a backup, not this.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    AutoString = sqlmodel.sql.sqltypes.AutoString
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.alter_column("item_id", existing_type=sa.String(length=20), nullable=True)
        batch_op.alter_column("to_state", existing_type=AutoString(length=20), nullable=True)
        batch_op.add_column(sa.Column("owner", AutoString(length=254), nullable=True))
        batch_op.add_column(sa.Column("due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("subject_kind", AutoString(length=30), nullable=True))
        batch_op.add_column(sa.Column("subject_id", AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column("data", sa.Text(), nullable=True))
    with op.batch_alter_table("chain_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", AutoString(length=16), nullable=True))

    from arshjul.clock import clock_from
    from arshjul.store.bound import adopt

    adopt(op.get_bind(), clock_from(os.environ.get("ARSHJUL_NOW")).now())


def downgrade() -> None:
    op.execute("DELETE FROM history WHERE item_id IS NULL OR event = 'record'")
    with op.batch_alter_table("chain_head", schema=None) as batch_op:
        batch_op.drop_column("key_id")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_column("data")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("subject_kind")
        batch_op.drop_column("due")
        batch_op.drop_column("owner")
        batch_op.alter_column("to_state", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("item_id", existing_type=sa.String(length=20), nullable=False)
