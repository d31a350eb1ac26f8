"""What falls due, computed from the cycle calendar and the measures. Pure: no I/O.

An event's identity is its kind, subject (plan year or item id), detail and due time; the store
keeps that as a unique key, so planning twice plans once and firing twice fires once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from arshjul.workflow import cadence
from arshjul.workflow.calendar import CycleCalendar, is_working_day

PHASE_OPENS = "phase_opens"
PHASE_CLOSES = "phase_closes"
PHASE_REMINDER = "phase_reminder"
FOLLOWUP_REQUEST = "followup_request"
DUE_REMINDER = "due_reminder"
OVERDUE = "overdue"
MEETING_REMINDER = "meeting_reminder"
DIGEST = "digest"
RISK_REMINDER = "risk_reminder"
RISK_OVERDUE = "risk_overdue"
ACTIVITY_REMINDER = "activity_reminder"
ACTIVITY_OVERDUE = "activity_overdue"
#: The coordinators are reminded to fix a recurring meeting's dates (detail "KEY:N", the Nth).
FIX_DATES = "fix_dates"

CYCLE_KINDS = (PHASE_OPENS, PHASE_CLOSES, PHASE_REMINDER, FOLLOWUP_REQUEST)

#: Fired more than this (in real time) after its time: nothing was running when it fell due.
LATE_AFTER = timedelta(minutes=1)


def is_late(due_at: datetime, fired_at: datetime, rate: float = 1.0) -> bool:
    """Late by more than LATE_AFTER of real time (a fast test clock covers more clock time)."""
    return (fired_at - due_at) / max(rate, 1.0) > LATE_AFTER


MEASURE_KINDS = (DUE_REMINDER, OVERDUE)
#: A risk's action by its date: reminded before, escalated after, like a measure.
RISK_KINDS = (RISK_REMINDER, RISK_OVERDUE)
#: An occurrence of a recurring running activity (subject "A7-2026"): reminded before its day,
#: followed up after it until it is reported done, like a measure.
ACTIVITY_KINDS = (ACTIVITY_REMINDER, ACTIVITY_OVERDUE)
#: Reminders before a moment: due at send_at on a working day, void once their moment is past,
#: and of several of one subject due at once only the nearest goes out.
REMINDER_KINDS = (PHASE_REMINDER, DUE_REMINDER, RISK_REMINDER, MEETING_REMINDER, ACTIVITY_REMINDER)
#: Events that only tell (reminders, escalations): they fall due at send_at on a working day, and
#: one caught up outside office hours waits for them, so what it says is true when it goes out.
OFFICE_KINDS = (*REMINDER_KINDS, OVERDUE, RISK_OVERDUE, ACTIVITY_OVERDUE, FIX_DATES)


def lead_days(kind: str, detail: str) -> int:
    """How many days before its moment a reminder was meant to come ("dialogue:14" → 14)."""
    return int(detail.rpartition(":")[2])


def reminder_group(kind: str, detail: str) -> str:
    """What a reminder is about beyond its subject: a phase reminder's phase (else nothing)."""
    return detail.partition(":")[0] if kind == PHASE_REMINDER else ""


@dataclass(frozen=True, order=True)
class Due:
    due_at: datetime
    kind: str
    subject: str
    detail: str = ""

    @property
    def key(self) -> str:
        moment = self.due_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"{self.kind}:{self.subject}:{self.detail}@{moment}"


def cycle_events(calendar: CycleCalendar, plan_year: int) -> list[Due]:
    """Every phase opening, closing and closing reminder of a cycle, and its follow-up request."""
    subject = calendar.body.cycle_subject(plan_year)
    events = []
    for phase in calendar.phases(plan_year):
        events.append(Due(calendar.start_of(phase.opens), PHASE_OPENS, subject, phase.key))
        events.append(
            Due(calendar.closes_at(plan_year, phase.key), PHASE_CLOSES, subject, phase.key)
        )
        for days in calendar.config.reminders.phase_deadline_days:
            day = reminder_day(calendar, phase.closes - timedelta(days=days))
            if phase.opens <= day < phase.closes:
                events.append(
                    Due(calendar.send_time_on(day), PHASE_REMINDER, subject, f"{phase.key}:{days}")
                )
    follow_up = calendar.phase(plan_year, "follow_up")
    events.append(Due(calendar.start_of(follow_up.opens), FOLLOWUP_REQUEST, subject))
    return sorted(set(events))


def fix_dates_events(calendar: CycleCalendar, plan_year: int, after: datetime) -> list[Due]:
    """The first reminder to fix the dates of each of the body's recurring meetings whose
    configuration leaves dates of `plan_year` to the coordinator (by `cadence`, counting the
    configured dates and `last`: whether the calendar holds them is checked when it fires)."""
    subject = calendar.body.cycle_subject(plan_year)
    events = []
    for entry in calendar.config.recurring:
        left = cadence.to_fix(cadence.meetings_in(entry, plan_year), ())
        if left.count and left.by is not None:
            events.append(next_fix_dates(calendar, subject, entry.key, left.by, after))
    return events


def next_fix_dates(
    calendar: CycleCalendar, subject: str, key: str, by: date, after: datetime, count: int = 0
) -> Due:
    """The next reminder after `after` to fix a recurring meeting's dates: the first the
    largest of `due_days` before `by`, then every `overdue_every_days` until they are fixed
    (on working days, at send_at)."""
    reminders = calendar.config.reminders
    first = reminder_day(calendar, by - timedelta(days=max(reminders.due_days, default=14)))
    n = count + 1
    while True:
        day = first + timedelta(days=(n - 1) * reminders.overdue_every_days)
        while not is_working_day(day):
            day += timedelta(days=1)
        at = calendar.send_time_on(day)
        if at > after:
            return Due(at, FIX_DATES, subject, f"{key}:{n}")
        n += 1


def fix_dates_detail(detail: str) -> tuple[str, int]:
    """A fix-dates reminder's recurring key and count ("styrelse:2" → ("styrelse", 2))."""
    key, _, count = detail.rpartition(":")
    return key, int(count)


def measure_events(
    calendar: CycleCalendar, item_id: str, due: date, decided_at: datetime
) -> list[Due]:
    """Reminders before a measure's due date, and its first overdue escalation, after its decision."""
    return deadline_events(calendar, item_id, due, decided_at, MEASURE_KINDS)


def risk_events(calendar: CycleCalendar, subject: str, due: date, added_at: datetime) -> list[Due]:
    """Reminders before a risk's action is due, and its first escalation, after it was added."""
    return deadline_events(calendar, subject, due, added_at, RISK_KINDS)


def activity_events(
    calendar: CycleCalendar, subject: str, due: date, added_at: datetime
) -> list[Due]:
    """Reminders before an occurrence of a recurring activity, and its first follow-up after."""
    return deadline_events(calendar, subject, due, added_at, ACTIVITY_KINDS)


def deadline_events(
    calendar: CycleCalendar,
    subject: str,
    due: date,
    after: datetime,
    kinds: tuple[str, str] = MEASURE_KINDS,
) -> list[Due]:
    """The reminders (`due_days` before) and the first escalation of a deadline, after `after`."""
    reminder, overdue = kinds
    events = []
    for days in calendar.config.reminders.due_days:
        at = calendar.send_time_on(reminder_day(calendar, due - timedelta(days=days)))
        if after < at:
            events.append(Due(at, reminder, subject, str(days)))
    events.append(next_overdue(calendar, subject, due, after=after, kind=overdue))
    return sorted(events)


def reminder_day(calendar: CycleCalendar, day: date) -> date:
    """A reminder's day moved as deadlines move, and then, whatever the rule, to a working day
    before it (never later: a reminder must not come after what it reminds of)."""
    day = calendar.working_day(day)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def digest_events(calendar: CycleCalendar, start: datetime, until: datetime) -> list[Due]:
    """The weekly digest: Mondays at 00:00, from `start` to `until`."""
    day = calendar.local(start).date()
    day += timedelta(days=(7 - day.weekday()) % 7)
    events = []
    while (at := calendar.start_of(day)) <= until:
        if at >= start:
            year, week, _ = day.isocalendar()
            events.append(Due(at, DIGEST, "week", f"{year}-W{week:02d}"))
        day += timedelta(days=7)
    return events


def next_overdue(
    calendar: CycleCalendar,
    item_id: str,
    due: date,
    after: datetime,
    count: int = 0,
    *,
    kind: str = OVERDUE,
) -> Due:
    """The first escalation after `after` that comes after the `count`-th: see `overdue_days`;
    at send_at like a reminder (its mail says what is true when it goes out)."""
    every = calendar.config.reminders.overdue_every_days
    for n, day in enumerate(overdue_days(due, every), start=1):
        at = calendar.send_time_on(day)
        if n > count and at > after:
            return Due(at, kind, item_id, str(n))
    raise AssertionError("overdue_days never ends")


def overdue_days(due: date, every: int) -> Iterator[date]:
    """The days of a deadline's overdue notices, exactly `every` days apart: the first on the
    first working day after `due`, the n-th on that day + (n-1)·`every`.

    A notice never comes early, so one whose day is not a working day moves forward to the
    next; the count goes on from its own day, never from the moved one, so the moves do not
    add up. A notice moved onto the day of the one before it (`every` shorter than a holiday)
    is that one.
    """
    first = due + timedelta(days=1)
    while not is_working_day(first):
        first += timedelta(days=1)
    last = None
    for k in itertools.count():
        day = first + timedelta(days=k * every)
        while not is_working_day(day):
            day += timedelta(days=1)
        if day != last:
            yield day
        last = day
