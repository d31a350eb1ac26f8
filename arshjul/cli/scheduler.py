"""The scheduler: tick, run, upcoming."""

from __future__ import annotations

import json
from typing import Any

import click

from arshjul.cli.base import (
    app,
    cli,
    common,
    emit_json,
    json_option,
    service_work,
)
from arshjul.i18n import t

# the scheduler --------------------------------------------------------------------------


def _fired_line(fired: Any, tz: Any) -> str:
    due_at = fired.due_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    what = " ".join(part for part in (fired.kind, fired.subject, fired.detail) if part)
    effect = "; ".join(f"{k}: {_short(v)}" for k, v in fired.effect.items())
    late = (
        f"  [{t('tick_late')}, {fired.fired_at.astimezone(tz).strftime('%Y-%m-%d %H:%M')}]"
        if fired.late
        else ""
    )
    void = f"  [{t('tick_void', reason=fired.void)}]" if fired.void else ""
    return f"{due_at}  {what}{'  → ' + effect if effect else ''}{late}{void}"


def _short(value: Any) -> str:
    if isinstance(value, dict):
        value = [f"{k}→{v}" for k, v in value.items()]
    if isinstance(value, list):
        return (
            ", ".join(map(str, value[:6])) + (f" … (+{len(value) - 6})" if len(value) > 6 else "")
            if value
            else "—"
        )
    return str(value)


@cli.command()
@common
@json_option
def tick(as_json: bool) -> None:
    """Take effect of every event due up to now, in order, exactly once."""
    from arshjul.workflow import ticker

    a = app()
    service_work(a, "service_refused")
    fired = ticker.tick(a.engine(), a.clock, a.calendar, follow_stored=True)
    tz = a.config.timezone
    if as_json:
        emit_json([f.to_json(tz) for f in fired])
    elif not fired:
        click.echo(t("tick_nothing", now=a.clock.now().astimezone(tz).strftime("%Y-%m-%d %H:%M")))
    for f in fired if not as_json else ():
        click.echo(_fired_line(f, tz))


@cli.command()
@common
@click.option(
    "--safety-seconds",
    type=click.FloatRange(0.05, 86_400),
    default=60.0,
    show_default=True,
    help="Wake at least this often.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object a line for each event that takes effect.",
)
def run(safety_seconds: float, as_json: bool) -> None:
    """The scheduler service: stays up and fires events as they fall due."""
    from arshjul.workflow import runner

    a = app()
    service_work(a, "service_refused")
    tz = a.config.timezone

    def report(fired: Any) -> None:
        click.echo(
            json.dumps(fired.to_json(tz), ensure_ascii=False) if as_json else _fired_line(fired, tz)
        )

    def say(text: str) -> None:
        click.echo(text, err=True)

    runner.run(
        a.engine(),
        a.clock,
        a.calendar,
        report=report,
        say=say,
        safety_seconds=safety_seconds,
        deliver=a.deliver,
        follow_stored=True,  # a `cycle set` meanwhile counts from the next wake
    )
    click.echo(t("run_stopped"), err=True)


@cli.command()
@common
@click.option("--limit", type=click.IntRange(1, 10_000), default=30, show_default=True)
@json_option
def upcoming(limit: int, as_json: bool) -> None:
    """What the scheduler will do next in a body (as planned by the last tick); a meeting's
    reminders and a measure's only to those who see the meeting or the whole measure."""
    from arshjul.workflow import ticker
    from arshjul.workflow.meetings import seen_subjects
    from arshjul.workflow.schedule import DUE_REMINDER, MEETING_REMINDER, OVERDUE

    a = app()
    tz = a.config.timezone
    rows = ticker.upcoming(a.engine(), limit, a.body.id)
    told = {MEETING_REMINDER, DUE_REMINDER, OVERDUE}
    asked = [r for r in rows if r["kind"] in told]
    if asked:
        seen = seen_subjects(
            a.uow(write=False),
            a.settings.actor,
            {r["subject"] for r in asked if r["kind"] == MEETING_REMINDER},
            {r["subject"] for r in asked if r["kind"] != MEETING_REMINDER},
        )
        rows = [r for r in rows if r["kind"] not in told or r["subject"] in seen]
    if as_json:
        emit_json(
            [
                {
                    "kind": r["kind"],
                    "subject": r["subject"],
                    "detail": r["detail"],
                    "due_at": r["due_at"].astimezone(tz).isoformat(),
                }
                for r in rows
            ]
        )
        return
    if not rows:
        click.echo(t("upcoming_none"))
    for r in rows:
        click.echo(
            f"{r['due_at'].astimezone(tz).strftime('%Y-%m-%d %H:%M')}  {r['kind']:<16} {r['subject']:<9} {r['detail']}"
        )
