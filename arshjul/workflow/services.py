"""The service layer: one function per use case, each one transaction.

Every function takes a unit of work and a clock (and the cycle calendar where dates matter),
checks who acts, changes the domain through `arshjul.states`, records the history, publishes
the domain events and commits. Nothing here decides what a move may do: `states` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from arshjul.clock import Clock
from arshjul.errors import ArshjulError, BadInput, Conflict, NotAllowed, NotFound
from arshjul.i18n import t
from arshjul.states import Event, Item, Role, State, check_actor, check_window, fire
from arshjul.states.events import DomainEvent, ItemSubmitted
from arshjul.states.lifecycle import CORRECTIONS, TRANSITIONS, check_state, sources
from arshjul.states.model import ORG_KINDS, SYSTEM, Actor, Organisation, Person
from arshjul.states.rules import check_data, check_force, in_window, may
from arshjul.store import due as due_events
from arshjul.store import history
from arshjul.store.audit import AuditResult, verify
from arshjul.store.repository import Repository
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.calendar import CycleCalendar, DueMove
from arshjul.workflow.handlers import publish
from arshjul.workflow.proposals import Placement, Proposal, clean_proposal, fail
from arshjul.workflow.schedule import MEASURE_KINDS
from arshjul.workflow.views import item_json


def actor_of(uow: UnitOfWork, email: str | None) -> Actor:
    """The registered person acting, or our error naming why not."""
    if not email:
        raise NotAllowed("needs_actor")
    person = uow.repo.person(email)
    if person is None:
        raise NotFound("no_person", email=email)
    if not person.active:
        raise NotAllowed("person_deactivated", email=person.email)
    if not person.member:
        from arshjul.store.bodies import bodies_of

        elsewhere = ", ".join(b.short for b in bodies_of(uow.connection, person.org)) or "–"
        raise NotAllowed(
            "not_in_body",
            email=email,
            org=person.org,
            body=uow.repo.body.short,
            elsewhere=elsewhere,
        )
    return person.as_actor()


def viewer(uow: UnitOfWork, email: str | None) -> Actor | None:
    """Who reads: a registered person, or nobody in particular (sees no restricted content)."""
    return actor_of(uow, email) if email else None


# organisations and people -------------------------------------------------------------


def _may_register(uow: UnitOfWork, actor_email: str | None) -> bool:
    """True while nobody is registered (bootstrap); else the actor must be a coordinator."""
    if not uow.repo.has_people():
        return True
    actor = actor_of(uow, actor_email)
    if not actor.has(Role.coordinator):
        raise NotAllowed("needs_coordinator_to_register", email=actor.email)
    return False


def add_org(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    name: str,
    kind: str,
    *,
    total_defence: bool = False,
    lead: bool = False,
) -> Organisation:
    org = Organisation(
        name=validate.required_text("name", name, validate.NAME_LIMIT),
        kind=validate.choice("kind", kind, ORG_KINDS),
        total_defence=total_defence,
        lead=lead,
    )
    with uow:
        _may_register(uow, actor_email)
        if uow.repo.org(org.name) is not None:
            raise BadInput("org_exists", name=org.name)
        uow.repo.add_org(org, clock.now())
        uow.commit()
    return org


def add_person(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    email: str,
    name: str,
    org: str,
    roles: Sequence[str],
    lang: str | None = None,
    *,
    digest: bool = False,
    manager: str | None = None,
) -> Person:
    if not roles:
        raise BadInput("empty", field="role")
    person = Person(
        email=validate.email(email),
        name=validate.required_text("name", name, validate.NAME_LIMIT),
        org=org.strip(),
        roles=frozenset(Role(validate.choice("role", r, tuple(Role))) for r in roles),
        lang=validate.choice("lang", lang, ("sv", "en")) if lang else None,
        digest=digest,
        manager=validate.email(manager) if manager else None,
    )
    with uow:
        bootstrap = _may_register(uow, actor_email)
        if bootstrap and Role.coordinator not in person.roles:
            raise BadInput("first_person_coordinator")
        if uow.repo.org(person.org) is None:
            raise NotFound("no_org", name=person.org)
        if not uow.repo.takes_part(person.org):
            raise BadInput("org_not_in_body", org=person.org, body=uow.repo.body.short)
        if uow.repo.person(person.email) is not None:
            raise BadInput("person_exists", email=person.email)
        if person.manager and uow.repo.person(person.manager) is None:
            raise NotFound("no_person", email=person.manager)
        uow.repo.add_person(person, clock.now())
        uow.commit()
    return person


def set_preferences(
    uow: UnitOfWork,
    actor_email: str | None,
    email: str,
    *,
    digest: bool | None = None,
    lang: str | None = None,
    manager: str | None = None,
) -> Person:
    """A person's mail (weekly digest or single messages, language) and manager, changed by
    the person themselves or a coordinator."""
    values: dict[str, object] = {}
    if digest is not None:
        values["digest"] = digest
    if lang is not None:
        values["lang"] = validate.choice("lang", lang, ("sv", "en"))
    boss = validate.email(manager) if manager is not None else None
    if boss is not None:
        values["manager"] = boss
    if not values:
        raise BadInput("nothing_changed")
    with uow:
        actor = actor_of(uow, actor_email)
        target = validate.email(email)
        if actor.email != target and not actor.has(Role.coordinator):
            raise NotAllowed("needs_coordinator_to_register", email=actor.email)
        if uow.repo.person(target) is None:
            raise NotFound("no_person", email=email)
        if boss is not None and (boss == target or uow.repo.person(boss) is None):
            raise NotFound("no_person", email=boss)
        if values:
            uow.repo.set_preferences(target, **values)
        person = uow.repo.person(target)
        uow.commit()
    assert person is not None
    return person


def orgs(uow: UnitOfWork) -> list[Organisation]:
    with uow:
        return uow.repo.orgs()


def people(uow: UnitOfWork) -> list[Person]:
    with uow:
        return uow.repo.people()


# proposals ----------------------------------------------------------------------------


def propose(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    title: str,
    *,
    description: str | None = None,
    kind: str = "other",
    restricted_to: Sequence[str] = (),
) -> tuple[str, Placement]:
    """A proposer submits a measure for their organisation; it goes to the next open dialogue."""
    with uow:
        actor = actor_of(uow, actor_email)
        if not actor.has(Role.proposer):
            raise NotAllowed("propose_refused", email=actor.email)
        assert actor.org is not None
        proposal = clean_proposal(title, actor.org, actor.email, description, kind, restricted_to)
        for name in proposal.restricted_to:
            if uow.repo.org(name) is None:
                raise NotFound("no_org", name=name)
        [item_id], placement = _submit(uow, clock, calendar, [proposal], actor.email)
        uow.commit()
    return item_id, placement


def import_proposals(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    rows: Sequence[tuple[int, Proposal]],
) -> tuple[list[str], Placement]:
    """A coordinator submits proposals on behalf of their proposers: all or none."""
    with uow:
        actor = actor_of(uow, actor_email)
        if not actor.has(Role.coordinator):
            raise NotAllowed("import_refused", email=actor.email)
        _check_references(uow.repo, rows)
        ids, placement = _submit(uow, clock, calendar, [p for _, p in rows], actor.email)
        uow.commit()
    return ids, placement


def _check_references(repo: Repository, rows: Sequence[tuple[int, Proposal]]) -> None:
    """Every organisation and proposer exists, and each proposer belongs to the row's org."""
    orgs = {o.name for o in repo.orgs()}
    members = {p.email: p.org for p in repo.people()}
    problems = []
    for line, proposal in rows:
        missing = [name for name in (proposal.org, *proposal.restricted_to) if name not in orgs]
        if missing:
            problem = t("no_org", name=missing[0])
        elif proposal.proposer not in members:
            problem = t("no_person", email=proposal.proposer)
        elif members[proposal.proposer] != proposal.org:
            problem = t("import_not_member", email=proposal.proposer, org=proposal.org)
        else:
            continue
        problems.append(t("import_row", line=line, problem=problem))
    fail(problems)


def _submit(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    proposals: Sequence[Proposal],
    actor: str,
) -> tuple[list[str], Placement]:
    now = clock.now()
    cycle, dialogue_open, opens = calendar.proposal_cycle(now)
    ids = submit(uow, now, cycle, proposals, actor)
    return ids, Placement(cycle, dialogue_open, opens)


def submit(
    uow: UnitOfWork,
    now: datetime,
    cycle: int,
    proposals: Sequence[Proposal],
    actor: str,
    *,
    scheduled_at: datetime | None = None,
    lang: str | None = None,
) -> list[str]:
    """New proposed items in `cycle`, numbered in order; a carried proposal links back."""
    if not proposals:
        return []
    ids = uow.repo.new_ids(cycle, len(proposals))
    items = [
        Item(
            id=ids[n],
            cycle=cycle,
            title=p.title,
            org=p.org,
            proposer=p.proposer,
            state=State.proposed,
            description=p.description,
            kind=p.kind,
            restricted_to=p.restricted_to,
            carried_from=p.carried_from,
        )
        for n, p in enumerate(proposals)
    ]
    uow.repo.add_items(items, now)
    uow.repo.append_history(
        [
            history_row(
                i.id,
                Event.carry_in if i.carried_from else Event.submit,
                None,
                State.proposed,
                actor,
                now,
                t("carried_note", id=i.carried_from, lang=lang) if i.carried_from else None,
                scheduled_at=scheduled_at,
                restricted_to=i.restricted_to,
            )
            for i in items
        ]
    )
    publish(
        uow,
        [
            ItemSubmitted(
                at=now, item_id=i.id, cycle=cycle, actor=actor, carried_from=i.carried_from
            )
            for i in items
        ],
    )
    return [i.id for i in items]


def history_row(
    item_id: str,
    event: Event | str,
    from_state: State | str | None,
    to_state: State | str,
    actor: str,
    at: datetime,
    note: str | None = None,
    *,
    forced: bool = False,
    scheduled_at: datetime | None = None,
    owner: str | None = None,
    due: date | None = None,
    restricted_to: Sequence[str] = (),
) -> dict[str, Any]:
    """An item's history row; a move that sets the owner or due date records them, and the
    row that makes an item its need-to-know (so the chain binds them, see
    `arshjul.store.audit`)."""

    return {
        "item_id": item_id,
        "event": str(event),
        "from_state": None if from_state is None else str(from_state),
        "to_state": str(to_state),
        "actor": actor,
        "at": at,
        "scheduled_at": scheduled_at,
        "note": note,
        "forced": forced,
        "owner": owner,
        "due": due,
        "data": history.restriction_data(restricted_to),
    }


# moves --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveRequest:
    """What a person asks of one or more items; the event decides which fields matter."""

    event: Event
    ids: tuple[str, ...]
    note: str | None = None
    rank: int | None = None
    owner: str | None = None
    due: date | None = None
    assessment: str | None = None
    force: bool = False
    no_carry: bool = False
    expect_version: int | None = None
    #: A decision may place the measures in a goal of their plan and name their quarters.
    goal: str | None = None
    quarters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Moved:
    id: str
    from_state: str
    to_state: str
    #: A reinstated item's carried copy, withdrawn with it.
    withdrawn_copy: str | None = None
    #: A decision's due date asked for on a non-working day, moved by the working-day rule.
    due_moved: DueMove | None = None


def move(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    request: MoveRequest,
) -> list[Moved]:
    """Move every item in the request, or none of them.

    The command acts on the items as they were when it started: if one changed before this
    command holds the write lock (or since `expect_version`), it is refused, on every backend.
    """
    ids = validate.item_ids(request.ids)
    note = validate.text("note", request.note, validate.NOTE_LIMIT, required=False)
    check_data(
        request.event,
        note=note,
        force=request.force,
        owner=request.owner,
        due=request.due,
        assessment=request.assessment,
        rank=request.rank,
    )
    with uow.glance() as seen:
        expected = seen.repo.versions(ids)
    if request.expect_version is not None:
        expected = dict.fromkeys(ids, request.expect_version)
    with uow:
        actor = actor_of(uow, actor_email)
        if request.force:
            check_force(actor, request.event)
        owner, function = None, None
        if request.event is Event.decide:  # the plan's rules and tables: only a decision needs them
            from arshjul.workflow import placement

            owner, function = placement.owner_of(uow, request.owner)
        back = None
        if request.event in _SCHEDULED:  # first, as a tick takes it: no deadlock with one
            due_events.lock(uow.connection, uow.body_id)
        if request.event is Event.reinstate:  # where each returns to, and its carried copy
            from arshjul.workflow import reinstating

            back = reinstating.prepare(uow, ids)
        lang = calendar.config.language
        now = clock.now()
        now_text = _local(calendar, now)
        items = uow.repo.items(ids)
        moved, rows, events = [], [], list[DomainEvent]()
        for item in items:
            if not item.visible_to(actor):  # a refusal naming its organisation would tell
                raise NotFound("no_item", id=item.id)
            if item.version != expected[item.id]:
                raise Conflict("changed_meanwhile", id=item.id)
            check_actor(actor, request.event, item)
            check_state(item, request.event)
            forced = check_window(
                item,
                request.event,
                now,
                calendar.window(item.cycle, request.event.value),
                force=request.force,
                now_text=now_text,
                late_only=not actor.has(Role.coordinator),  # a decider forces only a late decision
            )
            before, said, to = item.state, note, None
            if back is not None:
                back.check(item.id)
                said, to = back.note(item.id, note, lang), back.to[item.id]
            event = fire(
                item, request.event, actor=actor.email, at=now, note=said, forced=forced, to=to
            )
            due_moved = _apply(item, request, owner, now, calendar)
            copy = back.copies.get(item.id) if back is not None else None
            copy_id = copy.id if copy is not None else None
            moved.append(Moved(item.id, before.value, item.state.value, copy_id, due_moved))
            rows.append(
                history_row(
                    item.id,
                    request.event,
                    before,
                    item.state,
                    actor.email,
                    now,
                    said,
                    forced=forced,
                    owner=item.owner if request.event is Event.decide else None,
                    due=item.due if request.event is Event.decide else None,
                )
            )
            events.append(event)
        if request.event is Event.decide:
            placement.place_decided(uow, items, request.goal, request.quarters, function)
        if back is not None:
            copies, copy_rows, copy_events = back.withdraw(actor.email, now, lang)
            items, rows, events = [*items, *copies], rows + copy_rows, events + copy_events
        if request.event is Event.cancel:  # nothing more to remind of or escalate
            due_events.drop_unfired_of(uow.connection, ids, MEASURE_KINDS)
        if request.event in _ENDS_MEASURE:  # nothing to give a new due date any more
            from arshjul.workflow import replan

            replan.close_requests(uow, ids, actor.email, now, note, rows)
        # Lock rows in one order whatever order they were named in: no deadlock between commands.
        uow.repo.save(sorted(items, key=lambda i: i.id), now)
        uow.repo.append_history(rows)
        publish(uow, events)
        uow.commit()
    return moved


#: Moves that hold the scheduler's lock: what a tick does to their items (the carry-over of a
#: deprioritised proposal, a measure's reminders) waits for them, and they for it.
_SCHEDULED = frozenset({Event.reinstate, Event.cancel})
#: Moves that end a measure: an owner's open request for a new due date closes with them.
_ENDS_MEASURE = frozenset({Event.cancel, Event.complete})
#: The moves a person makes on an existing item through the generic move form: reinstate and
#: cancel too (a reason is all they ask); the other corrections have forms of their own.
MOVES = tuple(
    dict.fromkeys(
        event
        for event, _, _ in TRANSITIONS
        if event not in CORRECTIONS or event in (Event.reinstate, Event.cancel)
    )
)


def possible_moves(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    ids: Sequence[str],
) -> dict[str, list[Event]]:
    """The moves `actor_email` may make on each item now, by the same rules `move` checks
    (need-to-know, role, state, window; forcing aside): what a page offers them."""
    if not ids:
        return {}
    now = clock.now()
    with uow:
        actor = actor_of(uow, actor_email)
        return {
            item.id: [
                event
                for event in MOVES
                if may(actor, event, item)
                and item.state in sources(event)
                and in_window(now, calendar.window(item.cycle, event.value))
            ]
            for item in uow.repo.items(validate.item_ids(list(ids)))
            if item.visible_to(actor)
        }


def _apply(
    item: Item, request: MoveRequest, owner: str | None, now: datetime, calendar: CycleCalendar
) -> DueMove | None:
    """The data a move brings, beside the state the machine set; a decision's due date on a
    non-working day is stored as the working-day rule moves it, and the move is returned."""
    if request.event is Event.prioritise:
        item.rank = request.rank
    elif request.event is Event.deprioritise:
        item.no_carry = request.no_carry
    elif request.event is Event.reinstate:
        item.no_carry = False  # a later deprioritisation says anew whether it carries
    elif request.event is Event.decide:
        due_moved = calendar.due_move(request.due)
        item.owner, item.decided_at = owner, now
        item.due = due_moved.to if due_moved else request.due
        return due_moved
    elif request.event is Event.follow_up:
        item.assessment = request.assessment
    return None


def _local(calendar: CycleCalendar, moment: datetime) -> str:
    return calendar.local(moment).strftime("%Y-%m-%d %H:%M")


# reading ------------------------------------------------------------------------------


def show_item(
    uow: UnitOfWork, viewer_email: str | None, item_id: str, tz: ZoneInfo
) -> dict[str, Any]:
    """The item and its whole history, as `viewer_email` may see them (CLI.md `show --json`).

    A missing id runs the same queries as an item there is, before it is refused: whoever
    times the answer cannot tell a restricted item they may not see from no item at all.
    """
    [checked] = validate.item_ids([item_id])
    with uow:
        reader = viewer(uow, viewer_email)
        missing: NotFound | None = None
        try:
            [item] = uow.repo.items([checked])
        except NotFound as exc:
            missing = exc
        carried_to = uow.repo.carried_to([checked]).get(checked)
        history = uow.repo.history(checked)
        if missing is not None:
            raise missing
        return item_json(item, reader, carried_to, tz, history)


def list_items(
    uow: UnitOfWork,
    viewer_email: str | None,
    tz: ZoneInfo,
    *,
    cycle: int | None = None,
    state: str | None = None,
    org: str | None = None,
    owner: str | None = None,
) -> list[dict[str, Any]]:
    """Items without their history; an outsider's filter by organisation or owner skips
    restricted ones (it would tell whose they are)."""
    if state is not None and state not in State.__members__:
        raise BadInput("no_state", value=state)
    with uow:
        reader = viewer(uow, viewer_email)
        items = uow.repo.list_items(cycle, state, org, owner)
        if org is not None or owner is not None:
            items = [item for item in items if item.visible_to(reader)]
        links = uow.repo.carried_to([item.id for item in items])
        return [item_json(item, reader, links.get(item.id), tz) for item in items]


def audit(
    uow: UnitOfWork, anchor: str | None = None, reader_email: str | None = SYSTEM.email
) -> AuditResult:
    """Prove the history and what it binds (see `arshjul.store.audit.verify`), in one snapshot;
    with `anchor`, that it still passes through that recorded head. What a changed row holds
    and what its history says are content: named only to a reader who sees all of it."""
    if anchor is not None:
        anchor = validate.digest(anchor)
    with uow.consistent():
        try:
            return verify(uow.connection, anchor=anchor)
        except ArshjulError as exc:
            if exc.key not in _CONTENT_SHOWN or exc.params.get("field") == "state":
                raise  # an item's state is for everyone to see
            reader = SYSTEM if reader_email == SYSTEM.email else viewer(uow, reader_email)
            if reader is not None and reader.sees_all_content:
                raise
            hidden = {k: v for k, v in exc.params.items() if k not in ("found", "expected")}
            raise ArshjulError(f"{exc.key}_hidden", **hidden) from None


#: The refusals of `audit` that quote a row's content and its history's.
_CONTENT_SHOWN = ("audit_item_differs", "audit_subject_differs")
