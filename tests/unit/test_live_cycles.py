"""Which cycles are under way on a given day: the board and the reports open at the newest."""

from __future__ import annotations

import pytest

from arshjul.workflow.calendar import CycleCalendar
from tests.conftest import at


@pytest.mark.parametrize(
    ("moment", "live"),
    [
        ("2026-02-10 09:00", [2026, 2027]),  # 2026 carried out, 2027 in its dialogue
        ("2026-12-02 09:00", [2026, 2027]),
        ("2027-01-15 09:00", [2026, 2027, 2028]),  # 2026's follow-up runs to the end of January
        ("2027-02-01 00:00", [2027, 2028]),
    ],
)
def test_the_live_cycles_are_those_opened_and_not_yet_followed_up(
    calendar: CycleCalendar, moment: str, live: list[int]
) -> None:
    """A cycle is live from its dialogue's opening to its follow-up's closing."""
    assert calendar.live(at(moment)) == live
