"""The plan as a living document: a decision on the plan as a whole, a request for a new due
date, and what counts as a revision of a decided plan. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from arshjul.states.lifecycle import Event

#: A history row of an item of the decided plan that is its ordinary flow, not a revision:
#: how a proposal comes in and is handled, and how a measure is carried out and followed up.
#: Every other row after the decision (a correction, a late decision, a handover, whatever a
#: later release adds) is a revision of the plan.
ORDINARY = frozenset(
    {
        Event.submit.value,
        Event.carry_in.value,
        Event.import_.value,
        Event.prioritise.value,
        Event.deprioritise.value,
        Event.start.value,
        Event.complete.value,
        Event.follow_up.value,
        Event.withdraw.value,
        "record",  # the chain's adoption of what it did not bind before
        "coordinated",  # marked as coordinated with another body's item: a note, no change
    }
)
#: An owner's request for a new date and a declined one change nothing in the plan: an
#: accepted one is the replan it makes.
REQUEST_EVENTS = ("replan_request", "replan_decline")
#: What a replan may change, in the order a message lists them.
REPLAN_FIELDS = ("due", "owner", "quarters", "goal")


#: Every event that is no revision.
NOT_REVISIONS = ORDINARY | frozenset(REQUEST_EVENTS)


def is_revision(event: str) -> bool:
    return event not in NOT_REVISIONS


@dataclass(frozen=True)
class PlanDecision:
    """FI management's decision on a body's plan for `plan_year`."""

    id: int
    plan_year: int
    decided_at: datetime
    decided_by: str
    reference: str | None
    note: str | None
    digest: str


@dataclass(frozen=True)
class ReplanRequest:
    """An owner's request for a new due date; open while `answer` is None."""

    id: int
    item_id: str
    requested_by: str
    requested_at: datetime
    due: date
    reason: str
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    answer_note: str | None = None
