"""The baselines Årshjul is measured against, on the same machine, database and schema.

- floor: the database driver alone (`sqlite3`, or psycopg on PostgreSQL) writing the same rows
  as Årshjul's stages, state updates and history rows, with `executemany`, one transaction a
  stage; no rules, no hash chain, no mail. Nothing that does the work can be faster.
- naive: what one writes first with the chosen libraries: one `transitions.Machine` per item
  and one ORM session and commit per transition, over Årshjul's own tables.

Both play the stages of `stages.py` (import, deadline, carry-over, single transitions) for N
items, in one process; the memory figure is the peak so far after each stage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from common import Stage, emit, timed

from arshjul.store.engine import make_engine
from arshjul.store.migrate import upgrade

CYCLE = 2028
SAMPLE = 1000
ORGS = 20
STATES = ["proposed", "prioritised", "decided", "deprioritised"]
MOVES = [
    {"trigger": "prioritise", "source": "proposed", "dest": "prioritised"},
    {"trigger": "deprioritise", "source": ["proposed", "prioritised"], "dest": "deprioritised"},
    {"trigger": "decide", "source": "prioritised", "dest": "decided"},
]


def _now() -> datetime:
    return datetime.now(UTC)


def _schema(url: str) -> None:
    """Årshjul's tables, 20 organisations with one proposer each (untimed)."""
    engine = make_engine(url)
    upgrade(engine)
    now = _now()
    with engine.begin() as conn:
        for n in range(1, ORGS + 1):
            conn.exec_driver_sql(
                "INSERT INTO organisation (id, name, kind, total_defence, lead, created_at) "
                f"VALUES ({n}, 'Institut {n:02d} AB', 'company', false, false, '{now.isoformat()}')"
            )
            conn.exec_driver_sql(
                "INSERT INTO person (id, email, name, org_id, digest, created_at) "
                f"VALUES ({n}, 'p{n}@institut.example', 'P {n}', {n}, false, '{now.isoformat()}')"
            )
        for cycle in (CYCLE, CYCLE + 1):
            conn.exec_driver_sql(
                f"INSERT INTO cycle (plan_year, next_number) VALUES ({cycle}, 1000000)"
            )
    engine.dispose()


def _item_id(cycle: int, n: int) -> str:
    return f"{cycle}-{n:03d}"


# the floor ------------------------------------------------------------------------------


class Driver:
    """A bare DB-API connection, and its parameter style."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite"):
            import sqlite3

            self.conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.mark = "?"
        else:
            import psycopg

            self.conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
            self.mark = "%s"

    def sql(self, text: str) -> str:
        return text.replace("?", self.mark)

    def transaction(self, work: Callable[[Any], None]) -> None:
        cursor = self.conn.cursor()
        if self.mark == "?":
            cursor.execute("BEGIN IMMEDIATE")
        work(cursor)
        self.conn.commit()


_ITEM = (
    "INSERT INTO item (id, cycle, number, title, description, kind, org_id, proposer_id, state,"
    " carried_from, no_carry, version, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, false, 1, ?, ?)"
)
_HISTORY = (
    "INSERT INTO history (item_id, event, from_state, to_state, actor, at, note, forced,"
    " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, false, '', '')"
)
_MOVE = "UPDATE item SET state = ?, version = version + 1, updated_at = ? WHERE id = ?"


def floor(url: str, backend: str, n: int) -> list[Stage]:
    db = Driver(url)
    now = _now() if db.mark == "%s" else _now().isoformat()
    stages = []

    def new_items(cycle: int, carried: bool) -> Callable[[Any], None]:
        def work(cursor: Any) -> None:
            rows = [
                (
                    _item_id(cycle, k),
                    cycle,
                    k,
                    f"Åtgärd {k}: övning av reservrutiner för betalningar",
                    "En övning med sektorns aktörer, planerad med referensgruppen.",
                    "exercise",
                    k % ORGS + 1,
                    k % ORGS + 1,
                    _item_id(cycle - 1, k) if carried else None,
                    now,
                    now,
                )
                for k in range(1, n + 1)
            ]
            cursor.executemany(db.sql(_ITEM), rows)
            event, note = ("carry_in", "Förs vidare") if carried else ("submit", None)
            history = [(row[0], event, None, "proposed", "system", now, note) for row in rows]
            cursor.executemany(db.sql(_HISTORY), history)

        return work

    def moves(ids: Sequence[str], was: str, to: str, event: str) -> Callable[[Any], None]:
        def work(cursor: Any) -> None:
            cursor.executemany(db.sql(_MOVE), [(to, now, i) for i in ids])
            history = [(i, event, was, to, "system", now, "Ingår inte") for i in ids]
            cursor.executemany(db.sql(_HISTORY), history)

        return work

    ids = [_item_id(CYCLE, k) for k in range(1, n + 1)]
    carried_ids = [_item_id(CYCLE + 1, k) for k in range(1, n + 1)]
    plays: list[tuple[str, int, Callable[[], None]]] = [
        ("import", n, lambda: db.transaction(new_items(CYCLE, False))),
        (
            "deadline",
            n,
            lambda: db.transaction(moves(ids, "proposed", "deprioritised", "deprioritise")),
        ),
        ("carry_over", n, lambda: db.transaction(new_items(CYCLE + 1, True))),
    ]
    for name, items, play in plays:
        stage = Stage("floor", backend, n, name, items)
        with timed(stage):
            play()
        stages.append(stage)
    sample = carried_ids[:SAMPLE]
    stage = Stage("floor", backend, n, "transitions", 2 * len(sample))
    with timed(stage):
        for was, to in (("proposed", "prioritised"), ("prioritised", "decided")):
            for item_id in sample:
                db.transaction(moves([item_id], was, to, to[:-2]))
    stages.append(stage)
    db.conn.close()
    return stages


# the naive way --------------------------------------------------------------------------


class Plain:
    """The object a machine is attached to: one per item, as the tutorials do it."""

    def __init__(self, state: str) -> None:
        self.state = state


def naive(url: str, backend: str, n: int) -> list[Stage]:
    from sqlmodel import Session
    from transitions import Machine

    from arshjul.store.tables import HistoryRow, ItemRow

    engine = make_engine(url)

    def machine(state: str) -> Plain:
        model = Plain(state)
        Machine(model=model, states=STATES, transitions=MOVES, initial=state)
        return model

    def history(item_id: str, event: str, was: str | None, to: str) -> HistoryRow:
        return HistoryRow(
            item_id=item_id,
            event=event,
            from_state=was,
            to_state=to,
            actor="system",
            at=_now(),
            prev_hash="",
            hash="",
        )

    def create(cycle: int, carried: bool) -> None:
        for k in range(1, n + 1):
            model = machine("proposed")
            with Session(engine) as session:
                now = _now()
                session.add(
                    ItemRow(
                        id=_item_id(cycle, k),
                        cycle=cycle,
                        number=k,
                        title=f"Åtgärd {k}: övning av reservrutiner för betalningar",
                        description="En övning med sektorns aktörer.",
                        kind="exercise",
                        org_id=k % ORGS + 1,
                        proposer_id=k % ORGS + 1,
                        state=model.state,
                        carried_from=_item_id(cycle - 1, k) if carried else None,
                        created_at=now,
                        updated_at=now,
                    )
                )
                session.flush()
                session.add(history(_item_id(cycle, k), "submit", None, model.state))
                session.commit()

    def move(ids: Sequence[str], event: str) -> None:
        for item_id in ids:
            with Session(engine) as session:
                row = session.get(ItemRow, item_id)
                assert row is not None
                model = machine(row.state)
                was = model.state
                getattr(model, event)()
                row.state, row.version, row.updated_at = model.state, row.version + 1, _now()
                session.add(history(item_id, event, was, model.state))
                session.commit()

    ids = [_item_id(CYCLE, k) for k in range(1, n + 1)]
    carried_ids = [_item_id(CYCLE + 1, k) for k in range(1, n + 1)]
    plays: list[tuple[str, int, Callable[[], None]]] = [
        ("import", n, lambda: create(CYCLE, False)),
        ("deadline", n, lambda: move(ids, "deprioritise")),
        ("carry_over", n, lambda: create(CYCLE + 1, True)),
        (
            "transitions",
            2 * min(SAMPLE, n),
            lambda: [move(carried_ids[:SAMPLE], e) for e in ("prioritise", "decide")] and None,
        ),
    ]
    stages = []
    for name, items, play in plays:
        stage = Stage("naive", backend, n, name, items)
        with timed(stage):
            play()
        stages.append(stage)
    with engine.connect() as conn:
        decided = conn.exec_driver_sql(
            "SELECT count(*) FROM item WHERE state = 'decided'"
        ).scalar_one()
    assert decided == min(SAMPLE, n), decided  # the moves really happened
    engine.dispose()
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("way", choices=("floor", "naive"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--backend", required=True)
    args = parser.parse_args()
    _schema(args.db)
    emit((floor if args.way == "floor" else naive)(args.db, args.backend, args.n))


if __name__ == "__main__":
    main()
