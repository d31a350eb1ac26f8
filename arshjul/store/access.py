"""Who may come in through the web page, in the database: sign-in links and the requests for
them, sessions, calendar feed addresses, and the key cookies are signed with.

Sign-in links and sessions are kept as SHA-256 digests of their tokens: whoever reads the
database cannot sign in with what they read.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from arshjul.store.repository import PERSON, person_id
from arshjul.store.tables_web import (
    FeedTokenRow,
    SignInAttemptRow,
    SignInTokenRow,
    TokenMissRow,
    WebSecretRow,
    WebSessionRow,
)

SIGNIN = SignInTokenRow.__table__  # type: ignore[attr-defined]
ATTEMPT = SignInAttemptRow.__table__  # type: ignore[attr-defined]
SESSION = WebSessionRow.__table__  # type: ignore[attr-defined]
FEED = FeedTokenRow.__table__  # type: ignore[attr-defined]
SECRET = WebSecretRow.__table__  # type: ignore[attr-defined]
MISS = TokenMissRow.__table__  # type: ignore[attr-defined]

# What became of a request for a sign-in link (`SignInAttemptRow.state`).
NEW, ADMITTED, REFUSED, DONE = "new", "admitted", "refused", "done"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _add_token(
    conn: Connection, table: Any, token: str, email: str, at: datetime, expires: datetime
) -> None:
    conn.execute(
        insert(table).values(
            token_hash=digest(token),
            person_id=person_id(conn, email),
            created_at=at,
            expires_at=expires,
        )
    )


# sign-in links ------------------------------------------------------------------------


def attempts_since(
    conn: Connection, since: datetime, *, address: str, client: str
) -> tuple[int, int]:
    """How many links this client asked for after `since`: for this address, and for any;
    every request of the client counts, refused ones too, and nobody else's."""
    row = conn.execute(
        select(
            func.count().filter(ATTEMPT.c.address == address),
            func.count(),
        ).where(ATTEMPT.c.client == client, ATTEMPT.c.at > since)
    ).one()
    return int(row[0]), int(row[1])


def add_attempt(conn: Connection, address: str, client: str, at: datetime) -> int:
    """Record a request, not yet counted; returns its id."""
    attempt_id: int = conn.execute(
        insert(ATTEMPT)
        .values(address=address[:254], client=client[:100], at=at, state=NEW)
        .returning(ATTEMPT.c.id)
    ).scalar_one()
    return attempt_id


def settle_attempt(conn: Connection, attempt_id: int, *, admitted: bool) -> None:
    conn.execute(
        update(ATTEMPT)
        .where(ATTEMPT.c.id == attempt_id, ATTEMPT.c.state == NEW)
        .values(state=ADMITTED if admitted else REFUSED)
    )


def admitted(conn: Connection) -> list[tuple[int, str, datetime]]:
    """The requests waiting for the courier: id, address, when asked."""
    rows = conn.execute(
        select(ATTEMPT.c.id, ATTEMPT.c.address, ATTEMPT.c.at)
        .where(ATTEMPT.c.state == ADMITTED)
        .order_by(ATTEMPT.c.id)
    )
    return [(row[0], row[1], row[2]) for row in rows]


def take_attempt(conn: Connection, attempt_id: int) -> bool:
    """Mark a request seen; False when another process took it first."""
    result = conn.execute(
        update(ATTEMPT)
        .where(ATTEMPT.c.id == attempt_id, ATTEMPT.c.state == ADMITTED)
        .values(state=DONE)
    )
    return result.rowcount == 1


def add_signin(conn: Connection, token: str, email: str, at: datetime, expires: datetime) -> None:
    _add_token(conn, SIGNIN, token, email, at, expires)


def links_since(conn: Connection, email: str, since: datetime) -> int:
    """How many sign-in links were made for the person after `since`, used or not. The
    person's row stays locked until the transaction ends (PostgreSQL; SQLite has one writer
    anyway), so two couriers cannot both make the last link the limit allows."""
    person: int = conn.execute(
        select(PERSON.c.id).where(PERSON.c.email == email).with_for_update()
    ).scalar_one()
    count: int = conn.execute(
        select(func.count())
        .select_from(SIGNIN)
        .where(SIGNIN.c.person_id == person, SIGNIN.c.created_at > since)
    ).scalar_one()
    return count


def signin(conn: Connection, token: str) -> tuple[str, datetime, datetime | None] | None:
    """The person a link is for, when it expires and when it was used; None: no such link."""
    row = conn.execute(
        select(PERSON.c.email, SIGNIN.c.expires_at, SIGNIN.c.used_at)
        .join(PERSON, PERSON.c.id == SIGNIN.c.person_id)
        .where(SIGNIN.c.token_hash == digest(token))
    ).first()
    return (row[0], row[1], row[2]) if row else None


def use_signin(conn: Connection, token: str, at: datetime) -> bool:
    """Mark the link used; False when someone used it first (it works once, even in a race)."""
    result = conn.execute(
        update(SIGNIN)
        .where(SIGNIN.c.token_hash == digest(token), SIGNIN.c.used_at.is_(None))
        .values(used_at=at)
    )
    return result.rowcount == 1


def forget_before(conn: Connection, moment: datetime) -> None:
    """Drop the requests, links and sessions that no longer count for anything."""
    conn.execute(delete(ATTEMPT).where(ATTEMPT.c.at < moment))
    conn.execute(delete(MISS).where(MISS.c.at < moment))
    conn.execute(delete(SIGNIN).where(SIGNIN.c.expires_at < moment))
    conn.execute(delete(SESSION).where(SESSION.c.expires_at < moment))


# wrong tokens -------------------------------------------------------------------------


def add_miss(conn: Connection, client: str, at: datetime) -> None:
    conn.execute(insert(MISS).values(client=client[:100], at=at))


def misses_since(conn: Connection, client: str, since: datetime) -> int:
    """How many wrong tokens this client tried after `since`."""
    count: int = conn.execute(
        select(func.count()).select_from(MISS).where(MISS.c.client == client, MISS.c.at > since)
    ).scalar_one()
    return count


# sessions -----------------------------------------------------------------------------


def add_session(conn: Connection, token: str, email: str, at: datetime, expires: datetime) -> None:
    _add_token(conn, SESSION, token, email, at, expires)


def session_email(conn: Connection, token: str, now: datetime) -> str | None:
    """Whose session this is, while it lasts."""
    email: str | None = conn.execute(
        select(PERSON.c.email)
        .join(SESSION, SESSION.c.person_id == PERSON.c.id)
        .where(SESSION.c.token_hash == digest(token), SESSION.c.expires_at > now)
    ).scalar()
    return email


def end_session(conn: Connection, token: str) -> None:
    conn.execute(delete(SESSION).where(SESSION.c.token_hash == digest(token)))


# calendar feeds -----------------------------------------------------------------------


def feed_token(conn: Connection, email: str) -> str | None:
    token: str | None = conn.execute(
        select(FEED.c.token)
        .join(PERSON, PERSON.c.id == FEED.c.person_id)
        .where(PERSON.c.email == email)
    ).scalar()
    return token


def add_feed_token(conn: Connection, email: str, token: str, at: datetime) -> None:
    """The person's first feed address; fails (IntegrityError) if they have one already."""
    conn.execute(insert(FEED).values(person_id=person_id(conn, email), token=token, created_at=at))


def set_feed_token(conn: Connection, email: str, token: str, at: datetime) -> None:
    """The person's feed address becomes `token`; the one before stops working."""
    person = person_id(conn, email)
    conn.execute(delete(FEED).where(FEED.c.person_id == person))
    conn.execute(insert(FEED).values(person_id=person, token=token, created_at=at))


def feed_email(conn: Connection, token: str) -> str | None:
    email: str | None = conn.execute(
        select(PERSON.c.email)
        .join(FEED, FEED.c.person_id == PERSON.c.id)
        .where(FEED.c.token == token)
    ).scalar()
    return email


# the cookie key -----------------------------------------------------------------------


def secret(conn: Connection) -> str | None:
    key: str | None = conn.execute(select(SECRET.c.secret).where(SECRET.c.id == 1)).scalar()
    return key


def add_secret(conn: Connection, key: str, at: datetime) -> None:
    """Keep the key; a process that made one at the same moment makes this one fail."""
    conn.execute(insert(SECRET).values(id=1, secret=key, created_at=at))
