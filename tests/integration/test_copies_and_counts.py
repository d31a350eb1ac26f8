"""What a message says to whom: a manager's copy never carries an item the manager may not see,
and a bundle counts items, not the changes to them. Read from the outbox."""

from __future__ import annotations

from datetime import date

import pytest

from arshjul.store import outbox
from arshjul.workflow import services, ticker
from tests.conftest import COORDINATOR, DECIDER, Sector, at

#: The mail, not the store, is what is tested: SQLite is enough.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

AUTHORITY_OWNER = "tea@myndigheten.se"  # owns a bank's restricted measure
AUTHORITY_MANAGER = "chef@myndigheten.se"  # her manager: outside the measure's need-to-know


def _mail(sector: Sector) -> list[dict[str, str]]:
    with sector.uow(write=False) as uow:
        return [dict(row) for row in outbox.messages(uow.connection, limit=1000)]


def test_a_manager_outside_the_need_to_know_gets_no_copy_about_the_item(sector: Sector) -> None:
    """An owner may see a restricted measure their manager may not: the manager is copied
    neither its assignment nor its overdue notice (which would tell its due date and owner)."""
    uow, clock = sector.uow, sector.clock
    services.add_org(uow(), clock, COORDINATOR, "Myndigheten", "authority")
    for email, roles in ((AUTHORITY_OWNER, ["owner"]), (AUTHORITY_MANAGER, ["owner"])):
        services.add_person(uow(), clock, COORDINATOR, email, email[:4], "Myndigheten", roles)
    services.set_preferences(uow(), COORDINATOR, AUTHORITY_OWNER, manager=AUTHORITY_MANAGER)
    ticker.start(sector.engine, clock)
    secret = sector.propose("Hemlig övning", restricted_to=["Nordbanken AB"])
    clock.set(at("2026-04-14 10:00"))
    sector.move("prioritise", secret, actor=COORDINATOR)
    clock.set(at("2026-08-12 10:00"))
    sector.move("decide", secret, actor=DECIDER, owner=AUTHORITY_OWNER, due=date(2027, 3, 15))
    clock.set(at("2027-03-16 08:00"))
    ticker.tick(sector.engine, clock, sector.calendar)
    mail = _mail(sector)
    to_owner = {row["kind"] for row in mail if row["recipient"] == AUTHORITY_OWNER}
    assert {"assigned", "overdue"} <= to_owner  # the owner herself sees it all
    to_manager = [row for row in mail if row["recipient"] == AUTHORITY_MANAGER]
    assert not [row["subject"] for row in to_manager if secret in row["subject"] + row["text"]]
    assert not [row["subject"] for row in mail if "None" in row["text"]]


def test_a_bundle_counts_items_not_the_changes_to_them(sector: Sector) -> None:
    """A proposer who becomes the owner of their own proposal hears of the move and the
    assignment in one message about one item, not "2 of your items"."""
    services.add_person(
        sector.uow(),
        sector.clock,
        COORDINATOR,
        "ulf@nordbanken.se",
        "Ulf",
        "Nordbanken AB",
        ["proposer", "owner"],
    )
    item = sector.propose(actor="ulf@nordbanken.se")
    sector.clock.set(at("2026-04-14 10:00"))
    sector.move("prioritise", item, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", item, actor=DECIDER, owner="ulf@nordbanken.se", due=date(2027, 3, 15))
    [changes] = [
        row
        for row in _mail(sector)
        if row["recipient"] == "ulf@nordbanken.se" and row["kind"] == "changes"
    ]
    assert changes["subject"].startswith("1 av era ärenden"), changes["subject"]
