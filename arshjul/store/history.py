"""The append-only, hash-chained history: its rows, how each is sealed, and appending to it.

One chain holds every subject: items (their moves, owners and due dates) and, through `record`,
anything else whose changes must be provable (risks, assessments, outcomes, meetings, the
cycle configuration). `arshjul.store.audit` walks it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from arshjul.errors import ArshjulError
from arshjul.store.audit_key import audit_key, key_id
from arshjul.store.bulk import insert_rows
from arshjul.store.tables import ChainHeadRow, HistoryRow

HISTORY = HistoryRow.__table__  # type: ignore[attr-defined]
HEAD = ChainHeadRow.__table__  # type: ignore[attr-defined]

#: Hashed in every row, null or not: what rows had from the start.
_ALWAYS = (
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
#: Hashed only when not null, so rows written before these existed keep their hashes.
_WHEN_SET = ("owner", "due", "subject_kind", "subject_id", "data")
_FIELDS = (*_ALWAYS, *_WHEN_SET)
_SORTED = tuple(sorted(_FIELDS))

#: The subject kind and event of the row that starts the keyed part of a chain.
KEY_MARK = ("chain", "key")

#: The canonical text a row's hash is taken of: JSON with sorted keys, no spaces, UTF-8 as is.
#: The content is built with its keys in sorted order, so the encoder need not sort them.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)

_HEAD = select(HEAD.c.count, HEAD.c.last_hash, HEAD.c.key_id).where(HEAD.c.id == 1)
_HEAD_FOR_UPDATE = _HEAD.with_for_update()
_MOVE_HEAD = (
    update(HEAD)
    .where(HEAD.c.id == 1)
    .values(count=bindparam("b_count"), last_hash=bindparam("b_hash"), key_id=bindparam("b_key"))
)


@lru_cache(maxsize=64)  # a change of many rows has one moment
def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(data: Mapping[str, Any]) -> str:
    """A subject's content as the chain stores it: JSON, sorted keys, no spaces; moments in UTC."""
    return json.dumps(
        {key: _plain(value) for key, value in data.items()},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def restriction_data(restricted_to: Sequence[str]) -> str | None:
    """What an item's row records of its need-to-know (nothing for an item open to all)."""
    return canonical({"restricted_to": sorted(restricted_to)}) if restricted_to else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def digest(row: Mapping[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    """The seal of a row: SHA-256 of its content and the hash of the row before it, or, in the
    keyed part of a chain, HMAC-SHA256 of the same text with the key."""
    content: dict[str, Any] = {name: row.get(name) for name in _SORTED}
    for name in _WHEN_SET:
        if content[name] is None:
            del content[name]  # the other keys keep their sorted order
    content["at"] = _moment(row["at"])
    content["scheduled_at"] = _moment(content["scheduled_at"])
    content["forced"] = bool(content["forced"])
    if "due" in content:
        content["due"] = content["due"].isoformat()
    text = _CANONICAL.encode([prev_hash, content]).encode("utf-8")
    if key is None:
        return hashlib.sha256(text).hexdigest()
    return hmac.new(key, text, hashlib.sha256).hexdigest()


def head(conn: Connection, *, lock: bool = False) -> tuple[int, str, str | None]:
    """The chain head: (rows, last hash, key id or None); our error when its row is gone."""
    found = conn.execute(_HEAD_FOR_UPDATE if lock else _HEAD).first()
    if found is None:
        raise ArshjulError("audit_no_head")
    count, last_hash, kid = found
    return count, last_hash, kid


def append(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Chain `rows` onto the history, in order, inside the caller's transaction.

    The chain head is read FOR UPDATE, so appends from concurrent transactions queue up on
    PostgreSQL; SQLite's writers are already one at a time (BEGIN IMMEDIATE). With an audit key
    (ARSHJUL_AUDIT_KEY_FILE) the rows are sealed with it, after a key mark if the chain was not
    keyed yet; a keyed chain is not extended without its key.
    """
    if not rows:
        return
    count, prev, chain_key = head(conn, lock=True)
    key = audit_key()
    if key is None and chain_key is not None:
        raise ArshjulError("audit_key_needed", key=chain_key)
    written: list[dict[str, Any]] = [
        {name: row.get(name) for name in _FIELDS} | {"forced": bool(row.get("forced"))}
        for row in rows
    ]
    if key is not None:
        kid = key_id(key)
        if chain_key is not None and chain_key != kid:
            raise ArshjulError("audit_key_other", key=kid, chain=chain_key)
        first = written[0]
        if chain_key is None and (first["subject_kind"], first["event"]) != KEY_MARK:
            mark = key_mark(kid, first["actor"], first["at"])
            written.insert(0, {name: mark.get(name) for name in _FIELDS})
        chain_key = kid
    for row in written:
        row["prev_hash"] = prev
        row["hash"] = prev = digest(row, prev, key)
    insert_rows(conn, HISTORY, written)
    conn.execute(_MOVE_HEAD, {"b_count": count + len(written), "b_hash": prev, "b_key": chain_key})


def seal(conn: Connection, actor: str, at: datetime) -> bool:
    """With an audit key set, seal the chain from now on (a key mark) unless it is already;
    True when it was marked now."""
    key = audit_key()
    if key is None:
        return False
    kid = key_id(key)
    if head(conn, lock=True)[2] == kid:
        return False
    append(conn, [key_mark(kid, actor, at)])
    return True


def key_mark(kid: str, actor: str, at: datetime) -> dict[str, Any]:
    """The row from which on the chain is sealed with the key whose id is `kid`."""
    kind, event = KEY_MARK
    return subject_row(kind, "key", event, actor, at, {"key": kid})


def subject_row(
    subject_kind: str,
    subject_id: str | int,
    event: str,
    actor: str,
    at: datetime,
    data: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """A history row about something other than an item."""
    return {
        "item_id": None,
        "event": event,
        "from_state": None,
        "to_state": None,
        "actor": actor,
        "at": at,
        "scheduled_at": None,
        "note": note,
        "forced": False,
        "subject_kind": subject_kind,
        "subject_id": str(subject_id),
        "data": None if data is None else canonical(data),
    }
