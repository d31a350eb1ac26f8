"""The command line in a subprocess, as a user runs it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]
INTERRUPTED = 130  # the command line's exit status after KeyboardInterrupt (cli/base.py)


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: its own data folder, no acting person, no clock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARSHJUL_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _call_env(
    env: dict[str, str], now: str | None, actor: str | None, extra: dict[str, Any]
) -> dict[str, str]:
    call_env = dict(env)
    if now:
        call_env["ARSHJUL_NOW"] = now
    if actor:
        call_env["ARSHJUL_AS"] = actor
    call_env.update({k: str(v) for k, v in extra.items()})
    return call_env


def _checked(
    result: subprocess.CompletedProcess[str], args: tuple[str, ...], check: bool
) -> subprocess.CompletedProcess[str]:
    assert "Traceback" not in result.stderr, result.stderr
    assert "unexpected failure" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, f"{args}: {result.stderr}"
    return result


def subprocess_runner(env: dict[str, str]) -> Run:
    """`python -m arshjul …` in a process of its own, exactly as a user runs it."""

    def run(
        *args: str,
        now: str | None = None,
        actor: str | None = None,
        check: bool = True,
        **extra: Any,
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "arshjul", *args],
            env=_call_env(env, now, actor, extra),
            capture_output=True,
            text=True,
            timeout=120,
        )
        return _checked(result, args, check)

    return run


def inprocess_runner(env: dict[str, str]) -> Run:
    """The same command line through click's runner: same code path, no interpreter start-up."""
    from click.testing import CliRunner

    from arshjul.cli import cli

    def run(
        *args: str,
        now: str | None = None,
        actor: str | None = None,
        check: bool = True,
        **extra: Any,
    ) -> subprocess.CompletedProcess[str]:
        wanted = _call_env(env, now, actor, extra)
        # CliRunner sets what it is given over os.environ: unset every ARSHJUL_* we do not want.
        overlay: dict[str, str | None] = {k: None for k in os.environ if k.startswith("ARSHJUL_")}
        overlay.update({k: v for k, v in wanted.items() if k.startswith(("ARSHJUL_", "XDG_"))})
        result = CliRunner().invoke(cli, list(args), env=overlay, prog_name="arshjul")
        if result.exit_code == INTERRUPTED:  # Ctrl-C: the command said so; the test run ends too
            raise KeyboardInterrupt(result.stderr.strip())
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        completed = subprocess.CompletedProcess(
            list(args), result.exit_code, result.stdout, result.stderr
        )
        return _checked(completed, args, check)

    return run


@pytest.fixture
def arshjul(cli_env: dict[str, str], db_url: str) -> Run:
    """`arshjul …` in a subprocess, against a fresh database of its own (SQLite and PostgreSQL)."""
    cli_env["ARSHJUL_DB"] = db_url
    return subprocess_runner(cli_env)


@pytest.fixture
def cli(cli_env: dict[str, str], db_url: str) -> Run:
    """`arshjul …` in this process, against the same database as `arshjul`."""
    cli_env["ARSHJUL_DB"] = db_url
    return inprocess_runner(cli_env)


def add_forcing_decider(run: Run) -> str:
    """ceo@fi.se: a decider who is also a coordinator, so may decide outside the window with --force."""
    run(
        "person",
        "add",
        "ceo@fi.se",
        "--name",
        "C",
        "--org",
        "Finansinspektionen",
        "--role",
        "decider",
        "--role",
        "coordinator",
        actor="anna@fi.se",
    )
    return "ceo@fi.se"


def seed(run: Run) -> None:
    """FI, two banks and people in every role, through the command line."""
    run("init")
    run("org", "add", "Finansinspektionen", "--kind", "authority", "--lead")
    run(
        "person",
        "add",
        "anna@fi.se",
        "--name",
        "Anna Ek",
        "--org",
        "Finansinspektionen",
        "--role",
        "coordinator",
    )
    fi = {"actor": "anna@fi.se"}
    run("org", "add", "Nordbanken AB", "--kind", "company", "--total-defence", **fi)
    run("org", "add", "Sydbanken AB", "--kind", "company", **fi)
    run("org", "add", "Riksbanken", "--kind", "authority", **fi)
    run(
        "person",
        "add",
        "chef@fi.se",
        "--name",
        "Chef",
        "--org",
        "Finansinspektionen",
        "--role",
        "decider",
        **fi,
    )
    run(
        "person",
        "add",
        "bo@nordbanken.se",
        "--name",
        "Bo",
        "--org",
        "Nordbanken AB",
        "--role",
        "proposer",
        "--role",
        "owner",
        "--lang",
        "en",
        **fi,
    )
    run(
        "person",
        "add",
        "pia@sydbank.se",
        "--name",
        "Pia",
        "--org",
        "Sydbanken AB",
        "--role",
        "proposer",
        **fi,
    )


STARTED = re.compile(r"^Årshjul (kör som|runs as) ")  # `run`'s readiness line (i18n run_started)


def wait_until(condition: Callable[[], object], what: str, timeout: float = 120.0) -> None:
    """Poll `condition` until it holds; after `timeout` seconds fail saying `what` never happened.

    The bound is generous on purpose: on a busy machine a process needs seconds to start."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout:g} s"
        time.sleep(0.05)


class Service:
    """One `arshjul run --json` process, its fired events and what it says read as they come."""

    started: ClassVar[list[Service]] = []

    def __init__(self, env: dict[str, str], *extra: str, python: tuple[str, ...] = ()) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *(python or ("-m", "arshjul")), "run", "--json", *extra],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        Service.started.append(self)
        self.fired: list[dict] = []  # type: ignore[type-arg]
        self.said: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._listen, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.fired.append(json.loads(line))

    def _listen(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.said.append(line)

    def has_said(self, pattern: str | re.Pattern[str]) -> bool:
        return any(re.search(pattern, line) for line in list(self.said))

    def wait_for(
        self, condition: Callable[[], object], what: str = "the condition", timeout: float = 120.0
    ) -> None:
        """Wait until `condition` holds while the process lives; fail naming `what` otherwise."""

        def holds() -> object:
            if condition():
                return True
            assert self.process.poll() is None, f"{what}: `run` ended; it said {self.said}"
            return False

        wait_until(holds, what, timeout)

    def wait_until_started(self, timeout: float = 120.0) -> None:
        """Wait for the readiness line: from then on the signals are handled and it has ticked."""
        self.wait_for(lambda: self.has_said(STARTED), "`run` said it started", timeout)

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=60)
        for reader in self._readers:
            reader.join(timeout=30)
        return code, "".join(self.said)


@pytest.fixture(autouse=True)
def no_service_outlives_its_test() -> Iterator[None]:
    """A failed assertion must not leave `arshjul run` processes behind."""
    yield
    while Service.started:
        process = Service.started.pop().process
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
