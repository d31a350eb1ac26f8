"""Meetings, working groups and the meeting calendar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from arshjul.cli.base import (
    ArshjulGroup,
    app,
    cli,
    common,
    emit_json,
    ids_name_body,
    json_option,
)
from arshjul.cli.types import PLAN_YEAR, WHOLE
from arshjul.errors import ArshjulError, BadInput

# meetings, working groups, the calendar -------------------------------------------------


MEETING_TYPES = [
    "planning",
    "execution",
    "information",
    "bilateral",
    "reference-group",
    "working-group",
]


def _moment(text: str) -> Any:
    from arshjul.clock import parse_moment

    try:
        return parse_moment(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ArshjulError:
        raise BadInput("bad_time", value=text) from None


def _meeting_json(meeting: Any, tz: Any, invitees: list[str] | None = None) -> dict[str, Any]:
    shown = {
        "id": meeting.id,
        "uid": meeting.uid,
        "type": meeting.kind.replace("_", "-"),
        "title": meeting.title,
        "starts": meeting.starts_at.astimezone(tz).isoformat(),
        "ends": meeting.ends_at.astimezone(tz).isoformat(),
        "place": meeting.place,
        "everyone": meeting.everyone,
        "orgs": list(meeting.orgs),
        "people": list(meeting.people),
        "items": list(meeting.items),
        "sequence": meeting.sequence,
        "cancelled": meeting.cancelled,
        "minutes": meeting.minutes,
        "agenda": list(meeting.agenda),
        "recurring": meeting.recurring,
    }
    if invitees is not None:
        shown["invitees"] = invitees
    return shown


def _meeting_line(meeting: Any, tz: Any) -> str:
    mark = " [inställt]" if meeting.cancelled else ""
    return f"{meeting.id:>4}  {meeting.starts_at.astimezone(tz).strftime('%Y-%m-%d %H:%M')}  {meeting.kind:<16} {meeting.title}{mark}"


@cli.group(cls=ArshjulGroup)
def meeting() -> None:
    """Meetings FI convenes: planning, execution, information, bilateral, reference group, working group."""


@meeting.command("add")
@common
@click.argument("title", required=False, default="")
@click.option(
    "--type",
    "kind",
    type=click.Choice(MEETING_TYPES),
    help="Required, but with --recurring (default: planning).",
)
@click.option(
    "--start", "start", required=True, metavar="'YYYY-MM-DD HH:MM'", help="Stockholm time."
)
@click.option(
    "--end", "end", metavar="'YYYY-MM-DD HH:MM'", help="Default: --minutes after the start."
)
@click.option(
    "--minutes", "length", type=click.IntRange(5, 7 * 24 * 60), default=60, show_default=True
)
@click.option("--place")
@click.option(
    "--invite",
    "invite",
    multiple=True,
    metavar="ORG|EMAIL",
    help="An organisation or a person; repeat.",
)
@click.option("--everyone", is_flag=True, help="Open to all participants.")
@click.option(
    "--group",
    "groups",
    multiple=True,
    metavar="NAME",
    help="A standing working group or network of the body: its members are invited; repeat.",
)
@click.option(
    "--item", "items", multiple=True, metavar="ID", help="A measure on the agenda; repeat."
)
@click.option(
    "--agenda", "agenda", multiple=True, metavar="TEXT", help="A point on the agenda; repeat."
)
@click.option(
    "--recurring",
    "recurring",
    metavar="KEY",
    help="One of the body's recurring meetings ([[meetings.recurring]] key): a date fixed for "
    "it; title, agenda and invitees from the configuration unless given.",
)
@json_option
def meeting_add(
    title: str,
    kind: str | None,
    start: str,
    end: str | None,
    length: int,
    place: str | None,
    invite: tuple[str, ...],
    everyone: bool,
    groups: tuple[str, ...],
    items: tuple[str, ...],
    agenda: tuple[str, ...],
    recurring: str | None,
    as_json: bool,
) -> None:
    """Put a meeting in the calendar; invitees get an invitation with the .ics."""
    from datetime import timedelta

    from arshjul.workflow import meetings

    if kind is None and not recurring:
        raise BadInput("meeting_type_needed")
    a = app()
    starts = _moment(start)
    ends = _moment(end) if end else starts + timedelta(minutes=length)
    people = [i for i in invite if "@" in i]
    orgs = [i for i in invite if "@" not in i]
    added = meetings.add_meeting(
        a.uow(),
        a.clock,
        a.calendar,
        a.settings.actor,
        title,
        kind or "planning",
        starts,
        ends,
        place=place,
        orgs=orgs,
        people=people,
        everyone=everyone,
        items=items,
        agenda=agenda,
        recurring_key=recurring,
        groups=groups,
    )
    if as_json:
        emit_json(_meeting_json(added, a.config.timezone))
    else:
        click.echo(added.id)


@meeting.command("list")
@common
@click.option(
    "--year", type=PLAN_YEAR, metavar="P", help="The plan year's calendar (default: this year)."
)
@json_option
def meeting_list(year: int | None, as_json: bool) -> None:
    """The meetings of a year that the acting person sees (without --as: those open to all)."""
    from arshjul.workflow import meetings

    a = app()
    tz = a.config.timezone
    chosen = meetings.meetings_of(
        a.uow(write=False),
        a.calendar,
        year or a.clock.now().astimezone(tz).year,
        a.settings.actor,
    )
    if as_json:
        emit_json([_meeting_json(m, tz) for m in chosen])
        return
    for m in chosen:
        click.echo(_meeting_line(m, tz))


@meeting.command("show")
@common
@click.argument("meeting_id", type=WHOLE, metavar="ID")
@json_option
def meeting_show(meeting_id: int, as_json: bool) -> None:
    """A meeting the acting person sees, its invitees and its minutes."""
    from arshjul.workflow import brief, meetings

    a = app()
    tz = a.config.timezone
    found, invitees = meetings.show_meeting(a.uow(write=False), meeting_id, a.settings.actor)
    briefs = brief.briefs_for(a.uow(write=False), a.calendar, found, a.settings.actor)
    local = a.calendar.local
    shown = _meeting_json(found, tz, invitees)
    if as_json:
        emit_json(shown | {"brief": [brief.to_json(b, local) for b in briefs]})
        return
    click.echo(_meeting_line(found, tz))
    for key in ("ends", "place", "orgs", "people", "items"):
        if shown[key]:
            click.echo(
                f"  {key}: {', '.join(shown[key]) if isinstance(shown[key], list) else shown[key]}"
            )
    for n, point in enumerate(found.agenda, start=1):
        click.echo(f"  {n}. {point}")
    for view in (brief.view(b, a.lang, local) for b in briefs):
        click.echo(f"  {view['heading']}:")
        for section in view["sections"]:
            click.echo(f"    {section['heading']}")
            for line in section["lines"]:
                click.echo(f"      {line}")
        if not view["sections"]:
            click.echo(f"    {view['nothing']}")
    click.echo(f"  invitees: {len(invitees)}")
    if found.minutes:
        click.echo("  minutes:")
        for line in found.minutes.splitlines():
            click.echo(f"    {line}")


@meeting.command("move")
@common
@click.argument("meeting_id", type=WHOLE, metavar="ID")
@click.option("--start", "start", required=True, metavar="'YYYY-MM-DD HH:MM'")
@click.option(
    "--end", "end", metavar="'YYYY-MM-DD HH:MM'", help="Default: the same length as before."
)
@click.option("--place")
def meeting_move(meeting_id: int, start: str, end: str | None, place: str | None) -> None:
    """A new time or place: same UID, higher SEQUENCE, invitees told."""
    from arshjul.workflow import meetings

    a = app()
    before, _ = meetings.show_meeting(a.uow(write=False), meeting_id, a.settings.actor)
    starts = _moment(start)
    ends = _moment(end) if end else starts + (before.ends_at - before.starts_at)
    moved = meetings.move_meeting(
        a.uow(), a.clock, a.calendar, a.settings.actor, meeting_id, starts, ends, place
    )
    click.echo(_meeting_line(moved, a.config.timezone))


@meeting.command("cancel")
@common
@click.argument("meeting_id", type=WHOLE, metavar="ID")
def meeting_cancel(meeting_id: int) -> None:
    """Cancel a meeting; invitees get a cancellation for their calendar."""
    from arshjul.workflow import meetings

    a = app()
    click.echo(
        _meeting_line(
            meetings.cancel_meeting(a.uow(), a.clock, a.settings.actor, meeting_id),
            a.config.timezone,
        )
    )


@meeting.command("minutes")
@common
@click.argument("meeting_id", type=WHOLE, metavar="ID")
@click.option(
    "--file",
    "path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The minutes, UTF-8 text ('-' for stdin).",
)
def meeting_minutes(meeting_id: int, path: Path) -> None:
    """Record a meeting's minutes; they go to its invitees."""
    from arshjul.workflow import meetings

    a = app()
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput("import_unreadable", file=str(path), reason=str(exc)) from None
    recorded = meetings.record_minutes(a.uow(), a.clock, a.settings.actor, meeting_id, text)
    click.echo(_meeting_line(recorded, a.config.timezone))


@cli.group(cls=ArshjulGroup)
def wg() -> None:
    """A measure's working group."""


@wg.command("add")
@common
@click.argument("item_id", metavar="ITEM", callback=ids_name_body)
@click.option("--member", "members", multiple=True, required=True, metavar="EMAIL")
def wg_add(item_id: str, members: tuple[str, ...]) -> None:
    """Add people to a measure's working group; they are told."""
    from arshjul.workflow import meetings

    a = app()
    added = meetings.join_working_group(a.uow(), a.clock, a.settings.actor, item_id, members)
    click.echo(", ".join(added) if added else "—")


@wg.command("list")
@common
@click.argument("item_id", metavar="ITEM", callback=ids_name_body)
@json_option
def wg_list(item_id: str, as_json: bool) -> None:
    """Who is in a measure's working group (as restricted as its measure)."""
    from arshjul.workflow import meetings

    a = app()
    members = meetings.working_group(a.uow(write=False), item_id, a.settings.actor)
    if as_json:
        emit_json(members)
    else:
        click.echo("\n".join(members))


@cli.command("calendar")
@common
@click.argument("plan_year", type=PLAN_YEAR, metavar="P")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the .ics here (default: stdout).",
)
def calendar_(plan_year: int, output: Path | None) -> None:
    """The meeting calendar of plan year P as iCalendar (RFC 5545): the meetings the acting
    person sees (without --as: those open to all)."""
    from email.utils import parseaddr

    from arshjul.reports.ics import calendar as to_ics
    from arshjul.workflow import meetings, validate

    a = app()
    validate.plan_year(plan_year)
    chosen = meetings.meetings_of(a.uow(write=False), a.calendar, plan_year, a.settings.actor)
    organizer = parseaddr(a.config.mail_from)[1] or "arshjul@localhost"
    text = to_ics(
        chosen, name=f"{a.config.name} {plan_year}", stamp=a.clock.now(), organizer=organizer
    )
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise BadInput("cannot_write", file=str(output), reason=exc.strerror or str(exc)) from None
