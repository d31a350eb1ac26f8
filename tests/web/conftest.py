"""The web page on a real database, with real mail into a folder: a test client that signs in
through the link in the mail, as a person does."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from arshjul.notifications.delivery import FolderDelivery, send_waiting
from arshjul.web import Site, create_app
from arshjul.web.courier import pass_on
from tests.conftest import COORDINATOR, DECIDER, OTHER_PROPOSER, OWNER, Sector, at

BASE = "http://arshjul.test"
MAIL_FROM = "Årshjul <arshjul@fi.example>"
_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


class Mailbox:
    """The `dir://` folder the outbox is delivered to."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        found = []
        # In the order they were delivered: two names made at one clock time sort by their hash.
        paths = sorted(self.folder.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        for path in paths if self.folder.exists() else []:
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            assert isinstance(message, EmailMessage)
            if to is None or message["To"] == to:
                found.append(message)
        return found

    def text(self, message: EmailMessage) -> str:
        body = message.get_body(("plain",))
        assert body is not None
        return body.get_content()  # type: ignore[no-any-return]

    def link(self, to: str) -> str:
        """The path of the newest sign-in link mailed to `to`."""
        links = [
            match.group(1)
            for message in self.messages(to)
            if message["X-Arshjul-Kind"] == "signin"
            for match in [re.search(r"https?://[^/\s]+(/signin/\S+)", self.text(message))]
            if match
        ]
        assert links, f"no sign-in link mailed to {to}"
        return links[-1]


@pytest.fixture
def mailbox(tmp_path: Path) -> Mailbox:
    return Mailbox(tmp_path / "mail")


@pytest.fixture
def site(sector: Sector, mailbox: Mailbox) -> Site:
    """The page as `arshjul serve` makes it, but doing the courier's work (the sign-in links,
    the outbox) at once, in the request, so a test reads the mail right after the page
    answers."""
    delivery = FolderDelivery(mailbox.folder)
    made: list[Site] = []

    def deliver() -> None:
        pass_on(made[0], lambda: send_waiting(sector.engine, sector.clock, delivery, MAIL_FROM))

    made.append(Site(sector.engine, sector.clock, sector.calendar, BASE, deliver))
    return made[0]


@pytest.fixture
def web(site: Site) -> Flask:
    return create_app(site)


class Visitor:
    """One browser: its cookies, the CSRF token of the last page it saw."""

    def __init__(self, app: Flask, mailbox: Mailbox) -> None:
        self.client: FlaskClient = app.test_client()
        self.mailbox = mailbox
        self.token = ""

    def get(self, path: str, **kw: object) -> TestResponse:
        response = self.client.get(path, **kw)  # type: ignore[arg-type]
        found = (
            _TOKEN.search(response.get_data(as_text=True))
            if response.mimetype == "text/html"
            else None
        )
        if found:
            self.token = found.group(1)
        return response

    def post(
        self, path: str, data: dict[str, object] | None = None, *, csrf: bool = True
    ) -> TestResponse:
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf", self.token or self._fresh_token())
        return self.client.post(path, data=form)

    def _fresh_token(self) -> str:
        self.get("/signin")
        return self.token

    def sign_in(self, email: str) -> TestResponse:
        self.get("/signin")
        self.post("/signin", {"address": email})
        link = self.mailbox.link(email)
        self.get(link)
        response = self.post(link)
        assert response.status_code == 303, response.get_data(as_text=True)
        return self.get(response.headers["Location"], follow_redirects=True)


@pytest.fixture
def visitor(web: Flask, mailbox: Mailbox) -> Visitor:
    return Visitor(web, mailbox)


def as_(web: Flask, mailbox: Mailbox, email: str) -> Visitor:
    visitor = Visitor(web, mailbox)
    visitor.sign_in(email)
    return visitor


class Served:
    """`arshjul serve --port 0` in a process of its own, as a person starts it."""

    def __init__(
        self,
        env: dict[str, str],
        *args: str,
        command: list[str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "arshjul", "serve", "--port", "0", *args],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.said: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self._wait_for_url()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.said.append(line)

    def _wait_for_url(self, timeout: float = 120.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.said:
                found = re.search(r"(http://\S+?)/? ", line)
                if found:
                    return found.group(1)
            assert self.process.poll() is None, "".join(self.said)
            time.sleep(0.05)
        raise AssertionError(f"`serve` printed no address within {timeout:g} s: {self.said}")

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        return code, "".join(self.said)


@pytest.fixture
def serve_env(tmp_path: Path, db_url: str) -> dict[str, str]:
    """The test's database, its mail into the mailbox's folder, nothing else of ARSHJUL_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARSHJUL_")}
    return env | {
        "ARSHJUL_DB": db_url,
        "ARSHJUL_MAIL": f"dir://{tmp_path / 'mail'}",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONIOENCODING": "utf-8",
    }


@pytest.fixture
def serve(serve_env: dict[str, str]) -> Iterator[Callable[..., Served]]:
    """Start `arshjul serve` at a clock given as ARSHJUL_NOW; every process it started is gone
    after the test."""
    started: list[Served] = []

    def start(now: str, *args: str) -> Served:
        served = Served(serve_env | {"ARSHJUL_NOW": now}, *args)
        started.append(served)
        return served

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait(timeout=30)


def plan_2027(sector: Sector) -> dict[str, str]:
    """Cycle 2027 decided: Olle of Nordbanken owns a measure due in June and one due in
    December, Pia's Sydbanken one restricted to itself; and meetings in 2027, one of them for
    Sydbanken only, one cancelled. The clock is left at the decision."""
    from arshjul.workflow import meetings

    clock = sector.clock
    ids = {
        "june": sector.propose("Övning: betalningar vid elavbrott"),
        "december": sector.propose("Kontaktlista för incidenter utanför kontorstid"),
        "secret": sector.propose(
            "Hemlig: reservsite för clearing", actor=OTHER_PROPOSER, restricted_to=["Sydbanken AB"]
        ),
    }
    clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", *ids.values(), actor=COORDINATOR)
    clock.set(at("2026-08-20 10:00"))
    sector.move("decide", ids["june"], actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    sector.move("decide", ids["december"], actor=DECIDER, owner=OWNER, due=date(2027, 12, 15))
    sector.move("decide", ids["secret"], actor=DECIDER, owner=COORDINATOR, due=date(2027, 9, 1))
    for title, kind, start, invited in (
        ("FTPOS: informationsmöte 1 2027", "information", "2027-03-15 10:00", {"everyone": True}),
        (
            "Bilateralt möte FI–Nordbanken",
            "bilateral",
            "2027-04-20 13:00",
            {"orgs": ["Nordbanken AB"]},
        ),
        ("Arbetsgrupp clearing", "working_group", "2027-05-04 09:00", {"orgs": ["Sydbanken AB"]}),
        ("Genomförandemöte", "execution", "2027-09-07 13:00", {"everyone": True}),
    ):
        meetings.add_meeting(
            sector.uow(),
            clock,
            sector.calendar,
            COORDINATOR,
            title,
            kind,
            at(start),
            at(start) + timedelta(hours=2),
            place="Finansinspektionen, Brunnsgatan 3",
            **invited,  # type: ignore[arg-type]
        )
    cancelled = meetings.meetings_of(sector.uow(), sector.calendar, 2027, COORDINATOR)[-1]
    meetings.cancel_meeting(sector.uow(), clock, COORDINATOR, cancelled.id)
    return ids


def database(sector: Sector) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a fixed order: to show a request changed nothing."""
    from sqlalchemy import select
    from sqlmodel import SQLModel

    with sector.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(row) for row in conn.execute(select(table))), key=lambda row: repr(row)
            )
            for table in SQLModel.metadata.sorted_tables
        }


def every_path(app: Flask, method: str, values: dict[str, dict[str, object]]) -> list[str]:
    """A path for every route of `method` in the application's URL map, its arguments taken
    from `values` by endpoint (an endpoint with several, such as a move, gives one path
    each); routes that take arguments and have none in `values` fail the test."""
    paths = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if method not in (rule.methods or ()) or rule.endpoint == "static":
                continue
            if not rule.arguments:
                paths.append(url_for(rule.endpoint))
                continue
            assert rule.endpoint in values, f"no arguments for {rule.endpoint}"
            given = values[rule.endpoint]
            choices = given if isinstance(given, list) else [given]
            paths += [url_for(rule.endpoint, **args) for args in choices]
    return paths
