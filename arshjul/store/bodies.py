"""Cooperation bodies and the organisations that take part in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from arshjul.states.model import FIRST_BODY, Body
from arshjul.store.repository import BODY, MEMBER, ORG

#: A body as the domain knows it (Body's fields, in order).
_BODIES = select(BODY.c.id, BODY.c.short, BODY.c.name)


def every(conn: Connection) -> list[Body]:
    """Every body, the first first."""
    query = _BODIES.order_by(BODY.c.id)
    return [Body(*row) for row in conn.execute(query)]


def by_short(conn: Connection, short: str) -> Body | None:
    query = _BODIES.where(BODY.c.short == short)
    row = conn.execute(query).first()
    return Body(*row) if row is not None else None


def add(conn: Connection, short: str, name: str, at: datetime) -> Body:
    body_id: int = conn.execute(
        insert(BODY).values(short=short, name=name, created_at=at).returning(BODY.c.id)
    ).scalar_one()
    return Body(body_id, short, name)


def name_first(conn: Connection, short: str, name: str) -> None:
    """The first body's short name and name, from the configuration it is set up with (while
    it is the only body)."""
    if len(every(conn)) == 1:
        conn.execute(update(BODY).where(BODY.c.id == FIRST_BODY).values(short=short, name=name))


def members(conn: Connection, body_id: int) -> list[tuple[str, str]]:
    """The organisations taking part in a body, by name, each with how (member, designated,
    adjunct)."""
    query = (
        select(ORG.c.name, MEMBER.c.kind)
        .join(MEMBER, MEMBER.c.org_id == ORG.c.id)
        .where(MEMBER.c.body_id == body_id)
        .order_by(ORG.c.name)
    )
    return [(name, kind) for name, kind in conn.execute(query)]


def bodies_of(conn: Connection, org: str) -> list[Body]:
    """The bodies an organisation takes part in, the first first."""
    query = (
        _BODIES.join(MEMBER, MEMBER.c.body_id == BODY.c.id)
        .join(ORG, ORG.c.id == MEMBER.c.org_id)
        .where(ORG.c.name == org)
        .order_by(BODY.c.id)
    )
    return [Body(*row) for row in conn.execute(query)]
