"""A body's standing working groups and networks: listing, adding, who is in them, moving one
to another body."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

import click

from arshjul.cli.base import ArshjulGroup, app, cli, common, emit_json, json_option
from arshjul.i18n import t

if TYPE_CHECKING:
    from arshjul.store.groups import Group
    from arshjul.workflow.groups import Change


@cli.group("group", cls=ArshjulGroup)
def group() -> None:
    """A body's standing working groups and networks (a measure's working group: `wg`)."""


def _moment(at: datetime | None, tz: tzinfo) -> str | None:
    return at.astimezone(tz).isoformat(timespec="minutes") if at is not None else None


def _group_json(found: Group, tz: tzinfo) -> dict[str, Any]:
    return {
        "name": found.name,
        "kind": found.kind,
        "body": found.body,
        "created_at": _moment(found.created_at, tz),
        "created_by": found.created_by,
        "moved_at": _moment(found.moved_at, tz),
        "members": list(found.members),
    }


def _group_line(found: Group) -> str:
    members = ", ".join(found.members) or "–"
    return f"{found.name:<30} {t('group_kind_' + found.kind):<14} {members}"


def _change_json(change: Change, tz: tzinfo) -> dict[str, Any]:
    shown: dict[str, Any] = {"at": _moment(change.at, tz), "event": change.event, "by": change.by}
    for key in ("email", "body", "from_body"):
        if getattr(change, key) is not None:
            shown[key] = getattr(change, key)
    return shown


def _change_line(change: Change, tz: tzinfo) -> str:
    if change.from_body is not None:
        what = t("group_event_moved", source=change.from_body, target=change.body)
    elif change.email is not None:
        what = t(f"group_event_{change.event}", email=change.email)
    else:
        what = t("group_event_added", body=change.body)
    return f"{_moment(change.at, tz)}  {what}  ({change.by})"


@group.command("list")
@common
@json_option
def group_list(as_json: bool) -> None:
    """The body's standing groups and networks with who is in them (for those taking part)."""
    from arshjul.workflow import groups

    a = app()
    body, found = groups.list_groups(a.uow(write=False), a.settings.actor)
    tz = a.calendar.tz
    if as_json:
        emit_json([_group_json(g, tz) for g in found])
        return
    if not found:
        click.echo(t("group_none", body=body.short))
    for g in found:
        click.echo(_group_line(g))


@group.command("add")
@common
@click.argument("name")
@click.option("--network", is_flag=True, help="A network rather than a working group.")
def group_add(name: str, network: bool) -> None:
    """Add a standing working group (in a body that keeps them) or a network (a coordinator)."""
    from arshjul.workflow import groups

    a = app()
    added = groups.add_group(a.uow(), a.clock, a.settings.actor, name, network=network)
    click.echo(
        t("group_added", name=added.name, kind=t("group_kind_" + added.kind), body=added.body)
    )


@group.command("join")
@common
@click.argument("name")
@click.argument("emails", nargs=-1, required=True, metavar="EMAIL…")
def group_join(name: str, emails: tuple[str, ...]) -> None:
    """People join a group; each one's organisation must take part in the body (a coordinator)."""
    from arshjul.workflow import groups

    a = app()
    joined = groups.join(a.uow(), a.clock, a.settings.actor, name, emails)
    click.echo(t("group_joined", name=name, emails=", ".join(joined) or "–"))


@group.command("leave")
@common
@click.argument("name")
@click.argument("email")
def group_leave(name: str, email: str) -> None:
    """Someone leaves a group (a coordinator)."""
    from arshjul.workflow import groups

    a = app()
    groups.leave(a.uow(), a.clock, a.settings.actor, name, email)
    click.echo(t("group_left", name=name, email=email.strip().lower()))


@group.command("move")
@common
@click.argument("name")
@click.option("--to", "to_short", required=True, metavar="SHORT", help="The body it moves to.")
@click.option(
    "--on", "on", metavar="YYYY-MM-DD", help="The day it moves (today or before; default: now)."
)
@click.option(
    "--add-orgs",
    is_flag=True,
    help="Members' organisations that do not take part in the target join it as members "
    "(else the move is refused, naming them).",
)
@json_option
def group_move(name: str, to_short: str, on: str | None, add_orgs: bool, as_json: bool) -> None:
    """Move a group or network to another body with its members and history (a coordinator of
    both bodies)."""
    from arshjul.workflow import groups

    a = app()
    source, moved = groups.move(
        a.uow(), a.clock, a.settings.actor, name, to_short, on=on, add_orgs=add_orgs
    )
    tz = a.calendar.tz
    if as_json:
        emit_json(_group_json(moved, tz))
        return
    click.echo(
        t(
            "group_moved",
            name=moved.name,
            source=source.short,
            target=moved.body,
            at=_moment(moved.moved_at, tz),
        )
    )


@group.command("show")
@common
@click.argument("name")
@json_option
def group_show(name: str, as_json: bool) -> None:
    """A group, who is in it, and its history through every body it moved through."""
    from arshjul.workflow import groups

    a = app()
    found, changes = groups.show(a.uow(write=False), a.settings.actor, name)
    tz = a.calendar.tz
    if as_json:
        shown = _group_json(found, tz)
        shown["history"] = [_change_json(c, tz) for c in changes]
        emit_json(shown)
        return
    click.echo(_group_line(found))
    for change in changes:
        click.echo(f"  {_change_line(change, tz)}")
