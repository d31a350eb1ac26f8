"""Every change publishes a domain event, in the transaction that makes it."""

from __future__ import annotations

import pytest

from arshjul.errors import ArshjulError
from arshjul.states.events import ItemMoved, ItemSubmitted
from arshjul.testing import recording
from tests.conftest import COORDINATOR, PROPOSER, Sector, at


def test_a_proposal_and_each_move_publish_one_event(sector: Sector) -> None:
    """Submitting, prioritising and deprioritising each publish what happened, who, when, why."""
    with recording() as handler:
        item_id = sector.propose()
        sector.clock.set(at("2026-05-11 10:00"))
        sector.move("prioritise", item_id, actor=COORDINATOR)
        sector.move("deprioritise", item_id, actor=COORDINATOR, note="Inte i år")
    submitted, prioritised, deprioritised = handler.events
    assert (
        isinstance(submitted, ItemSubmitted)
        and submitted.actor == PROPOSER
        and submitted.cycle == 2027
    )
    assert isinstance(prioritised, ItemMoved) and (
        prioritised.from_state,
        prioritised.to_state,
    ) == ("proposed", "prioritised")
    assert isinstance(deprioritised, ItemMoved) and deprioritised.note == "Inte i år"
    assert deprioritised.at == at("2026-05-11 10:00")


def test_a_refused_move_publishes_nothing(sector: Sector) -> None:
    """No event leaves a move that the rules refuse."""
    item_id = sector.propose()
    with recording() as handler, pytest.raises(ArshjulError):
        sector.move("start", item_id, actor=COORDINATOR)
    assert handler.events == []


def test_a_handler_that_fails_undoes_the_move(sector: Sector) -> None:
    """Handlers act inside the transaction: if one fails, the move is not committed."""
    from arshjul.workflow.handlers import HANDLERS

    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))

    def failing(uow: object, events: object) -> None:
        raise ArshjulError("busy")

    HANDLERS.append(failing)
    try:
        with pytest.raises(ArshjulError):
            sector.move("prioritise", item_id, actor=COORDINATOR)
    finally:
        HANDLERS.remove(failing)
    shown = sector.show(item_id)
    assert shown["state"] == "proposed" and len(shown["history"]) == 1  # type: ignore[arg-type]
