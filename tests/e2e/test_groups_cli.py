"""`arshjul group …`: FSPOS's standing groups, who is in them, and the communications chiefs'
network moving from FSPOS to FTPOS with its members and history (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from importlib.resources import files

from tests.e2e.conftest import Run, seed

FI = {"actor": "anna@fi.se", "now": "2026-02-10 10:00"}
NETWORK = "Kommunikationschefsnätverket"
FSPOS = ("--body", "FSPOS")


def with_fspos(cli: Run) -> None:
    """FTPOS as `seed` leaves it, and FSPOS beside it with FI and Nordbanken taking part."""
    seed(cli)
    config = str(files("arshjul").joinpath("fspos.toml"))
    cli("body", "add", "FSPOS", "--name", "FSPOS", "--config", config, **FI)
    cli("body", "members", "FSPOS", "--add", "Nordbanken AB", **FI)


def listed(cli: Run, *args: str, actor: str = "anna@fi.se") -> dict[str, list[str]]:
    shown = json.loads(cli("group", "list", "--json", *args, actor=actor).stdout)
    return {g["name"]: g["members"] for g in shown}


def refused(cli: Run, *args: str, actor: str = "anna@fi.se") -> str:
    result = cli(*args, actor=actor, now=FI["now"], check=False)
    assert result.returncode == 1 and result.stdout == "", result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_fspos_has_its_three_groups_and_people_join_and_leave(cli: Run) -> None:
    with_fspos(cli)
    assert listed(cli, *FSPOS) == {"Information": [], "Kontinuitetssäkring": [], "Övning": []}
    assert listed(cli) == {}  # FTPOS: none standing
    assert "inga stående arbetsgrupper" in refused(cli, "group", "add", "Övning")
    joined = cli("group", "join", "Övning", "bo@nordbanken.se", "anna@fi.se", *FSPOS, **FI)
    assert joined.stdout == "med i Övning: bo@nordbanken.se, anna@fi.se\n"  # as given
    # Sydbanken does not take part in FSPOS: pia cannot join, nor see its groups.
    line = refused(cli, "group", "join", "Övning", "pia@sydbank.se", *FSPOS)
    assert "Sydbanken AB deltar inte i FSPOS" in line
    assert "deltar inte i FSPOS" in refused(cli, "group", "list", *FSPOS, actor="pia@sydbank.se")
    cli("group", "leave", "Övning", "bo@nordbanken.se", *FSPOS, **FI)
    assert listed(cli, *FSPOS, actor="bo@nordbanken.se")["Övning"] == ["anna@fi.se"]
    shown = cli("group", "show", "Övning", *FSPOS, "--lang", "en", **FI).stdout
    assert "bo@nordbanken.se joined" in shown and "bo@nordbanken.se left" in shown


def test_a_network_moves_from_fspos_to_ftpos_with_its_members_and_history(cli: Run) -> None:
    with_fspos(cli)
    cli("group", "add", NETWORK, "--network", *FSPOS, **FI)
    cli("group", "join", NETWORK, "anna@fi.se", "bo@nordbanken.se", *FSPOS, **FI)
    # pia becomes a coordinator of FSPOS only: FTPOS roles are not hers to use.
    cli("body", "members", "FSPOS", "--add", "Sydbanken AB", **FI)
    cli("person", "set", "pia@sydbank.se", "--role", "coordinator", *FSPOS, **FI)
    pia = "pia@sydbank.se"
    assert "samordnare" in refused(cli, "group", "add", "Nät", "--network", actor=pia)
    line = refused(cli, "group", "move", NETWORK, "--to", "FTPOS", *FSPOS, actor=pia)
    assert "inte samordnare i FTPOS" in line
    moved = cli(
        "group", "move", NETWORK, "--to", "FTPOS", "--on", "2026-01-01", *FSPOS, "--json", **FI
    )
    answer = json.loads(moved.stdout)
    assert answer["body"] == "FTPOS" and answer["moved_at"].startswith("2026-01-01T00:00")
    assert answer["members"] == ["anna@fi.se", "bo@nordbanken.se"]
    assert NETWORK not in listed(cli, *FSPOS)
    assert listed(cli) == {NETWORK: ["anna@fi.se", "bo@nordbanken.se"]}
    history = json.loads(cli("group", "show", NETWORK, "--json", **FI).stdout)["history"]
    assert [h["event"] for h in history] == ["group_add", "group_join", "group_join", "group_move"]
    assert history[0]["body"] == "FSPOS"
    assert (history[-1]["from_body"], history[-1]["body"]) == ("FSPOS", "FTPOS")
    assert "flyttades FSPOS → FTPOS" in cli("group", "show", NETWORK, **FI).stdout
    # FSPOS sees the move too: the history until it left, not who is in it now.
    there = json.loads(cli("group", "show", NETWORK, "--json", *FSPOS, **FI).stdout)
    assert (there["body"], there["members"], there["history"]) == ("FTPOS", [], history)
    assert cli("audit", "verify", **FI).returncode == 0
