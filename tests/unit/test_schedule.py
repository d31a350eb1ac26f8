"""What falls due: computed from the FTPOS calendar, on Swedish working days. No database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

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
    """3 days before 31 March 2026 is a Saturday: the reminder comes on Friday the 27th at 08:00."""
    reminders = by_kind(schedule.cycle_events(calendar, 2027), schedule.PHASE_REMINDER)
    assert reminders["dialogue:14"] == at("2026-03-17 08:00")
    assert reminders["dialogue:3"] == at("2026-03-27 08:00")
    assert all(is_working_day(moment.date()) for moment in reminders.values())


def test_a_reminder_never_lands_on_midsummer_eve(calendar: CycleCalendar) -> None:
    """Due Monday 28 June 2027: 3 days before is Friday 25 June, Midsummer Eve, so Thursday."""
    events = schedule.measure_events(
        calendar, "2027-001", date(2027, 6, 28), at("2027-01-01 00:00")
    )
    three = {e.detail: e.due_at for e in events}["3"]
    assert three == at("2027-06-24 08:00")


def test_a_measure_gets_its_reminders_and_first_escalation(calendar: CycleCalendar) -> None:
    """Due Monday 15 March 2027: reminders 1 and 12 March, overdue from Tuesday the 16th, at 08:00."""
    events = schedule.measure_events(
        calendar, "2027-001", date(2027, 3, 15), at("2026-08-20 10:00")
    )
    assert [(e.kind, e.detail, e.due_at) for e in events] == [
        ("due_reminder", "14", at("2027-03-01 08:00")),
        ("due_reminder", "3", at("2027-03-12 08:00")),
        ("overdue", "1", at("2027-03-16 08:00")),
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
    assert second.due_at == at("2027-03-23 08:00")
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


def test_reminders_are_due_at_send_at_on_working_days_when_the_rule_moves_nothing(
    tmp_path: Path,
) -> None:
    """With working_days = "none" and send_at = "07:30", a reminder on a Saturday comes Friday 07:30."""
    path = tmp_path / "own.toml"
    path.write_text('working_days = "none"\n[reminders]\nsend_at = "07:30"\n', encoding="utf-8")
    own = CycleCalendar(load_cycle_config(path))
    events = schedule.measure_events(own, "2027-001", date(2027, 3, 16), at("2027-01-01 00:00"))
    # 3 days before Tuesday 16 March 2027 is Saturday the 13th
    assert {e.detail: e.due_at for e in events if e.kind == "due_reminder"}["3"] == at(
        "2027-03-12 07:30"
    )
    assert all(e.due_at.time().isoformat() == "07:30:00" for e in events)


@pytest.mark.parametrize(
    ("moment", "office"),
    [
        ("2026-12-31 00:00", "2027-01-04 08:00"),  # New Year's Eve and Day, then a weekend
        ("2027-03-16 00:00", "2027-03-16 08:00"),  # a Tuesday's midnight: that morning
        ("2027-03-16 10:15", "2027-03-16 10:15"),  # in office hours: at once
        ("2027-03-19 18:00", "2027-03-19 18:00"),  # a Friday evening, still that working day
        ("2027-03-20 09:00", "2027-03-22 08:00"),  # a Saturday: Monday morning
    ],
)
def test_the_schedulers_mail_waits_for_send_at_on_a_working_day(
    calendar: CycleCalendar, moment: str, office: str
) -> None:
    """Mail the scheduler writes goes out from send_at (08:00) on a working day, never at night."""
    assert calendar.office_moment(at(moment)) == at(office)


def _notices(calendar: CycleCalendar, due: date, how_many: int) -> list[date]:
    """The days of a measure's first overdue notices, each planned as the ticker plans it:
    after the one before fired, on time."""
    days, after, count = [], at(f"{due.isoformat()} 00:00"), 0
    for _ in range(how_many):
        notice = schedule.next_overdue(calendar, "2027-001", due, after=after, count=count)
        assert int(notice.detail) == count + 1  # numbered without gaps
        days.append(notice.due_at.date())
        after, count = notice.due_at, count + 1
    return days


def _every(days: int) -> CycleCalendar:
    from arshjul.config import config_from_text

    text = f"[reminders]\noverdue_every_days = {days}\n"
    return CycleCalendar(config_from_text(text, "every.toml"))


@pytest.mark.parametrize("every", [1, 2, 3, 5, 7, 10, 14, 30])
def test_overdue_notices_repeat_at_exactly_their_interval(every: int) -> None:
    """The n-th notice falls on the first working day after the due day + (n-1)·interval, moved
    forward only when that day is not a working day: the moves never add up."""
    calendar = _every(every)
    due = date(2027, 2, 3)  # a Wednesday: the first notice on Thursday the 4th
    days = _notices(calendar, due, 30)
    first = date(2027, 2, 4)
    assert days[0] == first
    for day in days:
        assert is_working_day(day) and calendar.send_time_on(day).hour == 8
    nominal = [first + timedelta(days=k * every) for k in range(200)]
    for day in days:
        # Each notice is its own nominal day, or the first working day after it.
        before = max(n for n in nominal if n <= day)
        assert all(
            not is_working_day(before + timedelta(days=d)) for d in range((day - before).days)
        )
    on_working_days = [n for n in nominal if is_working_day(n)]
    assert set(on_working_days) & set(nominal[: len(days)]) <= set(days)


def test_a_notice_moved_by_easter_does_not_shift_the_next(calendar: CycleCalendar) -> None:
    """Due Thursday 25 March 2027: Good Friday and Easter Monday move the first notice to
    Tuesday the 30th; the rest follow it every 7 days, not 3 days after a moved one."""
    assert _notices(calendar, date(2027, 3, 25), 4) == [
        date(2027, 3, 30),
        date(2027, 4, 6),
        date(2027, 4, 13),
        date(2027, 4, 20),
    ]


def test_a_notice_on_midsummer_eve_moves_and_the_next_keeps_its_day(
    calendar: CycleCalendar,
) -> None:
    """Due Thursday 3 June 2027: Fridays 4, 11, 18 June; Midsummer Eve (the 25th) moves to
    Monday the 28th; then Friday 2 July again, exactly a week after Midsummer Eve."""
    assert _notices(calendar, date(2027, 6, 3), 6) == [
        date(2027, 6, 4),
        date(2027, 6, 11),
        date(2027, 6, 18),
        date(2027, 6, 28),
        date(2027, 7, 2),
        date(2027, 7, 9),
    ]


def test_daily_notices_skip_a_holiday_without_two_on_one_day() -> None:
    """Every day over Christmas 2026: a notice moved onto the day of the next is sent once."""
    days = _notices(_every(1), date(2026, 12, 22), 6)
    assert days == [
        date(2026, 12, 23),
        date(2026, 12, 28),
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2027, 1, 4),
        date(2027, 1, 5),
    ]
    assert len(set(days)) == len(days)


def test_the_overdue_notice_says_how_often_they_come() -> None:
    """The mail never says "every week" when the configuration says otherwise."""
    from arshjul.notifications.render import render

    item = {"id": "2027-001", "title": "T", "due": "2027-02-03", "state": "decided", "owner": "o"}
    base = {"person": {"name": "P"}, "item": item, "count": 2, "days_late": 8}
    for every, sv, en in ((7, "varje vecka", "every week"), (10, "var 10:e dag", "every 10 days")):
        context = base | {"every": every, "cycle_name": "FTPOS"}
        assert sv in render("overdue", "sv", context).text
        assert en in render("overdue", "en", context).text
