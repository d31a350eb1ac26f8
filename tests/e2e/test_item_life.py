"""A whole item life through the command line, with ARSHJUL_NOW moving through the year."""

from __future__ import annotations

import json
from datetime import datetime

from tests.e2e.conftest import Run, add_forcing_decider, seed


def shown(run: Run, item_id: str, actor: str = "anna@fi.se") -> dict:  # type: ignore[type-arg]
    return json.loads(run("show", item_id, "--json", actor=actor).stdout)


def test_a_proposal_lives_its_whole_life_through_the_command_line(arshjul: Run, cli: Run) -> None:
    """Proposed in February, prioritised in May, decided in August, done and followed up next year."""
    seed(cli)
    proposed = arshjul(
        "propose",
        "Övning: kontanter vid långvarigt elavbrott",
        "--kind",
        "exercise",
        "--description",
        "Sektorsövning med Riksbanken",
        now="2026-02-10T09:30",
        actor="bo@nordbanken.se",
    )
    item_id = proposed.stdout.strip()
    assert item_id == "2027-001"
    assert "2027" in proposed.stderr

    steps = [
        (
            ("prioritise", item_id, "--rank", "2", "--note", "Hög nytta"),
            "2026-05-12",
            "anna@fi.se",
            "prioritised",
        ),
        (
            ("decide", item_id, "--owner", "bo@nordbanken.se", "--due", "2027-06-30"),
            "2026-08-20",
            "chef@fi.se",
            "decided",
        ),
        (
            ("start", item_id, "--note", "Planering igång"),
            "2027-01-15",
            "bo@nordbanken.se",
            "in_progress",
        ),
        (("complete", item_id), "2027-05-30", "bo@nordbanken.se", "executed"),
        (
            ("follow-up", item_id, "--assessment", "achieved", "--note", "Genomförd i tid"),
            "2027-11-15",
            "anna@fi.se",
            "followed_up",
        ),
    ]
    for number, (args, now, actor, state) in enumerate(steps, start=2):
        arshjul(*args, now=now, actor=actor)
        item = shown(arshjul, item_id)
        assert item["state"] == state
        assert len(item["history"]) == number
        last = item["history"][-1]
        assert (last["event"], last["to"], last["actor"]) == (
            args[0].replace("-", "_"),
            state,
            actor,
        )
        assert datetime.fromisoformat(last["at"]).date().isoformat() == now
        assert datetime.fromisoformat(last["at"]).utcoffset() is not None

    item = shown(arshjul, item_id)
    assert {
        k: item[k]
        for k in (
            "id",
            "cycle",
            "org",
            "owner",
            "due",
            "carried_from",
            "carried_to",
            "rank",
            "assessment",
        )
    } == {
        "id": "2027-001",
        "cycle": 2027,
        "org": "Nordbanken AB",
        "owner": "bo@nordbanken.se",
        "due": "2027-06-30",
        "carried_from": None,
        "carried_to": None,
        "rank": 2,
        "assessment": "achieved",
    }
    assert item["history"][0] == {
        "event": "submit",
        "from": None,
        "to": "proposed",
        "actor": "bo@nordbanken.se",
        "at": "2026-02-10T09:30:00+01:00",
        "note": None,
        "forced": False,
        "scheduled_at": None,
        "late": False,
    }
    listed = json.loads(arshjul("list", "--cycle", "2027", "--json").stdout)
    assert [row["id"] for row in listed] == [item_id] and "history" not in listed[0]
    assert "historiken är orörd" in arshjul("audit", "verify").stdout


def test_a_move_outside_its_window_needs_a_coordinators_force(cli: Run) -> None:
    """Deciding in May is refused; a coordinator with --force and a reason may, and it shows."""
    seed(cli)
    add_forcing_decider(cli)
    item_id = cli("propose", "Analys", now="2026-02-10", actor="pia@sydbank.se").stdout.strip()
    cli("prioritise", item_id, now="2026-05-12", actor="anna@fi.se")
    refused = cli(
        "decide",
        item_id,
        "--owner",
        "bo@nordbanken.se",
        "--due",
        "2027-03-31",
        now="2026-05-12",
        actor="chef@fi.se",
        check=False,
    )
    assert (
        refused.returncode == 1
        and refused.stderr.startswith("error: ")
        and "2026-07-01" in refused.stderr
    )
    no_reason = cli(
        "decide",
        item_id,
        "--owner",
        "bo@nordbanken.se",
        "--due",
        "2027-03-31",
        "--force",
        now="2026-05-12",
        actor="ceo@fi.se",
        check=False,
    )
    assert no_reason.returncode == 1 and "--force" in no_reason.stderr
    cli(
        "decide",
        item_id,
        "--owner",
        "bo@nordbanken.se",
        "--due",
        "2027-03-31",
        "--force",
        "--note",
        "Brådskande",
        now="2026-05-12",
        actor="ceo@fi.se",
    )
    last = shown(cli, item_id)["history"][-1]
    assert (last["event"], last["forced"], last["note"]) == ("decide", True, "Brådskande")


def test_a_proposer_withdraws_only_their_own_organisations_item(cli: Run) -> None:
    """Pia of Sydbanken cannot withdraw Nordbanken's proposal; Bo can."""
    seed(cli)
    item_id = cli("propose", "Förslag", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    refused = cli("withdraw", item_id, now="2026-02-11", actor="pia@sydbank.se", check=False)
    assert refused.returncode == 1 and "Nordbanken AB" in refused.stderr
    cli(
        "withdraw", item_id, "--reason", "Löses internt", now="2026-02-11", actor="bo@nordbanken.se"
    )
    assert shown(cli, item_id)["state"] == "withdrawn"


def test_several_ids_move_all_or_none(cli: Run) -> None:
    """prioritise A B where B cannot move leaves A proposed."""
    seed(cli)
    a = cli("propose", "A", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    b = cli("propose", "B", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    cli("withdraw", b, now="2026-02-10", actor="bo@nordbanken.se")
    refused = cli("prioritise", a, b, now="2026-05-12", actor="anna@fi.se", check=False)
    assert refused.returncode == 1 and b in refused.stderr
    assert shown(cli, a)["state"] == "proposed"
    moved = cli("prioritise", a, now="2026-05-12", actor="anna@fi.se")
    assert moved.stdout.strip() == f"{a}: proposed → prioritised"


def test_import_and_audit_answer_in_json(cli: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`import --json` says how many, which cycle and which ids; `audit verify --json` the chain."""
    seed(cli)
    path = tmp_path / "in.csv"
    path.write_text(
        "title;org;proposer\nEtt;Nordbanken AB;bo@nordbanken.se\nTvå;Sydbanken AB;pia@sydbank.se\n",
        encoding="utf-8",
    )
    imported = json.loads(
        cli("import", str(path), "--json", now="2026-02-10", actor="anna@fi.se").stdout
    )
    assert imported == {"count": 2, "cycle": 2027, "ids": ["2027-001", "2027-002"]}
    audit = json.loads(cli("audit", "verify", "--json").stdout)
    assert audit["ok"] is True and audit["rows"] == 3 and len(audit["last_hash"]) == 64
