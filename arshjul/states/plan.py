"""Goals with indicators, measures placed in them, running activities and the internal control
plan's risks, as a plan like the regional council's is written. Pure: no I/O.

A measure under a goal is numbered within it (1a, 1b, 2a…); the quarters in which its work
happens may reach into the next years. A risk is scored probability × consequence, 1–4 each;
its level is the product, and its action is done by a date, or runs continuously, or as needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from arshjul.errors import BadInput

HORIZONS = ("short", "long")
BETTER = ("higher", "lower")
SCORES = range(1, 5)
ACTION_LEVELS = range(1, 4)
#: A measure's quarters may run from its plan year into at most this many years in all.
PLAN_SPAN_YEARS = 3

#: Risk levels by colour, as the matrix prints them: (highest level in the band, band).
BANDS = ((3, "low"), (6, "medium"), (9, "high"), (16, "very_high"))

Quarter = tuple[int, int]  # (year, 1–4)

_QUARTER = re.compile(
    r"^(?:(?P<year>\d{4})\s*-?\s*)?Q(?P<q>\d+)(?:\s*-?\s*(?P<year2>\d{4}))?$", re.I
)
_NR = re.compile(r"^(?P<goal>\d{1,3})(?P<letter>[a-z]{1,2})$")
_GOAL = re.compile(r"^(?:\d{1,3}\.)*(?P<number>\d{1,3})$")
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>Q[1-4]|H[12]|0[1-9]|1[0-2]))?$", re.I)


# who answers for what ------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    """A function that answers for measures and risks (FO, MO, BO), led by a person who is the
    one reminded and asked."""

    code: str
    name: str
    head: str


@dataclass(frozen=True)
class Retired:
    """When, by whom and why a goal, indicator, running activity or risk was retired: it stays,
    marked, and is no longer part of the plan as it is."""

    at: datetime
    by: str
    reason: str


# goals and indicators -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What an indicator showed for one period, as recorded (the newest for a period counts)."""

    period: str
    value: str
    number: float | None
    met: bool | None
    note: str | None
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    horizon: str | None = None  # short | long
    focus: str | None = None  # what the horizon aims at: "Likviditetshantering"
    target: float | None = None
    better: str = "higher"  # which way of the target is good
    unit: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    retired: Retired | None = None

    def met(self, number: float | None) -> bool | None:
        """Whether a measured number reaches the target; None without both."""
        if self.target is None or number is None:
            return None
        return number >= self.target if self.better == "higher" else number <= self.target


@dataclass(frozen=True)
class Goal:
    plan_year: int
    number: int
    title: str
    indicators: tuple[Indicator, ...] = ()
    retired: Retired | None = None


def goal_number(text: str) -> int:
    """A goal as people name it: its number, 1, or the plan's section number, 3.1 (the last
    part counts: the seed's section 3.1 holds goal 1's measures 1a, 1b…)."""
    match = _GOAL.match(text.strip())
    if match is None or int(match["number"]) == 0:
        raise BadInput("bad_goal", value=text)
    return int(match["number"])


def parse_number(text: str) -> float | None:
    """A measured value as a number (decimal comma or point, an optional %), or None."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        return None


def parse_period(text: str) -> str:
    """A period an outcome is for: 2023, 2023-Q2, 2023-H1 or 2023-06."""
    match = _PERIOD.match(text.strip())
    if match is None:
        raise BadInput("bad_period", value=text)
    part = match["part"]
    return match["year"] + (f"-{part.upper()}" if part else "")


# measures in the plan ---------------------------------------------------------------------


def letter(n: int) -> str:
    """The n-th measure of a goal, from 1: a, b, … z, aa, ab …"""
    text = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def letters_after(used: set[str], count: int) -> list[str]:
    """`count` letters not in `used`, after the last one used (numbers are never reused)."""
    n = max((_letter_index(u) for u in used), default=0)
    return [letter(n + k) for k in range(1, count + 1)]


def _letter_index(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 26 + ord(ch) - ord("a") + 1
    return n


def parse_nr(text: str) -> tuple[int, str]:
    """A measure's number in its goal, "1a", as (goal, letter)."""
    match = _NR.match(text.strip().lower())
    if match is None:
        raise BadInput("bad_nr", value=text)
    return int(match["goal"]), match["letter"]


def parse_quarter(text: str, plan_year: int) -> Quarter:
    """Q3 (of the plan year), 2024-Q1, 2024Q1 or Q1 2024."""
    match = _QUARTER.match(text.strip())
    if match is None or not 1 <= int(match["q"]) <= 4:
        raise BadInput("bad_quarter", value=text.strip())
    year = match["year"] or match["year2"]
    return (int(year) if year else plan_year, int(match["q"]))


def parse_quarters(values: list[str] | tuple[str, ...], plan_year: int) -> tuple[Quarter, ...]:
    """Quarters given as "Q3,Q4" or one a value; in order, each once."""
    parts = [p for value in values for p in value.split(",") if p.strip()]
    return tuple(sorted({parse_quarter(p, plan_year) for p in parts}))


def quarter_of(day: date) -> Quarter:
    return (day.year, (day.month - 1) // 3 + 1)


def check_quarters(quarters: tuple[Quarter, ...], plan_year: int, due: date | None) -> None:
    """The work happens from the plan year, for at most PLAN_SPAN_YEARS, and not after the
    planned completion."""
    last_year = plan_year + PLAN_SPAN_YEARS - 1
    for year, q in quarters:
        if not plan_year <= year <= last_year:
            raise BadInput(
                "quarter_outside", quarter=f"{year}-Q{q}", first=plan_year, last=last_year
            )
        if due is not None and (year, q) > quarter_of(due):
            raise BadInput("quarter_after_due", quarter=f"{year}-Q{q}", due=due.isoformat())


def quarter_text(quarter: Quarter) -> str:
    return f"{quarter[0]}-Q{quarter[1]}"


@dataclass(frozen=True)
class Placement:
    """Where a decided measure stands in the plan: its goal and number, who answers for it
    (a function such as FO, or a person), and the quarters it is worked on."""

    goal: int | None = None
    letter: str | None = None
    responsible: str | None = None
    quarters: tuple[Quarter, ...] = ()

    @property
    def nr(self) -> str | None:
        return f"{self.goal}{self.letter}" if self.goal is not None and self.letter else None


@dataclass(frozen=True)
class RunningActivity:
    """An activity of a running kind (löpande): it has someone responsible and no end."""

    plan_year: int
    number: int  # in the plan, for those without a goal
    title: str
    responsible: str
    goal: int | None = None
    letter: str | None = None
    retired: Retired | None = None
    every: str | None = None  # "year": it recurs, on `on` of each plan year
    on: str | None = None  # a day relative to the plan year, "P 03-31"
    occurrences: tuple[Occurrence, ...] = ()  # those reported done

    @property
    def nr(self) -> str:
        return f"{self.goal}{self.letter}" if self.goal is not None else f"L{self.number}"


@dataclass(frozen=True)
class Occurrence:
    """An occurrence of a recurring activity: the one of plan year `year`, due `due`; done on
    `done_on` when reported."""

    year: int
    due: date
    done_on: date | None = None
    note: str | None = None
    reported_by: str | None = None
    reported_at: datetime | None = None


# the internal control plan -------------------------------------------------------------------


def check_score(name: str, value: int, allowed: range = SCORES) -> int:
    if value not in allowed:
        raise BadInput("bad_score", field=name, value=value, low=allowed[0], high=allowed[-1])
    return value


def band(level: int) -> str:
    """A risk level's colour band in the matrix: low, medium, high or very_high."""
    return next(name for highest, name in BANDS if level <= highest)


DEADLINE_WORDS = {
    "continuous": ("continuous", "löpande", "lopande", "ongoing"),
    "as_needed": ("as-needed", "as_needed", "as needed", "vid behov", "vid-behov"),
}


@dataclass(frozen=True)
class Deadline:
    """When a risk's action is done: by a date, continuously (Löpande) or as needed (Vid behov)."""

    kind: str  # date | continuous | as_needed
    day: date | None = None

    @classmethod
    def parse(cls, text: str) -> Deadline:
        cleaned = " ".join(text.strip().lower().split())
        for kind, words in DEADLINE_WORDS.items():
            if cleaned in words:
                return cls(kind)
        try:
            return cls("date", date.fromisoformat(cleaned))
        except ValueError:
            raise BadInput("bad_deadline", value=text) from None


@dataclass(frozen=True)
class Assessment:
    probability: int
    consequence: int
    at: datetime
    by: str
    note: str | None = None

    @property
    def level(self) -> int:
        return self.probability * self.consequence


@dataclass(frozen=True)
class Risk:
    id: int
    plan_year: int
    number: int
    description: str
    responsible: str
    action_level: int
    probability: int
    consequence: int
    action: str
    deadline: Deadline
    person: str | None = None  # who is reminded of the action (else the coordinators)
    done_at: datetime | None = None
    done_by: str | None = None
    done_note: str | None = None
    history: tuple[Assessment, ...] = field(default=())
    retired: Retired | None = None

    @property
    def level(self) -> int:
        return self.probability * self.consequence

    def outcome(self, done_on: date | None) -> str:
        """The action by the follow-up: done on time, late, not done; or how it runs."""
        if self.deadline.kind != "date":
            return "done" if done_on else self.deadline.kind
        assert self.deadline.day is not None
        if done_on is None:
            return "not_done"
        return "on_time" if done_on <= self.deadline.day else "late"
