"""The plan decided as a whole and kept alive: plan decide, replan, requests for a new date, the
plan report's revisions, the chain, the reminders and the mail, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from arshjul.errors import ArshjulError, BadInput, Conflict, NotAllowed, NotFound
from arshjul.reports.build import build
from arshjul.reports.output import text, write
from arshjul.store.due import DUE
from arshjul.store.outbox import OUTBOX
from arshjul.workflow import plan_decision, replan, schedule, services
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, REFERENCE, Sector, at

SECRET = "Hemlig: reservrutiner för RIX"
OTHER_OWNER = "ulla@sydbank.se"
OUTSIDER = "kim@bankforeningen.se"  # an owner of the association, outside the secret's need-to-know


@pytest.fixture
def plan(sector: Sector) -> dict[str, str]:
    """2027: three measures owned by Olle (one restricted to Sydbanken); one prioritised, not
    decided yet ("late")."""
    services.add_person(
        sector.uow(), sector.clock, COORDINATOR, OTHER_OWNER, "Ulla", "Sydbanken AB", ["owner"]
    )
    services.add_person(
        sector.uow(),
        sector.clock,
        COORDINATOR,
        OUTSIDER,
        "Kim",
        "Svenska Bankföreningen",
        ["owner"],
    )
    ids = {
        "drill": sector.propose("Övning: kontanter vid elavbrott"),
        "analysis": sector.propose("Analys av reservlösningar"),
        "secret": sector.propose(SECRET, restricted_to=["Sydbanken AB"]),
    }
    late = sector.propose("Sen åtgärd")
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", *ids.values(), late, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", *ids.values(), actor=DECIDER, owner=OWNER, due=date(2027, 5, 31))
    return ids | {"late": late}


def decide(sector: Sector, **kw: Any) -> plan_decision.Decided:
    return plan_decision.decide_plan(
        sector.uow(), sector.clock, sector.calendar, DECIDER, 2027, **kw
    )


def do_replan(
    sector: Sector,
    item_id: str,
    actor: str = COORDINATOR,
    reason: str | None = "Leverantören är sen",
    **change: Any,
) -> replan.Replanned:
    return replan.replan(
        sector.uow(), sector.clock, sector.calendar, actor, item_id, reason, replan.Change(**change)
    )


def mail(sector: Sector, kind: str) -> list[dict[str, Any]]:
    with sector.engine.connect() as conn:
        query = select(OUTBOX).where(OUTBOX.c.kind == kind).order_by(OUTBOX.c.id)
        return [dict(row) for row in conn.execute(query).mappings()]


def plan_md(sector: Sector, reader: str | None = None, lang: str = "sv") -> str:
    with sector.uow(write=False) as uow:
        actor = services.viewer(uow, reader)
    return text(build(sector.uow(write=False), sector.calendar, "plan", 2027, actor, lang), "md")


def test_the_plan_decided_as_a_whole_is_hashed_as_its_report_reads_then(
    sector: Sector, plan: dict[str, str]
) -> None:
    """Before: "not yet"; after: date, decider and reference, and the SHA-256 of the report as
    `report plan P --format md` renders it for nobody in particular; coordinators are told."""
    assert "Beslutad: inte ännu (beslutsfasens sista dag: 2026-09-30)" in plan_md(sector)
    sector.clock.set(at("2026-09-24 14:00"))
    done = decide(sector, reference="FI 2026/1234", note="Beslutad i ledningsgruppen")
    shown = plan_md(sector)
    assert done.document == shown
    assert done.decision.digest == hashlib.sha256(shown.encode()).hexdigest()
    assert "Beslutad: 2026-09-24 av chef@fi.se (diarienummer FI 2026/1234)" in shown
    assert "## Ändringar sedan beslut" in shown
    [told] = mail(sector, "plan_decided")
    assert told["recipient"] == COORDINATOR and "FI 2026/1234" in told["text"]
    assert done.decision.digest in told["text"]
    assert services.audit(sector.uow(write=False)).count > 0


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_only_a_decider_decides_the_plan_and_only_a_plan_with_measures(
    sector: Sector, plan: dict[str, str]
) -> None:
    """The coordinator, a proposer, an owner and the reference group are refused; nothing kept."""
    for who in (COORDINATOR, PROPOSER, OWNER, REFERENCE):
        with pytest.raises(NotAllowed, match="beslutsfattare"):
            plan_decision.decide_plan(sector.uow(), sector.clock, sector.calendar, who, 2027)
    with pytest.raises(ArshjulError, match="inga beslutade åtgärder"):
        plan_decision.decide_plan(sector.uow(), sector.clock, sector.calendar, DECIDER, 2028)
    assert plan_decision.decisions(sector.uow(write=False), 2027) == []


def test_a_replan_moves_the_due_date_and_its_reminders_and_tells_the_owner(
    sector: Sector, plan: dict[str, str]
) -> None:
    """The history row binds the new due date and holds the old and new; the unfired
    reminders are planned anew for the new date in the same transaction."""
    item_id = plan["drill"]
    sector.clock.set(at("2027-03-01 10:00"))
    with sector.uow() as uow:  # reminders as the scheduler would have planned them
        from arshjul.store import due

        due.plan(
            uow.connection,
            schedule.measure_events(
                sector.calendar, item_id, date(2027, 5, 31), at("2026-08-12 10:00")
            ),
            1,
        )
        uow.commit()
    done = do_replan(sector, item_id, due=date(2027, 9, 30), quarters=("Q2,Q3",))
    assert done.changes["due"] == ("2027-05-31", "2027-09-30")
    assert done.changes["quarters"] == ("", "2027-Q2, 2027-Q3")
    shown = sector.show(item_id)
    assert shown["due"] == "2027-09-30" and shown["state"] == "decided"
    with sector.engine.connect() as conn:
        planned = (
            conn.execute(
                select(DUE.c.due_at).where(DUE.c.subject == item_id, DUE.c.fired_at.is_(None))
            )
            .scalars()
            .all()
        )
    assert planned and min(planned) > at("2027-08-01 00:00")
    [told] = mail(sector, "replanned")
    assert told["recipient"] == OWNER
    assert "2027-05-31 → 2027-09-30" in told["text"] and "Leverantören är sen" in told["text"]
    services.audit(sector.uow(write=False))


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_a_new_owner_is_told_and_the_old_one_outside_need_to_know_only_that_it_went(
    sector: Sector, plan: dict[str, str]
) -> None:
    """The restricted measure goes to Kim of the association (told what it is, as its owner),
    then to Sydbanken's Ulla: Kim, outside its need-to-know again, is told only that it is no
    longer his, not what it is or why."""
    sector.clock.set(at("2027-03-01 10:00"))
    do_replan(sector, plan["secret"], actor=DECIDER, owner=OUTSIDER)
    told = {m["recipient"]: m for m in mail(sector, "replanned")}
    assert set(told) == {OWNER, OUTSIDER} and SECRET in told[OUTSIDER]["text"]
    sector.clock.set(at("2027-03-02 10:00"))
    do_replan(sector, plan["secret"], actor=DECIDER, owner=OTHER_OWNER, reason="Sydbanken tar över")
    told = {m["recipient"]: m for m in mail(sector, "replanned")[2:]}
    assert set(told) == {OUTSIDER, OTHER_OWNER}
    assert SECRET in told[OTHER_OWNER]["text"] and "Sydbanken tar över" in told[OTHER_OWNER]["text"]
    hidden = told[OUTSIDER]["text"] + told[OUTSIDER]["html"] + told[OUTSIDER]["subject"]
    assert SECRET not in hidden and "Sydbanken tar över" not in hidden
    assert "inte längre" in told[OUTSIDER]["text"]
    assert sector.show(plan["secret"])["owner"] == OTHER_OWNER
    services.audit(sector.uow(write=False))


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_who_may_not_replan_is_refused_and_nothing_changes(
    sector: Sector, plan: dict[str, str]
) -> None:
    """The owner, a proposer and the reference group may not replan; a replan needs a reason and
    something to change; a proposal cannot be replanned."""
    item_id = plan["drill"]
    for who in (OWNER, PROPOSER, REFERENCE):
        with pytest.raises(NotAllowed):
            do_replan(sector, item_id, actor=who, due=date(2027, 9, 30))
    with pytest.raises(ArshjulError, match="skäl"):
        do_replan(sector, item_id, reason=None, due=date(2027, 9, 30))
    with pytest.raises(BadInput, match="minst ett"):
        do_replan(sector, item_id)
    with pytest.raises(BadInput, match="inget att planera om"):
        do_replan(sector, item_id, due=date(2027, 5, 31))
    proposal = sector.propose("Nytt förslag")
    with pytest.raises(ArshjulError, match="replan"):
        do_replan(sector, proposal, due=date(2027, 9, 30))
    assert sector.show(item_id)["due"] == "2027-05-31"
    assert mail(sector, "replanned") == []


def test_an_owner_asks_for_a_new_date_and_a_coordinator_declines_then_accepts(
    sector: Sector, plan: dict[str, str]
) -> None:
    """One open request a measure; the coordinators are told; a decline keeps the date and tells
    the owner why; an accepted request replans to the date asked. Each is in the item's history."""
    item_id = plan["analysis"]
    sector.clock.set(at("2027-04-01 10:00"))
    ask = lambda who=OWNER: replan.request(  # noqa: E731
        sector.uow(), sector.clock, who, item_id, date(2027, 8, 31), "Underlaget dröjer"
    )
    for who in (PROPOSER, COORDINATOR, REFERENCE):
        with pytest.raises(NotAllowed):
            ask(who)
    asked = ask()
    assert asked.due == date(2027, 8, 31)
    with pytest.raises(Conflict):
        ask()
    [told] = mail(sector, "replan_requested")
    assert told["recipient"] == COORDINATOR and "Underlaget dröjer" in told["text"]
    assert [r.item_id for r in replan.open_requests(sector.uow(write=False), COORDINATOR)] == [
        item_id
    ]
    assert replan.open_requests(sector.uow(write=False), PROPOSER) == []
    answer = lambda who, accept, note=None: replan.answer(  # noqa: E731
        sector.uow(), sector.clock, sector.calendar, who, item_id, accept=accept, note=note
    )
    for who in (OWNER, DECIDER, PROPOSER):
        with pytest.raises(NotAllowed):
            answer(who, True)
    with pytest.raises(ArshjulError, match="skäl"):
        answer(COORDINATOR, False)
    answer(COORDINATOR, False, "Datumet hänger på övningen i september")
    [declined] = mail(sector, "replan_declined")
    assert declined["recipient"] == OWNER and "övningen i september" in declined["text"]
    assert sector.show(item_id)["due"] == "2027-05-31"
    with pytest.raises(NotFound):
        answer(COORDINATOR, True)
    ask()
    answer(COORDINATOR, True, "Godkänt")
    assert sector.show(item_id)["due"] == "2027-08-31"
    [accepted] = mail(sector, "replanned")
    assert accepted["recipient"] == OWNER and "som du bad om" in accepted["text"]
    events = [h["event"] for h in sector.show(item_id)["history"]]  # type: ignore[index]
    assert events[-4:] == ["replan_request", "replan_decline", "replan_request", "replan"]
    services.audit(sector.uow(write=False))


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_the_plan_lists_its_revisions_in_every_format(
    sector: Sector, plan: dict[str, str], tmp_path: Path
) -> None:
    """After the decision every change to a measure is a revision: date, who, what and why; a
    restricted one shows only its id and kind to a reader outside its need-to-know."""
    sector.clock.set(at("2026-09-24 14:00"))
    decide(sector, reference="FI 2026/1234")
    sector.clock.set(at("2026-09-28 10:00"))
    sector.move("decide", plan["late"], actor=DECIDER, owner=OWNER, due=date(2027, 12, 17))
    sector.clock.set(at("2027-03-01 10:00"))
    do_replan(sector, plan["drill"], due=date(2027, 9, 30), reason="Leverantören är sen")
    do_replan(sector, plan["secret"], actor=DECIDER, due=date(2027, 10, 31), reason="Hemligt skäl")
    sector.clock.set(at("2027-03-02 10:00"))
    sector.move("start", plan["analysis"], actor=OWNER)  # the plan's own flow: no revision
    shown = plan_md(sector)
    assert (
        f"| 2027-03-01 10:00 | {plan['drill']} | Övning: kontanter vid elavbrott | Omplanerad: "
        "Beräknat klart 2027-05-31 → 2027-09-30 | anna@fi.se | Leverantören är sen |" in shown
    )
    assert (
        f"| 2026-09-28 10:00 | {plan['late']} | Sen åtgärd | Beslutad efter planbeslutet "
        "(prioriterad → beslutad): Ansvar olle@nordbanken.se; Beräknat klart 2027-12-17 |" in shown
    )
    assert f"| {plan['secret']} | Begränsad åtgärd | Omplanerad | chef@fi.se |  |" in shown
    assert "Hemligt skäl" not in shown and plan["analysis"] not in shown.split("Ändringar")[1]
    assert "Hemligt skäl" in plan_md(sector, COORDINATOR)
    english = plan_md(sector, lang="en")
    assert "## Changes since the decision" in english and "Replanned: Planned completion" in english
    with sector.uow(write=False) as uow:
        reader = services.viewer(uow, COORDINATOR)
    report = build(sector.uow(write=False), sector.calendar, "plan", 2027, reader, "sv")
    write(report, "xlsx", tmp_path / "plan.xlsx")
    book = load_workbook(tmp_path / "plan.xlsx", read_only=True)
    rows = [list(r) for r in book["Ändringar sedan beslut"].iter_rows(values_only=True)]
    assert rows[0] == ["Tid", "Nr", "Åtgärd", "Ändring", "Av", "Varför"]
    assert [r[1] for r in rows[1:]] == [plan["late"], plan["drill"], plan["secret"]]
    assert rows[3][5] == "Hemligt skäl"
    assert "Ändringar sedan beslut" in str(write(report, "csv", None))
    assert "Ändringar sedan beslut" in str(write(report, "html", None))
    services.audit(sector.uow(write=False))


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_a_plan_decided_again_names_the_newest_decision_and_counts_changes_from_it(
    sector: Sector, plan: dict[str, str]
) -> None:
    """FI management adopts the revised plan: a new decision, the earlier named, the revisions
    before it in the earlier document only."""
    sector.clock.set(at("2026-09-24 14:00"))
    decide(sector, reference="FI 2026/1234")
    sector.clock.set(at("2027-03-01 10:00"))
    do_replan(sector, plan["drill"], due=date(2027, 9, 30))
    sector.clock.set(at("2027-03-10 10:00"))
    again = decide(sector, reference="FI 2027/77")
    assert again.earlier == 1
    shown = plan_md(sector)
    assert (
        "Beslutad: 2027-03-10 av chef@fi.se (diarienummer FI 2027/77); ersätter beslutet 2026-09-24"
        in shown
    )
    assert "Leverantören" not in shown
    assert len(plan_decision.decisions(sector.uow(write=False), 2027)) == 2
    services.audit(sector.uow(write=False))


def test_a_change_in_the_decisions_own_instant_is_a_revision_and_one_before_it_is_not(
    sector: Sector, plan: dict[str, str]
) -> None:
    """With the clock frozen (ARSHJUL_NOW in a script), the chain's order says what came after
    the decision: a replan right after it is listed, one right before a second decision is not."""
    sector.clock.set(at("2026-09-24 14:00"))
    decide(sector)
    do_replan(sector, plan["drill"], due=date(2027, 9, 30), reason="Samma ögonblick")
    changes = plan_md(sector).split("## Ändringar sedan beslut")[1]
    assert plan["drill"] in changes and "Samma ögonblick" in changes
    decide(sector)
    changes = plan_md(sector).split("## Ändringar sedan beslut")[1]
    assert "Samma ögonblick" not in changes
    do_replan(sector, plan["analysis"], due=date(2027, 10, 29), reason="Efter det andra")
    changes = plan_md(sector).split("## Ändringar sedan beslut")[1]
    assert "Efter det andra" in changes and "Samma ögonblick" not in changes


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_a_plan_decision_and_a_request_are_their_bodys_alone(
    sector: Sector, plan: dict[str, str]
) -> None:
    """FTPOS's decision is not SOES's: SOES's plan is not decided, lists no FTPOS requests, and
    an FTPOS measure is no item there to replan."""
    from arshjul.config import load_cycle_config
    from arshjul.store.uow import UnitOfWork
    from arshjul.workflow.calendar import CycleCalendar
    from tests.two_bodies import two_bodies

    two = two_bodies(sector)
    sector.clock.set(at("2026-09-24 14:00"))
    decide(sector, reference="FI 2026/1234")
    replan.request(sector.uow(), sector.clock, OWNER, plan["drill"], date(2027, 9, 30), "Sent")
    soes = CycleCalendar(load_cycle_config(example="soes"), two.soes)
    in_soes = lambda: UnitOfWork(sector.engine, write=False, body=two.soes.id)  # noqa: E731
    assert plan_decision.decisions(in_soes(), 2027) == []
    assert replan.open_requests(in_soes(), COORDINATOR) == []
    report = build(in_soes(), soes, "plan", 2027, None, "sv")
    assert report.decision is None and report.decided_on.startswith("inte ännu")
    with pytest.raises(NotFound):
        replan.replan(
            UnitOfWork(sector.engine, body=two.soes.id),
            sector.clock,
            soes,
            COORDINATOR,
            plan["drill"],
            "x",
            replan.Change(due=date(2027, 9, 30)),
        )
    assert len(replan.open_requests(sector.uow(write=False), COORDINATOR)) == 1


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_a_measure_moves_to_another_goal_and_quarters_and_the_plan_prints_it_there(
    sector: Sector, plan: dict[str, str]
) -> None:
    """--goal gives it the goal's next number; --quarters may not run past its due date."""
    from arshjul.workflow import goals

    for title in ("Robust organisation", "Övning"):
        goals.add_goal(sector.uow(), sector.clock, COORDINATOR, 2027, title)
    sector.clock.set(at("2027-03-01 10:00"))
    with pytest.raises(BadInput, match="2027-Q3"):
        do_replan(sector, plan["drill"], quarters=("Q2,Q3",))  # due 2027-05-31
    done = do_replan(sector, plan["drill"], goal="2", quarters=("Q1,Q2",))
    assert done.changes == {"quarters": ("", "2027-Q1, 2027-Q2"), "goal": ("", "2a")}
    again = do_replan(sector, plan["drill"], goal="1")
    assert again.changes["goal"][1] == "1a"
    with sector.uow(write=False) as uow:
        actor = services.viewer(uow, COORDINATOR)
    report = build(sector.uow(write=False), sector.calendar, "plan", 2027, actor, "sv")
    [goal] = [g for g in report.parts.goals if g.number == 1]
    [row] = goal.rows
    assert (row.id, row.nr, row.quarters[:4]) == (plan["drill"], "1a", (True, True, False, False))
    services.audit(sector.uow(write=False))


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_two_requests_at_once_leave_one_open_request(sector: Sector, plan: dict[str, str]) -> None:
    """While one request's transaction holds the measure, another waits for it, then finds it
    open and is refused: never two open requests of one measure (PostgreSQL, READ COMMITTED)."""
    import threading
    import time

    from sqlalchemy import text as sql

    from arshjul.store import living as store
    from arshjul.store.uow import UnitOfWork

    item_id = plan["analysis"]
    sector.clock.set(at("2027-04-01 10:00"))
    outcome: dict[str, object] = {}

    def second() -> None:
        try:
            replan.request(sector.uow(), sector.clock, OWNER, item_id, date(2027, 9, 1), "B")
            outcome["made"] = True
        except Conflict as exc:
            outcome["refused"] = exc
        except Exception as exc:  # told to the test below, not lost with the thread
            outcome["failed"] = exc

    with UnitOfWork(sector.engine) as first:
        store.lock_item(first.connection, item_id)
        waiting = threading.Thread(target=second)
        waiting.start()
        deadline = time.monotonic() + 60
        waits = sql(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND datname = current_database()"
        )
        with sector.engine.connect() as watch:
            # Each look in a transaction of its own: one keeps its first view of the statistics.
            while not watch.execute(waits).scalar():
                watch.rollback()
                assert waiting.is_alive(), outcome
                assert time.monotonic() < deadline, "the second request never waited"
                time.sleep(0.02)
        store.add_request(
            first.connection, 1, item_id, OWNER, sector.clock.now(), date(2027, 8, 1), "A"
        )
        first.commit()
    waiting.join(timeout=60)
    assert "refused" in outcome and "made" not in outcome
    [open_one] = replan.open_requests(sector.uow(write=False), COORDINATOR)
    assert open_one.reason == "A"


def test_a_measure_cancelled_or_completed_closes_its_open_request(
    sector: Sector, plan: dict[str, str]
) -> None:
    """Cancelling a measure closes its owner's open request with the cancel's reason in the
    same transaction (chained, named by the cancel's row); it is no longer listed and cannot be
    answered, so no mail says a cancelled measure is "still due"; completing one does too."""
    from arshjul.store.living import REQUEST

    sector.clock.set(at("2027-04-01 10:00"))
    for key in ("drill", "analysis", "secret"):
        replan.request(
            sector.uow(), sector.clock, OWNER, plan[key], date(2027, 8, 31), "Underlaget dröjer"
        )
    sector.move("cancel", plan["drill"], plan["secret"], actor=COORDINATOR, note="Övningen utgår")
    sector.move("complete", plan["analysis"], actor=OWNER)
    assert replan.open_requests(sector.uow(write=False), COORDINATOR) == []
    with sector.engine.connect() as conn:
        answers = conn.execute(select(REQUEST.c.answer, REQUEST.c.answer_note)).all()
    assert sorted(answers, key=repr) == [*[("closed", "Övningen utgår")] * 2, ("closed", None)]
    for key in ("drill", "analysis"):
        for accept, note in ((False, "Nej"), (True, None)):
            with pytest.raises(ArshjulError):
                replan.answer(
                    sector.uow(), sector.clock, sector.calendar, COORDINATOR, plan[key],
                    accept=accept, note=note,
                )  # fmt: skip
    assert mail(sector, "replan_declined") == [] and mail(sector, "replanned") == []
    asking = mail(sector, "replan_requested")  # not sent yet: it would ask for an answer
    assert asking and all(m["failed_at"] is not None and m["sent_at"] is None for m in asking)
    [cancel] = [h for h in sector.show(plan["drill"])["history"] if h["event"] == "cancel"]  # type: ignore[union-attr]
    assert cancel["note"] == "Övningen utgår"
    services.audit(sector.uow(write=False))


def test_a_handover_closes_the_givers_open_request_and_tells_the_taker(
    sector: Sector, plan: dict[str, str]
) -> None:
    """The measure's open request by its leaving owner closes with the handover (noting it),
    in the same transaction; the new owner is told and may ask anew, and the old one that it
    closed; a later answer finds none open."""
    from arshjul.workflow import people

    sector.clock.set(at("2027-04-01 10:00"))
    item_id = plan["drill"]
    replan.request(sector.uow(), sector.clock, OWNER, item_id, date(2027, 8, 31), "Dröjer")
    done = people.handover(
        sector.uow(), sector.clock, COORDINATOR, OWNER, OTHER_OWNER, [item_id], "Slutar"
    )
    assert done.requests_closed == [item_id]
    assert replan.open_requests(sector.uow(write=False), COORDINATOR) == []
    with pytest.raises(NotFound):
        replan.answer(
            sector.uow(), sector.clock, sector.calendar, COORDINATOR, item_id, accept=True
        )
    told = {m["recipient"]: m["text"] for m in mail(sector, "handover")}
    assert "Begäran stängdes med överlämningen" in told[OTHER_OWNER]
    assert "2027-08-31" in told[OTHER_OWNER] and "stängdes med överlämningen" in told[OWNER]
    asked = replan.request(
        sector.uow(), sector.clock, OTHER_OWNER, item_id, date(2027, 9, 30), "Ny ägare"
    )
    assert asked.requested_by == OTHER_OWNER
    services.audit(sector.uow(write=False))
