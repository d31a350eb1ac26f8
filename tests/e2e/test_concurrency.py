"""Two processes change one item at once: exactly one wins, the other gets a clean error."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.e2e.conftest import Run, seed


def test_two_processes_on_one_item_one_wins_the_other_is_told(
    cli: Run, cli_env: dict[str, str]
) -> None:
    """Prioritise and deprioritise race, each holding its transaction open: one moves, one refuses."""
    seed(cli)
    item_id = cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    env = cli_env | {
        "ARSHJUL_NOW": "2026-05-12",
        "ARSHJUL_AS": "anna@fi.se",
        "ARSHJUL_TEST_HOLD_SECONDS": "1.5",
    }
    commands = [["prioritise", item_id], ["deprioritise", item_id, "--reason", "Inte i år"]]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "arshjul", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    [loser] = [err for code, _, err in results if code == 1]
    assert loser.startswith("error: ") and item_id in loser and len(loser.strip().splitlines()) == 1
    assert "locked" not in loser and "Traceback" not in loser
    shown = json.loads(cli("show", item_id, "--json", actor="anna@fi.se").stdout)
    assert len(shown["history"]) == 2 and shown["state"] in ("prioritised", "deprioritised")
    assert os.environ.get("ARSHJUL_TEST_HOLD_SECONDS") is None
