"""People and organisations change: roles given and taken, a person deactivated and back, a
leaver's measures and working-group places handed over, an organisation's total-defence mark.

Each use case is one transaction by a coordinator of the body `uow` works in, and is chained
in the history: a person's or an organisation's change as a row about that subject (kind
`person` or `organisation`, with what the change left and the reason as its note), a measure's
new owner as a row on the item (`handover`, from its state to itself, with the owner set, so
`audit verify` binds the new owner as it binds a decision's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from arshjul.clock import Clock
from arshjul.errors import BadInput, NotAllowed, NotFound, Refused
from arshjul.states import Role
from arshjul.states.events import MeasuresHandedOver, PersonChanged
from arshjul.states.lifecycle import OPEN_MEASURE
from arshjul.states.model import Actor, Body, Organisation, Person, id_prefix
from arshjul.states.rules import check_owner, may_own
from arshjul.store import bodies, groups, history, meetings, outbox
from arshjul.store import people as store
from arshjul.store.repository import Repository, person_id
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.handlers import publish
from arshjul.workflow.services import actor_of, history_row

#: The subject kinds of the history rows about people and organisations.
PERSON_KIND, ORG_KIND = "person", "organisation"
#: The event of an item's row when its owner changes outside a move.
HANDOVER = "handover"
#: Why a deactivated person's unsent messages were never sent (the outbox keeps it).
WITHHELD = "recipient deactivated"
ROLES = tuple(Role)


@dataclass(frozen=True)
class Measure:
    """An open measure as a handover list shows it to a coordinator."""

    id: str
    body: str
    state: str
    title: str
    due: str | None


@dataclass(frozen=True)
class Places:
    """What a person holds that someone must take over: open measures they own, places in
    open measures' working groups, places in standing groups ("BODY: name")."""

    measures: list[Measure] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "measures": [vars(m) for m in self.measures],
            "working_groups": list(self.groups),
            "standing_groups": list(self.standing),
        }


@dataclass(frozen=True)
class Changed:
    """A person after a change of their standing, and what they leave behind."""

    person: Person
    places: Places = field(default_factory=Places)


@dataclass(frozen=True)
class HandedOver:
    giver: str
    taker: str
    measures: list[str]
    groups: list[str]
    standing: list[str]
    #: The measures whose open request for a new due date closed with the handover.
    requests_closed: list[str] = field(default_factory=list)


def _coordinator(uow: UnitOfWork, actor_email: str | None) -> Actor:
    actor = actor_of(uow, actor_email)
    if not actor.has(Role.coordinator):
        raise NotAllowed("needs_coordinator_people", email=actor.email, body=uow.repo.body.short)
    return actor


def _person(repo: Repository, email: str) -> Person:
    found = repo.person(email)
    if found is None:
        raise NotFound("no_person", email=email)
    return found


def _reason(reason: str | None, *, required: bool) -> str | None:
    return validate.text("reason", reason, validate.NOTE_LIMIT, required=required)


def _record(
    uow: UnitOfWork, kind: str, row_id: int, event: str, actor: str, at: datetime,
    data: dict[str, Any], note: str | None,
) -> None:  # fmt: skip
    uow.repo.append_history([history.subject_row(kind, row_id, event, actor, at, data, note)])


def _last_coordinator(repo: Repository, email: str) -> bool:
    """Whether `email` is the only active coordinator of the repository's body."""
    others = [
        p for p in repo.people() if Role.coordinator in p.roles and p.active and p.email != email
    ]
    return not others


# roles ---------------------------------------------------------------------------------


def change_roles(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    email: str,
    *,
    roles: Sequence[str] | None = None,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    reason: str | None = None,
) -> Person:
    """A person's roles in the body `uow` works in, by a coordinator of it: from now on
    `roles`, or theirs with `add` and without `remove`. Their organisation must take part in
    the body; the body's last active coordinator keeps that role. Chained as the person's
    `roles` row, naming what was given and taken."""
    wanted = None if roles is None else {_role(r) for r in roles}
    adding, removing = {_role(r) for r in add}, {_role(r) for r in remove}
    if wanted is not None and (adding or removing):
        raise BadInput("roles_or_add_remove")
    if adding & removing:
        raise BadInput("role_added_and_removed", role=sorted(adding & removing)[0])
    note = _reason(reason, required=False)
    target = validate.email(email)
    with uow:
        store.lock_bodies(uow.connection, uow.body_id)
        actor = _coordinator(uow, actor_email)
        person = _person(uow.repo, target)
        if not person.member:
            raise BadInput("org_not_in_body", org=person.org, body=uow.repo.body.short)
        before = set(person.roles)
        after = wanted if wanted is not None else (before | adding) - removing
        if after == before:
            raise Refused(
                "roles_unchanged", email=person.email, roles=", ".join(sorted(before)) or "-"
            )
        _check_still_owns(uow.repo, person, after)
        if (
            Role.coordinator in before
            and Role.coordinator not in after
            and person.active
            and _last_coordinator(uow.repo, person.email)
        ):
            raise Refused("last_coordinator", email=person.email, body=uow.repo.body.short)
        row_id = person_id(uow.connection, target)
        uow.repo.set_roles(row_id, sorted(after))
        data = {
            "email": person.email,
            "body": uow.repo.body.short,
            "roles": sorted(after),
            "added": sorted(after - before),
            "removed": sorted(before - after),
        }
        now = clock.now()
        _record(uow, PERSON_KIND, row_id, "roles", actor.email, now, data, note)
        changed = _person(uow.repo, target)
        told = PersonChanged(
            now, target, "roles", actor.email, note, tuple(data["roles"]),
            tuple(data["added"]), tuple(data["removed"]),
        )  # fmt: skip
        publish(uow, [told])
        uow.commit()
        return changed


def _check_still_owns(repo: Repository, person: Person, after: set[Role]) -> None:
    """Roles that leave someone unable to own (rules.may_own) are refused while they own open
    measures in the body: those are handed over first, or they would have an owner who may
    not own them."""
    if may_own(replace(person, roles=frozenset(after)).as_actor()):
        return
    owned = [
        i.id
        for i in repo.list_items(None, None, None, owner=person.email)
        if i.state in OPEN_MEASURE
    ]
    if owned:
        shown = ", ".join(owned[:10]) + (f" … (+{len(owned) - 10})" if len(owned) > 10 else "")
        raise Refused("roles_owner_has_measures", email=person.email, ids=shown)


def _role(text: str) -> Role:
    return Role(validate.choice("role", text, ROLES))


# deactivating ----------------------------------------------------------------------------


def deactivate(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, email: str, reason: str | None
) -> Changed:
    """A person leaves: from now on they sign in to nothing, act in no command and are mailed
    nothing (their messages not sent yet are withheld). By a coordinator of every body they
    hold a role in; never the last active coordinator of a body. Returns what they leave
    behind (open measures, working-group places) for a handover."""
    note = _reason(reason, required=True)
    target = validate.email(email)
    with uow:
        store.lock_bodies(uow.connection)
        actor = _coordinator(uow, actor_email)
        person, row_id = _changeable(uow, actor, target)
        if not person.active:
            raise Refused("person_already_deactivated", email=person.email)
        for body in bodies.every(uow.connection):
            inside = uow.repo.within(body.id)
            there = inside.person(target)
            coordinates = there is not None and there.member and Role.coordinator in there.roles
            if coordinates and _last_coordinator(inside, target):
                raise Refused("last_coordinator_deactivate", email=target, body=body.short)
        places = _places(uow, actor, target)
        now = clock.now()
        store.set_deactivated(uow.connection, target, now)
        outbox.withhold(uow.connection, target, WITHHELD, now)
        data = {"email": target, "deactivated": True}
        _record(uow, PERSON_KIND, row_id, "deactivate", actor.email, now, data, note)
        uow.repo.forget_people()
        changed = _person(uow.repo, target)
        here = _of_body(uow.repo.body, {m.id for m in places.measures})  # the mail lists these
        left = PersonChanged(
            now, target, "deactivated", actor.email, note, measures=tuple(here),
            groups=(*places.groups, *places.standing),
        )  # fmt: skip
        publish(uow, [left])
        uow.commit()
        return Changed(changed, places)


def activate(
    uow: UnitOfWork, clock: Clock, actor_email: str | None, email: str, reason: str | None
) -> Changed:
    """A deactivated person is back: they sign in, act and are mailed again (what was withheld
    meanwhile stays unsent). By a coordinator of every body they hold a role in."""
    note = _reason(reason, required=True)
    target = validate.email(email)
    with uow:
        actor = _coordinator(uow, actor_email)
        person, row_id = _changeable(uow, actor, target)
        if person.active:
            raise Refused("person_already_active", email=person.email)
        now = clock.now()
        store.set_deactivated(uow.connection, target, None)
        data = {"email": target, "deactivated": False}
        _record(uow, PERSON_KIND, row_id, "activate", actor.email, now, data, note)
        uow.repo.forget_people()
        changed = _person(uow.repo, target)
        publish(uow, [PersonChanged(now, target, "activated", actor.email, note)])
        uow.commit()
        return Changed(changed)


def _changeable(uow: UnitOfWork, actor: Actor, target: str) -> tuple[Person, int]:
    """The person a coordinator changes the standing of: one who takes part in the body (or
    holds a role in it), all of whose roles in any body are the coordinator's to change."""
    person = _person(uow.repo, target)
    row_id = person_id(uow.connection, target)
    held = store.role_bodies(uow.connection, row_id)
    if not person.member and uow.body_id not in held:
        raise BadInput("org_not_in_body", org=person.org, body=uow.repo.body.short)
    theirs = set(_coordinated(uow, actor.email))
    others = sorted(held - theirs)
    if others:
        names = ", ".join(b.short for b in bodies.every(uow.connection) if b.id in others)
        raise NotAllowed("person_other_bodies", email=actor.email, person=target, bodies=names)
    return person, row_id


def _coordinated(uow: UnitOfWork, email: str) -> list[int]:
    found = []
    for body in bodies.every(uow.connection):
        there = uow.repo.within(body.id).person(email)
        if there and there.member and there.active and Role.coordinator in there.roles:
            found.append(body.id)
    return found


def _places(uow: UnitOfWork, actor: Actor, email: str) -> Places:
    """What `email` holds in the bodies the actor coordinates: their open measures, their
    places in open measures' working groups, their standing groups."""
    measures: list[Measure] = []
    in_groups: list[str] = []
    standing: list[str] = []
    sits_in = meetings.all_groups(uow.connection, email).get(email, frozenset())
    for body_id in _coordinated(uow, actor.email):
        repo = uow.repo.within(body_id)
        short = repo.body.short
        for item in repo.list_items(None, None, None, owner=email):
            if item.state in OPEN_MEASURE:
                due = item.due.isoformat() if item.due else None
                measures.append(Measure(item.id, short, item.state.value, item.title, due))
        mine = _of_body(repo.body, sits_in)
        in_groups.extend(item.id for item in repo.items(mine) if item.state in OPEN_MEASURE)
        standing.extend(
            f"{short}: {g.name}" for g in groups.groups_of(uow.connection, body_id)
            if email in g.members
        )  # fmt: skip
    return Places(measures, sorted(in_groups), standing)


def _of_body(body: Body, ids: frozenset[str] | set[str]) -> list[str]:
    prefix = None if body.first else body.short
    return sorted(i for i in ids if id_prefix(i) == prefix)


# handing over ------------------------------------------------------------------------------


def handover(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    giver: str,
    taker: str,
    ids: Sequence[str] = (),
    reason: str | None = None,
) -> HandedOver:
    """A coordinator hands `giver`'s open measures in the body (all, or those of `ids`) to
    `taker`, and their places in those measures' working groups (and, handing over all, in
    the body's standing groups). The taker must take part in the body, may own measures and
    sees each restricted one. All or none; both are told (the giver if still active)."""
    note = _reason(reason, required=False)
    giver, taker = validate.email(giver), validate.email(taker)
    wanted = validate.item_ids(list(ids)) if ids else []
    if giver == taker:
        raise BadInput("handover_same", email=giver)
    with uow:
        store.lock_bodies(uow.connection, uow.body_id)  # the taker stays active until it is done
        actor = _coordinator(uow, actor_email)
        repo = uow.repo
        _person(repo, giver)
        receiver = _person(repo, taker)
        if not receiver.active:
            raise BadInput("person_deactivated", email=taker)
        if not receiver.member:
            raise BadInput("org_not_in_body", org=receiver.org, body=repo.body.short)
        check_owner(receiver.as_actor())
        if wanted:
            measures = repo.items(wanted)
            for item in measures:
                if item.owner != giver:
                    raise BadInput("handover_not_theirs", id=item.id, email=giver)
                if item.state not in OPEN_MEASURE:
                    raise Refused("handover_not_open", id=item.id, state=item.state.value)
        else:
            measures = [
                i for i in repo.list_items(None, None, None, owner=giver) if i.state in OPEN_MEASURE
            ]
        sits_in = meetings.all_groups(uow.connection, giver).get(giver, frozenset())
        if wanted:
            sits_in = sits_in & set(wanted)
        places = [i for i in repo.items(_of_body(repo.body, sits_in)) if i.state in OPEN_MEASURE]
        standing = [] if wanted else [g for g in groups.groups_of(uow.connection, uow.body_id)
                                      if giver in g.members]  # fmt: skip
        if not (measures or places or standing):
            raise Refused("handover_nothing", email=giver, body=repo.body.short)
        taker_actor = receiver.as_actor()
        for item in (*measures, *places):
            if not item.visible_to(taker_actor):
                raise NotAllowed("handover_not_visible", id=item.id, email=taker)
        now = clock.now()
        giver_id, taker_id = person_id(uow.connection, giver), person_id(uow.connection, taker)
        text = f"{giver} → {taker}" + (f": {note}" if note else "")
        for item in measures:
            item.owner = taker
        repo.save(sorted(measures, key=lambda i: i.id), now)
        rows = [
            history_row(item.id, HANDOVER, item.state, item.state, actor.email, now, text,
                        owner=taker)
            for item in sorted(measures, key=lambda i: i.id)
        ]  # fmt: skip
        # The giver's open requests for a new date close with it (each row names its own):
        # the taker, now answerable for the date, asks anew if they want another.
        from arshjul.workflow import replan

        closed = replan.close_requests(uow, [i.id for i in measures], actor.email, now, text, rows)
        repo.append_history(rows)
        for item in places:
            store.pass_place(uow.connection, item.id, giver_id, taker_id, now)
        for group in standing:
            groups.lock(uow.connection, uow.body_id, group.name)
            groups.remove_member(uow.connection, group.id, giver_id, actor.email, now)
            groups.add_member(uow.connection, group.id, taker_id, actor.email, now)
        done = HandedOver(
            giver,
            taker,
            sorted(i.id for i in measures),
            sorted(i.id for i in places),
            [g.name for g in standing],
            sorted(closed),
        )
        data = {
            "email": giver,
            "to": taker,
            "body": repo.body.short,
            "measures": done.measures,
            "working_groups": done.groups,
            "standing_groups": done.standing,
        }
        _record(uow, PERSON_KIND, giver_id, HANDOVER, actor.email, now, data, note)
        publish(
            uow,
            [
                MeasuresHandedOver(
                    now, giver, taker, tuple(done.measures), tuple(done.groups),
                    tuple(done.standing), actor.email, note,
                    tuple((i, r.due.isoformat()) for i, r in sorted(closed.items())),
                )
            ],
        )  # fmt: skip
        uow.commit()
        return done


# organisations -----------------------------------------------------------------------------


def set_org(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    name: str,
    *,
    total_defence: bool | None = None,
    reason: str | None = None,
) -> Organisation:
    """An organisation's total-defence mark (totalförsvarsviktig), changed by a coordinator
    of a body it takes part in; chained as the organisation's `org_set` row."""
    note = _reason(reason, required=False)
    with uow:
        actor = _coordinator(uow, actor_email)
        org = uow.repo.org(name.strip())
        if org is None:
            raise NotFound("no_org", name=name)
        if not uow.repo.takes_part(org.name):
            raise BadInput("org_not_in_body", org=org.name, body=uow.repo.body.short)
        if total_defence is None:
            raise BadInput("nothing_changed")
        if total_defence == org.total_defence:
            raise Refused("org_unchanged", name=org.name)
        org_id = store.set_total_defence(uow.connection, org.name, total_defence)
        data = {"name": org.name, "kind": org.kind, "total_defence": total_defence}
        _record(uow, ORG_KIND, org_id, "org_set", actor.email, clock.now(), data, note)
        changed = uow.repo.org(org.name)
        assert changed is not None
        uow.commit()
        return changed
