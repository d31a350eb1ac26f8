"""Domain events become effects here, in the transaction that caused them (mail hangs off this)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from arshjul.states.events import DomainEvent

if TYPE_CHECKING:
    from arshjul.store.uow import UnitOfWork

Handler = Callable[["UnitOfWork", DomainEvent], None]

#: Handlers called for every event, in order, before the unit of work commits.
HANDLERS: list[Handler] = []


def publish(uow: UnitOfWork, events: list[DomainEvent]) -> None:
    uow.events.extend(events)
    for event in events:
        for handler in HANDLERS:
            handler(uow, event)
