"""The cycle calendar: Swedish working days, phase dates, windows, where proposals go."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from arshjul.clock import STOCKHOLM
from arshjul.config import load_cycle_config
from arshjul.workflow.calendar import CycleCalendar, is_working_day


@pytest.fixture
def calendar() -> CycleCalendar:
    return CycleCalendar(load_cycle_config())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 6, 19), False),  # Midsummer Eve: de facto holiday
        (date(2026, 12, 24), False),  # Christmas Eve
        (date(2026, 12, 31), False),  # New Year's Eve
        (date(2026, 6, 6), False),  # National Day (a Saturday too)
        (date(2027, 1, 6), False),  # Epiphany
        (date(2026, 11, 22), False),  # a Sunday
        (date(2026, 11, 23), True),  # a Monday
    ],
)
def test_swedish_working_days(day: date, working: bool) -> None:
    """Weekends, public holidays and the de facto days off are not working days."""
    assert is_working_day(day) is working


def test_a_closing_on_new_years_eve_moves_to_the_last_working_day(calendar: CycleCalendar) -> None:
    """Communication closes 31 Dec 2026 by the file; Thursday 31 Dec is a day off, so the 30th."""
    phase = calendar.phase(2027, "communication")
    assert phase.closes == date(2026, 12, 30)
    assert phase.opens == date(2026, 10, 1)


def test_openings_never_move(calendar: CycleCalendar) -> None:
    """Execution opens on New Year's Day, a holiday, and stays there."""
    assert calendar.phase(2027, "execution").opens == date(2027, 1, 1)


def test_the_next_rule_moves_a_deadline_forward(tmp_path: object) -> None:
    """With working_days = "next", a weekend deadline moves to Monday."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "c.toml"
    path.write_text(
        'working_days = "next"\n[phases.dialogue]\ncloses = "P-1 03-28"\n', encoding="utf-8"
    )
    # 28 March 2026 is a Saturday
    assert CycleCalendar(load_cycle_config(path)).phase(2027, "dialogue").closes == date(
        2026, 3, 30
    )


def test_a_phase_closes_at_midnight_after_its_last_day_whatever_the_clock_change(
    calendar: CycleCalendar,
) -> None:
    """Dialogue 2027 closes at 00:00 Stockholm time on 1 April 2026, after the DST change."""
    closes = calendar.closes_at(2027, "dialogue")
    assert closes == at("2026-04-01 00:00")
    assert closes.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]


def test_the_current_phase_is_the_open_one_that_opened_last(calendar: CycleCalendar) -> None:
    """In November of the plan year, follow-up has opened inside execution."""
    assert calendar.current(2026, at("2026-11-23 12:00")) == "follow_up"
    assert calendar.current(2027, at("2026-11-23 12:00")) == "communication"
    assert (
        calendar.current(2027, at("2026-12-31 12:00")) is None
    )  # between the moved closing and execution
    assert calendar.current(2027, at("2029-01-01 12:00")) is None


def test_a_proposal_goes_to_the_open_dialogue_or_the_next_to_open(calendar: CycleCalendar) -> None:
    """In February the dialogue for next year is open; in May the one after that opens next."""
    assert calendar.proposal_cycle(at("2026-02-10 09:00")) == (2027, True, date(2026, 1, 1))
    assert calendar.proposal_cycle(at("2026-05-10 09:00")) == (2028, False, date(2027, 1, 1))
    # the last minute of the dialogue's last day still counts
    assert calendar.proposal_cycle(at("2026-03-31 23:59"))[0] == 2027


def test_the_decision_window_is_the_decision_phase(calendar: CycleCalendar) -> None:
    """Deciding is possible from 1 July to the end of the (moved) decision deadline."""
    start, end = calendar.window(2027, "decide")
    assert start == at("2026-07-01 00:00")
    assert end == at("2026-10-01 00:00")
    assert calendar.window(2027, "start")[1] is None


def test_prioritising_opens_with_the_prioritisation_phase_not_the_dialogue(
    calendar: CycleCalendar,
) -> None:
    """Q2 ("Under andra kvartalet … prioriteras"): 1 April to the decision's end, both ways."""
    for event in ("prioritise", "deprioritise"):
        assert calendar.window(2027, event) == (at("2026-04-01 00:00"), at("2026-10-01 00:00"))


@pytest.mark.parametrize("example", ["fspos", "soes", "finansrad"])
def test_every_built_in_body_prioritises_in_its_prioritisation_phase(example: str) -> None:
    """FSPOS, SOES and the regional council (which inherits the FTPOS windows) alike."""
    calendar = CycleCalendar(load_cycle_config(example=example))
    start, _ = calendar.window(2027, "prioritise")
    assert start == calendar.opens_at(2027, "prioritisation")


@pytest.mark.parametrize(
    ("rule", "asked", "stored"),
    [
        ("previous", date(2027, 6, 6), date(2027, 6, 4)),  # National Day, a Sunday
        ("next", date(2027, 6, 6), date(2027, 6, 7)),
        ("previous", date(2027, 12, 24), date(2027, 12, 23)),  # Christmas Eve (de facto)
        ("next", date(2027, 12, 24), date(2027, 12, 27)),  # then the weekend
        ("previous", date(2027, 10, 31), date(2027, 10, 29)),  # a Sunday
        ("none", date(2027, 6, 6), date(2027, 6, 6)),
        ("previous", date(2027, 6, 8), date(2027, 6, 8)),  # a Tuesday stays
    ],
)
def test_a_due_date_on_a_non_working_day_moves_by_the_rule(
    rule: str, asked: date, stored: date
) -> None:
    """working_due gives the day a measure's due date is stored as, and whether it moved."""
    from arshjul.config import config_from_text

    calendar = CycleCalendar(config_from_text(f'working_days = "{rule}"\n', "rule.toml"))
    assert calendar.working_due(asked) == (stored, stored != asked)
    move = calendar.due_move(asked)
    assert (move is None) is (stored == asked)
    if move is not None:
        assert (move.asked, move.to, move.rule) == (asked, stored, rule)


def test_the_person_deciding_is_told_why_and_where_the_due_date_moved(
    calendar: CycleCalendar,
) -> None:
    """The line names the day asked for, the holiday or weekday, the day stored and the rule."""
    from arshjul.workflow.views import due_moved_text

    holiday = calendar.due_move(date(2027, 6, 6))
    sunday = calendar.due_move(date(2027, 10, 31))
    assert holiday is not None and sunday is not None
    assert due_moved_text("2027-004", holiday, "en") == (
        "2027-004: due 2027-06-06 is a holiday (National Day): moved to 2027-06-04"
        " by the working-day rule (previous)"
    )
    assert due_moved_text("2027-004", sunday, "sv") == (
        "2027-004: förfallodagen 2027-10-31 är en söndag: flyttad till 2027-10-29"
        " enligt arbetsdagsregeln (previous)"
    )
    assert holiday.to_json("sv")["holiday"] == "Nationaldagen"
