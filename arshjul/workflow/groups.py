"""Standing working groups and networks: a body's own (FSPOS's three, SOES's four; FTPOS keeps
none, its working groups are its measures'), who is in them, and moving one to another body
with its members and history (the communications chiefs' network, FSPOS → FTPOS).

Need-to-know: a body's groups and who is in them are for the people who take part in it; its
coordinators change them. A move is for a coordinator of both bodies, and everyone in the group
must take part in the body it moves to (or, with `add_orgs`, their organisations join it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from arshjul.clock import Clock
from arshjul.errors import BadInput, NotAllowed, NotFound, Refused
from arshjul.states import Role
from arshjul.states.model import Actor, Body
from arshjul.store import bodies, groups
from arshjul.store.groups import GROUP_KIND, Group
from arshjul.store.repository import person_id
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import SYSTEM, calendar_of
from arshjul.workflow.services import actor_of

GROUP_NAME_LIMIT = 100


@dataclass(frozen=True)
class Change:
    """One line of a group's history: who did what when; a member's email for a join or a
    leave, the bodies for a move (or the body it was added in)."""

    at: datetime
    event: str
    by: str
    email: str | None = None
    body: str | None = None  # where it was added, or where it moved to
    from_body: str | None = None  # where it moved from


def ensure_standing_groups(
    uow: UnitOfWork, calendar: CycleCalendar, at: datetime, by: str = SYSTEM
) -> list[str]:
    """The standing working groups a body's configuration names (`[body] standing_groups`),
    made in the caller's transaction where the body has none of the name; returns those made.
    FTPOS names none and gets none."""
    names = calendar.config.body.standing_groups
    return groups.ensure(uow.connection, calendar.body.id, names, by, at) if names else []


def _coordinator(uow: UnitOfWork, actor_email: str | None) -> Actor:
    actor = actor_of(uow, actor_email)
    if not actor.has(Role.coordinator):
        raise NotAllowed("needs_coordinator_group", email=actor.email, body=uow.repo.body.short)
    return actor


def _group(uow: UnitOfWork, name: str) -> Group:
    """The body's group `name`, to change: held until the change is committed."""
    groups.lock(uow.connection, uow.body_id, name.strip())
    found = groups.by_name(uow.connection, uow.body_id, name.strip())
    if found is None:
        raise _no_group(uow, name)
    return found


def members_of(uow: UnitOfWork, name: str) -> list[str]:
    """The members of the body's group `name` (to invite them); refused if it has none such."""
    if groups.by_name(uow.connection, uow.body_id, name.strip()) is None:
        raise _no_group(uow, name)
    return groups.member_emails(uow.connection, uow.body_id, name.strip())


def _no_group(uow: UnitOfWork, name: str) -> NotFound:
    """The refusal for a group the body does not have, naming those it has."""
    known = ", ".join(g.name for g in groups.groups_of(uow.connection, uow.body_id))
    return NotFound("no_group", name=name, body=uow.repo.body.short, known=known or "–")


def _keeps_groups(uow: UnitOfWork, body: Body) -> bool:
    """Whether a body keeps standing working groups: its configuration names some (FTPOS's
    names none: a working group there is a measure's, framework §4.2.2)."""
    return bool(calendar_of(uow.connection, body).config.body.standing_groups)


def list_groups(uow: UnitOfWork, actor_email: str | None) -> tuple[Body, list[Group]]:
    """The body and its groups with who is in them, for those who take part in it."""
    with uow:
        actor_of(uow, actor_email)
        return uow.repo.body, groups.groups_of(uow.connection, uow.body_id)


def add_group(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, name: str, *, network: bool = False
) -> Group:
    """A new standing working group or network of the body, by a coordinator of it."""
    name = validate.required_text("name", name, GROUP_NAME_LIMIT)
    with uow:
        actor = _coordinator(uow, actor_email)
        body = uow.repo.body
        if groups.by_name(uow.connection, body.id, name) is not None:
            raise BadInput("group_exists", name=name, body=body.short)
        if not network and not _keeps_groups(uow, body):
            raise Refused("body_keeps_no_groups", body=body.short)
        groups.add(
            uow.connection,
            body.id,
            name,
            "network" if network else "group",
            actor.email,
            clock.now(),
        )
        added = _group(uow, name)
        uow.commit()
        return added


def join(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, name: str, emails: Sequence[str]
) -> list[str]:
    """People join a group (a coordinator adds them); each one's organisation must take part in
    the body. Returns those who were not in it already."""
    wanted = list(dict.fromkeys(validate.email(e) for e in emails))
    with uow:
        actor = _coordinator(uow, actor_email)
        group = _group(uow, name)
        now = clock.now()
        joined = []
        for email in wanted:
            if groups.add_member(
                uow.connection, group.id, _taking_part(uow, email), actor.email, now
            ):
                joined.append(email)
        uow.commit()
        return joined


def _taking_part(uow: UnitOfWork, email: str) -> int:
    person = uow.repo.person(email)
    if person is None:
        raise NotFound("no_person", email=email)
    if not person.active:
        raise BadInput("person_deactivated", email=email)
    if not person.member:
        raise BadInput("org_not_in_body", org=person.org, body=uow.repo.body.short)
    return person_id(uow.connection, email)


def leave(uow: UnitOfWork, clock: Clock, actor_email: str | None, name: str, email: str) -> None:
    """Someone leaves a group (a coordinator takes them out)."""
    email = validate.email(email)
    with uow:
        actor = _coordinator(uow, actor_email)
        group = _group(uow, name)
        if uow.repo.person(email) is None:
            raise NotFound("no_person", email=email)
        who = person_id(uow.connection, email)
        if not groups.remove_member(uow.connection, group.id, who, actor.email, clock.now()):
            raise BadInput("not_in_group", email=email, name=group.name)
        uow.commit()


def move(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    name: str,
    to_short: str,
    *,
    on: str | None = None,
    add_orgs: bool = False,
) -> tuple[Body, Group]:
    """A group moves from the body `uow` works in to the body `to_short`, as of the start of
    `on` (a day, today or before; default now), with its members and its history. For a
    coordinator of both; returns the body it left and the group. Members whose organisation does not take part in the target are named
    in the refusal, unless `add_orgs`: then their organisations join it as members."""
    day = validate.day(on) if on is not None else None
    with uow:
        actor = _coordinator(uow, actor_email)
        group = _group(uow, name)
        source = uow.repo.body
        target = bodies.by_short(uow.connection, to_short.strip())
        if target is None:
            known = ", ".join(b.short for b in bodies.every(uow.connection))
            raise NotFound("no_body", short=to_short, known=known)
        if target.id == source.id:
            raise BadInput("group_move_same", name=group.name, body=source.short)
        there = uow.repo.within(target.id)
        coordinator = there.person(actor.email)
        if (
            coordinator is None
            or not coordinator.member
            or Role.coordinator not in coordinator.roles
        ):
            raise NotAllowed("needs_coordinator_both", email=actor.email, body=target.short)
        if groups.by_name(uow.connection, target.id, group.name) is not None:
            raise BadInput("group_exists", name=group.name, body=target.short)
        if group.kind == "group" and not _keeps_groups(uow, target):
            raise Refused("body_keeps_no_groups", body=target.short)
        now = clock.now()
        at = calendar_of(uow.connection, target).start_of(day) if day is not None else now
        if at > now:
            raise BadInput("group_move_ahead", day=on)
        members = groups.member_orgs(uow.connection, group.id)
        outside = sorted({org for org in members.values() if not there.takes_part(org)})
        if outside and not add_orgs:
            raise Refused(
                "group_move_outsiders",
                name=group.name,
                body=target.short,
                people=", ".join(e for e, org in members.items() if org in outside),
                orgs=", ".join(outside),
            )
        for org in outside:
            there.join(org, "member", now)
        groups.move(uow.connection, group.id, target.id, at, actor.email, recorded_at=now)
        moved = groups.by_name(uow.connection, target.id, group.name)
        assert moved is not None
        uow.commit()
        return source, moved


def show(uow: UnitOfWork, actor_email: str | None, name: str) -> tuple[Group, list[Change]]:
    """A group, who is in it, and its history from when it was added, through every body it
    moved through (for those who take part in the body it is in now). In a body it moved away
    from, its history until it left (who is in it now is the other body's to see)."""
    with uow:
        actor_of(uow, actor_email)
        conn = uow.connection
        group = groups.by_name(conn, uow.body_id, name.strip())
        if group is not None:
            return group, _changes(conn, groups.history_of(conn, group.id))
        for elsewhere in groups.named_elsewhere(conn, uow.body_id, name.strip()):
            records = _until_it_left(groups.history_of(conn, elsewhere.id), uow.body_id)
            if records:
                return elsewhere, _changes(conn, records)
        raise _no_group(uow, name)


def _until_it_left(records: list[groups.Record], body_id: int) -> list[groups.Record]:
    """A group's records up to its last move away from `body_id`; none if it was never there."""
    end: int | None = None
    was_there = False
    for n, r in enumerate(records):
        if r.kind != GROUP_KIND:
            continue
        there = r.data.get("body_id") == body_id
        if was_there and not there:
            end = n
        was_there = there
    return [] if end is None else records[: end + 1]


def _changes(conn: Connection, records: list[groups.Record]) -> list[Change]:
    """A group's records as its history says them: whose membership, which bodies."""
    shorts = {b.id: b.short for b in bodies.every(conn)}
    emails = groups.emails_of(conn, [r.data["person_id"] for r in records if "person_id" in r.data])
    changes = []
    was: str | None = None
    for r in records:
        if r.kind == GROUP_KIND:
            now_in = shorts.get(r.data.get("body_id", 0))
            moved = now_in != was and was is not None
            changes.append(
                Change(r.at, r.event, r.actor, body=now_in, from_body=was if moved else None)
            )
            was = now_in
        else:
            changes.append(Change(r.at, r.event, r.actor, email=emails.get(r.data["person_id"])))
    return changes
