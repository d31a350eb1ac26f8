"""`arshjul run`: the service fires events as they fall due, exactly once, whatever crashes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import Run, Service, add_forcing_decider, seed, wait_until

HOLDING = "test: the decision deadline's transaction is held open"
# `arshjul run` with a fixture inside: the decision deadline's effect, published but not
# committed, holds its transaction open and says so, so the test can kill it right there.
HOLD_AT_THE_DECISION_DEADLINE = f"""
import sys, time
from arshjul.workflow import ticker
published = ticker.publish
def publish(uow, events):
    published(uow, events)
    if any((getattr(e, "kind", ""), getattr(e, "detail", "")) == ("phase_closes", "decision")
           for e in events):
        print({HOLDING!r}, file=sys.stderr, flush=True)
        time.sleep(600)
ticker.publish = publish
from arshjul.cli import cli
cli(args=sys.argv[1:], prog_name="arshjul")
"""


def keys(fired: list[dict]) -> list[tuple[str, str, str, str]]:  # type: ignore[type-arg]
    return [(f["kind"], f["subject"], f["detail"], f["due_at"]) for f in fired]


def setup_proposals(cli: Run, count: int = 3) -> list[str]:
    """Proposals of cycle 2027, with everything before its decision deadline already fired."""
    cli("init", now="2026-02-10")
    seed(cli)
    ids = [
        cli("propose", f"Förslag {n}", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
        for n in range(count)
    ]
    cli("tick", now="2026-09-30T23:59")
    return ids


def states(db_url: str, ids: list[str]) -> dict[str, tuple[str, int]]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, state, (SELECT count(*) FROM history h WHERE h.item_id = item.id) FROM item"
            )
        ).all()
    engine.dispose()
    return {row[0]: (row[1], row[2]) for row in rows if row[0] in ids}


def test_the_service_stops_cleanly_on_sigterm_and_sigint(cli: Run, cli_env: dict[str, str]) -> None:
    """SIGTERM and SIGINT end `run` with exit 0 and a word that it stopped."""
    cli("init", now="2026-01-01")
    for signum in (signal.SIGTERM, signal.SIGINT):
        service = Service(
            cli_env | {"ARSHJUL_NOW": "2026-02-01", "ARSHJUL_CLOCK_RATE": "1"},
            "--safety-seconds",
            "1",
        )
        service.wait_until_started()
        code, err = service.stop(signum)
        assert code == 0, err
        assert "stoppades" in err and "Traceback" not in err


def test_a_deadline_killed_halfway_takes_effect_once_after_restart(
    cli: Run, cli_env: dict[str, str], db_url: str
) -> None:
    """SIGKILL inside the decision deadline's transaction: nothing half done; the restart does it
    once, and the history numbers the killed transaction spent (PostgreSQL) are no tampering."""
    ids = setup_proposals(cli)
    service = Service(
        cli_env | {"ARSHJUL_NOW": "2026-09-30T23:59:58", "ARSHJUL_CLOCK_RATE": "1"},
        "--safety-seconds",
        "1",
        python=("-c", HOLD_AT_THE_DECISION_DEADLINE),
    )
    service.wait_for(lambda: service.has_said(HOLDING), "the decision deadline's effect held open")
    service.process.kill()
    service.process.wait(timeout=30)
    assert all(state == ("proposed", 1) for state in states(db_url, ids).values())

    again = Service(
        cli_env | {"ARSHJUL_NOW": "2026-10-01T00:00:10", "ARSHJUL_CLOCK_RATE": "1"},
        "--safety-seconds",
        "1",
    )
    again.wait_for(
        lambda: any(f["detail"] == "decision" for f in again.fired),
        "the decision deadline fired after the restart",
    )
    # Its first tick also opens communication at the same moment: stopped before that, the
    # tick below would do it (the readiness line comes after the first tick).
    again.wait_until_started()
    code, err = again.stop()
    assert code == 0, err
    [deadline] = [
        f for f in again.fired if (f["kind"], f["detail"]) == ("phase_closes", "decision")
    ]
    assert deadline["effect"]["deprioritised"] == ids and deadline["late"] is False
    assert all(state == ("deprioritised", 2) for state in states(db_url, ids).values())
    assert json.loads(cli("tick", "--json", now="2026-10-01T00:01").stdout) == []
    assert "historiken är orörd" in cli("audit", "verify").stdout


def test_the_service_down_across_three_deadlines_catches_up_in_order(
    cli: Run, cli_env: dict[str, str]
) -> None:
    """Stopped in June, restarted in October: the prioritisation and decision deadlines fire late, in order."""
    cli("init", now="2026-06-01")
    seed(cli)
    first = Service(
        cli_env | {"ARSHJUL_NOW": "2026-06-01T12:00", "ARSHJUL_CLOCK_RATE": "1"},
        "--safety-seconds",
        "1",
    )
    first.wait_until_started()
    first.stop()
    restarted = Service(
        cli_env | {"ARSHJUL_NOW": "2026-10-05T09:00", "ARSHJUL_CLOCK_RATE": "1"},
        "--safety-seconds",
        "1",
    )
    restarted.wait_for(
        lambda: any(
            f["detail"] == "communication" and f["kind"] == "phase_opens" for f in restarted.fired
        ),
        "the communication phase opened, late",
    )
    restarted.stop()
    deadlines = [
        (f["kind"], f["subject"], f["detail"])
        for f in restarted.fired
        if f["kind"] in ("phase_closes", "phase_opens") and f["subject"] == "2027"
    ]
    assert deadlines == [
        ("phase_closes", "2027", "prioritisation"),
        ("phase_opens", "2027", "decision"),
        ("phase_closes", "2027", "decision"),
        ("phase_opens", "2027", "communication"),
    ]
    assert all(f["late"] for f in restarted.fired)
    assert [f["due_at"] for f in restarted.fired] == sorted(f["due_at"] for f in restarted.fired)


@pytest.mark.slow
def test_three_services_fire_every_event_once_even_when_one_is_killed(
    cli: Run, cli_env: dict[str, str], db_url: str, tmp_path: Path
) -> None:
    """Three `run` processes over two months of reminders and escalations for 40 measures."""
    cli("init", now="2027-01-10")
    seed(cli)
    rows = "\n".join(f"Åtgärd {n};Nordbanken AB;bo@nordbanken.se" for n in range(40))
    (tmp_path / "in.csv").write_text(f"title;org;proposer\n{rows}\n", encoding="utf-8")
    ids = json.loads(
        cli(
            "import", str(tmp_path / "in.csv"), "--json", now="2027-01-10", actor="anna@fi.se"
        ).stdout
    )["ids"]
    cli("prioritise", *ids, "--force", "--note", "Brådskande", now="2027-01-10", actor="anna@fi.se")
    add_forcing_decider(cli)
    for n in range(8):
        batch = ids[n * 5 : (n + 1) * 5]
        due = f"2027-02-{1 + 3 * n:02d}"
        cli(
            "decide",
            *batch,
            "--owner",
            "bo@nordbanken.se",
            "--due",
            due,
            "--force",
            "--note",
            "Beslut",
            now="2027-01-10",
            actor="ceo@fi.se",
        )
    fast = cli_env | {"ARSHJUL_NOW": "2027-01-20T12:00", "ARSHJUL_CLOCK_RATE": str(2 * 86_400)}
    services = [Service(fast, "--safety-seconds", "0.5") for _ in range(3)]
    for service in services:
        service.wait_until_started()
    wait_until(lambda: sum(len(s.fired) for s in services) >= 40, "the services fired 40 events")
    # The busiest one dies mid-run (on SQLite one writer at a time often does all the work).
    busiest = max(services, key=lambda s: len(s.fired))
    busiest.process.kill()
    busiest.process.wait(timeout=60)
    survivors = [s for s in services if s is not busiest]
    before = sum(len(s.fired) for s in survivors)
    wait_until(
        lambda: sum(len(s.fired) for s in survivors) > before, "the others went on after the kill"
    )
    # `tick` from cron beside them, with a clock ahead of theirs
    cron = subprocess.run(
        [sys.executable, "-m", "arshjul", "tick", "--json"],
        env=cli_env | {"ARSHJUL_NOW": "2027-02-22T12:00"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cron.returncode == 0, cron.stderr
    wait_until(
        lambda: (
            sum(len(s.fired) for s in services) + len(json.loads(cron.stdout)) > 150
            and any(f["kind"] == "overdue" for s in survivors for f in s.fired)
        ),
        "over 150 events fired, escalations among them by the services left",
    )
    for service in survivors:
        code, err = service.stop()
        assert code == 0, err
    fired = [f for s in services for f in s.fired] + json.loads(cron.stdout)
    assert len(keys(fired)) == len(set(keys(fired))), "an event took effect twice"
    assert sum(f["kind"] == "overdue" for s in survivors for f in s.fired) > 0
    assert len(fired) > 150

    engine = create_engine(db_url)
    with engine.connect() as conn:
        in_db = conn.execute(
            text("SELECT count(*) FROM due_event WHERE fired_at IS NOT NULL")
        ).scalar()
        by = conn.execute(
            text("SELECT count(DISTINCT fired_by) FROM due_event WHERE fired_at IS NOT NULL")
        ).scalar()
        reminders = conn.execute(
            text(
                "SELECT count(*) FROM due_event WHERE kind = 'due_reminder' AND fired_at IS NOT NULL"
            )
        ).scalar()
    engine.dispose()
    # what the killed one printed it had committed; at most the one in flight was lost with it
    assert in_db - len(fired) in (0, 1)
    assert reminders == 80  # two reminders for each of the 40 measures, each once
    assert by >= 2


@pytest.mark.slow
def test_started_once_the_service_runs_a_whole_cycle_and_the_next(
    cli: Run, cli_env: dict[str, str]
) -> None:
    """From August 2026 to January 2029 at 60 days a second: deadlines, carry-overs, escalations."""
    cli("init", now="2026-02-10")
    seed(cli)
    decided, left_out = (
        cli("propose", t, now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
        for t in ("A", "B")
    )
    cli("prioritise", decided, now="2026-05-12", actor="anna@fi.se")
    cli(
        "decide",
        decided,
        "--owner",
        "bo@nordbanken.se",
        "--due",
        "2027-03-15",
        now="2026-08-20",
        actor="chef@fi.se",
    )
    service = Service(
        cli_env | {"ARSHJUL_NOW": "2026-08-21", "ARSHJUL_CLOCK_RATE": str(60 * 86_400)},
        "--safety-seconds",
        "0.2",
    )
    service.wait_for(
        lambda: any(
            (f["kind"], f["subject"], f["detail"]) == ("phase_opens", "2029", "dialogue")
            for f in service.fired
        ),
        "the dialogue of 2029 opened",
    )
    code, err = service.stop()
    assert code == 0, err
    effects = {(f["kind"], f["subject"], f["detail"]): f["effect"] for f in service.fired}
    assert effects[("phase_closes", "2027", "decision")]["deprioritised"] == [left_out]
    carried_2028 = effects[("phase_opens", "2028", "dialogue")]["carried"][left_out]
    assert effects[("phase_closes", "2028", "decision")]["deprioritised"] == [carried_2028]
    carried_2029 = effects[("phase_opens", "2029", "dialogue")]["carried"][carried_2028]
    assert json.loads(cli("show", carried_2029, "--json").stdout)["carried_from"] == carried_2028
    about_decided = [f["kind"] for f in service.fired if f["subject"] == decided]
    assert (
        about_decided[:3] == ["due_reminder", "due_reminder", "overdue"]
        and about_decided.count("overdue") > 10
    )
    assert len(keys(service.fired)) == len(set(keys(service.fired)))
