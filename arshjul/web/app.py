"""The web page's application: what it runs on, and the Flask application made from it.

Every page reads and every form changes through the service layer, as the command line does:
the same rules, the same history with the person as actor, the same mail. The page decides
nothing about what a move may do; it asks `services.possible_moves` what to offer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from jinja2 import StrictUndefined
from sqlalchemy import Engine

from arshjul.clock import Clock
from arshjul.config import CycleConfig
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import access
from arshjul.workflow.calendar import CycleCalendar

#: Forms are small: a description is at most 10,000 characters.
MAX_REQUEST_BYTES = 256 * 1024


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Site:
    """What the page runs on. Mail is written to the outbox by the handlers installed for the
    process (the command line installs the notifier); `deliver` is called after every change,
    so the outbox goes out without waiting for the scheduler."""

    engine: Engine
    clock: Clock
    calendar: CycleCalendar
    base_url: str  # where people reach the page; sign-in links and feed addresses point here
    deliver: Callable[[], None] = field(default=_nothing)
    follow_stored: bool = False  # `serve`: a `cycle set` meanwhile counts from the next request

    @property
    def config(self) -> CycleConfig:
        return self.calendar.config

    def follow(self) -> None:
        """Run by the configuration the database keeps, if another process has changed it."""
        if not self.follow_stored:
            return
        from arshjul.workflow.cycle_config import in_force

        with UnitOfWork(self.engine, write=False, glance=True) as uow:
            calendar = in_force(uow.connection, self.calendar)
        if calendar is not self.calendar:
            # The one change a Site allows: the calendar, swapped whole between requests.
            object.__setattr__(self, "calendar", calendar)

    def uow(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.engine, write=write)

    def url(self, path: str) -> str:
        """An address for outside the page (a mail, a calendar program)."""
        return self.base_url.rstrip("/") + path


def create_app(site: Site) -> Flask:
    from arshjul.web import errors, guard
    from arshjul.web.board import pages as board
    from arshjul.web.items import pages as items
    from arshjul.web.living import pages as living
    from arshjul.web.meetings import pages as meetings
    from arshjul.web.overlap import pages as overlap
    from arshjul.web.signin import pages as signin

    app = Flask(__name__)
    app.jinja_options = {
        **app.jinja_options,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    app.config.update(
        SECRET_KEY=access.cookie_key(site.uow(), site.clock),
        SESSION_COOKIE_NAME="arshjul",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=site.base_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=access.SESSION_VALID,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
    )
    app.extensions["arshjul"] = site
    guard.install(app)
    errors.install(app)
    for pages in (signin, items, living, board, meetings, overlap):
        app.register_blueprint(pages)
    app.add_url_rule("/", "home", guard.home)
    app.add_url_rule("/language", "language", guard.language, methods=["POST"])
    return app


def site() -> Site:
    """The site of the application handling the current request."""
    found: Any = current_app.extensions["arshjul"]
    assert isinstance(found, Site)
    return found
