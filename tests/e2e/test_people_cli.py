"""People and organisations change through the command line (in process, SQLite): roles
added and removed, a person deactivated with what they leave listed, their measures handed
over, an organisation's total-defence mark; refusals are one `error:` line and write nothing."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Run, seed

FI = {"actor": "anna@fi.se"}
BO, PIA, CHEF = "bo@nordbanken.se", "pia@sydbank.se", "chef@fi.se"
NILS = "nils@nordbanken.se"

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _decided(cli: Run) -> str:
    """Bo's measure, decided in August with Bo as its owner; Nils may own measures too."""
    seed(cli)
    cli("person", "add", NILS, "--name", "Nils", "--org", "Nordbanken AB", "--role", "owner", **FI)
    item_id = cli("propose", "Övning", now="2026-02-10", actor=BO).stdout.strip()
    cli("prioritise", item_id, now="2026-05-12", **FI)
    cli("decide", item_id, "--owner", BO, "--due", "2027-06-30", now="2026-08-12", actor=CHEF)
    return item_id


def _history_rows(cli: Run) -> int:
    """How many rows the history has, proven by `audit verify`."""
    return int(json.loads(cli("audit", "verify", "--json", **FI).stdout)["rows"])


def test_every_new_command_has_help(cli: Run) -> None:
    """--help names what each does, without a database."""
    for args, words in (
        (("person", "set"), "--add-role"),
        (("person", "deactivate"), "--reason"),
        (("person", "activate"), "--reason"),
        (("handover",), "FROM TO [ID…]"),
        (("org", "set"), "--total-defence / --no-total-defence"),
    ):
        shown = cli(*args, "--help").stdout
        assert words in shown and "--json" in shown, args


def test_a_leaver_is_listed_handed_over_and_audited(cli: Run) -> None:
    """Bo gets a role and leaves: deactivating lists his open measure; as him every command is
    refused; the measure goes to Nils; the chain holds it all."""
    item_id = _decided(cli)
    added = json.loads(
        cli(
            "person", "set", PIA, "--add-role", "reference", "--reason", "Ny", "--json", **FI
        ).stdout
    )
    assert added["roles"] == ["proposer", "reference"] and added["deactivated_at"] is None
    left = json.loads(
        cli(
            "person", "deactivate", BO, "--reason", "Slutat", "--json", now="2026-09-01", **FI
        ).stdout
    )
    assert left["deactivated_at"] is not None
    assert [(m["id"], m["state"], m["due"]) for m in left["measures"]] == [
        (item_id, "decided", "2027-06-30")
    ]
    assert left["working_groups"] == [] and left["standing_groups"] == []
    listed = {p["email"]: p for p in json.loads(cli("person", "list", "--json").stdout)}
    assert listed[BO]["deactivated_at"] == left["deactivated_at"]
    assert "(inaktiverad)" in cli("person", "list").stdout
    refused = cli("show", item_id, actor=BO, check=False)
    assert (refused.returncode, refused.stderr) == (1, f"error: {BO} är inaktiverad\n")
    count = _history_rows(cli)
    for bad_input in (
        ("handover", BO, NILS, "2027-999"),
        ("handover", BO, BO),
        ("person", "set", PIA, "--role", "owner", "--add-role", "reference"),
        ("person", "set", PIA, "--digest", "--reason", "x"),
        ("person", "activate", PIA, "--reason", " "),
        ("org", "set", "Okänd AB", "--total-defence"),
    ):
        bad = cli(*bad_input, check=False, **FI)
        assert bad.returncode == 1 and bad.stderr.startswith("error: "), bad_input
        assert bad.stderr.count("\n") == 1, bad.stderr
    assert _history_rows(cli) == count
    done = json.loads(
        cli("handover", BO, NILS, "--reason", "Slutat", "--json", now="2026-09-02", **FI).stdout
    )
    assert done == {"from": BO, "to": NILS, "measures": [item_id], "working_groups": [],
                    "standing_groups": [], "requests_closed": []}  # fmt: skip
    assert json.loads(cli("show", item_id, "--json", **FI).stdout)["owner"] == NILS
    again = cli("person", "activate", BO, "--reason", "Tillbaka", **FI).stdout
    assert again.strip() == f"{BO} är aktiv igen"
    org = json.loads(cli("org", "set", "Sydbanken AB", "--total-defence", "--json", **FI).stdout)
    assert org == {"name": "Sydbanken AB", "kind": "company", "total_defence": True,
                   "lead": False}  # fmt: skip
    assert _history_rows(cli) == count + 4  # handover (item + person), activate, org set


def test_those_who_are_not_coordinators_are_refused_every_change(cli: Run) -> None:
    """The proposer, the owner and the decider: one `error:` line each, nothing written."""
    item_id = _decided(cli)
    count = _history_rows(cli)
    for who in (PIA, BO, CHEF):
        for args in (
            ("person", "set", NILS, "--add-role", "proposer"),
            ("person", "set", NILS, "--remove-role", "owner"),
            ("person", "deactivate", NILS, "--reason", "x"),
            ("person", "activate", NILS, "--reason", "x"),
            ("handover", BO, NILS, item_id),
            ("org", "set", "Sydbanken AB", "--no-total-defence"),
        ):
            refused = cli(*args, actor=who, check=False)
            assert refused.returncode == 1, (who, args)
            assert refused.stderr.startswith(f"error: {who} får inte ändra personer"), (
                refused.stderr
            )
    assert _history_rows(cli) == count


def test_a_change_that_changes_nothing_or_strands_a_measure_is_one_error_line(cli: Run) -> None:
    """A role held already, no flag at all, and taking the owner role from the owner of an open
    measure (pointing at `handover`): refused with one line, nothing written."""
    item_id = _decided(cli)
    count = _history_rows(cli)
    for args, said in (
        (("person", "set", NILS, "--add-role", "owner"), "inget ändrat"),
        (("person", "set", NILS), "inget att ändra"),
        (("org", "set", "Sydbanken AB"), "inget att ändra"),
        (("person", "set", BO, "--remove-role", "owner"), f"handover {BO}"),
        (("person", "set", BO, "--role", "proposer"), item_id),
    ):
        refused = cli(*args, check=False, **FI)
        assert refused.returncode == 1 and refused.stderr.count("\n") == 1, args
        assert refused.stderr.startswith("error: ") and said in refused.stderr, refused.stderr
    assert _history_rows(cli) == count


def test_a_deactivation_is_shown_in_the_bodys_time_zone(cli: Run) -> None:
    """`deactivated_at` has the offset of Stockholm in summer, as other JSON moments do."""
    seed(cli)
    left = json.loads(
        cli(
            "person", "deactivate", PIA, "--reason", "Slutat", "--json", now="2026-09-01", **FI
        ).stdout
    )
    assert left["deactivated_at"].endswith("+02:00"), left["deactivated_at"]
    listed = {p["email"]: p for p in json.loads(cli("person", "list", "--json").stdout)}
    assert listed[PIA]["deactivated_at"] == left["deactivated_at"]
