"""The `arshjul` command line (../shared/CLI.md). Calls the service layer; turns ArshjulError
into one `error:` line and exit status 1. Heavy libraries are imported inside the commands."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from arshjul.errors import ArshjulError, BadInput
from arshjul.i18n import set_language, t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from arshjul.clock import Clock
    from arshjul.config import CycleConfig
    from arshjul.store.uow import UnitOfWork
    from arshjul.workflow.calendar import CycleCalendar

F = TypeVar("F", bound=Callable[..., Any])

_COMMON = ("db", "actor", "config", "lang", "debug")


@dataclass
class Settings:
    """Every setting, from the command line first, then the environment, then defaults."""

    given: dict[str, Any]

    def _pick(self, key: str, env: str) -> str | None:
        value = self.given.get(key)
        return value if value not in (None, "") else (os.environ.get(env) or None)

    @property
    def db_url(self) -> str:
        from arshjul.config import default_db_url

        return self._pick("db", "ARSHJUL_DB") or default_db_url()

    @property
    def actor(self) -> str | None:
        actor = self._pick("actor", "ARSHJUL_AS")
        return actor.strip().lower() if actor else None

    @property
    def config_path(self) -> str | None:
        return self._pick("config", "ARSHJUL_CONFIG")

    @property
    def debug(self) -> bool:
        return bool(self.given.get("debug"))


class App:
    """What a command needs, built on first use so `--help` touches nothing."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engine: Engine | None = None
        self._checked = False

    @cached_property
    def config(self) -> CycleConfig:
        from arshjul.config import load_cycle_config

        return load_cycle_config(self.settings.config_path)

    @cached_property
    def calendar(self) -> CycleCalendar:
        from arshjul.workflow.calendar import CycleCalendar

        return CycleCalendar(self.config)

    @cached_property
    def clock(self) -> Clock:
        from arshjul.clock import clock_from

        return clock_from(os.environ.get("ARSHJUL_NOW"), os.environ.get("ARSHJUL_CLOCK_RATE"))

    @cached_property
    def lang(self) -> str:
        lang = self.settings._pick("lang", "ARSHJUL_LANG") or self.config.language
        if lang not in ("sv", "en"):
            raise BadInput("bad_choice", field="--lang", value=lang, choices="sv, en")
        return lang

    def engine(self, *, check: bool = True) -> Engine:
        """The command's one engine, made on first use; its schema checked unless `init` asks."""
        from arshjul.store.engine import make_engine
        from arshjul.store.migrate import check as check_schema

        if self._engine is None:
            url = self.settings.db_url
            _ensure_sqlite_folder(url)
            self._engine = make_engine(url)
            click.get_current_context().call_on_close(self._engine.dispose)
            self._install_notifier()
        engine = self._engine
        if check and not self._checked:
            _guard(lambda: check_schema(engine, _shown_url(engine)), engine)
            self._checked = True
        return engine

    @cached_property
    def mail_url(self) -> str:
        from arshjul.notifications.delivery import resolve_mail_url

        return resolve_mail_url(
            os.environ.get("ARSHJUL_MAIL"), self.config.mail_url, self.settings.db_url
        )

    def deliver(self) -> Any:
        """Send what waits in the outbox; returns what happened."""
        from arshjul.notifications.delivery import delivery_for, send_waiting

        delivery = delivery_for(self.mail_url)
        return send_waiting(self.engine(), self.clock, delivery, self.config.mail_from)

    def uow(self, *, write: bool = True) -> UnitOfWork:
        from arshjul.store.uow import UnitOfWork

        return UnitOfWork(self.engine(), write=write)

    def _install_notifier(self) -> None:
        """Every change made through this command tells whoever SPEC.md says, by mail."""
        from arshjul.notifications.notifier import Notifier
        from arshjul.workflow.handlers import install

        install(Notifier(self.calendar))


def _shown_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _guard(action: Callable[[], None], engine: Engine) -> None:
    """Run a first look at the database; a connection failure becomes our error."""
    from sqlalchemy.exc import DBAPIError

    from arshjul.errors import StoreError

    try:
        action()
    except DBAPIError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise StoreError("db_unreachable", url=_shown_url(engine), reason=reason) from None


def _ensure_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value not in (None, False, ()):
        root = ctx.find_root()
        root.ensure_object(dict)[param.name] = value


def common(f: F, *, own_lang: bool = False) -> F:
    """The options that work everywhere, before or after the command's name.

    `person add` has a --lang of its own (the person's language), so it goes without ours.
    """
    options = [
        click.option(
            "--db",
            metavar="URL",
            expose_value=False,
            callback=_remember,
            help="Database URL (or ARSHJUL_DB).",
        ),
        click.option(
            "--as",
            "actor",
            metavar="EMAIL",
            expose_value=False,
            callback=_remember,
            help="Who acts (or ARSHJUL_AS).",
        ),
        click.option(
            "--config",
            metavar="FILE",
            expose_value=False,
            callback=_remember,
            help="Cycle configuration, TOML (or ARSHJUL_CONFIG).",
        ),
        click.option(
            "--lang",
            type=click.Choice(["sv", "en"]),
            expose_value=False,
            callback=_remember,
            help="Language (or ARSHJUL_LANG).",
        ),
        click.option(
            "--debug", is_flag=True, expose_value=False, callback=_remember, help="Show tracebacks."
        ),
    ]
    if own_lang:
        del options[3]
    for option in reversed(options):
        f = option(f)
    return f


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")(f)


def app() -> App:
    ctx = click.get_current_context()
    root = ctx.find_root()
    root.ensure_object(dict)
    if "app" not in root.meta:
        root.meta["app"] = App(Settings(root.obj))
        set_language(root.meta["app"].lang)
    application: App = root.meta["app"]
    return application


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


class ArshjulGroup(click.Group):
    """The one place where our errors become words and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArshjulError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader went away (`arshjul list | head`): stop quietly, as the Python docs advise.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except Exception as exc:  # the entry point: anything else is our bug, said in one line
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo(
                f"error: unexpected failure ({type(exc).__name__}: {exc}); run with --debug for details",
                err=True,
            )
            ctx.exit(1)


@click.group(cls=ArshjulGroup, context_settings={"help_option_names": ["-h", "--help"]})
@common
@click.version_option(package_name="arshjul")
def cli() -> None:
    """Årshjul runs a public authority's yearly planning cycle: proposals, priorities,
    the decided plan, measures and their follow-up, with deadlines that keep themselves."""


# database and registry ----------------------------------------------------------------


@cli.command()
@common
def init() -> None:
    """Create or upgrade the database (idempotent)."""
    from arshjul.store.migrate import upgrade
    from arshjul.workflow import ticker

    a = app()
    engine = a.engine(check=False)
    revision = ""

    def run() -> None:
        nonlocal revision
        revision = upgrade(engine)
        ticker.start(engine, a.clock)

    _guard(run, engine)
    click.echo(t("initialised", url=_shown_url(engine), revision=revision))


@cli.command()
@common
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where to write (default: a new folder ./arshjul-demo…).",
)
def demo(folder: Path | None) -> None:
    """A whole cycle, simulated on a fresh embedded database."""
    from arshjul import demo as demo_module

    app()
    folder = folder or _new_folder(Path.cwd() / "arshjul-demo")
    played = demo_module.run(folder.resolve(), click.echo)
    click.echo(
        "\nWritten:\n"
        f"  database  {played.folder / 'arshjul.db'}\n"
        f"  mail      {played.mail_folder}/ ({len(list(played.mail_folder.glob('*.eml')))} messages, .eml)\n"
        + "".join(f"  document  {path}\n" for path in played.documents)
        + "\nLook around as FI's coordinator:\n"
        f"  export ARSHJUL_DB={played.db_url}\n"
        f"  export ARSHJUL_AS={demo_module.COORDINATOR}\n"
        "  arshjul list --cycle 2027\n"
        "  arshjul show 2027-001\n"
        "  arshjul audit verify"
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
def person_add(
    email: str,
    name: str,
    org_name: str,
    roles: tuple[str, ...],
    person_lang: str | None,
    digest: bool,
) -> None:
    """Register a person in an organisation."""
    from arshjul.workflow import services

    a = app()
    added = services.add_person(
        a.uow(), a.clock, a.settings.actor, email, name, org_name, roles, person_lang, digest=digest
    )
    click.echo(t("person_added", email=added.email))


@person.command("set")
@functools.partial(common, own_lang=True)
@click.argument("email")
@click.option("--digest/--no-digest", default=None, help="Weekly digest, or single messages.")
@click.option(
    "--lang", "person_lang", type=click.Choice(["sv", "en"]), help="The person's language."
)
def person_set(email: str, digest: bool | None, person_lang: str | None) -> None:
    """Change how a person gets mail (the person themselves, or a coordinator)."""
    from arshjul.workflow import services

    a = app()
    changed = services.set_preferences(
        a.uow(), a.settings.actor, email, digest=digest, lang=person_lang
    )
    click.echo(
        f"{changed.email}: lang={changed.lang or '-'} digest={'yes' if changed.digest else 'no'}"
    )


@person.command("list")
@common
@json_option
def person_list(as_json: bool) -> None:
    """List the people."""
    from arshjul.workflow import services

    a = app()
    people = services.people(a.uow(write=False))
    if as_json:
        emit_json(
            [
                {
                    "email": p.email,
                    "name": p.name,
                    "org": p.org,
                    "roles": sorted(p.roles),
                    "lang": p.lang,
                    "digest": p.digest,
                }
                for p in people
            ]
        )
        return
    for p in people:
        click.echo(f"{p.email:<36} {p.name:<28} {p.org:<28} {','.join(sorted(p.roles))}")


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
    click.echo(
        t("proposed_into", id=item_id, cycle=placement.cycle, why=_placement_why(placement)),
        err=True,
    )


def _placement_why(placement: Any) -> str:
    if placement.dialogue_open:
        return t("cycle_dialogue_open")
    return t("cycle_dialogue_next", date=placement.dialogue_opens.isoformat())


@cli.command("import")
@common
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@json_option
def import_(file: Path, as_json: bool) -> None:
    """Proposals in bulk from CSV or XLSX: all rows or none."""
    from arshjul.workflow import importer, services

    a = app()
    rows = importer.read(file)
    ids, placement = services.import_proposals(a.uow(), a.clock, a.calendar, a.settings.actor, rows)
    if as_json:
        emit_json({"count": len(ids), "cycle": placement.cycle, "ids": ids})
        return
    click.echo(t("imported", count=len(ids), cycle=placement.cycle))
    if ids:
        click.echo(f"{ids[0]} … {ids[-1]}")


# moves --------------------------------------------------------------------------------


def _move(event_name: str, ids: tuple[str, ...], **fields: Any) -> None:
    from arshjul.states.lifecycle import Event
    from arshjul.workflow import services

    a = app()
    request = services.MoveRequest(event=Event(event_name), ids=ids, **fields)
    for moved in services.move(a.uow(), a.clock, a.calendar, a.settings.actor, request):
        click.echo(t("moved", id=moved.id, from_=moved.from_state, to=moved.to_state))


def move_options(f: F) -> F:
    f = click.option(
        "--expect-version",
        type=int,
        metavar="N",
        help="Refuse if the item changed since you saw version N.",
    )(f)
    f = click.option(
        "--force", is_flag=True, help="A coordinator moves outside the window; needs a reason."
    )(f)
    return click.argument("ids", nargs=-1, required=True, metavar="ID…")(common(f))


@cli.command()
@move_options
@click.option("--rank", type=int, metavar="N", help="Its place in FI's priority order.")
@click.option("--note")
def prioritise(
    ids: tuple[str, ...],
    rank: int | None,
    note: str | None,
    force: bool,
    expect_version: int | None,
) -> None:
    """FI prioritises proposals."""
    _move("prioritise", ids, rank=rank, note=note, force=force, expect_version=expect_version)


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
@click.option("--owner", metavar="EMAIL", help="Who carries the measure out.")
@click.option("--due", metavar="YYYY-MM-DD", help="Planned completion.")
@click.option("--note")
def decide(
    ids: tuple[str, ...],
    owner: str | None,
    due: str | None,
    note: str | None,
    force: bool,
    expect_version: int | None,
) -> None:
    """FI management decides measures into the plan."""
    from arshjul.workflow.validate import day

    _move(
        "decide",
        ids,
        owner=owner,
        due=day(due) if due else None,
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
@click.argument("ids", nargs=-1, required=True, metavar="ID…")
@click.option("--reason")
@click.option(
    "--expect-version",
    type=int,
    metavar="N",
    help="Refuse if the item changed since you saw version N.",
)
def withdraw(ids: tuple[str, ...], reason: str | None, expect_version: int | None) -> None:
    """A proposer withdraws their organisation's proposal."""
    _move("withdraw", ids, note=reason, expect_version=expect_version)


# reading ------------------------------------------------------------------------------


@cli.command()
@common
@click.argument("item_id", metavar="ID")
@json_option
def show(item_id: str, as_json: bool) -> None:
    """An item, its state and its whole history."""
    from arshjul.workflow import services
    from arshjul.workflow.views import item_text

    a = app()
    shown = services.show_item(a.uow(write=False), a.settings.actor, item_id, a.config.timezone)
    if as_json:
        emit_json(shown)
    else:
        click.echo(item_text(shown, a.lang))


@cli.command("list")
@common
@click.option("--cycle", type=int, metavar="P", help="Plan year.")
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


@cli.group(cls=ArshjulGroup)
def audit() -> None:
    """The history's integrity."""


@audit.command("verify")
@common
@json_option
def audit_verify(as_json: bool) -> None:
    """Prove the history is untouched, or name the first edited row."""
    from arshjul.workflow import services

    a = app()
    result = services.audit(a.uow(write=False))
    if as_json:
        emit_json({"ok": True, "rows": result.count, "last_hash": result.last_hash})
        return
    click.echo(t("audit_ok", count=result.count, hash=result.last_hash[:16]))


# the cycle ----------------------------------------------------------------------------


@cli.group(cls=ArshjulGroup)
def cycle() -> None:
    """The cycle calendar."""


@cycle.command("show")
@common
@click.argument("plan_year", type=int, metavar="P")
@json_option
def cycle_show(plan_year: int, as_json: bool) -> None:
    """The phases of cycle P with their dates, and which is current."""
    a = app()
    if not 1900 < plan_year < 3000:
        raise BadInput("bad_plan_year", value=plan_year)
    phases = a.calendar.phases(plan_year)
    current = a.calendar.current(plan_year, a.clock.now())
    if as_json:
        emit_json(
            {
                "plan_year": plan_year,
                "name": a.config.name,
                "current": current,
                "phases": [p.to_json() for p in phases],
            }
        )
        return
    click.echo(f"{a.config.name} {plan_year}")
    for p in phases:
        mark = "▶" if p.key == current else " "
        click.echo(f"{mark} {p.key:<15} {p.opens.isoformat()} – {p.closes.isoformat()}  {p.name}")


@cycle.command("default")
def cycle_default() -> None:
    """Print the built-in FTPOS cycle configuration (TOML)."""
    from arshjul.config import default_text

    click.echo(default_text(), nl=False)


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
    return f"{due_at}  {what}{'  → ' + effect if effect else ''}{late}"


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
    fired = ticker.tick(a.engine(), a.clock, a.calendar)
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
    )
    click.echo(t("run_stopped"), err=True)


@cli.command()
@common
@click.option("--limit", type=click.IntRange(1, 10_000), default=30, show_default=True)
@json_option
def upcoming(limit: int, as_json: bool) -> None:
    """What the scheduler will do next (as planned by the last tick)."""
    from arshjul.workflow import ticker

    a = app()
    tz = a.config.timezone
    rows = ticker.upcoming(a.engine(), limit)
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


@cli.group(cls=ArshjulGroup, invoke_without_command=True)
@common
@click.option(
    "--status", type=click.Choice(["waiting", "held", "sent", "failed"]), help="Only these."
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@json_option
@click.pass_context
def outbox(ctx: click.Context, status: str | None, limit: int, as_json: bool) -> None:
    """Messages waiting, sent and failed."""
    if ctx.invoked_subcommand is not None:
        return
    from arshjul.store import outbox as store
    from arshjul.store.uow import UnitOfWork

    a = app()
    tz = a.config.timezone
    with UnitOfWork(a.engine(), write=False) as uow:
        rows = store.messages(uow.connection, status=status, limit=limit)
        counts = store.counts(uow.connection)
    shown = [
        {
            "id": r["id"],
            "status": "digest"
            if r["bundled_in"]
            else "sent"
            if r["sent_at"]
            else "held"
            if r["held"]
            else "failed"
            if r["last_error"]
            else "waiting",
            "kind": r["kind"],
            "to": r["recipient"],
            "lang": r["lang"],
            "subject": r["subject"],
            "message_id": r["message_id"],
            "created_at": r["created_at"].astimezone(tz).isoformat(),
            "sent_at": r["sent_at"].astimezone(tz).isoformat() if r["sent_at"] else None,
            "attempts": r["attempts"],
            "last_error": r["last_error"],
        }
        for r in rows
    ]
    if as_json:
        emit_json({"counts": counts, "messages": shown})
        return
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
    for m in shown:
        error = f"  ({m['last_error']})" if m["last_error"] else ""
        click.echo(f"{m['id']:>6}  {m['status']:<8} {m['to']:<34} {m['subject']}{error}")


@outbox.command("send")
@common
@json_option
def outbox_send(as_json: bool) -> None:
    """Deliver what waits (ARSHJUL_MAIL says where)."""
    from arshjul.errors import ArshjulError
    from arshjul.store import outbox as store
    from arshjul.store.uow import UnitOfWork

    a = app()
    result = a.deliver()
    with UnitOfWork(a.engine(), write=False) as uow:
        waiting = store.counts(uow.connection)["waiting"]
    if as_json:
        emit_json({"sent": result.sent, "failed": result.failed, "errors": list(result.errors)})
    else:
        click.echo(
            t(
                "outbox_sent",
                sent=result.sent,
                failed=result.failed,
                waiting=waiting,
                url=a.mail_url,
            )
        )
    if result.failed:
        raise ArshjulError("outbox_failed", failed=result.failed, error=result.errors[-1])


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
@click.argument("title")
@click.option("--type", "kind", type=click.Choice(MEETING_TYPES), required=True)
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
    "--item", "items", multiple=True, metavar="ID", help="A measure on the agenda; repeat."
)
@json_option
def meeting_add(
    title: str,
    kind: str,
    start: str,
    end: str | None,
    length: int,
    place: str | None,
    invite: tuple[str, ...],
    everyone: bool,
    items: tuple[str, ...],
    as_json: bool,
) -> None:
    """Put a meeting in the calendar; invitees get an invitation with the .ics."""
    from datetime import timedelta

    from arshjul.workflow import meetings

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
        kind,
        starts,
        ends,
        place=place,
        orgs=orgs,
        people=people,
        everyone=everyone,
        items=items,
    )
    if as_json:
        emit_json(_meeting_json(added, a.config.timezone))
    else:
        click.echo(added.id)


@meeting.command("list")
@common
@click.option(
    "--year", type=int, metavar="P", help="The plan year's calendar (default: this year)."
)
@json_option
def meeting_list(year: int | None, as_json: bool) -> None:
    """The meetings of a year."""
    from arshjul.workflow import meetings

    a = app()
    tz = a.config.timezone
    chosen = meetings.meetings_of(
        a.uow(write=False), a.calendar, year or a.clock.now().astimezone(tz).year
    )
    if as_json:
        emit_json([_meeting_json(m, tz) for m in chosen])
        return
    for m in chosen:
        click.echo(_meeting_line(m, tz))


@meeting.command("show")
@common
@click.argument("meeting_id", type=int, metavar="ID")
@json_option
def meeting_show(meeting_id: int, as_json: bool) -> None:
    """A meeting, its invitees and its minutes."""
    from arshjul.workflow import meetings

    a = app()
    tz = a.config.timezone
    found, invitees = meetings.show_meeting(a.uow(write=False), meeting_id)
    shown = _meeting_json(found, tz, invitees)
    if as_json:
        emit_json(shown)
        return
    click.echo(_meeting_line(found, tz))
    for key in ("ends", "place", "orgs", "people", "items"):
        if shown[key]:
            click.echo(
                f"  {key}: {', '.join(shown[key]) if isinstance(shown[key], list) else shown[key]}"
            )
    click.echo(f"  invitees: {len(invitees)}")
    if found.minutes:
        click.echo("  minutes:")
        for line in found.minutes.splitlines():
            click.echo(f"    {line}")


@meeting.command("move")
@common
@click.argument("meeting_id", type=int, metavar="ID")
@click.option("--start", "start", required=True, metavar="'YYYY-MM-DD HH:MM'")
@click.option(
    "--end", "end", metavar="'YYYY-MM-DD HH:MM'", help="Default: the same length as before."
)
@click.option("--place")
def meeting_move(meeting_id: int, start: str, end: str | None, place: str | None) -> None:
    """A new time or place: same UID, higher SEQUENCE, invitees told."""
    from arshjul.workflow import meetings

    a = app()
    before, _ = meetings.show_meeting(a.uow(write=False), meeting_id)
    starts = _moment(start)
    ends = _moment(end) if end else starts + (before.ends_at - before.starts_at)
    moved = meetings.move_meeting(
        a.uow(), a.clock, a.calendar, a.settings.actor, meeting_id, starts, ends, place
    )
    click.echo(_meeting_line(moved, a.config.timezone))


@meeting.command("cancel")
@common
@click.argument("meeting_id", type=int, metavar="ID")
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
@click.argument("meeting_id", type=int, metavar="ID")
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
@click.argument("item_id", metavar="ITEM")
@click.option("--member", "members", multiple=True, required=True, metavar="EMAIL")
def wg_add(item_id: str, members: tuple[str, ...]) -> None:
    """Add people to a measure's working group; they are told."""
    from arshjul.workflow import meetings

    a = app()
    added = meetings.join_working_group(a.uow(), a.clock, a.settings.actor, item_id, members)
    click.echo(", ".join(added) if added else "—")


@wg.command("list")
@common
@click.argument("item_id", metavar="ITEM")
@json_option
def wg_list(item_id: str, as_json: bool) -> None:
    """Who is in a measure's working group."""
    from arshjul.workflow import meetings

    a = app()
    members = meetings.working_group(a.uow(write=False), item_id)
    if as_json:
        emit_json(members)
    else:
        click.echo("\n".join(members))


@cli.command("calendar")
@common
@click.argument("plan_year", type=int, metavar="P")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the .ics here (default: stdout).",
)
def calendar_(plan_year: int, output: Path | None) -> None:
    """The meeting calendar of plan year P as iCalendar (RFC 5545)."""
    from email.utils import parseaddr

    from arshjul.reports.ics import calendar as to_ics
    from arshjul.workflow import meetings

    a = app()
    if not 1900 < plan_year < 3000:
        raise BadInput("bad_plan_year", value=plan_year)
    chosen = meetings.meetings_of(a.uow(write=False), a.calendar, plan_year)
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
    from arshjul.workflow.services import viewer

    a = app()
    if not 1900 < plan_year < 3000:
        raise BadInput("bad_plan_year", value=plan_year)
    chosen = _report_format(fmt, output, FORMATS)
    with a.uow(write=False) as uow:
        reader = viewer(uow, a.settings.actor)
    built = build(a.uow(write=False), a.calendar, kind, plan_year, reader, a.lang)
    _write_report(built, chosen, output)


@report.command("plan")
@common
@click.argument("plan_year", type=int, metavar="P")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "csv", "xlsx"]),
    help="Default: from -o's extension, else md.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))
def report_plan(plan_year: int, fmt: str | None, output: Path | None) -> None:
    """The plan for P: decided measures, meeting calendar, what was left out and why."""
    _plan_report("plan", plan_year, fmt, output)


@report.command("followup")
@common
@click.argument("plan_year", type=int, metavar="P")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "csv", "xlsx"]),
    help="Default: from -o's extension, else md.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))
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


@cli.command()
def states() -> None:
    """The item lifecycle as a Mermaid stateDiagram-v2."""
    from arshjul.states.lifecycle import mermaid

    click.echo(mermaid(), nl=False)


def main() -> None:
    cli(prog_name="arshjul")
