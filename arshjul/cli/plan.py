"""The plan as the regional council writes it: functions, goals, indicators, running activities."""

from __future__ import annotations

import click

from arshjul.cli.base import (
    App,
    ArshjulGroup,
    F,
    app,
    cli,
    common,
    emit_json,
    json_option,
)
from arshjul.cli.types import PLAN_YEAR, WHOLE
from arshjul.i18n import t


def cycle_option(f: F) -> F:
    """--cycle P: the plan year (default: this year, the plan being carried out)."""
    return click.option(
        "--cycle",
        "plan_year",
        type=PLAN_YEAR,
        metavar="P",
        help="Plan year (default: this year's plan).",
    )(f)


def chosen_year(a: App, given: int | None) -> int:
    return given if given is not None else a.clock.now().astimezone(a.config.timezone).year


# functions ---------------------------------------------------------------------------------


@cli.group(cls=ArshjulGroup)
def function() -> None:
    """Functions that answer for measures and risks (FO, MO, BO), each led by a person."""


@function.command("add")
@common
@click.argument("code")
@click.option("--name", required=True, help="What the code stands for.")
@click.option("--head", required=True, metavar="EMAIL", help="Who leads it: reminded, and owns.")
def function_add(code: str, name: str, head: str) -> None:
    """Add a function; a measure or risk given to its code is owned by its head."""
    from arshjul.workflow import goals

    a = app()
    added = goals.add_function(a.uow(), a.clock, a.settings.actor, code, name, head)
    click.echo(t("function_added", code=added.code, name=added.name, head=added.head))


@function.command("list")
@common
@json_option
def function_list(as_json: bool) -> None:
    """The functions and who leads them."""
    from arshjul.workflow import goals
    from arshjul.workflow.plan_views import function_json

    found = goals.functions(app().uow(write=False))
    if as_json:
        emit_json([function_json(f) for f in found])
        return
    for f in found:
        click.echo(f"{f.code:<8} {f.name:<36} {f.head}")


# goals and indicators ------------------------------------------------------------------------


@cli.group(cls=ArshjulGroup)
def goal() -> None:
    """The plan's overall goals (övergripande mål)."""


@goal.command("add")
@common
@cycle_option
@click.argument("title")
@click.option("--number", metavar="N", help="Its number in the plan (default: the next).")
@json_option
def goal_add(title: str, plan_year: int | None, number: str | None, as_json: bool) -> None:
    """Add a goal to the plan; prints its number."""
    from arshjul.workflow import goals
    from arshjul.workflow.plan_views import goal_json

    a = app()
    added = goals.add_goal(
        a.uow(), a.clock, a.settings.actor, chosen_year(a, plan_year), title, number
    )
    if as_json:
        emit_json(goal_json(added, a.config.timezone))
        return
    click.echo(added.number)


def all_option(f: F) -> F:
    """--all: the retired ones too, marked."""
    return click.option(
        "--all", "everything", is_flag=True, help="Retired ones too, marked (when, why)."
    )(f)


@goal.command("list")
@common
@cycle_option
@all_option
@json_option
def goal_list(plan_year: int | None, everything: bool, as_json: bool) -> None:
    """The plan's goals with their indicators and what they showed (retired ones with --all)."""
    from arshjul.workflow import goals
    from arshjul.workflow.plan_views import goal_json, goal_text

    a = app()
    found = goals.goals(a.uow(write=False), chosen_year(a, plan_year), retired=everything)
    if as_json:
        emit_json([goal_json(g, a.config.timezone) for g in found])
        return
    if not found:
        click.echo(t("no_goals", plan_year=chosen_year(a, plan_year)))
    for g in found:
        click.echo(goal_text(g, a.lang, a.config.timezone))


@cli.group(cls=ArshjulGroup)
def indicator() -> None:
    """A goal's indicators, and their outcome period by period."""


@indicator.command("add")
@common
@cycle_option
@click.argument("goal_name", metavar="GOAL")
@click.argument("name", metavar="TEXT")
@click.option("--horizon", type=click.Choice(["short", "long"]), help="Short or long term.")
@click.option("--focus", help="What the horizon aims at (Likviditetshantering).")
@click.option("--target", metavar="NUMBER", help="The value to reach.")
@click.option(
    "--better",
    type=click.Choice(["higher", "lower"]),
    help="Which side of the target is good (default: higher).",
)
@click.option("--unit", help="The unit of the values (%, MSEK…).")
def indicator_add(
    goal_name: str,
    name: str,
    plan_year: int | None,
    horizon: str | None,
    focus: str | None,
    target: str | None,
    better: str | None,
    unit: str | None,
) -> None:
    """Add an indicator to GOAL (its number, 1, or section, 3.1); prints GOAL.N."""
    from arshjul.workflow import goals

    a = app()
    checked = goals.clean_indicator(
        name, horizon=horizon, focus=focus, target=target, better=better, unit=unit
    )
    year = chosen_year(a, plan_year)
    added = goals.add_indicator(a.uow(), a.clock, a.settings.actor, year, goal_name, checked)
    from arshjul.states.plan import goal_number

    click.echo(f"{goal_number(goal_name)}.{added.number}")


@indicator.command("record")
@common
@cycle_option
@click.argument("goal_name", metavar="GOAL")
@click.option("--value", required=True, help="What it showed (a number when it has a target).")
@click.option("--period", required=True, metavar="PERIOD", help="2023, 2023-Q2, 2023-H1, 2023-06.")
@click.option(
    "--indicator", "number", type=WHOLE, metavar="N", help="Which (if the goal has several)."
)
@click.option("--met/--not-met", default=None, help="Without a target: whether it was reached.")
@click.option("--note")
def indicator_record(
    goal_name: str,
    plan_year: int | None,
    value: str,
    period: str,
    number: int | None,
    met: bool | None,
    note: str | None,
) -> None:
    """Record an indicator's outcome for a period."""
    from arshjul.states.plan import goal_number
    from arshjul.workflow import goals
    from arshjul.workflow.plan_views import met_text, target_text

    a = app()
    found, outcome = goals.record_outcome(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        goal_name,
        value=value,
        period=period,
        indicator=number,
        met=met,
        note=note,
    )
    verdict = met_text(outcome.met, a.lang)
    target = target_text(found)
    detail = ", ".join(part for part in (target, verdict) if part)
    click.echo(
        f"{goal_number(goal_name)}.{found.number} {outcome.period}: {outcome.value}"
        + (f" ({detail})" if detail else "")
    )


# running activities -------------------------------------------------------------------------


@cli.group(cls=ArshjulGroup)
def activity() -> None:
    """Activities of a running kind (löpande): someone answers for them, they have no end."""


@activity.command("add")
@common
@cycle_option
@click.argument("title")
@click.option(
    "--responsible", required=True, metavar="WHO", help="A function (FO), a person, or a name."
)
@click.option("--goal", "goal_name", metavar="GOAL", help="The goal it comes under (numbered 6a).")
@click.option(
    "--every",
    type=click.Choice(["year"]),
    help="It recurs: reminded before each occurrence, followed up after.",
)
@click.option(
    "--on", "recur_on", metavar='"P MM-DD"', help='The day of each plan year it is due ("P 03-31").'
)
def activity_add(
    title: str,
    plan_year: int | None,
    responsible: str,
    goal_name: str | None,
    every: str | None,
    recur_on: str | None,
) -> None:
    """Add a running activity to the plan; prints its number. With --every year --on "P 03-31"
    it recurs, and each occurrence is reported done with `activity done`."""
    from arshjul.workflow import goals

    a = app()
    added = goals.add_activity(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        title,
        responsible,
        goal_name,
        every=every,
        on=recur_on,
    )
    click.echo(added.nr)


@activity.command("list")
@common
@cycle_option
@all_option
@json_option
def activity_list(plan_year: int | None, everything: bool, as_json: bool) -> None:
    """The plan's running activities (retired ones with --all); a recurring one with its day."""
    from arshjul.workflow import goals
    from arshjul.workflow.plan_views import activity_json, retired_text, word

    a = app()
    found = goals.activities(a.uow(write=False), chosen_year(a, plan_year), retired=everything)
    if as_json:
        emit_json([activity_json(x, a.config.timezone) for x in found])
        return
    for x in found:
        recurs = f"  ({word(f'every_{x.every}', a.lang)}: {x.on})" if x.every else ""
        marked = retired_text(x.retired, a.lang, a.config.timezone)
        click.echo(f"{x.nr:<5} {x.responsible:<10} {x.title}{recurs}{marked}")
