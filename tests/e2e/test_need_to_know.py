"""Need-to-know: outsiders see that a restricted item exists, never its content."""

from __future__ import annotations

import json

from tests.e2e.conftest import Run, seed

SECRET_TITLE = "Hemlig: reservrutiner för RIX"
SECRET_TEXT = "Detaljer om reservsite i Bergslagen"
SECRET_NOTE = "Prioriterad efter underrättelse"


def restricted_item(cli: Run) -> str:
    seed(cli)
    item_id = cli(
        "propose",
        SECRET_TITLE,
        "--description",
        SECRET_TEXT,
        "--restricted-to",
        "Riksbanken",
        now="2026-02-10",
        actor="bo@nordbanken.se",
    ).stdout.strip()
    cli("prioritise", item_id, "--note", SECRET_NOTE, now="2026-05-12", actor="anna@fi.se")
    return item_id


def test_an_outsider_sees_id_cycle_and_state_only_in_every_output(cli: Run) -> None:
    """Pia of Sydbanken: show, list, and both --json outputs carry no title, description or note."""
    item_id = restricted_item(cli)
    outputs = [
        cli("show", item_id, actor="pia@sydbank.se").stdout,
        cli("show", item_id, "--json", actor="pia@sydbank.se").stdout,
        cli("list", actor="pia@sydbank.se").stdout,
        cli("list", "--json", actor="pia@sydbank.se").stdout,
        cli("list", "--json").stdout,  # nobody in particular
        cli("show", item_id, "--json").stdout,
    ]
    for output in outputs:
        for secret in (
            SECRET_TITLE,
            SECRET_TEXT,
            SECRET_NOTE,
            "Riksbanken",
            "bo@nordbanken.se",
            "Nordbanken",
        ):
            assert secret not in output
    shown = json.loads(outputs[1])
    assert (shown["id"], shown["cycle"], shown["state"], shown["restricted"]) == (
        item_id,
        2027,
        "prioritised",
        True,
    )
    assert shown["title"] is None and shown["description"] is None
    assert all(entry["note"] is None for entry in shown["history"])
    listed = json.loads(outputs[3])
    assert [(row["id"], row["state"], row["title"]) for row in listed] == [
        (item_id, "prioritised", None)
    ]


def test_the_named_organisations_and_fi_see_the_content(cli: Run) -> None:
    """Riksbanken's people, the proposer's organisation and FI see title, text and notes."""
    item_id = restricted_item(cli)
    cli(
        "person",
        "add",
        "rb@riksbank.se",
        "--name",
        "R",
        "--org",
        "Riksbanken",
        "--role",
        "reference",
        actor="anna@fi.se",
    )
    for reader in ("rb@riksbank.se", "bo@nordbanken.se", "anna@fi.se", "chef@fi.se"):
        shown = json.loads(cli("show", item_id, "--json", actor=reader).stdout)
        assert shown["title"] == SECRET_TITLE and shown["description"] == SECRET_TEXT
        assert shown["history"][-1]["note"] == SECRET_NOTE


def test_filtering_by_organisation_does_not_reveal_whose_restricted_item_it_is(cli: Run) -> None:
    """An outsider listing Nordbanken's items does not find the restricted one."""
    item_id = restricted_item(cli)
    cli("propose", "Öppen åtgärd", now="2026-02-10", actor="bo@nordbanken.se")
    ids = [
        row["id"]
        for row in json.loads(
            cli("list", "--org", "Nordbanken AB", "--json", actor="pia@sydbank.se").stdout
        )
    ]
    assert item_id not in ids and len(ids) == 1
