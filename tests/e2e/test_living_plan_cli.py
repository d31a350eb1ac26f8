"""plan decide and replan through the command line (in process): --help, --json, the decided
document's hash, requests, and the refusal of every role that may not, each one `error:` line
with nothing written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Run, seed

FI, DECIDER, BO, PIA = "anna@fi.se", "chef@fi.se", "bo@nordbanken.se", "pia@sydbank.se"


def decided_plan(cli: Run) -> str:
    """The e2e sector with one 2027 measure of Bo's decided, due 2027-05-31."""
    seed(cli)
    item_id = cli("propose", "Övning: kontanter", now="2026-02-10", actor=BO).stdout.strip()
    cli("prioritise", item_id, now="2026-05-12", actor=FI)
    cli("decide", item_id, "--owner", BO, "--due", "2027-05-31", now="2026-08-20", actor=DECIDER)
    return item_id


def everything(cli: Run, item_id: str) -> str:
    """What a refused command could have changed."""
    return (
        "".join(
            cli(*command, actor=FI, check=False).stdout
            for command in (("show", item_id, "--json"), ("replan", "--list", "--json"))
        )
        + cli("report", "plan", "2027", "--format", "md", actor=FI).stdout
    )


def test_the_commands_say_what_they_do() -> None:
    """--help of both commands names their options."""
    from click.testing import CliRunner

    from arshjul.cli import cli

    for args, words in (
        (["plan", "decide", "--help"], ["--ref", "--note", "--json", "SHA-256"]),
        (["replan", "--help"], ["--request", "--accept", "--decline", "--list", "--quarters"]),
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0 and all(word in result.output for word in words)


def test_a_plan_decided_replanned_and_asked_about_through_the_command_line(
    cli: Run, tmp_path: Path
) -> None:
    """The decision's JSON and its document (whose SHA-256 is the report's as then rendered);
    a replan; a request declined, another accepted; the plan's revisions; audit verify."""
    item_id = decided_plan(cli)
    kept = tmp_path / "plan-2027.md"
    decided = json.loads(
        cli(
            "plan",
            "decide",
            "2027",
            "--ref",
            "FI 2026/1234",
            "--note",
            "Ledningens beslut",
            "-o",
            str(kept),
            "--json",
            now="2026-09-24T14:00",
            actor=DECIDER,
        ).stdout
    )
    assert decided["reference"] == "FI 2026/1234" and decided["earlier"] == 0
    assert decided["decided_by"] == DECIDER and decided["decided_at"].startswith("2026-09-24T14:00")
    report = cli("report", "plan", "2027", "--format", "md", now="2026-09-24T14:00").stdout
    assert kept.read_text(encoding="utf-8") == report
    assert decided["sha256"] == hashlib.sha256(report.encode()).hexdigest()
    assert "Beslutad: 2026-09-24 av chef@fi.se (diarienummer FI 2026/1234)" in report

    replanned = json.loads(
        cli(
            "replan",
            item_id,
            "--due",
            "2027-06-30",
            "--reason",
            "Leverantören är sen",
            "--json",
            now="2027-03-01",
            actor=FI,
        ).stdout
    )
    assert replanned["changes"] == {"due": {"from": "2027-05-31", "to": "2027-06-30"}}
    asked = json.loads(
        cli(
            "replan",
            item_id,
            "--request",
            "--due",
            "2027-09-30",
            "--reason",
            "Underlaget dröjer",
            "--json",
            now="2027-04-01",
            actor=BO,
        ).stdout
    )
    assert (asked["due"], asked["answer"]) == ("2027-09-30", None)
    [listed] = json.loads(cli("replan", "--list", "--json", actor=FI).stdout)
    assert listed["id"] == item_id and listed["reason"] == "Underlaget dröjer"
    declined = cli("replan", item_id, "--decline", "--reason", "Nej", now="2027-04-02", actor=FI)
    assert "avslagen" in declined.stdout
    cli(
        "replan",
        item_id,
        "--request",
        "--due",
        "2027-08-31",
        "--reason",
        "Igen",
        now="2027-04-03",
        actor=BO,
    )
    accepted = json.loads(
        cli(
            "replan", item_id, "--accept", "--note", "OK", "--json", now="2027-04-04", actor=FI
        ).stdout
    )
    assert (accepted["answer"], accepted["answered_by"]) == ("accepted", FI)
    assert json.loads(cli("show", item_id, "--json", actor=FI).stdout)["due"] == "2027-08-31"
    assert (
        cli("replan", "--list", actor=FI).stdout.strip()
        == "inga obesvarade begäranden om nytt datum"
    )
    plan = cli("report", "plan", "2027", "--format", "md", actor=FI).stdout
    changes = plan.split("## Ändringar sedan beslut")[1]
    assert changes.count(item_id) == 2 and "Leverantören är sen" in changes and "OK" in changes
    assert cli("audit", "verify", actor=FI).returncode == 0


#: (who, what) refused: a coordinator is not FI management, an owner asks rather than replans,
#: only a measure's owner asks and only a coordinator answers; and input that cannot be.
REFUSED = [
    (FI, ("plan", "decide", "2027")),
    (BO, ("plan", "decide", "2027")),
    (PIA, ("plan", "decide", "2027")),
    (BO, ("replan", "{id}", "--due", "2027-09-30", "--reason", "x")),
    (PIA, ("replan", "{id}", "--due", "2027-09-30", "--reason", "x")),
    (PIA, ("replan", "{id}", "--request", "--due", "2027-09-30", "--reason", "x")),
    (FI, ("replan", "{id}", "--request", "--due", "2027-09-30", "--reason", "x")),
    (DECIDER, ("replan", "{id}", "--accept")),
    (FI, ("replan", "{id}", "--due", "2027-09-31", "--reason", "x")),  # no such day
    (FI, ("replan", "{id}", "--reason", "x")),  # nothing to change
    (FI, ("replan", "{id}", "--due", "2027-09-30")),  # no reason
    (FI, ("replan", "{id}", "--accept")),  # no open request
    (BO, ("replan", "{id}", "--request", "--reason", "x")),  # no date asked for
    (DECIDER, ("plan", "decide", "2031")),  # nothing decided in it
    # modes that cannot go together, and options a mode does not take
    (FI, ("replan", "{id}", "--accept", "--decline", "--reason", "x")),
    (FI, ("replan", "{id}", "--decline", "--accept")),
    (BO, ("replan", "{id}", "--request", "--list", "--due", "2027-09-30", "--reason", "x")),
    (FI, ("replan", "--list", "{id}")),
    (FI, ("replan", "--list", "--due", "2027-09-30")),
    (BO, ("replan", "{id}", "--request", "--due", "2027-09-30", "--reason", "x", "--owner", PIA)),
    (FI, ("replan", "{id}", "--decline", "--reason", "x", "--due", "2027-09-30")),
    (FI, ("replan", "{id}", "--due", "2027-09-30", "--reason", "x", "--note", "y")),
]


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_who_may_not_is_refused_in_one_line_and_nothing_is_written(cli: Run) -> None:
    """Each refusal is one `error:` line, exit status 1, and every table as it was."""
    item_id = decided_plan(cli)
    before = everything(cli, item_id)
    for who, args in REFUSED:
        result = cli(
            *(a.format(id=item_id) for a in args), now="2027-03-01", actor=who, check=False
        )
        assert result.returncode == 1, (who, args)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert everything(cli, item_id) == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_new_date_on_a_holiday_moves_by_the_working_day_rule_and_says_so(cli: Run) -> None:
    """A replan or an owner's request for 6 June (National Day) is for 4 June, as a decision's
    date would be, and the person is told; the measure gets what was said."""
    item_id = decided_plan(cli)
    moved = cli(
        "replan", item_id, "--due", "2027-06-06", "--reason", "Senare", now="2027-01-10", actor=FI
    )
    assert "2027-06-06" in moved.stderr and "2027-06-04" in moved.stderr
    shown = json.loads(cli("show", item_id, "--json", actor=FI).stdout)
    assert shown["due"] == "2027-06-04"
    asked = json.loads(
        cli(
            "replan", item_id, "--request", "--due", "2027-09-04", "--reason", "Leverantören",
            "--json", now="2027-01-11", actor=BO,
        ).stdout
    )  # fmt: skip
    assert asked["due"] == "2027-09-03"  # a Saturday: the Friday before, by "previous"
    assert asked["due_moved"]["asked"] == "2027-09-04"
    cli("replan", item_id, "--accept", now="2027-01-12", actor=FI)
    assert json.loads(cli("show", item_id, "--json", actor=FI).stdout)["due"] == "2027-09-03"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_plan_document_that_cannot_be_kept_refuses_the_decision(cli: Run, tmp_path: Path) -> None:
    """`plan decide -o` to a folder that does not exist: one `error:` line, no decision, no
    history row, the plan report as it was; then to a file that can be written, decided."""
    item_id = decided_plan(cli)

    def chain() -> tuple[str, int]:
        head = json.loads(cli("audit", "head", "--json", actor=FI).stdout)
        return head["digest"], head["count"]

    before = everything(cli, item_id), chain()
    missing = tmp_path / "nonexistent" / "x.md"
    result = cli(
        "plan", "decide", "2027", "-o", str(missing), now="2026-09-24T14:00", actor=DECIDER,
        check=False,
    )  # fmt: skip
    assert result.returncode == 1 and result.stderr.startswith("error: ")
    assert str(missing) in result.stderr and result.stderr.count("\n") == 1
    assert (everything(cli, item_id), chain()) == before
    assert not missing.parent.exists()
    kept = tmp_path / "x.md"
    cli("plan", "decide", "2027", "-o", str(kept), now="2026-09-24T14:00", actor=DECIDER)
    assert "Beslutad: 2026-09-24" in kept.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_refused_replan_says_what_is_wrong(cli: Run) -> None:
    """Two modes name both; --list names the id it does not take; --owner with --request says
    an owner asks for a date only (not "choose one of")."""
    item_id = decided_plan(cli)
    for args, words in (
        (("--accept", "--decline", "--reason", "x"), ["--accept --decline"]),
        (("--list",), ["--list", item_id]),
        (("--request", "--due", "2027-09-30", "--reason", "x", "--owner", PIA), ["--owner hör"]),
    ):
        result = cli("replan", item_id, *args, now="2027-03-01", actor=BO, check=False)
        assert result.returncode == 1 and all(w in result.stderr for w in words), result.stderr


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_new_due_date_before_today_is_refused_and_a_move_onto_the_due_date_says_so(
    cli: Run,
) -> None:
    """A replan or a request for a day already past is one `error:` line naming that day and
    today; a request for a Saturday that the working-day rule moves onto the measure's due date
    says it moved (not only that it is already due then)."""
    item_id = decided_plan(cli)
    for who, mode in ((FI, ()), (BO, ("--request",))):
        result = cli(
            "replan", item_id, *mode, "--due", "2027-02-26", "--reason", "x", now="2027-03-01",
            actor=who, check=False,
        )  # fmt: skip
        assert result.returncode == 1, result.stdout
        assert "2027-02-26" in result.stderr and "2027-03-01" in result.stderr, result.stderr
    cli("replan", item_id, "--due", "2027-06-04", "--reason", "Senare", now="2027-03-01", actor=FI)
    result = cli(
        "replan", item_id, "--request", "--due", "2027-06-05", "--reason", "x", now="2027-03-02",
        actor=BO, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and result.stderr.startswith("error: ")
    assert "2027-06-05" in result.stderr and "flyttas till 2027-06-04" in result.stderr
    assert json.loads(cli("replan", "--list", "--json", actor=FI).stdout) == []
