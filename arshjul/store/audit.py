"""Proving the history: one streaming walk of the chain, then every item and bound row held
against what the chain says of it.

The walk follows the chain, not the numbering: each row must link to the row before it (its
`prev_hash`) and match its own seal, and the last must be the chain head. A gap in the sequence
numbers (PostgreSQL hands out a number to a transaction that then rolls back) is no change; a
removed, reordered or edited row breaks a link or a seal and is named.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from arshjul.errors import ArshjulError
from arshjul.states.model import FIRST_BODY, id_prefix
from arshjul.store import bound, history
from arshjul.store.audit_key import audit_key, key_id
from arshjul.store.repository import BODY, ITEM, PERSON, restrictions
from arshjul.store.tables import GENESIS

HISTORY = history.HISTORY


@dataclass(frozen=True)
class AuditResult:
    count: int
    last_hash: str
    #: The id of the key the chain is sealed with from its key mark on, or None.
    key: str | None = None
    #: With a recorded head: how many rows the history had then (the recorded head's place).
    anchored_at: int | None = None


def verify(conn: Connection, *, anchor: str | None = None, batch: int = 5_000) -> AuditResult:
    """Walk the whole chain and hold every item and bound row against it; raise naming the
    first thing that does not hold. With `anchor` (a head recorded earlier), also prove the
    history still passes through it unchanged."""
    head_count, head_hash, _ = history.head(conn)
    key = audit_key()
    prev, count, kid = GENESIS, 0, None
    anchored_at = 0 if anchor == GENESIS else None
    items: dict[str, list[Any]] = {}  # item id -> [state, owner, due] as its history has them
    subjects: dict[tuple[str, str], str | None] = {}  # (kind, id) -> content of newest record
    for row in _rows(conn, batch):
        if row["prev_hash"] != prev:
            _broken(row, "audit_link")
        if (row["subject_kind"], row["event"]) == history.KEY_MARK:
            kid = _key_mark(row, key)
        if history.digest(row, prev, key if kid else None) != row["hash"]:
            _broken(row, "audit_hash")
        item_id = row["item_id"]
        if item_id is not None:
            _replay(items, row)
        elif row["subject_kind"] is not None:
            subjects[row["subject_kind"], row["subject_id"]] = row["data"]
        prev, count = row["hash"], count + 1
        if prev == anchor:
            anchored_at = count
    if count != head_count or prev != head_hash:
        raise ArshjulError("audit_tail", count=count, expected=head_count)
    if key is not None and kid is None:  # `init` with the key marks even an empty chain
        raise ArshjulError("audit_not_keyed", key=key_id(key))
    if anchor is not None and anchored_at is None:
        raise ArshjulError("audit_anchor_gone", head=anchor)
    _check_items(conn, items, batch)
    _check_subjects(conn, subjects, batch)
    return AuditResult(count, prev, kid, anchored_at)


def _key_mark(row: dict[str, Any], key: bytes | None) -> str:
    """The key id a key mark names; our error when it cannot be checked or is another key's."""
    kid = str(json.loads(row["data"] or "{}").get("key"))
    if key is None:
        raise ArshjulError("audit_key_needed", key=kid)
    if key_id(key) != kid:
        raise ArshjulError("audit_key_other", key=key_id(key), chain=kid)
    return kid


def _replay(items: dict[str, list[Any]], row: dict[str, Any]) -> None:
    """An item's row moves it from the state its history left it in."""
    item_id = row["item_id"]
    known = items.get(item_id)
    was = None if known is None else known[0]
    if row["from_state"] != was:
        _broken(row, "audit_from", found=row["from_state"] or "-", expected=was or "-")
    if known is None:
        items[item_id] = known = [None, None, None, ()]
    known[0] = row["to_state"]
    if row["owner"] is not None:
        known[1] = row["owner"]
    if row["due"] is not None:
        known[2] = row["due"]
    if row["data"] is not None:
        known[3] = tuple(json.loads(row["data"]).get("restricted_to", known[3]))


def _check_items(conn: Connection, items: dict[str, list[Any]], batch: int) -> None:
    """Every item's state, owner, due date and need-to-know are what its history says, and
    its body the one its id names (an id without a body's name is the first body's)."""
    restricted = restrictions(conn)
    owner = PERSON.alias("owner")
    first = conn.execute(select(BODY.c.short).where(BODY.c.id == FIRST_BODY)).scalar_one()
    query = (
        select(ITEM.c.id, ITEM.c.state, owner.c.email, ITEM.c.due, BODY.c.short)
        .join(BODY, BODY.c.id == ITEM.c.body_id)
        .outerjoin(owner, owner.c.id == ITEM.c.owner_id)
        .order_by(ITEM.c.id)
        .execution_options(yield_per=batch)
    )
    for item_id, state, email, due, body in conn.execute(query):
        known = items.pop(item_id, None)
        if known is None:
            raise ArshjulError("audit_item_unrecorded", id=item_id)
        for field, found, expected in (
            ("body", body, id_prefix(item_id) or first),
            ("state", state, known[0]),
            ("owner", email, known[1]),
            ("due", due, known[2]),
            (
                "restricted_to",
                "; ".join(restricted.get(item_id, ())) or None,
                "; ".join(known[3]) or None,
            ),
        ):
            if found != expected:
                raise ArshjulError(
                    "audit_item_differs",
                    id=item_id,
                    field=field,
                    found=_shown(found),
                    expected=_shown(expected),
                )
    if items:
        raise ArshjulError("audit_item_gone", id=min(items))


def _check_subjects(
    conn: Connection, subjects: dict[tuple[str, str], str | None], batch: int
) -> None:
    """Every row of a bound table holds what its newest record says."""
    for kind in bound.BINDINGS:
        for row_id, content in bound.current(conn, kind, batch):
            recorded = subjects.pop((kind, row_id), None)
            if recorded is None:
                raise ArshjulError("audit_subject_unrecorded", kind=kind, id=row_id)
            if recorded != content:
                field, found, expected = _difference(content, recorded)
                raise ArshjulError(
                    "audit_subject_differs",
                    kind=kind,
                    id=row_id,
                    field=field,
                    found=found,
                    expected=expected,
                )
    gone = sorted(key for key in subjects if key[0] in bound.BINDINGS)
    if gone:
        kind, row_id = gone[0]
        raise ArshjulError("audit_subject_gone", kind=kind, id=row_id)


def _difference(content: str, recorded: str) -> tuple[str, str, str]:
    now, then = json.loads(content), json.loads(recorded)
    for field in sorted(set(now) | set(then)):
        if now.get(field) != then.get(field):
            return field, _shown(now.get(field)), _shown(then.get(field))
    return "-", content, recorded  # the same values written differently


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    after = 0
    while True:
        chunk = conn.execute(
            select(HISTORY).where(HISTORY.c.seq > after).order_by(HISTORY.c.seq).limit(batch)
        ).mappings()
        rows = [dict(row) for row in chunk]
        if not rows:
            return
        yield from rows
        after = rows[-1]["seq"]


def _broken(row: dict[str, Any], why: str, **params: Any) -> None:
    from arshjul.i18n import t

    raise ArshjulError(
        "audit_broken",
        seq=row["seq"],
        item=row["item_id"] or f"{row['subject_kind']} {row['subject_id']}",
        event=row["event"],
        why=t(why, **params),
    )
