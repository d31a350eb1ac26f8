"""People and organisations as they change: who is deactivated, the bodies a person holds
roles in, a working-group place passed on, an organisation's marks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, select, update

from arshjul.store.repository import BODY, ORG, PERSON, ROLE
from arshjul.store.tables_meetings import WorkingGroupRow

WORKING_GROUP = WorkingGroupRow.__table__  # type: ignore[attr-defined]


def lock_bodies(conn: Connection, body_id: int | None = None) -> None:
    """Hold one body's row (or every body's, in id order) to the end of the transaction: two
    changes that could each take a body's last coordinator (a role removed, a person
    deactivated) queue on PostgreSQL, and the second sees the first; SQLite's writers queue
    already."""
    query = select(BODY.c.id).order_by(BODY.c.id).with_for_update()
    if body_id is not None:
        query = query.where(BODY.c.id == body_id)
    conn.execute(query).all()


def set_deactivated(conn: Connection, email: str, at: datetime | None) -> None:
    """Deactivate the person from `at` on, or activate them again (None)."""
    conn.execute(update(PERSON).where(PERSON.c.email == email).values(deactivated_at=at))


def role_bodies(conn: Connection, person_id: int) -> set[int]:
    """The ids of the bodies the person holds any role in."""
    query = select(ROLE.c.body_id).where(ROLE.c.person_id == person_id).distinct()
    return set(conn.execute(query).scalars())


def pass_place(conn: Connection, item_id: str, from_id: int, to_id: int, at: datetime) -> None:
    """A place in a measure's working group goes from one person to another (who keeps the
    place they had, if they were in the group already)."""
    mine = (WORKING_GROUP.c.item_id == item_id, WORKING_GROUP.c.person_id == from_id)
    theirs = select(WORKING_GROUP.c.person_id).where(
        WORKING_GROUP.c.item_id == item_id, WORKING_GROUP.c.person_id == to_id
    )
    if conn.execute(theirs).first() is not None:
        conn.execute(delete(WORKING_GROUP).where(*mine))
    else:
        conn.execute(update(WORKING_GROUP).where(*mine).values(person_id=to_id, added_at=at))


def set_total_defence(conn: Connection, name: str, value: bool) -> int:
    """Mark an organisation important for total defence, or not; returns its row id."""
    org_id: int = conn.execute(
        update(ORG).where(ORG.c.name == name).values(total_defence=value).returning(ORG.c.id)
    ).scalar_one()
    return org_id
