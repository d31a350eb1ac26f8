"""What a body's standing information point about another body reads: the other body's
measures moved in a window, and its exercises due ahead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Connection, select

from arshjul.store.repository import HISTORY, ITEM


def moved(
    conn: Connection, body_id: int, events: Sequence[str], since: datetime, until: datetime
) -> list[tuple[str, str]]:
    """(event, item id) of a body's items that moved by one of `events` after `since` up to
    `until`, oldest first, each item once an event."""
    query = (
        select(HISTORY.c.event, HISTORY.c.item_id)
        .join(ITEM, ITEM.c.id == HISTORY.c.item_id)
        .where(
            ITEM.c.body_id == body_id,
            HISTORY.c.event.in_(list(events)),
            HISTORY.c.at > since,
            HISTORY.c.at <= until,
        )
        .order_by(HISTORY.c.seq)
    )
    return list(dict.fromkeys((event, item_id) for event, item_id in conn.execute(query)))


def due_between(
    conn: Connection, body_id: int, kind: str, states: Sequence[str], first: date, last: date
) -> list[str]:
    """The ids of a body's items of `kind` in one of `states` due from `first` to `last`."""
    query = (
        select(ITEM.c.id)
        .where(
            ITEM.c.body_id == body_id,
            ITEM.c.kind == kind,
            ITEM.c.state.in_(list(states)),
            ITEM.c.due >= first,
            ITEM.c.due <= last,
        )
        .order_by(ITEM.c.due, ITEM.c.id)
    )
    return list(conn.execute(query).scalars())
