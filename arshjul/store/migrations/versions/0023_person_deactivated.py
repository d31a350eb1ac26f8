"""person: when a person was deactivated (no sign-in, no commands, no mail); null while active

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-08 00:30:00.000000

Everyone registered before is active. Who deactivated whom, and why, is in the history chain
(subject kind "person").
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0023"
down_revision = "0021"
branch_labels = None
depends_on = None

Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deactivated_at", Moment(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("deactivated_at")
