"""The internal control plan: risks, their assessments and their actions."""

from __future__ import annotations

import click

from arshjul.cli.base import ArshjulGroup, app, cli, common, emit_json, json_option
from arshjul.cli.plan import all_option, chosen_year, cycle_option
from arshjul.cli.types import WHOLE
from arshjul.i18n import t


@cli.group(cls=ArshjulGroup)
def risk() -> None:
    """The internal control plan's risks, scored probability × consequence (1–4 each)."""


@risk.command("add")
@common
@cycle_option
@click.argument("description")
@click.option(
    "--responsible", required=True, metavar="WHO", help="A function (FO), a person, or a name."
)
@click.option("--action-level", type=WHOLE, required=True, metavar="1-3", help="Åtgärdsnivå.")
@click.option("--probability", type=WHOLE, required=True, metavar="1-4")
@click.option("--consequence", type=WHOLE, required=True, metavar="1-4")
@click.option("--action", required=True, help="What is done about it.")
@click.option(
    "--by",
    "deadline",
    required=True,
    metavar="YYYY-MM-DD|continuous|as-needed",
    help="When the action is done (Löpande, Vid behov).",
)
@click.option("--number", type=WHOLE, metavar="N", help="Its number (default: the next).")
@json_option
def risk_add(
    description: str,
    plan_year: int | None,
    responsible: str,
    action_level: int,
    probability: int,
    consequence: int,
    action: str,
    deadline: str,
    number: int | None,
    as_json: bool,
) -> None:
    """Add a risk to the internal control plan; prints its number."""
    from arshjul.workflow import risks
    from arshjul.workflow.plan_views import risk_json

    a = app()
    checked = risks.clean_risk(
        chosen_year(a, plan_year),
        description,
        responsible,
        action_level=action_level,
        probability=probability,
        consequence=consequence,
        action=action,
        deadline=deadline,
    )
    added = risks.add_risk(a.uow(), a.clock, a.settings.actor, checked, responsible, number=number)
    if as_json:
        emit_json(risk_json(added, a.config.timezone))
        return
    click.echo(added.number)


@risk.command("list")
@common
@cycle_option
@all_option
@json_option
def risk_list(plan_year: int | None, everything: bool, as_json: bool) -> None:
    """The risks with their level (probability × consequence), who answers, and the date
    (retired ones with --all, marked)."""
    from arshjul.workflow import risks
    from arshjul.workflow.plan_views import retired_text, risk_json, risk_line

    a = app()
    year = chosen_year(a, plan_year)
    found = [r for r in risks.risks(a.uow(write=False), year) if everything or r.retired is None]
    if as_json:
        emit_json([risk_json(r, a.config.timezone) for r in found])
        return
    if not found:
        click.echo(t("no_risks", plan_year=year))
    for r in found:
        click.echo(risk_line(r, a.lang) + retired_text(r.retired, a.lang, a.config.timezone))


@risk.command("show")
@common
@cycle_option
@click.argument("number", type=WHOLE, metavar="N")
@json_option
def risk_show(number: int, plan_year: int | None, as_json: bool) -> None:
    """A risk, its action and every assessment of it."""
    from arshjul.workflow import risks
    from arshjul.workflow.plan_views import risk_json, risk_text

    a = app()
    found = risks.show_risk(a.uow(write=False), chosen_year(a, plan_year), number)
    if as_json:
        emit_json(risk_json(found, a.config.timezone))
        return
    click.echo(risk_text(found, a.lang, a.config.timezone))


@risk.command("assess")
@common
@cycle_option
@click.argument("number", type=WHOLE, metavar="N")
@click.option("--probability", type=WHOLE, required=True, metavar="1-4")
@click.option("--consequence", type=WHOLE, required=True, metavar="1-4")
@click.option("--note", help="Why the scores change.")
def risk_assess(
    number: int, plan_year: int | None, probability: int, consequence: int, note: str | None
) -> None:
    """Score a risk anew; the earlier scores stay in its history."""
    from arshjul.workflow import risks

    a = app()
    before = risks.show_risk(a.uow(write=False), chosen_year(a, plan_year), number)
    after = risks.assess_risk(
        a.uow(),
        a.clock,
        a.settings.actor,
        chosen_year(a, plan_year),
        number,
        probability=probability,
        consequence=consequence,
        note=note,
    )
    click.echo(
        t(
            "risk_assessed",
            number=number,
            before=f"{before.probability}×{before.consequence}={before.level}",
            after=f"{after.probability}×{after.consequence}={after.level}",
        )
    )


@risk.command("done")
@common
@cycle_option
@click.argument("number", type=WHOLE, metavar="N")
@click.option("--note")
def risk_done(number: int, plan_year: int | None, note: str | None) -> None:
    """Report a risk's action done (the person answering for it, or a coordinator)."""
    from arshjul.workflow import risks

    a = app()
    done = risks.report_done(
        a.uow(), a.clock, a.settings.actor, chosen_year(a, plan_year), number, note
    )
    click.echo(t("risk_reported", number=done.number, plan_year=done.plan_year))
