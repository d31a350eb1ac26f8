"""Schema upgrades through Alembic, and the check every other command makes first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from arshjul.errors import StoreError
from arshjul.store.engine import WRITE

#: The newest migration; tests check it is Alembic's head, so commands need not load Alembic.
HEAD = "0021"

_SCRIPTS = Path(__file__).with_name("migrations")

#: The PostgreSQL advisory lock one upgrade at a time holds ("arshjul" in ASCII, as a number).
_UPGRADE_LOCK = 0x61727368_6A756C


def _config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Create or upgrade the schema to `revision` (the newest release by default).

    All the steps run in one transaction, on SQLite as on PostgreSQL: an upgrade that fails
    anywhere leaves the database as it was, and says so. Returns the revision reached.
    """
    from alembic import command

    url = engine.url.render_as_string(hide_password=True)
    with engine.connect() as connection, _references_unchecked(connection):
        connection.execution_options(**{WRITE: True})
        was: str | None = None
        try:
            with connection.begin():
                _one_at_a_time(connection)
                was = _revision(connection)
                config = _config(connection)
                _known(config, was, url)
                command.upgrade(config, revision)  # type: ignore[arg-type]
                _no_dangling_references(connection, url, was)
                reached = _revision(connection)
        except DBAPIError as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise StoreError(
                "db_upgrade_failed", url=url, revision=was or "–", reason=reason
            ) from None
    assert reached is not None
    return reached


@contextmanager
def _references_unchecked(connection: Connection) -> Iterator[None]:
    """SQLite alters a table by building a copy, dropping the old one and renaming the copy
    (Alembic's batch mode); with foreign keys enforced, dropping a table other rows point at
    fails. The pragma cannot change inside a transaction, so it goes off before BEGIN and on
    again after COMMIT, as SQLite's own procedure for such changes does
    (https://www.sqlite.org/lang_altertable.html#otheralter); the references are checked
    before the commit instead (`_no_dangling_references`)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None and not connection.in_transaction()
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def _one_at_a_time(connection: Connection) -> None:
    """A second upgrade waits for the first and then finds the work done.

    SQLite's writers already queue (BEGIN IMMEDIATE); PostgreSQL would run both at once and
    the second would fail on a table the first made, so it takes a lock held until COMMIT.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    revision: str | None = connection.execute(
        text("SELECT version_num FROM alembic_version")
    ).scalar()
    return revision


def _known(config: object, revision: str | None, url: str) -> None:
    """A database at a revision this release does not have is left alone (a newer release's)."""
    from alembic.script import ScriptDirectory

    if revision is None:
        return
    scripts = ScriptDirectory.from_config(config)  # type: ignore[arg-type]
    if revision not in {script.revision for script in scripts.walk_revisions()}:
        raise StoreError("db_unknown_revision", url=url, revision=revision)


def _no_dangling_references(connection: Connection, url: str, was: str | None) -> None:
    """Refuse to commit an upgrade that leaves a row pointing at one that is not there."""
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL checks every reference as it goes
    dangling = Counter(
        (row[0], row[2]) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")
    )
    if dangling:
        (table, parent), count = sorted(dangling.items())[0]
        raise StoreError(
            "db_upgrade_dangling",
            url=url,
            revision=was or "–",
            count=count,
            table=table,
            parent=parent,
        )


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(None)).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head


def is_set_up(engine: Engine) -> bool:
    """Whether an earlier `init` made this database (else it is new, or not ours)."""
    with engine.connect() as connection:
        return inspect(connection).has_table("alembic_version")


def check(engine: Engine, url: str) -> None:
    """Refuse to work on a database that is missing, older, or newer than this release."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            raise StoreError("db_missing", url=url)
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != HEAD:
        raise StoreError(
            "db_old" if (revision or "") < HEAD else "db_new", url=url, revision=revision
        )
