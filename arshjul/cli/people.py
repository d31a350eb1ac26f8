"""People and organisations change: deactivating a person and back, handing a leaver's
measures over, an organisation's total-defence mark (`person set` is in `registry`)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import click

from arshjul.cli.base import app, cli, common, emit_json, ids_name_body, json_option
from arshjul.cli.registry import org, person, person_json
from arshjul.i18n import t

if TYPE_CHECKING:
    from arshjul.workflow.people import Changed


@person.command("deactivate")
@functools.partial(common, own_lang=True)
@click.argument("email")
@click.option("--reason", required=True, help="Why they leave (kept in the history).")
@json_option
def person_deactivate(email: str, reason: str, as_json: bool) -> None:
    """A person leaves: no sign-in, no commands, no mail from now on (a coordinator of every
    body they hold a role in; never a body's last coordinator). Prints their open measures
    and working-group places, to hand over (`arshjul handover`)."""
    from arshjul.workflow import people

    a = app()
    changed = people.deactivate(a.uow(), a.clock, a.settings.actor, email, reason)
    _say_changed(changed, as_json, "person_deactivated_done")


@person.command("activate")
@functools.partial(common, own_lang=True)
@click.argument("email")
@click.option("--reason", required=True, help="Why they are back (kept in the history).")
@json_option
def person_activate(email: str, reason: str, as_json: bool) -> None:
    """A deactivated person is back: they sign in, act and are mailed again."""
    from arshjul.workflow import people

    a = app()
    changed = people.activate(a.uow(), a.clock, a.settings.actor, email, reason)
    _say_changed(changed, as_json, "person_activated_done")


def _say_changed(changed: Changed, as_json: bool, done: str) -> None:
    if as_json:
        emit_json(person_json(changed.person) | changed.places.as_json())
        return
    click.echo(t(done, email=changed.person.email))
    places = changed.places
    if done != "person_deactivated_done":
        return
    if not (places.measures or places.groups or places.standing):
        click.echo(t("handover_none_left"))
        return
    if places.measures:
        click.echo(t("handover_open_measures", email=changed.person.email))
        for m in places.measures:
            click.echo(f"  {m.id:<16} {m.state:<12} {m.due or '-':<10}  {m.title}")
    if places.groups:
        click.echo(t("handover_groups", ids=", ".join(places.groups)))
    if places.standing:
        click.echo(t("handover_standing", names=", ".join(places.standing)))


@cli.command()
@common
@click.argument("giver", metavar="FROM")
@click.argument("taker", metavar="TO")
@click.argument("ids", nargs=-1, metavar="[ID…]", callback=ids_name_body)
@click.option("--reason", help="Why (kept in each measure's history and told to both).")
@json_option
def handover(
    giver: str, taker: str, ids: tuple[str, ...], reason: str | None, as_json: bool
) -> None:
    """Hand FROM's open measures in the body (all, or the IDs given) and their working-group
    places to TO, who must be able to own measures and see each restricted one (a
    coordinator; all or none). Reminders about the measures go to TO from now on."""
    from arshjul.workflow import people

    a = app()
    done = people.handover(a.uow(), a.clock, a.settings.actor, giver, taker, ids, reason)
    if as_json:
        emit_json(
            {
                "from": done.giver,
                "to": done.taker,
                "measures": done.measures,
                "working_groups": done.groups,
                "standing_groups": done.standing,
                "requests_closed": done.requests_closed,
            }
        )
        return
    click.echo(
        t(
            "handover_done",
            giver=done.giver,
            taker=done.taker,
            measures=len(done.measures),
            groups=len(done.groups),
            standing=len(done.standing),
        )
    )
    for item_id in done.measures:
        click.echo(f"  {item_id}")
    if done.requests_closed:
        click.echo(t("handover_requests_closed", ids=", ".join(done.requests_closed)))


@org.command("set")
@common
@click.argument("name", metavar="ORG")
@click.option(
    "--total-defence/--no-total-defence",
    "total_defence",
    default=None,
    help="Important for total defence (totalförsvarsviktig), or not.",
)
@click.option("--reason", help="Why (kept in the history).")
@json_option
def org_set(name: str, total_defence: bool | None, reason: str | None, as_json: bool) -> None:
    """Change an organisation's total-defence mark (a coordinator of a body it takes part in)."""
    from arshjul.workflow import people

    a = app()
    changed = people.set_org(
        a.uow(), a.clock, a.settings.actor, name, total_defence=total_defence, reason=reason
    )
    if as_json:
        emit_json(
            {
                "name": changed.name,
                "kind": changed.kind,
                "total_defence": changed.total_defence,
                "lead": changed.lead,
            }
        )
        return
    mark = t("yes") if changed.total_defence else t("no")
    click.echo(t("org_set_line", name=changed.name, kind=changed.kind, total_defence=mark))
