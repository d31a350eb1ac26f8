"""Due events in the database: planned once, claimed oldest first under one lock, fired once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, exists, func, select, update
from sqlalchemy.engine import RowMapping

from arshjul.states.model import FIRST_BODY
from arshjul.store.bulk import insert_rows
from arshjul.store.repository import BODY, ITEM
from arshjul.store.tables import DueEventRow, SchedulerRow

DUE = DueEventRow.__table__  # type: ignore[attr-defined]
SCHEDULER = SchedulerRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SchedulerState:
    epoch: datetime | None
    planned_to: int | None
    fingerprint: str | None


def lock(conn: Connection, body_id: int) -> SchedulerState:
    """Take the scheduler's lock for this transaction (a row lock on PostgreSQL; on SQLite the
    writing transaction already holds the database; one lock for every body, so firings are
    in one order) and read its state and a body's planning horizon. A body added later plans
    from when it was added (its epoch), never the years before it."""
    epoch = conn.execute(
        select(SCHEDULER.c.epoch).where(SCHEDULER.c.id == 1).with_for_update()
    ).scalar_one()
    planned_to, fingerprint, added = conn.execute(
        select(BODY.c.planned_to, BODY.c.fingerprint, BODY.c.created_at).where(BODY.c.id == body_id)
    ).one()
    if body_id != FIRST_BODY and epoch is not None:
        epoch = max(epoch, added)
    return SchedulerState(epoch, planned_to, fingerprint)


def set_state(conn: Connection, body_id: int, **values: Any) -> None:
    """The scheduler's `epoch`; a body's `planned_to` and `fingerprint`."""
    if "epoch" in values:
        epoch = values.pop("epoch")
        conn.execute(update(SCHEDULER).where(SCHEDULER.c.id == 1).values(epoch=epoch))
    if values:
        conn.execute(update(BODY).where(BODY.c.id == body_id).values(**values))


def plan(conn: Connection, events: Sequence[Any], body_id: int) -> int:
    """Insert a body's events not planned yet (by key); returns how many were new."""
    if not events:
        return 0
    rows = [
        {
            "key": e.key,
            "body_id": body_id,
            "kind": e.kind,
            "subject": e.subject,
            "detail": e.detail,
            "due_at": e.due_at,
        }
        for e in events
    ]
    return insert_rows(conn, DUE, rows, ignore_conflict_on="key")


def next_due(
    conn: Connection, now: datetime, body_id: int, waiting: Sequence[str] = ()
) -> RowMapping | None:
    """A body's oldest event due by `now` that has not fired, other than of `waiting` kinds."""
    query = (
        select(DUE)
        .where(DUE.c.body_id == body_id, DUE.c.fired_at.is_(None), DUE.c.due_at <= now)
        .order_by(DUE.c.due_at, DUE.c.id)
        .limit(1)
    )
    if waiting:
        query = query.where(DUE.c.kind.not_in(list(waiting)))
    return conn.execute(query).mappings().first()


def nearer_reminders(conn: Connection, row: RowMapping, now: datetime, group: str) -> list[str]:
    """The details of the other reminders of `row`'s kind and subject (and phase: `group`) that
    are due by `now` and have not fired: the ones that may say the same thing nearer its time."""
    query = select(DUE.c.detail).where(
        DUE.c.kind == row["kind"],
        DUE.c.subject == row["subject"],
        DUE.c.fired_at.is_(None),
        DUE.c.due_at <= now,
        DUE.c.id != row["id"],
    )
    if group:
        query = query.where(DUE.c.detail.startswith(f"{group}:", autoescape=True))
    return list(conn.execute(query).scalars())


def mark_fired(
    conn: Connection,
    event_id: int,
    *,
    at: datetime,
    by: str,
    late: bool,
    outcome: str,
    void: str | None = None,
) -> None:
    result = conn.execute(
        update(DUE)
        .where(DUE.c.id == event_id, DUE.c.fired_at.is_(None))
        .values(fired_at=at, fired_by=by, late=late, outcome=outcome, void=void)
    )
    # Under the scheduler lock nobody else can have fired it; if so, roll the effects back.
    assert result.rowcount == 1, f"due event {event_id} fired twice"


def next_wake(conn: Connection, kinds: Sequence[str], *, of: bool = True) -> datetime | None:
    """When the next planned event of `kinds` (or, `of=False`, of any other kind) falls due."""
    kind = DUE.c.kind.in_(list(kinds)) if of else DUE.c.kind.not_in(list(kinds))
    value: datetime | None = conn.execute(
        select(func.min(DUE.c.due_at)).where(DUE.c.fired_at.is_(None), kind)
    ).scalar()
    return value


def last_fired_due(conn: Connection, body_id: int) -> datetime | None:
    value: datetime | None = conn.execute(
        select(func.max(DUE.c.due_at)).where(DUE.c.body_id == body_id, DUE.c.fired_at.is_not(None))
    ).scalar()
    return value


def drop_unfired(conn: Connection, body_id: int) -> None:
    """Forget what was planned for a body but has not fired (its configuration changed)."""
    conn.execute(delete(DUE).where(DUE.c.body_id == body_id, DUE.c.fired_at.is_(None)))


def drop_unfired_of(conn: Connection, subjects: Sequence[str], kinds: Sequence[str]) -> int:
    """Forget what was planned about these subjects and has not fired (a measure cancelled: its
    reminders and escalations would tell of a due date nobody works to); how many."""
    result = conn.execute(
        delete(DUE).where(
            DUE.c.subject.in_(list(subjects)), DUE.c.kind.in_(list(kinds)), DUE.c.fired_at.is_(None)
        )
    )
    return result.rowcount


def unplanned_measures(
    conn: Connection, states: Sequence[str], body_id: int, everything: bool = False
) -> list[tuple[str, date, datetime]]:
    """A body's open measures with a due date and no event planned for them yet (or all)."""
    query = select(ITEM.c.id, ITEM.c.due, ITEM.c.decided_at).where(
        ITEM.c.body_id == body_id, ITEM.c.state.in_(states), ITEM.c.due.is_not(None)
    )
    if not everything:
        query = query.where(~exists().where(DUE.c.subject == ITEM.c.id))
    return [(item_id, due, decided_at) for item_id, due, decided_at in conn.execute(query)]


def subjects_with_prefix(conn: Connection, prefix: str) -> set[str]:
    """The subjects starting with `prefix` that have an event planned (fired or not)."""
    query = select(DUE.c.subject).where(DUE.c.subject.startswith(prefix, autoescape=True))
    return set(conn.execute(query.distinct()).scalars())


def upcoming(conn: Connection, limit: int, body_id: int) -> list[RowMapping]:
    """A body's planned events that have not fired, soonest first."""
    query = (
        select(DUE)
        .where(DUE.c.body_id == body_id, DUE.c.fired_at.is_(None))
        .order_by(DUE.c.due_at, DUE.c.id)
        .limit(limit)
    )
    return list(conn.execute(query).mappings())


def earliest_item(conn: Connection) -> datetime | None:
    value: datetime | None = conn.execute(select(func.min(ITEM.c.created_at))).scalar()
    return value


def events_of_kinds(
    conn: Connection, kinds: Sequence[str], body_id: int, *, fired: bool
) -> list[RowMapping]:
    """A body's planned events of these kinds that have fired (or not yet), oldest first."""
    done = DUE.c.fired_at.is_not(None) if fired else DUE.c.fired_at.is_(None)
    query = (
        select(DUE)
        .where(DUE.c.body_id == body_id, DUE.c.kind.in_(kinds), done)
        .order_by(DUE.c.due_at, DUE.c.id)
    )
    return list(conn.execute(query).mappings())
