"""Mail about meetings and working groups: invitations carrying the .ics (moved ones keep their
UID with a higher SEQUENCE), cancellations, reminders, minutes; and, when the communication
phase opens, the decided plan with the year's meeting calendar to everyone."""

from __future__ import annotations

from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from arshjul.i18n import MEETING_KIND_NAMES
from arshjul.reports import ics
from arshjul.states.events import (
    DomainEvent,
    DueEventFired,
    MeetingCancelled,
    MeetingScheduled,
    MinutesRecorded,
    WorkingGroupJoined,
)
from arshjul.states.lifecycle import IN_PLAN, State
from arshjul.states.model import Meeting
from arshjul.states.rules import Audience
from arshjul.store import meetings
from arshjul.workflow import brief

if TYPE_CHECKING:
    from arshjul.notifications.notifier import Notifier, Outgoing, World

_IN_PLAN = frozenset(s.value for s in IN_PLAN)  # as an ItemRef names states
#: The messages about a meeting that carry its standing information points, as each reader
#: may see them when the message is written.
BRIEFED = frozenset({"invitation", "meeting_moved", "meeting_reminder"})


def compose(notifier: Notifier, world: World, event: DomainEvent) -> list[Outgoing]:
    conn = world.repo.conn
    if isinstance(event, MeetingScheduled | MeetingCancelled):
        meeting = meetings.get(conn, event.meeting_id)
        cancelled = isinstance(event, MeetingCancelled)
        kind = (
            "meeting_cancelled"
            if cancelled
            else "invitation"
            if event.sequence == 0
            else "meeting_moved"
        )
        attachment = _ics(notifier, [meeting], event.at, "CANCEL" if cancelled else "REQUEST")
        cause = f"meeting:{meeting.id}:{event.sequence}"
        return _to_invitees(notifier, world, meeting, kind, cause, attachment)
    if isinstance(event, MinutesRecorded):
        meeting = meetings.get(conn, event.meeting_id)
        cause = f"minutes:{meeting.id}:{event.at.isoformat()}"
        return _to_invitees(notifier, world, meeting, "minutes", cause, None)
    if isinstance(event, WorkingGroupJoined):
        cause = f"group:{event.item_id}:{event.at.isoformat()}"
        everyone = meetings.group(conn, event.item_id)
        return notifier.tell(
            world, event.members, "working_group", cause, item_id=event.item_id, members=everyone
        )
    return []


def reminder(notifier: Notifier, world: World, event: DueEventFired, cause: str) -> list[Outgoing]:
    meeting = meetings.get(world.repo.conn, int(event.subject.removeprefix("M")))
    if meeting.cancelled:
        return []
    days = notifier.days_between(event.at, notifier.calendar.local(meeting.starts_at).date())
    return _to_invitees(notifier, world, meeting, "meeting_reminder", cause, None, days=days)


def plan_published(
    notifier: Notifier, world: World, plan_year: int, cause: str, common: dict[str, Any]
) -> list[Outgoing]:
    """The decided plan and the meeting calendar for the plan year, to all participants: each
    with the meetings they see."""
    from arshjul.notifications.notifier import CycleList

    conn = world.repo.conn
    calendar = notifier.calendar
    year_meetings = [
        m
        for m in meetings.between(
            conn,
            calendar.start_of_year(plan_year),
            calendar.start_of_year(plan_year + 1),
            calendar.body.id,
        )
        if not m.cancelled
    ]
    # Each gets the meetings they see (the calendar page's rule): one message a group alike.
    groups = meetings.all_groups(conn)
    alike: dict[tuple[int, ...], list[str]] = {}
    for email in world.everyone():
        person = world.person(email)
        if person is not None:
            reader = Audience(person.as_actor(), groups.get(email, frozenset()))
            seen = tuple(m.id for m in year_meetings if reader.sees(m))
            alike.setdefault(seen, []).append(email)
    told: list[Outgoing] = []
    for seen, emails in alike.items():
        chosen = [m for m in year_meetings if m.id in seen]
        attachment = _ics(
            notifier, chosen, world.now, None, name=f"{notifier.config.name} {plan_year}"
        )
        told += notifier.tell(
            world,
            emails,
            "plan_published",
            cause,
            attachment,
            items=CycleList(plan_year, _IN_PLAN),
            left_out=CycleList(plan_year, frozenset({State.deprioritised.value})),
            meeting_ids=list(seen),
            **common,
        )
    return told


def view(
    notifier: Notifier, world: World, meeting_id: int, reader: Any, lang: str
) -> dict[str, Any]:
    from arshjul.notifications.notifier import shown

    meeting = meetings.get(world.repo.conn, meeting_id)
    local = notifier.calendar.local
    return {
        "id": meeting.id,
        "title": meeting.title,
        "kind": MEETING_KIND_NAMES[meeting.kind][lang],
        "starts": local(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends": local(meeting.ends_at).strftime("%H:%M"),
        "place": meeting.place or "",
        "items": [shown(i, reader) for i in world.items(meeting.items)],
        "minutes": meeting.minutes or "",
        "cancelled": meeting.cancelled,
        "agenda": list(meeting.agenda),
    }


def briefs(
    notifier: Notifier, world: World, meeting_id: int, email: str, lang: str
) -> list[dict[str, Any]]:
    """The briefs of other bodies a meeting carries, as the reader `email` may see them."""
    meeting = meetings.get(world.repo.conn, meeting_id)
    local = notifier.calendar.local
    found = brief.meeting_briefs(world.repo, notifier.calendar, meeting, email)
    return [brief.view(b, lang, local) for b in found]


def _to_invitees(
    notifier: Notifier,
    world: World,
    meeting: Meeting,
    kind: str,
    cause: str,
    attachment: tuple[str, str, str] | None,
    **context: Any,
) -> list[Outgoing]:
    invitees = meetings.invitees(world.repo.conn, meeting)
    return notifier.tell(world, invitees, kind, cause, attachment, meeting_id=meeting.id, **context)


def _ics(
    notifier: Notifier,
    chosen: list[Meeting],
    stamp: Any,
    method: str | None,
    *,
    name: str | None = None,
) -> tuple[str, str, str]:
    organizer = parseaddr(notifier.config.mail_from)[1] or f"arshjul@{notifier.domain}"
    text = ics.calendar(
        chosen, name=name or notifier.config.name, stamp=stamp, organizer=organizer, method=method
    )
    content_type = f"text/calendar; method={method}" if method else "text/calendar"
    return ("invitation.ics" if method else "calendar.ics", content_type, text)
