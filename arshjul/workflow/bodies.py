"""Several cooperation bodies in one Årshjul: adding one, who takes part in it and how, and a
person's roles in it. A body's own cycle configuration is kept as the first body's is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from arshjul.clock import Clock
from arshjul.config import config_from_text
from arshjul.errors import BadInput, NotAllowed, NotFound
from arshjul.states import Role
from arshjul.states.model import BODY_SHORT, MEMBERSHIPS, Body, Person
from arshjul.store import bodies, cycle_config, groups
from arshjul.store.repository import person_id
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.services import actor_of

_SHORT = re.compile(f"^{BODY_SHORT}$")


@dataclass(frozen=True)
class BodyView:
    body: Body
    members: int
    config: str  # the name of the configuration in force
    digest: str | None


def _coordinator(uow: UnitOfWork, actor_email: str | None, refusal: str) -> str:
    actor = actor_of(uow, actor_email)
    if not actor.has(Role.coordinator):
        raise NotAllowed(refusal, email=actor.email, body=uow.repo.body.short)
    return actor.email


def add_body(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    short: str,
    name: str,
    text: str,
    where: str,
) -> Body:
    """A new body, by a coordinator of the body `uow` works in, who becomes its first
    coordinator (their organisation its first member); it keeps the configuration `text`,
    and has the standing working groups it names (`[body] standing_groups`)."""
    short = short.strip()
    if not _SHORT.match(short):
        raise BadInput("bad_body_short", short=short)
    name = validate.required_text("name", name, validate.NAME_LIMIT)
    config = config_from_text(text, where)  # a broken file is named before anything is written
    if config.body.short and config.body.short != short:
        raise BadInput("body_config_other", short=short, named=config.body.short, where=where)
    with uow:
        by = _coordinator(uow, actor_email, "needs_coordinator_body")
        if bodies.by_short(uow.connection, short) is not None:
            raise BadInput("body_exists", short=short)
        now = clock.now()
        body = bodies.add(uow.connection, short, name, now)
        cycle_config.record(
            uow.connection,
            name=config.name,
            toml=text,
            digest=config.digest,
            reason=cycle_config.INIT,
            set_by=by,
            set_at=now,
            body_id=body.id,
        )
        founder = uow.repo.person(by)
        assert founder is not None
        inside = uow.repo.within(body.id)
        inside.join(founder.org, "member", now)
        inside.set_roles(person_id(uow.connection, by), [Role.coordinator])
        groups.ensure(uow.connection, body.id, config.body.standing_groups, by, now)
        uow.commit()
    return body


def every(uow: UnitOfWork) -> list[BodyView]:
    with uow:
        conn = uow.connection
        found = []
        for body in bodies.every(conn):
            stored = cycle_config.current(conn, body.id)
            found.append(
                BodyView(
                    body,
                    len(bodies.members(conn, body.id)),
                    stored.name if stored else body.name,
                    stored.digest if stored else None,
                )
            )
        return found


def members(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    *,
    add: str | None = None,
    kind: str | None = None,
    remove: str | None = None,
) -> list[tuple[str, str]]:
    """Who takes part in the body `uow` works in; a coordinator of it adds an organisation
    (as member, designated or adjunct) or removes one (its people's roles in the body go
    with it)."""
    if add is not None and kind is None:
        kind = "member"
    if kind is not None:
        kind = validate.choice("kind", kind, MEMBERSHIPS)
    with uow:
        if add is None and remove is None:
            return bodies.members(uow.connection, uow.body_id)
        _coordinator(uow, actor_email, "needs_coordinator_body")
        now = clock.now()
        for name in (add, remove):
            if name is not None and uow.repo.org(name) is None:
                raise NotFound("no_org", name=name)
        if add is not None:
            assert kind is not None
            uow.repo.join(add, kind, now, replace=True)
        if remove is not None:
            uow.repo.leave(remove)
        found = bodies.members(uow.connection, uow.body_id)
        uow.commit()
        return found


def set_roles(uow: UnitOfWork, actor_email: str | None, email: str, roles: Sequence[str]) -> Person:
    """A person's roles in the body `uow` works in (a coordinator of it sets them); their
    organisation must take part in it."""
    wanted = frozenset(Role(validate.choice("role", r, tuple(Role))) for r in roles)
    target = validate.email(email)
    with uow:
        _coordinator(uow, actor_email, "needs_coordinator_to_register")
        person = uow.repo.person(target)
        if person is None:
            raise NotFound("no_person", email=email)
        if not person.member:
            raise BadInput("org_not_in_body", org=person.org, body=uow.repo.body.short)
        uow.repo.set_roles(person_id(uow.connection, target), wanted)
        changed = uow.repo.person(target)
        assert changed is not None
        uow.commit()
        return changed
