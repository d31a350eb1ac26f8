"""What counts as a revision of a decided plan: every history event but the plan's own flow."""

from __future__ import annotations

import pytest

from arshjul.states import Event
from arshjul.states.living import is_revision


@pytest.mark.parametrize("event", ["replan", "cancel", "reinstate", "decide", "edit", "handover"])
def test_a_correction_a_late_decision_and_what_a_later_release_records_are_revisions(
    event: str,
) -> None:
    """Corrections, a decision after the plan's, and events this release does not know."""
    assert is_revision(event)


@pytest.mark.parametrize(
    "event",
    [
        *(e.value for e in (Event.start, Event.complete, Event.follow_up, Event.deprioritise)),
        "record",
        "coordinated",
        "replan_request",
        "replan_decline",
    ],
)
def test_the_plans_own_flow_a_note_and_an_unanswered_request_are_not(event: str) -> None:
    """Carrying out and following up, the chain's records, an overlap's mark, a request."""
    assert not is_revision(event)
