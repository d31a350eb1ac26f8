"""Which cycle configuration is in force: the one the database keeps, never a file by chance."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from arshjul.config import (
    CycleConfig,
    config_from_text,
    default_text,
    read_config_text,
)
from arshjul.i18n import t
from arshjul.store import cycle_config
from arshjul.workflow.calendar import CycleCalendar

SYSTEM = "system"

#: Parsed configurations by digest: a long-running process re-reads only what changed.
_PARSED: dict[str, CycleConfig] = {}


def given_text(path: str | Path | None) -> tuple[str, str]:
    """The TOML text a command was given and where it came from (the built-in FTPOS if none)."""
    if path is None:
        return default_text(), "built-in FTPOS"
    return read_config_text(path), str(path)


def parse_stored(stored: cycle_config.StoredConfig) -> CycleConfig:
    """The configuration a stored version holds (validated when it was stored)."""
    parsed = _PARSED.get(stored.digest)
    if parsed is None:
        where = t("config_stored_where", version=stored.version)
        parsed = _PARSED[stored.digest] = config_from_text(stored.toml, where)
    return parsed


def in_force(conn: Connection, calendar: CycleCalendar) -> CycleCalendar:
    """The calendar of the stored configuration, read in the caller's transaction: `calendar`
    itself while it is the stored one (or nothing is stored yet)."""
    stored = cycle_config.current(conn)
    if stored is None or stored.digest == calendar.config.digest:
        return calendar
    return CycleCalendar(parse_stored(stored))
