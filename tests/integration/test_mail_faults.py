"""Mail under faults, against a real SMTP server on loopback (aiosmtpd) that is slow, refuses,
or drops the line: each message goes once while its sender lives, a refusal is final, a
temporary failure is retried with growing pauses, and one lost reply costs only its message."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import insert, select

from arshjul.clock import FixedClock, SystemClock
from arshjul.notifications import delivery as delivery_module
from arshjul.notifications.delivery import (
    MAX_ATTEMPTS,
    FolderDelivery,
    delivery_for,
    send_waiting,
)
from arshjul.store import outbox
from arshjul.store.engine import make_engine
from arshjul.store.migrate import HEAD, upgrade
from tests.conftest import COORDINATOR, PROPOSER, Sector, at
from tests.integration.test_mail import MAIL_FROM, free_port
from tests.old_databases import before_bodies


class Server:
    """An SMTP server that records what reached it, with faults chosen by the test."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.slow = 0.0
        self.refuse: dict[str, str] = {}  # recipient -> the reply to RCPT TO
        self.drop_reply_to: set[str] = set()  # subjects whose reply to DATA never comes

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        if self.slow:
            await asyncio.sleep(self.slow)  # the slow server under test, not a wait in the test
        for recipient in envelope.rcpt_tos:
            self.received.append((recipient, str(message["Message-ID"])))
        if str(message["Subject"]) in self.drop_reply_to:
            server.transport.close()
        return "250 OK"


@pytest.fixture
def server() -> Iterator[tuple[Server, str]]:
    handler = Server()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, f"smtp://127.0.0.1:{port}"
    controller.stop()


def write(sector: Sector, count: int, to: str = PROPOSER, first: int = 0) -> None:
    now = sector.clock.now()
    with sector.uow() as uow:
        outbox.add(
            uow.connection,
            [
                {
                    "message_id": f"<m{n}@fi.example>",
                    "cause": f"test:{n}",
                    "kind": "receipt",
                    "recipient": to,
                    "lang": "sv",
                    "subject": f"Meddelande {n}",
                    "text": "text\n",
                    "html": "<p>text</p>",
                    "created_at": now,
                    "next_attempt_at": now,
                }
                for n in range(first, first + count)
            ],
        )
        uow.commit()


def rows(sector: Sector) -> list[Any]:
    with sector.engine.connect() as conn:
        return list(conn.execute(select(outbox.OUTBOX).order_by(outbox.OUTBOX.c.id)).mappings())


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_two_senders_with_a_slow_server_send_every_message_once_when_the_batch_outlasts_its_lease(
    sector: Sector, server: tuple[Server, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch slower than its reservation is renewed as it goes: a second sender takes nothing."""
    handler, url = server
    handler.slow = 0.4
    monkeypatch.setattr(delivery_module, "LEASE", timedelta(seconds=1))
    write(sector, 8)
    results: list[tuple[int, int]] = []

    def sender() -> None:
        sent = send_waiting(sector.engine, SystemClock(), delivery_for(url), MAIL_FROM)
        results.append((sent.sent, sent.failed))

    first = threading.Thread(target=sender)
    first.start()
    # The second sender starts once the first has held its batch longer than the lease.
    started = time.monotonic()
    wait_for(lambda: len(handler.received) >= 3, "the first sender never got going")
    assert time.monotonic() - started > 1
    second = threading.Thread(target=sender)
    second.start()
    first.join(60)
    second.join(60)
    ids = [message_id for _, message_id in handler.received]
    assert sorted(ids) == sorted(f"<m{n}@fi.example>" for n in range(8))
    assert sorted(results) == [(0, 0), (8, 0)]
    assert all(row["sent_at"] is not None and row["attempts"] == 1 for row in rows(sector))


def test_a_permanent_refusal_fails_the_message_for_good_and_tells_the_coordinators_once(
    sector: Sector, server: tuple[Server, str]
) -> None:
    """550 for one recipient: that message is failed with its reason, never tried again; the
    coordinators get one notice, and a refused notice to them starts no loop."""
    handler, url = server
    handler.refuse[PROPOSER] = "550 5.1.1 No such user here"
    write(sector, 2)
    first = send_waiting(sector.engine, sector.clock, delivery_for(url), MAIL_FROM)
    assert (first.sent, first.failed) == (2, 2)  # the two notices went in the same run
    refused = [row for row in rows(sector) if row["recipient"] == PROPOSER]
    assert all(row["failed_at"] is not None and "550" in row["last_error"] for row in refused)
    notices = [row for row in rows(sector) if row["kind"] == "mail_failed"]
    assert [row["recipient"] for row in notices] == [COORDINATOR, COORDINATOR]
    assert all(PROPOSER in row["subject"] for row in notices)
    assert [to for to, _ in handler.received] == [COORDINATOR, COORDINATOR]

    handler.refuse[COORDINATOR] = "550 5.2.1 Mailbox disabled"
    write(sector, 1, first=2)
    for day in range(0, 3):
        sector.clock.set(at("2026-02-10 09:00") + timedelta(days=day))
        send_waiting(sector.engine, sector.clock, delivery_for(url), MAIL_FROM)
    assert len(handler.received) == 2
    assert len(rows(sector)) == 6  # the refused notice to the coordinator told nobody again
    unsent = [row for row in rows(sector) if row["sent_at"] is None]
    assert len(unsent) == 4 and all(r["failed_at"] and r["attempts"] == 1 for r in unsent)


def test_a_temporary_refusal_is_retried_with_growing_pauses_then_failed_at_the_cap(
    sector: Sector, server: tuple[Server, str]
) -> None:
    """451 again and again: each retry waits longer, and after the cap the message is failed
    for good and the coordinators told."""
    handler, url = server
    handler.refuse[PROPOSER] = "451 4.3.0 Try again later"
    write(sector, 1)
    pauses: list[timedelta] = []
    for _ in range(MAX_ATTEMPTS):
        send_waiting(sector.engine, sector.clock, delivery_for(url), MAIL_FROM)
        [row] = [r for r in rows(sector) if r["recipient"] == PROPOSER]
        if row["failed_at"] is not None:
            break
        pauses.append(row["next_attempt_at"] - sector.clock.now())
        assert "451" in row["last_error"]
        assert send_waiting(sector.engine, sector.clock, delivery_for(url), MAIL_FROM).sent == 0
        sector.clock.set(row["next_attempt_at"])
    assert row["failed_at"] is not None and row["attempts"] == MAX_ATTEMPTS
    assert len(pauses) == MAX_ATTEMPTS - 1
    assert all(a <= b for a, b in pairwise(pauses)) and pauses[0] < pauses[-1]
    assert [r["recipient"] for r in rows(sector) if r["kind"] == "mail_failed"] == [COORDINATOR]


def test_a_lost_reply_fails_only_its_own_message_when_the_server_drops_the_line(
    sector: Sector, server: tuple[Server, str]
) -> None:
    """The connection drops after one message's data: that one is retried later, the rest of
    the batch goes on a new connection, none is marked failed untried."""
    handler, url = server
    handler.drop_reply_to.add("Meddelande 1")
    write(sector, 4)
    result = send_waiting(sector.engine, sector.clock, delivery_for(url), MAIL_FROM)
    assert (result.sent, result.failed) == (3, 1)
    states = {row["subject"]: row for row in rows(sector)}
    lost = states.pop("Meddelande 1")
    assert lost["sent_at"] is None and lost["failed_at"] is None and lost["last_error"]
    assert lost["attempts"] == 1 and lost["next_attempt_at"] > sector.clock.now()
    assert all(row["sent_at"] is not None and row["last_error"] is None for row in states.values())


def test_messages_waiting_in_a_database_from_before_upgrade_and_are_sent_once(
    db_url: str, tmp_path: Path
) -> None:
    """Migration 0013 on a database at 0009 with a waiting and a retrying message: both stay,
    neither failed nor held by anyone, and both go out after the upgrade."""
    from alembic import command

    from arshjul.store.migrate import _config

    engine = make_engine(db_url)
    moment = at("2026-02-10 09:00")
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0009")  # type: ignore[arg-type]
        for n, error in ((0, None), (1, "SMTPServerDisconnected: gone")):
            conn.execute(
                insert(before_bodies(outbox.OUTBOX)).values(
                    message_id=f"<old{n}@fi.example>",
                    cause=f"old:{n}",
                    kind="receipt",
                    recipient=PROPOSER,
                    lang="sv",
                    subject=f"Gammalt {n}",
                    text="text\n",
                    html="<p>text</p>",
                    created_at=moment,
                    next_attempt_at=moment,
                    attempts=n,
                    last_error=error,
                    held=False,
                ),
            )
    assert upgrade(engine) == HEAD
    folder = FolderDelivery(tmp_path / "mail")
    result = send_waiting(engine, FixedClock(moment), folder, MAIL_FROM)
    assert (result.sent, result.failed) == (2, 0)
    with engine.connect() as conn:
        rows = list(conn.execute(select(outbox.OUTBOX)).mappings())
    assert [(r["failed_at"], r["claimed_by"], r["attempts"]) for r in rows] == [
        (None, None, 1),
        (None, None, 2),
    ]
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 2
    engine.dispose()
