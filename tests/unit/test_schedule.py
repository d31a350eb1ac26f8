"""What falls due: computed from the FTPOS calendar, on Swedish working days. No database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from arshjul.clock import STOCKHOLM
from arshjul.config import load_cycle_config
from arshjul.workflow import schedule
from arshjul.workflow.calendar import CycleCalendar, is_working_day


@pytest.fixture
def calendar() -> CycleCalendar:
    return CycleCalendar(load_cycle_config())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def by_kind(events: list[schedule.Due], kind: str) -> dict[str, datetime]:
    return {e.detail: e.due_at for e in events if e.kind == kind}


def test_every_phase_opens_and_closes_at_midnight(calendar: CycleCalendar) -> None:
    """Cycle 2027: the decision phase opens 1 July 2026 and closes at midnight after 30 September."""
    events = schedule.cycle_events(calendar, 2027)
    assert by_kind(events, schedule.PHASE_OPENS)["decision"] == at("2026-07-01 00:00")
    assert by_kind(events, schedule.PHASE_CLOSES)["decision"] == at("2026-10-01 00:00")
    assert by_kind(events, schedule.PHASE_OPENS)["dialogue"] == at(
        "2026-01-01 00:00"
    )  # never moved


def test_phase_reminders_fall_on_working_days(calendar: CycleCalendar) -> None:
    """3 days before 31 March 2026 is a Saturday: the reminder comes on Friday the 27th."""
    reminders = by_kind(schedule.cycle_events(calendar, 2027), schedule.PHASE_REMINDER)
    assert reminders["dialogue:14"] == at("2026-03-17 00:00")
    assert reminders["dialogue:3"] == at("2026-03-27 00:00")
    assert all(is_working_day(moment.date()) for moment in reminders.values())


def test_a_reminder_never_lands_on_midsummer_eve(calendar: CycleCalendar) -> None:
    """Due Monday 28 June 2027: 3 days before is Friday 25 June, Midsummer Eve, so Thursday."""
    events = schedule.measure_events(
        calendar, "2027-001", date(2027, 6, 28), at("2027-01-01 00:00")
    )
    three = {e.detail: e.due_at for e in events}["3"]
    assert three == at("2027-06-24 00:00")


def test_a_measure_gets_its_reminders_and_first_escalation(calendar: CycleCalendar) -> None:
    """Due Monday 15 March 2027: reminders 1 and 12 March, overdue from Tuesday the 16th."""
    events = schedule.measure_events(
        calendar, "2027-001", date(2027, 3, 15), at("2026-08-20 10:00")
    )
    assert [(e.kind, e.detail, e.due_at) for e in events] == [
        ("due_reminder", "14", at("2027-03-01 00:00")),
        ("due_reminder", "3", at("2027-03-12 00:00")),
        ("overdue", "1", at("2027-03-16 00:00")),
    ]


def test_reminders_before_the_decision_are_not_planned(calendar: CycleCalendar) -> None:
    """Decided two days before its due date, a measure gets no 14-day reminder."""
    events = schedule.measure_events(
        calendar, "2027-001", date(2027, 3, 15), at("2027-03-10 12:00")
    )
    assert [e.detail for e in events if e.kind == "due_reminder"] == ["3"]


def test_escalations_repeat_every_week_on_working_days(calendar: CycleCalendar) -> None:
    """The next escalation after a week of silence comes 7 days on, never on a weekend."""
    first = schedule.next_overdue(
        calendar, "2027-001", date(2027, 3, 15), after=at("2027-03-01 00:00")
    )
    second = schedule.next_overdue(
        calendar, "2027-001", date(2027, 3, 15), after=first.due_at, count=1
    )
    assert (first.detail, second.detail) == ("1", "2")
    assert second.due_at == at("2027-03-23 00:00")
    late = schedule.next_overdue(
        calendar, "2027-001", date(2027, 3, 15), after=at("2027-05-01 00:00"), count=1
    )
    assert late.due_at > at("2027-05-01 00:00") and is_working_day(late.due_at.date())


def test_event_identities_are_unique_and_stable(calendar: CycleCalendar) -> None:
    """Planning a cycle twice gives the same keys, and no two events share one."""
    first, second = schedule.cycle_events(calendar, 2027), schedule.cycle_events(calendar, 2027)
    assert [e.key for e in first] == [e.key for e in second]
    assert len({e.key for e in first}) == len(first)
    assert "phase_closes:2027:decision@2026-09-30T22:00:00Z" in {e.key for e in first}
