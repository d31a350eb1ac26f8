"""Proposals and measures: proposing, importing, the moves, reading, the cycle, the lifecycle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from arshjul.cli.base import (
    GIVEN,
    STORED_IF_SET_UP,
    ArshjulGroup,
    F,
    app,
    cli,
    common,
    emit_json,
    example_option,
    ids_name_body,
    json_option,
)
from arshjul.cli.types import PLAN_YEAR, WHOLE
from arshjul.i18n import t

# proposals ----------------------------------------------------------------------------


@cli.command()
@common
@click.argument("title")
@click.option("--description", help="What the measure is and why.")
@click.option(
    "--kind",
    type=click.Choice(["exercise", "information", "communication", "analysis", "other"]),
    default="other",
    show_default=True,
)
@click.option(
    "--restricted-to",
    "restricted_to",
    multiple=True,
    metavar="ORG",
    help="Need-to-know: only these organisations (and FI) see its content.",
)
@json_option
def propose(
    title: str, description: str | None, kind: str, restricted_to: tuple[str, ...], as_json: bool
) -> None:
    """Propose a measure; prints the new item's id."""
    from arshjul.workflow import services
    from arshjul.workflow.views import placement_text

    a = app()
    item_id, placement = services.propose(
        a.uow(),
        a.clock,
        a.calendar,
        a.settings.actor,
        title,
        description=description,
        kind=kind,
        restricted_to=restricted_to,
    )
    if as_json:
        emit_json(
            {
                "id": item_id,
                "cycle": placement.cycle,
                "dialogue_open": placement.dialogue_open,
                "dialogue_opens": placement.dialogue_opens.isoformat(),
            }
        )
        return
    click.echo(item_id)
    click.echo(placement_text(item_id, placement), err=True)


@cli.command("import")
@common
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--cycle",
    "plan_year",
    type=PLAN_YEAR,
    metavar="P",
    help="A plan workbook's plan year (default: this year).",
)
@json_option
def import_(file: Path, plan_year: int | None, as_json: bool) -> None:
    """Proposals in bulk from CSV or XLSX, or a plan workbook (goals, activities, internal
    control plan): all rows or none."""
    from arshjul.workflow import importer, plan_workbook, services

    a = app()
    if plan_workbook.is_plan(file):
        _import_plan(file, plan_year, as_json)
        return
    rows = importer.read(file)
    ids, placement = services.import_proposals(a.uow(), a.clock, a.calendar, a.settings.actor, rows)
    if as_json:
        emit_json({"count": len(ids), "cycle": placement.cycle, "ids": ids})
        return
    click.echo(t("imported", count=len(ids), cycle=placement.cycle))
    if ids:
        click.echo(f"{ids[0]} … {ids[-1]}")


def _import_plan(file: Path, plan_year: int | None, as_json: bool) -> None:
    from arshjul.cli.plan import chosen_year
    from arshjul.workflow import plan_workbook, validate
    from arshjul.workflow.plan_import import import_plan
    from arshjul.workflow.views import due_moved_text

    a = app()
    year = validate.plan_year(chosen_year(a, plan_year))
    plan = plan_workbook.read(file, year)
    done = import_plan(a.uow(), a.clock, a.settings.actor, plan, a.calendar)
    if as_json:
        emit_json(
            {
                "plan_year": done.plan_year,
                "goals": done.goals,
                "indicators": done.indicators,
                "measures": done.measures,
                "running": done.running,
                "risks": done.risks,
                "due_moved": [
                    {"id": item_id} | move.to_json(a.lang)
                    for item_id, move in done.due_moved.items()
                ],
            }
        )
        return
    for item_id, move in done.due_moved.items():
        click.echo(due_moved_text(item_id, move), err=True)
    click.echo(
        t(
            "imported_plan",
            plan_year=done.plan_year,
            goals=done.goals,
            indicators=done.indicators,
            measures=len(done.measures),
            running=done.running,
            risks=done.risks,
        )
    )


# moves --------------------------------------------------------------------------------


def _move(event_name: str, ids: tuple[str, ...], as_json: bool = False, **fields: Any) -> None:
    from arshjul.states.lifecycle import Event
    from arshjul.workflow import services
    from arshjul.workflow.views import due_moved_text

    a = app()
    request = services.MoveRequest(event=Event(event_name), ids=ids, **fields)
    done = services.move(a.uow(), a.clock, a.calendar, a.settings.actor, request)
    if as_json:
        emit_json([_moved_json(moved, a.lang) for moved in done])
        return
    for moved in done:
        click.echo(t("moved", id=moved.id, from_=moved.from_state, to=moved.to_state))
        if moved.due_moved is not None:  # the person deciding learns the date they set moved
            click.echo(due_moved_text(moved.id, moved.due_moved), err=True)


def _moved_json(moved: Any, lang: str) -> dict[str, Any]:
    """A move as `decide --json` shows it (docs/CLI.md)."""
    return {
        "id": moved.id,
        "from": moved.from_state,
        "to": moved.to_state,
        "due_moved": moved.due_moved.to_json(lang) if moved.due_moved else None,
    }


#: The optimistic check every command changing an item offers (`show --json` prints the version).
expect_version_option = click.option(
    "--expect-version",
    type=WHOLE,
    metavar="N",
    help="Refuse if the item changed since you saw version N.",
)


def move_options(f: F) -> F:
    f = expect_version_option(f)
    f = click.option(
        "--force",
        is_flag=True,
        help="Move outside the window (a coordinator; a decider, to decide late); needs a reason.",
    )(f)
    return click.argument("ids", nargs=-1, required=True, metavar="ID…", callback=ids_name_body)(
        common(f)
    )


@cli.command()
@move_options
@click.option("--rank", type=WHOLE, metavar="N", help="Its place in FI's priority order.")
@click.option("--note")
def prioritise(
    ids: tuple[str, ...],
    rank: int | None,
    note: str | None,
    force: bool,
    expect_version: int | None,
) -> None:
    """FI prioritises proposals."""
    from arshjul.cli.overlaps import tell_overlaps

    _move("prioritise", ids, rank=rank, note=note, force=force, expect_version=expect_version)
    tell_overlaps(app(), ids)


@cli.command()
@move_options
@click.option("--reason", help="Why it is left out (required: the framework asks for it).")
@click.option("--no-carry", is_flag=True, help="Do not carry it into the next cycle's dialogue.")
def deprioritise(
    ids: tuple[str, ...],
    reason: str | None,
    no_carry: bool,
    force: bool,
    expect_version: int | None,
) -> None:
    """FI leaves proposals out of the plan, with a reason."""
    _move(
        "deprioritise",
        ids,
        note=reason,
        no_carry=no_carry,
        force=force,
        expect_version=expect_version,
    )


@cli.command()
@move_options
@click.option(
    "--owner",
    metavar="EMAIL|FUNCTION",
    help="Who carries the measure out: a person, or a function (FO).",
)
@click.option(
    "--due",
    metavar="YYYY-MM-DD",
    help="Planned completion (a non-working day moves by the working-day rule).",
)
@click.option("--goal", metavar="GOAL", help="The plan's goal it comes under (numbered 1a, 1b…).")
@click.option(
    "--quarters", metavar="Q3,Q4", help="When the work happens; 2024-Q1 for the next year."
)
@click.option("--note")
@json_option
def decide(
    ids: tuple[str, ...],
    owner: str | None,
    due: str | None,
    goal: str | None,
    quarters: str | None,
    note: str | None,
    force: bool,
    expect_version: int | None,
    as_json: bool,
) -> None:
    """FI management decides measures into the plan. A due date on a weekend or Swedish
    holiday moves by the configuration's working-day rule, and you are told."""
    from arshjul.workflow.validate import day

    _move(
        "decide",
        ids,
        as_json,
        owner=owner,
        due=day(due) if due else None,
        goal=goal,
        quarters=(quarters,) if quarters else (),
        note=note,
        force=force,
        expect_version=expect_version,
    )


@cli.command()
@move_options
@click.option("--note")
def start(ids: tuple[str, ...], note: str | None, force: bool, expect_version: int | None) -> None:
    """The owner starts a decided measure."""
    _move("start", ids, note=note, force=force, expect_version=expect_version)


@cli.command()
@move_options
@click.option("--note")
def complete(
    ids: tuple[str, ...], note: str | None, force: bool, expect_version: int | None
) -> None:
    """The owner reports a measure done."""
    _move("complete", ids, note=note, force=force, expect_version=expect_version)


@cli.command("follow-up")
@move_options
@click.option("--assessment", type=click.Choice(["achieved", "partly", "not-achieved"]))
@click.option("--note")
def follow_up(
    ids: tuple[str, ...],
    assessment: str | None,
    note: str | None,
    force: bool,
    expect_version: int | None,
) -> None:
    """FI follows a measure up at year end (an unfinished one continues)."""
    _move(
        "follow_up",
        ids,
        assessment=assessment,
        note=note,
        force=force,
        expect_version=expect_version,
    )


@cli.command()
@common
@click.argument("ids", nargs=-1, required=True, metavar="ID…", callback=ids_name_body)
@click.option("--reason")
@expect_version_option
def withdraw(ids: tuple[str, ...], reason: str | None, expect_version: int | None) -> None:
    """A proposer withdraws their organisation's proposal."""
    _move("withdraw", ids, note=reason, expect_version=expect_version)


@cli.command()
@common
@click.argument("item_id", metavar="ID", callback=ids_name_body)
@click.option("--title", help="The new title.")
@click.option("--description", help="The new description (an empty one removes it).")
@click.option(
    "--kind", type=click.Choice(["exercise", "information", "communication", "analysis", "other"])
)
@click.option(
    "--restricted-to",
    "restricted_to",
    multiple=True,
    metavar="ORG",
    help="Need-to-know from now on: only these organisations (and FI) see its content.",
)
@click.option("--open", "open_", is_flag=True, help="Lift the need-to-know: open to all.")
@click.option("--reason", help="Why it is corrected (kept in the history, told in the mail).")
@expect_version_option
@json_option
def edit(
    item_id: str,
    title: str | None,
    description: str | None,
    kind: str | None,
    restricted_to: tuple[str, ...],
    open_: bool,
    reason: str | None,
    expect_version: int | None,
    as_json: bool,
) -> None:
    """A proposer corrects their organisation's proposal until it is prioritised; every
    earlier version stays in the history (show ID --version N)."""
    from arshjul.workflow import edits

    a = app()
    request = edits.EditRequest(
        item_id,
        title=title,
        description=description,
        kind=kind,
        restricted_to=restricted_to or None,
        open=open_,
        reason=reason,
        expect_version=expect_version,
    )
    edited = edits.edit(a.uow(), a.clock, a.settings.actor, request)
    if as_json:
        emit_json({"id": edited.id, "version": edited.version, "changed": edited.changed})
        return
    fields = edits.field_names(list(edited.changed), a.lang)
    click.echo(t("edited", id=edited.id, version=edited.version, fields=fields))


def _correct(event_name: str, ids: tuple[str, ...], reason: str | None, **fields: Any) -> None:
    """A correction (reinstate, cancel): the moves as lines, or their --json list."""
    from arshjul.states.lifecycle import Event
    from arshjul.workflow import services

    as_json = fields.pop("as_json")
    a = app()
    request = services.MoveRequest(event=Event(event_name), ids=ids, note=reason, **fields)
    done = services.move(a.uow(), a.clock, a.calendar, a.settings.actor, request)
    if as_json:
        shown: list[dict[str, Any]] = []
        for moved in done:
            entry: dict[str, Any] = {"id": moved.id, "from": moved.from_state, "to": moved.to_state}
            if request.event is Event.reinstate:
                entry["withdrawn_copy"] = moved.withdrawn_copy
            shown.append(entry)
        emit_json(shown)
        return
    for moved in done:
        click.echo(t("moved", id=moved.id, from_=moved.from_state, to=moved.to_state))
        if moved.withdrawn_copy:
            click.echo(t("copy_withdrawn", id=moved.id, copy=moved.withdrawn_copy))


def correction_options(f: F) -> F:
    f = json_option(f)
    f = expect_version_option(f)
    f = click.option("--reason", help="Why (required: the history and the people told read it).")(f)
    return click.argument("ids", nargs=-1, required=True, metavar="ID…", callback=ids_name_body)(
        common(f)
    )


@cli.command()
@correction_options
def reinstate(
    ids: tuple[str, ...], reason: str | None, expect_version: int | None, as_json: bool
) -> None:
    """A coordinator returns deprioritised proposals to where they were (proposed or
    prioritised); a copy already carried into the next cycle is withdrawn with each."""
    _correct("reinstate", ids, reason, expect_version=expect_version, as_json=as_json)


@cli.command()
@correction_options
def cancel(
    ids: tuple[str, ...], reason: str | None, expect_version: int | None, as_json: bool
) -> None:
    """A coordinator or decider ends decided or started measures undone (cancelled), with a
    reason: no more reminders; the follow-up reports them as cancelled."""
    _correct("cancel", ids, reason, expect_version=expect_version, as_json=as_json)


# reading ------------------------------------------------------------------------------


@cli.command()
@common
@click.argument("item_id", metavar="ID", callback=ids_name_body)
@click.option(
    "--version",
    "text_version",
    type=WHOLE,
    metavar="N",
    help="The proposal's text as it read at version N: 0 as proposed, N after its Nth edit.",
)
@json_option
def show(item_id: str, text_version: int | None, as_json: bool) -> None:
    """An item, its state and its whole history; with --version N, its text as it was then."""
    from arshjul.workflow import services
    from arshjul.workflow.views import item_text

    a = app()
    if text_version is not None:
        from arshjul.workflow import edits

        version = edits.show_version(
            a.uow(write=False), a.settings.actor, item_id, text_version, a.config.timezone
        )
        if as_json:
            emit_json(version)
        else:
            click.echo(edits.version_text(version, a.lang))
        return
    shown = services.show_item(a.uow(write=False), a.settings.actor, item_id, a.config.timezone)
    if as_json:
        emit_json(shown)
    else:
        click.echo(item_text(shown, a.lang))


@cli.command("list")
@common
@click.option("--cycle", type=PLAN_YEAR, metavar="P", help="Plan year.")
@click.option("--state", metavar="STATE")
@click.option("--org", "org_name", metavar="ORG")
@json_option
def list_(cycle: int | None, state: str | None, org_name: str | None, as_json: bool) -> None:
    """Items, filtered by cycle, state and organisation."""
    from arshjul.workflow import services
    from arshjul.workflow.views import list_text

    a = app()
    rows = services.list_items(
        a.uow(write=False),
        a.settings.actor,
        a.config.timezone,
        cycle=cycle,
        state=state,
        org=org_name,
    )
    if as_json:
        emit_json(rows)
    else:
        click.echo(list_text(rows, a.lang))


# the cycle ----------------------------------------------------------------------------


@cli.group(cls=ArshjulGroup)
def cycle() -> None:
    """The cycle calendar."""


@cycle.command("show")
@common
@click.argument("plan_year", type=PLAN_YEAR, metavar="P")
@json_option
def cycle_show(plan_year: int, as_json: bool) -> None:
    """The phases of cycle P with their dates, and which is current."""
    from arshjul.workflow import validate

    a = app(STORED_IF_SET_UP)
    validate.plan_year(plan_year)
    phases = a.calendar.phases(plan_year)
    current = a.calendar.current(plan_year, a.clock.now())
    if as_json:
        emit_json(
            {
                "plan_year": plan_year,
                "name": a.config.name,
                "digest": a.config.digest,
                "current": current,
                "phases": [p.to_json() for p in phases],
            }
        )
        return
    click.echo(f"{a.config.name} {plan_year}")
    for p in phases:
        mark = "▶" if p.key == current else " "
        click.echo(f"{mark} {p.key:<15} {p.opens.isoformat()} – {p.closes.isoformat()}  {p.name}")


@cycle.command("set")
@common
@click.argument("file", metavar="FILE")
@json_option
def cycle_set(file: str, as_json: bool) -> None:
    """Put the cycle configuration FILE (TOML) in force, for coordinators: what falls due is
    planned anew; refused if it would move an event that has already taken effect."""
    from arshjul.workflow import cycle_change
    from arshjul.workflow.cycle_config import given_text, parse_stored

    a = app(GIVEN)
    text, where = given_text(file)
    change = cycle_change.set_config(a.uow(), a.clock, a.settings.actor, text, where)
    if as_json:
        emit_json(change.to_json(parse_stored(change.after).timezone))
        return
    key = "config_changed" if change.changed else "config_unchanged"
    click.echo(t(key, name=change.after.name, digest=change.after.digest, where=where))


@cycle.command("default")
@example_option("finansrad", "fspos", "soes")
def cycle_default(example: str) -> None:
    """Print a built-in cycle configuration (TOML): FTPOS, the regional council's, FSPOS's or
    SOES's."""
    from arshjul.config import default_text

    click.echo(default_text(example), nl=False)


@cli.command()
def states() -> None:
    """The item lifecycle as a Mermaid stateDiagram-v2."""
    from arshjul.states.lifecycle import mermaid

    click.echo(mermaid(), nl=False)
