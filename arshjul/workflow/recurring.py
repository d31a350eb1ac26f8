"""A body's recurring meetings in its calendar: who each invites, its agenda with the standing
information point, and how many of a plan year's dates the coordinator still has to fix.

The pure rules are `workflow/cadence.py`; this reads what the calendar holds. The scheduler
puts the configured dates in the calendar when the plan is decided
(`meetings.ensure_recurring_meetings`), the coordinator fixes the rest with
`meeting add --recurring KEY`, and is reminded (`schedule.FIX_DATES`) until they are fixed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from arshjul.config import CycleConfig, Recurring
from arshjul.errors import BadInput
from arshjul.i18n import t
from arshjul.states.model import MEMBERSHIPS
from arshjul.store import bodies, due, groups, meetings
from arshjul.workflow import cadence, schedule
from arshjul.workflow.calendar import CycleCalendar

GROUP = "group:"


def entry(config: CycleConfig, key: str) -> Recurring:
    """The recurring meeting `key` of a body's configuration (refused if it has none)."""
    for recurring in config.recurring:
        if recurring.key == key:
            return recurring
    known = ", ".join(r.key for r in config.recurring) or "–"
    raise BadInput("no_recurring", key=key, known=known)


def agenda(recurring: Recurring, lang: str) -> tuple[str, ...]:
    """Its points, then the standing information point of each body it is set to brief."""
    return recurring.points + tuple(t("brief_point", lang=lang, body=b) for b in recurring.brief)


def invited(
    conn: Connection, body_id: int, recurring: Recurring
) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    """Who `invite` names, as a meeting keeps its invitees (everyone, organisations, people),
    so the one rule of who sees a meeting (`states.rules.Audience`) holds for it: "everyone"
    is the body's members' people, a membership kind the organisations taking part so, and
    "group:NAME" the members of that standing group."""
    kinds = {kind for kind in recurring.invite if kind in MEMBERSHIPS}
    orgs = (name for name, kind in bodies.members(conn, body_id) if kind in kinds)
    people = (
        email
        for kind in recurring.invite
        if kind.startswith(GROUP)
        for email in groups.member_emails(conn, body_id, kind.removeprefix(GROUP))
    )
    return "everyone" in recurring.invite, tuple(sorted(set(orgs))), tuple(sorted(set(people)))


def held(conn: Connection, body_id: int, key: str) -> list[datetime]:
    """When the body's meetings of recurring meeting `key` start, cancelled ones left out."""
    return [m.starts_at for m in meetings.of_recurring(conn, body_id, key) if not m.cancelled]


def due_in(
    conn: Connection, calendar: CycleCalendar, recurring: Recurring, plan_year: int
) -> tuple[cadence.Due, list[datetime]]:
    """What `recurring` asks of `plan_year`, counting a later one the calendar holds for
    "every N-M years", and the starts of those the calendar holds."""
    starts = held(conn, calendar.body.id, recurring.key)
    years = [calendar.local(s).year for s in starts if calendar.local(s).year <= plan_year]
    return cadence.meetings_in(recurring, plan_year, last_held=max(years, default=None)), starts


def still_to_fix(
    conn: Connection, calendar: CycleCalendar, recurring: Recurring, plan_year: int
) -> tuple[cadence.Due, cadence.ToFix]:
    due_, starts = due_in(conn, calendar, recurring, plan_year)
    return due_, cadence.to_fix(due_, (calendar.local(s).date() for s in starts))


def fix_dates_fired(
    conn: Connection,
    calendar: CycleCalendar,
    subject: str,
    detail: str,
    plan_year: int,
    now: datetime,
) -> tuple[dict[str, Any], str | None]:
    """A reminder to fix dates falls due: void once they are fixed ("fixed"), once the span
    they fall in is over ("past") or the configuration has no such meeting any more ("gone");
    else it says how many are left and plans the next reminder."""
    key, count = schedule.fix_dates_detail(detail)
    try:
        recurring = entry(calendar.config, key)
    except BadInput:
        return {}, "gone"
    due_, left = still_to_fix(conn, calendar, recurring, plan_year)
    if calendar.local(now).date() > due_.span[1]:
        return {}, "past"
    if not left.count or left.by is None:
        return {}, "fixed"
    follow = schedule.next_fix_dates(calendar, subject, key, left.by, now, count)
    due.plan(conn, [follow], calendar.body.id)
    return {
        "key": key,
        "title": recurring.title,
        "plan_year": plan_year,
        "to_fix": left.count,
        "optional": left.optional,
        "by": left.by.isoformat(),
        "next": follow.due_at.isoformat(),
    }, None
