"""A due date on a weekend or Swedish holiday moves by the working-day rule when a measure is
decided, and the person deciding is told, in text and in JSON; the stored date is the moved one."""

from __future__ import annotations

import json

from tests.e2e.conftest import Run, seed


def test_a_decision_due_on_a_holiday_is_stored_on_the_working_day_before_and_told(
    cli: Run,
) -> None:
    """National Day 2027 (a Sunday) → Friday 4 June; a Sunday in October → the Friday before;
    a working day stays, and nothing is said of it."""
    seed(cli)
    ids = [
        cli("propose", title, now="2026-02-10T09:30", actor="bo@nordbanken.se").stdout.strip()
        for title in ("Övning ett", "Övning två", "Övning tre")
    ]
    cli("prioritise", *ids, now="2026-05-12", actor="anna@fi.se")
    decided = cli(
        "decide", ids[0], "--owner", "bo@nordbanken.se", "--due", "2027-06-06",
        now="2026-08-20", actor="chef@fi.se",
    )  # fmt: skip
    assert decided.stdout.strip() == f"{ids[0]}: prioritised → decided"
    assert decided.stderr.strip() == (
        f"{ids[0]}: förfallodagen 2027-06-06 är en helgdag (Nationaldagen): flyttad till"
        " 2027-06-04 enligt arbetsdagsregeln (previous)"
    )
    as_json = cli(
        "decide", ids[1], ids[2], "--owner", "bo@nordbanken.se", "--due", "2027-10-31", "--json",
        now="2026-08-20", actor="chef@fi.se", ARSHJUL_LANG="en",
    )  # fmt: skip
    assert json.loads(as_json.stdout) == [
        {
            "id": item_id,
            "from": "prioritised",
            "to": "decided",
            "due_moved": {
                "asked": "2027-10-31",
                "to": "2027-10-29",
                "rule": "previous",
                "holiday": None,
            },
        }
        for item_id in ids[1:]
    ]
    assert as_json.stderr == ""
    dues = [json.loads(cli("show", i, "--json", actor="anna@fi.se").stdout)["due"] for i in ids]
    assert dues == ["2027-06-04", "2027-10-29", "2027-10-29"]
    cli("audit", "verify", actor="anna@fi.se")


def test_a_working_day_due_date_stays_and_nothing_is_said(cli: Run) -> None:
    """Tuesday 8 June 2027 is kept as it is; `--json` says `due_moved: null`."""
    seed(cli)
    item = cli("propose", "Övning", now="2026-02-10T09:30", actor="bo@nordbanken.se").stdout.strip()
    cli("prioritise", item, now="2026-05-12", actor="anna@fi.se")
    decided = cli(
        "decide", item, "--owner", "bo@nordbanken.se", "--due", "2027-06-08", "--json",
        now="2026-08-20", actor="chef@fi.se",
    )  # fmt: skip
    assert json.loads(decided.stdout)[0]["due_moved"] is None
    assert json.loads(cli("show", item, "--json", actor="anna@fi.se").stdout)["due"] == "2027-06-08"
