"""Cooperation bodies: adding one, listing them, who takes part in one."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from arshjul.cli.base import ArshjulGroup, app, cli, common, emit_json, json_option, names_body
from arshjul.i18n import t


@cli.group(cls=ArshjulGroup)
def body() -> None:
    """Cooperation bodies (FTPOS, FSPOS, SOES, …), each with its own cycle, members and roles."""


@body.command("add")
@functools.partial(common, own_config=True)
@click.argument("short")
@click.option("--name", required=True, help="The body's full name.")
@click.option(
    "--config",
    "config_file",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The new body's cycle configuration (TOML).",
)
@json_option
def body_add(short: str, name: str, config_file: Path, as_json: bool) -> None:
    """Add a body (a coordinator of a body, who becomes the new one's first coordinator)."""
    from arshjul.config import read_config_text
    from arshjul.workflow import bodies

    a = app()
    text = read_config_text(config_file)
    added = bodies.add_body(a.uow(), a.clock, a.settings.actor, short, name, text, str(config_file))
    if as_json:
        emit_json({"short": added.short, "name": added.name})
        return
    click.echo(t("body_added", short=added.short, name=added.name))


@body.command("list")
@common
@json_option
def body_list(as_json: bool) -> None:
    """List the bodies, the first first."""
    from arshjul.workflow import bodies

    a = app()
    found = bodies.every(a.uow(write=False))
    if as_json:
        emit_json(
            [
                {
                    "short": v.body.short,
                    "name": v.body.name,
                    "first": v.body.first,
                    "members": v.members,
                    "config": v.config,
                    "digest": v.digest,
                }
                for v in found
            ]
        )
        return
    for v in found:
        mark = f" ({t('body_first')})" if v.body.first else ""
        members = t("body_members_count", count=v.members)
        click.echo(f"{v.body.short:<12} {v.body.name}{mark} · {members}")


@body.command("members")
@common
@click.argument("short", callback=names_body)
@click.option("--add", "add", metavar="ORG", help="An organisation to take part.")
@click.option(
    "--kind",
    type=click.Choice(["member", "designated", "adjunct"]),
    help="How it takes part (default: member).",
)
@click.option("--remove", metavar="ORG", help="An organisation that takes part no more.")
@json_option
def body_members(
    short: str, add: str | None, kind: str | None, remove: str | None, as_json: bool
) -> None:
    """Who takes part in a body, and how; a coordinator of it adds or removes one."""
    from arshjul.errors import BadInput
    from arshjul.workflow import bodies

    if kind is not None and add is None:
        raise BadInput("kind_without_add")
    a = app()
    found = bodies.members(a.uow(), a.clock, a.settings.actor, add=add, kind=kind, remove=remove)
    if as_json:
        emit_json([{"org": org, "kind": how} for org, how in found])
        return
    for org, how in found:
        click.echo(f"{org:<40} {how}")
