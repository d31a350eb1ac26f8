"""The overlap view's store: the pairs marked coordinated, and the organisations of the
people who own measures (an owner's organisation takes part in the work)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from arshjul.store.repository import ORG, PERSON
from arshjul.store.tables_overlap import OverlapMarkRow

MARK = OverlapMarkRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Mark:
    """How a pair was settled: the coordinator's note, who marked it and when."""

    note: str
    by: str
    at: datetime


def marks(conn: Connection) -> dict[tuple[str, str], Mark]:
    """Every marked pair, by its ids in order. One row a settled pair: a small table, read
    whole rather than by the ids of a plan year's thousands of items."""
    query = select(MARK.c.a, MARK.c.b, MARK.c.note, MARK.c.marked_by, MARK.c.marked_at)
    return {(a, b): Mark(note, by, at) for a, b, note, by, at in conn.execute(query)}


def mark(conn: Connection, a: str, b: str, found: Mark) -> None:
    """Mark the pair (a < b) coordinated."""
    assert a < b, "a pair's ids are kept in order"
    conn.execute(
        insert(MARK).values(a=a, b=b, note=found.note, marked_by=found.by, marked_at=found.at)
    )


def orgs_of(conn: Connection, emails: Iterable[str]) -> dict[str, str]:
    """The organisation of each of these people, by email."""
    wanted = sorted(set(emails))
    if not wanted:
        return {}
    query = (
        select(PERSON.c.email, ORG.c.name)
        .join(ORG, ORG.c.id == PERSON.c.org_id)
        .where(PERSON.c.email.in_(wanted))
    )
    return {email: org for email, org in conn.execute(query)}
