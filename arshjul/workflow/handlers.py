"""Domain events become effects here, in the transaction that caused them (mail hangs off this)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from arshjul.states.events import DomainEvent

if TYPE_CHECKING:
    from arshjul.store.uow import UnitOfWork
    from arshjul.workflow.calendar import CycleCalendar

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


def uninstall(handler: Handler) -> None:
    """Take `handler` away again (a command that ends: its database and calendar go with it)."""
    if handler in HANDLERS:
        HANDLERS.remove(handler)


class Mail:
    """The notifier of each body, by the calendar of the body a change was made in: `known()`
    for its own, the configuration the database keeps for any other. Imported when a change
    first needs it: commands that only read start without the templates and the calendar
    libraries."""

    def __init__(self, known: Callable[[], CycleCalendar]) -> None:
        self.known = known
        self.notifiers: dict[int, Handler] = {}

    def __call__(self, uow: UnitOfWork, events: Sequence[DomainEvent]) -> None:
        notifier = self.notifiers.get(uow.body_id)
        if notifier is None:
            from arshjul.notifications.notifier import Notifier
            from arshjul.workflow.cycle_config import calendar_of

            calendar = self.known()
            if calendar.body.id != uow.body_id:
                calendar = calendar_of(uow.connection, uow.repo.body)
            notifier = self.notifiers[uow.body_id] = Notifier(calendar)
        notifier(uow, events)
