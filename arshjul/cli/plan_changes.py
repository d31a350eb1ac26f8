"""Goals, indicators, running activities and risks edited and retired with a reason; recurring
activities reported done. Each change is kept in the history with what it was."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from arshjul.cli.base import app, common, emit_json, json_option
from arshjul.cli.plan import activity, chosen_year, cycle_option, goal, indicator
from arshjul.cli.risks import risk
from arshjul.cli.types import PLAN_YEAR, WHOLE
from arshjul.i18n import t


def reason_option(f: Any) -> Any:
    return click.option(
        "--reason", metavar="T", help="Why (required: the history keeps it with what it was)."
    )(f)


def _said(changed: Any, as_json: bool) -> None:
    """What an edit or retirement did: the fields before → after, or the JSON of it."""
    if as_json:
        emit_json(changed.to_json())
        return
    kind = t(f"kind_{changed.kind}")
    if changed.after == {"retired": True}:
        click.echo(t("retired_line", kind=kind, name=changed.name))
        return
    from arshjul.workflow.plan_views import change_lines

    lines = change_lines(
        (
            (field, _value(changed.before[field]), _value(value))
            for field, value in changed.after.items()
        ),
        app().lang,
    )
    changes = "; ".join(f"{field}: {before} → {after}" for field, before, after in lines)
    click.echo(t("changed_line", kind=kind, name=changed.name, changes=changes))


def _value(value: Any) -> str:
    return "-" if value is None else str(value)


# goals ------------------------------------------------------------------------------------


@goal.command("set")
@common
@cycle_option
@click.argument("goal_name", metavar="GOAL")
@click.option("--title", metavar="T", help="Its new title.")
@click.option("--number", metavar="N", help="Its new number in the plan.")
@reason_option
@json_option
def goal_set(
    goal_name: str,
    plan_year: int | None,
    title: str | None,
    number: str | None,
    reason: str | None,
    as_json: bool,
) -> None:
    """Change a goal's title or number, with why (coordinators)."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.set_goal(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        goal_name,
        reason=reason,
        title=title,
        number=number,
    )
    _said(changed, as_json)


@goal.command("retire")
@common
@cycle_option
@click.argument("goal_name", metavar="GOAL")
@reason_option
@json_option
def goal_retire(goal_name: str, plan_year: int | None, reason: str | None, as_json: bool) -> None:
    """Retire a goal, with why (coordinators); refused while a measure or activity runs under it."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.retire_goal(
        a.uow(), a.clock, a.settings.actor, chosen_year(a, plan_year), goal_name, reason=reason
    )
    _said(changed, as_json)


# indicators -------------------------------------------------------------------------------


@indicator.command("set")
@common
@cycle_option
@click.argument("goal_name", metavar="GOAL")
@click.argument("number", type=WHOLE, metavar="N")
@click.option("--name", metavar="TEXT", help="Its new text.")
@click.option("--horizon", type=click.Choice(["short", "long"]), help="Short or long term.")
@click.option("--focus", help="What the horizon aims at.")
@click.option("--target", metavar="NUMBER", help="The value to reach.")
@click.option("--better", type=click.Choice(["higher", "lower"]), help="Which side is good.")
@click.option("--unit", help="The unit of the values.")
@reason_option
@json_option
def indicator_set(
    goal_name: str,
    number: int,
    plan_year: int | None,
    name: str | None,
    horizon: str | None,
    focus: str | None,
    target: str | None,
    better: str | None,
    unit: str | None,
    reason: str | None,
    as_json: bool,
) -> None:
    """Change indicator N of GOAL, with why (coordinators); its outcomes stay."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.set_indicator(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        goal_name,
        number,
        reason=reason,
        name=name,
        horizon=horizon,
        focus=focus,
        target=target,
        better=better,
        unit=unit,
    )
    _said(changed, as_json)


@indicator.command("retire")
@common
@cycle_option
@click.argument("goal_name", metavar="GOAL")
@click.argument("number", type=WHOLE, metavar="N")
@reason_option
@json_option
def indicator_retire(
    goal_name: str, number: int, plan_year: int | None, reason: str | None, as_json: bool
) -> None:
    """Retire indicator N of GOAL, with why (coordinators); its outcomes stay."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.retire_indicator(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        goal_name,
        number,
        reason=reason,
    )
    _said(changed, as_json)


# running activities -----------------------------------------------------------------------


@activity.command("set")
@common
@cycle_option
@click.argument("nr", metavar="NR")
@click.option("--title", metavar="T", help="Its new title.")
@click.option("--responsible", metavar="WHO", help="A function (FO), a person, or a name.")
@reason_option
@json_option
def activity_set(
    nr: str,
    plan_year: int | None,
    title: str | None,
    responsible: str | None,
    reason: str | None,
    as_json: bool,
) -> None:
    """Change running activity NR (6a, L2): its title or who answers, with why (coordinators)."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.set_activity(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        nr,
        reason=reason,
        title=title,
        responsible_text=responsible,
    )
    _said(changed, as_json)


@activity.command("retire")
@common
@cycle_option
@click.argument("nr", metavar="NR")
@reason_option
@json_option
def activity_retire(nr: str, plan_year: int | None, reason: str | None, as_json: bool) -> None:
    """End running activity NR, with why (coordinators); a recurring one is reminded no more."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.retire_activity(
        a.uow(), a.clock, a.settings.actor, chosen_year(a, plan_year), nr, reason=reason
    )
    _said(changed, as_json)


@activity.command("done")
@common
@cycle_option
@click.argument("nr", metavar="NR")
@click.option(
    "--year", type=PLAN_YEAR, metavar="Y", help="Which occurrence (default: the earliest open)."
)
@click.option(
    "--on", "done_on", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE", help="Default: today."
)
@click.option("--note", help="What was done, or found.")
@json_option
def activity_done(
    nr: str,
    plan_year: int | None,
    year: int | None,
    done_on: Any,
    note: str | None,
    as_json: bool,
) -> None:
    """Report an occurrence of recurring activity NR done (whom it answers to, or a coordinator)."""
    from arshjul.workflow import activity_recurrence
    from arshjul.workflow.plan_views import occurrence_json

    a = app()
    day: date | None = done_on.date() if done_on is not None else None
    found, occurrence = activity_recurrence.report_done(
        a.uow(),
        a.clock,
        a.calendar,
        a.settings.actor,
        chosen_year(a, plan_year),
        nr,
        year=year,
        on=day,
        note=note,
    )
    if as_json:
        emit_json({"nr": found.nr, **occurrence_json(occurrence, a.config.timezone)})
        return
    assert occurrence.done_on is not None
    click.echo(
        t(
            "occurrence_line",
            nr=found.nr,
            year=occurrence.year,
            day=occurrence.done_on.isoformat(),
            due=occurrence.due.isoformat(),
        )
    )


# risks ------------------------------------------------------------------------------------


@risk.command("set")
@common
@cycle_option
@click.argument("number", type=WHOLE, metavar="N")
@click.option("--description", metavar="T", help="What the risk is.")
@click.option("--responsible", metavar="WHO", help="A function (FO), a person, or a name.")
@click.option("--action-level", type=WHOLE, metavar="1-3", help="Åtgärdsnivå.")
@click.option("--action", metavar="T", help="What is done about it.")
@click.option(
    "--by", "deadline", metavar="YYYY-MM-DD|continuous|as-needed", help="When the action is done."
)
@reason_option
@json_option
def risk_set(
    number: int,
    plan_year: int | None,
    description: str | None,
    responsible: str | None,
    action_level: int | None,
    action: str | None,
    deadline: str | None,
    reason: str | None,
    as_json: bool,
) -> None:
    """Change risk N: its text, who answers, action level, action or date, with why
    (coordinators; the scores change with `risk assess`)."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.set_risk(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        number,
        reason=reason,
        description=description,
        responsible_text=responsible,
        action_level=action_level,
        action=action,
        deadline=deadline,
    )
    _said(changed, as_json)


@risk.command("retire")
@common
@cycle_option
@click.argument("number", type=WHOLE, metavar="N")
@reason_option
@json_option
def risk_retire(number: int, plan_year: int | None, reason: str | None, as_json: bool) -> None:
    """Retire risk N, with why (coordinators): no more reminders, out of the matrix."""
    from arshjul.workflow import plan_changes

    a = app()
    changed = plan_changes.retire_risk(
        a.uow(), a.clock, a.settings.actor, chosen_year(a, plan_year), number, reason=reason
    )
    _said(changed, as_json)
