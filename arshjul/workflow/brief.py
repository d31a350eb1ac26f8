"""The standing information point: a meeting of one body set to inform another (`brief` in
its recurring meeting's configuration) carries a brief of the other body since its previous
meeting: measures decided, started, done and cancelled, exercises planned ahead, and meetings.

Each reader gets it as they may see it in the other body: nothing of a body their
organisation does not take part in, never a restricted measure (what is restricted in one
body is not briefed to another), and only the meetings the one rule lets them see there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from arshjul.i18n import t
from arshjul.states.lifecycle import Event, State
from arshjul.states.model import Actor, Body, Item, Meeting
from arshjul.states.rules import Audience
from arshjul.store import bodies, meetings
from arshjul.store import brief as store_brief
from arshjul.store.repository import Repository
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import cadence, recurring
from arshjul.workflow.calendar import CycleCalendar

#: "Planned" exercises and meetings: those in about the coming four months.
AHEAD = timedelta(days=120)
#: The first meeting of a recurring meeting has no previous one: a brief of the year before it.
FIRST_SINCE = timedelta(days=365)
#: The moves a brief tells, each under its heading.
MOVES = (Event.decide, Event.start, Event.complete, Event.cancel)
PLANNED = (State.decided, State.in_progress)


@dataclass(frozen=True)
class Brief:
    """Another body (`body`) from `since` to `until`, as one reader may see it."""

    body: Body
    since: datetime
    until: datetime
    decided: tuple[Item, ...] = ()
    started: tuple[Item, ...] = ()
    done: tuple[Item, ...] = ()
    cancelled: tuple[Item, ...] = ()  # decided, and ended undone since
    exercises: tuple[Item, ...] = ()  # decided or in progress, due in the coming months
    meetings: tuple[Meeting, ...] = ()  # from `since` to the coming months

    def sections(self) -> list[tuple[str, tuple[Any, ...]]]:
        """(i18n key of the heading, what is under it), those with something under them."""
        every = (
            ("brief_decided", self.decided),
            ("brief_started", self.started),
            ("brief_done", self.done),
            ("brief_cancelled", self.cancelled),
            ("brief_exercises", self.exercises),
            ("brief_meetings", self.meetings),
        )
        return [(key, shown) for key, shown in every if shown]


def brief(
    repo: Repository, since: datetime, until: datetime, reader_email: str | None
) -> Brief | None:
    """The body `repo` works in, from `since` to `until`, as `reader_email` may see it there;
    None to a reader whose organisation takes no part in it (nor to nobody in particular):
    a body's work is for those taking part in it."""
    person = repo.person(reader_email) if reader_email else None
    if person is None or not person.member:
        return None
    reader = person.as_actor()
    conn, body_id = repo.conn, repo.body_id
    moves = store_brief.moved(conn, body_id, [e.value for e in MOVES], since, until)
    moved = {event: _told(repo, reader, [i for e, i in moves if e == event]) for event in MOVES}
    ahead = store_brief.due_between(
        conn,
        body_id,
        "exercise",
        [s.value for s in PLANNED],
        until.date(),
        (until + AHEAD).date(),
    )
    groups = meetings.all_groups(conn, person.email).get(person.email, frozenset())
    audience = Audience(reader, groups)
    seen = tuple(
        m
        for m in meetings.between(conn, since, until + AHEAD, body_id)
        if not m.cancelled and audience.sees(m)
    )
    return Brief(
        repo.body,
        since,
        until,
        decided=moved[Event.decide],
        started=moved[Event.start],
        done=moved[Event.complete],
        cancelled=moved[Event.cancel],
        exercises=_told(repo, reader, ahead),
        meetings=seen,
    )


def _told(repo: Repository, reader: Actor, ids: list[str]) -> tuple[Item, ...]:
    """The measures among `ids` a brief may tell the reader of: never a restricted one."""
    items = repo.items(ids) if ids else []
    return tuple(item for item in items if not item.restricted and item.visible_to(reader))


def meeting_briefs(
    repo: Repository, calendar: CycleCalendar, meeting: Meeting, reader_email: str | None
) -> list[Brief]:
    """The briefs a meeting carries, one for each body its recurring meeting is set to brief
    that the reader takes part in, since the previous meeting of that recurring meeting
    (`calendar` is the meeting's body's)."""
    if meeting.recurring is None:
        return []
    entry = next((r for r in calendar.config.recurring if r.key == meeting.recurring), None)
    if entry is None or not entry.brief:
        return []
    conn = repo.conn
    days = [calendar.local(s).date() for s in recurring.held(conn, meeting.body, entry.key)]
    previous = cadence.previous_meeting(days, calendar.local(meeting.starts_at).date())
    since = calendar.start_of(previous) if previous else meeting.starts_at - FIRST_SINCE
    others = (bodies.by_short(conn, short) for short in entry.brief)
    found = (
        brief(repo.within(other.id), since, meeting.starts_at, reader_email)
        for other in others
        if other is not None and other.id != meeting.body
    )
    return [b for b in found if b is not None]


def briefs_for(
    uow: UnitOfWork, calendar: CycleCalendar, meeting: Meeting, reader_email: str | None
) -> list[Brief]:
    """`meeting_briefs` in a transaction of its own (`meeting show`: the reader is checked)."""
    with uow:
        return meeting_briefs(uow.repo, calendar, meeting, reader_email)


def view(brief_: Brief, lang: str, local: Callable[[datetime], datetime]) -> dict[str, Any]:
    """A brief as a message or the command line shows it: a heading, then each section's
    heading and lines (nothing to tell says so)."""

    def line(shown: Item | Meeting) -> str:
        if isinstance(shown, Meeting):
            return f"{local(shown.starts_at).strftime('%Y-%m-%d %H:%M')}  {shown.title}"
        due = f"  ({t('brief_due', lang=lang, due=shown.due.isoformat())})" if shown.due else ""
        return f"{shown.id}  {shown.title}{due}"

    return {
        "body": brief_.body.short,
        "heading": t(
            "brief_heading",
            lang=lang,
            body=brief_.body.short,
            since=local(brief_.since).strftime("%Y-%m-%d"),
        ),
        "sections": [
            {"heading": t(key, lang=lang), "lines": [line(s) for s in shown]}
            for key, shown in brief_.sections()
        ],
        "nothing": t("brief_nothing", lang=lang),
    }


def to_json(brief_: Brief, local: Callable[[datetime], datetime]) -> dict[str, Any]:
    """A brief for `meeting show --json`."""

    def item(shown: Item) -> dict[str, Any]:
        due = shown.due.isoformat() if shown.due else None
        return {"id": shown.id, "title": shown.title, "state": shown.state.value, "due": due}

    return {
        "body": brief_.body.short,
        "since": local(brief_.since).isoformat(),
        "until": local(brief_.until).isoformat(),
        "decided": [item(i) for i in brief_.decided],
        "started": [item(i) for i in brief_.started],
        "done": [item(i) for i in brief_.done],
        "cancelled": [item(i) for i in brief_.cancelled],
        "exercises": [item(i) for i in brief_.exercises],
        "meetings": [
            {"id": m.id, "title": m.title, "starts": local(m.starts_at).isoformat()}
            for m in brief_.meetings
        ],
    }
