"""The README is a promise that runs: its commands are the ones CI and users run."""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path
from typing import Any

import pytest

from arshjul.states import mermaid
from tests.e2e.conftest import inprocess_runner

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart() -> list[str]:
    block = re.search(r"## Quickstart.*?```sh\n(.*?)```", README, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_quickstart_is_exactly_two_commands_and_ci_runs_the_second() -> None:
    """One installs and runs the demo; one installs and runs the tests, which .ci/run runs unchanged."""
    main, tests = quickstart()
    assert main.endswith("arshjul demo")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_shows_the_lifecycle_the_engine_draws() -> None:
    """The Mermaid block in the README is what `arshjul states` prints now."""
    assert f"```mermaid\n{mermaid()}```" in README


def test_the_demo_plays_a_cycle_and_says_how_to_look_around(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """`arshjul demo --dir` writes a database the printed commands can read."""
    run = inprocess_runner(cli_env)
    output = run("demo", "--dir", str(tmp_path / "demo")).stdout
    assert "2027-001  genomförd → uppföljd" in output  # Swedish, the cycle's language
    assert "[████████████████████████] 100% 2028-01-10" in output  # the bar reaches the end
    db = re.search(r"export ARSHJUL_DB=(\S+)", output)
    actor = re.search(r"export ARSHJUL_AS=(\S+)", output)
    assert db and actor
    env = cli_env | {"ARSHJUL_DB": db.group(1)}
    listed = json.loads(
        inprocess_runner(env)("list", "--cycle", "2027", "--json", actor=actor.group(1)).stdout
    )
    states = {row["state"] for row in listed}
    assert {"followed_up", "deprioritised", "withdrawn", "in_progress", "decided"} <= states
    assert "orörd" in inprocess_runner(env)("audit", "verify").stdout
    again = run("demo", "--dir", str(tmp_path / "demo"), check=False)
    assert again.returncode == 1 and "--dir" in again.stderr


def test_the_demo_speaks_english_when_asked(cli_env: dict[str, str], tmp_path: Path) -> None:
    """`--lang en` puts its headings, states and what the scheduler did in English."""
    output = inprocess_runner(cli_env)("demo", "--dir", str(tmp_path / "en"), "--lang", "en").stdout
    assert "Q1 dialogue: participants propose measures" in output
    assert "2027-001  executed → followed up" in output
    assert "phase closes 2027 decision  (deprioritised: 2027-007, 2027-010)" in output
    assert "Look around as FI's coordinator:" in output


def test_ctrl_c_while_the_demo_plays_in_process_ends_the_test_run(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGINT in the middle of the in-process demo reaches pytest as KeyboardInterrupt, not as a failed test."""
    from arshjul.workflow import ticker

    ticked = ticker.tick

    def interrupted(*args: Any, **kwargs: Any) -> list[ticker.Fired]:
        signal.raise_signal(signal.SIGINT)  # what Ctrl-C in the terminal does
        return ticked(*args, **kwargs)

    monkeypatch.setattr(ticker, "tick", interrupted)
    with pytest.raises(KeyboardInterrupt):
        inprocess_runner(cli_env)("demo", "--dir", str(tmp_path / "demo"))
