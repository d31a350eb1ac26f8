"""A body's standing working groups and networks in the database: who is in them, and moving
one to another body. Every change is chained (`store.bound`: the group's row and each
membership row), so `audit verify` holds them and a group's history follows it."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update

from arshjul.store.bound import record_row
from arshjul.store.history import HISTORY
from arshjul.store.repository import BODY, MEMBER, ORG, PERSON
from arshjul.store.tables_groups import StandingGroupMemberRow, StandingGroupRow

GROUP = StandingGroupRow.__table__  # type: ignore[attr-defined]
GROUP_MEMBER = StandingGroupMemberRow.__table__  # type: ignore[attr-defined]

#: The subject kinds a group's history is chained under (store.bound.BINDINGS).
GROUP_KIND, MEMBER_KIND = "standing_group", "standing_group_member"


@dataclass(frozen=True)
class Group:
    id: int
    body_id: int
    name: str
    kind: str  # "group" or "network"
    created_at: datetime
    created_by: str
    moved_at: datetime | None
    body: str = ""  # its body's short name
    members: tuple[str, ...] = ()  # emails of those in it who take part in its body


@dataclass(frozen=True)
class Record:
    """One change of a group or of someone's membership, as the chain holds it."""

    seq: int
    at: datetime
    event: str
    actor: str
    kind: str  # GROUP_KIND or MEMBER_KIND
    data: dict[str, Any]


def _current_members(body_id: int) -> Any:
    """(group id, email) of those in a group now whose organisation takes part in `body_id`."""
    return (
        select(GROUP_MEMBER.c.group_id, PERSON.c.email)
        .join(PERSON, PERSON.c.id == GROUP_MEMBER.c.person_id)
        .join(MEMBER, and_(MEMBER.c.org_id == PERSON.c.org_id, MEMBER.c.body_id == body_id))
        .where(GROUP_MEMBER.c.left_at.is_(None))
        .order_by(PERSON.c.email)
    )


_GROUPS = select(GROUP, BODY.c.short.label("body")).join(BODY, BODY.c.id == GROUP.c.body_id)


def groups_of(conn: Connection, body_id: int, name: str | None = None) -> list[Group]:
    """A body's standing groups (or the one named `name`) by name, each with its members."""
    query = _GROUPS.where(GROUP.c.body_id == body_id).order_by(GROUP.c.name)
    if name is not None:
        query = query.where(GROUP.c.name == name)
    rows = list(conn.execute(query).mappings())
    members: dict[int, list[str]] = defaultdict(list)
    if rows:
        ids = [row["id"] for row in rows]
        for group_id, email in conn.execute(
            _current_members(body_id).where(GROUP_MEMBER.c.group_id.in_(ids))
        ):
            members[group_id].append(email)
    return [Group(**row, members=tuple(members[row["id"]])) for row in rows]


def named_elsewhere(conn: Connection, body_id: int, name: str) -> list[Group]:
    """The groups of that name in the other bodies, without their members (not this body's to
    see): one of them may have moved away from this body."""
    query = _GROUPS.where(GROUP.c.body_id != body_id, GROUP.c.name == name).order_by(GROUP.c.id)
    return [Group(**row) for row in conn.execute(query).mappings()]


def lock(conn: Connection, body_id: int, name: str) -> None:
    """Hold a group's row to the end of the transaction, so two changes of one group (a join
    and a move) queue on PostgreSQL and the second sees the first; SQLite's writers queue
    already."""
    query = select(GROUP.c.id).where(GROUP.c.body_id == body_id, GROUP.c.name == name)
    conn.execute(query.with_for_update())


def by_name(conn: Connection, body_id: int, name: str) -> Group | None:
    found = groups_of(conn, body_id, name)
    return found[0] if found else None


def member_emails(conn: Connection, body_id: int, name: str) -> list[str]:
    """Who a standing group's meeting invites ("group:NAME"): its members who take part in
    the body, by email; nobody when the body has no such group."""
    query = _current_members(body_id).join(GROUP, GROUP.c.id == GROUP_MEMBER.c.group_id)
    query = query.where(GROUP.c.body_id == body_id, GROUP.c.name == name)
    return [email for _, email in conn.execute(query)]


def add(conn: Connection, body_id: int, name: str, kind: str, by: str, at: datetime) -> int:
    """A new standing group or network of a body; returns its id."""
    group_id: int = conn.execute(
        insert(GROUP)
        .values(body_id=body_id, name=name, kind=kind, created_at=at, created_by=by)
        .returning(GROUP.c.id)
    ).scalar_one()
    record_row(conn, GROUP_KIND, group_id, "group_add", by, at)
    return group_id


def ensure(
    conn: Connection, body_id: int, names: Iterable[str], by: str, at: datetime
) -> list[str]:
    """The standing working groups `names` of a body, made if it has none of the name yet;
    returns those made."""
    have = {g.name for g in groups_of(conn, body_id)}
    made = [name for name in dict.fromkeys(names) if name not in have]
    for name in made:
        add(conn, body_id, name, "group", by, at)
    return made


def _membership(conn: Connection, group_id: int, person_id: int) -> int | None:
    query = select(GROUP_MEMBER.c.id).where(
        GROUP_MEMBER.c.group_id == group_id,
        GROUP_MEMBER.c.person_id == person_id,
        GROUP_MEMBER.c.left_at.is_(None),
    )
    found: int | None = conn.execute(query).scalar()
    return found


def add_member(conn: Connection, group_id: int, person_id: int, by: str, at: datetime) -> bool:
    """A person joins a group; False if they are in it already."""
    if _membership(conn, group_id, person_id) is not None:
        return False
    row_id: int = conn.execute(
        insert(GROUP_MEMBER)
        .values(group_id=group_id, person_id=person_id, added_at=at)
        .returning(GROUP_MEMBER.c.id)
    ).scalar_one()
    record_row(conn, MEMBER_KIND, row_id, "group_join", by, at)
    return True


def remove_member(conn: Connection, group_id: int, person_id: int, by: str, at: datetime) -> bool:
    """A person leaves a group (their row is ended, not removed); False if they were not in it."""
    row_id = _membership(conn, group_id, person_id)
    if row_id is None:
        return False
    conn.execute(update(GROUP_MEMBER).where(GROUP_MEMBER.c.id == row_id).values(left_at=at))
    record_row(conn, MEMBER_KIND, row_id, "group_leave", by, at)
    return True


def move(
    conn: Connection,
    group_id: int,
    to_body_id: int,
    at: datetime,
    by: str,
    *,
    recorded_at: datetime | None = None,
) -> None:
    """A group moves to another body as of `at`, its members and history with it (they are
    the group's, not the body's); chained when it is recorded (`recorded_at`, default `at`)."""
    conn.execute(
        update(GROUP).where(GROUP.c.id == group_id).values(body_id=to_body_id, moved_at=at)
    )
    record_row(conn, GROUP_KIND, group_id, "group_move", by, recorded_at or at)


def member_orgs(conn: Connection, group_id: int) -> dict[str, str]:
    """Those in a group now, by email, with their organisation."""
    query = (
        select(PERSON.c.email, ORG.c.name)
        .join(GROUP_MEMBER, GROUP_MEMBER.c.person_id == PERSON.c.id)
        .join(ORG, ORG.c.id == PERSON.c.org_id)
        .where(GROUP_MEMBER.c.group_id == group_id, GROUP_MEMBER.c.left_at.is_(None))
        .order_by(PERSON.c.email)
    )
    return {email: org for email, org in conn.execute(query)}


def history_of(conn: Connection, group_id: int) -> list[Record]:
    """A group's chained changes, oldest first: its own (added, moved) and its memberships'."""
    rows = select(GROUP_MEMBER.c.id).where(GROUP_MEMBER.c.group_id == group_id)
    ids = [str(row_id) for (row_id,) in conn.execute(rows)]
    query = (
        select(HISTORY)
        .where(
            or_(
                and_(HISTORY.c.subject_kind == GROUP_KIND, HISTORY.c.subject_id == str(group_id)),
                and_(HISTORY.c.subject_kind == MEMBER_KIND, HISTORY.c.subject_id.in_(ids)),
            )
        )
        .order_by(HISTORY.c.seq)
    )
    return [
        Record(
            row["seq"],
            row["at"],
            row["event"],
            row["actor"],
            row["subject_kind"],
            json.loads(row["data"] or "{}"),
        )
        for row in conn.execute(query).mappings()
    ]


def emails_of(conn: Connection, person_ids: Sequence[int]) -> dict[int, str]:
    query = select(PERSON.c.id, PERSON.c.email).where(PERSON.c.id.in_(list(person_ids)))
    return {person_id: email for person_id, email in conn.execute(query)}
