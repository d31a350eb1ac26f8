"""Reinstating: a deprioritised proposal returns to the state it was deprioritised from, and
the copy the carry-over made of it in the next cycle, if any, is withdrawn in the same
transaction, each history naming the other. `services.move` fires the reinstatement; this
module says where each item goes and what becomes of its copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from arshjul.errors import Refused
from arshjul.i18n import t
from arshjul.states import Event, Item, State, fire
from arshjul.states.events import DomainEvent
from arshjul.states.lifecycle import targets
from arshjul.store.history import HISTORY
from arshjul.store.uow import UnitOfWork


def origins(uow: UnitOfWork, ids: Sequence[str]) -> dict[str, State]:
    """Where each item was deprioritised from: the `from` of its last deprioritise row (the
    scheduler's at the decision deadline too); proposed where its history does not say."""
    query = (
        select(HISTORY.c.item_id, HISTORY.c.from_state)
        .where(HISTORY.c.item_id.in_(list(ids)), HISTORY.c.event == Event.deprioritise.value)
        .order_by(HISTORY.c.seq)
    )
    last: dict[str, str | None] = {i: s for i, s in uow.connection.execute(query)}
    possible = {str(state) for state in targets(Event.reinstate, State.deprioritised)}
    return {  # the newest row won above
        item_id: State(found) if (found := last.get(item_id)) in possible else State.proposed
        for item_id in ids
    }


@dataclass
class Reinstating:
    """What a reinstatement of `ids` does beside the move itself: where each goes, and the
    carried copies it withdraws (or that refuse it, having moved on)."""

    to: dict[str, State]
    #: original id -> its carried copy, still proposed: withdrawn with it.
    copies: dict[str, Item] = field(default_factory=dict)
    #: original id -> its carried copy, moved on beyond proposed: the original stays out.
    blocked: dict[str, Item] = field(default_factory=dict)

    def note(self, item_id: str, reason: str | None, lang: str) -> str | None:
        """The reinstated item's history note: the reason, and the copy withdrawn with it."""
        copy = self.copies.get(item_id)
        if copy is None:
            return reason
        return t("reinstated_copy_note", lang=lang, reason=reason, copy=copy.id)

    def check(self, item_id: str) -> None:
        """Refuse, naming the copy and its state, if the copy has moved on beyond proposed."""
        copy = self.blocked.get(item_id)
        if copy is not None:
            raise Refused("reinstate_copy_moved", id=item_id, copy=copy.id, state=copy.state)

    def withdraw(
        self, actor: str, now: datetime, lang: str
    ) -> tuple[list[Item], list[dict[str, Any]], list[DomainEvent]]:
        """Withdraw the copies by the reinstating person: the copies, their history rows and
        their events."""
        from arshjul.workflow.services import history_row

        rows, events = [], []
        for original, copy in sorted(self.copies.items()):
            note = t("withdrawn_for_original", lang=lang, id=original)
            before = copy.state
            events.append(fire(copy, Event.withdraw, actor=actor, at=now, note=note))
            rows.append(history_row(copy.id, Event.withdraw, before, copy.state, actor, now, note))
        return list(self.copies.values()), rows, list[DomainEvent](events)


def prepare(uow: UnitOfWork, ids: Sequence[str]) -> Reinstating:
    """Where `ids` return to and what their copies are. The caller holds the scheduler's lock:
    the carry-over (a tick) cannot copy an item while it is being reinstated, nor after this
    read that there is no copy."""
    plan = Reinstating(origins(uow, ids))
    links = uow.repo.carried_to(list(ids))
    if not links:
        return plan
    copies = dict(zip(links.values(), uow.repo.items(list(links.values())), strict=True))
    for original, copy_id in links.items():
        copy = copies[copy_id]
        if copy.state is State.proposed:
            plan.copies[original] = copy
        elif copy.state is not State.withdrawn:  # one withdrawn already needs nothing
            plan.blocked[original] = copy
    return plan
