"""Signing in to the web page: one-time links by mail, sessions, private calendar feeds.

Each function is one use case in one transaction, like the rest of the service layer. An
address gets the same answer whether anyone is registered under it or not: only the mail, which
goes to the registered person alone, tells them apart.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Callable
from datetime import timedelta

from arshjul.clock import Clock
from arshjul.errors import Conflict, NotFound, Refused, TooMany
from arshjul.states.events import SignInRequested
from arshjul.states.model import Person
from arshjul.store import access
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.handlers import publish

#: How long a sign-in link works (once).
LINK_VALID = timedelta(minutes=15)
#: How long a session lasts after signing in: a working day.
SESSION_VALID = timedelta(hours=12)
#: Links asked for within this window count towards the limits below.
THROTTLE_WINDOW = timedelta(minutes=15)
PER_ADDRESS = 5
PER_CLIENT = 20
#: Requests older than this are forgotten, and so are links and sessions that ended before it.
KEPT = timedelta(days=1)


def _token() -> str:
    return secrets.token_urlsafe(32)


def client_key(remote: str) -> str:
    """What a client is counted as: its IPv4 address, or its IPv6 /64 (one household or
    server has a whole /64 and may pick any address in it for each request)."""
    try:
        address = ipaddress.ip_address(remote.split("%", 1)[0])
    except ValueError:
        return remote[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def request_link(uow: UnitOfWork, clock: Clock, address: str, client: str) -> None:
    """Ask for a one-time link for `address`; the courier mails it (`send_links`) if anyone is
    registered under it.

    The same work for every address, registered or not, so neither the answer nor its time
    tells them apart. Throttled per address and per client (`client`: the remote address): the
    request is recorded and committed first, then counted, so of many at once no more than
    the limit pass; TooMany when over either limit.
    """
    email = validate.email(address)
    now = clock.now()
    key = client_key(client)
    with uow:
        attempt = access.add_attempt(uow.connection, email, key, now)
        uow.commit()
    with uow:
        conn = uow.connection
        by_address, by_client = access.attempts_since(
            conn, now - THROTTLE_WINDOW, address=email, client=key
        )
        admitted = by_address <= PER_ADDRESS and by_client <= PER_CLIENT
        access.settle_attempt(conn, attempt, admitted=admitted)
        access.forget_before(conn, now - KEPT)
        uow.commit()
    if not admitted:
        raise TooMany("signin_throttled", minutes=int(THROTTLE_WINDOW.total_seconds() // 60))


def send_links(uow: UnitOfWork, clock: Clock, link_for: Callable[[str], str]) -> int:
    """Make the link of every admitted request whose address someone is registered under, and
    put it in the outbox; the others are only marked seen. Returns how many links were made."""
    with uow.glance() as seen:  # the courier wakes after every change: most times, nothing
        if not access.admitted(seen.connection):
            return 0
    now = clock.now()
    made = 0
    with uow:
        conn = uow.connection
        for attempt, email, asked_at in access.admitted(conn):
            if not access.take_attempt(conn, attempt):
                continue  # another process took it
            person = uow.repo.person(email)
            expires = asked_at + LINK_VALID
            if person is None or expires <= now:
                continue
            token = _token()
            access.add_signin(conn, token, person.email, now, expires)
            publish(uow, [SignInRequested(now, person.email, link_for(token), expires)])
            made += 1
        uow.commit()
    return made


def check_link(uow: UnitOfWork, clock: Clock, token: str) -> Person:
    """Whose link this is, while it still works; our error naming why it does not."""
    with uow:
        return _usable(uow, clock, token)


def redeem_link(uow: UnitOfWork, clock: Clock, token: str) -> tuple[str, Person]:
    """Use the link, once: a new session's token, and whose it is."""
    now = clock.now()
    with uow:
        person = _usable(uow, clock, token)
        if not access.use_signin(uow.connection, token, now):
            raise Refused("signin_used")
        session = _token()
        access.add_session(uow.connection, session, person.email, now, now + SESSION_VALID)
        uow.commit()
    return session, person


def _usable(uow: UnitOfWork, clock: Clock, token: str) -> Person:
    found = access.signin(uow.connection, token) if token else None
    if found is None:
        raise NotFound("signin_unknown")
    email, expires_at, used_at = found
    if used_at is not None:
        raise Refused("signin_used")
    if expires_at <= clock.now():
        raise Refused("signin_expired", minutes=int(LINK_VALID.total_seconds() // 60))
    person = uow.repo.person(email)
    assert person is not None  # people are never removed
    return person


def session_person(uow: UnitOfWork, clock: Clock, token: str) -> Person | None:
    """The person signed in with this session token, while the session lasts."""
    with uow:
        email = access.session_email(uow.connection, token, clock.now())
        return uow.repo.person(email) if email else None


def sign_out(uow: UnitOfWork, token: str) -> None:
    with uow:
        access.end_session(uow.connection, token)
        uow.commit()


def feed_token(uow: UnitOfWork, clock: Clock, email: str, *, renew: bool = False) -> str:
    """The person's private calendar feed token, made on first use; `renew` replaces it, and
    the address before stops working.

    Reading an existing token writes nothing. Two first uses at the same moment give one
    token: the one who makes it second is refused by the table and reads the first one's.
    """
    if not renew:
        with uow.snapshot() as reading:
            found = access.feed_token(reading.connection, email)
        if found is not None:
            return found
    try:
        with uow:
            token = _token()
            if renew:
                access.set_feed_token(uow.connection, email, token, clock.now())
            else:  # never a delete here: it could remove the token another just made
                access.add_feed_token(uow.connection, email, token, clock.now())
            uow.commit()
            return token
    except Conflict:
        if renew:
            raise
        with uow.snapshot() as reading:
            made = access.feed_token(reading.connection, email)
        assert made is not None  # a token is only ever replaced, never removed
        return made


def feed_person(uow: UnitOfWork, token: str) -> Person | None:
    """Whose calendar feed this token opens."""
    with uow:
        email = access.feed_email(uow.connection, token)
        return uow.repo.person(email) if email else None


def cookie_key(uow: UnitOfWork, clock: Clock) -> str:
    """The key the page signs its cookies with, made on first use and shared by every process
    on the database."""
    try:
        with uow:
            key = access.secret(uow.connection)
            if key is None:
                key = secrets.token_hex(32)
                access.add_secret(uow.connection, key, clock.now())
                uow.commit()
            return key
    except Conflict:  # another process made it first: theirs it is
        with uow.snapshot() as reading:
            made = access.secret(reading.connection)
        assert made is not None
        return made
