"""Which cycle configuration is in force: the one the database keeps, never a file by chance.

A `--config` (or ARSHJUL_CONFIG) given beside a database must be the stored one, byte for byte;
a database from before the configuration was kept adopts the one it is first run with, once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from arshjul.clock import Clock
from arshjul.config import (
    CycleConfig,
    config_from_text,
    default_text,
    read_config_text,
)
from arshjul.errors import ConfigError
from arshjul.i18n import t
from arshjul.states.model import FIRST_BODY, Body
from arshjul.store import cycle_config
from arshjul.store.uow import UnitOfWork
from arshjul.workflow.calendar import CycleCalendar

SYSTEM = "system"

#: Parsed configurations by digest: a long-running process re-reads only what changed.
_PARSED: dict[str, CycleConfig] = {}


def given_text(path: str | Path | None) -> tuple[str, str]:
    """The TOML text a command was given and where it came from (the built-in FTPOS if none)."""
    if path is None:
        return default_text(), t("builtin_config", name="FTPOS")
    return read_config_text(path), str(path)


def parse_stored(stored: cycle_config.StoredConfig) -> CycleConfig:
    """The configuration a stored version holds (validated when it was stored)."""
    parsed = _PARSED.get(stored.digest)
    if parsed is None:
        where = t("config_stored_where", version=stored.version)
        parsed = _PARSED[stored.digest] = config_from_text(stored.toml, where)
    return parsed


def in_force(conn: Connection, calendar: CycleCalendar) -> CycleCalendar:
    """The calendar of its body's stored configuration, read in the caller's transaction:
    `calendar` itself while it is the stored one (or nothing is stored yet)."""
    digest = cycle_config.current_digest(conn, calendar.body.id)
    if digest is None or digest == calendar.config.digest:
        return calendar
    return calendar_of(conn, calendar.body)


def calendar_of(conn: Connection, body: Body) -> CycleCalendar:
    """A body's calendar, by the configuration it keeps (every body added keeps one)."""
    stored = cycle_config.current(conn, body.id)
    if stored is None:
        raise ConfigError("body_without_config", body=body.short)
    return CycleCalendar(parse_stored(stored), body)


def stored_config(
    engine: Engine,
    clock: Clock,
    path: str | Path | None,
    actor: str | None,
    say: Callable[[str], None],
    body: Body | None = None,
) -> CycleConfig:
    """The configuration the database keeps; a given file (--config, ARSHJUL_CONFIG) must be
    it, byte for byte. A database from before keeps, from now on, the one it is first run with
    (or FTPOS), and `say`s so, once."""
    given = None
    if path is not None:
        text, where = given_text(path)
        given = config_from_text(text, where)  # a broken file is named before anything runs
    body_id = body.id if body is not None else FIRST_BODY
    with UnitOfWork(engine, write=False, glance=True) as uow:
        stored = cycle_config.current(uow.connection, body_id)
    if stored is None and body_id != FIRST_BODY:
        raise ConfigError("body_without_config", body=body.short if body else "")
    if stored is None:
        from arshjul.workflow.cycle_change import set_config  # the scheduler's planning, once

        text, where = given_text(path)
        change = set_config(UnitOfWork(engine), clock, actor, text, where, bootstrap=True)
        stored = change.after
        if change.changed:
            say(t("config_adopted", name=stored.name, digest=stored.digest, where=where))
    if given is not None and given.digest != stored.digest:
        raise ConfigError(
            "config_differs",
            where=str(path),
            given=given.digest,
            stored=stored.digest,
            name=stored.name,
        )
    return parse_stored(stored)


def senders(conn: Connection) -> dict[int, str]:
    """Each body's sender of mail (`mail.from` of the configuration it keeps), by body id."""
    from arshjul.store import bodies

    found = {}
    for body in bodies.every(conn):
        stored = cycle_config.current(conn, body.id)
        if stored is not None:
            found[body.id] = parse_stored(stored).mail_from
    return found
