"""Goals, indicators and their outcomes, functions, the measures' places in the plan, and
running activities in the database: Core SQL on the unit of work's connection."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, insert, or_, select, update
from sqlalchemy.engine import RowMapping

from arshjul.states.plan import (
    PLAN_SPAN_YEARS,
    Function,
    Goal,
    Indicator,
    Occurrence,
    Outcome,
    Placement,
    Retired,
    RunningActivity,
)
from arshjul.store.bound import record_row
from arshjul.store.repository import HISTORY, ITEM, PERSON, person_id
from arshjul.store.tables_plan import (
    ActivityOccurrenceRow,
    FunctionRow,
    GoalRow,
    IndicatorOutcomeRow,
    IndicatorRow,
    ItemPlanRow,
    ItemQuarterRow,
    RunningActivityRow,
)

FUNCTION = FunctionRow.__table__  # type: ignore[attr-defined]
GOAL = GoalRow.__table__  # type: ignore[attr-defined]
INDICATOR = IndicatorRow.__table__  # type: ignore[attr-defined]
OUTCOME = IndicatorOutcomeRow.__table__  # type: ignore[attr-defined]
ITEM_PLAN = ItemPlanRow.__table__  # type: ignore[attr-defined]
ITEM_QUARTER = ItemQuarterRow.__table__  # type: ignore[attr-defined]
RUNNING = RunningActivityRow.__table__  # type: ignore[attr-defined]
OCCURRENCE = ActivityOccurrenceRow.__table__  # type: ignore[attr-defined]

#: A recurring activity's occurrence is named so in due events: A, its row id, -, its year.
ACTIVITY_PREFIX = "A"


def next_number(conn: Connection, table: Any, **where: Any) -> int:
    """One more than the highest number among the rows matching `where` (1 for none)."""
    query = select(func.max(table.c.number)).where(
        *(table.c[key] == value for key, value in where.items())
    )
    highest: int | None = conn.execute(query).scalar()
    return (highest or 0) + 1


# functions --------------------------------------------------------------------------------

_FUNCTION_SELECT = (
    select(FUNCTION.c.code, FUNCTION.c.name, PERSON.c.email)
    .join(PERSON, PERSON.c.id == FUNCTION.c.head_id)
    .order_by(FUNCTION.c.code)
)


def add_function(conn: Connection, function: Function, at: datetime) -> None:
    conn.execute(
        insert(FUNCTION).values(
            code=function.code,
            name=function.name,
            head_id=person_id(conn, function.head),
            created_at=at,
        )
    )


def functions(conn: Connection) -> list[Function]:
    return [Function(*row) for row in conn.execute(_FUNCTION_SELECT)]


def function(conn: Connection, code: str) -> Function | None:
    row = conn.execute(_FUNCTION_SELECT.where(FUNCTION.c.code == code)).first()
    return Function(*row) if row else None


# goals, indicators, outcomes ----------------------------------------------------------------


def goal_id(conn: Connection, plan_year: int, number: int, *, lock: bool = False) -> int | None:
    """The goal's row id; `lock` holds the goal until commit (numbering measures in it)."""
    query = select(GOAL.c.id).where(GOAL.c.plan_year == plan_year, GOAL.c.number == number)
    found: int | None = conn.execute(query.with_for_update() if lock else query).scalar()
    return found


def add_goal(conn: Connection, goal: Goal, by: str, at: datetime) -> int:
    new_id: int = conn.execute(
        insert(GOAL)
        .values(
            plan_year=goal.plan_year,
            number=goal.number,
            title=goal.title,
            created_by=by,
            created_at=at,
        )
        .returning(GOAL.c.id)
    ).scalar_one()
    return new_id


def add_indicator(conn: Connection, goal: int, indicator: Indicator, at: datetime) -> int:
    new_id: int = conn.execute(
        insert(INDICATOR)
        .values(
            goal_id=goal,
            number=indicator.number,
            name=indicator.name,
            horizon=indicator.horizon,
            focus=indicator.focus,
            target=indicator.target,
            better=indicator.better,
            unit=indicator.unit,
            created_at=at,
        )
        .returning(INDICATOR.c.id)
    ).scalar_one()
    return new_id


def indicator_ids(conn: Connection, goal: int) -> dict[int, int]:
    """A goal's indicators: number -> row id."""
    query = select(INDICATOR.c.number, INDICATOR.c.id).where(INDICATOR.c.goal_id == goal)
    return {number: row_id for number, row_id in conn.execute(query)}


def add_outcome(conn: Connection, indicator: int, outcome: Outcome) -> None:
    """Record an indicator's outcome, chained."""
    outcome_id: int = conn.execute(
        insert(OUTCOME)
        .values(
            indicator_id=indicator,
            period=outcome.period,
            value=outcome.value,
            number=outcome.number,
            met=outcome.met,
            note=outcome.note,
            recorded_by=outcome.recorded_by,
            recorded_at=outcome.recorded_at,
        )
        .returning(OUTCOME.c.id)
    ).scalar_one()
    record_row(
        conn, "indicator_outcome", outcome_id, "outcome", outcome.recorded_by, outcome.recorded_at
    )


def goals(conn: Connection, plan_year: int, *, retired: bool = False) -> list[Goal]:
    """The plan year's goals in order, each with its indicators and their outcomes: the newest
    recording of each period, periods in order. Retired goals and indicators only with
    `retired`."""
    query = select(GOAL).where(GOAL.c.plan_year == plan_year).order_by(GOAL.c.number)
    if not retired:
        query = query.where(GOAL.c.retired_at.is_(None))
    rows = list(conn.execute(query).mappings())
    if not rows:
        return []
    query = (
        select(INDICATOR)
        .where(INDICATOR.c.goal_id.in_([r["id"] for r in rows]))
        .order_by(INDICATOR.c.goal_id, INDICATOR.c.number)
    )
    if not retired:
        query = query.where(INDICATOR.c.retired_at.is_(None))
    indicators = list(conn.execute(query).mappings())
    outcomes: dict[int, dict[str, Outcome]] = defaultdict(dict)
    if indicators:
        query = (
            select(OUTCOME)
            .where(OUTCOME.c.indicator_id.in_([i["id"] for i in indicators]))
            .order_by(OUTCOME.c.id)
        )
        for o in conn.execute(query).mappings():
            outcomes[o["indicator_id"]][o["period"]] = Outcome(
                o["period"],
                o["value"],
                o["number"],
                o["met"],
                o["note"],
                o["recorded_at"],
                o["recorded_by"],
            )
    by_goal: dict[int, list[Indicator]] = defaultdict(list)
    for i in indicators:
        by_goal[i["goal_id"]].append(
            Indicator(
                number=i["number"],
                name=i["name"],
                horizon=i["horizon"],
                focus=i["focus"],
                target=i["target"],
                better=i["better"],
                unit=i["unit"],
                outcomes=tuple(v for _, v in sorted(outcomes[i["id"]].items())),
                retired=retired_of(i),
            )
        )
    return [
        Goal(r["plan_year"], r["number"], r["title"], tuple(by_goal[r["id"]]), retired_of(r))
        for r in rows
    ]


def retired_of(row: RowMapping) -> Retired | None:
    """When, by whom and why a row was retired; None while it is current."""
    if row["retired_at"] is None:
        return None
    return Retired(row["retired_at"], row["retired_by"], row["retired_reason"])


def goal_record(conn: Connection, goal: int) -> RowMapping:
    """A goal's row as stored, by row id."""
    return conn.execute(select(GOAL).where(GOAL.c.id == goal)).mappings().one()


def indicator_record(conn: Connection, indicator: int) -> RowMapping:
    return conn.execute(select(INDICATOR).where(INDICATOR.c.id == indicator)).mappings().one()


def change(conn: Connection, table: Any, row_id: int, **values: Any) -> None:
    """Write new values into a goal's, indicator's or activity's row (recorded by the caller)."""
    conn.execute(update(table).where(table.c.id == row_id).values(**values))


def retire(conn: Connection, table: Any, row_id: int, *, at: datetime, by: str, why: str) -> None:
    """Mark a row retired: it stays, with when, by whom and why."""
    change(conn, table, row_id, retired_at=at, retired_by=by, retired_reason=why)


def open_in_goal(conn: Connection, goal: int, open_states: Sequence[str]) -> list[str]:
    """What still runs under a goal: its open measures' ids and its current running
    activities' numbers (6a), in that order."""
    measures = (
        select(ITEM.c.id)
        .join(ITEM_PLAN, ITEM_PLAN.c.item_id == ITEM.c.id)
        .where(ITEM_PLAN.c.goal_id == goal, ITEM.c.state.in_(open_states))
        .order_by(ITEM.c.id)
    )
    running = (
        select(GOAL.c.number, RUNNING.c.letter)
        .join(GOAL, GOAL.c.id == RUNNING.c.goal_id)
        .where(RUNNING.c.goal_id == goal, RUNNING.c.retired_at.is_(None))
        .order_by(func.length(RUNNING.c.letter), RUNNING.c.letter)
    )
    return [*conn.execute(measures).scalars(), *(f"{n}{x}" for n, x in conn.execute(running))]


# measures in the plan ----------------------------------------------------------------------


def used_letters(conn: Connection, goal: int) -> set[str]:
    """The letters taken in a goal, by measures and running activities alike."""
    measures = select(ITEM_PLAN.c.letter).where(ITEM_PLAN.c.goal_id == goal)
    running = select(RUNNING.c.letter).where(RUNNING.c.goal_id == goal)
    return {letter for (letter,) in conn.execute(measures.union_all(running)) if letter}


def place(conn: Connection, item_id: str, goal: int | None, placement: Placement) -> None:
    """Write a measure's place in the plan: its goal and letter, who answers, its quarters."""
    if goal is not None or placement.responsible:
        conn.execute(
            insert(ITEM_PLAN).values(
                item_id=item_id,
                goal_id=goal,
                letter=placement.letter,
                responsible=placement.responsible,
            )
        )
    if placement.quarters:
        conn.execute(
            insert(ITEM_QUARTER),
            [{"item_id": item_id, "year": y, "quarter": q} for y, q in placement.quarters],
        )


def placements(conn: Connection, ids: Sequence[str]) -> dict[str, Placement]:
    """The places of these measures in the plan; measures without one are left out."""
    if not ids:
        return {}
    return _placements(conn, lambda column: column.in_(list(ids)))


def placements_of(conn: Connection, plan_year: int) -> dict[str, Placement]:
    """The places of a plan year's measures, read once for a report's whole walk (a few per
    goal; FTPOS has none)."""
    ids = select(ITEM.c.id).where(ITEM.c.cycle == plan_year)
    return _placements(conn, lambda column: column.in_(ids))


def _placements(conn: Connection, which: Callable[[Any], Any]) -> dict[str, Placement]:
    quarters: dict[str, list[tuple[int, int]]] = defaultdict(list)
    query = (
        select(ITEM_QUARTER.c.item_id, ITEM_QUARTER.c.year, ITEM_QUARTER.c.quarter)
        .where(which(ITEM_QUARTER.c.item_id))
        .order_by(ITEM_QUARTER.c.item_id, ITEM_QUARTER.c.year, ITEM_QUARTER.c.quarter)
    )
    for item_id, year, quarter in conn.execute(query):
        quarters[item_id].append((year, quarter))
    found: dict[str, Placement] = {}
    query = (
        select(ITEM_PLAN.c.item_id, GOAL.c.number, ITEM_PLAN.c.letter, ITEM_PLAN.c.responsible)
        .outerjoin(GOAL, GOAL.c.id == ITEM_PLAN.c.goal_id)
        .where(which(ITEM_PLAN.c.item_id))
    )
    for item_id, number, letter, responsible in conn.execute(query):
        found[item_id] = Placement(number, letter, responsible, tuple(quarters.pop(item_id, ())))
    for item_id, only in quarters.items():
        found[item_id] = Placement(quarters=tuple(only))
    return found


def goal_items(conn: Connection, plan_year: int) -> list[str]:
    """The measures placed in the plan year's goals, by goal and letter (1a … 1z, 1aa …)."""
    query = (
        select(ITEM_PLAN.c.item_id)
        .join(GOAL, GOAL.c.id == ITEM_PLAN.c.goal_id)
        .where(GOAL.c.plan_year == plan_year)
        .order_by(GOAL.c.number, func.length(ITEM_PLAN.c.letter), ITEM_PLAN.c.letter)
    )
    return [item_id for (item_id,) in conn.execute(query)]


def last_quarter_year(conn: Connection, plan_year: int) -> int | None:
    """The last year any measure of the plan year is worked on, by its quarters."""
    query = (
        select(func.max(ITEM_QUARTER.c.year))
        .join(ITEM, ITEM.c.id == ITEM_QUARTER.c.item_id)
        .where(ITEM.c.cycle == plan_year)
    )
    found: int | None = conn.execute(query).scalar()
    return found


def continuing(
    conn: Connection,
    plan_year: int,
    open_states: Sequence[str],
    done_states: Sequence[str],
    since: datetime,
) -> list[str]:
    """Measures of earlier plans that go on into this one: still open, or completed since it
    began (looked for in the plans of the years a measure may span, not the whole past)."""
    completed = exists().where(
        HISTORY.c.item_id == ITEM.c.id, HISTORY.c.event == "complete", HISTORY.c.at >= since
    )
    recent = ITEM.c.cycle >= plan_year - PLAN_SPAN_YEARS
    query = (
        select(ITEM.c.id)
        .where(
            ITEM.c.cycle < plan_year,
            or_(
                ITEM.c.state.in_(open_states),
                and_(recent, ITEM.c.state.in_(done_states), completed),
            ),
        )
        .order_by(ITEM.c.cycle, ITEM.c.number)
    )
    return [item_id for (item_id,) in conn.execute(query)]


# running activities ---------------------------------------------------------------------------


def add_activity(
    conn: Connection, activity: RunningActivity, goal: int | None, at: datetime
) -> int:
    new_id: int = conn.execute(
        insert(RUNNING)
        .values(
            plan_year=activity.plan_year,
            number=activity.number,
            goal_id=goal,
            letter=activity.letter,
            title=activity.title,
            responsible=activity.responsible,
            every=activity.every,
            recur_on=activity.on,
            created_at=at,
        )
        .returning(RUNNING.c.id)
    ).scalar_one()
    return new_id


_ACTIVITY_SELECT = select(RUNNING, GOAL.c.number.label("goal_number")).outerjoin(
    GOAL, GOAL.c.id == RUNNING.c.goal_id
)


def activities(conn: Connection, plan_year: int, *, retired: bool = False) -> list[RunningActivity]:
    """The plan year's running activities: those under goals by goal and letter, then the rest;
    each recurring one with its occurrences reported done. Retired ones only with `retired`."""
    query = _ACTIVITY_SELECT.where(RUNNING.c.plan_year == plan_year).order_by(
        GOAL.c.number.is_(None),
        GOAL.c.number,
        func.length(RUNNING.c.letter),
        RUNNING.c.letter,
        RUNNING.c.number,
    )
    if not retired:
        query = query.where(RUNNING.c.retired_at.is_(None))
    rows = list(conn.execute(query).mappings())
    done = occurrences(conn, [row["id"] for row in rows if row["every"]])
    return [_activity(row, done.get(row["id"], ())) for row in rows]


def recurring_until(conn: Connection, plan_year: int) -> list[RunningActivity]:
    """The recurring activities of this plan year and the ones before (they go on until
    retired), retired ones included, each with its occurrences reported done."""
    query = _ACTIVITY_SELECT.where(
        RUNNING.c.plan_year <= plan_year, RUNNING.c.every.is_not(None)
    ).order_by(RUNNING.c.plan_year, RUNNING.c.id)
    rows = list(conn.execute(query).mappings())
    done = occurrences(conn, [row["id"] for row in rows])
    return [_activity(row, done.get(row["id"], ())) for row in rows]


def _activity(row: RowMapping, done: Sequence[Occurrence] = ()) -> RunningActivity:
    return RunningActivity(
        plan_year=row["plan_year"],
        number=row["number"],
        title=row["title"],
        responsible=row["responsible"],
        goal=row["goal_number"],
        letter=row["letter"],
        retired=retired_of(row),
        every=row["every"],
        on=row["recur_on"],
        occurrences=tuple(done),
    )


def activity_record(conn: Connection, plan_year: int, nr: str, *, lock: bool = False) -> RowMapping:
    """A running activity's row (with its goal's number) by how the plan numbers it: 6a under
    goal 6, L2 under none; KeyError when there is none."""
    text = nr.strip().lower()
    query = _ACTIVITY_SELECT.where(RUNNING.c.plan_year == plan_year)
    if text.startswith("l") and text[1:].isdigit():
        query = query.where(RUNNING.c.goal_id.is_(None), RUNNING.c.number == int(text[1:]))
    else:
        digits = text.rstrip("abcdefghijklmnopqrstuvwxyz")
        letter = text[len(digits) :]
        if not digits.isdigit() or not letter:
            raise KeyError(nr)
        query = query.where(GOAL.c.number == int(digits), RUNNING.c.letter == letter)
    found = conn.execute(query.with_for_update(of=RUNNING) if lock else query).mappings().first()
    if found is None:
        raise KeyError(nr)
    return found


def activity_by_id(conn: Connection, activity: int) -> RunningActivity:
    row = conn.execute(_ACTIVITY_SELECT.where(RUNNING.c.id == activity)).mappings().one()
    return _activity(row, occurrences(conn, [activity]).get(activity, ()))


def occurrences(conn: Connection, ids: Sequence[int]) -> dict[int, list[Occurrence]]:
    """The occurrences reported done of these activities, by activity row id, oldest first."""
    found: dict[int, list[Occurrence]] = defaultdict(list)
    if not ids:
        return found
    query = (
        select(OCCURRENCE)
        .where(OCCURRENCE.c.activity_id.in_(list(ids)))
        .order_by(OCCURRENCE.c.year)
    )
    for o in conn.execute(query).mappings():
        found[o["activity_id"]].append(
            Occurrence(
                o["year"], o["due"], o["done_on"], o["note"], o["reported_by"], o["reported_at"]
            )
        )
    return found


def add_occurrence(conn: Connection, activity: int, occurrence: Occurrence) -> None:
    """Record an occurrence of a recurring activity done, chained."""
    assert occurrence.reported_by is not None and occurrence.reported_at is not None
    new_id: int = conn.execute(
        insert(OCCURRENCE)
        .values(
            activity_id=activity,
            year=occurrence.year,
            due=occurrence.due,
            done_on=occurrence.done_on,
            note=occurrence.note,
            reported_by=occurrence.reported_by,
            reported_at=occurrence.reported_at,
        )
        .returning(OCCURRENCE.c.id)
    ).scalar_one()
    record_row(
        conn,
        "activity_occurrence",
        new_id,
        "activity_done",
        occurrence.reported_by,
        occurrence.reported_at,
        note=occurrence.note,
    )


def recurring(conn: Connection) -> list[tuple[int, int, str, datetime]]:
    """The current recurring activities: (row id, plan year, its day "P 03-31", added at)."""
    query = (
        select(RUNNING.c.id, RUNNING.c.plan_year, RUNNING.c.recur_on, RUNNING.c.created_at)
        .where(RUNNING.c.every.is_not(None), RUNNING.c.retired_at.is_(None))
        .order_by(RUNNING.c.id)
    )
    return [(a, y, on, at) for a, y, on, at in conn.execute(query)]


def occurrence_subject(activity: int, year: int) -> str:
    return f"{ACTIVITY_PREFIX}{activity}-{year}"


def parse_occurrence_subject(subject: str) -> tuple[int, int]:
    """(activity row id, year) of a due event's subject "A7-2026"."""
    activity, _, year = subject.removeprefix(ACTIVITY_PREFIX).partition("-")
    return int(activity), int(year)
