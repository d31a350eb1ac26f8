"""Meetings and the calendar through the command line; the .ics read back with icalendar."""

from __future__ import annotations

import json
from pathlib import Path

from icalendar import Calendar

from tests.e2e.conftest import Run, seed


def test_a_meeting_is_added_moved_documented_and_exported(cli: Run, tmp_path: Path) -> None:
    """add, move, minutes, show, list, and `calendar -o` as valid RFC 5545 with the raised SEQUENCE."""
    seed(cli)
    fi = {"actor": "anna@fi.se"}
    meeting_id = cli(
        "meeting",
        "add",
        "Referensgruppen: förslagen 2028",
        "--type",
        "reference-group",
        "--start",
        "2027-04-20 13:00",
        "--minutes",
        "90",
        "--place",
        "FI, Brunnsgatan 3",
        "--invite",
        "Nordbanken AB",
        "--invite",
        "pia@sydbank.se",
        now="2027-04-01",
        **fi,
    ).stdout.strip()
    cli("meeting", "move", meeting_id, "--start", "2027-04-22 09:00", now="2027-04-02", **fi)
    minutes = tmp_path / "minutes.txt"
    minutes.write_text("Förslagen gicks igenom.\nNästa möte i maj.", encoding="utf-8")
    cli("meeting", "minutes", meeting_id, "--file", str(minutes), now="2027-04-22T12:00", **fi)
    shown = json.loads(cli("meeting", "show", meeting_id, "--json", **fi).stdout)
    assert (shown["type"], shown["sequence"], shown["starts"]) == (
        "reference-group",
        1,
        "2027-04-22T09:00:00+02:00",
    )
    assert shown["ends"] == "2027-04-22T10:30:00+02:00"
    assert shown["minutes"].startswith("Förslagen gicks igenom.")
    assert sorted(shown["invitees"]) == ["bo@nordbanken.se", "pia@sydbank.se"]
    listed = json.loads(cli("meeting", "list", "--year", "2027", "--json", **fi).stdout)
    assert [m["id"] for m in listed] == [int(meeting_id)]

    target = tmp_path / "ftpos-2027.ics"
    cli("calendar", "2027", "-o", str(target), **fi)
    parsed = Calendar.from_ical(target.read_bytes())
    [event] = list(parsed.walk("VEVENT"))
    assert str(event["summary"]) == "Referensgruppen: förslagen 2028"
    assert int(event["sequence"]) == 1 and str(event["uid"]) == shown["uid"]
    assert str(event["location"]) == "FI, Brunnsgatan 3"
    assert b"\r\n" in target.read_bytes()  # RFC 5545 lines end in CRLF


def test_bad_meetings_are_one_error_line(cli: Run) -> None:
    """A proposer convening, an end before the start, a time that does not parse, nobody invited."""
    seed(cli)
    cases = [
        (
            (
                "meeting",
                "add",
                "X",
                "--type",
                "planning",
                "--start",
                "2027-04-20 13:00",
                "--everyone",
            ),
            "bo@nordbanken.se",
            "bo@nordbanken.se",
        ),
        (
            (
                "meeting",
                "add",
                "X",
                "--type",
                "planning",
                "--start",
                "2027-04-20 13:00",
                "--end",
                "2027-04-20 12:00",
                "--everyone",
            ),
            "anna@fi.se",
            "2027-04-20",
        ),
        (
            ("meeting", "add", "X", "--type", "planning", "--start", "i morgon", "--everyone"),
            "anna@fi.se",
            "i morgon",
        ),
        (
            ("meeting", "add", "X", "--type", "planning", "--start", "2027-04-20 13:00"),
            "anna@fi.se",
            "--everyone",
        ),
        (("meeting", "show", "99"), "anna@fi.se", "99"),
        (("wg", "add", "2027-001", "--member", "bo@nordbanken.se"), "anna@fi.se", "2027-001"),
    ]
    for args, actor, says in cases:
        result = cli(*args, actor=actor, check=False)
        assert result.returncode == 1, args
        assert result.stderr.startswith("error: ") and says in result.stderr, result.stderr
    assert json.loads(cli("meeting", "list", "--year", "2027", "--json").stdout) == []
