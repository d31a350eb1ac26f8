"""The cycle configuration: defaults, overrides, and every way a file can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshjul.config import RelativeDate, default_text, load_cycle_config
from arshjul.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cycle.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_built_in_cycle_is_ftpos() -> None:
    """Without a file, the FTPOS cycle of the framework is in force."""
    config = load_cycle_config()
    assert config.name == "FTPOS"
    assert str(config.phases["decision"].opens) == "P-1 07-01"
    assert config.reminders.due_days == (14, 3)
    assert config.windows["decide"][0] is not None


def test_the_printed_default_loads_back_as_itself(tmp_path: Path) -> None:
    """`cycle default` output is a valid configuration file equal to the built-in one."""
    assert load_cycle_config(write(tmp_path, default_text())) == load_cycle_config()


def test_a_file_overrides_only_what_it_says(tmp_path: Path) -> None:
    """Tables a file leaves out keep the FTPOS values."""
    config = load_cycle_config(
        write(tmp_path, 'name = "Finansrådet"\n[phases.decision]\ncloses = "P-1 10-15"\n')
    )
    assert config.name == "Finansrådet"
    assert str(config.phases["decision"].closes) == "P-1 10-15"
    assert str(config.phases["decision"].opens) == "P-1 07-01"
    assert config.phases["execution"] == load_cycle_config().phases["execution"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("colour = 'blue'\n", "colour"),
        ("[phases.decision]\nstarts = 'P-1 07-01'\n", "phases.decision.starts"),
        ("[phases.decision]\nopens = 'P-1 13-01'\n", "phases.decision.opens"),
        ("[phases.decision]\nopens = '1 July'\n", "phases.decision.opens"),
        ("[phases.decision]\nopens = 'P-1 02-29'\n", "phases.decision.opens"),
        ("[phases.decision]\ncloses = 'P-1 06-01'\n", "phases.decision.closes"),
        (
            "[phases.prioritisation]\nopens = 'P-2 12-01'\ncloses = 'P-2 12-31'\n",
            "phases.prioritisation",
        ),
        ("working_days = 'sometimes'\n", "working_days"),
        ("timezone = 'Mars/Olympus'\n", "timezone"),
        ("[reminders]\ndue_days = [14, 'three']\n", "reminders.due_days"),
        ("[reminders]\nsend_at = '8 am'\n", "reminders.send_at"),
        ("[reminders]\nsend_at = '08:00+01:00'\n", "reminders.send_at"),
        ("[windows]\ndecide = ['decision.opens', 'lunch']\n", "windows.decide"),
        ("name = \n", "cycle.toml"),
        ("[[meetings.agenda]]\non = 'P 03-15'\n", "meetings.agenda[0].title"),
        ("[[meetings.agenda]]\non = 'P 13-15'\ntitle = 'Råd'\n", "meetings.agenda[0].on"),
        (
            "[[meetings.agenda]]\non = 'P 03-15'\ntitle = 'Råd'\nroom = 'A'\n",
            "meetings.agenda[0].room",
        ),
        ("[meetings]\nstanding_agenda = [1, 2]\n", "meetings.standing_agenda"),
        ("[meetings]\nagenda_time = 'lunch'\n", "meetings.agenda_time"),
        ("[escalation]\nkinds = ['authority', 'bank']\n", "escalation.kinds[1]"),
        ("[escalation]\nkinds = 'authority'\n", "escalation.kinds"),
        ("[escalation]\nkinds = ['company', 'company']\n", "escalation.kinds[1]"),
        ("[escalation]\nkind = ['company']\n", "escalation.kind"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_key(tmp_path: Path, text: str, where: str) -> None:
    """Unknown keys, bad dates, phases out of order: an error that names where."""
    with pytest.raises(ConfigError) as error:
        load_cycle_config(write(tmp_path, text))
    assert where in str(error.value)


def test_relative_dates_count_from_the_plan_year() -> None:
    """ "P-1 03-31" is 31 March of the year before the plan year."""
    from datetime import date

    assert RelativeDate.parse("P-1 03-31", "x").on(2027) == date(2026, 3, 31)
    assert RelativeDate.parse("P+1 01-31", "x").on(2027) == date(2028, 1, 31)
    assert RelativeDate.parse("P 12-31", "x").on(2027) == date(2027, 12, 31)


def test_the_regional_council_is_a_second_built_in_cycle(tmp_path: Path) -> None:
    """`cycle default --example finansrad` prints a file that loads as the built-in example:
    its phases, no information meetings, and the four council meetings of Bilaga 1."""
    council = load_cycle_config(example="finansrad")
    assert load_cycle_config(write(tmp_path, default_text("finansrad"))) == council
    assert council.name == "Finanssamarbetet" and council.information_meetings == ()
    assert str(council.phases["decision"].closes) == "P-1 12-15"
    assert [m.title for m in council.agenda.meetings] == [
        f"Finansråd, kvartal {q}" for q in (1, 2, 3, 4)
    ]
    assert council.agenda.meetings[0].points[0] == "Verksamhetsberättelse"
    assert council.agenda.meetings[3].points == ("Revidering av verksamhetsplan",)
    assert council.agenda.standing[-1] == "Avvikelsehantering (compliancerapport)"
    assert load_cycle_config().agenda.meetings == ()  # FTPOS has none


def test_by_default_only_authorities_owners_escalate_to_a_manager(tmp_path: Path) -> None:
    """`[escalation] kinds`: ["authority"] built in, inherited by every body; a file may name
    other kinds, or none."""
    assert load_cycle_config().escalation == ("authority",)
    for example in ("finansrad", "fspos", "soes"):
        assert load_cycle_config(example=example).escalation == ("authority",)
    both = write(tmp_path, "[escalation]\nkinds = ['authority', 'association']\n")
    assert load_cycle_config(both).escalation == ("authority", "association")
    assert load_cycle_config(write(tmp_path, "[escalation]\nkinds = []\n")).escalation == ()
