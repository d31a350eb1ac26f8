"""Goals, indicators and internal control through the command line, as a coordinator uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.data import make_regional_plan as seed_plan
from tests.e2e.conftest import Run, seed

FI = "anna@fi.se"
DECIDER = "chef@fi.se"


def council(cli: Run) -> None:
    """The e2e sector, with the functions FO (led by the coordinator) and MO (by Bo)."""
    seed(cli)
    cli("function", "add", "FO", "--name", "Front office", "--head", FI, actor=FI)
    cli("function", "add", "MO", "--name", "Middle office", "--head", "bo@nordbanken.se", actor=FI)


def plan_state(cli: Run, year: str = "2027") -> str:
    """Everything a plan command could change."""
    return "".join(
        cli(*command, "--json", actor=FI).stdout
        for command in (
            ("list",),
            ("goal", "list", "--cycle", year),
            ("risk", "list", "--cycle", year),
            ("activity", "list", "--cycle", year),
            ("function", "list"),
        )
    )


def test_a_plan_written_by_commands_prints_as_the_seed(cli: Run, tmp_path: Path) -> None:
    """goal, indicator, decide --goal --quarters, activity, risk add and assess; the report."""
    council(cli)
    assert cli("goal", "add", "Robust organisation", "--cycle", "2027", actor=FI).stdout == "1\n"
    cli(
        "indicator",
        "add",
        "3.1",
        "Inga väsentliga avvikelser",
        "--cycle",
        "2027",
        "--target",
        "0",
        "--better",
        "lower",
        actor=FI,
    )
    item = cli("propose", "Revidering finanspolicy", now="2026-02-10", actor="bo@nordbanken.se")
    item_id = item.stdout.strip()
    cli("prioritise", item_id, now="2026-05-12", actor=FI)
    cli(
        "decide",
        item_id,
        "--owner",
        "FO",
        "--due",
        "2027-06-30",
        "--goal",
        "1",
        "--quarters",
        "Q1,Q2",
        now="2026-08-20",
        actor=DECIDER,
    )
    shown = cli(
        "activity",
        "add",
        "Kompetensutveckling",
        "--responsible",
        "MO",
        "--goal",
        "1",
        "--cycle",
        "2027",
        actor=FI,
    )
    assert shown.stdout == "1b\n"  # after the measure 1a
    number = cli(
        "risk",
        "add",
        "Fel person anställs",
        "--cycle",
        "2027",
        "--responsible",
        "Alla",
        "--action-level",
        "3",
        "--probability",
        "2",
        "--consequence",
        "3",
        "--action",
        "Bidra till rollbeskrivning",
        "--by",
        "vid behov",
        actor=FI,
    ).stdout.strip()
    assessed = cli(
        "risk",
        "assess",
        number,
        "--cycle",
        "2027",
        "--probability",
        "1",
        "--consequence",
        "3",
        actor=FI,
    )
    assert assessed.stdout.strip() == "risk 1: 2×3=6 → 1×3=3"
    history = json.loads(cli("risk", "show", "1", "--cycle", "2027", "--json", actor=FI).stdout)[
        "history"
    ]
    assert [(h["probability"], h["consequence"]) for h in history] == [(2, 3), (1, 3)]
    recorded = cli(
        "indicator", "record", "1", "--cycle", "2027", "--value", "0", "--period", "2027", actor=FI
    )
    assert recorded.stdout.strip() == "1.1 2027: 0 (≤ 0, uppnått)"

    target = tmp_path / "plan.xlsx"
    cli("report", "plan", "2027", "-o", str(target), actor=FI)
    book = load_workbook(target, read_only=True)
    rows = [list(r) for r in book["Mål och aktiviteter"].iter_rows(values_only=True)]
    assert [
        "1a",
        "Revidering finanspolicy",
        "FO",
        "X",
        "X",
        None,
        None,
        "2027-06-30",
        "Ej påbörjat",
    ] in rows
    assert ["1b", "Kompetensutveckling", "MO"] in [r[:3] for r in rows]
    matrix = [list(r) for r in book["Riskmatris"].iter_rows(values_only=True)]
    [three] = [r for r in matrix if len(r) > 2 and r[1] == 3]
    assert three[2] == "1"  # consequence 3, probability 1: after the reassessment
    book.close()
    markdown = cli("report", "plan", "2027", actor=FI).stdout
    assert (
        "| 1a | Revidering finanspolicy | FO | x | x |  |  | 2027-06-30 | Ej påbörjat |" in markdown
    )


def risk_add(probability: str = "2", by: str = "2027-06-30") -> tuple[str, ...]:
    """`risk add` of a risk for 2027, its probability and date as given."""
    return (
        *("risk", "add", "R", "--cycle", "2027", "--responsible", "FO", "--action-level", "1"),
        *("--probability", probability, "--consequence", "2", "--action", "A", "--by", by),
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (risk_add(probability="5"), "probability 5 ska vara 1–4"),
        (risk_add(by="i morgon"), "'i morgon'"),
        (
            ("risk", "assess", "7", "--cycle", "2027", "--probability", "1", "--consequence", "1"),
            "Ingen risk 7",
        ),
        (("indicator", "add", "9", "X", "--cycle", "2027"), "Inget mål 9 i planen för 2027"),
        (
            ("indicator", "record", "1", "--cycle", "2027", "--value", "0", "--period", "2027-Q5"),
            "2027-Q5",
        ),
        (("goal", "add", "Igen", "--cycle", "2027", "--number", "1"), "mål 1 finns redan"),
        (("function", "add", "FO", "--name", "X", "--head", FI), "FO finns redan"),
        (
            ("activity", "add", "Löpande", "--responsible", "FO", "--goal", "4", "--cycle", "2027"),
            "Inget mål 4",
        ),
    ],
)
def test_bad_plan_input_is_one_error_line_and_changes_nothing(
    cli: Run, args: tuple[str, ...], says: str
) -> None:
    """Probability 5, a deadline that is no date, goals and risks that do not exist."""
    council(cli)
    cli("goal", "add", "Robust organisation", "--cycle", "2027", actor=FI)
    before = plan_state(cli)
    result = cli(*args, actor=FI, check=False)
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.stderr
    assert plan_state(cli) == before


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--goal", "9"), "Inget mål 9 i planen för 2027"),
        (("--goal", "1", "--quarters", "Q3,Q5"), "'Q5' är inget kvartal"),
        (("--goal", "1", "--quarters", "2030-Q1"), "utanför planens år 2027–2029"),
        (("--owner", "XO"), "Ingen person eller funktion XO"),
    ],
)
def test_a_decision_into_a_goal_that_does_not_exist_or_a_quarter_q5_decides_nothing(
    arshjul: Run, cli: Run, extra: tuple[str, ...], says: str
) -> None:
    """In a real process: one `error:` line, exit 1, the item still prioritised."""
    council(cli)
    cli("goal", "add", "Robust organisation", "--cycle", "2027", actor=FI)
    item_id = cli("propose", "Åtgärd", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    cli("prioritise", item_id, now="2026-05-12", actor=FI)
    before = plan_state(cli)
    owner = () if "--owner" in extra else ("--owner", "FO")
    result = arshjul(
        "decide",
        item_id,
        *owner,
        "--due",
        "2029-12-31",
        *extra,
        now="2026-08-20",
        actor=DECIDER,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.stderr
    assert plan_state(cli) == before


def test_the_seeds_workbook_imports_through_the_command_line_and_a_bad_one_does_not(
    cli: Run, tmp_path: Path
) -> None:
    """`import plan.xlsx --cycle 2023`: counts printed; probability 5 named by sheet and line."""
    council(cli)
    bad = seed_plan.build(tmp_path / "bad.xlsx")
    book = load_workbook(bad)
    book["Internkontrollplan"].cell(5, 5, 5)  # risk 2's probability
    book.save(bad)
    before = plan_state(cli, "2023")
    result = cli("import", str(bad), "--cycle", "2023", actor=FI, check=False)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert (
        line.startswith("error: ")
        and "Internkontrollplan, rad 5: probability 5 ska vara 1–4" in line
    )
    assert plan_state(cli, "2023") == before
    done = json.loads(
        cli("import", str(seed_plan.WORKBOOK), "--cycle", "2023", "--json", actor=FI).stdout
    )
    assert (done["goals"], len(done["measures"]), done["running"], done["risks"]) == (6, 19, 4, 11)
    shown = json.loads(cli("show", done["measures"][0], "--json", actor=FI).stdout)
    assert (shown["state"], shown["owner"], shown["history"][0]["event"]) == (
        "decided",
        FI,
        "import",
    )
    proposals = tmp_path / "proposals.csv"
    proposals.write_text(
        "title,org,proposer\nÖvning,Nordbanken AB,bo@nordbanken.se\n", encoding="utf-8"
    )
    assert (
        "importerade 1 förslag" in cli("import", str(proposals), now="2026-02-10", actor=FI).stdout
    )


def test_the_regional_councils_configuration_is_printed_and_runs(cli: Run, tmp_path: Path) -> None:
    """`cycle default --example finansrad` is a file `--config` takes: its phases and agenda."""
    text = cli("cycle", "default", "--example", "finansrad").stdout
    assert 'title = "Finansråd, kvartal 4"' in text and "Revidering av verksamhetsplan" in text
    path = tmp_path / "finansrad.toml"
    path.write_text(text, encoding="utf-8")
    shown = json.loads(cli("cycle", "show", "2023", "--config", str(path), "--json").stdout)
    assert shown["name"] == "Finanssamarbetet"
    assert {p["key"]: p["closes"] for p in shown["phases"]}["decision"] == "2022-12-15"
    assert cli("cycle", "default").stdout.startswith("# The FTPOS cycle")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_plan_changes_through_the_command_line(cli: Run) -> None:
    """set and retire with --json, one error line for what is refused, --all lists the retired,
    a recurring activity reported done, and the follow-up lists its occurrence."""
    council(cli)
    year = ("--cycle", "2026")
    for command in (
        ("goal", "set"),
        ("goal", "retire"),
        ("indicator", "set"),
        ("indicator", "retire"),
        ("activity", "set"),
        ("activity", "retire"),
        ("activity", "done"),
        ("risk", "set"),
        ("risk", "retire"),
    ):
        assert "--reason" in cli(*command, "--help").stdout or command == ("activity", "done")
    cli("goal", "add", "Robust organisation", *year, actor=FI)
    changed = cli(
        "goal", "set", "1", "--title", "Robust", "--reason", "Kortare", "--json", *year, actor=FI
    )
    assert json.loads(changed.stdout) == {
        "kind": "goal",
        "name": "1",
        "before": {"title": "Robust organisation"},
        "after": {"title": "Robust"},
        "reason": "Kortare",
    }
    for who in ("chef@fi.se", "bo@nordbanken.se", "pia@sydbank.se"):
        refused = cli("goal", "retire", "1", "--reason", "r", *year, actor=who, check=False)
        assert refused.returncode == 1 and refused.stderr.startswith("error:"), who
    missing = cli("goal", "retire", "1", *year, actor=FI, check=False)
    assert (missing.returncode, missing.stderr.count("\n")) == (1, 1)
    bad = cli(
        "activity",
        "add",
        "CO2",
        "--responsible",
        "MO",
        "--on",
        "31 mars",
        *year,
        actor=FI,
        check=False,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("error:")
    nr = cli(
        "activity",
        "add",
        "CO2-screening (årligen)",
        "--responsible",
        "MO",
        "--every",
        "year",
        "--on",
        "P 03-31",
        *year,
        actor=FI,
    ).stdout.strip()
    assert nr == "L1"
    late = cli("activity", "done", nr, *year, now="2026-04-02", actor="pia@sydbank.se", check=False)
    assert late.returncode == 1 and "pia@sydbank.se" in late.stderr
    done = cli(
        "activity",
        "done",
        nr,
        "--on",
        "2026-03-30",
        "--json",
        *year,
        now="2026-04-02",
        actor="bo@nordbanken.se",
    )
    assert json.loads(done.stdout)["due"] == "2026-03-31"
    cli("goal", "retire", "1", "--reason", "Ersatt", *year, actor=FI)
    assert json.loads(cli("goal", "list", "--json", *year, actor=FI).stdout) == []
    [retired] = json.loads(cli("goal", "list", "--all", "--json", *year, actor=FI).stdout)
    assert retired["retired"]["reason"] == "Ersatt"
    followup = cli("report", "followup", "2026", "--format", "md", now="2027-01-20", actor=FI)
    assert "| L1 | CO2-screening (årligen) | MO | 2026-03-31 | 2026-03-30 | Klar i tid |" in (
        followup.stdout
    )
    csv = cli("report", "followup", "2026", "--format", "csv", now="2027-01-20", actor=FI).stdout
    assert "L1,CO2-screening (årligen),MO,2026-03-31,2026-03-30,Klar i tid" in csv
    later = cli("report", "followup", "2027", "--format", "md", now="2028-01-20", actor=FI)
    assert "| L1 (2026) | CO2-screening (årligen) | MO | 2027-03-31 |  | Inte klar |" in (
        later.stdout
    )
    # Field names and the plan's words in the reader's language, not the code's.
    listed = cli("activity", "list", *year, actor=FI).stdout
    assert "(varje år: P 03-31)" in listed and "year:" not in listed
    assert (
        "(every year: P 03-31)" in cli("activity", "list", "--lang", "en", *year, actor=FI).stdout
    )
    moved = cli("activity", "set", nr, "--responsible", "FO", "--reason", "r", *year, actor=FI)
    assert "ansvarig: MO → FO" in moved.stdout
    cli(*risk_add(), actor=FI)
    args = ("risk", "set", "1", "--by", "vid behov", "--reason", "r", "--lang", "en")
    assert "deadline: 2027-06-30 → As needed" in cli(*args, "--cycle", "2027", actor=FI).stdout
