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


def claim(
    conn: Connection, now: datetime, lease_until: datetime, limit: int, token: str
) -> list[RowMapping]:
    """Take up to `limit` messages due for delivery, and hold them for `token` until `lease_until`.

    Another process skips what this one holds; if this one dies mid-delivery, the lease runs
    out and the message is tried again (same Message-ID, so the receiver can tell). A sender
    renews its lease before each message (`renew`), so a long batch is never taken over while
    its sender is alive.
    """
    query = (
        select(OUTBOX)
        .where(
            OUTBOX.c.sent_at.is_(None),
            OUTBOX.c.failed_at.is_(None),
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
            .values(next_attempt_at=lease_until, claimed_by=token)
        )
    return rows


def renew(conn: Connection, token: str, ids: Sequence[int], lease_until: datetime) -> set[int]:
    """Extend `token`'s hold on `ids` to `lease_until`; returns those it still holds (a sender
    whose lease ran out lost them to another, and must not send them)."""
    held_ids = set(
        conn.execute(
            update(OUTBOX)
            .where(
                OUTBOX.c.id.in_(list(ids)),
                OUTBOX.c.claimed_by == token,
                OUTBOX.c.sent_at.is_(None),
                OUTBOX.c.failed_at.is_(None),
            )
            .values(next_attempt_at=lease_until)
            .returning(OUTBOX.c.id)
        ).scalars()
    )
    return held_ids


def release(conn: Connection, token: str, ids: Sequence[int], at: datetime) -> None:
    """Give back messages `token` holds but did not try: due at `at`, no attempt counted."""
    conn.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(list(ids)), OUTBOX.c.claimed_by == token, OUTBOX.c.sent_at.is_(None))
        .values(next_attempt_at=at, claimed_by=None)
    )


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
        update(OUTBOX)
        .where(OUTBOX.c.id == message_id)
        .values(sent_at=at, last_error=None, claimed_by=None, attempts=OUTBOX.c.attempts + 1)
    )


def mark_failed(conn: Connection, message_id: int, error: str, retry_at: datetime) -> None:
    """A temporary failure: tried again at `retry_at`, the reason kept meanwhile."""
    conn.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id == message_id)
        .values(
            last_error=error[:2000],
            next_attempt_at=retry_at,
            claimed_by=None,
            attempts=OUTBOX.c.attempts + 1,
        )
    )


def withhold(conn: Connection, recipient: str, why: str, at: datetime) -> int:
    """A deactivated person's messages not sent yet (held for a digest too) are never sent:
    failed for good with `why`, without an attempt. Returns how many."""
    result = conn.execute(
        update(OUTBOX)
        .where(
            OUTBOX.c.recipient == recipient,
            OUTBOX.c.sent_at.is_(None),
            OUTBOX.c.failed_at.is_(None),
        )
        .values(last_error=why[:2000], failed_at=at, held=False, claimed_by=None)
    )
    return int(result.rowcount or 0)


def withhold_cause(conn: Connection, cause_prefix: str, why: str, at: datetime) -> int:
    """The messages not sent yet of causes starting `cause_prefix` are never sent (what they
    say stopped being true before they went): failed for good with `why`. Returns how many."""
    result = conn.execute(
        update(OUTBOX)
        .where(
            OUTBOX.c.cause.startswith(cause_prefix, autoescape=True),
            OUTBOX.c.sent_at.is_(None),
            OUTBOX.c.failed_at.is_(None),
        )
        .values(last_error=why[:2000], failed_at=at, held=False, claimed_by=None)
    )
    return int(result.rowcount or 0)


def mark_refused(conn: Connection, message_id: int, error: str, at: datetime) -> None:
    """Failed for good (a permanent refusal, or too many attempts): never tried again."""
    conn.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id == message_id)
        .values(
            last_error=error[:2000], failed_at=at, claimed_by=None, attempts=OUTBOX.c.attempts + 1
        )
    )


def _status(status: str) -> list[Any]:
    unsent = OUTBOX.c.sent_at.is_(None)
    alive = OUTBOX.c.failed_at.is_(None)
    return {
        "sent": [OUTBOX.c.sent_at.is_not(None)],
        "waiting": [unsent, alive, OUTBOX.c.last_error.is_(None), OUTBOX.c.held.is_(False)],
        "retrying": [unsent, alive, OUTBOX.c.last_error.is_not(None)],
        "failed": [unsent, OUTBOX.c.failed_at.is_not(None)],
        "held": [OUTBOX.c.held.is_(True)],
    }[status]


STATUSES = ("waiting", "retrying", "sent", "failed", "held")


def _whose(query: Any, recipient: str | None, bodies: Sequence[int] | None) -> Any:
    """Only `recipient`'s messages, and (given) those the changes of `bodies` wrote."""
    if recipient is None:
        return query
    if bodies:
        return query.where(or_(OUTBOX.c.recipient == recipient, OUTBOX.c.body_id.in_(bodies)))
    return query.where(OUTBOX.c.recipient == recipient)


def messages(
    conn: Connection,
    *,
    status: str | None = None,
    limit: int = 200,
    recipient: str | None = None,
    bodies: Sequence[int] | None = None,
) -> list[RowMapping]:
    """The newest messages (only `recipient`'s and `bodies`', when given)."""
    query = _whose(select(OUTBOX).order_by(OUTBOX.c.id.desc()).limit(limit), recipient, bodies)
    if status is not None:
        query = query.where(*_status(status))
    return list(conn.execute(query).mappings())


def counts(
    conn: Connection, recipient: str | None = None, bodies: Sequence[int] | None = None
) -> dict[str, int]:
    query = _whose(select(*(func.count().filter(*_status(s)) for s in STATUSES)), recipient, bodies)
    row = conn.execute(query).one()
    return dict(zip(STATUSES, row, strict=True))
