"""Bad input through the command line: one `error:` line or a correct save; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Run, inprocess_runner, seed, subprocess_runner

FI = "anna@fi.se"
BANK = "bo@nordbanken.se"


def state_of_database(cli: Run) -> str:
    return cli("list", "--json", actor=FI).stdout + cli("audit", "verify").stdout


@pytest.mark.parametrize(
    ("args", "actor", "says"),
    [
        (("show", "2027-999"), FI, "2027-999"),
        (("show", "banana"), FI, "banana"),
        (("prioritise", "2027-001", "2027-001"), FI, "2027-001"),
        (("prioritise", "2027-001"), "nobody@nowhere.se", "nobody@nowhere.se"),
        (("prioritise", "2027-001"), None, "--as"),
        (
            ("decide", "2027-001", "--owner", BANK, "--due", "2027-13-01"),
            "chef@fi.se",
            "2027-13-01",
        ),
        (
            ("decide", "2027-001", "--owner", "ghost@x.se", "--due", "2027-06-30"),
            "chef@fi.se",
            "ghost@x.se",
        ),
        (("deprioritise", "2027-001"), FI, "--reason"),
        (("prioritise", "2027-001", "--rank", "99999999999"), FI, "999999"),
        (("prioritise", "2027-001", "--rank", "0"), FI, "999999"),
        (
            ("decide", "2027-001", "--owner", BANK, "--due", "9999-12-31"),
            "chef@fi.se",
            "9999-12-31",
        ),
        (("cycle", "show", "3000"), FI, "2999"),
        (("propose", "   "), BANK, "title"),
        (("propose", "x" * 201), BANK, "200"),
        (("propose", "A", "--description", "å" * 100_000), BANK, "10000"),
        (("propose", "Rad ett\nrad två"), BANK, "title"),
        (("propose", "A", "--restricted-to", "Okänd AB"), BANK, "Okänd AB"),
        (("propose", "A"), FI, FI),
        (("list", "--state", "done"), FI, "done"),
        (
            (
                "person",
                "add",
                "not-an-email",
                "--name",
                "X",
                "--org",
                "Riksbanken",
                "--role",
                "owner",
            ),
            FI,
            "not-an-email",
        ),
        (
            ("person", "add", "x@y.se", "--name", "X", "--org", "Okänd AB", "--role", "owner"),
            FI,
            "Okänd AB",
        ),
        (
            ("person", "add", "x@y.se", "--name", "X", "--org", "Riksbanken", "--role", "owner"),
            BANK,
            BANK,
        ),
        (("org", "add", "Riksbanken", "--kind", "authority"), FI, "Riksbanken"),
        (("cycle", "show", "12"), FI, "12"),
    ],
)
def test_bad_input_is_one_error_line_and_changes_nothing(
    cli: Run, args: tuple[str, ...], actor: str | None, says: str
) -> None:
    """Each wrong command answers exit 1 and one line beginning `error:` that names the problem."""
    seed(cli)
    cli("propose", "Övning", now="2026-02-10", actor=BANK)
    before = state_of_database(cli)
    result = cli(*args, now="2026-05-12", actor=actor, check=False)
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert says in lines[0]
    assert state_of_database(cli) == before


@pytest.mark.parametrize(
    "title",
    [
        "Åtgärd för åäö ÅÄÖ och emoji 🛡️💳",
        "'; DROP TABLE item; --",
        "{{ 7*7 }} {% if 1 %}x{% endif %} <script>alert(1)</script>",
        "Robert'); DELETE FROM history WHERE ('1'='1",
    ],
)
def test_unusual_text_is_saved_exactly_as_written(cli: Run, title: str) -> None:
    """Swedish letters, emoji, SQL and template metacharacters are stored and shown literally."""
    seed(cli)
    item_id = cli(
        "propose", title, "--description", title, now="2026-02-10", actor=BANK
    ).stdout.strip()
    shown = json.loads(cli("show", item_id, "--json", actor=FI).stdout)
    assert shown["title"] == title.strip() and shown["description"] == title.strip()
    assert title.strip() in cli("show", item_id, actor=FI).stdout
    assert "orörd" in cli("audit", "verify").stdout


def test_a_database_that_is_not_set_up_says_to_run_init(cli: Run) -> None:
    """Any command before `init` names the database and the remedy."""
    result = cli("list", check=False)
    assert result.returncode == 1 and "arshjul init" in result.stderr


def test_the_first_person_must_be_a_coordinator(cli: Run) -> None:
    """Bootstrapping with a non-coordinator would lock everyone out, so it is refused."""
    cli("init")
    cli("org", "add", "Finansinspektionen", "--kind", "authority")
    result = cli(
        "person",
        "add",
        "a@fi.se",
        "--name",
        "A",
        "--org",
        "Finansinspektionen",
        "--role",
        "owner",
        check=False,
    )
    assert result.returncode == 1 and "coordinator" in result.stderr


def test_errors_in_a_real_process_are_one_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    """A bad database URL, an unreachable server, a broken configuration: `error:` and exit 1."""
    run = subprocess_runner(cli_env)
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[phases.decision]\nopens = 'P-1 13-45'\n", encoding="utf-8")
    cases = [
        (("--db", "nonsense://", "list"), "nonsense://"),
        (("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "list"), "127.0.0.1"),
        (("--config", str(bad_config), "cycle", "show", "2027"), "phases.decision.opens"),
        (("--config", str(tmp_path / "missing.toml"), "cycle", "show", "2027"), "missing.toml"),
        (("import", str(tmp_path / "absent.csv")), "absent.csv"),
    ]
    for args, says in cases:
        result = run(*args, check=False, actor=FI)
        assert result.returncode == 1, args
        assert result.stderr.startswith("error: ") and says in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    usage = run("decide", check=False)
    assert usage.returncode == 2  # click's usage errors keep their status


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite://", "sqlite:///"])
def test_a_database_in_memory_is_refused_as_it_would_be_gone_after_the_command(
    cli_env: dict[str, str], url: str
) -> None:
    """`init` on an SQLite database in memory used to say it was ready, and every later
    command then asked for `init`: each command is a process of its own."""
    result = inprocess_runner({**cli_env, "ARSHJUL_DB": url})("init", check=False)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "en databas i minnet" in line
