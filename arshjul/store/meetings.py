"""Meetings and working groups in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from arshjul.errors import NotFound
from arshjul.states.model import Actor, Meeting
from arshjul.states.rules import Audience
from arshjul.store.bound import record_row
from arshjul.store.repository import MEMBER, ORG, PERSON
from arshjul.store.tables_meetings import (
    MeetingAgendaRow,
    MeetingItemRow,
    MeetingOrgRow,
    MeetingPersonRow,
    MeetingRow,
    WorkingGroupRow,
)

MEETING = MeetingRow.__table__  # type: ignore[attr-defined]
MEETING_ORG = MeetingOrgRow.__table__  # type: ignore[attr-defined]
MEETING_PERSON = MeetingPersonRow.__table__  # type: ignore[attr-defined]
MEETING_ITEM = MeetingItemRow.__table__  # type: ignore[attr-defined]
GROUP = WorkingGroupRow.__table__  # type: ignore[attr-defined]
AGENDA = MeetingAgendaRow.__table__  # type: ignore[attr-defined]


def add(conn: Connection, meeting: Meeting, *, by: str, at: datetime) -> int:
    """Insert a meeting with its invitees and items; returns its id."""
    meeting_id: int = conn.execute(
        insert(MEETING)
        .values(
            uid=meeting.uid,
            body_id=meeting.body,
            kind=meeting.kind,
            title=meeting.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            everyone=meeting.everyone,
            recurring=meeting.recurring,
            created_by=by,
            created_at=at,
            updated_at=at,
        )
        .returning(MEETING.c.id)
    ).scalar_one()
    orgs = _ids(conn, ORG, ORG.c.name, meeting.orgs)
    people = _ids(conn, PERSON, PERSON.c.email, meeting.people)
    if orgs:
        conn.execute(insert(MEETING_ORG), [{"meeting_id": meeting_id, "org_id": o} for o in orgs])
    if people:
        conn.execute(
            insert(MEETING_PERSON), [{"meeting_id": meeting_id, "person_id": p} for p in people]
        )
    if meeting.items:
        conn.execute(
            insert(MEETING_ITEM), [{"meeting_id": meeting_id, "item_id": i} for i in meeting.items]
        )
    if meeting.agenda:
        conn.execute(
            insert(AGENDA),
            [
                {"meeting_id": meeting_id, "position": n, "text": text}
                for n, text in enumerate(meeting.agenda, start=1)
            ],
        )
    record_row(conn, "meeting", meeting_id, "meeting_add", by, at)
    return meeting_id


def _ids(conn: Connection, table: Any, key: Any, values: Sequence[str]) -> list[int]:
    if not values:
        return []
    return [row_id for (row_id,) in conn.execute(select(table.c.id).where(key.in_(list(values))))]


def by_uid(conn: Connection, uid: str) -> int | None:
    found: int | None = conn.execute(select(MEETING.c.id).where(MEETING.c.uid == uid)).scalar()
    return found


def get(conn: Connection, meeting_id: int, body_id: int | None = None) -> Meeting:
    """A meeting (of the body `body_id`, if given: another body's is not found)."""
    where = MEETING.c.id == meeting_id
    if body_id is not None:
        where &= MEETING.c.body_id == body_id
    found = load(conn, where)
    if not found:
        raise NotFound("no_meeting", id=meeting_id)
    return found[0]


def load(conn: Connection, where: Any) -> list[Meeting]:
    rows = list(
        conn.execute(
            select(MEETING).where(where).order_by(MEETING.c.starts_at, MEETING.c.id)
        ).mappings()
    )
    ids = [row["id"] for row in rows]
    orgs: dict[int, list[str]] = defaultdict(list)
    people: dict[int, list[str]] = defaultdict(list)
    items: dict[int, list[str]] = defaultdict(list)
    agenda: dict[int, list[str]] = defaultdict(list)
    if ids:
        for meeting_id, name in conn.execute(
            select(MEETING_ORG.c.meeting_id, ORG.c.name)
            .join(ORG)
            .where(MEETING_ORG.c.meeting_id.in_(ids))
        ):
            orgs[meeting_id].append(name)
        for meeting_id, email in conn.execute(
            select(MEETING_PERSON.c.meeting_id, PERSON.c.email)
            .join(PERSON)
            .where(MEETING_PERSON.c.meeting_id.in_(ids))
        ):
            people[meeting_id].append(email)
        for meeting_id, item_id in conn.execute(
            select(MEETING_ITEM.c.meeting_id, MEETING_ITEM.c.item_id).where(
                MEETING_ITEM.c.meeting_id.in_(ids)
            )
        ):
            items[meeting_id].append(item_id)
        for meeting_id, text in conn.execute(
            select(AGENDA.c.meeting_id, AGENDA.c.text)
            .where(AGENDA.c.meeting_id.in_(ids))
            .order_by(AGENDA.c.meeting_id, AGENDA.c.position)
        ):
            agenda[meeting_id].append(text)
    return [
        Meeting(
            id=row["id"],
            uid=row["uid"],
            kind=row["kind"],
            title=row["title"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            place=row["place"],
            everyone=row["everyone"],
            orgs=tuple(sorted(orgs[row["id"]])),
            people=tuple(sorted(people[row["id"]])),
            items=tuple(sorted(items[row["id"]])),
            sequence=row["sequence"],
            cancelled=row["cancelled"],
            minutes=row["minutes"],
            minutes_at=row["minutes_at"],
            agenda=tuple(agenda[row["id"]]),
            body=row["body_id"],
            recurring=row["recurring"],
        )
        for row in rows
    ]


def between(conn: Connection, start: datetime, end: datetime, body_id: int) -> list[Meeting]:
    """A body's meetings that start from `start` to before `end`."""
    return load(
        conn,
        (MEETING.c.body_id == body_id)
        & (MEETING.c.starts_at >= start)
        & (MEETING.c.starts_at < end),
    )


def of_recurring(conn: Connection, body_id: int, key: str) -> list[Meeting]:
    """A body's meetings made for its recurring meeting `key`, cancelled ones too."""
    return load(conn, (MEETING.c.body_id == body_id) & (MEETING.c.recurring == key))


def change(conn: Connection, meeting_id: int, at: datetime, *, by: str, **values: Any) -> None:
    """Change a meeting and raise its sequence (calendar programs then replace their copy);
    chained as a cancellation or a move."""
    conn.execute(
        update(MEETING)
        .where(MEETING.c.id == meeting_id)
        .values(sequence=MEETING.c.sequence + 1, updated_at=at, **values)
    )
    event = "meeting_cancel" if values.get("cancelled") else "meeting_move"
    record_row(conn, "meeting", meeting_id, event, by, at)


def set_minutes(conn: Connection, meeting_id: int, text: str, at: datetime, *, by: str) -> None:
    conn.execute(
        update(MEETING)
        .where(MEETING.c.id == meeting_id)
        .values(minutes=text, minutes_at=at, updated_at=at)
    )
    record_row(conn, "meeting", meeting_id, "minutes", by, at)


def invitees(conn: Connection, meeting: Meeting) -> list[str]:
    """Everyone a meeting concerns, as email addresses: those the one rule says are invited
    (`states.rules.Audience.invited`: everyone, or its organisations, its people and the
    working groups of its measures)."""
    query = (
        select(PERSON.c.email, ORG.c.name)
        .join(ORG, ORG.c.id == PERSON.c.org_id)
        .join(MEMBER, (MEMBER.c.org_id == ORG.c.id) & (MEMBER.c.body_id == meeting.body))
    )  # a body's meeting concerns those who take part in the body
    groups = all_groups(conn) if meeting.items and not meeting.everyone else {}
    return sorted(
        email
        for email, org in conn.execute(query)
        if Audience(Actor(email, org, frozenset()), groups.get(email, frozenset())).invited(meeting)
    )


def join_group(conn: Connection, item_id: str, emails: Sequence[str], at: datetime) -> list[str]:
    """Add people to a measure's working group; returns those who were not in it already."""
    present = set(group(conn, item_id))
    new = [e for e in emails if e not in present]
    if not new:
        return []
    query = select(PERSON.c.email, PERSON.c.id).where(PERSON.c.email.in_(new))
    ids: dict[str, int] = {email: person_id for email, person_id in conn.execute(query)}
    conn.execute(
        insert(GROUP), [{"item_id": item_id, "person_id": ids[e], "added_at": at} for e in new]
    )
    return new


def all_groups(conn: Connection, email: str | None = None) -> dict[str, frozenset[str]]:
    """Each person in a working group (or only `email`), with the measures of their groups."""
    query = select(PERSON.c.email, GROUP.c.item_id).join(PERSON, GROUP.c.person_id == PERSON.c.id)
    if email is not None:
        query = query.where(PERSON.c.email == email)
    found: dict[str, set[str]] = defaultdict(set)
    for member, item_id in conn.execute(query):
        found[member].add(item_id)
    return {member: frozenset(items) for member, items in found.items()}


def group(conn: Connection, item_id: str) -> list[str]:
    query = (
        select(PERSON.c.email)
        .join(GROUP, GROUP.c.person_id == PERSON.c.id)
        .where(GROUP.c.item_id == item_id)
    )
    return sorted(email for (email,) in conn.execute(query))
