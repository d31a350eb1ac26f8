"""FI's follow-up request to the owners of a plan year's measures: which measures, by when,
and which are still to be reported done. One computation, for the mail the scheduler sends
when the follow-up opens and for the notice on the owner's page while it is open."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from arshjul.states.lifecycle import OPEN_MEASURE, TO_FOLLOW_UP
from arshjul.workflow.calendar import CycleCalendar

_TO_FOLLOW_UP = frozenset(s.value for s in TO_FOLLOW_UP)
_OPEN = frozenset(s.value for s in OPEN_MEASURE)

#: A measure as the request needs it: id, plan year, state (as written in JSON), owner.
Measure = tuple[str, int, str, str | None]


@dataclass(frozen=True)
class FollowUpRequest:
    plan_year: int
    owner: str
    closes: date
    item_ids: tuple[str, ...]  # every measure of theirs the follow-up takes up
    to_report: tuple[str, ...]  # those of them not yet reported done

    @property
    def all_reported(self) -> bool:
        return not self.to_report


def followup_requests(
    calendar: CycleCalendar, plan_year: int, measures: Iterable[Measure]
) -> list[FollowUpRequest]:
    """One request for each owner of the plan year's measures still to follow up."""
    closes = calendar.phase(plan_year, "follow_up").closes
    theirs: dict[str, list[tuple[str, str]]] = {}
    for item_id, cycle, state, owner in measures:
        if cycle == plan_year and owner and state in _TO_FOLLOW_UP:
            theirs.setdefault(owner, []).append((item_id, state))
    return [
        FollowUpRequest(
            plan_year,
            owner,
            closes,
            tuple(sorted(item_id for item_id, _ in items)),
            tuple(sorted(item_id for item_id, state in items if state in _OPEN)),
        )
        for owner, items in sorted(theirs.items())
    ]


def standing_requests(
    calendar: CycleCalendar, owner: str, today: date, measures: Iterable[Measure]
) -> list[FollowUpRequest]:
    """The requests to `owner` that stand today: one for each plan year whose follow-up is
    open, as the mail at its opening asked."""
    mine = [m for m in measures if m[3] == owner]
    standing = []
    for plan_year in sorted({m[1] for m in mine}):
        phase = calendar.phase(plan_year, "follow_up")
        if phase.opens <= today <= phase.closes:
            standing += followup_requests(calendar, plan_year, mine)
    return standing
