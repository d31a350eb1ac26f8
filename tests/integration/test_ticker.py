"""The scheduler on the real store: every effect once, on its day, in order, whatever happens."""

from __future__ import annotations

import signal
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from arshjul.clock import STOCKHOLM
from arshjul.config import load_cycle_config
from arshjul.errors import ArshjulError
from arshjul.states.events import DueEventFired
from arshjul.testing import recording
from arshjul.workflow import services, ticker
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.handlers import HANDLERS
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at


def tick(sector: Sector, moment: str, calendar: CycleCalendar | None = None) -> list[ticker.Fired]:
    sector.clock.set(at(moment))
    return ticker.tick(sector.engine, sector.clock, calendar or sector.calendar, instance="test")


def start(sector: Sector, moment: str = "2026-01-01 00:00") -> None:
    sector.clock.set(at(moment))
    ticker.start(sector.engine, sector.clock)


def kinds(fired: list[ticker.Fired]) -> list[tuple[str, str, str]]:
    return [(f.kind, f.subject, f.detail) for f in fired]


def test_the_decision_deadline_deprioritises_what_was_not_decided(sector: Sector) -> None:
    """At midnight after 30 September, proposed and prioritised items go, by `system`, with a reason."""
    start(sector)
    proposed, prioritised, decided = (sector.propose(t) for t in ("Ett", "Två", "Tre"))
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", prioritised, decided, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", decided, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    assert ("phase_closes", "2027", "decision") not in kinds(tick(sector, "2026-09-30 23:59"))
    fired = tick(sector, "2026-10-01 00:00")
    closing = [f for f in fired if (f.kind, f.detail) == ("phase_closes", "decision")]
    assert closing[0].effect["deprioritised"] == [proposed, prioritised]
    assert len(closing[0].effect["meetings"]) == 2  # the plan is decided: its information meetings
    assert not closing[0].late
    for item_id in (proposed, prioritised):
        last = sector.show(item_id)["history"][-1]  # type: ignore[index]
        assert (last["event"], last["to"], last["actor"]) == (
            "deprioritise",
            "deprioritised",
            "system",
        )
        assert last["note"] == "Ingår inte i den beslutade planen"
        assert last["scheduled_at"] == "2026-10-01T00:00:00+02:00"
    assert sector.show(decided)["state"] == "decided"


def test_deprioritised_items_are_carried_into_the_next_cycle_on_1_january(sector: Sector) -> None:
    """The new proposal keeps proposer and organisation and links both ways; --no-carry stays."""
    start(sector)
    carried, kept_out = (
        sector.propose("Analys", restricted_to=["Sydbanken AB"]),
        sector.propose("Nej"),
    )
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("deprioritise", carried, actor=COORDINATOR, note="Nästa år")
    sector.move("deprioritise", kept_out, actor=COORDINATOR, note="Aldrig", no_carry=True)
    tick(sector, "2026-12-31 23:59")
    assert sector.show(carried)["carried_to"] is None
    [opening] = [
        f
        for f in tick(sector, "2027-01-01 00:00")
        if (f.kind, f.detail) == ("phase_opens", "dialogue")
    ]
    assert opening.subject == "2028"
    new_id = opening.effect["carried"][carried]
    assert opening.effect["carried"] == {carried: new_id} and new_id.startswith("2028-")
    new = sector.show(new_id)
    assert (new["state"], new["carried_from"], new["org"], new["proposer"]) == (
        "proposed",
        carried,
        "Nordbanken AB",
        PROPOSER,
    )
    assert new["restricted_to"] == ["Sydbanken AB"]
    assert new["history"][0]["event"] == "carry_in"  # type: ignore[index]
    original = sector.show(carried)
    assert original["carried_to"] == new_id and original["state"] == "deprioritised"
    assert len(original["history"]) == 2  # type: ignore[arg-type]


def test_a_second_tick_at_the_same_moment_does_nothing(sector: Sector) -> None:
    """Everything that fired stays fired."""
    start(sector)
    assert tick(sector, "2026-04-01 00:00")
    assert tick(sector, "2026-04-01 00:00") == []


def test_two_ticks_at_once_fire_every_event_once(sector: Sector) -> None:
    """Four threads tick a whole year at the same moment: each event fires in exactly one of them."""
    start(sector)
    for n in range(5):
        sector.propose(f"Förslag {n}")
    sector.clock.set(at("2027-01-04 09:00"))  # a working morning: reminders do not wait
    results: list[list[ticker.Fired]] = []

    def run() -> None:
        results.append(
            ticker.tick(
                sector.engine,
                sector.clock,
                sector.calendar,
                instance=threading.current_thread().name,
            )
        )

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [f for fired in results for f in fired]
    keys = [(f.kind, f.subject, f.detail, f.due_at) for f in everything]
    assert len(keys) == len(set(keys)) > 20
    for fired in results:  # each tick takes effect oldest first
        assert [f.due_at for f in fired] == sorted(f.due_at for f in fired)
    deprioritised = [f for f in everything if f.effect.get("deprioritised")]
    assert len(deprioritised) == 1 and len(deprioritised[0].effect["deprioritised"]) == 5
    with sector.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM item WHERE cycle = 2028")).scalar() == 5


def test_events_missed_while_nothing_ran_are_caught_up_in_order_and_marked_late(
    sector: Sector,
) -> None:
    """Down from May to November: the prioritisation, decision and communication deadlines follow in order."""
    start(sector)
    tick(sector, "2026-05-01 00:00")
    fired = tick(sector, "2026-11-15 09:00")
    closings = [f for f in fired if f.kind == "phase_closes"]
    assert [f.detail for f in closings] == ["prioritisation", "decision"]
    assert all(f.late for f in fired)
    assert [f.due_at for f in fired] == sorted(f.due_at for f in fired)
    assert fired[0].fired_at == at("2026-11-15 09:00")


def test_a_failure_inside_an_effect_leaves_nothing_half_done(sector: Sector) -> None:
    """If publishing the decision deadline fails, neither its moves nor its firing are kept; the next tick does it once."""
    start(sector)
    item_id = sector.propose()

    def fail_on_decision(uow: object, events: list[object]) -> None:
        if any(isinstance(e, DueEventFired) and e.detail == "decision" for e in events):
            raise ArshjulError("busy")

    tick(sector, "2026-09-30 12:00")
    HANDLERS.append(fail_on_decision)
    try:
        with pytest.raises(ArshjulError):
            tick(sector, "2026-10-01 00:00")
    finally:
        HANDLERS.remove(fail_on_decision)
    assert sector.show(item_id)["state"] == "proposed"
    with recording() as handler:
        fired = tick(sector, "2026-10-01 00:00")
    assert [f.effect["deprioritised"] for f in fired if f.detail == "decision"] == [[item_id]]
    assert sum(isinstance(e, DueEventFired) and e.detail == "decision" for e in handler.events) == 1
    assert len(sector.show(item_id)["history"]) == 2  # type: ignore[arg-type]


def test_a_measure_is_reminded_before_its_due_date_and_escalated_until_done(sector: Sector) -> None:
    """Reminders 14 and 3 days before, escalations each week at 08:00, then silence once it is done.

    Caught up after its due date, both reminders are void: their moment is past."""
    start(sector)
    item_id = sector.propose()
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", item_id, actor=DECIDER, owner=OWNER, due=date(2027, 3, 15))

    def about_it(fired: list[ticker.Fired]) -> list[tuple[str, str, str]]:
        return [
            (f.kind, f.detail, f.due_at.astimezone(STOCKHOLM).date().isoformat())
            for f in fired
            if f.subject == item_id
        ]

    caught_up = tick(sector, "2027-03-19 12:00")
    assert about_it(caught_up) == [
        ("due_reminder", "14", "2027-03-01"),
        ("due_reminder", "3", "2027-03-12"),
        ("overdue", "1", "2027-03-16"),
    ]
    assert [f.void for f in caught_up if f.subject == item_id] == ["past", "past", None]
    assert about_it(tick(sector, "2027-03-23 07:59")) == []
    assert about_it(tick(sector, "2027-03-23 08:00")) == [("overdue", "2", "2027-03-23")]
    sector.clock.set(at("2027-03-24 10:00"))
    sector.move("complete", item_id, actor=OWNER)
    fired = tick(sector, "2027-04-30 09:00")
    assert [(f.kind, f.effect, f.void) for f in fired if f.subject == item_id] == [
        ("overdue", {}, "executed")
    ]


def test_a_changed_configuration_moves_what_has_not_fired(sector: Sector, tmp_path: Path) -> None:
    """Moving the decision deadline to 15 October re-plans it; what fired stays fired."""
    start(sector)
    item_id = sector.propose()
    tick(sector, "2026-08-01 00:00")
    path = tmp_path / "later.toml"
    path.write_text(
        '[phases.decision]\ncloses = "P-1 10-15"\n[phases.communication]\nopens = "P-1 10-16"\n',
        encoding="utf-8",
    )
    later = CycleCalendar(load_cycle_config(path))
    assert not [f for f in tick(sector, "2026-10-02 00:00", later) if f.detail == "decision"]
    assert sector.show(item_id)["state"] == "proposed"
    fired = tick(sector, "2026-10-16 00:00", later)
    closing = [f.effect for f in fired if (f.kind, f.detail) == ("phase_closes", "decision")]
    assert [effect["deprioritised"] for effect in closing] == [[item_id]]


def test_nothing_before_the_database_came_into_use_fires(sector: Sector) -> None:
    """A database set up in November 2026 does not announce that the 2027 dialogue opened in January."""
    start(sector, "2026-11-20 10:00")
    fired = tick(sector, "2026-11-23 10:00")
    assert all(f.due_at >= at("2026-11-20 10:00") for f in fired)


def test_a_custom_cycle_runs_with_no_code_change(sector: Sector, tmp_path: Path) -> None:
    """The regional council: plan decided in Q4, follow-up report in Q1 of the year after."""
    path = tmp_path / "finansrad.toml"
    path.write_text(
        """name = "Regionala finansrådet"
working_days = "next"
[phases.dialogue]
opens = "P-1 08-15"
closes = "P-1 09-15"
[phases.prioritisation]
opens = "P-1 09-16"
closes = "P-1 10-15"
[phases.decision]
opens = "P-1 10-16"
closes = "P-1 11-30"
[phases.communication]
opens = "P-1 12-01"
closes = "P-1 12-20"
[phases.execution]
opens = "P 01-01"
closes = "P 12-31"
[phases.follow_up]
opens = "P+1 01-01"
closes = "P+1 03-31"
[reminders]
phase_deadline_days = [7]
""",
        encoding="utf-8",
    )
    council = CycleCalendar(load_cycle_config(path))
    start(sector, "2026-08-01 00:00")
    sector.clock.set(at("2026-08-20 10:00"))
    item_id, placement = services.propose(
        sector.uow(), sector.clock, council, PROPOSER, "Krisövning"
    )
    assert placement.cycle == 2027
    fired = tick(sector, "2026-12-01 09:00", council)
    closing = [
        f for f in fired if (f.kind, f.subject, f.detail) == ("phase_closes", "2027", "decision")
    ]
    assert closing and closing[0].due_at == at("2026-12-01 00:00")
    assert closing[0].effect["deprioritised"] == [item_id]
    reminders = [f for f in fired if f.kind == "phase_reminder" and f.subject == "2027"]
    # 7 days before 15 September 2026 is Tuesday 8 September
    assert ("dialogue:7", at("2026-09-08 08:00")) in [(f.detail, f.due_at) for f in reminders]


def test_a_reminder_caught_up_at_night_waits_for_the_morning_and_says_what_is_true_then(
    sector: Sector,
) -> None:
    """Down over 1–12 March, back on Saturday night: the reminders wait for Monday 08:00, when
    only the nearest goes out and says "today"; the service sleeps until then, not in a loop."""
    start(sector)
    item_id = sector.propose()
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", item_id, actor=DECIDER, owner=OWNER, due=date(2027, 3, 15))
    tick(sector, "2027-02-26 09:00")
    night = tick(sector, "2027-03-13 02:00")
    assert [f for f in night if f.subject == item_id] == []
    wake = ticker.next_wake(sector.engine, sector.calendar, at("2027-03-13 02:00"))
    assert wake == at("2027-03-15 00:00")  # Monday's digest: the reminders wait for 08:00
    assert [f for f in tick(sector, "2027-03-15 00:00") if f.subject == item_id] == []
    wake = ticker.next_wake(sector.engine, sector.calendar, at("2027-03-15 00:00"))
    assert wake == at("2027-03-15 08:00")
    monday = tick(sector, "2027-03-15 08:00")
    assert [(f.kind, f.detail, f.void) for f in monday if f.subject == item_id] == [
        ("due_reminder", "14", "superseded"),
        ("due_reminder", "3", None),
    ]
    with sector.engine.connect() as conn:
        texts = conn.execute(
            text("SELECT text FROM outbox WHERE kind = 'due_reminder' AND recipient = :r"),
            {"r": OWNER},
        ).scalars()
        [written] = list(texts)
    assert "ska vara klar i dag, senast 2027-03-15" in written


def test_the_running_loop_gives_ctrl_c_back_when_it_ends(tmp_path: Path) -> None:
    """`run` in the main thread takes SIGINT and SIGTERM for its own stop while it runs, and puts
    back what was there when it ends: whoever called it in the process gets Ctrl-C again."""
    from arshjul.clock import FixedClock
    from arshjul.store.engine import make_engine
    from arshjul.store.migrate import upgrade
    from arshjul.workflow import runner

    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    upgrade(engine)
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    said = []

    def ready(text_: str) -> None:  # the readiness line: stop it as a service manager would
        said.append(text_)
        assert signal.getsignal(signal.SIGINT) is not before[signal.SIGINT]
        signal.raise_signal(signal.SIGTERM)

    calendar = CycleCalendar(load_cycle_config())
    clock = FixedClock(at("2026-01-01 00:00"))
    runner.run(engine, clock, calendar, report=lambda fired: None, say=ready)
    engine.dispose()
    assert said
    assert {s: signal.getsignal(s) for s in before} == before
