"""Who sees which messages in the outbox, and who may send it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Run, seed


def test_the_outbox_shows_a_person_their_own_messages_and_a_coordinator_everyones(
    cli: Run,
) -> None:
    """Bo and Pia each see only their receipt, counts included; Anna (FI) sees both; nobody in
    particular is asked who they are."""
    seed(cli)
    cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se")
    cli("propose", "Analys", now="2026-02-10", actor="pia@sydbank.se")
    for email, expected in (
        ("bo@nordbanken.se", ["bo@nordbanken.se"]),
        ("pia@sydbank.se", ["pia@sydbank.se"]),
        ("anna@fi.se", ["bo@nordbanken.se", "pia@sydbank.se"]),
    ):
        shown = json.loads(cli("outbox", "--json", actor=email).stdout)
        assert sorted(m["to"] for m in shown["messages"]) == expected, email
        assert shown["counts"]["waiting"] == len(expected), email
        listed = cli("outbox", actor=email).stdout
        for other in ("bo@nordbanken.se", "pia@sydbank.se"):
            assert (other in listed) == (other in expected), (email, other)
    nobody = cli("outbox", check=False)
    assert nobody.returncode == 1 and nobody.stderr.startswith("error: ") and nobody.stdout == ""


def test_outbox_send_is_the_services_or_a_coordinators(cli: Run, tmp_path: Path) -> None:
    """Bo may not send everyone's mail (exit 1, nothing sent); without --as (the service's
    cron) and as a coordinator it goes."""
    seed(cli)
    cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se")
    mail = {"ARSHJUL_MAIL": f"dir://{tmp_path}/mail"}
    refused = cli("outbox", "send", actor="bo@nordbanken.se", check=False, **mail)
    assert refused.returncode == 1 and refused.stderr.startswith("error: ")
    assert "bo@nordbanken.se" in refused.stderr
    counts = json.loads(cli("outbox", "--json", actor="anna@fi.se").stdout)["counts"]
    assert counts["sent"] == 0
    cli("outbox", "send", now="2026-02-10T00:01", actor="anna@fi.se", **mail)
    cli("propose", "Analys", now="2026-02-11", actor="pia@sydbank.se")
    cli("outbox", "send", now="2026-02-11T00:01", **mail)
    counts = json.loads(cli("outbox", "--json", actor="anna@fi.se").stdout)["counts"]
    assert (counts["sent"], counts["waiting"]) == (2, 0)
