"""Recurring running activities (seed 002's yearly CO₂ screening in Q1): an activity that recurs
`--every year --on "P 03-31"` has one occurrence a plan year, from its own plan year on, due on
that day of it, until it is retired. Each occurrence is reminded `due_days` before, followed up
after its day until it is reported done (`activity done`), and listed in the follow-up.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from arshjul.clock import Clock
from arshjul.errors import BadInput, NotAllowed, Refused
from arshjul.i18n import t
from arshjul.states.model import Role
from arshjul.states.plan import Occurrence, RunningActivity
from arshjul.store import plan
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import schedule, validate
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.goals import activity_row, due_on
from arshjul.workflow.services import actor_of


def occurrences_of(activity: RunningActivity, year: int) -> list[Occurrence]:
    """A recurring activity's occurrence of plan year `year` (none before its own plan year):
    the one reported done, or the one still due."""
    if activity.on is None or year < activity.plan_year:
        return []
    done = [o for o in activity.occurrences if o.year == year]
    return done or [Occurrence(year, due_on(activity.on, year))]


def told_about(uow: UnitOfWork, label: str) -> str | None:
    """Who answers for an activity and is reminded: a person, or a function's head (None when
    only a name answers for it: the coordinators are told)."""
    if "@" in label:
        return label
    function = plan.function(uow.connection, label)
    return function.head if function is not None else None


def report_done(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    plan_year: int,
    nr: str,
    *,
    year: int | None = None,
    on: date | None = None,
    note: str | None = None,
) -> tuple[RunningActivity, Occurrence]:
    """An occurrence of a recurring activity done: by default the earliest not yet reported,
    on today. Said by whom it answers to, or a
    coordinator; once per occurrence."""
    validate.plan_year(plan_year)
    cleaned = validate.text("note", note, validate.NOTE_LIMIT, required=False)
    now = clock.now()
    today = calendar.local(now).date()
    done_on = on or today
    if done_on > today:
        raise BadInput("done_in_future", day=done_on.isoformat())
    with uow:
        actor = actor_of(uow, actor_email)
        row = activity_row(uow, plan_year, nr, lock=True)
        if row["every"] is None:
            raise Refused("activity_not_recurring", nr=nr)
        if row["retired_at"] is not None:
            raise Refused("already_retired", what=t("kind_activity") + f" {nr}")
        person = told_about(uow, row["responsible"])
        if not (actor.has(Role.coordinator) or actor.email == person):
            raise NotAllowed(
                "activity_done_refused", email=actor.email, nr=nr, owner=row["responsible"]
            )
        activity = plan.activity_by_id(uow.connection, row["id"])
        reported = {o.year for o in activity.occurrences}
        chosen = year if year is not None else _next_open(activity.plan_year, reported)
        if chosen < activity.plan_year:
            raise BadInput("no_occurrence", nr=nr, year=chosen)
        if chosen in reported:
            raise Refused("occurrence_done", nr=nr, year=chosen)
        assert activity.on is not None
        occurrence = Occurrence(
            chosen, due_on(activity.on, chosen), done_on, cleaned, actor.email, now
        )
        plan.add_occurrence(uow.connection, row["id"], occurrence)
        uow.commit()
    return activity, occurrence


def _next_open(first: int, reported: set[int]) -> int:
    """The earliest occurrence not reported, from the activity's own plan year."""
    year = first
    while year in reported:
        year += 1
    return year


# the scheduler's part ------------------------------------------------------------------------


def plan_occurrences(
    conn: Any, calendar: CycleCalendar, after: datetime, now: datetime, planned: set[str] | None
) -> list[schedule.Due]:
    """The reminders and first follow-up of each occurrence of the current recurring activities
    up to next plan year, after `after` and after the activity was added, of occurrences not
    reported done; those of subjects in `planned` are left (planned already)."""
    until = calendar.local(now).year + 1
    events: list[schedule.Due] = []
    recurring = plan.recurring(conn)
    done = plan.occurrences(conn, [a for a, _, _, _ in recurring])
    for activity, first, on, added in recurring:
        reported = {o.year for o in done.get(activity, ())}
        for year in range(first, until + 1):
            subject = plan.occurrence_subject(activity, year)
            day = due_on(on, year)
            if year in reported or (planned is not None and subject in planned):
                continue
            if day < calendar.local(added).date():
                continue  # its day was past when the activity was added
            events.extend(schedule.activity_events(calendar, subject, day, max(added, after)))
    return events
