"""Escalation by kind of organisation: taking part is voluntary for companies and associations
("Deltagande i FTPOS är frivilligt"), so by default only an authority's owner has their overdue
notices copied to their manager; `[escalation] kinds` says otherwise. Read from the outbox."""

from __future__ import annotations

from datetime import date

import pytest

from arshjul.config import config_from_text
from arshjul.store import outbox
from arshjul.workflow import services, ticker
from arshjul.workflow.calendar import CycleCalendar
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at

#: The mail, not the store, is what is tested: SQLite is enough.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

FI_OWNER = "eva@fi.se"  # owns a measure for an authority; her manager is FI's decider
BANK_MANAGER = "chef@nordbanken.se"  # Olle's manager, at a company


@pytest.fixture(params=["default", "companies too"])
def calendar(request: pytest.FixtureRequest) -> CycleCalendar:
    text = "" if request.param == "default" else '[escalation]\nkinds = ["authority", "company"]\n'
    return CycleCalendar(config_from_text(text, f"{request.param}.toml"))


def _overdue_mail(sector: Sector) -> dict[str, list[str]]:
    """A bank's measure and FI's, both a day overdue: the outbox's overdue subjects by reader."""
    services.add_person(
        sector.uow(), sector.clock, COORDINATOR, FI_OWNER, "Eva", "Finansinspektionen", ["owner"]
    )
    services.add_person(
        sector.uow(), sector.clock, COORDINATOR, BANK_MANAGER, "Chefen", "Nordbanken AB", ["owner"]
    )
    services.set_preferences(sector.uow(), COORDINATOR, FI_OWNER, manager=DECIDER)
    services.set_preferences(sector.uow(), COORDINATOR, OWNER, manager=BANK_MANAGER)
    ticker.start(sector.engine, sector.clock)
    bank, fi = sector.propose("Bankens övning"), sector.propose("FI:s övning")
    sector.clock.set(at("2026-04-14 10:00"))
    sector.move("prioritise", bank, fi, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    due = date(2027, 3, 15)
    sector.move("decide", bank, actor=DECIDER, owner=OWNER, due=due)
    sector.move("decide", fi, actor=DECIDER, owner=FI_OWNER, due=due)
    sector.clock.set(at("2027-03-16 08:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar)
    with sector.uow(write=False) as uow:
        rows = outbox.messages(uow.connection, limit=1000)
    told: dict[str, list[str]] = {}
    for row in rows:
        told.setdefault(row["recipient"], []).append(f"{row['kind']}: {row['subject']}")
    return {email: sorted(kinds) for email, kinds in told.items()}


def test_only_the_kinds_that_escalate_reach_a_manager_with_an_overdue_notice(
    sector: Sector,
) -> None:
    """Owners and coordinators get every overdue notice; an authority's manager a copy; a
    company's manager one only when the configuration names companies."""
    told = _overdue_mail(sector)
    bank, fi = "2027-001", "2027-002"
    for reader, item in ((OWNER, bank), (FI_OWNER, fi), (COORDINATOR, bank), (COORDINATOR, fi)):
        assert f"overdue: Försenad: {item} skulle ha varit klar 2027-03-15" in told[reader]
    assert f"overdue: Kopia: Försenad: {fi} skulle ha varit klar 2027-03-15" in told[DECIDER]
    bank_copy = f"overdue: Kopia: Försenad: {bank} skulle ha varit klar 2027-03-15"
    escalates = "company" in sector.calendar.config.escalation
    assert (bank_copy in told[BANK_MANAGER]) is escalates
    # Voluntary is not unseen: the company's manager still hears of the assignment.
    assert f"assigned: Kopia: Ni är ägare av åtgärden {bank}" in told[BANK_MANAGER]
    assert not [m for m in told.get(PROPOSER, []) if m.startswith("overdue")]
