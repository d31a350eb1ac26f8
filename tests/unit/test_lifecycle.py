"""The pure core: the machine, the rules, the diagram. No database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from arshjul.errors import NotAllowed, Refused
from arshjul.states import (
    TRANSITIONS,
    Actor,
    Event,
    Item,
    Role,
    State,
    check_actor,
    check_force,
    check_window,
    fire,
    mermaid,
)
from arshjul.states.events import ItemMoved

NOW = datetime(2026, 5, 1, 8, tzinfo=UTC)


def item(state: State = State.proposed, **kw: object) -> Item:
    return Item(
        id="2027-004",
        cycle=2027,
        title="Övning",
        org="Nordbanken AB",
        proposer="bo@nb.se",
        state=state,
        **kw,
    )  # type: ignore[arg-type]


def actor(*roles: Role, org: str = "Finansinspektionen", email: str = "anna@fi.se") -> Actor:
    return Actor(email, org, frozenset(roles))


def test_a_move_records_a_domain_event_with_who_when_and_why() -> None:
    """Firing appends one ItemMoved carrying actor, time, note, from and to."""
    thing = item()
    moved = fire(thing, Event.prioritise, actor="anna@fi.se", at=NOW, note="viktig")
    assert thing.state is State.prioritised
    assert thing.events == [moved]
    assert moved == ItemMoved(
        NOW, "2027-004", "prioritise", "proposed", "prioritised", "anna@fi.se", "viktig", False
    )


def test_an_illegal_move_is_refused_and_leaves_the_item_as_it_was() -> None:
    """Starting a proposal names the states start is possible from, and records nothing."""
    thing = item()
    with pytest.raises(Refused, match="decided"):
        fire(thing, Event.start, actor="x", at=NOW)
    assert thing.state is State.proposed
    assert thing.events == []


def test_an_unfinished_measure_is_followed_up_and_stays_in_progress() -> None:
    """The year-end follow-up of a measure still in progress keeps it going."""
    thing = item(State.in_progress)
    fire(thing, Event.follow_up, actor="anna@fi.se", at=NOW)
    assert thing.state is State.in_progress


def test_the_table_names_only_the_states_of_the_spec() -> None:
    """No transition leads to or from a state the spec does not have; end states lead nowhere,
    and a deprioritised proposal only back by reinstating it."""
    assert {s for _, s, _ in TRANSITIONS} | {t for _, _, t in TRANSITIONS} <= set(State)
    assert not [
        t for t in TRANSITIONS if t[1] in (State.followed_up, State.withdrawn, State.cancelled)
    ]
    assert {(e, t) for e, s, t in TRANSITIONS if s is State.deprioritised} == {
        (Event.reinstate, State.proposed),
        (Event.reinstate, State.prioritised),
    }


def test_a_reinstated_proposal_returns_to_the_state_it_names() -> None:
    """Reinstating may end in two states: the move goes where it is told, and never guesses."""
    for back in (State.proposed, State.prioritised):
        thing = item(State.deprioritised)
        moved = fire(thing, Event.reinstate, actor="anna@fi.se", at=NOW, note="fel", to=back)
        assert thing.state is back and moved.to_state == back.value
    thing = item(State.deprioritised)
    with pytest.raises(ValueError, match="needs to="):
        fire(thing, Event.reinstate, actor="anna@fi.se", at=NOW, note="fel")
    assert thing.state is State.deprioritised and thing.events == []


def test_a_decider_may_force_a_late_decision_and_nothing_else() -> None:
    """Forcing is a coordinator's, and a decider's for a decision after the window."""
    check_force(actor(Role.decider), Event.decide)
    check_force(actor(Role.coordinator), Event.prioritise)
    with pytest.raises(NotAllowed, match=r"anna@fi\.se"):
        check_force(actor(Role.decider), Event.prioritise)


def test_a_replan_or_cancel_is_fired_by_a_coordinator_or_a_decider() -> None:
    """Two roles fire the corrections of a decided measure; a refusal names both."""
    measure = item(State.decided, owner="olle@nb.se")
    check_actor(actor(Role.decider), Event.cancel, measure)
    check_actor(actor(Role.coordinator), Event.replan, measure)
    with pytest.raises(NotAllowed, match="coordinator, decider"):
        check_actor(actor(Role.owner, email="olle@nb.se"), Event.replan, measure)


def test_the_owner_of_a_measure_may_start_it_without_any_role() -> None:
    """Start and complete belong to the item's owner as well as to coordinators."""
    check_actor(
        actor(email="olle@nb.se", org="Nordbanken AB"),
        Event.start,
        item(State.decided, owner="olle@nb.se"),
    )
    with pytest.raises(NotAllowed, match=r"olle@nb\.se"):
        check_actor(
            actor(Role.owner, email="eva@nb.se", org="Nordbanken AB"),
            Event.start,
            item(State.decided, owner="olle@nb.se"),
        )


def test_a_proposer_may_not_withdraw_another_organisations_item() -> None:
    """Withdrawing is for proposers of the item's own organisation."""
    with pytest.raises(NotAllowed, match="Nordbanken AB"):
        check_actor(
            actor(Role.proposer, org="Sydbanken AB", email="pia@sb.se"), Event.withdraw, item()
        )
    check_actor(actor(Role.proposer, org="Nordbanken AB", email="bo@nb.se"), Event.withdraw, item())


def test_a_move_outside_its_window_is_refused_unless_forced() -> None:
    """The window is [start, end); forcing reports that it was needed."""
    window = (datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC))
    with pytest.raises(Refused, match=r"2026-07-01.*2026-09-30"):
        check_window(item(), Event.decide, NOW, window, force=False, now_text="2026-05-01")
    assert check_window(item(), Event.decide, NOW, window, force=True, now_text="") is True
    assert (
        check_window(
            item(),
            Event.decide,
            datetime(2026, 9, 30, 23, tzinfo=UTC),
            window,
            force=True,
            now_text="",
        )
        is False
    )


def test_need_to_know_hides_content_from_outsiders_only() -> None:
    """The named organisations, the proposer's, the owner and FI see it; others do not."""
    secret = item(restricted_to=("Riksbanken",), owner="olle@kb.se")
    assert secret.visible_to(actor(org="Riksbanken", email="x@rb.se"))
    assert secret.visible_to(actor(org="Nordbanken AB", email="y@nb.se"))
    assert secret.visible_to(actor(org="Konsultbolaget", email="olle@kb.se"))
    assert secret.visible_to(Actor("z@fi.se", "Finansinspektionen", frozenset(), lead=True))
    assert not secret.visible_to(actor(Role.proposer, org="Sydbanken AB", email="pia@sb.se"))
    assert not secret.visible_to(None)
    assert item().visible_to(None)


def test_the_diagram_is_drawn_from_the_one_table() -> None:
    """Every transition of the table is an arrow of the Mermaid diagram."""
    text = mermaid()
    assert text.startswith("stateDiagram-v2")
    arrows = {}
    for line in text.splitlines():
        edge, _, label = line.strip().partition(": ")
        if " --> " in edge:
            arrows[edge] = label.split(" | ")  # one arrow names every event between two states
    for event, source, dest in TRANSITIONS:
        assert event.value in arrows[f"{source} --> {dest}"]


def test_a_deciders_force_covers_a_late_decision_never_an_early_one() -> None:
    """Forced by a decider (`late_only`), a decision passes after the window and is refused
    before it, the refusal naming the coordinator who may move it early."""
    window = (datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC))
    late, early = datetime(2026, 10, 8, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    prioritised = item(State.prioritised)
    assert check_window(prioritised, Event.decide, late, window, force=True, now_text="",
                        late_only=True)  # fmt: skip
    with pytest.raises(Refused, match="samordnare") as refused:
        check_window(prioritised, Event.decide, early, window, force=True, now_text="",
                     late_only=True)  # fmt: skip
    assert "beslutsfattare" not in str(refused.value)
    with pytest.raises(Refused, match="En beslutsfattare"):
        check_window(prioritised, Event.decide, late, window, force=False, now_text="")
