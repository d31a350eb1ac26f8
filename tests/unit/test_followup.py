"""FI's follow-up request, computed once for the mail and the owner's page. No database."""

from __future__ import annotations

from datetime import date

from arshjul.config import load_cycle_config
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.followup import followup_requests, standing_requests

CALENDAR = CycleCalendar(load_cycle_config())
MEASURES = [
    ("2027-001", 2027, "decided", "olle@nordbanken.se"),
    ("2027-002", 2027, "executed", "olle@nordbanken.se"),
    ("2027-003", 2027, "followed_up", "olle@nordbanken.se"),
    ("2027-004", 2027, "in_progress", "pia@sydbank.se"),
    ("2027-005", 2027, "deprioritised", None),
    ("2026-009", 2026, "decided", "olle@nordbanken.se"),
]


def test_each_owner_is_asked_about_their_measures_still_to_follow_up() -> None:
    """Olle about 001 (to report) and 002 (reported done), not the followed-up 003; Pia about
    hers; by the follow-up's last day."""
    [olle, pia] = followup_requests(CALENDAR, 2027, MEASURES)
    assert (olle.owner, olle.item_ids, olle.to_report) == (
        "olle@nordbanken.se",
        ("2027-001", "2027-002"),
        ("2027-001",),
    )
    assert (pia.item_ids, pia.to_report) == (("2027-004",), ("2027-004",))
    assert olle.closes == CALENDAR.phase(2027, "follow_up").closes


def test_a_request_stands_only_while_the_follow_up_is_open() -> None:
    """Before 1 November 2027 nothing stands for 2027; on it, Olle's request; all reported done
    says so."""
    owner = "olle@nordbanken.se"
    assert [
        r.plan_year for r in standing_requests(CALENDAR, owner, date(2027, 10, 31), MEASURES)
    ] == []
    [standing] = standing_requests(CALENDAR, owner, date(2027, 11, 1), MEASURES)
    assert standing.plan_year == 2027 and not standing.all_reported
    done = [(i, c, "executed" if s == "decided" else s, o) for i, c, s, o in MEASURES]
    [reported] = standing_requests(CALENDAR, owner, date(2027, 11, 1), done)
    assert reported.all_reported
