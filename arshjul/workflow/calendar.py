"""The cycle calendar: phase dates of a plan year, Swedish working days, move windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from arshjul.config import PHASE_KEYS, Bound, CycleConfig
from arshjul.states.model import FIRST_BODY, Body


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    opens: date
    closes: date  # after the working-day rule

    def to_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "name": self.name,
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
        }


@cache
def _non_working_days(year: int) -> frozenset[date]:
    # Imported here: only what needs the calendar pays for it.
    from holidays.constants import DE_FACTO, PUBLIC
    from holidays.countries.sweden import Sweden

    # Midsummer Eve, Christmas Eve and New Year's Eve are de facto days off (holidays' DE_FACTO category).
    days = Sweden(years=year, categories=(PUBLIC, DE_FACTO))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Monday to Friday and neither a Swedish public holiday nor a de facto one (Midsummer Eve…)."""
    return day.weekday() < 5 and day not in _non_working_days(day.year)


@cache
def _holiday_names(year: int, lang: str) -> dict[date, str]:
    from holidays.constants import DE_FACTO, PUBLIC
    from holidays.countries.sweden import Sweden

    days = Sweden(
        years=year, categories=(PUBLIC, DE_FACTO), language="sv" if lang == "sv" else "en_US"
    )
    return dict(days)


def holiday_name(day: date, lang: str) -> str | None:
    """The Swedish holiday (public or de facto) `day` is, in `lang`; None on any other day."""
    return _holiday_names(day.year, lang).get(day)


@dataclass(frozen=True)
class DueMove:
    """A due date asked for on a non-working day, and the day the working-day rule made it."""

    asked: date
    to: date
    rule: str  # the configuration's working_days: "previous" | "next"

    def to_json(self, lang: str) -> dict[str, str | None]:
        return {
            "asked": self.asked.isoformat(),
            "to": self.to.isoformat(),
            "rule": self.rule,
            "holiday": holiday_name(self.asked, lang),
        }


class CycleCalendar:
    """Dates and windows of every cycle, computed from the configuration; no I/O but holidays."""

    def __init__(self, config: CycleConfig, body: Body | None = None) -> None:
        self.config = config
        self.body = body or Body(FIRST_BODY, "")  # whose cycle it is
        self.tz = config.timezone
        # The configuration does not change under a calendar: a phase is computed once.
        self._phases: dict[tuple[int, str], Phase] = {}

    def working_day(self, day: date) -> date:
        """Move a deadline off a non-working day, as the configuration says."""
        rule = self.config.working_days
        if rule == "none":
            return day
        step = timedelta(days=-1 if rule == "previous" else 1)
        while not is_working_day(day):
            day += step
        return day

    def working_due(self, day: date) -> tuple[date, bool]:
        """A measure's due date as it is stored: `day` moved off a weekend or Swedish holiday by
        the `working_days` rule, and whether it moved (the person who set it must be told)."""
        moved = self.working_day(day)
        return moved, moved != day

    def due_move(self, day: date | None) -> DueMove | None:
        """What the working-day rule does to a due date asked for, None when it keeps it."""
        if day is None:
            return None
        moved, changed = self.working_due(day)
        return DueMove(day, moved, self.config.working_days) if changed else None

    def phases(self, plan_year: int) -> list[Phase]:
        return [self.phase(plan_year, key) for key in PHASE_KEYS]

    def phase(self, plan_year: int, key: str) -> Phase:
        if (plan_year, key) not in self._phases:
            spec = self.config.phases[key]
            opens = spec.opens.on(plan_year)
            # A closing moved earlier never lands before the opening.
            closes = max(self.working_day(spec.closes.on(plan_year)), opens)
            self._phases[plan_year, key] = Phase(key, spec.name, opens, closes)
        return self._phases[plan_year, key]

    def start_of(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.tz)

    def send_time_on(self, day: date) -> datetime:
        """When a reminder of `day` falls due: the configuration's send_at, that day."""
        return datetime.combine(day, self.config.reminders.send_at, tzinfo=self.tz)

    def office_moment(self, moment: datetime) -> datetime:
        """The first moment from `moment` on when the scheduler's mail may go out: at or after
        send_at on a working day (a deadline at midnight is told of in the morning)."""
        local = self.local(moment)
        day, send_at = local.date(), self.config.reminders.send_at
        if is_working_day(day):
            return moment if local.time() >= send_at else self.send_time_on(day)
        while not is_working_day(day):
            day += timedelta(days=1)
        return self.send_time_on(day)

    def start_of_year(self, year: int) -> datetime:
        return self.start_of(date(year, 1, 1))

    def opens_at(self, plan_year: int, key: str) -> datetime:
        return self.start_of(self.phase(plan_year, key).opens)

    def closes_at(self, plan_year: int, key: str) -> datetime:
        """The moment a phase's closing takes effect: midnight after its (moved) closing day."""
        return self.start_of(self.phase(plan_year, key).closes + timedelta(days=1))

    def decided(self, plan_year: int, now: datetime) -> bool:
        """The plan for `plan_year` is decided: its decision phase has closed."""
        return now >= self.closes_at(plan_year, "decision")

    def bound_at(self, plan_year: int, bound: Bound) -> datetime:
        if bound.edge == "opens":
            return self.opens_at(plan_year, bound.phase)
        return self.closes_at(plan_year, bound.phase)

    def current(self, plan_year: int, now: datetime) -> str | None:
        """The open phase that opened last, or None between phases."""
        open_now = [
            phase
            for phase in self.phases(plan_year)
            if self.start_of(phase.opens) <= now < self.start_of(phase.closes + timedelta(days=1))
        ]
        return max(open_now, key=lambda phase: phase.opens).key if open_now else None

    def window(self, plan_year: int, event: str) -> tuple[datetime | None, datetime | None]:
        """[start, end) of the moves of `event` for items of cycle `plan_year`; None = unbounded."""
        start, end = self.config.windows.get(event, (None, None))
        return (
            self.bound_at(plan_year, start) if start else None,
            self.bound_at(plan_year, end) if end else None,
        )

    def proposal_cycle(self, now: datetime) -> tuple[int, bool, date]:
        """The cycle a proposal made at `now` goes to: its dialogue is open now, or opens next.

        Returns the plan year, whether its dialogue is open, and the day it opens.
        """
        year = now.astimezone(self.tz).year
        for plan_year in range(year - 3, year + 6):
            opens = self.opens_at(plan_year, "dialogue")
            if now < self.closes_at(plan_year, "dialogue"):
                return plan_year, opens <= now, opens.date()
        raise AssertionError("the configuration guarantees a dialogue within a few years")

    def live(self, now: datetime) -> list[int]:
        """The cycles under way at `now`, oldest first: their dialogue has opened and their
        follow-up has not closed (in most of a year, one is planned while one is carried out)."""
        year = self.local(now).year
        return [
            plan_year
            for plan_year in range(year - 2, year + 3)
            if self.opens_at(plan_year, "dialogue") <= now < self.closes_at(plan_year, "follow_up")
        ]

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)
