"""The living plan on the page: replan from the board, ask for a new date from one's measures,
answer the request from the board; the same checks as the command line."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at
from tests.web.conftest import Mailbox, as_, plan_2027


def kinds_to(mailbox: Mailbox, email: str) -> list[str]:
    return [str(m["X-Arshjul-Kind"]) for m in mailbox.messages(email)]


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the store is covered by the tests on both
def test_a_coordinator_and_a_decider_replan_from_the_board_and_the_owner_is_told(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """ "Planera om" on the board's decided measures: a new date with a reason; without a reason
    it is refused in words; the owner may not replan (a forged form is refused)."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-03-01 09:00"))
    olle = as_(web, mailbox, OWNER)
    forged = olle.post(f"/items/{ids['june']}/replan", {"due": "2027-09-30", "reason": "Sent"})
    assert forged.status_code == 403 and sector.show(ids["june"])["due"] == "2027-06-30"
    anna = as_(web, mailbox, COORDINATOR)
    page = anna.get("/board?cycle=2027").text
    assert f'action="/items/{ids["june"]}/replan"' in page and "Planera om" in page
    anna.post(f"/items/{ids['june']}/replan", {"due": "2027-09-30", "next": "/board"})
    assert "krävs för att planera om" in anna.get("/board?cycle=2027").text
    response = anna.post(
        f"/items/{ids['june']}/replan",
        {"due": "2027-09-30", "reason": "Leverantören är sen", "next": "/board"},
    )
    assert response.status_code == 303
    assert sector.show(ids["june"])["due"] == "2027-09-30"
    assert "replanned" in kinds_to(mailbox, OWNER)
    chef = as_(web, mailbox, DECIDER)
    assert f'action="/items/{ids["december"]}/replan"' in chef.get(f"/items/{ids['december']}").text


def test_an_owner_asks_for_a_new_date_and_a_coordinator_answers_on_the_board(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """ "Be om nytt datum" on the owner's measures; the coordinator sees the open request on the
    board and accepts it; a proposer's forged request is refused."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-03-01 09:00"))
    bo = as_(web, mailbox, PROPOSER)
    assert (
        bo.post(f"/items/{ids['june']}/ask", {"due": "2027-08-31", "reason": "x"}).status_code
        == 403
    )
    olle = as_(web, mailbox, OWNER)
    page = olle.get("/measures").text
    assert f'action="/items/{ids["june"]}/ask"' in page and "Be om nytt datum" in page
    item_page = olle.get(f"/items/{ids['june']}").text
    assert f'action="/items/{ids["june"]}/ask"' in item_page
    assert f'action="/items/{ids["june"]}/replan"' not in item_page
    olle.post(
        f"/items/{ids['june']}/ask",
        {"due": "2027-08-31", "reason": "Underlaget dröjer", "next": "/measures"},
    )
    page = olle.get("/measures").text
    assert "Du har bett om nytt datum (2027-08-31)" in page
    assert f'action="/items/{ids["june"]}/ask"' not in page
    assert "replan_requested" in kinds_to(mailbox, COORDINATOR)
    anna = as_(web, mailbox, COORDINATOR)
    board = anna.get("/board?cycle=2027").text
    assert "Begäranden om nytt datum" in board and "Underlaget dröjer" in board
    assert f'action="/items/{ids["june"]}/answer"' in anna.get(f"/items/{ids['june']}").text
    anna.post(f"/items/{ids['june']}/answer", {"answer": "accept", "next": "/board"})
    assert sector.show(ids["june"])["due"] == "2027-08-31"
    assert "Underlaget dröjer" not in anna.get("/board?cycle=2027").text
    assert "replanned" in kinds_to(mailbox, OWNER)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the store is covered elsewhere
def test_a_plan_decided_as_a_whole_is_everyones_to_download_with_its_decision(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Before the decision phase is over the plan is FI's working paper; once FI management
    has decided it as a whole, a proposer downloads it, its decision line and changes in it."""
    from arshjul.workflow.plan_decision import decide_plan

    plan_2027(sector)
    bo = as_(web, mailbox, PROPOSER)
    assert bo.get("/reports/plan-2027.md").status_code == 403
    sector.clock.set(at("2026-09-02 10:00"))
    decide_plan(sector.uow(), sector.clock, sector.calendar, DECIDER, 2027, reference="FI 2026/9")
    bo = as_(web, mailbox, PROPOSER)  # signed in anew: a fortnight later
    shown = bo.get("/reports/plan-2027.md")
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert "Beslutad: 2026-09-02 av chef@fi.se (diarienummer FI 2026/9)" in text
    assert "## Ändringar sedan beslut" in text
