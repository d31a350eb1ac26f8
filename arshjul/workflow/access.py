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
#: Requests within this window count towards the limits below.
THROTTLE_WINDOW = timedelta(minutes=15)
#: One client's requests for one address (its refused ones too: a flood stays refused).
PER_CLIENT_ADDRESS = 3
#: One client's requests for any addresses (its refused ones too).
PER_CLIENT = 20
#: Links mailed to one address, from all clients together: a bound on mail to one inbox.
#: Above what one client may ask for, so one client never uses up another's link.
MAILED_PER_ADDRESS = 10
#: Wrong tokens (sign-in links, calendar feeds) one client may try before it must wait.
WRONG_TOKENS = 20
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
    tells them apart. Throttled per client (`client`: the remote address), for this address and
    for all: TooMany when over either. Only the client's own requests count against it, so
    nobody's flood refuses anyone else; what bounds the mail to one address is
    `MAILED_PER_ADDRESS`, which the courier keeps. The request is recorded and committed
    first, then counted, so of many at once no more than the limit pass.
    """
    email = validate.email(address)
    now = clock.now()
    key = client_key(client)
    with uow:
        attempt = access.add_attempt(uow.connection, email, key, now)
        uow.commit()
    with uow:
        conn = uow.connection
        for_address, by_client = access.attempts_since(
            conn, now - THROTTLE_WINDOW, address=email, client=key
        )
        admitted = for_address <= PER_CLIENT_ADDRESS and by_client <= PER_CLIENT
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
            if person is None or not person.active or expires <= now:
                continue  # nobody, or somebody deactivated (they sign in no more): no link
            if access.links_since(conn, person.email, now - THROTTLE_WINDOW) >= MAILED_PER_ADDRESS:
                continue  # the inbox has had its share: the links already in it still work
            token = _token()
            access.add_signin(conn, token, person.email, now, expires)
            publish(uow, [SignInRequested(now, person.email, link_for(token), expires)])
            made += 1
        uow.commit()
    return made


def check_link(uow: UnitOfWork, clock: Clock, token: str, client: str) -> Person:
    """Whose link this is, while it still works; our error naming why it does not. A client
    that tried too many wrong tokens is refused (TooMany) before its token is looked at."""
    _not_guessing(uow, clock, client)
    try:
        with uow.snapshot() as reading:
            return _usable(reading, clock, token)
    except NotFound:
        _missed(uow, clock, client)
        raise


def redeem_link(uow: UnitOfWork, clock: Clock, token: str, client: str) -> tuple[str, Person]:
    """Use the link, once: a new session's token, and whose it is."""
    _not_guessing(uow, clock, client)
    now = clock.now()
    try:
        with uow:
            person = _usable(uow, clock, token)
            if not access.use_signin(uow.connection, token, now):
                raise Refused("signin_used")
            session = _token()
            access.add_session(uow.connection, session, person.email, now, now + SESSION_VALID)
            uow.commit()
    except NotFound:
        _missed(uow, clock, client)
        raise
    return session, person


def _not_guessing(uow: UnitOfWork, clock: Clock, client: str) -> None:
    """TooMany when this client tried `WRONG_TOKENS` wrong tokens within the window: the right
    token from anyone else still works, and so does this client's after the window."""
    with uow.snapshot() as reading:
        since = clock.now() - THROTTLE_WINDOW
        tried = access.misses_since(reading.connection, client_key(client), since)
    if tried >= WRONG_TOKENS:
        raise TooMany("token_throttled", minutes=int(THROTTLE_WINDOW.total_seconds() // 60))


def _missed(uow: UnitOfWork, clock: Clock, client: str) -> None:
    with uow:
        access.add_miss(uow.connection, client_key(client), clock.now())
        uow.commit()


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
    if not person.active:  # a link mailed before they were deactivated
        raise Refused("signin_deactivated")
    return person


def session_person(uow: UnitOfWork, clock: Clock, token: str) -> Person | None:
    """The person signed in with this session token, while the session lasts and they are
    not deactivated."""
    with uow:
        email = access.session_email(uow.connection, token, clock.now())
        person = uow.repo.person(email) if email else None
        return person if person is not None and person.active else None  # deactivated: out


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


def feed_person(uow: UnitOfWork, clock: Clock, token: str, client: str) -> Person | None:
    """Whose calendar feed this token opens; a wrong token counts against the client, and a
    client that tried too many is refused (TooMany) before its token is looked at."""
    _not_guessing(uow, clock, client)
    with uow.snapshot() as reading:
        email = access.feed_email(reading.connection, token)
        person = reading.repo.person(email) if email else None
    if person is None:
        _missed(uow, clock, client)
    return person if person is not None and person.active else None


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
