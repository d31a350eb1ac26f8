"""`arshjul serve` as a person starts it: in a process of its own, on a free port, answering,
and stopping cleanly on SIGTERM and SIGINT."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from arshjul.clock import FixedClock
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import access
from tests.conftest import Sector
from tests.web.conftest import Served


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_answers_on_a_free_port_and_stops_cleanly_on_a_signal(
    sector: Sector, serve: Callable[..., Served], signum: int
) -> None:
    """The sign-in page answers over HTTP, with its headers; a signal ends the server with
    exit status 0 and a word that it stopped."""
    served = serve("2026-02-10T09:00")
    with urllib.request.urlopen(served.url + "/", timeout=30) as response:
        assert response.status == 200 and response.url == served.url + "/signin"
        assert "Logga in" in response.read().decode("utf-8")
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Server"] == "arshjul"
    code, said = served.stop(signum)
    assert code == 0, said
    assert "webbsidan stoppades" in said and "Traceback" not in said


def _serve(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "arshjul", "serve", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_port_in_use_is_one_error_line(sector: Sector, serve_env: dict[str, str]) -> None:
    """Another program on the port: one `error:` line, exit 1."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _serve(serve_env, "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: kan inte ta emot anrop på 127.0.0.1:{port}: ")
    assert len(result.stderr.splitlines()) == 1


def test_an_address_that_is_no_web_address_is_one_error_line(
    sector: Sector, serve_env: dict[str, str]
) -> None:
    """--url must be http(s) with a host: sign-in links are built on it."""
    result = _serve(serve_env, "--port", "0", "--url", "ftp://fi.example/")
    assert result.returncode == 1
    assert (
        result.stderr
        == "error: 'ftp://fi.example/' är ingen webbadress som https://ftpos.example.se\n"
    )


def test_a_database_not_set_up_is_named_before_serving(
    serve_env: dict[str, str], tmp_path: object
) -> None:
    """On an empty database the server does not start, and says to run init."""
    result = _serve(serve_env | {"ARSHJUL_DB": f"sqlite:///{tmp_path}/empty.db"}, "--port", "0")
    assert result.returncode == 1 and "arshjul init" in result.stderr


def test_the_command_line_starts_without_the_web_libraries() -> None:
    """Flask and waitress are loaded by `serve` alone: `arshjul --help` stays fast."""
    code = "import sys, arshjul.cli; print(sorted(m for m in ('flask', 'waitress', 'werkzeug') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_servers_starting_together_sign_their_cookies_with_one_key(
    engine: Engine, clock: FixedClock
) -> None:
    """Several processes starting on a fresh database at once agree on the cookie key, so a
    session made by one is good in all."""
    barrier = threading.Barrier(4)
    keys: list[str] = []

    def start() -> None:
        barrier.wait()
        keys.append(access.cookie_key(UnitOfWork(engine), clock))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 4 and len(set(keys)) == 1
