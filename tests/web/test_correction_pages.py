"""Reinstating and cancelling from FI's board through Flask's test client: a form with a
required reason, posted through the same service as the command line."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from arshjul.workflow import ticker
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at
from tests.web.conftest import Mailbox, as_

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def left_out(sector: Sector) -> str:
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("deprioritise", item_id, actor=COORDINATOR, note="Av misstag")
    return item_id


def decided(sector: Sector) -> str:
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-20 10:00"))
    sector.move("decide", item_id, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    return item_id


@sqlite_only
def test_a_coordinator_reinstates_from_the_board_with_a_reason(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Återinsätt on a proposal deprioritised and carried into 2028: without a reason it is told
    and nothing changes; with one the proposal is back, its copy withdrawn and both said, the
    history says why, the proposer is told."""
    ticker.start(sector.engine, sector.clock)
    item_id = left_out(sector)
    sector.clock.set(at("2027-01-01 00:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar)  # the carry-over
    copy = sector.show(item_id)["carried_to"]
    sector.clock.set(at("2027-01-12 10:00"))
    anna = as_(web, mailbox, COORDINATOR)
    page = anna.get("/board?cycle=2027").text
    assert f'action="/items/{item_id}/reinstate"' in page and "Återinsätt" in page
    anna.post(f"/items/{item_id}/reinstate", {"note": "", "next": "/board?cycle=2027"})
    assert "det krävs för att återinsätta ett förslag" in anna.get("/board?cycle=2027").text
    assert sector.show(item_id)["state"] == "deprioritised"
    anna.post(f"/items/{item_id}/reinstate", {"note": "Fel av oss", "next": "/board?cycle=2027"})
    page = anna.get("/board?cycle=2027").text
    assert f"den överförda kopian {copy} togs tillbaka" in page
    shown = sector.show(item_id)
    assert (shown["state"], sector.show(str(copy))["state"]) == ("proposed", "withdrawn")
    assert "Fel av oss" in shown["history"][-1]["note"]  # type: ignore[index]
    assert [m["X-Arshjul-Kind"] for m in mailbox.messages(PROPOSER)][-1] == "changes"


@sqlite_only
def test_a_decider_cancels_a_measure_from_the_board_and_its_owner_is_told(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Avbryt on a decided measure, with a reason: it ends cancelled, and its owner reads why."""
    item_id = decided(sector)
    chef = as_(web, mailbox, DECIDER)
    page = chef.get("/board").text
    assert f'action="/items/{item_id}/cancel"' in page and "Avbryt" in page
    chef.post(f"/items/{item_id}/cancel", {"note": "Ersatt av en annan övning", "next": "/board"})
    assert sector.show(item_id)["state"] == "cancelled"
    told = mailbox.messages(OWNER)[-1]
    assert "Ersatt av en annan övning" in mailbox.text(told)
    assert "Avbrutna" in chef.get("/board").text  # its column


@sqlite_only
def test_nobody_but_a_coordinator_is_offered_or_may_post_a_reinstatement(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """The decider's board offers no Återinsätt; a forged form is refused, as is an owner's
    forged cancellation; nothing changes."""
    item_id, measure = sector.propose("Ett"), sector.propose("Två")
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("deprioritise", item_id, actor=COORDINATOR, note="Nej")
    sector.move("prioritise", measure, actor=COORDINATOR)
    sector.clock.set(at("2026-08-20 10:00"))
    sector.move("decide", measure, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    chef = as_(web, mailbox, DECIDER)
    assert f"/items/{item_id}/reinstate" not in chef.get("/board").text
    forged = chef.post(f"/items/{item_id}/reinstate", {"note": "Ändå"})
    assert forged.status_code == 403 and sector.show(item_id)["state"] == "deprioritised"
    olle = as_(web, mailbox, OWNER)
    forged = olle.post(f"/items/{measure}/cancel", {"note": "Orkar inte"})
    assert forged.status_code == 403 and sector.show(measure)["state"] == "decided"
