"""The plan, the follow-up and a proposer's view, in their formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from arshjul.cli.base import (
    ArshjulGroup,
    F,
    app,
    cli,
    common,
)
from arshjul.cli.types import PLAN_YEAR
from arshjul.errors import BadInput

# reports ----------------------------------------------------------------------------------


def _report_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...]) -> str:
    chosen = fmt or (output.suffix.lstrip(".").lower() if output and output.suffix else "md")
    if chosen == "markdown":
        chosen = "md"
    if chosen not in allowed:
        raise BadInput("bad_choice", field="--format", value=chosen, choices=", ".join(allowed))
    return chosen


def _emit_report(content: bytes | str, fmt: str, output: Path | None) -> None:
    if output is not None:
        return
    if isinstance(content, bytes):
        if sys.stdout.isatty():
            raise BadInput("report_binary", format=fmt)
        sys.stdout.buffer.write(content)
    else:
        click.echo(content, nl=False)


def _write_report(report: Any, fmt: str, output: Path | None) -> None:
    from arshjul.reports.output import write

    try:
        content = write(report, fmt, output)
    except OSError as exc:
        raise BadInput("cannot_write", file=str(output), reason=exc.strerror or str(exc)) from None
    _emit_report(content, fmt, output)


@cli.group(cls=ArshjulGroup)
def report() -> None:
    """The plan, the year-end follow-up, and your organisation's items."""


def _plan_report(kind: str, plan_year: int, fmt: str | None, output: Path | None) -> None:
    from arshjul.reports.build import build
    from arshjul.reports.output import FORMATS
    from arshjul.workflow import validate
    from arshjul.workflow.services import viewer

    a = app()
    validate.plan_year(plan_year)
    chosen = _report_format(fmt, output, FORMATS)
    with a.uow(write=False) as uow:
        reader = viewer(uow, a.settings.actor)
    built = build(a.uow(write=False), a.calendar, kind, plan_year, reader, a.lang)
    _write_report(built, chosen, output)


def plan_report_options(f: F) -> F:
    """P, --format and -o, as the plan and the follow-up both take them."""
    f = click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))(f)
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["md", "html", "csv", "xlsx"]),
        help="Default: from -o's extension, else md.",
    )(f)
    return common(click.argument("plan_year", type=PLAN_YEAR, metavar="P")(f))


@report.command("plan")
@plan_report_options
def report_plan(plan_year: int, fmt: str | None, output: Path | None) -> None:
    """The plan for P: decided measures, meeting calendar, what was left out and why."""
    _plan_report("plan", plan_year, fmt, output)


@report.command("followup")
@plan_report_options
def report_followup(plan_year: int, fmt: str | None, output: Path | None) -> None:
    """The year-end follow-up of P: outcomes, assessments, what carries over, with a chart."""
    _plan_report("followup", plan_year, fmt, output)


@report.command("mine")
@common
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    help="Default: from -o's extension, else md.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))
def report_mine(fmt: str | None, output: Path | None) -> None:
    """The acting person's organisation's items, their states and history."""
    from arshjul.reports.build import mine
    from arshjul.workflow.services import actor_of

    a = app()
    chosen = _report_format(fmt, output, ("md", "html"))
    with a.uow(write=False) as uow:
        reader = actor_of(uow, a.settings.actor)
    _write_report(mine(a.uow(write=False), a.calendar, reader, a.lang), chosen, output)
