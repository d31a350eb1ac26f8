"""A decided measure replanned (`arshjul replan`): its due date, owner, quarters or goal change,
with a reason, by a coordinator or a decider; and an owner's request for a new due date, which
a coordinator accepts (the replan it makes) or declines.

Each is one transaction: the item, its place in the plan, its history row (the new owner and due
date bound, the old and new values in `data`), its reminders and escalations planned anew for
the new due date, and the mail to whom it concerns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from arshjul.clock import Clock
from arshjul.errors import BadInput, Conflict, NotAllowed, NotFound, Refused
from arshjul.states import Event, Item
from arshjul.states.events import MeasureReplanned, ReplanDeclined, ReplanRequested
from arshjul.states.lifecycle import OPEN_MEASURE, check_state, fire
from arshjul.states.living import ReplanRequest
from arshjul.states.model import Actor, Role
from arshjul.states.plan import check_quarters, goal_number, letters_after, parse_quarters
from arshjul.states.plan import quarter_text as _quarter
from arshjul.states.rules import check_actor, check_data
from arshjul.store import due as due_store
from arshjul.store import history, living, outbox
from arshjul.store import plan as plan_store
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import placement, schedule, validate
from arshjul.workflow.calendar import CycleCalendar, DueMove
from arshjul.workflow.handlers import publish
from arshjul.workflow.services import actor_of, history_row

#: The answer of a request closed without one: its measure ended or changed hands.
CLOSED = "closed"
#: Why a closed request's unsent mail was never sent (the outbox keeps it).
WITHDRAWN = "request closed before it was sent"


@dataclass(frozen=True)
class Change:
    """What a replan asks for; None (or no quarters) leaves a field as it is."""

    due: date | None = None
    owner: str | None = None
    quarters: tuple[str, ...] = ()
    goal: str | None = None

    @property
    def empty(self) -> bool:
        return self.due is None and self.owner is None and not self.quarters and self.goal is None

    @property
    def empty_but_due(self) -> bool:
        return self.owner is None and not self.quarters and self.goal is None


@dataclass(frozen=True)
class Replanned:
    id: str
    #: Each changed field's (old, new) as text, in the order of `states.living.REPLAN_FIELDS`.
    changes: dict[str, tuple[str, str]]
    reminders: int  # reminders and escalations planned anew for the new due date
    #: The due date asked for fell on a non-working day and the working-day rule moved it.
    due_moved: DueMove | None = None


def replan(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    item_id: str,
    reason: str | None,
    change: Change,
) -> Replanned:
    """A coordinator or a decider changes a decided measure's plan, saying why."""
    [checked] = validate.item_ids([item_id])
    note = validate.text("--reason", reason, validate.NOTE_LIMIT, required=False)
    check_data(Event.replan, note=note, due=change.due)
    if change.empty:
        raise BadInput("replan_nothing")
    with uow:
        actor = actor_of(uow, actor_email)
        item = _measure(uow, actor, checked)
        check_actor(actor, Event.replan, item)
        check_state(item, Event.replan)
        assert note is not None
        done = _replan(uow, clock.now(), calendar, actor, item, note, change, None)
        uow.commit()
    return done


def request(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    item_id: str,
    due: date | None,
    reason: str | None,
    calendar: CycleCalendar | None = None,
) -> ReplanRequest:
    """The owner of a decided measure asks for a new due date, saying why. With the body's
    calendar, a date on a non-working day is asked for as the working-day rule moves it (what a
    coordinator accepts is then what the measure gets)."""
    [checked] = validate.item_ids([item_id])
    note = validate.text("--reason", reason, validate.NOTE_LIMIT, required=False)
    if due is None:
        raise BadInput("request_needs_due")
    moved = calendar.due_move(due) if calendar is not None else None
    due = moved.to if moved else due
    check_data(Event.replan, note=note, due=due)
    assert note is not None
    now = clock.now()
    _not_past(due, calendar.local(now).date() if calendar is not None else now.date(), moved)
    with uow:
        actor = actor_of(uow, actor_email)
        # The measure's row first: its owner and state as read are what holds till commit.
        living.lock_item(uow.connection, checked)
        item = _measure(uow, actor, checked)
        if item.owner != actor.email:
            raise NotAllowed(
                "request_not_owner", email=actor.email, id=item.id, owner=item.owner or "—"
            )
        check_state(item, Event.replan)
        if due == item.due:
            _same_due(item.id, due, moved)
        conn = uow.connection
        if living.open_request(conn, item.id) is not None:
            raise Conflict("request_open", id=item.id)
        request_id = living.add_request(conn, uow.body_id, item.id, actor.email, now, due, note)
        old = item.due.isoformat() if item.due else ""
        row = history_row(item.id, "replan_request", item.state, item.state, actor.email, now, note)
        row["data"] = history.canonical({"request": request_id, "due": [old, due.isoformat()]})
        uow.repo.append_history([row])
        publish(uow, [ReplanRequested(now, item.id, actor.email, due.isoformat(), note)])
        uow.commit()
    return ReplanRequest(request_id, item.id, actor.email, now, due, note)


def answer(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    item_id: str,
    *,
    accept: bool,
    note: str | None = None,
) -> ReplanRequest:
    """A coordinator accepts an owner's open request (the measure is replanned to the date
    asked, in the same transaction) or declines it with a reason; the owner is told."""
    [checked] = validate.item_ids([item_id])
    note = validate.text("--reason", note, validate.NOTE_LIMIT, required=False)
    if not accept and not note:
        raise Refused("decline_needs_reason")
    with uow:
        actor = actor_of(uow, actor_email)
        conn = uow.connection
        # The scheduler's lock, the measure, then its request: the order a cancel takes them in
        # (and the measure's state as read is what holds till commit).
        due_store.lock(conn, uow.body_id)
        living.lock_item(conn, checked)
        item = _measure(uow, actor, checked)
        if not actor.has(Role.coordinator):
            raise NotAllowed("answer_refused", email=actor.email, id=item.id)
        asked = living.open_request(conn, item.id, lock=True)
        if asked is None:
            raise NotFound("no_request", id=item.id)
        now = clock.now()
        check_state(item, Event.replan)  # a measure ended has nothing to be due on any more
        if accept:
            reason = note or asked.reason
            _replan(uow, now, calendar, actor, item, reason, Change(due=asked.due), asked)
            living.answer(conn, asked.id, "accepted", actor.email, now, note)
        else:
            assert note is not None
            living.answer(conn, asked.id, "declined", actor.email, now, note)
            row = history_row(
                item.id, "replan_decline", item.state, item.state, actor.email, now, note
            )
            row["data"] = history.canonical({"request": asked.id})
            uow.repo.append_history([row])
            publish(
                uow,
                [
                    ReplanDeclined(
                        now, item.id, actor.email, asked.requested_by, asked.due.isoformat(), note
                    )
                ],
            )
        uow.commit()
    return ReplanRequest(
        asked.id,
        asked.item_id,
        asked.requested_by,
        asked.requested_at,
        asked.due,
        asked.reason,
        "accepted" if accept else "declined",
        actor.email,
        now,
        note,
    )


def open_requests(uow: UnitOfWork, actor_email: str | None) -> list[ReplanRequest]:
    """The body's open requests: a coordinator's or decider's every one, an owner's their own."""
    with uow:
        actor = actor_of(uow, actor_email)
        found = living.open_requests(uow.connection, uow.body_id)
        if not (actor.has(Role.coordinator) or actor.has(Role.decider)):
            found = [r for r in found if r.requested_by == actor.email]
        items = {i.id: i for i in uow.repo.items(sorted({r.item_id for r in found}))}
        return [
            r
            for r in found
            if items[r.item_id].visible_to(actor) and items[r.item_id].state in OPEN_MEASURE
        ]  # a measure ended before requests closed with it (an older release) asks nothing


def close_requests(
    uow: UnitOfWork,
    item_ids: Sequence[str],
    actor: str,
    now: datetime,
    note: str | None,
    rows: Sequence[dict[str, Any]] = (),
) -> dict[str, ReplanRequest]:
    """Inside another use case's transaction: close the open request of each of `item_ids`
    (answer `closed`, chained) because the measure ended (cancelled, completed) or changed
    hands; what was asked can no longer be answered truly. Each item's row among `rows` (the
    history rows of the change) names the request it closed. Returns the closed, by item."""
    conn = uow.connection
    closed: dict[str, ReplanRequest] = {}
    for asked in living.open_requests_of(conn, item_ids):  # one a measure
        living.answer(conn, asked.id, CLOSED, actor, now, note)
        # The coordinators' mail asking them to answer, if not sent yet, would ask for what
        # can no longer be given.
        outbox.withhold_cause(conn, f"replan_request:{asked.item_id}:", WITHDRAWN, now)
        closed[asked.item_id] = asked
    for row in rows:
        if row["item_id"] in closed:
            data = json.loads(row["data"]) if row["data"] else {}
            row["data"] = history.canonical(data | {"request": closed[row["item_id"]].id})
    return closed


# inside the transaction -------------------------------------------------------------------


def _measure(uow: UnitOfWork, actor: Actor, item_id: str) -> Item:
    [item] = uow.repo.items([item_id])
    if not item.visible_to(actor):  # a refusal naming its organisation would tell
        raise NotFound("no_item", id=item.id)
    return item


def _replan(
    uow: UnitOfWork,
    now: datetime,
    calendar: CycleCalendar,
    actor: Actor,
    item: Item,
    reason: str,
    change: Change,
    asked: ReplanRequest | None,
) -> Replanned:
    conn = uow.connection
    if change.due is not None:
        # The scheduler's lock first, as a tick takes it: its reminders are planned anew here.
        due_store.lock(conn, uow.body_id)
    placed = plan_store.placements(conn, [item.id]).get(item.id)
    changes: dict[str, tuple[str, str]] = {}
    place: dict[str, Any] = {}
    old_owner, new_due = item.owner, item.due
    due_moved = calendar.due_move(change.due)  # the working-day rule, as for a decision
    asked_due = due_moved.to if due_moved else change.due
    if asked_due is not None and asked_due != item.due:
        _not_past(asked_due, calendar.local(now).date(), due_moved)
    if asked_due is not None and asked_due != item.due:
        changes["due"] = (item.due.isoformat() if item.due else "", asked_due.isoformat())
        new_due = asked_due
    if change.owner is not None:
        owner, function = placement.owner_of(uow, change.owner)
        was = (placed and placed.responsible) or item.owner or ""
        now_ = function or owner
        if owner != item.owner or now_ != was:
            changes["owner"] = (was, now_)
            item.owner = owner
            if placed is not None or function is not None:
                place["responsible"] = function
    quarters = tuple(placed.quarters) if placed else ()
    if change.quarters:
        chosen = parse_quarters(change.quarters, item.cycle)
        if chosen != quarters:
            changes["quarters"] = (_quarters_text(quarters), _quarters_text(chosen))
            quarters = chosen
    check_quarters(quarters, item.cycle, new_due)
    if change.goal is not None:
        goal_id = placement.goal_row(uow, item.cycle, change.goal, lock=True)
        number = goal_number(change.goal)
        if placed is None or placed.goal != number:
            [letter] = letters_after(plan_store.used_letters(conn, goal_id), 1)
            changes["goal"] = ((placed and placed.nr) or "", f"{number}{letter}")
            place.update(goal_id=goal_id, letter=letter)
    if not changes:
        if due_moved is not None and due_moved.to == item.due and change.empty_but_due:
            _same_due(item.id, due_moved.to, due_moved)  # say the date asked for moved
        raise BadInput("replan_no_change", id=item.id)
    item.due = new_due
    moved = fire(item, Event.replan, actor=actor.email, at=now, note=reason)
    uow.repo.save([item], now)
    if place:
        living.set_place(conn, item.id, **place)
    if "quarters" in changes:
        living.set_quarters(conn, item.id, quarters)
    row = history_row(
        item.id,
        Event.replan,
        moved.from_state,
        item.state,
        actor.email,
        now,
        reason,
        owner=item.owner,
        due=item.due,
    )
    data: dict[str, Any] = {"changes": {k: list(v) for k, v in changes.items()}}
    if asked is not None:
        data["request"] = asked.id
    row["data"] = history.canonical(data)
    uow.repo.append_history([row])
    planned = 0
    if "due" in changes and item.state in OPEN_MEASURE and item.due is not None:
        living.drop_measure_events(conn, item.id, schedule.MEASURE_KINDS)
        events = schedule.measure_events(calendar, item.id, item.due, now)
        planned = due_store.plan(conn, events, uow.body_id)
    publish(
        uow,
        [
            moved,
            MeasureReplanned(
                now,
                item.id,
                actor.email,
                reason,
                changes,
                old_owner,
                item.owner,
                asked.requested_by if asked else None,
            ),
        ],
    )
    return Replanned(item.id, changes, planned, due_moved)


def _not_past(due: date, today: date, moved: DueMove | None) -> None:
    """A new due date is today or later (the working-day rule may move one to a day before)."""
    if due < today and moved is not None:
        raise BadInput(
            "due_before_today_moved",
            asked=moved.asked.isoformat(),
            due=due.isoformat(),
            rule=moved.rule,
            today=today.isoformat(),
        )
    if due < today:
        raise BadInput("due_before_today", due=due.isoformat(), today=today.isoformat())


def _same_due(item_id: str, due: date, moved: DueMove | None) -> None:
    if moved is None:
        raise BadInput("replan_same_due", id=item_id, due=due.isoformat())
    raise BadInput(
        "replan_same_due_moved",
        id=item_id,
        asked=moved.asked.isoformat(),
        due=due.isoformat(),
        rule=moved.rule,
    )


def _quarters_text(quarters: Sequence[tuple[int, int]]) -> str:
    return ", ".join(_quarter(q) for q in quarters)
