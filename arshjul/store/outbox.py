"""The outbox in the database: messages added with their cause, claimed for delivery, marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select, update
from sqlalchemy.engine import RowMapping

from arshjul.store.bulk import insert_rows
from arshjul.store.tables import OutboxRow

OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]


def add(conn: Connection, messages: Sequence[dict[str, Any]]) -> int:
    """Insert messages whose Message-ID is new; a cause handled twice adds nothing twice."""
    return insert_rows(conn, OUTBOX, messages, ignore_conflict_on="message_id")


def claim(conn: Connection, now: datetime, lease_until: datetime, limit: int) -> list[RowMapping]:
    """Take up to `limit` messages due for delivery, and hold them until `lease_until`.

    Another process skips what this one holds; if this one dies mid-delivery, the lease runs
    out and the message is tried again (same Message-ID, so the receiver can tell).
    """
    query = (
        select(OUTBOX)
        .where(
            OUTBOX.c.sent_at.is_(None),
            OUTBOX.c.held.is_(False),
            OUTBOX.c.next_attempt_at <= now,
            or_(OUTBOX.c.not_before.is_(None), OUTBOX.c.not_before <= now),  # office hours
        )
        .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(conn.execute(query).mappings())
    if rows:
        conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_([row["id"] for row in rows]))
            .values(next_attempt_at=lease_until, attempts=OUTBOX.c.attempts + 1)
        )
    return rows


def held(conn: Connection) -> list[RowMapping]:
    """Messages waiting for their readers' weekly digest, oldest first."""
    query = select(OUTBOX).where(OUTBOX.c.held.is_(True)).order_by(OUTBOX.c.recipient, OUTBOX.c.id)
    return list(conn.execute(query).mappings())


def bundle(conn: Connection, ids: Sequence[int], digest_id: str, at: datetime) -> None:
    """These held messages went out inside the digest `digest_id`."""
    conn.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(list(ids)))
        .values(held=False, bundled_in=digest_id, sent_at=at)
    )


def mark_sent(conn: Connection, message_id: int, at: datetime) -> None:
    conn.execute(
        update(OUTBOX).where(OUTBOX.c.id == message_id).values(sent_at=at, last_error=None)
    )


def mark_failed(conn: Connection, message_id: int, error: str, retry_at: datetime) -> None:
    conn.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id == message_id)
        .values(last_error=error[:2000], next_attempt_at=retry_at)
    )


def messages(
    conn: Connection, *, status: str | None = None, limit: int = 200, recipient: str | None = None
) -> list[RowMapping]:
    """The newest messages (only `recipient`'s, when given)."""
    query = select(OUTBOX).order_by(OUTBOX.c.id.desc()).limit(limit)
    if recipient is not None:
        query = query.where(OUTBOX.c.recipient == recipient)
    if status == "sent":
        query = query.where(OUTBOX.c.sent_at.is_not(None))
    elif status == "waiting":
        query = query.where(
            OUTBOX.c.sent_at.is_(None), OUTBOX.c.last_error.is_(None), OUTBOX.c.held.is_(False)
        )
    elif status == "held":
        query = query.where(OUTBOX.c.held.is_(True))
    elif status == "failed":
        query = query.where(OUTBOX.c.sent_at.is_(None), OUTBOX.c.last_error.is_not(None))
    return list(conn.execute(query).mappings())


def counts(conn: Connection, recipient: str | None = None) -> dict[str, int]:
    sent = func.count().filter(OUTBOX.c.sent_at.is_not(None))
    failed = func.count().filter(OUTBOX.c.sent_at.is_(None), OUTBOX.c.last_error.is_not(None))
    waiting = func.count().filter(
        OUTBOX.c.sent_at.is_(None), OUTBOX.c.last_error.is_(None), OUTBOX.c.held.is_(False)
    )
    held = func.count().filter(OUTBOX.c.held.is_(True))
    query = select(waiting, sent, failed, held)
    if recipient is not None:
        query = query.where(OUTBOX.c.recipient == recipient)
    row = conn.execute(query).one()
    return {"waiting": row[0], "sent": row[1], "failed": row[2], "held": row[3]}
