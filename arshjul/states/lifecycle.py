"""States, the one transition table, and the shared machine that fires it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from transitions import Machine, MachineError

from arshjul.errors import Refused
from arshjul.states.events import ItemMoved
from arshjul.states.model import Item


class State(enum.StrEnum):
    proposed = "proposed"
    prioritised = "prioritised"
    deprioritised = "deprioritised"
    decided = "decided"
    in_progress = "in_progress"
    executed = "executed"
    followed_up = "followed_up"
    withdrawn = "withdrawn"
    cancelled = "cancelled"  # a decided measure ended before it was done, with a reason


class Event(enum.StrEnum):
    submit = "submit"  # creates an item: proposed
    carry_in = "carry_in"  # creates an item from a deprioritised one of the cycle before
    import_ = "import"  # creates a measure in its status, from a plan decided outside Årshjul
    prioritise = "prioritise"
    deprioritise = "deprioritise"
    decide = "decide"
    start = "start"
    complete = "complete"
    follow_up = "follow_up"
    withdraw = "withdraw"
    # Corrections: each a move with a reason, in the same table and history as the rest.
    reinstate = "reinstate"  # a deprioritised proposal returns to where it was
    edit = "edit"  # the proposer corrects a proposal before it is prioritised
    replan = "replan"  # a decided measure's due date, owner, quarters or goal change
    cancel = "cancel"  # a decided measure ends undone


S, E = State, Event

#: (event, from, to). The only moves there are; rules.py says who may fire each and when.
TRANSITIONS: tuple[tuple[Event, State, State], ...] = (
    (E.prioritise, S.proposed, S.prioritised),
    (E.deprioritise, S.proposed, S.deprioritised),
    (E.deprioritise, S.prioritised, S.deprioritised),
    (E.decide, S.prioritised, S.decided),
    (E.start, S.decided, S.in_progress),
    (E.complete, S.decided, S.executed),
    (E.complete, S.in_progress, S.executed),
    (E.follow_up, S.executed, S.followed_up),
    # An unfinished measure at year end is followed up as such and continues.
    (E.follow_up, S.decided, S.decided),
    (E.follow_up, S.in_progress, S.in_progress),
    (E.withdraw, S.proposed, S.withdrawn),
    # Corrections. A reinstated proposal returns to the state it was deprioritised from.
    (E.reinstate, S.deprioritised, S.proposed),
    (E.reinstate, S.deprioritised, S.prioritised),
    (E.edit, S.proposed, S.proposed),
    (E.replan, S.decided, S.decided),
    (E.replan, S.in_progress, S.in_progress),
    (E.cancel, S.decided, S.cancelled),
    (E.cancel, S.in_progress, S.cancelled),
)

#: The corrections: moves with a reason that put right what a real year gets wrong.
CORRECTIONS = frozenset({E.reinstate, E.edit, E.replan, E.cancel})
#: Still proposals: what the decision deadline leaves out of the plan.
UNDECIDED = frozenset({S.proposed, S.prioritised})
#: Decided and not yet done: reminded before the due date, escalated after it.
OPEN_MEASURE = frozenset({S.decided, S.in_progress})
#: Carried out.
DONE = frozenset({S.executed, S.followed_up})
#: What the decided plan holds.
IN_PLAN = OPEN_MEASURE | DONE
#: Measures the follow-up still has to take up: open, or executed and not yet followed up.
TO_FOLLOW_UP = OPEN_MEASURE | {S.executed}


def sources(event: Event) -> tuple[State, ...]:
    return tuple(dict.fromkeys(source for name, source, _ in TRANSITIONS if name == event))


def targets(event: Event, source: State) -> tuple[State, ...]:
    """Where `event` may take an item in `source`: one state, or several that the move names."""
    return tuple(to for name, frm, to in TRANSITIONS if name == event and frm == source)


def _record(data: Any) -> None:
    """Callbacks record, handlers act: the move becomes a domain event on the item."""
    kwargs = data.kwargs
    item: Item = data.model
    item.events.append(
        ItemMoved(
            at=kwargs["at"],
            item_id=item.id,
            event=data.event.name,
            from_state=str(data.transition.source),
            to_state=str(data.transition.dest),
            actor=kwargs["actor"],
            note=kwargs.get("note"),
            forced=kwargs.get("forced", False),
        )
    )


def _bound_for(dest: State) -> Any:
    """A move that may end in several states goes where the caller says (`to=`)."""

    def condition(data: Any) -> bool:
        return bool(data.kwargs.get("to") == dest)

    return condition


def _table(*, drawing: bool = False) -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = []
    for e, f, t in TRANSITIONS:
        row: dict[str, Any] = {"trigger": e.value, "source": f.value, "dest": t.value}
        if not drawing and len(targets(e, f)) > 1:
            row["conditions"] = [_bound_for(t)]
        table.append(row)
    return table


# One machine for every item: it reads item.state at each trigger and adds nothing to the item.
_MACHINE = Machine(
    model=None,
    states=[s.value for s in State],
    transitions=_table(),
    initial=None,
    auto_transitions=False,
    send_event=True,
    after_state_change=_record,
    model_attribute="state",
)


def check_state(item: Item, event: Event) -> None:
    """Refuse, naming the states it is possible from, unless `event` can move `item` now."""
    allowed = sources(event)
    if item.state not in allowed:
        raise Refused(
            "illegal_move",
            id=item.id,
            state=item.state,
            event=event,
            allowed=", ".join(allowed) or "—",
        )


def fire(
    item: Item,
    event: Event,
    *,
    actor: str,
    at: datetime,
    note: str | None = None,
    forced: bool = False,
    to: State | None = None,
) -> ItemMoved:
    """Move `item` by `event`, or refuse with the rule it breaks. Returns the recorded event.

    A move that may end in more than one state from the item's (reinstate) needs `to`."""
    check_state(item, event)
    possible = targets(event, State(item.state))
    if len(possible) > 1 and to not in possible:
        raise ValueError(f"{event} from {item.state} needs to= one of {possible}")
    try:
        _MACHINE.events[event.value].trigger(
            item, actor=actor, at=at, note=note, forced=forced, to=to
        )
    except MachineError:  # the table and the machine are one; this would be a bug in both
        check_state(item, event)
        raise
    item.state = State(item.state)  # the machine writes the state's name; keep the enum
    moved = item.events[-1]
    assert isinstance(moved, ItemMoved)
    return moved


def mermaid() -> str:
    """The lifecycle as a Mermaid stateDiagram-v2, drawn from the one table."""
    from transitions.extensions import GraphMachine  # drawing only: not on the firing path

    class _Diagram:
        pass

    diagram = _Diagram()
    GraphMachine(
        model=diagram,
        states=[s.value for s in State],
        transitions=_table(drawing=True),
        initial=State.proposed.value,
        auto_transitions=False,
        graph_engine="mermaid",
        show_state_attributes=False,
    )
    text: str = diagram.get_graph().draw(None)  # type: ignore[attr-defined]
    lines = [
        line for line in text.splitlines() if not line.lstrip().startswith(("classDef", "Class "))
    ]
    # GraphMachine names the diagram; ours says what it is and adds the carry-over.
    body = "\n".join(lines[lines.index("stateDiagram-v2") :])
    body += "\n  deprioritised --> [*]: carried into the next cycle as a new proposal"
    body += "\n  followed_up --> [*]\n  withdrawn --> [*]\n  cancelled --> [*]"
    return body + "\n"
