"""A whole FTPOS year driven by ARSHJUL_NOW and `tick`, through the command line."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.e2e.conftest import Run, seed


def ticked(run: Run, now: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(run("tick", "--json", now=now).stdout)


def test_a_whole_ftpos_year_runs_by_the_calendar(cli: Run) -> None:
    """Phases open and close on their dates, the undecided go at the deadline, the rest carry over."""
    # In this process: the same command line, without seven interpreter start-ups (a process of
    # its own matters where processes meet: the race below, `run` in test_service.py).
    cli("init", now="2026-01-01")
    seed(cli)
    fi = {"actor": "anna@fi.se"}
    a, b, c = (
        cli("propose", title, now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
        for title in ("A", "B", "C")
    )

    fired = ticked(cli, "2026-01-01")
    assert [(f["kind"], f["subject"], f["detail"]) for f in fired] == [
        ("phase_opens", "2026", "execution"),
        ("phase_opens", "2027", "dialogue"),
    ]
    assert all(f["due_at"] == "2026-01-01T00:00:00+01:00" and f["late"] is False for f in fired)
    cycle = json.loads(cli("cycle", "show", "2027", "--json", now="2026-02-10").stdout)
    assert cycle["current"] == "dialogue"

    reminders = ticked(cli, "2026-03-27T08:00")
    assert [
        (f["detail"], f["due_at"][:16], f["void"])
        for f in reminders
        if f["kind"] == "phase_reminder" and f["subject"] == "2027"
    ] == [
        ("dialogue:14", "2026-03-17T08:00", "superseded"),  # missed: the nearer one says it
        ("dialogue:3", "2026-03-27T08:00", None),  # the 28th is a Saturday
    ]
    assert all(f["late"] for f in reminders if f["due_at"][:10] == "2026-03-17")

    cli("prioritise", a, b, now="2026-05-12", **fi)
    cli(
        "decide",
        a,
        "--owner",
        "bo@nordbanken.se",
        "--due",
        "2027-03-15",
        now="2026-08-20",
        actor="chef@fi.se",
    )
    ticked(cli, "2026-09-30T23:59")
    assert json.loads(cli("show", b, "--json").stdout)["state"] == "prioritised"
    deadline = ticked(cli, "2026-10-01")
    [closing] = [f for f in deadline if (f["kind"], f["detail"]) == ("phase_closes", "decision")]
    assert closing["effect"]["deprioritised"] == [b, c]
    assert json.loads(cli("show", b, "--json").stdout)["history"][-1]["actor"] == "system"

    again = cli("tick", now="2026-10-01")
    assert again.stdout.startswith("inget var att göra")

    new_year = ticked(cli, "2027-01-01")
    [opening] = [
        f
        for f in new_year
        if (f["kind"], f["subject"], f["detail"]) == ("phase_opens", "2028", "dialogue")
    ]
    carried = opening["effect"]["carried"]
    assert sorted(carried) == [b, c]
    for original, new in carried.items():
        assert json.loads(cli("show", original, "--json").stdout)["carried_to"] == new
        assert json.loads(cli("show", new, "--json").stdout)["carried_from"] == original

    march = ticked(cli, "2027-03-24T08:00")
    assert [
        (f["kind"], f["detail"], f["due_at"][:10], f["void"]) for f in march if f["subject"] == a
    ] == [
        ("due_reminder", "14", "2027-03-01", "past"),  # its due date has passed: not sent
        ("due_reminder", "3", "2027-03-12", "past"),
        ("overdue", "1", "2027-03-16", None),  # one escalation after a week's silence, not a burst
    ]
    upcoming = json.loads(cli("upcoming", "--json", "--limit", "3", now="2027-03-24").stdout)
    assert {
        "kind": "overdue",
        "subject": a,
        "detail": "3",
        "due_at": "2027-03-30T08:00:00+02:00",
    } in upcoming


def test_tick_from_two_processes_at_once_is_the_same_as_once(
    arshjul: Run, cli: Run, cli_env: dict[str, str]
) -> None:
    """Two `tick --json` at the same moment: between them, every event exactly once."""
    cli("init", now="2026-01-01")
    seed(cli)
    for n in range(4):
        cli("propose", f"Förslag {n}", now="2026-02-10", actor="bo@nordbanken.se")
    env = cli_env | {"ARSHJUL_NOW": "2027-01-04T09:00"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "arshjul", "tick", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    fired = [f for out, _ in outputs for f in json.loads(out)]
    keys = [(f["kind"], f["subject"], f["detail"], f["due_at"]) for f in fired]
    assert len(keys) == len(set(keys)) > 20
    carried = [f for f in fired if f["effect"].get("carried")]
    assert len(carried) == 1 and len(carried[0]["effect"]["carried"]) == 4
    assert json.loads(cli("tick", "--json", now="2027-01-04T09:00").stdout) == []
