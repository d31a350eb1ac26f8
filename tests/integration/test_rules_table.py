"""Every (state, event, role) combination, on SQLite and PostgreSQL, against the lifecycle's rules restated."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import text

from arshjul.errors import ArshjulError, NotAllowed, Refused
from arshjul.workflow import services
from arshjul.workflow.proposals import Proposal
from tests.conftest import (
    COORDINATOR,
    DECIDER,
    OTHER_PROPOSER,
    OWNER,
    PROPOSER,
    REFERENCE,
    Sector,
    at,
)

STATES = [
    "proposed",
    "prioritised",
    "deprioritised",
    "decided",
    "in_progress",
    "executed",
    "followed_up",
    "withdrawn",
]

#: The lifecycle's diagram and "who may do what" of the domain, restated independently of arshjul.states.
SPEC = {
    "prioritise": ({"proposed"}, {"coordinator"}),
    "deprioritise": ({"proposed", "prioritised"}, {"coordinator"}),
    "decide": ({"prioritised"}, {"decider"}),
    "start": ({"decided"}, {"owner", "coordinator"}),
    "complete": ({"decided", "in_progress"}, {"owner", "coordinator"}),
    # executed -> followed_up; an unfinished measure is followed up as such and continues
    "follow_up": ({"executed", "decided", "in_progress"}, {"coordinator"}),
    "withdraw": ({"proposed"}, {"proposer_same_org"}),
}
ACTORS = {
    "coordinator": COORDINATOR,
    "decider": DECIDER,
    "owner": OWNER,
    "proposer_same_org": PROPOSER,
    "proposer_other_org": OTHER_PROPOSER,
    "reference": REFERENCE,
}
#: A moment inside each event's default window, for items of cycle 2027.
WHEN = {
    "prioritise": "2026-05-11 10:00",
    "deprioritise": "2026-05-11 10:00",
    "decide": "2026-08-11 10:00",
    "start": "2026-08-11 10:00",
    "complete": "2027-03-11 10:00",
    "follow_up": "2027-11-11 10:00",
    "withdraw": "2026-05-11 10:00",
}
FIELDS: dict[str, dict[str, object]] = {
    "deprioritise": {"note": "not this year"},
    "decide": {"owner": OWNER, "due": date(2027, 6, 30)},
    "follow_up": {"assessment": "partly"},
}
COMBINATIONS = list(itertools.product(STATES, SPEC, ACTORS))


def test_every_state_event_role_combination_follows_the_spec(sector: Sector) -> None:
    """Allowed combinations move the item; every other one is refused and changes nothing."""
    rows = [
        (n + 2, Proposal(f"Åtgärd {n}", "Nordbanken AB", PROPOSER))
        for n in range(len(COMBINATIONS))
    ]
    ids, placement = services.import_proposals(
        sector.uow(), sector.clock, sector.calendar, COORDINATOR, rows
    )
    assert placement.cycle == 2027
    with sector.engine.begin() as conn:
        owner_id = conn.execute(
            text("SELECT id FROM person WHERE email = :e"), {"e": OWNER}
        ).scalar_one()
        for item_id, (state, _, _) in zip(ids, COMBINATIONS, strict=True):
            conn.execute(
                text("UPDATE item SET state = :s, owner_id = :o, due = :d WHERE id = :i"),
                {"s": state, "o": owner_id, "d": date(2027, 6, 30), "i": item_id},
            )

    wrong = []
    allowed_count = 0
    for item_id, (state, event, role) in zip(ids, COMBINATIONS, strict=True):
        sources, roles = SPEC[event]
        expected = state in sources and role in roles
        allowed_count += expected
        before = sector.show(item_id)
        sector.clock.set(at(WHEN[event]))
        try:
            sector.move(event, item_id, actor=ACTORS[role], **FIELDS.get(event, {}))
            outcome = True
        except (Refused, NotAllowed):
            outcome = False
        after = sector.show(item_id)
        if outcome != expected:
            wrong.append((state, event, role, "moved" if outcome else "refused"))
        if not outcome and (after["state"], after["version"], len(after["history"])) != (  # type: ignore[arg-type]
            before["state"],
            before["version"],
            len(before["history"]),  # type: ignore[arg-type]
        ):
            wrong.append((state, event, role, "refused but changed"))
    assert wrong == []
    assert allowed_count == 14  # a check on the oracle itself: the spec's allowed moves


@pytest.mark.parametrize("event", sorted(SPEC))
def test_a_refusal_names_the_rule_it_breaks(sector: Sector, event: str) -> None:
    """The message says which rule: the state it is in, or who may do it."""
    item_id = sector.propose()
    sector.clock.set(at(WHEN[event]))
    with pytest.raises(ArshjulError) as refused:
        sector.move(event, item_id, actor=REFERENCE, **FIELDS.get(event, {}))
    message = str(refused.value)
    assert item_id in message
    assert REFERENCE in message or "proposed" in message
