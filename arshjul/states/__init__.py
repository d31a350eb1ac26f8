"""The item lifecycle: states, the one transition table, who may fire what. Pure: no I/O."""

from arshjul.states.lifecycle import TRANSITIONS, Event, State, fire, mermaid
from arshjul.states.model import Actor, Item, Role
from arshjul.states.rules import check_actor, check_force, check_window

__all__ = [
    "TRANSITIONS",
    "Actor",
    "Event",
    "Item",
    "Role",
    "State",
    "check_actor",
    "check_force",
    "check_window",
    "fire",
    "mermaid",
]
