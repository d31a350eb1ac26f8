"""The cycle configuration the database runs by: append-only, the newest version in force.

Every version is written by `record`, and only by it, with its link in the history's chain
(old and new digest, who and when), which `audit verify` holds the stored versions against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from arshjul.store.tables import CycleConfigRow

CYCLE_CONFIG = CycleConfigRow.__table__  # type: ignore[attr-defined]

#: Why a version was written.
INIT, SET, ADOPTED = "init", "set", "adopted"


@dataclass(frozen=True)
class StoredConfig:
    version: int
    name: str
    toml: str
    digest: str
    previous_digest: str | None
    reason: str
    set_by: str
    set_at: datetime


def current(conn: Connection) -> StoredConfig | None:
    """The configuration in force: the newest version, or None (a database from before)."""
    row = (
        conn.execute(select(CYCLE_CONFIG).order_by(CYCLE_CONFIG.c.version.desc()).limit(1))
        .mappings()
        .first()
    )
    return StoredConfig(**row) if row is not None else None


def current_digest(conn: Connection) -> str | None:
    """The digest of the configuration in force (a cheap look: has another process changed it?)."""
    query = select(CYCLE_CONFIG.c.digest).order_by(CYCLE_CONFIG.c.version.desc()).limit(1)
    digest: str | None = conn.execute(query).scalar()
    return digest


def record(
    conn: Connection,
    *,
    name: str,
    toml: str,
    digest: str,
    reason: str,
    set_by: str,
    set_at: datetime,
) -> StoredConfig:
    """Append a new version in force, naming the one it replaces, in the caller's transaction.

    Two writers at once both reach for the same next version: the primary key lets one win and
    the other's transaction fail (the caller's unit of work turns that into a conflict).
    """
    before = current(conn)
    version = (
        conn.execute(select(func.coalesce(func.max(CYCLE_CONFIG.c.version), 0))).scalar_one() + 1
    )
    stored = StoredConfig(
        version=version,
        name=name,
        toml=toml,
        digest=digest,
        previous_digest=before.digest if before is not None else None,
        reason=reason,
        set_by=set_by,
        set_at=set_at,
    )
    conn.execute(insert(CYCLE_CONFIG).values(**stored.__dict__))
    from arshjul.store.bound import record_row  # the chain's tables load only when writing

    record_row(conn, "cycle_config", version, f"config_{reason}", set_by, set_at)
    return stored


def chained(conn: Connection) -> bool:
    """Whether the history records a stored configuration (rows written from migration 0012 on)."""
    from arshjul.store.history import HISTORY

    query = select(HISTORY.c.seq).where(HISTORY.c.subject_kind == "cycle_config").limit(1)
    return conn.execute(query).first() is not None


def versions(conn: Connection) -> list[StoredConfig]:
    """Every version, oldest first."""
    rows = conn.execute(select(CYCLE_CONFIG).order_by(CYCLE_CONFIG.c.version)).mappings()
    return [StoredConfig(**row) for row in rows]
