"""The history binds the state, on SQLite and PostgreSQL: items, risks, assessments, outcomes and
meetings held against the chain; gaps in the numbering; a recorded head; the audit key."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from arshjul.errors import ArshjulError
from arshjul.states import State
from arshjul.states.model import Item
from arshjul.store import history
from arshjul.store.audit import verify
from arshjul.store.engine import make_engine
from arshjul.store.migrate import HEAD, upgrade
from arshjul.store.tables import GENESIS
from arshjul.workflow import goals, meetings, risks, services
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at
from tests.integration.test_plan import PLAN_YEAR, import_seed

KEY = b"k" * 32
OTHER_KEY = b"o" * 32


def audit(sector: Sector, anchor: str | None = None) -> services.AuditResult:
    return services.audit(sector.uow(write=False), anchor)


def sql(sector: Sector, statement: str, **params: Any) -> None:
    with sector.engine.begin() as conn:
        conn.execute(text(statement), params)


def decided(sector: Sector) -> tuple[str, str]:
    """One measure decided (owner, due date) and one proposal prioritised."""
    measure, proposal = sector.propose("Åtgärd"), sector.propose("Förslag")
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", measure, proposal, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", measure, actor=DECIDER, owner=OWNER, due=date(2027, 3, 15))
    return measure, proposal


def use_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key: bytes | None) -> None:
    if key is None:
        monkeypatch.delenv("ARSHJUL_AUDIT_KEY_FILE", raising=False)
        return
    path = tmp_path / f"key-{key[:1].decode()}"
    path.write_bytes(key + b"\n")
    monkeypatch.setenv("ARSHJUL_AUDIT_KEY_FILE", str(path))


# items --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "which", "named"),
    [
        ("UPDATE item SET state = 'decided' WHERE id = :id", 1, "state är decided"),
        ("UPDATE item SET state = 'executed' WHERE id = :id", 0, "historiken säger decided"),
        (
            "UPDATE item SET owner_id = (SELECT id FROM person WHERE email = 'bo@nordbanken.se') "
            "WHERE id = :id",
            0,
            "owner är bo@nordbanken.se men historiken säger olle@nordbanken.se",
        ),
        ("UPDATE item SET due = '2027-12-31' WHERE id = :id", 0, "due är 2027-12-31"),
    ],
)
def test_an_item_changed_behind_the_engines_back_is_named_by_its_history(
    sector: Sector, edit: str, which: int, named: str
) -> None:
    """A state, owner or due date written with plain SQL and no history row is found."""
    ids = decided(sector)
    assert audit(sector).count == 6  # the configuration kept at init, then the moves
    sql(sector, edit, id=ids[which])
    with pytest.raises(ArshjulError, match=rf"post {ids[which]}: .*{named}"):
        audit(sector)


def test_a_restriction_removed_behind_the_engines_back_is_named(sector: Sector) -> None:
    """An item's need-to-know deleted with plain SQL (its content open to all) is found: the
    row that made the item records the organisations it is restricted to."""
    item_id = sector.propose("Hemlig", restricted_to=["Svenska Bankföreningen"])
    sector.propose("Öppen")
    assert audit(sector).count == 3
    sql(sector, "DELETE FROM item_restriction")
    with pytest.raises(
        ArshjulError, match=rf"post {item_id}: restricted_to .*Svenska Bankföreningen"
    ):
        audit(sector)


def test_an_item_with_no_history_row_is_named(sector: Sector) -> None:
    """An item inserted without the engine's history row is no item of the plan."""
    sector.propose()
    with sector.uow() as uow:
        uow.repo.new_ids(2027, 1)
        uow.repo.add_items(
            [Item("2027-002", 2027, "Smuggel", "Nordbanken AB", PROPOSER, State.decided)],
            sector.clock.now(),
        )
        uow.commit()
    with pytest.raises(ArshjulError, match="post 2027-002 har ingen historik"):
        audit(sector)


# the numbering ------------------------------------------------------------------------------


def test_a_gap_in_the_history_numbers_is_not_tampering_but_a_removed_row_still_is(
    sector: Sector,
) -> None:
    """A transaction that rolled back (PostgreSQL spent its numbers) and a row numbered past a
    gap leave the chain whole: verify follows the links, not the numbers. A removed row is
    found though the rows after it are renumbered to close its gap."""
    item_id = sector.propose()
    sector.propose()
    with sector.uow() as uow:  # a `tick` killed while writing: never committed
        uow.repo.append_history(
            [
                services.history_row(
                    item_id, "prioritise", "proposed", "prioritised", "x", at("2026-05-11 10:00")
                )
            ]
        )
    if sector.engine.dialect.name == "postgresql":  # the sequence runs ahead of the rows
        sql(sector, "SELECT setval(pg_get_serial_sequence('history', 'seq'), 100)")
    else:  # SQLite numbers the next row after the highest: make the highest higher
        sql(sector, "UPDATE history SET seq = 100 WHERE seq = (SELECT max(seq) FROM history)")
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    with sector.engine.connect() as conn:
        numbers = [n for (n,) in conn.execute(text("SELECT seq FROM history ORDER BY seq"))]
    assert max(b - a for a, b in pairwise(numbers)) > 1
    assert audit(sector).count == 4
    sql(sector, "DELETE FROM history WHERE seq = :seq", seq=numbers[1])
    sql(sector, "UPDATE history SET seq = :to WHERE seq = :seq", to=numbers[1], seq=numbers[2])
    with pytest.raises(
        ArshjulError, match=rf"historikrad {numbers[1]} .* pekar inte på raden före"
    ):
        audit(sector)


def test_verify_reads_one_snapshot_while_others_write(
    sector: Sector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proposal committed while verify walks is not half seen (an item without its history):
    the walk and the items are read in one snapshot, on PostgreSQL too."""
    from arshjul.store import audit as walk

    sector.propose()
    compare = walk._check_items

    def meanwhile(*args: Any) -> None:
        sector.propose("Under tiden")
        compare(*args)

    monkeypatch.setattr(walk, "_check_items", meanwhile)
    assert audit(sector).count == 2  # the configuration and the first proposal
    monkeypatch.undo()
    assert audit(sector).count == 3


# the recorded head --------------------------------------------------------------------------


def test_a_recorded_head_is_extended_and_a_history_emptied_since_is_caught(
    sector: Sector,
) -> None:
    """`verify --head` proves later history extends the recorded one; emptying the history and
    resetting its head (and the items) reads as untouched without it, but not with it."""
    item_id = sector.propose()
    recorded = audit(sector)
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    assert audit(sector, recorded.last_hash).anchored_at == recorded.count == 2
    sql(sector, "DELETE FROM history")
    sql(sector, "UPDATE chain_head SET count = 0, last_hash = :genesis", genesis=GENESIS)
    with pytest.raises(ArshjulError, match=f"post {item_id} har ingen historik"):
        audit(sector)
    sql(sector, "DELETE FROM item")
    with pytest.raises(ArshjulError, match="cycle_config 1 finns inte i historiken"):
        audit(sector)  # the configuration kept is bound too
    sql(sector, "DELETE FROM cycle_config")
    assert audit(sector).count == 0
    with pytest.raises(ArshjulError, match=f"sparade huvudet {recorded.last_hash} finns inte"):
        audit(sector, recorded.last_hash)


def test_a_missing_chain_head_is_named_not_a_crash(sector: Sector) -> None:
    """Without the chain head's row, verify and every change say so in our words."""
    item_id = sector.propose()
    sql(sector, "DELETE FROM chain_head")
    with pytest.raises(ArshjulError, match="chain_head"):
        audit(sector)
    sector.clock.set(at("2026-05-11 10:00"))
    with pytest.raises(ArshjulError, match="chain_head"):
        sector.move("prioritise", item_id, actor=COORDINATOR)


# the key ------------------------------------------------------------------------------------


def _rewrite_without_key(sector: Sector) -> None:
    """What someone who can write the database but not read the key can do: edit a row and
    seal every row anew with plain SHA-256, and move the head to match."""
    with sector.engine.begin() as conn:
        rows = [
            dict(r) for r in conn.execute(text("SELECT * FROM history ORDER BY seq")).mappings()
        ]
        prev = GENESIS
        for row in rows:
            if row["event"] == "prioritise":
                row["note"] = "omskriven"
            for name in ("at", "scheduled_at"):
                if isinstance(row[name], str):  # SQLite hands back text
                    row[name] = datetime.fromisoformat(row[name]).replace(tzinfo=UTC)
            row["prev_hash"], row["hash"] = prev, history.digest(row, prev)
            prev = row["hash"]
            conn.execute(
                text("UPDATE history SET note = :n, prev_hash = :p, hash = :h WHERE seq = :s"),
                {"n": row["note"], "p": row["prev_hash"], "h": row["hash"], "s": row["seq"]},
            )
        conn.execute(
            text("UPDATE chain_head SET count = :n, last_hash = :h, key_id = NULL"),
            {"n": len(rows), "h": prev},
        )


def test_a_keyed_history_rewritten_without_the_key_is_found(
    sector: Sector, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A chain started unkeyed continues keyed after a key mark; a rewrite without the key, or
    emptying it, fails verify with the key."""
    item_id = sector.propose()  # before the key: plain SHA-256
    use_key(monkeypatch, tmp_path, KEY)
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR, note="först")
    result = audit(sector)
    assert result.count == 4 and result.key is not None  # config, submit, key mark, prioritise
    use_key(monkeypatch, tmp_path, None)
    with pytest.raises(ArshjulError, match="förseglad med nyckel"):
        audit(sector)
    with pytest.raises(ArshjulError, match="ARSHJUL_AUDIT_KEY_FILE"):
        sector.propose()  # a keyed chain is not extended without its key
    use_key(monkeypatch, tmp_path, OTHER_KEY)
    with pytest.raises(ArshjulError, match="inte den historiken är förseglad med"):
        audit(sector)
    use_key(monkeypatch, tmp_path, KEY)
    with sector.engine.begin() as conn:  # without the key mark the rewrite seals as plain rows
        conn.execute(text("DELETE FROM history WHERE event = 'key'"))
    _rewrite_without_key(sector)
    with pytest.raises(ArshjulError, match="inte förseglad med nyckel"):
        audit(sector)
    sql(sector, "DELETE FROM history")
    sql(sector, "DELETE FROM item")
    sql(sector, "UPDATE chain_head SET count = 0, last_hash = :genesis", genesis=GENESIS)
    with pytest.raises(ArshjulError, match="inte förseglad med nyckel"):
        audit(sector)


def test_a_row_resealed_without_the_key_after_the_key_mark_is_found(
    sector: Sector, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Keeping the key mark does not help: the rows after it must carry the key's seal."""
    use_key(monkeypatch, tmp_path, KEY)
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    _rewrite_without_key(sector)
    with pytest.raises(ArshjulError, match=r"historikrad 2 .* hash"):
        audit(sector)


# other subjects -----------------------------------------------------------------------------


@pytest.fixture
def bound(sector: Sector) -> Sector:
    """The council's plan imported (risks, assessments), a reassessment, an outcome, a meeting
    moved and minuted."""
    goals.add_function(sector.uow(), sector.clock, COORDINATOR, "FO", "Front office", COORDINATOR)
    goals.add_function(sector.uow(), sector.clock, COORDINATOR, "MO", "Middle office", OWNER)
    import_seed(sector)
    sector.clock.set(at("2026-07-01 10:00"))
    risks.assess_risk(
        sector.uow(), sector.clock, COORDINATOR, PLAN_YEAR, 4, probability=1, consequence=2
    )
    goals.record_outcome(
        sector.uow(), sector.clock, COORDINATOR, PLAN_YEAR, "3.4", value="2", period="2023"
    )
    meeting = meetings.add_meeting(
        sector.uow(),
        sector.clock,
        sector.calendar,
        COORDINATOR,
        title="Planeringsmöte",
        kind="planning",
        starts=at("2026-08-20 13:00"),
        ends=at("2026-08-20 15:00"),
        orgs=["Nordbanken AB"],
    )
    meetings.move_meeting(
        sector.uow(), sector.clock, sector.calendar, COORDINATOR, meeting.id,
        at("2026-08-21 13:00"), at("2026-08-21 15:00"),
    )  # fmt: skip
    meetings.record_minutes(sector.uow(), sector.clock, COORDINATOR, meeting.id, "Vi enades.")
    return sector


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (
            "UPDATE risk_assessment SET probability = 4 WHERE id = (SELECT max(id) FROM risk_assessment)",
            r"risk_assessment \d+: probability är 4 men historiken säger 1",
        ),
        (
            "UPDATE risk SET consequence = 1 WHERE number = 4",
            r"risk \d+: consequence är 1 men historiken säger 2",
        ),
        (
            "DELETE FROM risk_assessment WHERE id = (SELECT max(id) FROM risk_assessment)",
            r"risk_assessment \d+ finns i historiken men är borttagen",
        ),
        (
            "UPDATE indicator_outcome SET value = '0'",
            r"indicator_outcome \d+: value är 0 men historiken säger 2",
        ),
        (
            "UPDATE meeting SET minutes = 'Vi enades inte.'",
            r"meeting \d+: minutes är Vi enades inte",
        ),
        ("UPDATE meeting SET cancelled = true", r"meeting \d+: cancelled är True"),
    ],
)
def test_a_risk_assessment_outcome_or_meeting_changed_in_place_is_found(
    bound: Sector, edit: str, named: str
) -> None:
    """Assessments, risks' current scores, outcomes and meetings are held against their newest
    record in the chain."""
    audit(bound)
    sql(bound, edit)
    with pytest.raises(ArshjulError, match=named):
        audit(bound)


# rows written before the binding ------------------------------------------------------------


def _sealed_as_in_0009(row: dict[str, Any], prev: str) -> str:
    """The hash release 0009 wrote: nine fields, always."""
    content = {key: row[key] for key in sorted(row)}
    content["at"] = row["at"].astimezone(UTC).isoformat(timespec="microseconds")
    text_ = json.dumps([prev, content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def test_a_history_from_before_the_binding_still_verifies_and_binds_from_the_upgrade(
    db_url: str,
) -> None:
    """Rows sealed by release 0009 keep their hashes; the upgrade records each decided item's
    owner and due date once, and from then on a change behind the back is found."""
    from alembic import command

    from arshjul.store.migrate import _config

    engine: Engine = make_engine(db_url)
    moment = datetime(2026, 8, 12, 8, 0, tzinfo=UTC)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0009")  # type: ignore[arg-type]
        conn.execute(
            text(
                "INSERT INTO organisation (name, kind, total_defence, lead, created_at) "
                "VALUES ('FI', 'authority', true, true, :at)"
            ),
            {"at": moment},
        )
        for email in ("a@fi.se", "b@fi.se"):
            conn.execute(
                text(
                    "INSERT INTO person (email, name, org_id, digest, created_at) "
                    "VALUES (:e, 'A', 1, false, :at)"
                ),
                {"e": email, "at": moment},
            )
        conn.execute(text("INSERT INTO cycle (plan_year, next_number) VALUES (2027, 2)"))
        conn.execute(
            text(
                "INSERT INTO item (id, cycle, number, title, kind, org_id, proposer_id, state, "
                "owner_id, due, no_carry, version, created_at, updated_at) VALUES ('2027-001', "
                "2027, 1, 'T', 'other', 1, 1, 'decided', 1, '2027-03-15', false, 3, :at, :at)"
            ),
            {"at": moment},
        )
        prev = GENESIS
        for event, was, now in (
            [("submit", None, "proposed"), ("prioritise", "proposed", "prioritised"),
             ("decide", "prioritised", "decided")]
        ):  # fmt: skip
            row = {
                "item_id": "2027-001", "event": event, "from_state": was, "to_state": now,
                "actor": "a@fi.se", "at": moment, "scheduled_at": None, "note": None,
                "forced": False,
            }  # fmt: skip
            sealed = _sealed_as_in_0009(row, prev)
            conn.execute(
                text(
                    "INSERT INTO history (item_id, event, from_state, to_state, actor, at, note, "
                    "forced, prev_hash, hash) VALUES (:item_id, :event, :from_state, :to_state, "
                    ":actor, :at, :note, :forced, :prev, :hash)"
                ),
                row | {"prev": prev, "hash": sealed},
            )
            prev = sealed
        conn.execute(text("UPDATE chain_head SET count = 3, last_hash = :h"), {"h": prev})
    assert upgrade(engine) == HEAD
    with engine.connect() as conn:
        result = verify(conn)
        recorded = conn.execute(text("SELECT event, owner, due FROM history WHERE seq > 3")).all()
    assert result.count == 4
    assert [(e, o, str(d)) for e, o, d in recorded] == [("record", "a@fi.se", "2027-03-15")]
    with engine.begin() as conn:
        conn.execute(text("UPDATE item SET owner_id = 2"))
    with engine.connect() as conn, pytest.raises(ArshjulError, match=r"owner är b@fi\.se"):
        verify(conn)
    engine.dispose()
