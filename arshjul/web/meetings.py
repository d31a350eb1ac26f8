"""The meeting calendar of a plan year, and each person's private calendar feed: an address
with a token in it that a calendar program subscribes to, without signing in."""

from __future__ import annotations

from email.utils import parseaddr

from flask import Blueprint, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from arshjul.errors import NotFound
from arshjul.i18n import MEETING_KIND_NAMES
from arshjul.reports.ics import calendar as to_ics
from arshjul.states.model import Meeting
from arshjul.web.app import site
from arshjul.web.bodies import Seat, seats, seats_of
from arshjul.web.guard import client, in_range, me, year_asked
from arshjul.web.texts import w
from arshjul.workflow import access
from arshjul.workflow.meetings import meetings_for

pages = Blueprint("meetings", __name__)

ICS = "text/calendar; charset=utf-8"


@pages.route("/calendar")
def calendar() -> str:
    """The meetings of plan year P (`?year=P`) the person sees; the ones they are invited to
    are marked."""
    asked = year_asked("year")
    year = _plan_year() if asked is None else asked
    person = me()
    meetings = [
        _row(seat, m, invited)
        for seat, (m, invited) in _meetings(seats(), person.email, year, year)
    ]
    token = access.feed_token(site().uow(), site().clock, person.email)
    return render_template(
        "calendar.html",
        year=year,
        meetings=meetings,
        feed=site().url(url_for("meetings.feed", token=token)),
    )


def _row(seat: Seat, m: Meeting, invited: bool) -> dict[str, object]:
    """A meeting as a row of the calendar page, in its body's time zone, marked with its body."""
    local = seat.calendar.local
    return {
        "day": local(m.starts_at).strftime("%Y-%m-%d"),
        "time": f"{local(m.starts_at):%H:%M}–{local(m.ends_at):%H:%M}",
        "title": m.title,
        "kind": MEETING_KIND_NAMES[m.kind][g.lang],
        "place": m.place or "",
        "cancelled": m.cancelled,
        "invited": invited,
        "body": seat.mark,
    }


def _plan_year() -> int:
    """The newest plan year whose calendar has gone out with its decided plan; until then,
    this year's."""
    calendar, now = site().calendar, site().clock.now()
    published = [p for p in calendar.live(now) if calendar.decided(p, now)]
    return max(published, default=calendar.local(now).year)


@pages.route("/calendar/feed", methods=["POST"])
def renew_feed() -> Response:
    """A new feed address; the one before stops working (if it was shared by mistake)."""
    access.feed_token(site().uow(), site().clock, me().email, renew=True)
    flash(w("feed_renewed"), "ok")
    return redirect(url_for("meetings.calendar"), 303)


@pages.route("/calendar/<int:year>.ics")
def year_ics(year: int) -> Response:
    if not in_range(year):
        raise NotFound("no_report", name=f"{year}.ics")
    chosen = _meetings(seats(), me().email, year, year)
    name = f"{_names(seats())} {year}"
    return _ics([m for _, (m, _) in chosen], name, f"calendar-{year}.ics")


@pages.route("/feed/<token>.ics")
def feed(token: str) -> Response:
    """The meetings of last year, this year and next that concern the feed's owner."""
    person = access.feed_person(site().uow(), site().clock, token, client())
    if person is None:
        raise NotFound("no_feed")
    year = site().calendar.local(site().clock.now()).year
    theirs = seats_of(person.email)
    chosen = _meetings(theirs, person.email, year - 1, year + 1)
    return _ics([m for _, (m, _) in chosen], f"{_names(theirs)} – {person.name}", None)


def _meetings(
    where: list[Seat], email: str, first: int, last: int
) -> list[tuple[Seat, tuple[Meeting, bool]]]:
    """The meetings of every body the person works in that they see, in the order they come,
    each with its body and whether they are invited; each meeting keeps its own uid."""
    found = [
        (seat, chosen)
        for seat in where
        for chosen in meetings_for(seat.uow(write=False), seat.calendar, email, first, last)
    ]
    return sorted(found, key=lambda pair: (pair[1][0].starts_at, pair[1][0].id))


def _names(where: list[Seat]) -> str:
    """What a calendar of the person's bodies is called: the cycles' names ("FTPOS", "FTPOS,
    SOES"); the site's while they work in none."""
    return ", ".join(seat.name for seat in where) or site().config.name


def _ics(chosen: list[Meeting], name: str, download: str | None) -> Response:
    organizer = parseaddr(site().config.mail_from)[1] or "arshjul@localhost"
    text = to_ics(chosen, name=name, stamp=site().clock.now(), organizer=organizer)
    response = Response(text, content_type=ICS)
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return response
