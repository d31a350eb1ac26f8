"""`reinstate`, `cancel` and a late `decide --force` through the command line, in process:
their --help, their --json, one `error:` line for every refusal, and nothing written by one."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Run, seed

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
FI = "anna@fi.se"
CHEF = "chef@fi.se"
BO = "bo@nordbanken.se"  # proposer and owner at Nordbanken
PIA = "pia@sydbank.se"  # a proposer of another organisation
RUT = "rut@riksbank.se"  # the reference group


def state(run: Run, item_id: str) -> str:
    return str(json.loads(run("show", item_id, "--json", actor=FI).stdout)["state"])


def refused(run: Run, *args: str, actor: str, now: str) -> str:
    result = run(*args, actor=actor, now=now, check=False)
    assert result.returncode == 1 and result.stdout == "", (args, actor, result)
    [line] = result.stderr.splitlines()
    assert line.startswith("error: "), line
    return line


def setup(cli: Run) -> tuple[str, str]:
    """A proposal deprioritised in May, and a measure decided in August, of 2027."""
    seed(cli)
    cli(
        "person", "add", RUT, "--name", "Rut", "--org", "Riksbanken", "--role", "reference",
        actor=FI,
    )  # fmt: skip
    left = cli("propose", "Seminarium", actor=BO, now="2026-02-10").stdout.strip()
    kept = cli("propose", "Övning", actor=BO, now="2026-02-10").stdout.strip()
    cli("deprioritise", left, "--reason", "Ryms inte", actor=FI, now="2026-05-12")
    cli("prioritise", kept, actor=FI, now="2026-05-12")
    cli("decide", kept, "--owner", BO, "--due", "2027-06-30", actor=CHEF, now="2026-08-20")
    return left, kept


@sqlite_only
def test_the_corrections_have_help_that_names_their_reason_and_json(cli: Run) -> None:
    """--help touches nothing and says what each needs."""
    for command in ("reinstate", "cancel"):
        text = cli(command, "--help").stdout
        assert "--reason" in text and "--json" in text and "ID…" in text


@sqlite_only
def test_reinstate_and_cancel_answer_in_json_and_refuse_every_other_role(cli: Run) -> None:
    """Only a coordinator reinstates; only a coordinator or decider cancels; a missing reason
    and a wrong state are refused too; each refusal is one line and changes nothing."""
    left, kept = setup(cli)
    now = "2026-10-05"
    for actor in (CHEF, BO, PIA, RUT):
        assert actor in refused(cli, "reinstate", left, "--reason", "x", actor=actor, now=now)
    assert "reason" in refused(cli, "reinstate", left, actor=FI, now=now)
    assert kept in refused(cli, "reinstate", left, kept, "--reason", "x", actor=FI, now=now)
    assert state(cli, left) == "deprioritised"
    done = cli("reinstate", left, "--reason", "Fel av oss", "--json", actor=FI, now=now)
    assert json.loads(done.stdout) == [
        {"id": left, "from": "deprioritised", "to": "proposed", "withdrawn_copy": None}
    ]
    for actor in (BO, PIA, RUT):
        assert actor in refused(cli, "cancel", kept, "--reason", "x", actor=actor, now=now)
    assert "reason" in refused(cli, "cancel", kept, actor=CHEF, now=now)
    assert state(cli, kept) == "decided"
    done = cli("cancel", kept, "--reason", "Ersatt", "--json", actor=CHEF, now=now)
    assert json.loads(done.stdout) == [{"id": kept, "from": "decided", "to": "cancelled"}]
    assert "cancelled" in refused(cli, "cancel", kept, "--reason", "x", actor=FI, now=now)
    cli("audit", "verify", actor=FI)


@sqlite_only
def test_a_reinstated_proposal_is_decided_late_by_a_decider_with_force(cli: Run) -> None:
    """The meeting moved to 8 October: FI forces the prioritisation, management the decision;
    without --force the window refuses, and --force without a reason too."""
    left, _ = setup(cli)
    now = "2026-10-08"
    cli("reinstate", left, "--reason", "Beslutas på mötet", actor=FI, now=now)
    cli("prioritise", left, "--force", "--note", "Sent möte", actor=FI, now=now)
    decide = ("decide", left, "--owner", BO, "--due", "2027-06-30")
    assert "En beslutsfattare kan tvinga fram det med --force" in refused(
        cli, *decide, actor=CHEF, now=now
    )
    refused(cli, *decide, "--force", actor=CHEF, now=now)  # a forced move needs a reason
    assert BO in refused(cli, *decide, "--force", "--note", "x", actor=BO, now=now)
    cli(*decide, "--force", "--note", "Beslutat 8 oktober", actor=CHEF, now=now)
    last = json.loads(cli("show", left, "--json", actor=FI).stdout)["history"][-1]
    assert (last["event"], last["forced"], last["actor"]) == ("decide", True, CHEF)
    assert "framtvingad" in cli("show", left, actor=FI).stdout
    cli("audit", "verify", actor=FI)
