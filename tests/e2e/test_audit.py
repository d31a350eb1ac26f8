"""`arshjul audit` as a user runs it: the head to record elsewhere, proving against it, the key."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.conftest import Run, seed

FI = {"actor": "anna@fi.se"}


def _sql(db_url: str, statement: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


def test_audit_head_prints_a_digest_and_a_count_to_record(cli: Run) -> None:
    """`audit head --json` is the proven head: its digest, its length, the key (none) and when."""
    seed(cli)
    cli("propose", "A", now="2026-02-10", actor="bo@nordbanken.se")
    head = json.loads(cli("audit", "head", "--json", now="2026-02-11").stdout)
    assert set(head) == {"digest", "count", "key", "at"}
    assert re.fullmatch(r"[0-9a-f]{64}", head["digest"]) and head["count"] == 2
    assert head["key"] is None and head["at"].startswith("2026-02-11T00:00:00+01:00")
    shown = cli("audit", "head").stdout
    assert head["digest"] in shown and "2 rader" in shown


def test_verify_against_a_recorded_head_passes_until_history_before_it_changes(
    cli: Run, db_url: str
) -> None:
    """`verify --head` says how much came after the recorded head; after a rewrite that
    empties the history and resets its head, it names the head as gone: one error line, exit 1."""
    seed(cli)
    item = cli("propose", "A", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    digest = json.loads(cli("audit", "head", "--json").stdout)["digest"]
    cli("prioritise", item, now="2026-05-12", **FI)
    proven = cli("audit", "verify", "--head", digest)
    assert "förlänger det sparade huvudet oförändrat (2 rader då, 1 sedan)" in proven.stdout
    answer = json.loads(cli("audit", "verify", "--head", digest, "--json").stdout)
    assert answer["head"] == {"digest": digest, "rows": 2} and answer["rows"] == 3
    _sql(db_url, "DELETE FROM history")
    _sql(db_url, "DELETE FROM item")
    _sql(db_url, f"UPDATE chain_head SET count = 0, last_hash = '{'0' * 64}'")
    emptied = cli("audit", "verify", check=False)  # the configuration kept is bound too
    assert (
        emptied.stderr
        == "error: cycle_config 1 finns inte i historiken: den är skapad förbi motorn\n"
    )
    refused = cli("audit", "verify", "--head", digest, check=False)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"error: det sparade huvudet {digest} finns inte längre i historiken: rader fram till "
        "det är ändrade eller borttagna"
    ]
    bad = cli("audit", "verify", "--head", "abc", check=False)
    assert bad.returncode == 1 and "'abc' är inget historikhuvud" in bad.stderr


def test_a_deleted_chain_head_is_an_error_line_for_verify_and_for_changes(
    cli: Run, db_url: str
) -> None:
    """Without its chain head the history can be neither proven nor extended; both say so."""
    seed(cli)
    _sql(db_url, "DELETE FROM chain_head")
    for args, kw in (
        (("audit", "verify"), {}),
        (("propose", "A"), {"now": "2026-02-10", "actor": "bo@nordbanken.se"}),
    ):
        refused = cli(*args, check=False, **kw)
        assert refused.returncode == 1
        [line] = refused.stderr.splitlines()
        assert line.startswith("error: historikens huvud (raden i tabellen chain_head) saknas")


def test_a_key_file_seals_the_history_from_init_on(cli: Run, tmp_path: Path) -> None:
    """With ARSHJUL_AUDIT_KEY_FILE, init seals the chain; verify names the key, and without the
    key file, or with one that cannot be read, the command says so."""
    key = tmp_path / "audit.key"
    key.write_text("9f1c2b7e4d6a8f0e3b5c7d9e1f2a4b6c\n", encoding="ascii")
    keyed = {"ARSHJUL_AUDIT_KEY_FILE": str(key)}
    cli("init", **keyed)
    head = json.loads(cli("audit", "head", "--json", **keyed).stdout)
    assert head["count"] == 2 and re.fullmatch(r"[0-9a-f]{16}", head["key"])
    assert f"förseglad med nyckel {head['key']}" in cli("audit", "verify", **keyed).stdout
    unkeyed = cli("audit", "verify", check=False)
    assert unkeyed.returncode == 1 and "sätt ARSHJUL_AUDIT_KEY_FILE" in unkeyed.stderr
    missing = cli("audit", "verify", check=False, ARSHJUL_AUDIT_KEY_FILE=str(tmp_path / "nej"))
    assert missing.returncode == 1 and "går inte att läsa" in missing.stderr
    short = tmp_path / "short.key"
    short.write_text("kort", encoding="ascii")
    too_short = cli("audit", "verify", check=False, ARSHJUL_AUDIT_KEY_FILE=str(short))
    assert too_short.returncode == 1 and "färre än 16 byte" in too_short.stderr


def test_a_state_set_behind_the_engines_back_is_no_longer_untouched(cli: Run, db_url: str) -> None:
    """The issue's case: `UPDATE item SET state='decided'` with no history row is named, in
    Swedish and in English."""
    seed(cli)
    item = cli("propose", "A", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    cli("prioritise", item, now="2026-05-12", **FI)
    _sql(db_url, f"UPDATE item SET state = 'decided' WHERE id = '{item}'")
    refused = cli("audit", "verify", check=False)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr == (
        f"error: post {item}: state är decided men historiken säger prioritised\n"
    )
    english = cli("audit", "verify", "--lang", "en", check=False)
    assert english.stderr == (
        f"error: item {item}: its state is decided but its history says prioritised\n"
    )


def test_what_a_changed_row_held_is_named_only_to_those_who_see_all_content(
    cli: Run, db_url: str
) -> None:
    """A restriction deleted behind the engine's back: FI's coordinator is told which
    organisations the history says; a bank outside the item, and nobody in particular, only
    that the restriction does not match (the names are the item's restricted content)."""
    seed(cli)
    item = cli(
        "propose",
        "Hemlig",
        "--restricted-to",
        "Riksbanken",
        now="2026-02-10",
        actor="bo@nordbanken.se",
    ).stdout.strip()
    _sql(db_url, "DELETE FROM item_restriction")
    told = cli("audit", "verify", check=False, actor="anna@fi.se")
    assert told.returncode == 1 and "Riksbanken" in told.stderr
    for actor in ("pia@sydbank.se", None):
        hidden = cli("audit", "verify", check=False, actor=actor)
        assert hidden.returncode == 1
        assert hidden.stderr == f"error: post {item}: restricted_to stämmer inte med historiken\n"
