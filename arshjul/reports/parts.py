"""The parts of a plan the regional council writes beside its measures: the goals with their
indicators and measures (Nr, Aktivitet, Ansvar, Q1–Q4, Beräknat klart, Status), the running
activities, the internal control plan with its risk matrix; and the measures of earlier plans
that go on in this one. Small next to the measures, so read whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from arshjul.i18n import PLAN_WORDS, t
from arshjul.states.lifecycle import DONE, OPEN_MEASURE
from arshjul.states.plan import Goal, Indicator, Retired, Risk, RunningActivity, band
from arshjul.store import plan as plan_store
from arshjul.store import risks as risk_store
from arshjul.store.repository import ReportLine
from arshjul.store.uow import UnitOfWork
from arshjul.workflow.activity_recurrence import occurrences_of
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.plan_views import deadline_text, number_text, target_text

if TYPE_CHECKING:
    from arshjul.reports.build import Row

SCALE = (1, 2, 3, 4)


@dataclass(frozen=True)
class OutcomeLine:
    period: str
    value: str
    met: bool | None
    verdict: str  # uppnått / inte uppnått, or empty


@dataclass(frozen=True)
class IndicatorLine:
    nr: str  # 1.2
    horizon: str  # Kort sikt
    focus: str
    name: str
    target: str  # ≥ 60 %
    outcomes: tuple[OutcomeLine, ...]

    @property
    def lead(self) -> str:
        """What the plan says before the indicator: "Kort sikt: Likviditetshantering"."""
        return ": ".join(part for part in (self.horizon, self.focus) if part)


@dataclass(frozen=True)
class GoalSection:
    number: int
    title: str
    indicators: tuple[IndicatorLine, ...]
    #: The years whose quarters its table marks (two where a measure reaches into the next).
    years: tuple[int, ...]
    rows: list[Row]
    running: list[RunningActivity]


@dataclass(frozen=True)
class RiskLine:
    number: int
    description: str
    responsible: str
    action_level: int
    probability: int
    consequence: int
    level: int
    band: str  # low | medium | high | very_high
    action: str
    deadline: str  # 2023-06-30, Löpande, Vid behov
    done_on: str
    outcome: str  # on_time | late | not_done | continuous | as_needed | done
    assessed: str  # the scores it had, oldest first: 2×4 → 2×2
    note: str


@dataclass(frozen=True)
class Matrix:
    """The risk matrix: consequence 4→1 down the side, probability 1→4 along the bottom, each
    risk's number in its cell, each cell coloured by its level."""

    cells: dict[tuple[int, int], tuple[int, ...]]  # (consequence, probability) -> risks

    def numbers(self, consequence: int, probability: int) -> str:
        return ", ".join(map(str, self.cells.get((consequence, probability), ())))

    @property
    def rows(self) -> list[tuple[int, list[tuple[int, str, str]]]]:
        """(consequence, [(probability, the risks' numbers, band)]), consequence 4 first."""
        return [(c, [(p, self.numbers(c, p), band(c * p)) for p in SCALE]) for c in reversed(SCALE)]


@dataclass(frozen=True)
class OccurrenceLine:
    """An occurrence of a recurring activity in the follow-up: the one of its plan year."""

    nr: str
    title: str
    responsible: str
    due: str
    done_on: str
    outcome: str  # on_time | late | not_done
    note: str


@dataclass
class PlanParts:
    goals: list[GoalSection] = field(default_factory=list)
    #: Running activities under no goal (those under one are in its section).
    running: list[RunningActivity] = field(default_factory=list)
    risks: list[RiskLine] = field(default_factory=list)
    matrix: Matrix = field(default_factory=lambda: Matrix({}))
    #: Measures of earlier plans still going on in this one, or completed in it.
    continuing: list[Row] = field(default_factory=list)
    #: The plan year's occurrence of each recurring activity, with its outcome.
    occurrences: list[OccurrenceLine] = field(default_factory=list)


#: The moves a measure's row tells of: when it was completed, FI's follow-up note, and why
#: it was cancelled.
MEASURE_EVENTS = ("complete", "follow_up", "cancel")

RowsOf = Callable[[UnitOfWork, list[ReportLine], tuple[int, ...]], "list[Row]"]


def load(
    reading: UnitOfWork,
    calendar: CycleCalendar,
    plan_year: int,
    lang: str,
    rows_of: RowsOf,
) -> PlanParts:
    """The plan year's goals, running activities, risks and continuing measures."""
    conn = reading.connection
    parts = PlanParts()
    goal_ids = plan_store.goal_items(conn, plan_year)
    lines = reading.repo.report_lines(goal_ids, MEASURE_EVENTS)
    placed = plan_store.placements(conn, goal_ids)
    # Retired things are listed only where something recorded hangs on them (measures under a
    # goal, outcomes of an indicator, occurrences of an activity), marked; risks always, marked,
    # and out of the matrix.
    every_activity = plan_store.activities(conn, plan_year, retired=True)
    running = [
        _marked_activity(a, calendar, lang)
        for a in every_activity
        if a.retired is None or a.occurrences
    ]
    for goal in plan_store.goals(conn, plan_year, retired=True):
        mine = [line for line in lines if placed[line.item.id].goal == goal.number]
        under = [r for r in running if r.goal == goal.number]
        if goal.retired is not None and not (mine or under):
            continue
        last = max((y for i in mine for y, _ in placed[i.item.id].quarters), default=plan_year)
        years = tuple(range(plan_year, max(last, plan_year) + 1))
        indicators = [i for i in goal.indicators if i.retired is None or i.outcomes]
        parts.goals.append(
            GoalSection(
                goal.number,
                goal.title + _mark(goal.retired, calendar, lang),
                tuple(
                    _indicator(
                        goal, replace(i, name=i.name + _mark(i.retired, calendar, lang)), lang
                    )
                    for i in indicators
                ),
                years,
                rows_of(reading, mine, years),
                under,
            )
        )
    parts.running = [r for r in running if r.goal is None]
    recurring = plan_store.recurring_until(conn, plan_year)
    parts.occurrences = _occurrences(recurring, plan_year, calendar, lang)
    risks = risk_store.of_plan(conn, plan_year)
    parts.risks = [_risk(r, calendar, lang) for r in risks]
    cells: dict[tuple[int, int], tuple[int, ...]] = {}
    for r in (r for r in risks if r.retired is None):
        cells[(r.consequence, r.probability)] = (
            *cells.get((r.consequence, r.probability), ()),
            r.number,
        )
    parts.matrix = Matrix(cells)
    since = calendar.start_of_year(plan_year)
    earlier = plan_store.continuing(
        conn,
        plan_year,
        sorted(s.value for s in OPEN_MEASURE),
        sorted(s.value for s in DONE),
        since,
    )
    parts.continuing = rows_of(
        reading, reading.repo.report_lines(earlier, MEASURE_EVENTS), (plan_year,)
    )
    return parts


def _mark(retired: Retired | None, calendar: CycleCalendar, lang: str) -> str:
    """ " (avslutades 2026-05-02: skäl)" after a retired thing's name in a report."""
    if retired is None:
        return ""
    day = calendar.local(retired.at).date().isoformat()
    return f" ({t('retired_mark', lang=lang, day=day, reason=retired.reason)})"


def _marked_activity(
    activity: RunningActivity, calendar: CycleCalendar, lang: str
) -> RunningActivity:
    return replace(activity, title=activity.title + _mark(activity.retired, calendar, lang))


def _occurrences(
    activities: list[RunningActivity], plan_year: int, calendar: CycleCalendar, lang: str
) -> list[OccurrenceLine]:
    """Each recurring activity's occurrence of the plan year (of its own plan, or of an earlier
    one it goes on from: its number then says which, "L1 (2026)"): done on time, late, or not
    done; a retired one only when that occurrence was reported."""
    found = []
    for a in activities:
        nr = a.nr if a.plan_year == plan_year else f"{a.nr} ({a.plan_year})"
        for o in occurrences_of(a, plan_year):
            if a.retired is not None and o.done_on is None:
                continue
            outcome = (
                "not_done" if o.done_on is None else "on_time" if o.done_on <= o.due else "late"
            )
            found.append(
                OccurrenceLine(
                    nr,
                    a.title + _mark(a.retired, calendar, lang),
                    a.responsible,
                    o.due.isoformat(),
                    o.done_on.isoformat() if o.done_on else "",
                    outcome,
                    o.note or "",
                )
            )
    return found


def _indicator(goal: Goal, indicator: Indicator, lang: str) -> IndicatorLine:
    words = {key: value[lang] for key, value in PLAN_WORDS.items()}
    return IndicatorLine(
        nr=f"{goal.number}.{indicator.number}",
        horizon=words[indicator.horizon] if indicator.horizon else "",
        focus=indicator.focus or "",
        name=indicator.name,
        target=target_text(indicator),
        outcomes=tuple(
            OutcomeLine(
                o.period,
                o.value if o.number is None else number_text(o.number) + _unit(indicator),
                o.met,
                "" if o.met is None else words["met" if o.met else "not_met"],
            )
            for o in indicator.outcomes
        ),
    )


def _unit(indicator: Indicator) -> str:
    return f" {indicator.unit}" if indicator.unit else ""


def _risk(risk: Risk, calendar: CycleCalendar, lang: str) -> RiskLine:
    done_on = calendar.local(risk.done_at).date() if risk.done_at else None
    return RiskLine(
        number=risk.number,
        description=risk.description + _mark(risk.retired, calendar, lang),
        responsible=risk.responsible,
        action_level=risk.action_level,
        probability=risk.probability,
        consequence=risk.consequence,
        level=risk.level,
        band=band(risk.level),
        action=risk.action,
        deadline=deadline_text(risk.deadline, lang),
        done_on=done_on.isoformat() if done_on else "",
        outcome=risk.outcome(done_on),
        assessed=" → ".join(f"{a.probability}×{a.consequence}" for a in risk.history),
        note="; ".join(
            part for part in (risk.done_note, _mark(risk.retired, calendar, lang)[2:-1]) if part
        ),
    )


def years_of(plan_year: int, last_quarter_year: int | None) -> tuple[int, ...]:
    return tuple(range(plan_year, max(plan_year, last_quarter_year or plan_year) + 1))
