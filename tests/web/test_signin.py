"""Signing in by a one-time link in the mail: the same answer for every address, throttled,
valid 15 minutes, working once; sessions in a signed cookie that signing out ends."""

from __future__ import annotations

import hashlib
import re
import threading
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import text

from arshjul.errors import StoreError, TooMany
from arshjul.workflow import access, services
from tests.conftest import PROPOSER, Sector
from tests.web.conftest import Mailbox, Visitor

SENT = "Titta i din inkorg"


def _answer(visitor: Visitor, address: str, **kw: object) -> tuple[int, str]:
    """The page an address gets, with what differs by nature (the address, the token) taken out."""
    visitor.get("/signin")
    response = visitor.post("/signin", {"address": address}, **kw)  # type: ignore[arg-type]
    page = response.get_data(as_text=True).replace(address, "ADDRESS")
    return response.status_code, re.sub(r'name="csrf" value="[^"]+"', "", page)


def test_a_registered_person_signs_in_through_the_link_in_the_mail(
    visitor: Visitor, mailbox: Mailbox
) -> None:
    """The link arrives in the mail folder; opening it asks to confirm; confirming signs in."""
    status, page = _answer(visitor, PROPOSER)
    assert status == 200 and SENT in page
    [mail] = mailbox.messages(PROPOSER)
    assert mail["Subject"] == "Din inloggningslänk till FTPOS"
    assert "gäller i 15 minuter" in mailbox.text(mail)
    link = mailbox.link(PROPOSER)
    confirm = visitor.get(link)
    assert confirm.status_code == 200 and "Du loggar in som Bo, Nordbanken AB" in confirm.text
    signed_in = visitor.post(link)
    assert signed_in.status_code == 303
    home = visitor.get(signed_in.headers["Location"], follow_redirects=True)
    assert "Bo, Nordbanken AB" in home.text and "Våra ärenden" in home.text


def test_an_unknown_address_gets_the_same_answer_as_a_known_one_and_no_mail(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Nobody can tell from the page whether an address is registered: only the mail differs."""
    known = _answer(Visitor(web, mailbox), PROPOSER)
    unknown = _answer(Visitor(web, mailbox), "nobody@nordbanken.se")
    assert known == unknown
    assert mailbox.messages("nobody@nordbanken.se") == []
    with sector.engine.connect() as conn:
        recipients = conn.execute(text("SELECT recipient FROM outbox")).scalars().all()
    assert recipients == [PROPOSER]


def test_opening_a_link_does_not_use_it_so_a_mail_scanner_cannot(
    visitor: Visitor, mailbox: Mailbox
) -> None:
    """Looking at the link twice (as a mail program checking links does) leaves it working."""
    _answer(visitor, PROPOSER)
    link = mailbox.link(PROPOSER)
    assert visitor.get(link).status_code == 200
    assert visitor.get(link).status_code == 200
    assert visitor.post(link).status_code == 303


def test_a_used_link_is_refused_with_a_clear_page(visitor: Visitor, mailbox: Mailbox) -> None:
    """A link works once: opened or confirmed again, it says it has been used."""
    _answer(visitor, PROPOSER)
    link = mailbox.link(PROPOSER)
    visitor.get(link)
    assert visitor.post(link).status_code == 303
    for response in (visitor.get(link), visitor.post(link)):
        assert response.status_code == 410
        assert "Länken har redan använts" in response.text
        assert "Be om en ny länk" in response.text


def test_a_link_expires_after_fifteen_minutes(
    visitor: Visitor, mailbox: Mailbox, sector: Sector
) -> None:
    """At 15 minutes the link is refused as expired, and signs nobody in."""
    _answer(visitor, PROPOSER)
    link = mailbox.link(PROPOSER)
    visitor.get(link)
    sector.clock.set(sector.clock.now() + timedelta(minutes=15))
    for response in (visitor.get(link), visitor.post(link)):
        assert response.status_code == 410
        assert "Länken har gått ut" in response.text
    assert visitor.get("/items").status_code == 302


def test_a_link_that_was_never_sent_is_refused(visitor: Visitor) -> None:
    """A made-up or cut-off link says it is not valid."""
    response = visitor.get("/signin/not-a-token")
    assert response.status_code == 404 and "Länken gäller inte" in response.text


def test_links_are_throttled_per_client_and_address_whether_registered_or_not(
    web: Flask, mailbox: Mailbox
) -> None:
    """One client's fourth request for one address within 15 minutes is refused, known or
    unknown alike."""
    for address in (PROPOSER, "nobody@nordbanken.se"):
        visitor = Visitor(web, mailbox)
        for _ in range(access.PER_CLIENT_ADDRESS):
            assert _answer(visitor, address)[0] == 200
        status, page = _answer(visitor, address)
        assert status == 429 and "Vänta 15 minuter" in page
    assert len(mailbox.messages(PROPOSER)) == access.PER_CLIENT_ADDRESS


def test_a_flood_from_one_client_does_not_stop_another_clients_link_when_asked_for_one_address(
    web: Flask, mailbox: Mailbox
) -> None:
    """A client far over its limit for the victim's address: the victim, from another client,
    is answered with a link by mail, and the flood's refused requests count for nothing."""
    flood = Visitor(web, mailbox)
    flood.client.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    for _ in range(40):
        _answer(flood, PROPOSER)
    flooded = len(mailbox.messages(PROPOSER))
    assert flooded == access.PER_CLIENT_ADDRESS
    victim = Visitor(web, mailbox)
    victim.client.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    status, page = _answer(victim, PROPOSER)
    assert status == 200 and SENT in page
    assert len(mailbox.messages(PROPOSER)) == flooded + 1


def test_mail_to_one_address_is_bounded_when_many_clients_ask_for_it(sector: Sector) -> None:
    """Clients each within their own limits get their answer, but no more than
    MAILED_PER_ADDRESS links go to one address in the window."""
    for n in range(access.MAILED_PER_ADDRESS + 5):
        access.request_link(sector.uow(), sector.clock, PROPOSER, f"198.51.100.{n + 1}")
    made = access.send_links(sector.uow(), sector.clock, lambda token: token)
    assert made == access.MAILED_PER_ADDRESS
    sector.clock.set(sector.clock.now() + access.THROTTLE_WINDOW)
    access.request_link(sector.uow(), sector.clock, PROPOSER, "198.51.100.1")
    assert access.send_links(sector.uow(), sector.clock, lambda token: token) == 1


def test_two_couriers_at_once_mail_no_more_than_the_bound_to_one_address(sector: Sector) -> None:
    """Two processes' couriers making links at the same moment: together no more than
    MAILED_PER_ADDRESS for one address."""
    for n in range(access.MAILED_PER_ADDRESS * 2):
        access.request_link(sector.uow(), sector.clock, PROPOSER, f"198.51.100.{n + 1}")
    made: list[int] = []
    start = threading.Barrier(2)

    def courier() -> None:
        start.wait()
        made.append(access.send_links(sector.uow(), sector.clock, lambda token: token))

    threads = [threading.Thread(target=courier) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(made) == 2 and sum(made) == access.MAILED_PER_ADDRESS


def test_guessing_link_tokens_is_throttled_per_client_but_the_right_link_works_elsewhere(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """After WRONG_TOKENS made-up links, a client is answered 429 for a while, even with a
    real link; the person's own browser signs in with it."""
    victim = Visitor(web, mailbox)
    victim.client.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    _answer(victim, PROPOSER)
    link = mailbox.link(PROPOSER)
    guesser = Visitor(web, mailbox)
    guesser.client.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    for n in range(access.WRONG_TOKENS):
        tried = guesser.get if n % 2 else guesser.post
        assert tried(f"/signin/guess-{n}").status_code == 404
    assert guesser.get("/signin/guess-again").status_code == 429
    refused = guesser.get(link)
    assert refused.status_code == 429 and "Vänta 15 minuter" in refused.text
    assert guesser.post(link).status_code == 429
    assert victim.get(link).status_code == 200
    assert victim.post(link).status_code == 303
    sector.clock.set(sector.clock.now() + access.THROTTLE_WINDOW)
    assert guesser.get("/signin/guess-later").status_code == 404


def test_links_are_throttled_per_client(web: Flask, mailbox: Mailbox, sector: Sector) -> None:
    """One client asking for many addresses is stopped; another client is not, and after the
    window the first may ask again."""
    visitor = Visitor(web, mailbox)
    for n in range(access.PER_CLIENT):
        assert _answer(visitor, f"guess{n}@nordbanken.se")[0] == 200
    assert _answer(visitor, PROPOSER)[0] == 429
    elsewhere = Visitor(web, mailbox)
    elsewhere.client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert _answer(elsewhere, PROPOSER)[0] == 200
    sector.clock.set(sector.clock.now() + access.THROTTLE_WINDOW)
    assert _answer(visitor, PROPOSER)[0] == 200


def test_a_bad_address_is_told_on_the_page_and_nothing_is_sent(
    visitor: Visitor, mailbox: Mailbox
) -> None:
    """Something that is no address gets a clear message, not a mail or an error page."""
    status, page = _answer(visitor, "bo at nordbanken")
    assert status == 400 and "är ingen e-postadress" in page
    assert mailbox.messages() == []


def test_the_link_comes_in_the_persons_language(
    visitor: Visitor, mailbox: Mailbox, sector: Sector
) -> None:
    """A person who reads English gets the sign-in mail in English."""
    services.set_preferences(sector.uow(), PROPOSER, PROPOSER, lang="en")
    _answer(visitor, PROPOSER)
    [mail] = mailbox.messages(PROPOSER)
    assert mail["Subject"] == "Your sign-in link to FTPOS"


def test_the_session_cookie_is_signed_http_only_and_same_site_lax(
    visitor: Visitor, mailbox: Mailbox
) -> None:
    """The cookie cannot be read by scripts nor sent by other sites' forms; an edited one signs
    nobody in."""
    visitor.get("/signin")
    visitor.post("/signin", {"address": PROPOSER})
    link = mailbox.link(PROPOSER)
    visitor.get(link)
    response = visitor.post(link)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("arshjul=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    visitor.client.set_cookie("arshjul", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert visitor.get("/items").status_code == 302


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(
    web: Flask, mailbox: Mailbox
) -> None:
    """A copy of the cookie taken before signing out no longer signs anyone in."""
    bo = Visitor(web, mailbox)
    bo.sign_in(PROPOSER)
    copy = Visitor(web, mailbox)
    copy.client.set_cookie("arshjul", bo.client.get_cookie("arshjul").value)  # type: ignore[union-attr]
    assert copy.get("/items").status_code == 200
    assert bo.post("/signout").headers["Location"].endswith("/signin")
    assert bo.get("/items").status_code == 302
    assert copy.get("/items").status_code == 302


def test_a_session_lasts_a_working_day(web: Flask, mailbox: Mailbox, sector: Sector) -> None:
    """Twelve hours after signing in, the page asks to sign in again."""
    bo = Visitor(web, mailbox)
    bo.sign_in(PROPOSER)
    sector.clock.set(sector.clock.now() + access.SESSION_VALID - timedelta(minutes=1))
    assert bo.get("/items").status_code == 200
    sector.clock.set(sector.clock.now() + timedelta(minutes=1))
    response = bo.get("/items")
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/items",
        "/items/2027-001",
        "/measures",
        "/board",
        "/reports/plan-2027.csv",
        "/calendar",
    ],
)
def test_every_page_but_signing_in_sends_a_stranger_to_sign_in(visitor: Visitor, path: str) -> None:
    """Without a session no page shows anything but the way in."""
    response = visitor.get(path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin")


def _rows(sector: Sector, sql: str) -> list[tuple[object, ...]]:
    with sector.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def test_asking_does_the_same_work_for_every_address_and_the_courier_makes_the_link(
    sector: Sector,
) -> None:
    """A request writes one row, known address or not, and no link; the courier's turn makes
    the registered person's link and mail, and nothing for the stranger."""
    for address in (PROPOSER, "nobody@nordbanken.se"):
        access.request_link(sector.uow(), sector.clock, address, "192.0.2.1")
    assert _rows(sector, "SELECT address, state FROM signin_attempt ORDER BY id") == [
        (PROPOSER, "admitted"),
        ("nobody@nordbanken.se", "admitted"),
    ]
    assert _rows(sector, "SELECT id FROM signin_token") == []
    assert _rows(sector, "SELECT id FROM outbox") == []
    made = access.send_links(sector.uow(), sector.clock, lambda token: f"/signin/{token}")
    assert made == 1
    assert _rows(sector, "SELECT recipient FROM outbox") == [(PROPOSER,)]
    assert _rows(sector, "SELECT state FROM signin_attempt") == [("done",), ("done",)]
    assert access.send_links(sector.uow(), sector.clock, lambda token: token) == 0


def test_a_refused_request_gets_no_link(sector: Sector) -> None:
    """Over the limit, the request is counted but the courier makes nothing of it."""
    for _ in range(access.PER_CLIENT_ADDRESS):
        access.request_link(sector.uow(), sector.clock, PROPOSER, "192.0.2.1")
    with pytest.raises(TooMany):
        access.request_link(sector.uow(), sector.clock, PROPOSER, "192.0.2.1")
    made = access.send_links(sector.uow(), sector.clock, lambda token: token)
    assert made == access.PER_CLIENT_ADDRESS


def test_of_many_requests_at_once_no_more_than_the_limit_pass(sector: Sector) -> None:
    """Requests racing each other for one address are each counted before any is admitted."""
    passed: list[bool] = []
    start = threading.Barrier(12)

    def ask() -> None:
        start.wait()
        try:
            access.request_link(sector.uow(), sector.clock, PROPOSER, "192.0.2.1")
            passed.append(True)
        except TooMany:
            passed.append(False)

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(passed) == 12
    assert passed.count(True) <= access.PER_CLIENT_ADDRESS


def test_an_ipv6_client_is_counted_by_its_64_bit_prefix(web: Flask, mailbox: Mailbox) -> None:
    """Addresses of one /64 share the client limit; another /64 does not."""
    assert access.client_key("2001:db8:1:2::7") == access.client_key("2001:db8:1:2:ffff::1")
    assert access.client_key("2001:db8:1:3::7") != access.client_key("2001:db8:1:2::7")
    assert access.client_key("::ffff:192.0.2.7") == "192.0.2.7"
    visitor = Visitor(web, mailbox)
    for n in range(access.PER_CLIENT):
        visitor.client.environ_base["REMOTE_ADDR"] = f"2001:db8:1:2::{n + 1:x}"
        assert _answer(visitor, f"guess{n}@nordbanken.se")[0] == 200
    visitor.client.environ_base["REMOTE_ADDR"] = "2001:db8:1:2:abcd::99"
    assert _answer(visitor, PROPOSER)[0] == 429
    visitor.client.environ_base["REMOTE_ADDR"] = "2001:db8:1:3::1"
    assert _answer(visitor, PROPOSER)[0] == 200


def test_links_and_sessions_are_kept_only_as_digests(
    visitor: Visitor, mailbox: Mailbox, sector: Sector
) -> None:
    """The database holds the SHA-256 of a link's and a session's token, never the token."""
    visitor.sign_in(PROPOSER)
    token = mailbox.link(PROPOSER).rsplit("/", 1)[1]
    [(stored,)] = _rows(sector, "SELECT token_hash FROM signin_token")
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in str(stored)
    session = _session(visitor)
    [(kept,)] = _rows(sector, "SELECT token_hash FROM web_session")
    assert kept == hashlib.sha256(session.encode()).hexdigest() and kept != session


def _session(visitor: Visitor) -> str:
    with visitor.client.session_transaction() as session:
        sid = session["sid"]
    assert isinstance(sid, str)
    return sid


def test_signing_in_starts_a_new_session(web: Flask, visitor: Visitor, mailbox: Mailbox) -> None:
    """Whatever the browser carried before signing in (a planted cookie) is not the session
    after: a new session token and a new CSRF token."""
    visitor.get("/signin")
    with visitor.client.session_transaction() as before:
        before["sid"] = "planted-by-someone-else"
        planted_csrf = before["csrf"]
    visitor.sign_in(PROPOSER)
    with visitor.client.session_transaction() as after:
        assert after["sid"] != "planted-by-someone-else"
        assert after["csrf"] != planted_csrf


def test_the_session_cookie_is_secure_when_the_page_is_served_over_https(
    sector: Sector, mailbox: Mailbox
) -> None:
    """Served at an https address, the cookie is sent over https only."""
    from arshjul.web import Site, create_app

    https = Site(sector.engine, sector.clock, sector.calendar, "https://arshjul.test")
    client = create_app(https).test_client()
    response = client.get("/signin", base_url="https://arshjul.test")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("step", ["ask", "open", "confirm"])
def test_a_fault_of_the_database_is_an_error_page_not_a_sign_in_answer(
    visitor: Visitor, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """With the database gone, asking or using a link says so (503), never "look in your inbox"
    nor "the link has expired"."""
    _answer(visitor, PROPOSER)
    link = mailbox.link(PROPOSER)
    visitor.get("/signin")

    def unreachable(*args: object, **kwargs: object) -> object:
        raise StoreError("db_unreachable", url="sqlite:///gone.db", reason="disk I/O error")

    name = {"ask": "request_link", "open": "check_link", "confirm": "redeem_link"}[step]
    monkeypatch.setattr(access, name, unreachable)
    if step == "ask":
        response = visitor.post("/signin", {"address": PROPOSER})
    elif step == "open":
        response = visitor.get(link)
    else:
        response = visitor.post(link)
    assert response.status_code == 503
    assert SENT not in response.text and "Länken" not in response.text
    assert "gone.db" in response.text or "databas" in response.text.lower()


def test_guessing_feed_tokens_is_throttled_per_client_but_the_right_feed_opens_elsewhere(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """After WRONG_TOKENS made-up feed addresses, a client is answered 429 even for a real
    one; a calendar program elsewhere still reads the feed."""
    token = access.feed_token(sector.uow(), sector.clock, PROPOSER)
    guesser = Visitor(web, mailbox)
    guesser.client.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    for n in range(access.WRONG_TOKENS):
        assert guesser.get(f"/feed/guess-{n}.ics").status_code == 404
    assert guesser.get(f"/feed/{token}.ics").status_code == 429
    calendar = Visitor(web, mailbox)
    calendar.client.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    response = calendar.get(f"/feed/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
