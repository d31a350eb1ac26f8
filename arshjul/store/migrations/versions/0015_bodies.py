"""bodies: several cooperation bodies in one database, each with its own members, roles,
numbering, configuration, scheduler horizon, due events and meetings

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 21:00:00.000000

The database's one body becomes the first (id 1): its short name comes from the name of the
configuration in force ("FTPOS"), every organisation is its member, every role is a role in it,
every item, configuration version, due event and meeting is its. Its ids keep their form
("2027-004"); the ids of bodies added later carry their short name ("SOES-2027-004").
"""

from __future__ import annotations

import os

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
#: SQLite's unnamed UNIQUE (cycle, number) gets this name when the table is reflected.
_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s"}


def _unique_name(bind: sa.Connection, columns: list[str]) -> str:
    if bind.dialect.name == "sqlite":
        return f"uq_item_{columns[0]}"
    for constraint in sa.inspect(bind).get_unique_constraints("item"):
        if constraint["column_names"] == columns:
            return str(constraint["name"])
    raise LookupError(f"item has no unique constraint on {columns}")


def upgrade() -> None:
    from arshjul.clock import clock_from
    from arshjul.states.model import derived_short

    bind = op.get_bind()
    now = clock_from(os.environ.get("ARSHJUL_NOW")).now()
    body = op.create_table(
        "body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("short", AutoString(length=12), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("planned_to", sa.Integer(), nullable=True),
        sa.Column("fingerprint", AutoString(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("short"),
    )
    name = bind.execute(sa.text("SELECT name FROM cycle_config ORDER BY version DESC")).scalar()
    state = bind.execute(sa.text("SELECT planned_to, fingerprint FROM scheduler")).first()
    op.bulk_insert(
        body,
        [
            {
                "id": 1,
                "short": derived_short(name or "FTPOS"),
                "name": name or "FTPOS",
                "created_at": now,
                "planned_to": state[0] if state else None,
                "fingerprint": state[1] if state else None,
            }
        ],
    )
    if bind.dialect.name == "postgresql":  # the first body's id was given: count on from it
        op.execute("SELECT setval(pg_get_serial_sequence('body', 'id'), 1)")
    op.create_table(
        "body_member",
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"]),
        sa.ForeignKeyConstraint(["org_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("body_id", "org_id"),
    )
    bind.execute(
        sa.text(
            "INSERT INTO body_member (body_id, org_id, kind, added_at)"
            " SELECT 1, id, 'member', created_at FROM organisation"
        )
    )
    # Roles are a body's: the table is built anew with the body in its key.
    op.create_table(
        "person_role_new",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("role", AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"]),
        sa.PrimaryKeyConstraint("person_id", "body_id", "role"),
    )
    bind.execute(
        sa.text(
            "INSERT INTO person_role_new (person_id, body_id, role)"
            " SELECT person_id, 1, role FROM person_role"
        )
    )
    op.drop_table("person_role")
    op.rename_table("person_role_new", "person_role")
    if bind.dialect.name == "postgresql":  # the key keeps the name the table was made with
        op.execute("ALTER INDEX person_role_new_pkey RENAME TO person_role_pkey")
    # Each body numbers its own items in a plan year.
    op.create_table(
        "item_number",
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("plan_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"]),
        sa.PrimaryKeyConstraint("body_id", "plan_year"),
    )
    bind.execute(
        sa.text(
            "INSERT INTO item_number (body_id, plan_year, next_number)"
            " SELECT 1, plan_year, next_number FROM cycle"
        )
    )
    with op.batch_alter_table("cycle", schema=None) as batch_op:
        batch_op.drop_column("next_number")
    with op.batch_alter_table("scheduler", schema=None) as batch_op:
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("planned_to")
    unique = _unique_name(bind, ["cycle", "number"])
    with op.batch_alter_table("item", schema=None, naming_convention=_NAMES) as batch_op:
        batch_op.add_column(
            sa.Column("body_id", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.drop_constraint(unique, type_="unique")
        batch_op.create_unique_constraint(
            "uq_item_body_cycle_number", ["body_id", "cycle", "number"]
        )
        batch_op.create_foreign_key("fk_item_body_id", "body", ["body_id"], ["id"])
    for table in ("cycle_config", "due_event", "meeting"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("body_id", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )
            batch_op.create_foreign_key(f"fk_{table}_body_id", "body", ["body_id"], ["id"])
            if table != "due_event":
                batch_op.create_index(f"ix_{table}_body_id", ["body_id"], unique=False)


def downgrade() -> None:
    for table in ("meeting", "due_event", "cycle_config"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table != "due_event":
                batch_op.drop_index(f"ix_{table}_body_id")
            batch_op.drop_constraint(f"fk_{table}_body_id", type_="foreignkey")
            batch_op.drop_column("body_id")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_constraint("fk_item_body_id", type_="foreignkey")
        batch_op.drop_constraint("uq_item_body_cycle_number", type_="unique")
        batch_op.create_unique_constraint("item_cycle_number_key", ["cycle", "number"])
        batch_op.drop_column("body_id")
    with op.batch_alter_table("scheduler", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planned_to", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fingerprint", AutoString(length=64), nullable=True))
    op.execute(
        "UPDATE scheduler SET planned_to = (SELECT planned_to FROM body WHERE id = 1),"
        " fingerprint = (SELECT fingerprint FROM body WHERE id = 1)"
    )
    with op.batch_alter_table("cycle", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_number", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    op.execute(
        "UPDATE cycle SET next_number = COALESCE((SELECT next_number FROM item_number"
        " WHERE body_id = 1 AND item_number.plan_year = cycle.plan_year), 1)"
    )
    op.drop_table("item_number")
    op.create_table(
        "person_role_old",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("person_id", "role"),
    )
    op.execute(
        "INSERT INTO person_role_old (person_id, role)"
        " SELECT person_id, role FROM person_role WHERE body_id = 1"
    )
    op.drop_table("person_role")
    op.rename_table("person_role_old", "person_role")
    op.drop_table("body_member")
    op.drop_table("body")
