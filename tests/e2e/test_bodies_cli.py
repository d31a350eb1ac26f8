"""Several bodies through the command line, in real processes: a body added with its own
configuration, its members and roles, ids that name it, refusals that say why, and one
`tick` and one `run` that fire every body's deadlines by its own calendar."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Run, Service, seed

FI = {"actor": "anna@fi.se"}
RB = "rut@riksbanken.se"
FK = "fia@forsakringskassan.se"  # of an organisation taking part in SOES only


def _soes(run: Run, tmp_path: Path) -> None:
    """SOES beside FTPOS, added on 1 February 2026 (it plans from then): the Riksbank takes
    part in both, as an adjunct in SOES; Försäkringskassan in SOES only."""
    run("init", now="2026-02-01")
    seed(run)
    config = tmp_path / "soes.toml"
    config.write_text(run("cycle", "default", "--example", "soes").stdout, encoding="utf-8")
    name = "Samverkansområdet ekonomisk säkerhet"
    on = {"now": "2026-02-01", **FI}
    run("body", "add", "SOES", "--name", name, "--config", str(config), **on)
    run("body", "members", "SOES", "--add", "Riksbanken", "--kind", "adjunct", **on)
    run("org", "add", "Försäkringskassan", "--kind", "authority", "--body", "SOES", **on)
    run("body", "members", "SOES", "--add", "Försäkringskassan", "--kind", "designated", **on)
    for email, org in ((RB, "Riksbanken"), (FK, "Försäkringskassan")):
        run("person", "add", email, "--name", email.split("@")[0].title(), "--org", org,
            "--role", "proposer", "--body", "SOES", **on)  # fmt: skip


def test_a_second_body_has_its_own_ids_members_and_roles(
    arshjul: Run, cli: Run, tmp_path: Path
) -> None:
    """Set up in this process; what a person sees and is told, in real processes."""
    _soes(cli, tmp_path)
    listed = json.loads(arshjul("body", "list", "--json").stdout)
    assert [(b["short"], b["first"]) for b in listed] == [("FTPOS", True), ("SOES", False)]
    members = json.loads(cli("body", "members", "SOES", "--json").stdout)
    assert members == [
        {"org": "Finansinspektionen", "kind": "member"},
        {"org": "Försäkringskassan", "kind": "designated"},
        {"org": "Riksbanken", "kind": "adjunct"},
    ]
    now = {"now": "2026-02-10"}
    soes = arshjul("propose", "Övning betalningar", "--kind", "exercise", "--body", "SOES",
                   actor=RB, **now).stdout.strip()  # fmt: skip
    ftpos = cli("propose", "Övning kontanter", actor="bo@nordbanken.se", **now).stdout.strip()
    assert (soes, ftpos) == ("SOES-2027-001", "2027-001")
    # A command on an id works in the body it names; --body must agree with it.
    in_q2 = {"now": "2026-05-12"}  # SOES prioritises from 1 May, in its prioritisation phase
    cli("prioritise", soes, "--rank", "1", **FI, **in_q2)
    refused = arshjul("prioritise", soes, "--body", "FTPOS", **FI, **in_q2, check=False)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: SOES-2027-001 hör till SOES, men --body säger FTPOS"
    # Outside the body: refused, told where they do take part; nothing of it is shown.
    outside = arshjul("show", soes, actor="bo@nordbanken.se", check=False, **now)
    assert outside.returncode == 1 and "SOES" not in outside.stdout
    assert outside.stderr.startswith("error: bo@nordbanken.se (Nordbanken AB) deltar inte i SOES")
    inside = arshjul("list", "--json", actor=FK, check=False, **now)
    assert inside.returncode == 1 and "deltar inte i FTPOS (utan i: SOES" in inside.stderr
    listed_soes = json.loads(cli("list", "--json", "--body", "SOES", actor=FK, **now).stdout)
    assert [i["id"] for i in listed_soes] == [soes]
    # A role in FTPOS gives nothing in SOES: FI's decider is a plain member there.
    decided = cli("decide", soes, "--owner", "anna@fi.se", "--due", "2027-06-30",
                      actor="chef@fi.se", check=False, now="2026-09-15")  # fmt: skip
    assert decided.returncode == 1 and "chef@fi.se" in decided.stderr
    cli("person", "set", "chef@fi.se", "--body", "SOES", "--role", "decider", **FI)
    cli("decide", soes, "--owner", "anna@fi.se", "--due", "2027-06-30",
            actor="chef@fi.se", now="2026-09-15")  # fmt: skip
    shown = json.loads(cli("show", soes, "--json", **FI, now="2026-09-16").stdout)
    assert shown["state"] == "decided"
    assert cli("audit", "verify", **FI).returncode == 0
    # Every other output holds the same rule: reports and calendars are a body's, for its people.
    for args in (("report", "plan", "2027"), ("report", "mine"), ("calendar", "2027")):
        outside = cli(*args, "--body", "SOES", actor="bo@nordbanken.se", check=False, **now)
        assert outside.returncode == 1 and "deltar inte i SOES" in outside.stderr, args
        assert "Övning betalningar" not in outside.stdout
    plan = arshjul("report", "plan", "2027", "--body", "SOES", actor=FK, now="2026-11-01").stdout
    assert f"| {soes} |" in plan and f"| {ftpos} |" not in plan and "Övning kontanter" not in plan
    ftpos_plan = cli("report", "plan", "2027", **FI, now="2026-11-01").stdout
    assert soes not in ftpos_plan and "Övning betalningar" not in ftpos_plan


def test_one_tick_and_one_run_fire_every_bodys_deadlines_by_its_own_calendar(
    cli: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """FTPOS's dialogue closes on 1 April, SOES's on 1 May."""
    _soes(cli, tmp_path)
    ticked = json.loads(cli("tick", "--json", now="2026-04-02T09:00").stdout)
    closes = {(f["subject"], f["detail"]) for f in ticked if f["kind"] == "phase_closes"}
    assert ("2027", "dialogue") in closes and ("SOES-2027", "dialogue") not in closes
    service = Service(
        cli_env | {"ARSHJUL_NOW": "2026-04-30T23:59:57", "ARSHJUL_CLOCK_RATE": "1"},
        "--safety-seconds",
        "1",
    )
    service.wait_for(
        lambda: any(
            (f["kind"], f["subject"], f["detail"]) == ("phase_closes", "SOES-2027", "dialogue")
            for f in service.fired
        ),
        "SOES's dialogue closed",
    )
    service.stop()
    fired = [(f["kind"], f["subject"]) for f in service.fired]
    assert ("phase_opens", "SOES-2027") in fired
    assert all(subject != "2027" or kind != "phase_closes" for kind, subject in fired)
    again = json.loads(cli("tick", "--json", now="2026-05-01T00:00:30").stdout)
    assert not [f for f in again if f["subject"] == "SOES-2027"], "each fired once"


def test_a_coordinator_of_one_body_lists_its_mail_and_cannot_run_every_bodys_scheduler(
    arshjul: Run, cli: Run, tmp_path: Path
) -> None:
    """Försäkringskassan's coordinator in SOES reads SOES's mail and their own, never FTPOS's
    (it tells of FTPOS's items); FI's coordinator, in both, reads all; `tick` by a person is
    every body's work, so theirs only."""
    _soes(cli, tmp_path)
    cli("person", "set", FK, "--body", "SOES", "--role", "coordinator", **FI)
    now = {"now": "2026-02-10"}
    cli("propose", "Övning kontanter", actor="bo@nordbanken.se", **now)
    cli("propose", "Övning betalningar", "--body", "SOES", actor=RB, **now)
    every = json.loads(cli("outbox", "--json", **FI).stdout)["messages"]
    theirs = json.loads(arshjul("outbox", "--json", "--body", "SOES", actor=FK).stdout)
    told = {m["to"] for m in every}
    assert "bo@nordbanken.se" in told and RB in told
    assert {m["to"] for m in theirs["messages"]} <= {FK, RB, "anna@fi.se", "chef@fi.se"}
    assert all("2027-001" not in m["subject"] or "SOES" in m["subject"] for m in theirs["messages"])
    assert len(theirs["messages"]) < len(every)
    refused = arshjul("tick", "--body", "SOES", actor=FK, check=False, **now)
    assert refused.returncode == 1 and "samordnare i varje samverkansorgan" in refused.stderr
    assert cli("tick", **FI, **now).returncode == 0
