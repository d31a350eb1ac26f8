"""`arshjul edit` and `show --version` on the command line (in process): help, JSON, every role
that may not edit refused in one `error:` line, nothing written."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Run, seed

#: The command line's words and exits are the same on either store: SQLite only.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

NOW = "2026-02-10T09:00"
BO, ANNA = "bo@nordbanken.se", "anna@fi.se"


def _version(cli: Run, item_id: str) -> int:
    return int(json.loads(cli("show", item_id, "--json", now=NOW, actor=ANNA).stdout)["version"])


def test_edit_and_show_version_have_help(cli: Run) -> None:
    """`--help` names every option, touching no database."""
    edit = cli("edit", "--help").stdout
    for option in ("--title", "--description", "--kind", "--restricted-to", "--open", "--reason"):
        assert option in edit
    assert "--version N" in cli("show", "--help").stdout


def test_a_proposer_edits_and_every_version_prints_as_text_and_json(cli: Run) -> None:
    """Two edits; `edit --json` says what changed, `show` lists it, `show --version` prints each
    version; `audit verify` holds."""
    seed(cli)
    item_id = cli(
        "propose", "Övning: kontanter vid elavrbott", "--restricted-to", "Sydbanken AB",
        now=NOW, actor=BO,
    ).stdout.strip()  # fmt: skip
    edited = cli(
        "edit", item_id, "--title", "Övning: kontanter vid elavbrott", "--reason", "Stavfel",
        "--json", now=NOW, actor=BO,
    )  # fmt: skip
    assert json.loads(edited.stdout) == {
        "id": item_id,
        "version": 1,
        "changed": {
            "title": {
                "old": "Övning: kontanter vid elavrbott",
                "new": "Övning: kontanter vid elavbrott",
            }
        },
    }
    said = cli(
        "edit", item_id, "--open", "--kind", "exercise", now=NOW, actor=BO, ARSHJUL_LANG="en"
    )
    assert said.stdout.strip() == f"{item_id} edited (2): kind, restricted to"
    shown = cli("show", item_id, now=NOW, actor=ANNA).stdout
    assert "rubrik: Övning: kontanter vid elavrbott → Övning: kontanter vid elavbrott" in shown
    assert "begränsad till: Sydbanken AB → –" in shown
    first = json.loads(cli("show", item_id, "--version", "0", "--json", now=NOW, actor=BO).stdout)
    assert (first["title"], first["restricted_to"], first["latest"]) == (
        "Övning: kontanter vid elavrbott",
        ["Sydbanken AB"],
        2,
    )
    text = cli("show", item_id, "--version", "1", now=NOW, actor=BO).stdout
    assert "version 1 av 2" in text and "skäl: Stavfel" in text
    history = json.loads(cli("show", item_id, "--json", now=NOW, actor=BO).stdout)["history"]
    assert [e.get("version") for e in history] == [None, 1, 2]
    assert history[2]["changed"]["kind"] == {"old": "other", "new": "exercise"}
    cli("audit", "verify", now=NOW, actor=ANNA)


def test_every_role_that_may_not_edit_is_refused_in_one_line(cli: Run) -> None:
    """A coordinator, a decider, an owner, a reference member and another organisation's
    proposer: `error:`, exit 1, the item unchanged."""
    seed(cli)
    for email, role in (("olle@nordbanken.se", "owner"), ("rut@sydbank.se", "reference")):
        org = "Nordbanken AB" if role == "owner" else "Sydbanken AB"
        cli("person", "add", email, "--name", role, "--org", org, "--role", role, actor=ANNA)
    item_id = cli("propose", "Nordbankens förslag", now=NOW, actor=BO).stdout.strip()
    for actor, said in (
        (ANNA, "det gör proposer"),
        ("chef@fi.se", "det gör proposer"),
        ("olle@nordbanken.se", "det gör proposer"),
        ("rut@sydbank.se", "det gör proposer"),
        ("pia@sydbank.se", "ärendet tillhör Nordbanken AB"),
    ):
        refused = cli("edit", item_id, "--title", "Kapad", now=NOW, actor=actor, check=False)
        assert refused.returncode == 1 and refused.stdout == "", actor
        [line] = refused.stderr.splitlines()
        assert line.startswith("error: ") and said in line, line
    assert _version(cli, item_id) == 1


def test_bad_edits_and_versions_are_one_error_line_and_write_nothing(cli: Run) -> None:
    """No field, --open with --restricted-to, an unknown organisation, no change, a version that
    is not there: each one `error:` line."""
    seed(cli)
    item_id = cli("propose", "Övning", now=NOW, actor=BO).stdout.strip()
    for args, said in (
        ((), "ange vad som ska ändras"),
        (("--open", "--restricted-to", "Sydbanken AB"), "--open och --restricted-to"),
        (("--restricted-to", "Ingen AB"), "Ingen organisation Ingen AB"),
        (("--title", "Övning"), "inget ändrat"),
        (("--kind", "other"), "inget ändrat"),
    ):
        refused = cli("edit", item_id, *args, now=NOW, actor=BO, check=False)
        assert refused.returncode == 1 and said in refused.stderr, args
        assert len(refused.stderr.splitlines()) == 1
    missing = cli("show", item_id, "--version", "1", now=NOW, actor=BO, check=False)
    assert missing.returncode == 1 and "ingen version 1 (0 som föreslaget till 0)" in missing.stderr
    assert _version(cli, item_id) == 1
