"""Migration 0011 on a database with due events and mail in it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from arshjul.store import due, outbox
from arshjul.store.engine import make_engine
from arshjul.store.migrate import HEAD, upgrade
from tests.conftest import at
from tests.old_databases import before_bodies


def test_fired_events_and_waiting_mail_survive_the_upgrade_and_nothing_is_held(
    db_url: str,
) -> None:
    """From 0009: a fired event keeps its outcome and is not void; waiting mail goes out at once."""
    from alembic import command

    from arshjul.store.migrate import _config

    engine = make_engine(db_url)
    moment = at("2026-12-31 00:00")
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0009")  # type: ignore[arg-type]
        # Only the columns 0009 has; the tables' types write the times as the code does.
        conn.execute(
            before_bodies(due.DUE)
            .insert()
            .values(
                key="k",
                kind="phase_closes",
                subject="2027",
                detail="communication",
                due_at=moment,
                fired_at=moment,
                fired_by="test",
                late=False,
                outcome="{}",
            )
        )
        conn.execute(
            before_bodies(outbox.OUTBOX)
            .insert()
            .values(
                message_id="<m@x>",
                cause="c",
                kind="receipt",
                recipient="a@fi.se",
                lang="sv",
                subject="S",
                text="T",
                html="H",
                created_at=moment,
                next_attempt_at=moment,
                attempts=0,
                held=False,
            )
        )
    assert upgrade(engine) == HEAD
    with engine.begin() as conn:
        assert conn.execute(text("SELECT outcome, void FROM due_event")).all() == [("{}", None)]
        claimed = outbox.claim(conn, moment, moment + timedelta(minutes=5), 10, "test")
        assert [(row["message_id"], row["not_before"]) for row in claimed] == [("<m@x>", None)]
    engine.dispose()
