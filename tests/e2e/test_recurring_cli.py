"""A recurring meeting's date fixed through the command line, and its standing information
point shown under the agenda as the reader may see it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Run

FI = {"actor": "anna@fi.se"}


def _two_bodies(cli: Run, tmp_path: Path) -> None:
    """FSPOS (FI and a bank), and SOES, added by FI's coordinator (FI its first member)."""
    for example in ("fspos", "soes"):
        text = cli("cycle", "default", "--example", example).stdout
        (tmp_path / f"{example}.toml").write_text(text, encoding="utf-8")
    cli("init", "--config", str(tmp_path / "fspos.toml"), now="2026-11-01")
    cli("org", "add", "Finansinspektionen", "--kind", "authority", "--lead")
    cli(
        "person", "add", "anna@fi.se", "--name", "Anna", "--org", "Finansinspektionen",
        "--role", "coordinator",
    )  # fmt: skip
    cli("org", "add", "Nordbanken AB", "--kind", "company", **FI)
    cli(
        "person", "add", "bo@nordbanken.se", "--name", "Bo", "--org", "Nordbanken AB",
        "--role", "proposer", **FI,
    )  # fmt: skip
    cli(
        "body", "add", "SOES", "--name", "Samverkansområdet ekonomisk säkerhet",
        "--config", str(tmp_path / "soes.toml"), **FI,
    )  # fmt: skip


def test_a_board_meeting_fixed_by_its_key_carries_the_brief_of_soes(
    cli: Run, tmp_path: Path
) -> None:
    _two_bodies(cli, tmp_path)
    meeting_id = cli(
        "meeting", "add", "--recurring", "styrelse", "--start", "2027-03-03 13:00",
        now="2026-12-01", **FI,
    ).stdout.strip()  # fmt: skip
    shown = json.loads(cli("meeting", "show", meeting_id, "--json", **FI).stdout)
    assert (shown["title"], shown["type"], shown["recurring"]) == (
        "FSPOS styrelsemöte 2027",
        "planning",
        "styrelse",
    )
    assert shown["agenda"][-1] == "Information från SOES"
    assert shown["orgs"] == ["Finansinspektionen", "Nordbanken AB"]  # invite = ["member"]
    assert sorted(shown["invitees"]) == ["anna@fi.se", "bo@nordbanken.se"]
    [brief] = shown["brief"]
    assert brief["body"] == "SOES" and brief["decided"] == [] and brief["meetings"] == []
    text = cli("meeting", "show", meeting_id, **FI).stdout
    assert "Information från SOES sedan 2026-03-03:" in text
    assert "Inget att rapportera." in text
    # The bank takes no part in SOES: nothing of it under the agenda.
    as_bo = json.loads(
        cli("meeting", "show", meeting_id, "--json", actor="bo@nordbanken.se").stdout
    )
    assert as_bo["brief"] == [] and as_bo["agenda"][-1] == "Information från SOES"
    english = cli("meeting", "show", meeting_id, "--lang", "en", **FI).stdout
    assert "Information from SOES since 2026-03-03:" in english


def test_a_recurring_key_the_configuration_lacks_is_refused(cli: Run, tmp_path: Path) -> None:
    _two_bodies(cli, tmp_path)
    refused = cli(
        "meeting", "add", "--recurring", "nope", "--start", "2027-03-03 13:00", check=False, **FI
    )
    assert refused.returncode != 0
    assert refused.stderr.count("error:") == 1
    assert "fullmaktige, styrelse" in refused.stderr
    untyped = cli(
        "meeting", "add", "Möte", "--start", "2027-03-03 13:00", "--everyone", check=False, **FI
    )
    assert untyped.returncode != 0 and "--type" in untyped.stderr
    listed = json.loads(cli("meeting", "list", "--year", "2027", "--json", **FI).stdout)
    assert listed == []
