"""Meetings and working groups (framework §4.2.2): FI convenes and documents them.

Each use case is one transaction, like the item moves: it checks who acts, changes the store,
plans the meeting's reminders as due events, and publishes what happened for mail.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import Connection, delete

from arshjul.clock import Clock
from arshjul.errors import BadInput, NotAllowed, NotFound
from arshjul.states.events import (
    MeetingCancelled,
    MeetingScheduled,
    MinutesRecorded,
    WorkingGroupJoined,
)
from arshjul.states.model import MEETING_KINDS, Actor, Meeting, Role
from arshjul.states.rules import Audience
from arshjul.store import due, meetings
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import recurring, schedule, validate
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.handlers import publish
from arshjul.workflow.services import actor_of, viewer

MINUTES_LIMIT = 100_000
AGENDA_POINT_LIMIT = 300
LONGEST = timedelta(days=7)


def _convener(uow: UnitOfWork, actor_email: str | None) -> Actor:
    actor = actor_of(uow, actor_email)
    if not actor.has(Role.coordinator):
        raise NotAllowed("meeting_refused", email=actor.email)
    return actor


def _domain(calendar: CycleCalendar) -> str:
    return parseaddr(calendar.config.mail_from)[1].rpartition("@")[2] or "arshjul.invalid"


def _check_times(starts: datetime, ends: datetime) -> None:
    if not starts < ends <= starts + LONGEST:
        raise BadInput("meeting_times", starts=starts.isoformat(), ends=ends.isoformat())


def add_meeting(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    title: str,
    kind: str,
    starts: datetime,
    ends: datetime,
    *,
    place: str | None = None,
    orgs: Sequence[str] = (),
    people: Sequence[str] = (),
    everyone: bool = False,
    items: Sequence[str] = (),
    agenda: Sequence[str] = (),
    recurring_key: str | None = None,
    groups: Sequence[str] = (),
) -> Meeting:
    """Put a meeting in the calendar; its invitees get an invitation with the .ics. One of the
    body's recurring meetings (`recurring_key`) takes its title, agenda and invitees from the
    configuration where none are given, and counts as one of its dates fixed."""
    _check_times(starts, ends)
    entry = recurring.entry(calendar.config, recurring_key) if recurring_key else None
    if entry is not None:
        title = title or f"{entry.title} {calendar.local(starts).year}"
        agenda = agenda or recurring.agenda(entry, calendar.config.language)
    meeting = Meeting(
        id=0,
        uid=f"{uuid.uuid4().hex}@{_domain(calendar)}",
        kind=validate.choice("type", kind.replace("-", "_"), MEETING_KINDS),
        title=validate.required_text("title", title, validate.TITLE_LIMIT),
        starts_at=starts,
        ends_at=ends,
        place=validate.text("place", place, validate.NAME_LIMIT, one_line=True, required=False),
        everyone=everyone,
        orgs=tuple(sorted(set(orgs))),
        people=tuple(sorted({validate.email(p) for p in people})),
        items=tuple(validate.item_ids(list(items))),
        agenda=tuple(
            validate.required_text("agenda", point, AGENDA_POINT_LIMIT) for point in agenda
        ),
        recurring=entry.key if entry else None,
    )
    invited = meeting.everyone or meeting.orgs or meeting.people or groups
    from_config = entry is not None and not invited
    if not (from_config or invited):
        raise BadInput("meeting_nobody")
    with uow:
        actor = _convener(uow, actor_email)
        if from_config:
            assert entry is not None
            everyone_, orgs_, people_ = recurring.invited(uow.connection, uow.body_id, entry)
            meeting = replace(meeting, everyone=everyone_, orgs=orgs_, people=people_)
        if groups:  # a standing group's meeting: its members, as they are now
            from arshjul.workflow.groups import members_of

            members = {email for name in groups for email in members_of(uow, name)}
            meeting = replace(meeting, people=tuple(sorted({*meeting.people, *members})))
            if not (meeting.everyone or meeting.orgs or meeting.people):
                raise BadInput("meeting_nobody")
        body = uow.repo.body
        for name in meeting.orgs:
            if uow.repo.org(name) is None:
                raise NotFound("no_org", name=name)
            if not uow.repo.takes_part(name):  # a body's meeting is for those taking part
                raise BadInput("org_not_in_body", org=name, body=body.short)
        for email in meeting.people:
            person = uow.repo.person(email)
            if person is None:
                raise NotFound("no_person", email=email)
            if not person.member:
                raise BadInput("org_not_in_body", org=person.org, body=body.short)
        uow.repo.items(list(meeting.items))  # NotFound names a missing one
        now = clock.now()
        added = _schedule(uow, calendar, meeting, actor.email, now)
        uow.commit()
    return added


def _schedule(
    uow: UnitOfWork, calendar: CycleCalendar, meeting: Meeting, actor: str, now: datetime
) -> Meeting:
    meeting = replace(meeting, body=uow.body_id)
    meeting_id = meetings.add(uow.connection, meeting, by=actor, at=now)
    added = replace(meeting, id=meeting_id)
    plan_reminders(uow.connection, calendar, added, now)
    publish(uow, [MeetingScheduled(now, meeting_id, 0, actor)])
    return added


def move_meeting(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    meeting_id: int,
    starts: datetime,
    ends: datetime,
    place: str | None = None,
) -> Meeting:
    """A new time (or place): same UID, a higher SEQUENCE, invitees told, reminders planned anew."""
    _check_times(starts, ends)
    with uow:
        actor = _convener(uow, actor_email)
        meeting = meetings.get(uow.connection, meeting_id, uow.body_id)
        if meeting.cancelled:
            raise BadInput("meeting_cancelled", id=meeting_id)
        now = clock.now()
        values: dict[str, object] = {"starts_at": starts, "ends_at": ends}
        if place is not None:
            values["place"] = validate.text(
                "place", place, validate.NAME_LIMIT, one_line=True, required=False
            )
        meetings.change(uow.connection, meeting_id, now, by=actor.email, **values)
        moved = meetings.get(uow.connection, meeting_id)
        plan_reminders(uow.connection, calendar, moved, now)
        publish(uow, [MeetingScheduled(now, meeting_id, moved.sequence, actor.email)])
        uow.commit()
    return moved


def cancel_meeting(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, meeting_id: int
) -> Meeting:
    with uow:
        actor = _convener(uow, actor_email)
        meeting = meetings.get(uow.connection, meeting_id, uow.body_id)
        if meeting.cancelled:
            raise BadInput("meeting_cancelled", id=meeting_id)
        now = clock.now()
        meetings.change(uow.connection, meeting_id, now, by=actor.email, cancelled=True)
        _drop_reminders(uow.connection, meeting_id)
        cancelled = meetings.get(uow.connection, meeting_id)
        publish(uow, [MeetingCancelled(now, meeting_id, cancelled.sequence, actor.email)])
        uow.commit()
    return cancelled


def record_minutes(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, meeting_id: int, text: str
) -> Meeting:
    """FI documents the meeting; the minutes go to its invitees."""
    minutes = validate.text("minutes", text, MINUTES_LIMIT)
    assert minutes is not None
    with uow:
        actor = _convener(uow, actor_email)
        meetings.get(uow.connection, meeting_id, uow.body_id)
        now = clock.now()
        meetings.set_minutes(uow.connection, meeting_id, minutes, now, by=actor.email)
        publish(uow, [MinutesRecorded(now, meeting_id, actor.email)])
        uow.commit()
        return meetings.get(uow.connection, meeting_id)


def join_working_group(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, item_id: str, emails: Sequence[str]
) -> list[str]:
    """A measure's working group, set up by a coordinator or the measure's owner."""
    [checked] = validate.item_ids([item_id])
    members = [validate.email(e) for e in emails]
    if not members:
        raise BadInput("empty", field="--member")
    with uow:
        actor = actor_of(uow, actor_email)
        [item] = uow.repo.items([checked])
        if not (actor.has(Role.coordinator) or actor.email == item.owner):
            raise NotAllowed("group_refused", email=actor.email, id=item.id)
        for email in members:
            member = uow.repo.person(email)
            if member is None:
                raise NotFound("no_person", email=email)
            if not member.active:
                raise BadInput("person_deactivated", email=email)
            if not item.visible_to(member.as_actor()):
                raise NotAllowed("group_outside", email=email, id=item.id)
        now = clock.now()
        new = meetings.join_group(uow.connection, item.id, members, now)
        if new:
            publish(uow, [WorkingGroupJoined(now, item.id, tuple(new), actor.email)])
        uow.commit()
    return new


def working_group(uow: UnitOfWork, item_id: str, reader_email: str | None) -> list[str]:
    """A measure's working group, to those who may see the measure; to anyone else it is
    as a measure without one (a working group is as restricted as its measure)."""
    [checked] = validate.item_ids([item_id])
    with uow:
        audience = _audience(uow, reader_email)
        [item] = uow.repo.items([checked])
        if not audience.sees_item(item):
            return []
        return meetings.group(uow.connection, checked)


def _audience(uow: UnitOfWork, reader_email: str | None) -> Audience:
    """The reader as the one rule of who sees a meeting knows them: nobody in particular
    without an acting person; an unknown address is refused."""
    reader = viewer(uow, reader_email)
    if reader is None:
        return Audience(None)
    groups = meetings.all_groups(uow.connection, reader.email)
    return Audience(reader, groups.get(reader.email, frozenset()))


def meetings_of(
    uow: UnitOfWork, calendar: CycleCalendar, year: int, reader_email: str | None
) -> list[Meeting]:
    """The meetings of a calendar year (the plan year P's calendar) the reader sees."""
    return [m for m, _ in meetings_for(uow, calendar, reader_email, year, year)]


def meetings_for(
    uow: UnitOfWork, calendar: CycleCalendar, reader_email: str | None, first: int, last: int
) -> list[tuple[Meeting, bool]]:
    """The meetings of the calendar years `first` to `last` the reader sees, cancelled ones
    too (a calendar program removes them), each with whether they are invited."""
    with uow:
        audience = _audience(uow, reader_email)
        found = meetings.between(
            uow.connection,
            calendar.start_of_year(first),
            calendar.start_of_year(last + 1),
            uow.body_id,
        )
    return [(meeting, audience.invited(meeting)) for meeting in found if audience.sees(meeting)]


def seen_subjects(
    uow: UnitOfWork, reader_email: str | None, meeting_subjects: set[str], item_ids: set[str]
) -> set[str]:
    """Of the meetings (`M12`) and measures due events name, those the reader sees: what the
    scheduler plans for a meeting tells of the meeting, and a restricted measure's reminders
    tell its due date."""
    with uow:
        audience = _audience(uow, reader_email)
        seen = set()
        for subject in meeting_subjects:
            meeting = meetings.get(uow.connection, int(subject.removeprefix("M")))
            if meeting.body == uow.body_id and audience.sees(meeting):
                seen.add(subject)
        own = uow.repo.own(item_ids)
        items = uow.repo.items(own) if own else []
        return seen | {item.id for item in items if audience.sees_item(item)}


def show_meeting(
    uow: UnitOfWork, meeting_id: int, reader_email: str | None
) -> tuple[Meeting, list[str]]:
    """A meeting the reader sees, with its invitees as they may know them: those invited only
    through the working group of a measure outside the reader's need-to-know are left out.
    A meeting they do not see is missing, as one that does not exist."""
    with uow:
        audience = _audience(uow, reader_email)
        meeting = meetings.get(uow.connection, meeting_id, uow.body_id)
        if meeting.body != uow.body_id or not audience.sees(meeting):
            raise NotFound("no_meeting", id=meeting_id)
        items = uow.repo.items(list(meeting.items)) if meeting.items else []
        known = tuple(item.id for item in items if audience.sees_item(item))
        return meeting, meetings.invitees(uow.connection, replace(meeting, items=known))


def ensure_information_meetings(
    uow: UnitOfWork, calendar: CycleCalendar, plan_year: int, now: datetime
) -> list[int]:
    """The half-yearly information meetings of a plan year, open to all (once, whoever asks)."""
    config = calendar.config
    wanted = [
        _standing(
            calendar,
            f"information-{plan_year}-{number}",
            "information",
            f"{config.name}: informationsmöte {number} {plan_year}",
            datetime.combine(day.on(plan_year), config.meeting_time, tzinfo=calendar.tz),
            config.meeting_minutes,
            config.meeting_place,
        )
        for number, day in enumerate(config.information_meetings, start=1)
    ]
    return _ensure(uow, calendar, wanted, now)


def ensure_agenda_meetings(
    uow: UnitOfWork, calendar: CycleCalendar, plan_year: int, now: datetime
) -> list[int]:
    """The standing meetings of a plan year with their agendas (the council's Bilaga 1): the
    points on every agenda first, then the meeting's own; open to all, once."""
    agenda = calendar.config.agenda
    wanted = [
        _standing(
            calendar,
            f"agenda-{plan_year}-{number}",
            "planning",
            f"{meeting.title} {plan_year}",
            datetime.combine(
                calendar.working_day(meeting.on.on(plan_year)), agenda.starts, tzinfo=calendar.tz
            ),
            agenda.minutes,
            agenda.place,
            agenda.standing + meeting.points,
        )
        for number, meeting in enumerate(agenda.meetings, start=1)
    ]
    return _ensure(uow, calendar, wanted, now)


def ensure_recurring_meetings(
    uow: UnitOfWork, calendar: CycleCalendar, plan_year: int, now: datetime
) -> list[int]:
    """The configured dates of the body's recurring meetings in a plan year (by cadence), as
    standing meetings are put there: each with its agenda (and standing information points)
    and those its `invite` names, once."""
    config = calendar.config
    conn = uow.connection
    wanted = []
    for entry in config.recurring:
        due_, _ = recurring.due_in(conn, calendar, entry, plan_year)
        everyone, orgs, people = recurring.invited(conn, uow.body_id, entry)
        for number, day in enumerate(due_.fixed, start=1):
            meeting = _standing(
                calendar,
                f"recurring-{entry.key}-{plan_year}-{number}",
                "planning",
                f"{entry.title} {number} {plan_year}",
                datetime.combine(
                    calendar.working_day(day), config.agenda.starts, tzinfo=calendar.tz
                ),
                config.agenda.minutes,
                config.agenda.place,
                recurring.agenda(entry, config.language),
            )
            wanted.append(
                replace(meeting, everyone=everyone, orgs=orgs, people=people, recurring=entry.key)
            )
    return _ensure(uow, calendar, wanted, now)


def _standing(
    calendar: CycleCalendar,
    name: str,
    kind: str,
    title: str,
    starts: datetime,
    minutes: int,
    place: str,
    agenda: tuple[str, ...] = (),
) -> Meeting:
    """A meeting the configuration puts in every plan year's calendar, open to all; its UID
    is made from `name`, so it is put there once."""
    return Meeting(
        id=0,
        uid=f"{calendar.body.prefix.lower()}{name}@{_domain(calendar)}",
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        place=place,
        everyone=True,
        agenda=agenda,
    )


def _ensure(
    uow: UnitOfWork, calendar: CycleCalendar, wanted: list[Meeting], now: datetime
) -> list[int]:
    """Put in the calendar those of `wanted` not there yet (by UID); returns their ids."""
    return [
        _schedule(uow, calendar, meeting, "system", now).id
        for meeting in wanted
        if meetings.by_uid(uow.connection, meeting.uid) is None
    ]


def plan_reminders(
    conn: Connection, calendar: CycleCalendar, meeting: Meeting, now: datetime
) -> None:
    """Reminders N days before the meeting, on working days; earlier ones for it are dropped."""
    _drop_reminders(conn, meeting.id)
    events = []
    for days in calendar.config.meeting_reminder_days:
        day = schedule.reminder_day(
            calendar, calendar.local(meeting.starts_at).date() - timedelta(days=days)
        )
        at = calendar.send_time_on(day)
        if now < at < meeting.starts_at:
            events.append(
                schedule.Due(at, schedule.MEETING_REMINDER, meeting_subject(meeting.id), str(days))
            )
    due.plan(conn, events, meeting.body)


def _drop_reminders(conn: Connection, meeting_id: int) -> None:
    table = due.DUE
    conn.execute(
        delete(table).where(
            table.c.kind == schedule.MEETING_REMINDER,
            table.c.subject == meeting_subject(meeting_id),
            table.c.fired_at.is_(None),
        )
    )


def meeting_subject(meeting_id: int) -> str:
    return f"M{meeting_id}"
