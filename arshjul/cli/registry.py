"""Setting up: the database, the demo, organisations and people."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from arshjul.cli.base import (
    GIVEN,
    ArshjulGroup,
    app,
    cli,
    common,
    emit_json,
    example_option,
    guard,
    json_option,
    shown_url,
)
from arshjul.i18n import t

if TYPE_CHECKING:
    from datetime import tzinfo

    from arshjul.states.model import Person

# database and registry ----------------------------------------------------------------


@cli.command()
@common
def init() -> None:
    """Create or upgrade the database (idempotent). It keeps the cycle configuration given
    (--config or ARSHJUL_CONFIG; else FTPOS): every later command runs by that one."""
    from arshjul.store import history
    from arshjul.store.migrate import is_set_up, upgrade
    from arshjul.workflow import cycle_change, ticker

    a = app(GIVEN)
    engine = a.engine(check=False)
    revision = ""
    existed = False

    def run() -> None:
        nonlocal revision, existed
        existed = is_set_up(engine)
        revision = upgrade(engine)
        ticker.start(engine, a.clock)
        with engine.begin() as conn:  # with ARSHJUL_AUDIT_KEY_FILE: sealed from now on
            history.seal(conn, "system", a.clock.now())

    guard(run, engine)
    cycle_change.store_at_init(
        a.uow(),
        a.clock,
        a.settings.actor,
        a.settings.config_path,
        existed=existed,
        say=lambda text: click.echo(text, err=True),
    )
    click.echo(t("initialised", url=shown_url(engine), revision=revision))


@cli.command()
@common
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where to write (default: a new folder ./arshjul-demo…).",
)
@example_option("finansrad", "fspos-soes")
def demo(folder: Path | None, example: str) -> None:
    """A whole cycle, simulated on a fresh embedded database."""
    from arshjul import demo as demo_module

    app(GIVEN)  # the demo makes a database of its own, with the example's configuration
    folder = folder or _new_folder(Path.cwd() / "arshjul-demo")
    played = demo_module.run(folder.resolve(), click.echo, example)
    messages = t("demo_messages", count=len(list(played.mail_folder.glob("*.eml"))))
    click.echo(
        f"\n{t('demo_written')}\n"
        f"  {t('demo_database'):9} {played.folder / 'arshjul.db'}\n"
        f"  {t('demo_mail'):9} {played.mail_folder}/ ({messages})\n"
        + "".join(f"  {t('demo_document'):9} {path}\n" for path in played.documents)
        + f"\n{t(played.look)}\n"
        + "".join(f"  {line}\n" for line in played.look_around())
        + "  arshjul audit verify"
    )


def _new_folder(base: Path) -> Path:
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


@cli.group(cls=ArshjulGroup)
def org() -> None:
    """Organisations taking part."""


@org.command("add")
@common
@click.argument("name")
@click.option("--kind", type=click.Choice(["authority", "company", "association"]), required=True)
@click.option(
    "--total-defence", is_flag=True, help="Important for total defence (totalförsvarsviktig)."
)
@click.option(
    "--lead",
    is_flag=True,
    help="The organisation that leads the cooperation (FI): sees everything.",
)
def org_add(name: str, kind: str, total_defence: bool, lead: bool) -> None:
    """Add an organisation."""
    from arshjul.workflow import services

    a = app()
    added = services.add_org(
        a.uow(), a.clock, a.settings.actor, name, kind, total_defence=total_defence, lead=lead
    )
    click.echo(t("org_added", name=added.name))


@org.command("list")
@common
@json_option
def org_list(as_json: bool) -> None:
    """List the organisations."""
    from arshjul.workflow import services

    a = app()
    orgs = services.orgs(a.uow(write=False))
    if as_json:
        emit_json(
            [
                {"name": o.name, "kind": o.kind, "total_defence": o.total_defence, "lead": o.lead}
                for o in orgs
            ]
        )
        return
    for o in orgs:
        marks = " ".join(
            m for m, on in (("total-defence", o.total_defence), ("lead", o.lead)) if on
        )
        click.echo(f"{o.name:<40} {o.kind:<12} {marks}".rstrip())


@cli.group(cls=ArshjulGroup)
def person() -> None:
    """People and their roles."""


ROLE_HELP = "coordinator | decider | owner | proposer | reference; repeat for several."
ROLES = ["coordinator", "decider", "owner", "proposer", "reference"]


@person.command("add")
@functools.partial(common, own_lang=True)
@click.argument("email")
@click.option("--name", required=True)
@click.option("--org", "org_name", required=True, metavar="ORG")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["coordinator", "decider", "owner", "proposer", "reference"]),
    help=ROLE_HELP,
)
@click.option(
    "--person-lang",
    "--lang",
    "person_lang",
    type=click.Choice(["sv", "en"]),
    help="The person's language for mail.",
)
@click.option("--digest", is_flag=True, help="A weekly digest instead of single messages.")
@click.option("--manager", metavar="EMAIL", help="Told, with them, about the measures they own.")
def person_add(
    email: str,
    name: str,
    org_name: str,
    roles: tuple[str, ...],
    person_lang: str | None,
    digest: bool,
    manager: str | None,
) -> None:
    """Register a person in an organisation."""
    from arshjul.workflow import services

    a = app()
    added = services.add_person(
        a.uow(),
        a.clock,
        a.settings.actor,
        email,
        name,
        org_name,
        roles,
        person_lang,
        digest=digest,
        manager=manager,
    )
    click.echo(t("person_added", email=added.email))


@person.command("set")
@functools.partial(common, own_lang=True)
@click.argument("email")
@click.option("--digest/--no-digest", default=None, help="Weekly digest, or single messages.")
@click.option(
    "--lang", "person_lang", type=click.Choice(["sv", "en"]), help="The person's language."
)
@click.option("--manager", metavar="EMAIL", help="Their manager, told about the measures they own.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="Their roles in the body (--body), from now on these: " + ROLE_HELP,
)
@click.option(
    "--add-role",
    "add_roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="Give them this role in the body (--body), keeping the others; repeatable.",
)
@click.option(
    "--remove-role",
    "remove_roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="Take this role in the body (--body) from them; repeatable.",
)
@click.option("--reason", help="Why the roles change (kept in the history).")
@json_option
def person_set(
    email: str,
    digest: bool | None,
    person_lang: str | None,
    manager: str | None,
    roles: tuple[str, ...],
    add_roles: tuple[str, ...],
    remove_roles: tuple[str, ...],
    reason: str | None,
    as_json: bool,
) -> None:
    """Change how a person gets mail, or their manager (the person themselves, or a
    coordinator); or their roles in a body (a coordinator of it: --role replaces them,
    --add-role and --remove-role change them; the body's last coordinator keeps the role)."""
    from arshjul.errors import BadInput
    from arshjul.workflow import people, services

    a = app()
    role_change = bool(roles or add_roles or remove_roles)
    if role_change:
        if digest is not None or person_lang is not None or manager is not None:
            raise BadInput("roles_alone")  # one change, one transaction: all of it or none
        changed = people.change_roles(
            a.uow(),
            a.clock,
            a.settings.actor,
            email,
            roles=roles or None,
            add=add_roles,
            remove=remove_roles,
            reason=reason,
        )
    else:
        if reason is not None:
            raise BadInput("reason_with_roles")
        changed = services.set_preferences(
            a.uow(), a.settings.actor, email, digest=digest, lang=person_lang, manager=manager
        )
    if as_json:
        emit_json(person_json(changed))
        return
    line = (
        f"{changed.email}: lang={changed.lang or '-'} digest={'yes' if changed.digest else 'no'}"
        f" manager={changed.manager or '-'}"
    )
    if role_change:
        line += f" roles={','.join(sorted(changed.roles))}"
    click.echo(line)


def person_json(p: Person, tz: tzinfo | None = None) -> dict[str, Any]:
    """A person as `person list --json` and the commands that change one print them; a moment
    in the body's time zone (`tz`, by default the cycle calendar's), as other JSON has it."""
    zone = tz if tz is not None else app().calendar.tz
    return {
        "email": p.email,
        "name": p.name,
        "org": p.org,
        "roles": sorted(p.roles),
        "lang": p.lang,
        "digest": p.digest,
        "deactivated_at": p.deactivated_at.astimezone(zone).isoformat(timespec="seconds")
        if p.deactivated_at
        else None,
    }


@person.command("list")
@common
@json_option
def person_list(as_json: bool) -> None:
    """List the people."""
    from arshjul.workflow import services

    a = app()
    people = services.people(a.uow(write=False))
    if as_json:
        emit_json([person_json(p) for p in people])
        return
    for p in people:
        line = f"{p.email:<36} {p.name:<28} {p.org:<28} {','.join(sorted(p.roles))}"
        if not p.active:
            line += f"  ({t('deactivated_mark')})"
        click.echo(line)
