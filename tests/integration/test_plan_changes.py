"""Goals, indicators, running activities and risks edited and retired with a reason, keeping what
they were; recurring activities reminded, followed up and reported done, on the real store."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, update

from arshjul.errors import ArshjulError, BadInput, NotAllowed, Refused
from arshjul.store import history
from arshjul.store import plan as plan_store
from arshjul.store.outbox import OUTBOX
from arshjul.store.tables_plan import RiskRow
from arshjul.workflow import activity_recurrence, goals, plan_changes, risks, services, ticker
from tests.conftest import (
    COORDINATOR,
    DECIDER,
    OTHER_PROPOSER,
    OWNER,
    PROPOSER,
    REFERENCE,
    Sector,
    at,
)

YEAR = 2026


@pytest.fixture
def council(sector: Sector) -> Sector:
    """The sector with a goal, an indicator, a running activity and a risk of 2026, and the
    function MO led by the owner."""
    c, clock = sector, sector.clock
    goals.add_function(c.uow(), clock, COORDINATOR, "MO", "Middle office", OWNER)
    goals.add_goal(c.uow(), clock, COORDINATOR, YEAR, "Robust organisation")
    goals.add_goal(c.uow(), clock, COORDINATOR, YEAR, "Hållbarhet")
    checked = goals.clean_indicator("Inga avvikelser", target="0", better="lower")
    goals.add_indicator(c.uow(), clock, COORDINATOR, YEAR, "1", checked)
    goals.add_activity(c.uow(), clock, COORDINATOR, YEAR, "Kompetensutveckling", "MO", "2")
    risks.add_risk(c.uow(), clock, COORDINATOR, _risk(), "MO")
    return sector


def _risk(deadline: str = "2026-06-30") -> Any:
    return risks.clean_risk(
        YEAR,
        "Betalningar utan dualitet",
        "MO",
        action_level=1,
        probability=2,
        consequence=4,
        action="Inför dualitet",
        deadline=deadline,
    )


def _chain(sector: Sector, kind: str) -> list[dict[str, Any]]:
    with sector.engine.connect() as conn:
        rows = conn.execute(
            select(history.HISTORY)
            .where(history.HISTORY.c.subject_kind == kind)
            .order_by(history.HISTORY.c.seq)
        ).mappings()
        return [dict(r) for r in rows]


def _audit(sector: Sector) -> int:
    return services.audit(sector.uow(write=False), None).count


def test_an_edit_keeps_what_was_before_in_the_chain(council: Sector) -> None:
    """goal, indicator, activity and risk set: each a history row with the reason and the
    fields before and after (a risk's record before holds it whole); `audit verify` holds."""
    c, clock = council, council.clock
    changed = plan_changes.set_goal(
        c.uow(), clock, COORDINATOR, YEAR, "1", reason="Stavfel", title="Robust och säker"
    )
    assert changed.before == {"title": "Robust organisation"}
    plan_changes.set_indicator(
        c.uow(), clock, COORDINATOR, YEAR, "1", 1, reason="Ny nivå", target="1"
    )
    plan_changes.set_activity(
        c.uow(), clock, COORDINATOR, YEAR, "2a", reason="Kortare", title="Kompetens"
    )
    plan_changes.set_risk(
        c.uow(), clock, COORDINATOR, YEAR, 1, reason="Flyttad", deadline="2026-09-30"
    )
    [goal_row] = _chain(c, "goal")
    assert (goal_row["event"], goal_row["note"], goal_row["actor"]) == (
        "goal_edit",
        "Stavfel",
        COORDINATOR,
    )
    assert json.loads(goal_row["data"]) == {
        "plan_year": YEAR,
        "before": {"title": "Robust organisation"},
        "after": {"title": "Robust och säker"},
    }
    [indicator_row] = _chain(c, "indicator")
    assert json.loads(indicator_row["data"])["before"] == {"target": 0.0}
    [activity_row] = _chain(c, "activity")
    assert json.loads(activity_row["data"])["after"] == {"title": "Kompetens"}
    added, edited = _chain(c, "risk")
    assert (edited["event"], edited["note"]) == ("risk_edit", "Flyttad")
    assert json.loads(added["data"])["deadline"] == "2026-06-30"
    assert json.loads(edited["data"])["deadline"] == "2026-09-30"
    [goal] = goals.goals(c.uow(write=False), YEAR)[:1]
    assert goal.title == "Robust och säker"
    assert _told(c, "plan_changed") == [OWNER, OWNER]  # MO's head: the activity, the risk
    assert _audit(c) > 0


def _no_reason_nor_change(council: Sector) -> None:
    """An edit without a reason, or that changes nothing, is refused and leaves no row."""
    c, clock = council, council.clock
    before = _audit(c)
    with pytest.raises(Refused, match="skäl"):
        plan_changes.set_goal(c.uow(), clock, COORDINATOR, YEAR, "1", reason=" ", title="X")
    with pytest.raises(BadInput):
        plan_changes.set_goal(
            c.uow(), clock, COORDINATOR, YEAR, "1", reason="r", title="Robust organisation"
        )
    with pytest.raises(BadInput):
        plan_changes.set_goal(c.uow(), clock, COORDINATOR, YEAR, "1", reason="r", number="2")
    assert _audit(c) == before


CHANGES: dict[str, Callable[[Sector, str], object]] = {
    "goal set": lambda c, who: plan_changes.set_goal(
        c.uow(), c.clock, who, YEAR, "1", reason="r", title="X"
    ),
    "goal retire": lambda c, who: plan_changes.retire_goal(
        c.uow(), c.clock, who, YEAR, "1", reason="r"
    ),
    "indicator set": lambda c, who: plan_changes.set_indicator(
        c.uow(), c.clock, who, YEAR, "1", 1, reason="r", name="X"
    ),
    "indicator retire": lambda c, who: plan_changes.retire_indicator(
        c.uow(), c.clock, who, YEAR, "1", 1, reason="r"
    ),
    "activity set": lambda c, who: plan_changes.set_activity(
        c.uow(), c.clock, who, YEAR, "2a", reason="r", title="X"
    ),
    "activity retire": lambda c, who: plan_changes.retire_activity(
        c.uow(), c.clock, who, YEAR, "2a", reason="r"
    ),
    "risk set": lambda c, who: plan_changes.set_risk(
        c.uow(), c.clock, who, YEAR, 1, reason="r", action="X"
    ),
    "risk retire": lambda c, who: plan_changes.retire_risk(
        c.uow(), c.clock, who, YEAR, 1, reason="r"
    ),
}


def test_only_a_coordinator_edits_or_retires(council: Sector) -> None:
    """Every edit and retirement, by every other role (decider, proposer, owner, reference),
    is refused and writes nothing; so is one without a reason, or that changes nothing."""
    _no_reason_nor_change(council)
    before = _audit(council)
    for command, change in CHANGES.items():
        for who in (DECIDER, PROPOSER, OWNER, OTHER_PROPOSER, REFERENCE):
            with pytest.raises(NotAllowed):
                change(council, who)
            assert _audit(council) == before, (command, who)


def test_a_goal_is_retired_only_when_nothing_runs_under_it(council: Sector) -> None:
    """Refused while a current activity is under it; then retired, hidden from the goals as
    they are, listed marked with --all, and nothing new goes under it."""
    c, clock = council, council.clock
    with pytest.raises(Refused, match="2a"):
        plan_changes.retire_goal(c.uow(), clock, COORDINATOR, YEAR, "2", reason="Ersatt")
    plan_changes.retire_activity(c.uow(), clock, COORDINATOR, YEAR, "2a", reason="Klar")
    changed = plan_changes.retire_goal(c.uow(), clock, COORDINATOR, YEAR, "2", reason="Ersatt")
    assert changed.after == {"retired": True}
    assert [g.number for g in goals.goals(c.uow(write=False), YEAR)] == [1]
    every = goals.goals(c.uow(write=False), YEAR, retired=True)
    assert every[1].retired is not None and every[1].retired.reason == "Ersatt"
    assert goals.activities(c.uow(write=False), YEAR) == []
    with pytest.raises(Refused):
        goals.add_activity(c.uow(), clock, COORDINATOR, YEAR, "Ny", "MO", "2")
    with pytest.raises(Refused):
        plan_changes.retire_goal(c.uow(), clock, COORDINATOR, YEAR, "2", reason="Igen")
    assert [r["event"] for r in _chain(c, "goal")] == ["goal_retire"]
    _audit(c)


def _ticker(sector: Sector, subject: str) -> Callable[[str], list[tuple[str, str, str | None]]]:
    def tick(moment: str) -> list[tuple[str, str, str | None]]:
        sector.clock.set(at(moment))
        fired = ticker.tick(sector.engine, sector.clock, sector.calendar, instance="test")
        return [(f.kind, f.detail, f.void) for f in fired if f.subject == subject]

    return tick


def _told(sector: Sector, kind: str) -> list[str]:
    with sector.engine.connect() as conn:
        query = select(OUTBOX.c.recipient).where(OUTBOX.c.kind == kind).order_by(OUTBOX.c.id)
        return list(conn.execute(query).scalars())


def test_a_risk_moved_is_reminded_of_its_new_date_and_a_retired_one_no_more(
    council: Sector,
) -> None:
    """A new date forgets what was planned for the old one and plans the new one's; once the
    risk is retired, what was planned fires void and tells nobody, it is not assessed, and its
    retirement is bound to the chain (a retired indicator's outcome is not recorded either)."""
    c = council
    c.clock.set(at("2026-01-01 00:00"))
    ticker.start(c.engine, c.clock)
    [found] = risks.risks(c.uow(write=False), YEAR)
    tick = _ticker(c, f"R{found.id}")
    assert tick("2026-06-16 08:00") == [("risk_reminder", "14", None)]
    assert _told(c, "risk_reminder") == [OWNER]
    plan_changes.set_risk(
        c.uow(), c.clock, COORDINATOR, YEAR, 1, reason="Försenad", deadline="2026-07-31"
    )
    assert tick("2026-07-01 08:00") == []  # the old date's are gone
    assert tick("2026-07-17 08:00") == [("risk_reminder", "14", None)]
    plan_changes.retire_risk(c.uow(), c.clock, COORDINATOR, YEAR, 1, reason="Borta")
    assert _told(c, "plan_changed") == [OWNER, OWNER]
    assert tick("2026-07-28 08:00") == [("risk_reminder", "3", "retired")]
    assert tick("2026-08-03 08:00") == [("risk_overdue", "1", "retired")]
    assert _told(c, "risk_reminder") == [OWNER, OWNER] and _told(c, "risk_overdue") == []
    with pytest.raises(Refused):
        risks.assess_risk(c.uow(), c.clock, COORDINATOR, YEAR, 1, probability=1, consequence=1)
    plan_changes.retire_indicator(c.uow(), c.clock, COORDINATOR, YEAR, "1", 1, reason="Ersatt")
    with pytest.raises(Refused):
        goals.record_outcome(
            c.uow(), c.clock, COORDINATOR, YEAR, "1", value="0", period="2026", indicator=1
        )
    _audit(c)
    with c.engine.begin() as conn:  # the retirement is bound to the chain
        conn.execute(update(RiskRow.__table__).values(retired_reason="Något annat"))  # type: ignore[attr-defined]
    with pytest.raises(ArshjulError, match="retired_reason"):
        _audit(c)


def test_a_recurring_activity_is_reminded_and_followed_up_each_year(council: Sector) -> None:
    """--every year --on "P 03-31": each occurrence reminded 14 and 3 days before, followed up
    after until reported done, each event once; the next year's occurrence too."""
    c = council
    c.clock.set(at("2026-01-01 00:00"))
    ticker.start(c.engine, c.clock)
    added = goals.add_activity(
        c.uow(), c.clock, COORDINATOR, YEAR, "CO2-screening", "MO", every="year", on="P 03-31"
    )
    nr = added.nr
    assert (nr, added.every, added.on) == ("L2", "year", "P 03-31")
    with c.uow(write=False) as uow:
        activity_id = plan_store.activity_record(uow.connection, YEAR, nr)["id"]
    tick = _ticker(c, f"A{activity_id}-2026")
    assert tick("2026-03-17 07:59") == []
    assert tick("2026-03-17 08:00") == [("activity_reminder", "14", None)]
    assert tick("2026-03-17 08:00") == []  # fired once
    assert tick("2026-03-27 08:00") == [("activity_reminder", "3", None)]  # the 28th: Saturday
    assert tick("2026-04-01 08:00") == [("activity_overdue", "1", None)]
    assert _told(c, "activity_reminder") == [OWNER, OWNER]
    assert sorted(_told(c, "activity_overdue")) == sorted([OWNER, COORDINATOR])
    c.clock.set(at("2026-04-02 10:00"))
    _, done = activity_recurrence.report_done(
        c.uow(), c.clock, c.calendar, OWNER, YEAR, nr, note="Screening klar"
    )
    assert (done.year, done.due.isoformat(), done.done_on.isoformat()) == (  # type: ignore[union-attr]
        2026,
        "2026-03-31",
        "2026-04-02",
    )
    assert tick("2026-04-08 08:00") == [("activity_overdue", "2", "done")]
    assert len(_told(c, "activity_overdue")) == 2
    next_year = _ticker(c, f"A{activity_id}-2027")
    assert next_year("2027-03-17 08:00") == [("activity_reminder", "14", None)]
    with pytest.raises(Refused):
        activity_recurrence.report_done(c.uow(), c.clock, c.calendar, OWNER, YEAR, nr, year=2026)
    for who in (DECIDER, PROPOSER, OTHER_PROPOSER, REFERENCE):  # not MO's head, nor coordinators
        with pytest.raises(NotAllowed):
            activity_recurrence.report_done(c.uow(), c.clock, c.calendar, who, YEAR, nr)
    plan_changes.retire_activity(c.uow(), c.clock, COORDINATOR, YEAR, nr, reason="Upphör")
    assert next_year("2027-03-25 08:00") == [("activity_reminder", "3", "retired")]  # Good Friday
    assert next_year("2027-04-01 08:00") == [("activity_overdue", "1", "retired")]
    [listed] = [a for a in goals.activities(c.uow(write=False), YEAR, retired=True) if a.nr == nr]
    assert [o.year for o in listed.occurrences] == [2026] and listed.retired is not None
    _audit(c)


@pytest.mark.parametrize(
    ("every", "on", "key"),
    [(None, "31 mars", "bad_recur_on"), ("year", None, "recur_needs_on"), ("week", "P 03-31", "")],
)
def test_a_recurrence_that_does_not_parse_is_refused(
    every: str | None, on: str | None, key: str
) -> None:
    """A day not relative to the plan year, --every without --on, an unknown interval."""
    with pytest.raises(BadInput) as caught:
        goals.recurrence(every, on)
    assert not key or caught.value.key == key
    assert goals.recurrence(None, " P 03-31") == ("year", "P 03-31")


def _mail_to(sector: Sector, kind: str) -> dict[str, str]:
    with sector.engine.connect() as conn:
        query = select(OUTBOX.c.recipient, OUTBOX.c.text).where(OUTBOX.c.kind == kind)
        return {recipient: text for recipient, text in conn.execute(query)}


def test_the_one_replaced_is_told_they_no_longer_answer_and_fields_are_in_their_language(
    council: Sector,
) -> None:
    """A risk given to someone else: the head of MO, who answered for it, reads that he no longer
    does (in English, his language), the new one that she does; each reads the fields in their
    language, a kind of deadline and its date as one line."""
    c, clock = council, council.clock
    services.set_preferences(c.uow(), COORDINATOR, OWNER, lang="en")
    plan_changes.set_risk(
        c.uow(), clock, COORDINATOR, YEAR, 1, reason="Ny ansvarig", responsible_text=DECIDER,
        action_level=2, deadline="vid behov",
    )  # fmt: skip
    told = _mail_to(c, "plan_changed")
    assert "which you no longer answer for:" in told[OWNER]
    assert "which you answer for" not in told[OWNER]
    for line in (
        "responsible: MO → chef@fi.se",
        "action level: 1 → 2",
        "deadline: 2026-06-30 → As needed",
    ):
        assert line in told[OWNER], told[OWNER]
    assert "som du ansvarar för:" in told[DECIDER]
    for line in ("ansvarig: MO → chef@fi.se", "tidpunkt: 2026-06-30 → Vid behov"):
        assert line in told[DECIDER], told[DECIDER]
    for text in told.values():
        assert "deadline_kind" not in text and "as_needed" not in text
