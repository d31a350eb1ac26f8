"""The scheduler's work: plan what falls due, then take effect of it, oldest first, exactly once.

Each event fires in a transaction of its own that holds the scheduler's lock, applies the
event's effects, marks it fired and publishes it; a crash anywhere rolls all of that back, and
the next tick (of this process or another) fires it then. APScheduler only wakes us up.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.engine import RowMapping

from arshjul.clock import Clock
from arshjul.i18n import t
from arshjul.states import Event, State
from arshjul.states.events import DueEventFired, ItemMoved
from arshjul.states.lifecycle import OPEN_MEASURE, UNDECIDED
from arshjul.states.model import FIRST_BODY, plan_year_of
from arshjul.store import bodies, due, meetings, risks
from arshjul.store import plan as plan_store
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import activity_recurrence, goals, schedule
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import calendar_of, in_force
from arshjul.workflow.handlers import publish
from arshjul.workflow.meetings import (
    ensure_agenda_meetings,
    ensure_information_meetings,
    ensure_recurring_meetings,
    plan_reminders,
)
from arshjul.workflow.proposals import Proposal
from arshjul.workflow.recurring import fix_dates_fired
from arshjul.workflow.services import history_row, submit

SYSTEM = "system"


@dataclass(frozen=True)
class Fired:
    kind: str
    subject: str
    detail: str
    due_at: datetime
    fired_at: datetime
    late: bool
    effect: dict[str, Any]
    void: str | None = None  # why it told nobody; None when it took effect

    def to_json(self, tz: ZoneInfo) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "detail": self.detail,
            "due_at": self.due_at.astimezone(tz).isoformat(),
            "fired_at": self.fired_at.astimezone(tz).isoformat(),
            "late": self.late,
            "void": self.void,
            "effect": self.effect,
        }


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def fingerprint(calendar: CycleCalendar) -> str:
    """What the planned schedule depends on: when it changes, unfired events are planned anew."""
    config = calendar.config
    parts: tuple[object, ...] = (
        config.phases,
        config.reminders,
        config.working_days,
        str(config.timezone),
    )
    if config.recurring:  # those without (every database before them) keep their fingerprint
        parts += (config.recurring,)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def tick(
    engine: Engine,
    clock: Clock,
    calendar: CycleCalendar,
    *,
    instance: str | None = None,
    stop: Callable[[], bool] = lambda: False,
    report: Callable[[Fired], None] = lambda fired: None,
    follow_stored: bool = False,
) -> list[Fired]:
    """Take effect of every event due up to now, body by body (the first first), each by its
    own configuration (`calendar` is its body's), oldest first; returns them in that order.

    `report` hears of each one as soon as it is committed (a process killed mid-tick has told
    of everything it did but the one in flight). With `follow_stored`, the configuration the
    database keeps replaces `calendar` when it differs (another process changed it).
    """
    instance = instance or instance_name()
    fired: list[Fired] = []
    for body_calendar in _calendars(engine, calendar):
        fired += _tick(engine, clock, body_calendar, instance, stop, report, follow_stored)
    return fired


def _calendars(engine: Engine, calendar: CycleCalendar) -> list[CycleCalendar]:
    """Every body's calendar: `calendar` for its own, the stored configuration for the rest."""
    with UnitOfWork(engine, write=False) as uow:
        return [
            calendar if body.id == calendar.body.id else calendar_of(uow.connection, body)
            for body in bodies.every(uow.connection)
        ]


def _tick(
    engine: Engine,
    clock: Clock,
    calendar: CycleCalendar,
    instance: str,
    stop: Callable[[], bool],
    report: Callable[[Fired], None],
    follow_stored: bool,
) -> list[Fired]:
    """Take effect of one body's events due up to now, oldest first."""
    fired: list[Fired] = []
    planned = False
    body_id = calendar.body.id
    while not stop():
        with UnitOfWork(engine, body=body_id) as uow:
            conn = uow.connection
            state = due.lock(conn, body_id)
            now = clock.now()
            if not planned:
                # What another process stored (`cycle set`) counts from this transaction on.
                calendar = in_force(conn, calendar) if follow_stored else calendar
                _plan(conn, calendar, state, now)
                planned = True
            # Outside office hours, what only tells waits for them (a deadline does not).
            office = calendar.office_moment(now)
            row = due.next_due(conn, now, body_id, schedule.OFFICE_KINDS if office > now else ())
            if row is None:
                uow.commit()
                break
            # What the scheduler writes is read in office hours: a deadline at midnight takes
            # effect then, and its mail waits in the outbox until send_at on a working day.
            uow.mail_not_before = office if office > now else None
            void = _void(uow, calendar, row, now)
            effect, done = _take_effect(uow, calendar, row, now)
            void = void or done
            late = schedule.is_late(row["due_at"], now, clock.rate)
            due.mark_fired(
                conn,
                row["id"],
                at=now,
                by=instance,
                late=late,
                outcome=json.dumps(effect),
                void=void,
            )
            event = DueEventFired(
                now, row["kind"], row["subject"], row["detail"], row["due_at"], late, effect, void
            )
            publish(uow, [event])  # a void one too: it fired, and tells nobody
            uow.commit()
        fired.append(
            Fired(
                row["kind"], row["subject"], row["detail"], row["due_at"], now, late, effect, void
            )
        )
        report(fired[-1])
    return fired


def plan(conn: Any, calendar: CycleCalendar, now: datetime) -> None:
    """Plan, or plan anew after a change of configuration, in the caller's transaction."""
    _plan(conn, calendar, due.lock(conn, calendar.body.id), now)


def _plan(conn: Any, calendar: CycleCalendar, state: due.SchedulerState, now: datetime) -> None:
    """Make sure every event of a body up to two plan years ahead is a row, for its cycles and
    measures (and, for the first body, the risks and the weekly digests)."""
    epoch, planned_to = state.epoch, state.planned_to
    body = calendar.body
    current = fingerprint(calendar)
    if planned_to is None and body.first:
        # First planning: start from when this database came into use, never before it.
        epoch = min(moment for moment in (state.epoch, due.earliest_item(conn), now) if moment)
        planned_to = calendar.local(epoch).year - 2
        due.set_state(conn, body.id, epoch=epoch, fingerprint=current)
    elif planned_to is None:
        # A body added later: from when it was added.
        epoch = epoch or now
        planned_to = calendar.local(epoch).year - 2
        due.set_state(conn, body.id, fingerprint=current)
    elif state.fingerprint != current:
        # The configuration moved dates: plan unfired events anew from the last one that fired.
        assert epoch is not None
        after = max(epoch, due.last_fired_due(conn, body.id) or epoch)
        due.drop_unfired(conn, body.id)
        for plan_year in range(calendar.local(epoch).year - 1, planned_to + 1):
            due.plan(
                conn,
                [e for e in schedule.cycle_events(calendar, plan_year) if e.due_at > after],
                body.id,
            )
            due.plan(conn, schedule.fix_dates_events(calendar, plan_year, after), body.id)
        _plan_measures(conn, calendar, after, everything=True)
        _plan_risks(conn, calendar, after, everything=True)
        _plan_activities(conn, calendar, after, now, everything=True)
        _plan_meeting_reminders(conn, calendar, after, now)
        due.set_state(conn, body.id, fingerprint=current)
    assert epoch is not None
    target = calendar.local(now).year + 2
    for plan_year in range(planned_to + 1, target + 1):
        due.plan(
            conn,
            [e for e in schedule.cycle_events(calendar, plan_year) if e.due_at >= epoch],
            body.id,
        )
        due.plan(conn, schedule.fix_dates_events(calendar, plan_year, epoch), body.id)
    if target > planned_to:
        due.set_state(conn, body.id, planned_to=target)
    _plan_measures(conn, calendar, epoch, everything=False)
    _plan_risks(conn, calendar, epoch, everything=False)
    _plan_activities(conn, calendar, epoch, now, everything=False)
    if body.first:
        # The weekly digests of the weeks around now (one digest after downtime holds it all),
        # one for a person across every body.
        digests = schedule.digest_events(
            calendar, max(epoch, now - timedelta(days=7)), now + timedelta(days=14)
        )
        due.plan(conn, digests, body.id)


def _plan_measures(
    conn: Any, calendar: CycleCalendar, after: datetime, *, everything: bool
) -> None:
    events = []
    open_states = sorted(s.value for s in OPEN_MEASURE)
    measures = due.unplanned_measures(conn, open_states, calendar.body.id, everything)
    for item_id, due_day, decided_at in measures:
        events.extend(
            schedule.measure_events(calendar, item_id, due_day, max(decided_at or after, after))
        )
    due.plan(conn, events, calendar.body.id)


def _plan_meeting_reminders(
    conn: Any, calendar: CycleCalendar, after: datetime, now: datetime
) -> None:
    """The reminders, due after `after`, of every meeting still ahead (send_at changed, say)."""
    until = calendar.start_of_year(calendar.local(now).year + 10)
    ahead = meetings.between(conn, now, until, calendar.body.id)
    for meeting in ahead:
        if not meeting.cancelled:
            plan_reminders(conn, calendar, meeting, after)


def _plan_risks(conn: Any, calendar: CycleCalendar, after: datetime, *, everything: bool) -> None:
    """The reminders and escalations of risk actions due by a date and not done (the plan's
    goals and risks are the first body's)."""
    if not calendar.body.first:
        return
    events = []
    for risk_id, day, added_at in risks.unplanned(conn, everything):
        subject = risks.subject(risk_id)
        events.extend(schedule.risk_events(calendar, subject, day, max(added_at, after)))
    due.plan(conn, events, calendar.body.id)


def _plan_activities(
    conn: Any, calendar: CycleCalendar, after: datetime, now: datetime, *, everything: bool
) -> None:
    """The reminders and follow-ups of the recurring activities' occurrences up to next plan
    year (the plan's activities are the first body's)."""
    if not calendar.body.first:
        return
    planned = None if everything else due.subjects_with_prefix(conn, plan_store.ACTIVITY_PREFIX)
    events = activity_recurrence.plan_occurrences(conn, calendar, after, now, planned)
    due.plan(conn, events, calendar.body.id)


def _void(uow: UnitOfWork, calendar: CycleCalendar, row: RowMapping, now: datetime) -> str | None:
    """Why an event due now must tell nobody, if it must not: what it would say is no longer
    true. A reminder of a moment already past, or with a nearer reminder of the same moment due
    too; a phase's notice ("runs until …") once that phase is over."""
    kind, subject, detail = row["kind"], row["subject"], row["detail"]
    if kind in schedule.REMINDER_KINDS:
        moment = _moment(uow, calendar, kind, subject, detail)
        if moment is not None and now >= moment:
            return "past"
        nearer = due.nearer_reminders(
            uow.connection, row, now, schedule.reminder_group(kind, detail)
        )
        if any(schedule.lead_days(kind, d) < schedule.lead_days(kind, detail) for d in nearer):
            return "superseded"
    if kind == schedule.PHASE_OPENS and now >= calendar.closes_at(plan_year_of(subject), detail):
        return "past"
    if kind == schedule.FOLLOWUP_REQUEST and now >= calendar.closes_at(
        plan_year_of(subject), "follow_up"
    ):
        return "past"
    return None


def _moment(
    uow: UnitOfWork, calendar: CycleCalendar, kind: str, subject: str, detail: str
) -> datetime | None:
    """The moment a reminder reminds of, as it stands now (None: nothing left to remind of)."""
    if kind == schedule.PHASE_REMINDER:
        return calendar.closes_at(plan_year_of(subject), schedule.reminder_group(kind, detail))
    if kind == schedule.DUE_REMINDER:
        [item] = uow.repo.items([subject])
        return calendar.start_of(item.due + timedelta(days=1)) if item.due else None
    if kind == schedule.RISK_REMINDER:
        day = risks.by_subject(uow.connection, subject).deadline.day
        return calendar.start_of(day + timedelta(days=1)) if day else None
    if kind == schedule.ACTIVITY_REMINDER:
        activity, year = plan_store.parse_occurrence_subject(subject)
        found = plan_store.activity_by_id(uow.connection, activity)
        return calendar.start_of(_occurrence_day(found, year) + timedelta(days=1))
    meeting = meetings.get(uow.connection, int(subject.removeprefix("M")))
    return meeting.starts_at


def _take_effect(
    uow: UnitOfWork, calendar: CycleCalendar, row: RowMapping, now: datetime
) -> tuple[dict[str, Any], str | None]:
    """What an event does beyond being published, and why it tells nobody if it must not (the
    state it was about changed meanwhile); re-checks the state it acts on."""
    kind, subject, detail = row["kind"], row["subject"], row["detail"]
    if kind == schedule.PHASE_CLOSES and detail == "decision":
        plan_year = plan_year_of(subject)
        effect = _deprioritise_undecided(uow, calendar, plan_year, now, row["due_at"])
        # The plan is decided: its half-yearly information meetings go in the calendar, and
        # the standing meetings with their agenda.
        added = ensure_information_meetings(uow, calendar, plan_year, now)
        standing = ensure_agenda_meetings(uow, calendar, plan_year, now)
        recurring = ensure_recurring_meetings(uow, calendar, plan_year, now)
        return (
            effect
            | ({"meetings": added} if added else {})
            | ({"agenda_meetings": standing} if standing else {})
            | ({"recurring_meetings": recurring} if recurring else {})
        ), None
    if kind == schedule.FIX_DATES:
        return fix_dates_fired(
            uow.connection, calendar, subject, detail, plan_year_of(subject), now
        )
    if kind == schedule.MEETING_REMINDER:
        meeting = meetings.get(uow.connection, int(subject.removeprefix("M")))
        if meeting.cancelled or meeting.starts_at <= now:
            return {}, "cancelled" if meeting.cancelled else "past"
        return {}, None
    if kind == schedule.PHASE_OPENS and detail == "dialogue":
        return _carry_over(uow, calendar, plan_year_of(subject), now, row["due_at"]), None
    if kind in schedule.MEASURE_KINDS:
        [item] = uow.repo.items([subject])
        if item.state not in OPEN_MEASURE:
            return {}, item.state.value  # done meanwhile: nobody needs reminding
        if kind == schedule.OVERDUE:
            assert item.due is not None
            return _escalate(uow, calendar, subject, item.due, int(detail), kind, now), None
    if kind in schedule.RISK_KINDS:
        risk = risks.by_subject(uow.connection, subject)
        if risk.retired is not None:
            return {}, "retired"  # no longer in the internal control plan
        if risk.done_at is not None or risk.deadline.day is None:
            return {}, "done"  # its action was reported done meanwhile
        if kind == schedule.RISK_OVERDUE:
            day = risk.deadline.day
            return _escalate(uow, calendar, subject, day, int(detail), kind, now), None
    if kind in schedule.ACTIVITY_KINDS:
        activity_id, year = plan_store.parse_occurrence_subject(subject)
        activity = plan_store.activity_by_id(uow.connection, activity_id)
        if activity.retired is not None:
            return {}, "retired"
        if any(o.year == year for o in activity.occurrences):
            return {}, "done"  # reported done meanwhile
        if kind == schedule.ACTIVITY_OVERDUE:
            day = _occurrence_day(activity, year)
            return _escalate(uow, calendar, subject, day, int(detail), kind, now), None
    return {}, None


def _occurrence_day(activity: Any, year: int) -> date:
    assert activity.on is not None
    return goals.due_on(activity.on, year)


def _escalate(
    uow: UnitOfWork,
    calendar: CycleCalendar,
    subject: str,
    day: date,
    count: int,
    kind: str,
    now: datetime,
) -> dict[str, Any]:
    """Plan the next escalation of a deadline not met; say which this one was."""
    follow = schedule.next_overdue(calendar, subject, day, after=now, count=count, kind=kind)
    due.plan(uow.connection, [follow], uow.body_id)
    return {"escalation": count, "next": follow.due_at.isoformat()}


def _deprioritise_undecided(
    uow: UnitOfWork, calendar: CycleCalendar, cycle: int, now: datetime, scheduled_at: datetime
) -> dict[str, Any]:
    """When the decision phase closes, what was not decided is left out of the plan, with why."""
    reason = t("not_in_plan", lang=calendar.config.language)
    moved = uow.repo.deprioritise_undecided(cycle, sorted(s.value for s in UNDECIDED), now)
    uow.repo.append_history(
        [
            history_row(
                item_id,
                Event.deprioritise,
                was,
                State.deprioritised,
                SYSTEM,
                now,
                reason,
                scheduled_at=scheduled_at,
            )
            for item_id, was in moved
        ]
    )
    publish(
        uow,
        [
            ItemMoved(
                now,
                item_id,
                Event.deprioritise.value,
                was,
                State.deprioritised.value,
                SYSTEM,
                reason,
            )
            for item_id, was in moved
        ],
    )
    return {"deprioritised": [item_id for item_id, _ in moved]}


def _carry_over(
    uow: UnitOfWork, calendar: CycleCalendar, cycle: int, now: datetime, scheduled_at: datetime
) -> dict[str, Any]:
    """When a cycle opens, what the cycle before left out comes in as new proposals."""
    originals = uow.repo.carry_candidates(cycle - 1)
    proposals = [
        Proposal(
            i.title, i.org, i.proposer, i.description, i.kind, i.restricted_to, carried_from=i.id
        )
        for i in originals
    ]
    new_ids = submit(
        uow, now, cycle, proposals, SYSTEM, scheduled_at=scheduled_at, lang=calendar.config.language
    )
    return {"carried": dict(zip([i.id for i in originals], new_ids, strict=True))}


def next_wake(engine: Engine, calendar: CycleCalendar, now: datetime) -> datetime | None:
    """When a tick next has something to do: the next deadline, or the next reminder or
    escalation, but not before office hours (one caught up at night waits for the morning)."""
    with UnitOfWork(engine, write=False) as uow:
        deadline = due.next_wake(uow.connection, schedule.OFFICE_KINDS, of=False)
        told = due.next_wake(uow.connection, schedule.OFFICE_KINDS)
    if told is not None:
        told = calendar.office_moment(max(told, now))
    return min((m for m in (deadline, told) if m is not None), default=None)


def upcoming(engine: Engine, limit: int = 50, body_id: int = FIRST_BODY) -> list[RowMapping]:
    """A body's next events to fall due, as planned by the last tick."""
    with UnitOfWork(engine, write=False) as uow:
        return due.upcoming(uow.connection, limit, body_id)


def start(engine: Engine, clock: Clock) -> None:
    """Remember when this database came into use: nothing due before it will fire."""
    with UnitOfWork(engine) as uow:
        state = due.lock(uow.connection, FIRST_BODY)
        if state.epoch is None and state.planned_to is None:
            due.set_state(uow.connection, FIRST_BODY, epoch=clock.now())
        uow.commit()
