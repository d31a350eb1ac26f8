"""What the service layer tells a page a person may do now, and that it refuses the rest the
same way: by the rules of `states`, on the real store."""

from __future__ import annotations

from datetime import date

import pytest

from arshjul.errors import NotFound, Refused
from arshjul.states import Event
from arshjul.workflow import services
from tests.conftest import COORDINATOR, DECIDER, OTHER_PROPOSER, OWNER, PROPOSER, Sector, at

E = Event


def offered(sector: Sector, actor: str, *ids: str) -> dict[str, list[Event]]:
    return services.possible_moves(sector.uow(), sector.clock, sector.calendar, actor, ids)


def test_each_person_is_offered_the_moves_their_role_state_and_window_allow(sector: Sector) -> None:
    """Through a cycle: the proposer's withdrawal, FI's prioritising, management's decision,
    the owner's start and completion, FI's follow-up; nobody else's."""
    item_id = sector.propose()
    theirs = sector.propose("Sydbankens", actor=OTHER_PROPOSER)
    assert offered(sector, PROPOSER, item_id, theirs) == {item_id: [E.withdraw], theirs: []}
    assert offered(sector, COORDINATOR, item_id) == {item_id: []}  # Q1: the dialogue, not yet
    sector.clock.set(at("2026-04-14 10:00"))  # Q2: prioritisation
    assert offered(sector, COORDINATOR, item_id) == {item_id: [E.prioritise, E.deprioritise]}
    assert offered(sector, OWNER, item_id) == {item_id: []}
    sector.move("prioritise", item_id, actor=COORDINATOR)
    assert offered(sector, DECIDER, item_id) == {item_id: []}  # the decision phase is not open
    sector.clock.set(at("2026-08-20 10:00"))
    assert offered(sector, DECIDER, item_id) == {item_id: [E.decide]}
    assert offered(sector, COORDINATOR, item_id) == {item_id: [E.deprioritise]}
    sector.move("decide", item_id, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    assert offered(sector, OWNER, item_id) == {item_id: [E.start, E.complete]}
    assert offered(sector, PROPOSER, item_id) == {item_id: []}
    assert offered(sector, DECIDER, item_id) == {item_id: [E.cancel]}  # any time, with a reason
    sector.clock.set(at("2027-11-02 10:00"))
    assert offered(sector, COORDINATOR, item_id) == {
        item_id: [E.start, E.complete, E.follow_up, E.cancel]
    }


def test_what_is_offered_goes_through_and_what_is_not_is_refused(sector: Sector) -> None:
    """Each offered move succeeds when made; a move not offered is refused by `move`."""
    item_id = sector.propose()
    sector.clock.set(at("2026-10-15 10:00"))  # past the decision: prioritising is closed
    assert offered(sector, COORDINATOR, item_id) == {item_id: []}
    with pytest.raises(Refused, match="2026-09-30"):
        sector.move("prioritise", item_id, actor=COORDINATOR)
    [withdraw] = offered(sector, PROPOSER, item_id)[item_id]
    assert sector.move(withdraw.value, item_id, actor=PROPOSER)[0].to_state == "withdrawn"


def test_a_restricted_item_is_missing_to_an_outsider_who_tries_to_move_it(sector: Sector) -> None:
    """Pia's restricted proposal: Bo is offered nothing on it, and moving it is refused as a
    missing item, so the refusal tells him no more than its id."""
    secret = sector.propose("Hemlig", actor=OTHER_PROPOSER, restricted_to=["Sydbanken AB"])
    assert offered(sector, PROPOSER, secret) == {}
    with pytest.raises(NotFound, match=f"Inget ärende {secret}"):
        sector.move("withdraw", secret, actor=PROPOSER)
    assert offered(sector, OTHER_PROPOSER, secret) == {secret: [E.withdraw]}


def test_listing_by_owner_leaves_out_what_the_reader_may_not_see(sector: Sector) -> None:
    """An owner's measures as an outsider lists them: the restricted one is not there."""
    open_one = sector.propose("Öppen")
    secret = sector.propose("Hemlig", restricted_to=["Sydbanken AB"])
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", open_one, secret, actor=COORDINATOR)
    sector.clock.set(at("2026-08-20 10:00"))
    sector.move("decide", open_one, secret, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    tz = sector.calendar.tz
    ids = [
        row["id"]
        for row in services.list_items(sector.uow(), "rut@bankforeningen.se", tz, owner=OWNER)
    ]
    assert ids == [open_one]
    ids = [row["id"] for row in services.list_items(sector.uow(), OWNER, tz, owner=OWNER)]
    assert ids == [open_one, secret]
