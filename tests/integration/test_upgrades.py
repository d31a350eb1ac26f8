"""Every database an earlier release made upgrades to this one, with all its data; or stays as it was."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from arshjul.clock import STOCKHOLM
from arshjul.errors import StoreError
from arshjul.store import bodies
from arshjul.store.engine import make_engine
from arshjul.store.migrate import HEAD, check, upgrade
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import services
from tests.conftest import at
from tests.old_databases import (
    COORDINATOR,
    ITEMS,
    PROPOSER,
    SEEDS,
    build,
    counts,
    old_rows,
    revisions,
)

EARLIER = revisions()[:-1]


def _items(engine: Engine) -> list[dict[str, object]]:
    shown = services.list_items(UnitOfWork(engine, write=False), COORDINATOR, STOCKHOLM)
    return [{key: item[key] for key in ("id", "title", "state", "owner")} for item in shown]


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _declared_schema_differs(engine: Engine) -> list[object]:
    """What Alembic would change to make the database the schema the code declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    with engine.connect() as conn:
        return {
            table: sorted(tuple(row) for row in conn.execute(text(f"SELECT * FROM {table}")))
            for table in inspect(conn).get_table_names()
        }


def _schema(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        found = inspect(conn)
        return {t: sorted(c["name"] for c in found.get_columns(t)) for t in found.get_table_names()}


@pytest.mark.parametrize("start", EARLIER)
def test_a_database_of_every_earlier_release_upgrades_with_all_its_data(
    db_url: str, start: str
) -> None:
    """Built at `start` with rows in every table, it upgrades; history, items and rows all hold."""
    engine = make_engine(db_url)
    build(engine, start)
    before = counts(engine)
    with pytest.raises(StoreError, match="arshjul init"):
        check(engine, db_url)

    assert upgrade(engine) == HEAD

    check(engine, db_url)
    after = counts(engine)
    assert services.audit(UnitOfWork(engine, write=False)).count == after["history"]
    assert old_rows(engine) == 9 and after["history"] >= before["history"]
    assert _items(engine) == ITEMS
    assert {t: after.get(t) for t in before if t != "history"} == {
        t: n for t, n in before.items() if t != "history"
    }
    assert _declared_schema_differs(engine) == []
    _foreign_keys_enforced_again(engine)
    engine.dispose()


def test_the_old_databases_have_rows_in_every_table_their_release_had(db_url: str) -> None:
    """The seeding covers the schema: at the last seeded revision no table is empty."""
    engine = make_engine(db_url)
    build(engine, max(SEEDS))
    assert [table for table, rows in _rows(engine).items() if not rows] == []
    engine.dispose()


def test_an_upgraded_database_takes_new_work_and_keeps_its_chain(db_url: str) -> None:
    """After the upgrade from 0004 a proposal is numbered after the old ones and chained on."""
    from arshjul.clock import FixedClock
    from arshjul.config import load_cycle_config
    from arshjul.workflow.calendar import CycleCalendar

    engine = make_engine(db_url)
    build(engine, "0004")
    upgrade(engine)
    clock = FixedClock(at("2026-02-10 09:00"))
    item_id, _ = services.propose(
        UnitOfWork(engine), clock, CycleCalendar(load_cycle_config()), PROPOSER, "Ny övning"
    )
    assert item_id == "2027-005"
    assert services.audit(UnitOfWork(engine, write=False)).count == counts(engine)["history"]
    with UnitOfWork(engine, write=False) as uow:  # its one body, the first, holds it all
        assert [(b.id, b.short) for b in bodies.every(uow.connection)] == [(1, "FTPOS")]
        assert [i.id for i in uow.repo.list_items(None, None, None)][:2] == ["2027-001", "2027-002"]
    assert old_rows(engine) == 10
    engine.dispose()


def test_an_upgrade_that_fails_part_way_leaves_the_database_as_it_was(db_url: str) -> None:
    """From 0004, a table in 0008's way stops the upgrade; 0005 to 0007 are undone too."""
    engine = make_engine(db_url)
    build(engine, "0004")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE signin_attempt (id INTEGER PRIMARY KEY)"))
    schema, rows = _schema(engine), _rows(engine)

    with pytest.raises(StoreError, match=r"signin_attempt.*\(revision 0004\)$"):
        upgrade(engine)

    assert _revision(engine) == "0004"
    assert _schema(engine) == schema
    assert _rows(engine) == rows
    _foreign_keys_enforced_again(engine)
    engine.dispose()


def test_a_database_at_a_revision_this_release_does_not_know_is_left_alone(db_url: str) -> None:
    """A newer release's database: the upgrade names its revision and changes nothing."""
    engine = make_engine(db_url)
    build(engine, "0004")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    schema, rows = _schema(engine), _rows(engine)

    with pytest.raises(StoreError, match="9999"):
        upgrade(engine)

    assert _revision(engine) == "9999"
    assert _schema(engine) == schema
    assert _rows(engine) == rows
    engine.dispose()


def test_an_upgrade_that_would_keep_a_reference_to_nothing_is_refused(tmp_path: Path) -> None:
    """SQLite: a role of a person who is gone stops the upgrade, named, and nothing changes."""
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    build(engine, "0005")
    engine.dispose()
    with closing(sqlite3.connect(path)) as raw, raw:  # foreign keys off, as sqlite3 opens
        raw.execute("INSERT INTO person_role (person_id, role) VALUES (999, 'owner')")
    schema, rows = _schema(engine), _rows(engine)

    with pytest.raises(StoreError, match=r"1 rader i person_role pekar på rader i person"):
        upgrade(engine)

    assert _revision(engine) == "0005"
    assert _schema(engine) == schema
    assert _rows(engine) == rows
    _foreign_keys_enforced_again(engine)
    engine.dispose()


def _foreign_keys_enforced_again(engine: Engine) -> None:
    """The pooled SQLite connection the upgrade used enforces foreign keys again."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_two_upgrades_at_the_same_moment_both_end_at_the_newest_release(db_url: str) -> None:
    """Two `init`s on one old database at once: one upgrades, the other finds it done."""
    engine = make_engine(db_url)
    build(engine, "0004")
    engine.dispose()
    engines = [make_engine(db_url) for _ in range(2)]
    start = threading.Barrier(2)

    def run(engine: Engine) -> str:
        start.wait(timeout=30)
        return upgrade(engine)

    with ThreadPoolExecutor(2) as pool:
        reached = list(pool.map(run, engines))

    assert reached == [HEAD, HEAD]
    assert _items(engines[0]) == ITEMS
    for each in engines:
        each.dispose()
