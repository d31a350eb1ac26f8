"""The web page on a real database, with real mail into a folder: a test client that signs in
through the link in the mail, as a person does."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from arshjul.notifications.delivery import FolderDelivery, send_waiting
from arshjul.web import Site, create_app
from tests.conftest import Sector

BASE = "http://arshjul.test"
MAIL_FROM = "Årshjul <arshjul@fi.example>"
_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


class Mailbox:
    """The `dir://` folder the outbox is delivered to."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.eml")) if self.folder.exists() else []:
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
            for match in [re.search(re.escape(BASE) + r"(/signin/\S+)", self.text(message))]
            if match
        ]
        assert links, f"no sign-in link mailed to {to}"
        return links[-1]


@pytest.fixture
def mailbox(tmp_path: Path) -> Mailbox:
    return Mailbox(tmp_path / "mail")


@pytest.fixture
def site(sector: Sector, mailbox: Mailbox) -> Site:
    """The page as `arshjul serve` makes it, but delivering the outbox at once, in the
    request, so a test reads the mail right after the page answers."""
    delivery = FolderDelivery(mailbox.folder)

    def deliver() -> None:
        send_waiting(sector.engine, sector.clock, delivery, MAIL_FROM)

    return Site(sector.engine, sector.clock, sector.calendar, BASE, deliver)


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
