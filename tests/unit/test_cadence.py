"""Recurring meetings by cadence: the configuration that names them, and what a plan year owes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from arshjul.config import Cadence, config_from_text, default_text, load_cycle_config
from arshjul.errors import ConfigError
from arshjul.i18n import set_language
from arshjul.workflow.cadence import (
    Due,
    ToFix,
    all_due,
    fix_by,
    meetings_in,
    previous_meeting,
    to_fix,
)

BODY = '[body]\nshort = "FSPOS"\nstanding_groups = ["Övning"]\n'


def recurring(entry: str, body: str = BODY) -> str:
    """A configuration text with `body` and one `[[meetings.recurring]]` made of `entry`."""
    return f"{body}[[meetings.recurring]]\n{entry}"


def one(entry: str) -> Due:
    """The first recurring meeting of a configuration with `entry`, as plan year 2027 sees it."""
    return meetings_in(config_from_text(recurring(entry), "test").recurring[0], 2027)


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "quarter", "canonical"),
    [
        ("4 per year", "per_year", 4, 4, None, "4 per year"),
        ("6-8 per year", "per_year", 6, 8, None, "6-8 per year"),
        ("6–8 per year", "per_year", 6, 8, None, "6-8 per year"),
        ("every year in Q1", "in_quarter", 1, 1, 1, "every year in Q1"),
        ("every 3 years", "every_years", 3, 3, None, "every 3 years"),
        ("every 2-3 years", "every_years", 2, 3, None, "every 2-3 years"),
        ("every 2 – 3 years", "every_years", 2, 3, None, "every 2-3 years"),
    ],
)
def test_a_cadence_reads_each_written_form(
    text: str, kind: str, low: int, high: int, quarter: int | None, canonical: str
) -> None:
    """Each allowed form, with a hyphen or an en dash, reads to its counts and back."""
    cadence = Cadence.parse(text, "x")
    assert (cadence.kind, cadence.low, cadence.high, cadence.quarter) == (kind, low, high, quarter)
    assert str(cadence) == canonical


@pytest.mark.parametrize(
    "text", ["4 a year", "8-6 per year", "0 per year", "every year in Q5", "every 0 years", 4]
)
def test_a_cadence_not_in_the_allowed_forms_is_refused_naming_them(text: object) -> None:
    set_language("en")
    with pytest.raises(ConfigError) as error:
        Cadence.parse(text, "meetings.recurring[0].cadence")
    message = str(error.value)
    assert "meetings.recurring[0].cadence" in message
    assert '"6-8 per year"' in message and '"every 2-3 years"' in message


def test_the_built_in_cycles_have_no_recurring_meetings_nor_body() -> None:
    """FTPOS and the regional council parse as before: nothing recurring, no standing group."""
    for example in ("ftpos", "finansrad"):
        config = load_cycle_config(example=example)
        assert config.recurring == ()
        assert config.body.short == "" and config.body.standing_groups == ()


def test_fspos_is_a_built_in_cycle(tmp_path: Path) -> None:
    """FSPOS: fullmäktige every 2-3 years since 2025, the board 4 times a year on fixed days
    with the SOES information point, three standing groups."""
    fspos = load_cycle_config(example="fspos")
    path = tmp_path / "fspos.toml"
    path.write_text(default_text("fspos"), encoding="utf-8")
    assert load_cycle_config(path) == fspos
    assert fspos.name == "FSPOS" and fspos.convener == "Finansinspektionen"
    assert fspos.body.short == "FSPOS"
    assert fspos.body.standing_groups == ("Information", "Kontinuitetssäkring", "Övning")
    assembly, board = fspos.recurring
    assert (assembly.key, str(assembly.cadence), assembly.last) == (
        "fullmaktige",
        "every 2-3 years",
        2025,
    )
    assert assembly.dates == () and assembly.brief == ()
    assert (board.key, str(board.cadence), board.invite, board.brief) == (
        "styrelse",
        "4 per year",
        ("member",),
        ("SOES",),
    )
    assert [str(d) for d in board.dates] == ["P 02-11", "P 05-13", "P 09-16", "P 11-25"]
    assert board.points[0] == "Föregående mötes protokoll"


def test_soes_is_a_built_in_cycle() -> None:
    """SOES: the chiefs in Q1, SOES 6-8 times a year with six fixed days and the FSPOS point."""
    soes = config_from_text(default_text("soes"), "soes.toml")
    assert soes == load_cycle_config(example="soes")
    assert soes.body.short == "SOES"
    assert soes.body.standing_groups == ("Struktur", "Omvärld", "Analys", "Övning")
    chiefs, meeting = soes.recurring
    assert (chiefs.key, chiefs.cadence.quarter, chiefs.dates) == ("chefsmote", 1, ())
    assert chiefs.invite == ("designated", "adjunct")
    assert (meeting.key, meeting.cadence.low, meeting.cadence.high) == ("soes-mote", 6, 8)
    assert len(meeting.dates) == 6 and meeting.brief == ("FSPOS",)


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        (recurring("title = 'Styrelse'\ncadence = '4 per year'\ninvite = ['member']\n"), ".key", "is missing"),
        (recurring("key = 'Styrelse'\ntitle = 'S'\ncadence = '4 per year'\ninvite = ['member']\n"), ".key", "a key like"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ninvite = ['member']\nroom = 'A'\n"), ".room", "unknown key"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = 'often'\ninvite = ['member']\n"), ".cadence", "not a cadence"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = 'every 2-3 years'\ninvite = ['member']\n"), ".last", "needs the year"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\nlast = 2025\ninvite = ['member']\n"), ".last", "applies only"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = 'every 3 years'\nlast = '2025'\ninvite = ['member']\n"), ".last", "a year like 2025"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '2 per year'\ndates = ['P 03-01', 'P 06-01', 'P 09-01']\ninvite = ['member']\n"), ".dates", "at most 2"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ndates = ['P+1 03-01']\ninvite = ['member']\n"), ".dates[0]", "not in the plan year"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = 'every year in Q1'\ndates = ['P 04-01']\ninvite = ['member']\n"), ".dates[0]", "not in Q1"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ndates = ['P 03-01', 'P 03-01']\ninvite = ['member']\n"), ".dates[1]", "twice"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ninvite = ['chair']\n"), ".invite[0]", '"group:NAME"'),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ninvite = ['group:Analys']\n"), ".invite[0]", "(Övning)"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ninvite = []\n"), ".invite", "a list of texts"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ninvite = ['member']\nbrief = ['soes']\n"), ".brief[0]", "short name"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ninvite = ['member']\nbrief = ['FSPOS']\n"), ".brief[0]", "own short name"),
        (recurring("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ninvite = ['member']\n[[meetings.recurring]]\nkey = 's'\ntitle = 'T'\ncadence = '1 per year'\ninvite = ['member']\n"), "meetings.recurring[1].key", "twice"),
        ('[body]\nshort = "fspos"\n', "body.short", "short name"),
        ('[body]\nchair = "FI"\n', "body.chair", "unknown key"),
        ('[body]\nstanding_groups = ["Övning", "Övning"]\n', "body.standing_groups[1]", "twice"),
    ],
)  # fmt: skip
def test_a_wrong_recurring_meeting_is_refused_in_one_line(text: str, where: str, says: str) -> None:
    """Each mistake names the key and what it must be, on one line."""
    set_language("en")
    with pytest.raises(ConfigError) as error:
        config_from_text(text, "test.toml")
    message = str(error.value)
    assert where in message and says in message and "\n" not in message


def test_a_mistake_is_told_in_swedish_by_default() -> None:
    set_language("sv")
    with pytest.raises(ConfigError) as error:
        config_from_text(
            recurring("key = 's'\ntitle = 'S'\ncadence = 'often'\ninvite = ['member']\n"), "x"
        )
    assert "är ingen kadens" in str(error.value)


def test_a_standing_group_and_everyone_may_be_invited() -> None:
    config = config_from_text(
        recurring("key = 'ovning'\ntitle = 'Övning'\ncadence = '2 per year'\ninvite = ['group:Övning', 'everyone']\n"),
        "x",
    )  # fmt: skip
    assert config.recurring[0].invite == ("group:Övning", "everyone")


def test_a_yearly_count_wants_its_range_with_the_configured_dates() -> None:
    due = one("key = 's'\ntitle = 'S'\ncadence = '6-8 per year'\ndates = ['P 09-01', 'P 03-01']\ninvite = ['member']\n")  # fmt: skip
    assert due.wanted == (6, 8)
    assert due.fixed == (date(2027, 3, 1), date(2027, 9, 1))
    assert due.span == (date(2027, 1, 1), date(2027, 12, 31)) and due.quarter is None


def test_soes_fixes_six_and_may_fix_two_more_by_1_december() -> None:
    """Six days in the configuration meet the minimum: nothing is asked, two may be added."""
    meeting = load_cycle_config(example="soes").recurring[1]
    due = meetings_in(meeting, 2027)
    assert to_fix(due, []) == ToFix(count=0, optional=2, by=date(2026, 12, 1))
    assert to_fix(due, [*due.fixed, date(2027, 5, 5), date(2027, 12, 1)]) == ToFix(0, 0, None)


def test_missing_dates_are_counted_until_fixed() -> None:
    due = one("key = 's'\ntitle = 'S'\ncadence = '4 per year'\ndates = ['P 03-01']\ninvite = ['member']\n")  # fmt: skip
    assert to_fix(due, []) == ToFix(count=3, optional=0, by=date(2026, 12, 1))
    # the calendar holds the configured day (moved off a weekend) and one fixed by hand;
    # days of another year do not count
    assert to_fix(due, [date(2027, 2, 26), date(2027, 6, 1), date(2028, 1, 5)]).count == 2
    assert to_fix(due, [date(2027, m, 1) for m in (3, 6, 9, 11)]) == ToFix(0, 0, None)


def test_a_meeting_in_a_quarter_is_fixed_30_days_before_it() -> None:
    chiefs = load_cycle_config(example="soes").recurring[0]
    due = meetings_in(chiefs, 2027)
    assert (due.wanted, due.quarter, due.fixed) == ((1, 1), 1, ())
    assert due.span == (date(2027, 1, 1), date(2027, 3, 31))
    assert to_fix(due, []) == ToFix(count=1, optional=0, by=date(2026, 12, 2))
    assert to_fix(due, [date(2027, 4, 2)]).count == 1  # the second quarter is not the first
    assert to_fix(due, [date(2027, 2, 10)]) == ToFix(0, 0, None)


@pytest.mark.parametrize(
    ("quarter", "span", "by"),
    [
        (2, (date(2027, 4, 1), date(2027, 6, 30)), date(2027, 3, 2)),
        (4, (date(2027, 10, 1), date(2027, 12, 31)), date(2027, 9, 1)),
    ],
)
def test_each_quarter_has_its_span_and_its_day(
    quarter: int, span: tuple[date, date], by: date
) -> None:
    due = one(
        f"key = 'q'\ntitle = 'Q'\ncadence = 'every year in Q{quarter}'\ninvite = ['member']\n"
    )
    assert due.span == span and fix_by(due) == by


@pytest.mark.parametrize(
    ("plan_year", "wanted"),
    [
        (2024, (0, 1)),
        (2025, (0, 1)),
        (2026, (0, 0)),
        (2027, (0, 1)),
        (2028, (1, 1)),
        (2030, (1, 1)),
    ],
)
def test_every_2_3_years_is_allowed_after_2_and_wanted_after_3(
    plan_year: int, wanted: tuple[int, int]
) -> None:
    """FSPOS fullmäktige, last in 2025: none in 2026, allowed in 2027, wanted from 2028 on."""
    assembly = load_cycle_config(example="fspos").recurring[0]
    due = meetings_in(assembly, plan_year)
    assert due.wanted == wanted and due.fixed == ()
    assert to_fix(due, []).count == wanted[0]


def test_a_later_meeting_in_the_calendar_restarts_the_count() -> None:
    assembly = load_cycle_config(example="fspos").recurring[0]
    assert meetings_in(assembly, 2028, last_held=2027).wanted == (0, 0)
    assert meetings_in(assembly, 2028, last_held=2020).wanted == (1, 1)  # older than `last`
    assert all_due([assembly], 2029, {"fullmaktige": 2027})[0].wanted == (0, 1)


def test_a_multi_year_meeting_has_its_configured_date_only_when_it_may_be_held() -> None:
    text = "key = 'f'\ntitle = 'F'\ncadence = 'every 3 years'\nlast = 2025\ndates = ['P 05-20']\ninvite = ['member']\n"  # fmt: skip
    meeting = config_from_text(recurring(text), "x").recurring[0]
    assert meetings_in(meeting, 2027).fixed == ()
    assert meetings_in(meeting, 2028).fixed == (date(2028, 5, 20),)
    assert to_fix(meetings_in(meeting, 2028), []) == ToFix(0, 0, None)


def test_the_brief_starts_at_the_previous_meeting() -> None:
    days = [date(2027, 2, 11), date(2027, 5, 13), date(2027, 9, 16)]
    assert previous_meeting(days, date(2027, 9, 16)) == date(2027, 5, 13)
    assert previous_meeting(days, date(2027, 5, 14)) == date(2027, 5, 13)
    assert previous_meeting(days, date(2027, 2, 11)) is None
