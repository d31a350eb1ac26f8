"""The `arshjul` command line (docs/CLI.md). Calls the service layer; turns ArshjulError
into one `error:` line and exit status 1. Heavy libraries are imported inside the commands."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from arshjul.errors import ArshjulError, BadInput, StoreError
from arshjul.i18n import set_language, t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from arshjul.clock import Clock
    from arshjul.config import CycleConfig
    from arshjul.states.model import Body
    from arshjul.store.uow import UnitOfWork
    from arshjul.workflow.calendar import CycleCalendar

F = TypeVar("F", bound=Callable[..., Any])

_COMMON = ("db", "actor", "body", "config", "lang", "debug")
#: Settings from the environment that must be text: checked before any command reads them.
_TEXT_SETTINGS = (
    "ARSHJUL_DB",
    "ARSHJUL_AS",
    "ARSHJUL_BODY",
    "ARSHJUL_CONFIG",
    "ARSHJUL_LANG",
    "ARSHJUL_NOW",
    "ARSHJUL_MAIL",
    "XDG_DATA_HOME",
)

#: Where a command's cycle configuration comes from (App.config).
STORED, GIVEN, STORED_IF_SET_UP = "stored", "given", "stored if set up"


@dataclass
class Settings:
    """Every setting, from the command line first, then the environment, then defaults."""

    given: dict[str, Any]

    def _pick(self, key: str, env: str) -> str | None:
        value = self.given.get(key)
        if value not in (None, ""):
            return str(value)
        return utf8(os.environ.get(env) or None, env)

    @property
    def db_url(self) -> str:
        from arshjul.config import default_db_url

        return self._pick("db", "ARSHJUL_DB") or default_db_url()

    @property
    def actor(self) -> str | None:
        actor = self._pick("actor", "ARSHJUL_AS")
        return actor.strip().lower() if actor else None

    @property
    def body(self) -> str | None:
        """The body a command works in, by its short name (--body or ARSHJUL_BODY)."""
        body = self._pick("body", "ARSHJUL_BODY")
        return body.strip() if body else None

    @property
    def config_path(self) -> str | None:
        return self._pick("config", "ARSHJUL_CONFIG")

    @property
    def debug(self) -> bool:
        return bool(self.given.get("debug"))


class App:
    """What a command needs, built on first use so `--help` touches nothing."""

    def __init__(self, settings: Settings, config_from: str = STORED) -> None:
        self.settings = settings
        self.config_from = config_from
        self._engine: Engine | None = None
        self._checked = False

    @cached_property
    def config(self) -> CycleConfig:
        """The configuration the database keeps (a given one must be it); `init` and
        `cycle set` take the one given instead, `cycle show` too before a database is set up."""
        config = self._config()
        if self.chosen_lang is None:
            set_language(config.language)
        return config

    def _config(self) -> CycleConfig:
        from arshjul.config import load_cycle_config

        if self.config_from == GIVEN:
            return load_cycle_config(self.settings.config_path)
        try:
            engine = self._open()
        except StoreError as exc:
            if self.config_from != STORED_IF_SET_UP or exc.key != "db_missing":
                raise
            return load_cycle_config(self.settings.config_path)
        from arshjul.workflow.cycle_config import stored_config

        def say(text: str) -> None:
            click.echo(text, err=True)

        return stored_config(
            engine, self.clock, self.settings.config_path, self.settings.actor, say, self.body
        )

    @cached_property
    def body(self) -> Body:
        """The body the command works in: --body (or ARSHJUL_BODY), else the one its item ids
        name, else the first (without asking the database)."""
        from arshjul.states.model import FIRST_BODY, Body

        given = self.settings.body
        named = click.get_current_context().find_root().meta.get(_IDS_BODY)
        if given is not None and named is not None and named[0] != given:
            raise BadInput("id_of_other_body", id=named[1], body=named[0], given=given)
        short = given or (named[0] if named else None)
        if short is None:
            return Body(FIRST_BODY, "")
        from arshjul.errors import NotFound
        from arshjul.store import bodies
        from arshjul.store.uow import UnitOfWork

        with UnitOfWork(self._open(), write=False, glance=True) as uow:
            found = bodies.by_short(uow.connection, short)
            if found is None:
                known = ", ".join(b.short for b in bodies.every(uow.connection))
                raise NotFound("no_body", short=short, known=known)
        return found

    @cached_property
    def calendar(self) -> CycleCalendar:
        from arshjul.workflow.calendar import CycleCalendar

        return CycleCalendar(self.config, self.body)

    @cached_property
    def clock(self) -> Clock:
        from arshjul.clock import clock_from

        return clock_from(os.environ.get("ARSHJUL_NOW"), os.environ.get("ARSHJUL_CLOCK_RATE"))

    @cached_property
    def chosen_lang(self) -> str | None:
        """--lang or ARSHJUL_LANG; else the configuration's language, once it is read."""
        lang = self.settings._pick("lang", "ARSHJUL_LANG")
        if lang is not None and lang not in ("sv", "en"):
            raise BadInput("bad_choice", field="--lang", value=lang, choices="sv, en")
        return lang

    @cached_property
    def lang(self) -> str:
        return self.chosen_lang or self.config.language

    def engine(self, *, check: bool = True) -> Engine:
        """The command's one engine, its schema checked unless `init` asks; the configuration
        the database keeps is then in force (a given one must be it) before anything runs."""
        engine = self._open(check=check)
        if check and self.config_from != GIVEN:
            self.config  # noqa: B018  (read for its check, and kept)
        return engine

    def _open(self, *, check: bool = True) -> Engine:
        from arshjul.store.engine import make_engine
        from arshjul.store.migrate import check as check_schema

        if self._engine is None:
            url = utf8(self.settings.db_url, "ARSHJUL_DB")
            assert url is not None
            made = make_engine(url)
            click.get_current_context().call_on_close(made.dispose)
            _sqlite_file(made, create=not check)
            self._engine = made
            self._install_notifier()
        engine = self._engine
        if check and not self._checked:
            guard(lambda: check_schema(engine, shown_url(engine)), engine)
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

        return UnitOfWork(self.engine(), write=write, body=self.body.id)

    def _install_notifier(self) -> None:
        """Every change made through this command tells whoever it concerns, by mail."""
        from arshjul.workflow.handlers import Mail, install, uninstall

        mail = Mail(lambda: self.calendar)
        install(mail)
        click.get_current_context().call_on_close(lambda: uninstall(mail))


def shown_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def guard(action: Callable[[], None], engine: Engine) -> None:
    """Run a first look at the database; a connection failure becomes our error."""
    from sqlalchemy.exc import DBAPIError

    from arshjul.errors import StoreError

    try:
        action()
    except DBAPIError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise StoreError("db_unreachable", url=shown_url(engine), reason=reason) from None


def _sqlite_file(engine: Engine, *, create: bool) -> None:
    """An SQLite database is a file: `init` makes its folder; every other command wants it to
    be there already, and neither makes an empty database nor a folder by looking."""
    from arshjul.errors import StoreError
    from arshjul.store.engine import is_sqlite

    database = engine.url.database
    if not is_sqlite(engine):
        return
    url = shown_url(engine)
    if not database or database == ":memory:" or "mode=memory" in str(engine.url):
        # Each command is a process of its own: a database in memory would be gone after it.
        raise StoreError("db_in_memory", url=url)
    path = Path(database).expanduser()
    try:
        if path.is_dir():
            raise StoreError("db_is_folder", url=url)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.is_file():
            raise StoreError("db_missing", url=url)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StoreError("db_folder", folder=path.parent, url=url, reason=reason) from None


def utf8(value: str | None, what: str) -> str | None:
    """`value` as given, if it is text; bytes a terminal or an environment passed that are not
    UTF-8 (Python keeps them as lone surrogates) are refused, naming where they are."""
    if value is None:
        return None
    for position, char in enumerate(value, start=1):
        if "\ud800" <= char <= "\udfff":
            code = ord(char)
            byte = code - 0xDC00 if 0xDC80 <= code <= 0xDCFF else code
            raise BadInput("not_utf8", what=what, byte=byte, position=position)
    return value


class Refusal(click.ClickException):
    """A refusal before any command runs (while the arguments are read): `error:`, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        say_error(self.message)


def say_error(message: str) -> None:
    """One `error:` line: a control character or line separator quoted from the input (a name
    with a newline, a record separator) is shown escaped, so it cannot start a second line."""
    shown = "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in message
    )
    click.echo(f"error: {shown}", err=True)


#: Where the body the command's item ids name is kept (short name, the first such id).
_IDS_BODY = "arshjul_ids_body"


def ids_name_body(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A callback for an argument of item ids: the body their form names ("SOES-2027-004")
    is the command's, unless --body says another (refused); ids of several bodies are too."""
    from arshjul.states.model import id_prefix

    ids = [value] if isinstance(value, str) else list(value or ())
    found: dict[str, str] = {}
    for item_id in ids:
        found.setdefault(id_prefix(item_id.strip()) or "", item_id)
    if len(found) > 1:
        raise Refusal(t("ids_of_several_bodies", ids=", ".join(found.values())))
    shorts = [short for short in found if short]
    if shorts:
        ctx.find_root().meta[_IDS_BODY] = (shorts[0], found[shorts[0]])
    return value


def names_body(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A callback for an argument naming a body: the command works in it."""
    if value:
        ctx.find_root().meta[_IDS_BODY] = (value.strip(), value)
    return value


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value not in (None, False, ()):
        root = ctx.find_root()
        root.ensure_object(dict)[param.name] = value
        if param.name == "lang":
            set_language(value)  # so a bad value later in the arguments is told in it


def common(f: F, *, own_lang: bool = False, own_config: bool = False) -> F:
    """The options that work everywhere, before or after the command's name.

    `person add` has a --lang of its own (the person's language), so it goes without ours;
    `body add` a --config of its own (the new body's).
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
            "--body",
            metavar="SHORT",
            expose_value=False,
            callback=_remember,
            help="The cooperation body to work in, by its short name (or ARSHJUL_BODY; default: the first).",
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
        del options[4]
    if own_config:
        del options[3]
    for option in reversed(options):
        f = option(f)
    return f


def example_option(*choices: str) -> Callable[[F], F]:
    """--example: a built-in cycle, FTPOS (the default) or one of `choices` besides."""
    helps = {
        "finansrad": "finansrad: the regional finance council's cycle, goals and internal control",
        "fspos": "fspos, soes: the two bodies of the FSPOS–SOES boundary",
        "fspos-soes": "fspos-soes: FSPOS and SOES beside FTPOS, their overlaps and briefs",
    }

    def decorate(f: F) -> F:
        return click.option(
            "--example",
            type=click.Choice(["ftpos", *choices]),
            default="ftpos",
            show_default=True,
            help="; ".join(helps[c] for c in choices if c in helps) + ".",
        )(f)

    return decorate


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")(f)


def app(config_from: str = STORED) -> App:
    """The command's App; `config_from` says where its cycle configuration comes from."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    root.ensure_object(dict)
    if "app" not in root.meta:
        for name in _TEXT_SETTINGS:
            utf8(os.environ.get(name), name)
        root.meta["app"] = App(Settings(root.obj), config_from)
        # Until the configuration is read (on first use), its language cannot be known.
        set_language(root.meta["app"].chosen_lang or "sv")
    application: App = root.meta["app"]
    return application


def service_work(a: App, refusal: str) -> None:
    """The scheduler's and the courier's work (`tick`, `run`, `outbox send`): run without an
    acting person (cron, the service account) or by a coordinator of every body; what it
    prints tells of every body's meetings, measures and mail."""
    if not a.settings.actor:
        return
    from arshjul.errors import NotAllowed
    from arshjul.workflow.bodies import coordinated
    from arshjul.workflow.services import actor_of

    with a.uow(write=False) as uow:
        actor_of(uow, a.settings.actor)  # registered, and taking part in this body
        theirs, every = coordinated(uow, a.settings.actor)
        if theirs != every:
            raise NotAllowed(refusal, email=a.settings.actor)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


class ArshjulGroup(click.Group):
    """The one place where our errors become words and exit codes."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            set_language(os.environ.get("ARSHJUL_LANG") or "sv")
            for number, arg in enumerate(args, start=1):
                try:
                    utf8(arg, t("argument_n", number=number))
                except BadInput as exc:
                    raise Refusal(str(exc)) from None
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArshjulError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            say_error(str(exc))
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


def main() -> None:
    cli(prog_name="arshjul")
