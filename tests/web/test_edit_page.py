"""The "Ändra" form on a proposer's item: offered by `edit`'s rules, filled in with what the
proposal says now, posted through the same service; a forged post is refused."""

from __future__ import annotations

import html

import pytest
from flask import Flask

from tests.conftest import COORDINATOR, OTHER_PROPOSER, PROPOSER, Sector, at
from tests.web.conftest import Mailbox, as_

#: The page's logic is the same on either store: SQLite only (the suite is slow enough).
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_the_proposer_edits_a_proposal_through_a_filled_in_form(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo is offered Ändra; the form holds the proposal's text; saving changes it, the history
    names what changed, and the coordinator is mailed."""
    item_id = sector.propose("Övning: kontanter vid elavrbott", description="Ett dygn")
    bo = as_(web, mailbox, PROPOSER)
    page = bo.get(f"/items/{item_id}").text
    assert f'href="/items/{item_id}/edit"' in page and "Ändra förslaget" in page
    form = html.unescape(bo.get(f"/items/{item_id}/edit").text)
    assert 'value="Övning: kontanter vid elavrbott"' in form and ">Ett dygn</textarea>" in form
    response = bo.post(
        f"/items/{item_id}/edit",
        {
            "title": "Övning: kontanter vid elavbrott",
            "description": "Ett dygn",
            "kind": "exercise",
            "reason": "Stavfel",
            "version": "1",
        },
    )
    assert response.status_code == 303
    after = html.unescape(bo.get(response.headers["Location"]).text)
    assert "är ändrat: rubrik, typ" in after and "Stavfel · rubrik, typ" in after
    shown = sector.show(item_id)
    assert (shown["title"], shown["kind"]) == ("Övning: kontanter vid elavbrott", "exercise")
    assert [m["X-Arshjul-Kind"] for m in mailbox.messages(COORDINATOR)][-1] == "edited"


def test_a_bad_edit_is_told_on_the_form_and_changes_nothing(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """An empty title, or nothing changed, is said on the form (400) with what was typed."""
    item_id = sector.propose("Övning")
    bo = as_(web, mailbox, PROPOSER)
    bo.get(f"/items/{item_id}/edit")
    for form, said in (
        ({"title": " ", "description": "Text"}, "Rubriken"),
        ({"title": "Övning", "description": ""}, "inget ändrat"),
    ):
        response = bo.post(f"/items/{item_id}/edit", {**form, "kind": "other", "version": "1"})
        assert response.status_code == 400 and said in html.unescape(response.text)
    assert sector.show(item_id)["version"] == 1


def test_a_forged_edit_by_another_organisation_is_refused(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Pia (Sydbanken) is offered nothing, and her forged form and a coordinator's are 403."""
    item_id = sector.propose("Nordbankens förslag")
    for who in (OTHER_PROPOSER, COORDINATOR):
        visitor = as_(web, mailbox, who)
        assert f"/items/{item_id}/edit" not in visitor.get(f"/items/{item_id}").text
        assert visitor.get(f"/items/{item_id}/edit").status_code == 403
        forged = visitor.post(f"/items/{item_id}/edit", {"title": "Kapad", "kind": "other"})
        assert forged.status_code == 403
    assert sector.show(item_id)["title"] == "Nordbankens förslag"


def test_a_prioritised_proposal_offers_no_edit(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Once prioritised, Bo is offered no Ändra, and a forged form names the state."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    bo = as_(web, mailbox, PROPOSER)
    assert "/edit" not in bo.get(f"/items/{item_id}").text
    forged = bo.post(f"/items/{item_id}/edit", {"title": "För sent", "kind": "other"})
    assert forged.status_code == 400 and "prioriterad" in html.unescape(forged.text)
    assert sector.show(item_id)["title"] != "För sent"
