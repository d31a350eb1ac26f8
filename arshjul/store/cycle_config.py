"""The cycle configurations the database runs by, one a body: append-only, the newest version
of a body's in force (the versions are numbered across all bodies).

Every version is written by `record`, and only by it, with its link in the history's chain
(old and new digest, who and when), which `audit verify` holds the stored versions against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from arshjul.states.model import FIRST_BODY
from arshjul.store.tables import CycleConfigRow

CYCLE_CONFIG = CycleConfigRow.__table__  # type: ignore[attr-defined]

#: Why a version was written.
INIT, SET, ADOPTED = "init", "set", "adopted"


@dataclass(frozen=True)
class StoredConfig:
    version: int
    body_id: int
    name: str
    toml: str
    digest: str
    previous_digest: str | None
    reason: str
    set_by: str
    set_at: datetime


def _newest(query: Any, body_id: int) -> Any:
    return (
        query.where(CYCLE_CONFIG.c.body_id == body_id)
        .order_by(CYCLE_CONFIG.c.version.desc())
        .limit(1)
    )


def current(conn: Connection, body_id: int = FIRST_BODY) -> StoredConfig | None:
    """A body's configuration in force: its newest version, or None (a database from before)."""
    row = conn.execute(_newest(select(CYCLE_CONFIG), body_id)).mappings().first()
    return StoredConfig(**row) if row is not None else None


def current_digest(conn: Connection, body_id: int = FIRST_BODY) -> str | None:
    """The digest of a body's configuration in force (has another process changed it?)."""
    query = _newest(select(CYCLE_CONFIG.c.digest), body_id)
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
    body_id: int = FIRST_BODY,
) -> StoredConfig:
    """Append a new version in force, naming the one it replaces, in the caller's transaction.

    Two writers at once both reach for the same next version: the primary key lets one win and
    the other's transaction fail (the caller's unit of work turns that into a conflict).
    """
    before = current(conn, body_id)
    version = (
        conn.execute(select(func.coalesce(func.max(CYCLE_CONFIG.c.version), 0))).scalar_one() + 1
    )
    stored = StoredConfig(
        version=version,
        body_id=body_id,
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
