"""recurring meetings: a meeting made for one of its body's recurring meetings names it

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 21:20:00.000000

`meeting.recurring` is the key of the `[[meetings.recurring]]` entry a meeting was made for
(by the scheduler from the configured dates, or by `meeting add --recurring KEY`): how many
dates of a plan year are fixed, and where the standing information point's brief starts, are
counted from it. Meetings from before have none.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("recurring", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("recurring")
