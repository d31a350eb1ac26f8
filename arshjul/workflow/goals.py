"""Use cases of the plan as the regional council writes it: functions, goals, indicators and
their outcomes, running activities. One transaction each; coordinators keep the plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from arshjul.clock import Clock
from arshjul.config import RelativeDate
from arshjul.errors import BadInput, ConfigError, NotAllowed, NotFound, Refused
from arshjul.i18n import t
from arshjul.states.model import Actor, Role
from arshjul.states.plan import (
    BETTER,
    HORIZONS,
    Function,
    Goal,
    Indicator,
    Outcome,
    RunningActivity,
    goal_number,
    letters_after,
    parse_number,
    parse_period,
)
from arshjul.states.rules import check_owner
from arshjul.store import plan
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.placement import goal_row, responsible
from arshjul.workflow.services import actor_of

CODE_LIMIT = 20
UNIT_LIMIT = 20
VALUE_LIMIT = 200
INDICATOR_LIMIT = 300


def keeper(uow: UnitOfWork, actor_email: str | None) -> Actor:
    """Who may change the plan's goals, activities and risks: a coordinator."""
    actor = actor_of(uow, actor_email)
    if not actor.has(Role.coordinator):
        raise NotAllowed("plan_refused", email=actor.email)
    return actor


# functions --------------------------------------------------------------------------------


def add_function(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, code: str, name: str, head: str
) -> Function:
    """A function that answers for measures and risks (FO), led by a person who owns them."""
    function = Function(
        code=validate.required_text("code", code, CODE_LIMIT),
        name=validate.required_text("name", name, validate.NAME_LIMIT),
        head=validate.email(head),
    )
    if "@" in function.code:
        raise BadInput("bad_function_code", code=function.code)
    with uow:
        keeper(uow, actor_email)
        person = uow.repo.person(function.head)
        if person is None:
            raise NotFound("no_person", email=function.head)
        check_owner(person.as_actor())
        if plan.function(uow.connection, function.code) is not None:
            raise BadInput("function_exists", code=function.code)
        plan.add_function(uow.connection, function, clock.now())
        uow.commit()
    return function


def functions(uow: UnitOfWork) -> list[Function]:
    with uow:
        return plan.functions(uow.connection)


# goals and indicators ------------------------------------------------------------------------


def add_goal(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    title: str,
    number: str | None = None,
) -> Goal:
    """An overall goal of the plan year, numbered next unless a number is given."""
    validate.plan_year(plan_year)
    cleaned = validate.required_text("title", title, validate.TITLE_LIMIT)
    with uow:
        actor = keeper(uow, actor_email)
        conn = uow.connection
        chosen = (
            goal_number(number)
            if number
            else plan.next_number(conn, plan.GOAL, plan_year=plan_year)
        )
        if plan.goal_id(conn, plan_year, chosen) is not None:
            raise BadInput("goal_exists", number=chosen, plan_year=plan_year)
        goal = Goal(plan_year, chosen, cleaned)
        plan.add_goal(conn, goal, actor.email, clock.now())
        uow.commit()
    return goal


def goals(uow: UnitOfWork, plan_year: int, *, retired: bool = False) -> list[Goal]:
    """The plan year's goals as they are (retired ones too, marked, with `retired`)."""
    validate.plan_year(plan_year)
    with uow:
        return plan.goals(uow.connection, plan_year, retired=retired)


def clean_indicator(
    name: str,
    *,
    horizon: str | None = None,
    focus: str | None = None,
    target: str | None = None,
    better: str | None = None,
    unit: str | None = None,
) -> Indicator:
    """An indicator as written, checked; its number is given when it is stored."""
    goal_value = None
    if target is not None and target.strip():
        goal_value = parse_number(target)
        if goal_value is None:
            raise BadInput("bad_target", value=target)
    return Indicator(
        number=0,
        name=validate.required_text("indicator", name, INDICATOR_LIMIT),
        horizon=validate.choice("horizon", horizon, HORIZONS) if horizon else None,
        focus=validate.text("focus", focus, validate.NAME_LIMIT, one_line=True, required=False),
        target=goal_value,
        better=validate.choice("better", better, BETTER) if better else "higher",
        unit=validate.text("unit", unit, UNIT_LIMIT, one_line=True, required=False),
    )


def add_indicator(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    goal: str,
    indicator: Indicator,
) -> Indicator:
    """An indicator of the goal, numbered next within it."""
    validate.plan_year(plan_year)
    with uow:
        keeper(uow, actor_email)
        goal_id = goal_row(uow, plan_year, goal)
        numbered = replace(
            indicator, number=plan.next_number(uow.connection, plan.INDICATOR, goal_id=goal_id)
        )
        plan.add_indicator(uow.connection, goal_id, numbered, clock.now())
        uow.commit()
    return numbered


def record_outcome(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    goal: str,
    *,
    value: str,
    period: str,
    indicator: int | None = None,
    met: bool | None = None,
    note: str | None = None,
) -> tuple[Indicator, Outcome]:
    """What an indicator showed for a period. With a target, the value is a number and whether
    it is met follows from it; without one, the person recording says (or leaves it open)."""
    validate.plan_year(plan_year)
    shown = validate.required_text("value", value, VALUE_LIMIT)
    cleaned_note = validate.text("note", note, validate.NOTE_LIMIT, required=False)
    when = parse_period(period)
    with uow:
        actor = keeper(uow, actor_email)
        conn = uow.connection
        number = goal_number(goal)
        goal_id = goal_row(uow, plan_year, goal)
        ids = plan.indicator_ids(conn, goal_id)
        every = {
            i.number: i
            for g in plan.goals(conn, plan_year, retired=True)
            if g.number == number
            for i in g.indicators
        }
        if indicator is None:
            current = [n for n, i in every.items() if i.retired is None]
            if len(current) != 1:
                raise BadInput("which_indicator", goal=number, count=len(current))
            [indicator] = current
        if indicator not in ids:
            raise NotFound("no_indicator", number=indicator, goal=number, plan_year=plan_year)
        found = every[indicator]
        if found.retired is not None:
            raise Refused("already_retired", what=f"{t('kind_indicator')} {number}.{indicator}")
        measured = parse_number(shown)
        if found.target is not None:
            if measured is None:
                raise BadInput("needs_number", value=shown, target=_number_text(found.target))
            met = found.met(measured)
        outcome = Outcome(when, shown, measured, met, cleaned_note, clock.now(), actor.email)
        plan.add_outcome(conn, ids[indicator], outcome)
        uow.commit()
    return found, outcome


def _number_text(value: float) -> str:
    return f"{value:g}"


# running activities ----------------------------------------------------------------------------


def add_activity(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    title: str,
    responsible_text: str,
    goal: str | None = None,
    *,
    every: str | None = None,
    on: str | None = None,
) -> RunningActivity:
    """An activity of a running kind: someone answers for it and it has no end. Under a goal it
    takes the goal's next letter (6a), beside the goal's measures. With `every` ("year") and
    `on` ("P 03-31") it recurs: reminded and followed up each time (activity_recurrence)."""
    validate.plan_year(plan_year)
    cleaned = validate.required_text("title", title, validate.TITLE_LIMIT)
    every, on = recurrence(every, on)
    with uow:
        keeper(uow, actor_email)
        conn = uow.connection
        who = responsible(uow, responsible_text)
        goal_id, number, letter = None, None, None
        if goal is not None:
            goal_id = goal_row(uow, plan_year, goal, lock=True)
            number = goal_number(goal)
            [letter] = letters_after(plan.used_letters(conn, goal_id), 1)
        activity = RunningActivity(
            plan_year=plan_year,
            number=plan.next_number(conn, plan.RUNNING, plan_year=plan_year),
            title=cleaned,
            responsible=who.label,
            goal=number,
            letter=letter,
            every=every,
            on=on,
        )
        plan.add_activity(conn, activity, goal_id, clock.now())
        uow.commit()
    return activity


#: How often an activity may recur.
EVERY = ("year",)


def recurrence(every: str | None, on: str | None) -> tuple[str | None, str | None]:
    """`--every year --on "P 03-31"` checked, as stored; (None, None) for one that does not
    recur. `--on` alone means every year."""
    if every is None and on is None:
        return None, None
    if on is None:
        raise BadInput("recur_needs_on")
    chosen = validate.choice("every", every or "year", EVERY)
    try:
        day = RelativeDate.parse(on.strip(), "--on")
    except ConfigError:
        raise BadInput("bad_recur_on", value=on) from None
    return chosen, str(day)


def due_on(on: str, year: int) -> date:
    """The day the occurrence of plan year `year` is due."""
    return RelativeDate.parse(on, "recur_on").on(year)


def activity_row(uow: UnitOfWork, plan_year: int, nr: str, *, lock: bool = False) -> Any:
    """A running activity's row by its number in the plan (6a, L2); NotFound if none."""
    try:
        return plan.activity_record(uow.connection, plan_year, nr, lock=lock)
    except KeyError:
        raise NotFound("no_activity", nr=nr, plan_year=plan_year) from None


def activities(uow: UnitOfWork, plan_year: int, *, retired: bool = False) -> list[RunningActivity]:
    validate.plan_year(plan_year)
    with uow:
        return plan.activities(uow.connection, plan_year, retired=retired)
