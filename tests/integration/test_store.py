"""The real store on SQLite and PostgreSQL: schema, history chain, version checks."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import arshjul.store.schema  # noqa: F401  (every table, not only those the tests happen to load)
from arshjul.errors import ArshjulError, Conflict, StoreError
from arshjul.store.engine import make_engine
from arshjul.store.migrate import HEAD, alembic_head, check, upgrade
from arshjul.workflow import services
from tests.conftest import COORDINATOR, PROPOSER, Sector, at


def test_the_migrations_build_exactly_the_tables_the_code_declares(engine: Engine) -> None:
    """Alembic finds nothing to add or change after `init`: migrations and models agree."""
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    assert diff == []


def test_the_release_knows_its_newest_migration() -> None:
    """HEAD, which commands check without loading Alembic, is Alembic's head."""
    assert alembic_head() == HEAD


def test_init_is_idempotent_and_keeps_data(sector: Sector) -> None:
    """Upgrading an up-to-date database changes nothing and loses nothing."""
    item_id = sector.propose()
    assert upgrade(sector.engine) == HEAD
    assert sector.show(item_id)["state"] == "proposed"


def test_a_database_that_was_never_set_up_is_named(db_url: str) -> None:
    """Commands on an empty database say to run init."""
    engine = make_engine(db_url)
    with pytest.raises(StoreError, match="arshjul init"):
        check(engine, db_url)
    engine.dispose()


def test_the_history_chain_holds_on_an_honest_database(sector: Sector) -> None:
    """audit verify walks every row and agrees with the chain head."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    result = services.audit(sector.uow(write=False))
    assert result.count == 3  # the configuration kept, the proposal, its move


@pytest.mark.parametrize(
    ("edit", "row"),
    [
        ("UPDATE history SET note = 'changed' WHERE seq = 2", 2),
        ("UPDATE history SET actor = 'mallory@x.se' WHERE seq = 1", 1),
        ("DELETE FROM history WHERE seq = 2", 3),
    ],
)
def test_audit_names_the_first_row_edited_behind_the_engines_back(
    sector: Sector, edit: str, row: int
) -> None:
    """A hand edit or a removed row through plain SQL is found and named."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR, note="first")
    sector.move("deprioritise", item_id, actor=COORDINATOR, note="not now")
    with sector.engine.begin() as conn:
        conn.execute(text(edit))
    with pytest.raises(ArshjulError, match=rf"\b{row}\b"):
        services.audit(sector.uow(write=False))


def test_removing_the_newest_history_row_is_found(sector: Sector) -> None:
    """The chain head remembers the length, so a removed tail shows."""
    sector.propose()
    sector.propose()
    with sector.engine.begin() as conn:
        conn.execute(text("DELETE FROM history WHERE seq = 2"))
    with pytest.raises(ArshjulError, match="2"):
        services.audit(sector.uow(write=False))


def test_a_stale_version_is_refused_as_changed_meanwhile(sector: Sector) -> None:
    """A person who saw version 1 cannot move an item somebody else moved since."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR, expect_version=1)
    with pytest.raises(Conflict, match=item_id):
        sector.move("deprioritise", item_id, actor=COORDINATOR, note="x", expect_version=1)
    assert sector.show(item_id)["state"] == "prioritised"


def test_several_ids_move_together_or_not_at_all(sector: Sector) -> None:
    """One refused item leaves every item of the command as it was."""
    first, second = sector.propose("Ett"), sector.propose("Två")
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", second, actor=COORDINATOR)
    with pytest.raises(ArshjulError, match=second):
        sector.move("prioritise", first, second, actor=COORDINATOR)
    assert sector.show(first)["state"] == "proposed"
    assert len(sector.show(first)["history"]) == 1  # type: ignore[arg-type]


def test_writing_many_items_back_names_the_one_changed_meanwhile(sector: Sector) -> None:
    """One executemany writes a command's items; if one changed after they were read, the
    refusal names that one, not its neighbours."""
    ids = [sector.propose(f"Förslag {n}") for n in range(1, 6)]
    now = at("2026-05-11 10:00")
    with sector.uow() as uow:
        items = uow.repo.items(ids)
        uow.connection.execute(
            text("UPDATE item SET version = version + 1 WHERE id = :id"), {"id": ids[3]}
        )
        with pytest.raises(Conflict, match=ids[3]):
            uow.repo.save(items, now)
    assert [sector.show(i)["state"] for i in ids] == ["proposed"] * 5


def test_a_change_after_a_glance_is_still_one_transaction(sector: Sector) -> None:
    """The read outside a transaction leaves its pooled connection as it found it: what a
    writing unit of work does without committing is rolled back."""
    item_id = sector.propose()
    with sector.uow().glance() as seen:
        assert seen.repo.versions([item_id]) == {item_id: 1}
    with sector.uow() as uow:
        uow.connection.execute(
            text("UPDATE item SET title = 'Ändrad' WHERE id = :id"), {"id": item_id}
        )
    assert sector.show(item_id)["title"] != "Ändrad"


def test_two_writers_on_one_item_one_wins_the_other_is_told(
    sector: Sector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two threads prioritise and deprioritise the same item at once: one move, one clean error."""
    from arshjul.store.repository import Repository

    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    both_read = threading.Barrier(2, timeout=120)  # neither writes before both have read the item
    read = Repository.versions

    def versions(self: Repository, ids: list[str]) -> dict[str, int]:
        seen = read(self, ids)  # what the person saw: neither writes before both have read it
        both_read.wait()
        return seen

    monkeypatch.setattr(Repository, "versions", versions)
    outcomes: list[str] = []

    def attempt(event: str, **fields: object) -> None:
        try:
            sector.move(event, item_id, actor=COORDINATOR, **fields)
            outcomes.append("moved")
        except ArshjulError as exc:
            outcomes.append(f"error: {exc}")

    threads = [
        threading.Thread(target=attempt, args=("prioritise",)),
        threading.Thread(target=attempt, args=("deprioritise",), kwargs={"note": "nej"}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["error: " + str(Conflict("changed_meanwhile", id=item_id)), "moved"]
    assert len(sector.show(item_id)["history"]) == 2  # type: ignore[arg-type]


def test_item_numbers_count_within_each_cycle(sector: Sector) -> None:
    """Ids are the plan year and a number within it, from 001."""
    assert sector.propose() == "2027-001"
    assert sector.propose() == "2027-002"
    sector.clock.set(at("2026-05-11 10:00"))
    assert sector.propose(actor=PROPOSER) == "2028-001"


def test_an_older_database_with_data_upgrades_without_losing_it(db_url: str) -> None:
    """From 0004 with rows in place to the newest release: the rows stay, the new columns get values."""
    from alembic import command

    from arshjul.store.migrate import _config

    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0004")  # type: ignore[arg-type]
        conn.execute(
            text(
                "INSERT INTO organisation (name, kind, total_defence, lead, created_at) VALUES ('FI', 'authority', true, true, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO person (email, name, org_id, created_at) VALUES ('a@fi.se', 'A', 1, CURRENT_TIMESTAMP)"
            )
        )
    with pytest.raises(StoreError, match="arshjul init"):
        check(engine, db_url)
    assert upgrade(engine) == HEAD
    check(engine, db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT email, digest, manager_id FROM person")).all() == [
            ("a@fi.se", False, None)
        ]
        for table in ("goal", "indicator", "item_plan", "item_quarter", "risk", "meeting_agenda"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    engine.dispose()


def test_a_value_the_database_refuses_is_a_refusal_not_a_fault(sector: Sector) -> None:
    """A number out of a column's range (PostgreSQL's DataError) becomes BadInput, nothing kept."""
    from arshjul.errors import BadInput

    if sector.engine.dialect.name == "sqlite":
        pytest.skip("SQLite keeps a value of any size")
    with pytest.raises(BadInput, match="databasen tog inte emot ett värde"), sector.uow() as uow:
        uow.connection.execute(text("SELECT CAST('99999999999' AS INTEGER)"))
