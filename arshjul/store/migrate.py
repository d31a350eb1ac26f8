"""Schema upgrades through Alembic, and the check every other command makes first."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from arshjul.errors import StoreError

#: The newest migration; tests check it is Alembic's head, so commands need not load Alembic.
HEAD = "0013"

_SCRIPTS = Path(__file__).with_name("migrations")


def _config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> str:
    """Create or upgrade the schema to the newest release; returns the revision."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")  # type: ignore[arg-type]
    return HEAD


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(None)).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head


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
