"""The append-only, hash-chained history: appending, and proving nobody edited it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from arshjul.errors import ArshjulError
from arshjul.store.bulk import insert_rows
from arshjul.store.tables import GENESIS, ChainHeadRow, HistoryRow

HISTORY = HistoryRow.__table__  # type: ignore[attr-defined]
HEAD = ChainHeadRow.__table__  # type: ignore[attr-defined]

_HASHED = (
    "item_id",
    "event",
    "from_state",
    "to_state",
    "actor",
    "at",
    "scheduled_at",
    "note",
    "forced",
)


#: The canonical text a row's hash is taken of: JSON with sorted keys, no spaces, UTF-8 as is.
#: The content is built with its keys in sorted order, so the encoder need not sort them.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_SORTED = tuple(sorted(_HASHED))

_HEAD = select(HEAD.c.count, HEAD.c.last_hash).where(HEAD.c.id == 1)
_HEAD_FOR_UPDATE = _HEAD.with_for_update()
_MOVE_HEAD = (
    update(HEAD)
    .where(HEAD.c.id == 1)
    .values(count=bindparam("b_count"), last_hash=bindparam("b_hash"))
)


@lru_cache(maxsize=64)  # a change of many rows has one moment
def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


def digest(row: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 of the row's content and the hash of the row before it."""
    content = {key: row.get(key) for key in _SORTED}
    content["at"] = _moment(row["at"])
    content["scheduled_at"] = _moment(content["scheduled_at"])
    content["forced"] = bool(content["forced"])
    text = _CANONICAL.encode([prev_hash, content])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Chain `rows` onto the history, in order, inside the caller's transaction.

    The chain head is read FOR UPDATE, so appends from concurrent transactions queue up on
    PostgreSQL; SQLite's writers are already one at a time (BEGIN IMMEDIATE).
    """
    if not rows:
        return
    count, prev = conn.execute(_HEAD_FOR_UPDATE).one()
    for row in rows:
        row["prev_hash"] = prev
        row["hash"] = prev = digest(row, prev)
    insert_rows(conn, HISTORY, rows)
    conn.execute(_MOVE_HEAD, {"b_count": count + len(rows), "b_hash": prev})


@dataclass(frozen=True)
class AuditResult:
    count: int
    last_hash: str


def verify(conn: Connection, batch: int = 5_000) -> AuditResult:
    """Walk the whole chain; raise naming the first row that does not hold."""
    head_count, head_hash = conn.execute(_HEAD).one()
    prev, count, expected_seq = GENESIS, 0, None
    for row in _rows(conn, batch):
        seq = row["seq"]
        if expected_seq is not None and seq != expected_seq:
            _broken(row, "audit_gap", seq=expected_seq)
        if row["prev_hash"] != prev:
            _broken(row, "audit_link")
        if digest(row, prev) != row["hash"]:
            _broken(row, "audit_hash")
        prev, count, expected_seq = row["hash"], count + 1, seq + 1
    if count != head_count or prev != head_hash:
        raise ArshjulError("audit_tail", seq=(expected_seq or 1) - 1, count=head_count)
    return AuditResult(count, prev)


def _rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    after = 0
    while True:
        chunk = conn.execute(
            select(HISTORY).where(HISTORY.c.seq > after).order_by(HISTORY.c.seq).limit(batch)
        ).mappings()
        rows: Iterable[dict[str, Any]] = [dict(row) for row in chunk]
        if not rows:
            return
        yield from rows
        after = rows[-1]["seq"]  # type: ignore[index]


def _broken(row: dict[str, Any], why: str, **params: Any) -> None:
    from arshjul.i18n import t

    raise ArshjulError(
        "audit_broken",
        seq=row["seq"],
        item=row["item_id"],
        event=row["event"],
        why=t(why, **params),
    )
