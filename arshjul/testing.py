"""Fakes shared by the tests and by anyone building on Årshjul: a fixed clock, a recording handler."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from arshjul.clock import FixedClock
from arshjul.states.events import DomainEvent
from arshjul.workflow.handlers import HANDLERS

if TYPE_CHECKING:
    from arshjul.store.uow import UnitOfWork

__all__ = ["FixedClock", "RecordingHandler", "recording"]


class RecordingHandler:
    """A handler that keeps every domain event it is given, in order."""

    def __init__(self) -> None:
        self.events: list[DomainEvent] = []

    def __call__(self, uow: UnitOfWork, events: Sequence[DomainEvent]) -> None:
        self.events.extend(events)


@contextmanager
def recording() -> Iterator[RecordingHandler]:
    """Record the domain events published while the block runs."""
    handler = RecordingHandler()
    HANDLERS.append(handler)
    try:
        yield handler
    finally:
        HANDLERS.remove(handler)
