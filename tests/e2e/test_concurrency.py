"""Two processes change one item at once: exactly one wins, the other gets a clean error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import Run, seed, wait_until

# The command line with a fixture inside: between reading the item and writing it, each command
# says so with a file and waits until the test says go, once both have read it.
BOTH_READ_BEFORE_EITHER_WRITES = """
import os, sys, time
from pathlib import Path
from arshjul.store.repository import Repository
def hold():
    barrier = Path(os.environ["TEST_BARRIER"])
    (barrier / f"read-{os.getpid()}").touch()
    deadline = time.monotonic() + 120
    while not (barrier / "go").exists():
        assert time.monotonic() < deadline, "the test never said go"
        time.sleep(0.02)
_versions = Repository.versions
def versions(self, ids):  # what the person saw is read: wait until the other has read it too
    seen = _versions(self, ids)
    hold()
    return seen
Repository.versions = versions
from arshjul.cli import cli
cli(args=sys.argv[1:], prog_name="arshjul")
"""


def test_two_processes_on_one_item_one_wins_the_other_is_told(
    cli: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Prioritise and deprioritise race, both having read the item before either writes: one moves, one refuses."""
    seed(cli)
    item_id = cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    env = cli_env | {
        "ARSHJUL_NOW": "2026-05-12",
        "ARSHJUL_AS": "anna@fi.se",
        "TEST_BARRIER": str(tmp_path / "barrier"),
    }
    (tmp_path / "barrier").mkdir()
    commands = [["prioritise", item_id], ["deprioritise", item_id, "--reason", "Inte i år"]]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", BOTH_READ_BEFORE_EITHER_WRITES, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    wait_until(
        lambda: (
            len(list((tmp_path / "barrier").glob("read-*"))) == 2
            or any(p.poll() is not None for p in processes)
        ),
        "both commands read the item",
    )
    (tmp_path / "barrier" / "go").touch()
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    [loser] = [err for code, _, err in results if code == 1]
    assert loser.startswith("error: ") and item_id in loser and len(loser.strip().splitlines()) == 1
    assert "locked" not in loser and "Traceback" not in loser
    shown = json.loads(cli("show", item_id, "--json", actor="anna@fi.se").stdout)
    assert len(shown["history"]) == 2 and shown["state"] in ("prioritised", "deprioritised")
