"""What a body's recurring meetings ask of a plan year, from their cadence: pure, no database.

The rules, so that the calendar, the reminders and the reports agree:

- "N per year" / "N-M per year": every plan year wants N to M meetings; the configuration's
  `dates` are fixed, the coordinator fixes the rest.
- "every year in QN": every plan year wants one, in quarter N.
- "every N-M years" (and "every N years", N = M), counted from the year of the last one
  (`last` in the configuration, or a later year the calendar holds one in): a year less than
  N years after it wants none; from N years after it the meeting is allowed (0 to 1); from
  M years after it, and every year after that until one is held, it is wanted (exactly 1).
  The year of the last one, and any before it, are history: none wanted, one allowed.
  So with last = 2025, "every 2-3 years" allows 2027 and wants 2028 at the latest.
- The coordinator fixes the missing dates of a whole year by 1 December of the year before
  (when the plan and its meeting calendar are communicated), and the date of a quarter's
  meeting 30 days before the quarter opens. They are reminded while a wanted date is missing;
  dates beyond the minimum, up to the maximum, may be fixed but are not asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from arshjul.config import Recurring

#: The dates of a whole plan year are fixed by this day of the year before: (month, day).
YEAR_FIXED_BY = (12, 1)
#: The date of a meeting in a quarter is fixed this many days before the quarter opens.
QUARTER_FIXED_DAYS_BEFORE = 30


@dataclass(frozen=True)
class Due:
    """What one recurring meeting asks of plan year `plan_year`."""

    key: str  # the Recurring's key
    plan_year: int
    fixed: tuple[date, ...]  # the configuration's dates, in this year
    wanted: tuple[int, int]  # how many meetings the year holds: at least, at most
    quarter: int | None  # "every year in QN": N
    span: tuple[date, date]  # the days its meetings fall on: the plan year, or the quarter


@dataclass(frozen=True)
class ToFix:
    """The dates the coordinator still has to fix for a Due, and by when."""

    count: int  # wanted and not yet fixed: remind until this is 0
    optional: int  # more that may be fixed, up to the most the cadence allows
    by: date | None  # when to have fixed them; None when nothing is left to fix


def meetings_in(recurring: Recurring, plan_year: int, *, last_held: int | None = None) -> Due:
    """What `recurring` asks of `plan_year`; `last_held` is the latest year the calendar holds
    one in (it counts only for "every N-M years", and only when later than `last`)."""
    cadence = recurring.cadence
    span = _span(plan_year, cadence.quarter)
    if cadence.kind != "every_years":
        fixed = tuple(day.on(plan_year) for day in recurring.dates)
        return Due(
            recurring.key, plan_year, fixed, (cadence.low, cadence.high), cadence.quarter, span
        )
    last = max(year for year in (recurring.last, last_held) if year is not None)
    since = plan_year - last
    if since <= 0:
        wanted = (0, 1)  # history: held that year, or before what is known
    elif since < cadence.low:
        wanted = (0, 0)
    elif since < cadence.high:
        wanted = (0, 1)
    else:
        wanted = (1, 1)
    fixed = tuple(day.on(plan_year) for day in recurring.dates) if since >= cadence.low else ()
    return Due(recurring.key, plan_year, fixed, wanted, None, span)


def all_due(
    recurring: Iterable[Recurring], plan_year: int, last_held: Mapping[str, int] | None = None
) -> tuple[Due, ...]:
    """`meetings_in` for each of a configuration's recurring meetings, `last_held` by key."""
    held = last_held or {}
    return tuple(meetings_in(r, plan_year, last_held=held.get(r.key)) for r in recurring)


def to_fix(due: Due, in_calendar: Iterable[date]) -> ToFix:
    """How many dates are still to fix, given the days of this meeting the calendar holds for
    the plan year (those outside `due.span` do not count). The configuration's dates count
    whether the calendar holds them yet or not: the larger of the two counts is what is known,
    so a configured day the calendar moved off a holiday is not counted twice."""
    start, end = due.span
    held = len({day for day in in_calendar if start <= day <= end})
    known = max(held, len(due.fixed))
    least, most = due.wanted
    count = max(0, least - known)
    optional = max(0, most - max(known, least))
    return ToFix(count, optional, fix_by(due) if count or optional else None)


def fix_by(due: Due) -> date:
    """When the coordinator should have fixed the year's dates: 1 December of the year before
    the plan year, or 30 days before the quarter opens for "every year in QN"."""
    if due.quarter is not None:
        return due.span[0] - timedelta(days=QUARTER_FIXED_DAYS_BEFORE)
    return date(due.plan_year - 1, *YEAR_FIXED_BY)


def previous_meeting(days: Iterable[date], on: date) -> date | None:
    """The meeting before the one `on` that day, among `days`: where the standing information
    point's brief of another body starts (None: the first one, the integrator chooses)."""
    return max((day for day in days if day < on), default=None)


def _span(plan_year: int, quarter: int | None) -> tuple[date, date]:
    if quarter is None:
        return date(plan_year, 1, 1), date(plan_year, 12, 31)
    first = date(plan_year, 3 * quarter - 2, 1)
    after = date(plan_year + 1, 1, 1) if quarter == 4 else date(plan_year, 3 * quarter + 1, 1)
    return first, after - timedelta(days=1)
