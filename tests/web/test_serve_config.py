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
