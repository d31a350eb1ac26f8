"""Reinstating, cancelling and late decisions on the real store (SQLite and PostgreSQL): each a
move with a reason, by a named role, in the chain, mailed to whom it concerns, all or none."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import select, text

from arshjul.errors import NotAllowed, Refused
from arshjul.store import due
from arshjul.store.outbox import OUTBOX
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import services, ticker
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, REFERENCE, Sector, at

#: The rules and the mail are the same on either backend: these run on SQLite only; what
#: the store must hold together (the carried copy's transaction) runs on PostgreSQL too.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def tick(sector: Sector, moment: str) -> list[ticker.Fired]:
    sector.clock.set(at(moment))
    return ticker.tick(sector.engine, sector.clock, sector.calendar, instance="test")


def mail(sector: Sector, recipient: str) -> list[tuple[str, str, str]]:
    """(kind, subject, text) of the messages to `recipient`, oldest first."""
    with sector.engine.connect() as conn:
        query = (
            select(OUTBOX.c.kind, OUTBOX.c.subject, OUTBOX.c.text)
            .where(OUTBOX.c.recipient == recipient)
            .order_by(OUTBOX.c.id)
        )
        return [(k, s, t) for k, s, t in conn.execute(query)]


def audit_holds(sector: Sector) -> None:
    assert services.audit(sector.uow(write=False)).count > 0


def last(sector: Sector, item_id: str) -> dict[str, object]:
    history = sector.show(item_id)["history"]
    assert isinstance(history, list)
    entry: dict[str, object] = history[-1]
    return entry


def carried(sector: Sector) -> tuple[str, str]:
    """A proposal of 2027 deprioritised in May 2026 and carried into 2028 on 1 January 2027."""
    ticker.start(sector.engine, sector.clock)
    original = sector.propose("Övning: kontanter vid elavbrott")
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("deprioritise", original, actor=COORDINATOR, note="Nästa år")
    [opening] = [
        f
        for f in tick(sector, "2027-01-01 00:00")
        if (f.kind, f.detail) == ("phase_opens", "dialogue")
    ]
    return original, opening.effect["carried"][original]


@sqlite_only
def test_a_reinstated_proposal_returns_to_where_it_was_deprioritised_from(sector: Sector) -> None:
    """From proposed to proposed, from prioritised to prioritised: the coordinator's move or the
    scheduler's at the decision deadline alike; the reason is in the history."""
    ticker.start(sector.engine, sector.clock)
    by_hand, ranked, left = (sector.propose(t) for t in ("Ett", "Två", "Tre"))
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", ranked, actor=COORDINATOR, rank=1)
    sector.move("deprioritise", by_hand, actor=COORDINATOR, note="Av misstag")
    tick(sector, "2026-10-01 00:00")  # the deadline leaves ranked and left out of the plan
    assert {sector.show(i)["state"] for i in (by_hand, ranked, left)} == {"deprioritised"}
    sector.clock.set(at("2026-10-02 10:00"))
    moved = sector.move("reinstate", by_hand, ranked, actor=COORDINATOR, note="Fel av oss")
    assert [(m.id, m.from_state, m.to_state, m.withdrawn_copy) for m in moved] == [
        (by_hand, "deprioritised", "proposed", None),
        (ranked, "deprioritised", "prioritised", None),
    ]
    entry = last(sector, ranked)
    assert (entry["event"], entry["actor"], entry["note"]) == (
        "reinstate",
        COORDINATOR,
        "Fel av oss",
    )
    assert sector.show(ranked)["rank"] == 1
    assert sector.show(left)["state"] == "deprioritised"
    [(kind, subject, text)] = mail(sector, PROPOSER)[-1:]
    assert kind == "changes" and "2 av era ärenden har ändrats" in subject
    assert "Fel av oss" in text
    audit_holds(sector)


@sqlite_only
def test_only_a_coordinator_reinstates_with_a_reason_and_all_or_none(sector: Sector) -> None:
    """Proposer, owner, decider and reference group are refused; so is a reinstatement without
    a reason, or of one id that is not deprioritised among others that are: nothing changes."""
    out, still = sector.propose("Ett"), sector.propose("Två")
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("deprioritise", out, actor=COORDINATOR, note="Nej")
    for actor in (PROPOSER, OWNER, DECIDER, REFERENCE):
        with pytest.raises(NotAllowed, match=actor):
            sector.move("reinstate", out, actor=actor, note="Ja")
    with pytest.raises(Refused, match="reason"):
        sector.move("reinstate", out, actor=COORDINATOR)
    with pytest.raises(Refused, match=still):
        sector.move("reinstate", out, still, actor=COORDINATOR, note="Ja")
    assert sector.show(out)["state"] == "deprioritised"
    assert len(sector.show(out)["history"]) == 2  # type: ignore[arg-type]


def test_reinstating_a_carried_proposal_withdraws_its_copy_in_the_same_transaction(
    sector: Sector,
) -> None:
    """The copy in the next cycle is withdrawn by the reinstating coordinator; each history
    names the other; the proposer is told of both in one message; the audit holds."""
    original, copy = carried(sector)
    sector.clock.set(at("2027-01-12 10:00"))
    [moved] = sector.move("reinstate", original, actor=COORDINATOR, note="Beslutas i år ändå")
    assert (moved.to_state, moved.withdrawn_copy) == ("proposed", copy)
    assert sector.show(copy)["state"] == "withdrawn"
    withdrawn, reinstated = last(sector, copy), last(sector, original)
    assert (withdrawn["event"], withdrawn["actor"]) == ("withdraw", COORDINATOR)
    assert original in str(withdrawn["note"])
    assert reinstated["event"] == "reinstate" and copy in str(reinstated["note"])
    assert "Beslutas i år ändå" in str(reinstated["note"])
    assert sector.show(original)["carried_to"] == copy  # the link stays, as history
    kind, _, text = mail(sector, PROPOSER)[-1]
    assert kind == "changes" and copy in text and original in text
    audit_holds(sector)


def test_a_copy_that_moved_on_refuses_the_reinstatement_and_names_its_state(
    sector: Sector,
) -> None:
    """A copy prioritised in its own cycle keeps the original out: nothing is written."""
    original, copy = carried(sector)
    sector.clock.set(at("2027-05-12 10:00"))
    sector.move("prioritise", copy, actor=COORDINATOR)
    with pytest.raises(Refused) as refused:
        sector.move("reinstate", original, actor=COORDINATOR, note="Ändå")
    assert copy in str(refused.value) and "prioritised" in str(refused.value)
    assert (sector.show(original)["state"], sector.show(copy)["state"]) == (
        "deprioritised",
        "prioritised",
    )


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_reinstatement_waits_for_a_carry_over_under_way_and_withdraws_what_it_made(
    sector: Sector,
) -> None:
    """A tick carrying the proposal over holds the scheduler's lock; the reinstatement waits
    for it, then sees the copy it made and withdraws it: never a reinstated original beside a
    live copy."""
    ticker.start(sector.engine, sector.clock)
    original = sector.propose("Övning: kontanter vid elavbrott")
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("deprioritise", original, actor=COORDINATOR, note="Nästa år")
    sector.clock.set(at("2027-01-01 00:00"))
    result: dict[str, object] = {}

    def reinstate() -> None:
        try:
            result["moved"] = sector.move("reinstate", original, actor=COORDINATOR, note="Ändå")
        except Exception as exc:  # the main thread reports it
            result["error"] = exc

    with UnitOfWork(sector.engine) as tick_under_way:
        due.lock(tick_under_way.connection, 1)
        thread = threading.Thread(target=reinstate)
        thread.start()
        deadline = time.monotonic() + 60
        with sector.engine.connect() as watch:
            waiting = text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            while not watch.execute(waiting).scalar():
                assert time.monotonic() < deadline, "the reinstatement never waited for the lock"
                assert thread.is_alive(), result  # it ended without waiting: say how
                watch.rollback()  # a transaction keeps its first view of pg_stat_activity
                time.sleep(0.02)
        now = sector.clock.now()
        carried = ticker._carry_over(tick_under_way, sector.calendar, 2028, now, now)
        tick_under_way.commit()
    thread.join(timeout=60)
    assert "error" not in result, result
    [copy] = carried["carried"].values()
    [moved] = result["moved"]  # type: ignore[misc]
    assert moved.withdrawn_copy == copy
    assert (sector.show(original)["state"], sector.show(copy)["state"]) == ("proposed", "withdrawn")
    audit_holds(sector)


@sqlite_only
def test_a_copy_withdrawn_already_is_left_as_it_is(sector: Sector) -> None:
    """The proposer withdrew the copy themselves: reinstating the original withdraws nothing."""
    original, copy = carried(sector)
    sector.clock.set(at("2027-01-12 10:00"))
    sector.move("withdraw", copy, actor=PROPOSER)
    [moved] = sector.move("reinstate", original, actor=COORDINATOR, note="Ändå")
    assert moved.withdrawn_copy is None
    assert last(sector, original)["note"] == "Ändå"


@sqlite_only
def test_a_reinstated_proposal_is_decided_late_and_its_reminders_are_planned(
    sector: Sector,
) -> None:
    """After the decision phase: the coordinator forces the prioritisation, the decider forces
    the decision with a reason; the history marks it forced, the owner's mail promises only
    the reminders the scheduler then plans."""
    ticker.start(sector.engine, sector.clock)
    item = sector.propose()
    tick(sector, "2026-10-01 00:00")  # left out at the deadline, from proposed
    sector.clock.set(at("2026-10-08 10:00"))
    sector.move("reinstate", item, actor=COORDINATOR, note="Mötet flyttades")
    kind, _, text = mail(sector, PROPOSER)[-1]
    assert kind == "moved" and "Prioriteringsfasen stängde 2026-06-30" in text
    with pytest.raises(Refused) as outside:
        sector.move("prioritise", item, actor=COORDINATOR)
    assert "--force" in str(outside.value)
    sector.move("prioritise", item, actor=COORDINATOR, force=True, note="Sent möte")
    with pytest.raises(NotAllowed):  # forcing anything but a decision stays a coordinator's
        sector.move("prioritise", item, actor=DECIDER, force=True, note="x")
    sector.move(
        "decide",
        item,
        actor=DECIDER,
        force=True,
        note="Beslutat på mötet 8 oktober",
        owner=OWNER,
        due=date(2027, 6, 30),
    )
    entry = last(sector, item)
    assert (entry["event"], entry["forced"], entry["actor"]) == ("decide", True, DECIDER)
    kind, _, text = mail(sector, OWNER)[-1]
    assert kind == "assigned" and "Ni påminns i god tid" in text
    tick(sector, "2026-10-08 10:01")
    with sector.engine.connect() as conn:
        planned = [
            (r["kind"], r["detail"]) for r in due.upcoming(conn, 500, 1) if r["subject"] == item
        ]
    assert ("due_reminder", "14") in planned and ("overdue", "1") in planned
    audit_holds(sector)


@sqlite_only
def test_a_late_decision_of_a_measure_due_soon_promises_no_reminder(sector: Sector) -> None:
    """Decided two days before its due date: the owner is not told they will be reminded."""
    item = sector.propose()
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", item, actor=COORDINATOR)
    sector.clock.set(at("2027-03-01 10:00"))
    sector.move(
        "decide", item, actor=DECIDER, force=True, note="Sent", owner=OWNER, due=date(2027, 3, 3)
    )
    kind, _, text = mail(sector, OWNER)[-1]
    assert kind == "assigned" and "Ingen påminnelse hinner gå ut" in text


def decided(sector: Sector, *titles: str) -> list[str]:
    ticker.start(sector.engine, sector.clock)
    ids = [sector.propose(t) for t in titles]
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", *ids, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", *ids, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    tick(sector, "2026-08-12 10:01")  # their reminders and escalations are planned
    return ids


@sqlite_only
def test_a_cancelled_measure_ends_and_its_owner_and_proposer_are_told(sector: Sector) -> None:
    """A decided and a started measure end in cancelled; the owner (and their manager) and the
    proposer read the reason; what was planned to remind of them is gone and tells nobody."""
    first, second = decided(sector, "Ett", "Två")
    services.set_preferences(sector.uow(), COORDINATOR, OWNER, manager=REFERENCE)
    sector.clock.set(at("2027-02-01 10:00"))
    sector.move("start", second, actor=OWNER)
    moved = sector.move("cancel", first, second, actor=COORDINATOR, note="Ersatt av övning X")
    assert [(m.from_state, m.to_state) for m in moved] == [
        ("decided", "cancelled"),
        ("in_progress", "cancelled"),
    ]
    kind, subject, text = mail(sector, PROPOSER)[-1]
    assert kind == "changes" and "avbruten" in subject and "Ersatt av övning X" in text
    told = [m for m in mail(sector, OWNER) if m[0] == "cancelled"]
    assert [subject for _, subject, _ in told] == [
        f"Åtgärden {first} är avbruten",
        f"Åtgärden {second} är avbruten",
    ]
    assert all(
        "Ersatt av övning X" in text and "inga fler påminnelser" in text for *_, text in told
    )
    copies = [subject for kind, subject, _ in mail(sector, REFERENCE) if kind == "cancelled"]
    assert copies == [
        f"Kopia: Åtgärden {first} är avbruten",
        f"Kopia: Åtgärden {second} är avbruten",
    ]
    with sector.engine.connect() as conn:  # what was planned for them is gone with them
        assert not [r for r in due.upcoming(conn, 500, 1) if r["subject"] in (first, second)]
    fired = tick(sector, "2027-08-02 09:00")  # a Monday: reminders would go out
    assert not [f for f in fired if f.subject in (first, second)]
    reminded = {"due_reminder", "overdue"}
    assert not [m for m in mail(sector, OWNER) if m[0] in reminded]
    audit_holds(sector)


@sqlite_only
def test_only_a_coordinator_or_decider_cancels_and_only_a_measure(sector: Sector) -> None:
    """The owner, a proposer and the reference group are refused; a proposal is withdrawn or
    deprioritised, never cancelled; nothing changes."""
    [item] = decided(sector, "Ett")
    for actor in (PROPOSER, OWNER, REFERENCE):
        with pytest.raises(NotAllowed, match=actor):
            sector.move("cancel", item, actor=actor, note="Nej")
    assert sector.show(item)["state"] == "decided"
    proposal = sector.propose()
    with pytest.raises(Refused, match="decided, in_progress"):
        sector.move("cancel", proposal, actor=COORDINATOR, note="Nej")


@sqlite_only
def test_the_reports_list_a_cancelled_measure_as_cancelled_with_its_reason(
    sector: Sector,
) -> None:
    """The plan's status and the follow-up's outcome say cancelled, in every format, with the
    reason; it is neither not done nor carried over; the organisation's own view names it."""
    import io

    from openpyxl import load_workbook

    from arshjul.reports.build import build, mine
    from arshjul.reports.output import write
    from arshjul.states import Actor, Role

    kept, ended = decided(sector, "Övning som hålls", "Övning som ställs in")
    sector.clock.set(at("2027-03-01 10:00"))
    sector.move("cancel", ended, actor=DECIDER, note="Ersatt av FSPOS-övningen")
    sector.clock.set(at("2027-11-15 10:00"))
    reader = Actor(COORDINATOR, "Finansinspektionen", frozenset({Role.coordinator}))
    plan = build(sector.uow(write=False), sector.calendar, "plan", 2027, reader, "sv")
    text = str(write(plan, "md", None))
    assert next(line for line in text.splitlines() if ended in line).endswith("| Avbruten |")
    followup = build(sector.uow(write=False), sector.calendar, "followup", 2027, reader, "sv")
    assert followup.counts == {"not_done": 1, "cancelled": 1}
    assert [row.id for row in followup.not_done] == [kept]  # only that one carries over
    for fmt in ("md", "html", "csv"):
        text = str(write(followup, fmt, None))
        [row] = [line for line in text.splitlines() if ended in line and "Avbruten" in line]
        assert "Ersatt av FSPOS-övningen" in row and "Inte klar" not in row, fmt
    book = load_workbook(io.BytesIO(bytes(write(followup, "xlsx", None))))  # type: ignore[arg-type]
    cells = [
        [str(c) for c in row if c is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    [row] = [r for r in cells if ended in r and "Avbruten" in r]
    assert "Ersatt av FSPOS-övningen" in row
    proposer = Actor(PROPOSER, "Nordbanken AB", frozenset({Role.proposer}))
    ours = mine(sector.uow(write=False), sector.calendar, proposer, "sv")
    [item] = [i for i in ours.items if i["id"] == ended]
    assert item["state"] == "avbruten" and item["history"][-1]["note"] == "Ersatt av FSPOS-övningen"
