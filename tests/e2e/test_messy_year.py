"""FI's messy year, through the command line: the decision meeting slips to 8 October and is
decided late, a proposal deprioritised by mistake is reinstated after it was carried, a measure is
replanned twice (once at its owner's request) and one cancelled, an owner leaves and hands over,
a proposal is corrected before it is prioritised. The plan report tells the decision and every
revision since, and the history still proves itself."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import Run, seed

FI = "anna@fi.se"  # coordinator
CHEF = "chef@fi.se"  # FI management: decider
BO = "bo@nordbanken.se"  # proposer at Nordbanken (English mail)
PIA = "pia@sydbank.se"  # proposer at Sydbanken
OSKAR = "oskar@riksbank.se"  # owns measures, then leaves
ULLA = "ulla@riksbank.se"  # takes over


def shown(run: Run, item_id: str, now: str) -> dict[str, Any]:
    return dict(json.loads(run("show", item_id, "--json", actor=FI, now=now).stdout))


def events(run: Run, item_id: str, now: str) -> list[tuple[str, str | None, str]]:
    return [(h["event"], h["from"], h["to"]) for h in shown(run, item_id, now)["history"]]


def test_fis_messy_year_is_corrected_move_by_move_and_the_plan_tells_it(cli: Run) -> None:
    cli("init", now="2026-01-01")
    seed(cli)
    for email, name in ((OSKAR, "Oskar"), (ULLA, "Ulla")):
        cli(
            "person", "add", email, "--name", name, "--org", "Riksbanken", "--role", "owner",
            actor=FI, now="2026-01-02",
        )  # fmt: skip

    # Q1: the dialogue. Bo corrects a typo in his proposal before FI has looked at it.
    titles = ("Övnign: betalningar vid elavbrott", "Lägesbild vid cyberangrepp", "Seminarium")
    a, b, c = (cli("propose", t, actor=BO, now="2026-02-10").stdout.strip() for t in titles)
    e = cli("propose", "Krisövning för försäkring", actor=PIA, now="2026-02-11").stdout.strip()
    edited = json.loads(
        cli(
            "edit", a, "--title", "Övning: betalningar vid elavbrott", "--reason", "Stavfel",
            "--json", actor=BO, now="2026-02-20",
        ).stdout
    )  # fmt: skip
    assert edited["changed"]["title"]["old"] == titles[0]
    original = json.loads(cli("show", a, "--version", "0", "--json", actor=BO).stdout)
    assert original["title"] == titles[0]

    # Q2: FI prioritises, and deprioritises Pia's proposal by mistake.
    cli("prioritise", a, b, c, actor=FI, now="2026-05-12")
    cli("deprioritise", e, "--reason", "Ryms inte i år", actor=FI, now="2026-05-12")

    # Q3: the decision meeting, planned for 24 September, slips to 8 October: after the deadline.
    meeting = json.loads(
        cli(
            "meeting", "add", "Beslut om verksamhetsplan 2027", "--type", "planning",
            "--start", "2026-09-24 10:00", "--invite", "Finansinspektionen", "--json",
            actor=FI, now="2026-08-01",
        ).stdout
    )  # fmt: skip
    cli("meeting", "move", str(meeting["id"]), "--start", "2026-10-08 10:00", actor=FI)
    cli("tick", now="2026-10-01")  # the deadline leaves out everything not decided
    assert {shown(cli, i, "2026-10-01")["state"] for i in (a, b, c)} == {"deprioritised"}

    # 8 October: FI puts them back, and management decides them late, by force, with a reason.
    back = json.loads(
        cli(
            "reinstate", a, b, c, "--reason", "Beslutsmötet flyttades till 8 oktober", "--json",
            actor=FI, now="2026-10-08T09:00",
        ).stdout
    )  # fmt: skip
    assert [(m["from"], m["to"]) for m in back] == [("deprioritised", "prioritised")] * 3
    late = cli("decide", a, b, c, "--owner", OSKAR, "--due", "2027-06-30", actor=CHEF, now="2026-10-08T10:00", check=False)  # fmt: skip
    assert late.returncode == 1 and "--force" in late.stderr  # outside the window: it says how
    cli(
        "decide", a, b, c, "--owner", OSKAR, "--due", "2027-06-30", "--force",
        "--note", "Beslutat på mötet 8 oktober", actor=CHEF, now="2026-10-08T11:00",
    )  # fmt: skip
    assert shown(cli, a, "2026-10-08T11:00")["history"][-1]["event"] == "decide"
    decision = json.loads(
        cli(
            "plan", "decide", "2027", "--ref", "FI Dnr 26-1234", "--note", "Planen fastställd",
            "--json", actor=CHEF, now="2026-10-08T12:00",
        ).stdout
    )  # fmt: skip
    assert decision["reference"] == "FI Dnr 26-1234" and len(decision["sha256"]) == 64

    # New year: the next dialogue takes in what was left out, Pia's proposal among them.
    cli("tick", now="2027-01-01")
    copy = shown(cli, e, "2027-01-01")["carried_to"]
    assert copy is not None
    # FI sees its mistake: Pia's proposal returns, its carried copy is withdrawn with it.
    [moved] = json.loads(
        cli(
            "reinstate", e, "--reason", "Bortprioriterades av misstag", "--json",
            actor=FI, now="2027-01-15T09:00",
        ).stdout
    )  # fmt: skip
    assert (moved["to"], moved["withdrawn_copy"]) == ("proposed", copy)
    assert shown(cli, copy, "2027-01-15T09:00")["state"] == "withdrawn"
    assert e in shown(cli, copy, "2027-01-15T09:00")["history"][-1]["note"]

    # The living plan: A moves twice (once at its owner's request), C is cancelled.
    cli("replan", a, "--due", "2027-09-30", "--reason", "Övningen flyttas", actor=FI, now="2027-02-01T09:00")  # fmt: skip
    cli(
        "replan", a, "--request", "--due", "2027-10-29", "--reason", "Leverantören är sen",
        actor=OSKAR, now="2027-03-01T09:00",
    )  # fmt: skip
    cli("replan", a, "--accept", actor=FI, now="2027-03-02T09:00")
    assert shown(cli, a, "2027-03-02T09:00")["due"] == "2027-10-29"
    cli("cancel", c, "--reason", "Görs inom SOES i stället", actor=CHEF, now="2027-03-15T09:00")

    # Oskar leaves: his open measures are listed, and handed over to Ulla.
    left = json.loads(
        cli(
            "person", "deactivate", OSKAR, "--reason", "Har slutat", "--json",
            actor=FI, now="2027-04-01T09:00",
        ).stdout
    )  # fmt: skip
    assert sorted(m["id"] for m in left["measures"]) == sorted([a, b])
    cli("handover", OSKAR, ULLA, "--reason", "Oskar har slutat", actor=FI, now="2027-04-01T10:00")
    assert {shown(cli, i, "2027-04-01T10:00")["owner"] for i in (a, b)} == {ULLA}
    assert shown(cli, c, "2027-04-01T10:00")["state"] == "cancelled"

    # The plan tells its decision and everything that changed since.
    plan = cli("report", "plan", "2027", actor=FI, now="2027-04-02T09:00").stdout
    assert "FI Dnr 26-1234" in plan and "2026-10-08" in plan
    since = plan[plan.index("Ändringar sedan beslut") :]
    for item_id in (a, c):
        assert item_id in since
    assert since.count(a) >= 3  # replanned, replanned again on request, handed over
    assert "Görs inom SOES i stället" in since

    verified = cli("audit", "verify", now="2027-04-02T09:00")
    assert "orörd" in verified.stdout
