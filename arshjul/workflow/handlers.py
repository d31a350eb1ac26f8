"""Domain events become effects here, in the transaction that caused them (mail hangs off this)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from arshjul.states.events import DomainEvent

if TYPE_CHECKING:
    from arshjul.store.uow import UnitOfWork

#: A handler gets every event of one change together (a deadline may move thousands of items).
Handler = Callable[["UnitOfWork", Sequence[DomainEvent]], None]

#: Handlers called with the events of each change, in order, before the unit of work commits.
HANDLERS: list[Handler] = []


def publish(uow: UnitOfWork, events: Sequence[DomainEvent]) -> None:
    if not events:
        return
    uow.events.extend(events)
    for handler in HANDLERS:
        handler(uow, events)


def install(handler: Handler) -> None:
    """Register `handler`, replacing one of the same type (composition roots call this)."""
    HANDLERS[:] = [h for h in HANDLERS if type(h) is not type(handler)] + [handler]
