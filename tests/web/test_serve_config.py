"""`arshjul serve` runs by the cycle configuration the database keeps, not by whatever file
(or none) it happens to be started with."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

import arshjul
from tests.e2e.conftest import inprocess_runner
from tests.web.conftest import Served

COUNCIL = Path(arshjul.__file__).with_name("finansrad.toml")
FTPOS = Path(arshjul.__file__).with_name("ftpos.toml")


def test_serve_started_without_config_shows_the_stored_cycle(
    serve_env: dict[str, str], serve: Callable[..., Served]
) -> None:
    """A database set up with the council's configuration: the page, started without
    --config, names the council's cycle, not FTPOS."""
    inprocess_runner(serve_env)("init", "--config", str(COUNCIL))
    served = serve("2026-08-20T09:00")
    with urllib.request.urlopen(served.url + "/", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "Årshjul Finanssamarbetet" in page and "FTPOS" not in page
    code, said = served.stop()
    assert code == 0, said


def test_a_running_serve_follows_a_cycle_set_from_its_next_request(
    serve_env: dict[str, str], serve: Callable[..., Served]
) -> None:
    """The page is up with the council's cycle; a coordinator puts FTPOS in force from the
    command line; the next page names FTPOS, without restarting the server."""
    run = inprocess_runner(serve_env)
    run("init", "--config", str(COUNCIL))
    run("org", "add", "FI", "--kind", "authority")
    run("person", "add", "anna@fi.se", "--name", "Anna", "--org", "FI", "--role", "coordinator")
    served = serve("2026-08-20T09:00")

    def page() -> str:
        with urllib.request.urlopen(served.url + "/", timeout=30) as response:
            return str(response.read().decode("utf-8"))

    assert "Årshjul Finanssamarbetet" in page()
    run("cycle", "set", str(FTPOS), actor="anna@fi.se", now="2026-08-20T09:00")
    assert "Årshjul FTPOS" in page()
    code, said = served.stop()
    assert code == 0, said
