"""The overlap view: pairs of items of different bodies in one plan year that may be the same
work (scored by `workflow.overlap`), as a coordinator may see them, and marking a pair as
coordinated.

Need-to-know holds across bodies: the reader is read in every body (their roles there, and
whether their organisation takes part in it), and only the items they see in their own body's
terms are scored at all, so no pair, score or reason ever depends on an item they may not see.
A body their organisation does not take part in shows them nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from arshjul.clock import Clock
from arshjul.errors import BadInput, NotAllowed, NotFound, Refused
from arshjul.i18n import KIND_NAMES, language, t
from arshjul.states import Role, State
from arshjul.states.model import Actor, Body, Item, id_prefix
from arshjul.store import bodies
from arshjul.store import overlaps as store
from arshjul.store.overlaps import Mark
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.overlap import Candidate, Reason, find
from arshjul.workflow.services import history_row

#: The items that are still work to be planned or done: an overlap among them can be acted on.
OPEN = frozenset({State.proposed, State.prioritised, State.decided, State.in_progress})
#: The history event written on both items of a pair marked coordinated.
COORDINATED = "coordinated"


@dataclass(frozen=True)
class Side:
    """One item of a pair, as the pair shows it."""

    id: str
    body: str  # the body's short name
    title: str
    kind: str


@dataclass(frozen=True)
class Pair:
    """Two items of different bodies that may be the same work (ids in order, a < b)."""

    a: Side
    b: Side
    score: float
    reasons: tuple[Reason, ...]
    coordinated: Mark | None = None

    def as_json(self) -> dict[str, Any]:
        """The shape of `overlap --json` (docs/CLI.md)."""
        mark = self.coordinated
        return {
            "a": _side_json(self.a),
            "b": _side_json(self.b),
            "score": self.score,
            "reasons": [reason_json(reason) for reason in self.reasons],
            "coordinated": None
            if mark is None
            else {"note": mark.note, "by": mark.by, "at": mark.at.isoformat()},
        }


def _side_json(side: Side) -> dict[str, str]:
    return {"id": side.id, "body": side.body, "title": side.title, "kind": side.kind}


#: What each reason's code carries (the rest of a Reason is empty for it).
_REASON_FIELD = {
    "same_kind": "kind",
    "same_quarter": "quarters",
    "shared_orgs": "orgs",
    "similar_text": "percent",
}


def reason_json(reason: Reason) -> dict[str, Any]:
    field = _REASON_FIELD[reason.code]
    value = getattr(reason, field)
    return {"code": reason.code, field: list(value) if isinstance(value, tuple) else value}


def reason_text(reason: Reason) -> str:
    """Why a pair was flagged, in the language in force."""
    return t(
        f"overlap_{reason.code}",
        kind=KIND_NAMES[reason.kind][language()] if reason.kind else "",
        quarters=", ".join(f"Q{q}" for q in reason.quarters),
        orgs=", ".join(reason.orgs),
        percent=reason.percent,
    )


@dataclass(frozen=True)
class _Reader:
    """The reader as each body knows them (by body id), and every body."""

    email: str
    every: list[Body]
    actors: dict[int, Actor]

    def coordinates(self, body_id: int) -> bool:
        actor = self.actors[body_id]
        return actor.member and actor.has(Role.coordinator)

    def body_of(self, item_id: str) -> Body:
        """The body an id's form names (none: the first); NotFound for an unknown prefix."""
        short = id_prefix(item_id)
        for body in self.every:
            if body.first if short is None else body.short == short and not body.first:
                return body
        raise NotFound("no_item", id=item_id)


def _reader(uow: UnitOfWork, email: str | None) -> _Reader:
    """Who reads, in every body; a coordinator of at least one, or refused."""
    if not email:
        raise NotAllowed("needs_actor")
    email = email.strip().lower()
    every = bodies.every(uow.connection)
    actors = {}
    for body in every:
        person = uow.repo.within(body.id).person(email)
        if person is None:
            raise NotFound("no_person", email=email)
        actors[body.id] = person.as_actor()
    reader = _Reader(email, every, actors)
    if not any(reader.coordinates(body.id) for body in every):
        raise NotAllowed("overlap_refused", email=reader.email)
    return reader


def _seen(uow: UnitOfWork, reader: _Reader, plan_year: int, among: Iterable[Body]) -> list[Item]:
    """The open items of `plan_year` in these bodies that the reader sees."""
    found = []
    for body in among:
        actor = reader.actors[body.id]
        if not actor.member:
            continue  # a body's items are for the organisations that take part in it
        items = uow.repo.within(body.id).list_items(plan_year, None, None)
        found += [item for item in items if item.state in OPEN and item.visible_to(actor)]
    return found


def _candidates(uow: UnitOfWork, items: Sequence[Item], shorts: dict[str, str]) -> list[Candidate]:
    """The items as the scorer takes them: organisations are the proposer's, those it is
    restricted to and the owner's; quarters the due date's, if it has one."""
    owners = store.orgs_of(uow.connection, [item.owner for item in items if item.owner])
    return [
        Candidate(
            id=item.id,
            body=shorts[item.id],
            kind=item.kind,
            quarters=frozenset({(item.due.month - 1) // 3 + 1} if item.due else ()),
            orgs=frozenset(
                {item.org, *item.restricted_to, *([owners[item.owner]] if item.owner else [])}
            ),
            title=item.title,
            description=item.description or "",
        )
        for item in items
    ]


def pairs(
    uow: UnitOfWork, reader_email: str | None, plan_year: int, *, everything: bool = False
) -> list[Pair]:
    """The pairs of plan year P that may be the same work, best first, that the reader sees
    both items of; those marked coordinated only with `everything` (and marked so)."""
    plan_year = validate.plan_year(plan_year)
    with uow.consistent():
        reader = _reader(uow, reader_email)
        items = _seen(uow, reader, plan_year, reader.every)
        return _pairs(uow, reader, items, everything=everything)


def _pairs(
    uow: UnitOfWork,
    reader: _Reader,
    items: Sequence[Item],
    *,
    everything: bool = False,
    about: Collection[str] = (),
) -> list[Pair]:
    """The flagged pairs among `items` (with `about`, only those with one of these ids)."""
    shorts = {item.id: reader.body_of(item.id).short for item in items}
    by_id = {item.id: item for item in items}
    marks = store.marks(uow.connection)
    found = []
    for flag in find(_candidates(uow, items, shorts)):
        if about and flag.a not in about and flag.b not in about:
            continue
        mark = marks.get((flag.a, flag.b))
        if mark is not None and not everything:
            continue
        a, b = (Side(i, shorts[i], by_id[i].title, by_id[i].kind) for i in (flag.a, flag.b))
        found.append(Pair(a, b, flag.score, flag.reasons, mark))
    return found


def unhandled(
    uow: UnitOfWork, reader_email: str | None, ids: Sequence[str]
) -> dict[str, list[str]]:
    """For each of these items of the body `uow` works in, the items of other bodies in its
    plan year it may overlap, not marked coordinated, that the reader sees: what prioritising
    it tells them. Nothing where there is one body, or for a reader who coordinates none."""
    ids = validate.item_ids(list(ids))
    with uow.consistent():
        if len(bodies.every(uow.connection)) < 2:
            return {}
        try:
            reader = _reader(uow, reader_email)
        except (NotAllowed, NotFound):
            return {}
        own = reader.actors[uow.body_id]
        moved = [i for i in uow.repo.items(ids) if i.state in OPEN and i.visible_to(own)]
        others = [body for body in reader.every if body.id != uow.body_id]
        found: dict[str, list[str]] = defaultdict(list)
        for year in sorted({item.cycle for item in moved}):
            mine = [item for item in moved if item.cycle == year]
            items = [*mine, *_seen(uow, reader, year, others)]
            for pair in _pairs(uow, reader, items, about={item.id for item in mine}):
                ours, theirs = (pair.a, pair.b) if pair.a.id in ids else (pair.b, pair.a)
                if theirs.id not in ids:
                    found[ours.id].append(theirs.id)
        return dict(found)


def mark(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    first: str,
    second: str,
    note: str | None,
) -> tuple[str, str]:
    """A coordinator of either item's body, who sees both, marks a pair as coordinated with a
    note: the pair is flagged no more, and each item's history tells of it, naming the other.
    Returns the pair's ids in order."""
    a, b = sorted(validate.item_ids([first, second]))
    text = validate.text("note", note, validate.NOTE_LIMIT)
    assert text is not None
    with uow:
        reader = _reader(uow, actor_email)
        items = {}
        for item_id in (a, b):
            body = reader.body_of(item_id)
            [item] = uow.repo.within(body.id).items([item_id])
            if not item.visible_to(reader.actors[body.id]):
                raise NotFound("no_item", id=item_id)  # as an item that does not exist
            items[item_id] = (body, item)
        (body_a, item_a), (body_b, item_b) = items[a], items[b]
        if body_a.id == body_b.id:
            raise BadInput("overlap_same_body", a=a, b=b, body=body_a.short)
        if not (reader.coordinates(body_a.id) or reader.coordinates(body_b.id)):
            raise NotAllowed(
                "overlap_mark_refused", email=reader.email, a=body_a.short, b=body_b.short
            )
        done = store.marks(uow.connection).get((a, b))
        if done is not None:
            raise Refused("overlap_marked_already", a=a, b=b, by=done.by)
        now = clock.now()
        store.mark(uow.connection, a, b, Mark(text, reader.email, now))
        uow.repo.append_history(
            [
                history_row(
                    item.id, COORDINATED, item.state, item.state, reader.email, now,
                    f"{other}: {text}",
                )
                for item, other in ((item_a, b), (item_b, a))
            ]
        )  # fmt: skip
        uow.commit()
    return a, b
