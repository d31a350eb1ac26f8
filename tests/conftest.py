"""Fixtures shared by every layer: databases on SQLite and PostgreSQL, a small sector, a clock."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from arshjul.clock import STOCKHOLM, FixedClock
from arshjul.config import default_text, load_cycle_config
from arshjul.notifications.notifier import Notifier
from arshjul.store.engine import make_engine
from arshjul.store.migrate import check, upgrade
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import services
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.handlers import HANDLERS, install

#: Where the tests find a PostgreSQL server to make their own databases on.
PG_ADMIN_URL = os.environ.get(
    "ARSHJUL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _pg_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when the server answers."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    try:
        engine = create_engine(
            PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"PostgreSQL at {PG_ADMIN_URL} does not answer: {str(exc).splitlines()[0]}"
    return None


PG_SKIP_REASON = _pg_reason()


@pytest.fixture(autouse=True)
def swedish_by_default() -> Iterator[None]:
    """Every test starts in the default language: a command run in this process with
    `--lang en` leaves its language set, and a later test reading a message must not care."""
    from arshjul.i18n import set_language

    set_language("sv")
    yield
    set_language("sv")


@pytest.fixture(scope="session")
def pg_server() -> str:
    if PG_SKIP_REASON:
        pytest.skip(PG_SKIP_REASON)
    return PG_ADMIN_URL


def create_pg_database(admin_url: str, template: str | None = None) -> str:
    name = f"arshjul_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _as_init_leaves_it(url: str) -> None:
    """The schema, and the built-in FTPOS cycle kept in it."""
    engine = make_engine(url)
    upgrade(engine)
    keep_config(engine, default_text())
    engine.dispose()  # SQLite: the last connection folds the WAL into the file


@pytest.fixture(scope="session")
def initialised_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database as `init` leaves it, made once a session (each worker its own): a test that
    wants one gets a copy, not the migrations run again."""
    path = tmp_path_factory.mktemp("initialised") / "arshjul.db"
    _as_init_leaves_it(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def initialised_pg(pg_server: str) -> Iterator[str]:
    """The same on PostgreSQL: a template database each test's database is created from."""
    url = create_pg_database(pg_server)
    _as_init_leaves_it(url)
    yield str(make_url(url).database)
    drop_pg_database(pg_server, url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own, on SQLite and on PostgreSQL: empty, or, for a test that uses
    `engine`, as `init` leaves it (copied from one made once, which is what `engine` checks)."""
    initialised = "engine" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path / "arshjul.db"
        if initialised:
            shutil.copyfile(request.getfixturevalue("initialised_sqlite"), path)
        yield f"sqlite:///{path}"
        return
    admin = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("initialised_pg") if initialised else None
    url = create_pg_database(admin, template)
    try:
        yield url
    finally:
        drop_pg_database(admin, url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A database as `init` leaves it: the schema, and the built-in FTPOS cycle kept in it."""
    engine = make_engine(db_url)
    check(engine, db_url)  # the copy is of this code's schema
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at("2026-02-10 09:00"))


@pytest.fixture
def calendar() -> CycleCalendar:
    return CycleCalendar(load_cycle_config())


def keep_config(engine: Engine, toml: str, where: str = "built-in FTPOS") -> None:
    """Store a cycle configuration in a database nobody is registered in yet, as `init` does."""
    from arshjul.workflow.cycle_change import set_config

    set_config(
        UnitOfWork(engine), FixedClock(at("2026-01-01 00:00")), None, toml, where, bootstrap=True
    )


def at(text_: str) -> datetime:
    """A Stockholm wall-clock time, as people say it."""
    return datetime.fromisoformat(text_).replace(tzinfo=STOCKHOLM)


COORDINATOR = "anna@fi.se"
DECIDER = "chef@fi.se"
PROPOSER = "bo@nordbanken.se"
OWNER = "olle@nordbanken.se"
OTHER_PROPOSER = "pia@sydbank.se"
REFERENCE = "rut@bankforeningen.se"


class Sector:
    """A small sector on a real database: FI, two banks, an association, one person per role."""

    def __init__(self, engine: Engine, clock: FixedClock, calendar: CycleCalendar) -> None:
        self.engine, self.clock, self.calendar = engine, clock, calendar
        uow = self.uow
        services.add_org(uow(), clock, None, "Finansinspektionen", "authority", lead=True)
        services.add_person(
            uow(), clock, None, COORDINATOR, "Anna", "Finansinspektionen", ["coordinator"]
        )
        for name, kind in (
            ("Nordbanken AB", "company"),
            ("Sydbanken AB", "company"),
            ("Svenska Bankföreningen", "association"),
        ):
            services.add_org(uow(), clock, COORDINATOR, name, kind, total_defence=kind == "company")
        for email, org, roles in (
            (DECIDER, "Finansinspektionen", ["decider"]),
            (PROPOSER, "Nordbanken AB", ["proposer"]),
            (OWNER, "Nordbanken AB", ["owner"]),
            (OTHER_PROPOSER, "Sydbanken AB", ["proposer"]),
            (REFERENCE, "Svenska Bankföreningen", ["reference"]),
        ):
            services.add_person(
                uow(), clock, COORDINATOR, email, email.split("@")[0].title(), org, roles
            )

    def uow(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.engine, write=write)

    def propose(
        self, title: str = "Övning: kontanter vid elavbrott", actor: str = PROPOSER, **kw: object
    ) -> str:
        item_id, _ = services.propose(self.uow(), self.clock, self.calendar, actor, title, **kw)  # type: ignore[arg-type]
        return item_id

    def move(self, event: str, *ids: str, actor: str, **fields: object) -> list[services.Moved]:
        from arshjul.states import Event

        request = services.MoveRequest(Event(event), tuple(ids), **fields)  # type: ignore[arg-type]
        return services.move(self.uow(), self.clock, self.calendar, actor, request)

    def show(self, item_id: str, viewer: str | None = COORDINATOR) -> dict[str, object]:
        return services.show_item(self.uow(write=False), viewer, item_id, STOCKHOLM)


@pytest.fixture
def notifier(calendar: CycleCalendar) -> Iterator[Notifier]:
    """Mail as the command line has it: every change writes its messages to the outbox."""
    installed = Notifier(calendar)
    install(installed)
    yield installed
    HANDLERS.remove(installed)


@pytest.fixture
def sector(
    engine: Engine, clock: FixedClock, calendar: CycleCalendar, notifier: Notifier
) -> Sector:
    return Sector(engine, clock, calendar)
