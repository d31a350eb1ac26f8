"""The overlap page for coordinators: the pairs they see both items of, a mark form that
removes a pair and writes both items' history, and nothing for anyone else."""

from __future__ import annotations

import pytest
from flask import Flask

from arshjul.workflow import services
from tests.conftest import COORDINATOR, PROPOSER, Sector
from tests.two_bodies import KIM, LEA, TwoBodies, two_bodies
from tests.web.conftest import Mailbox, as_, database

SECRET = "Sekretessbelagd övning clearing"


@pytest.fixture
def two(sector: Sector) -> TwoBodies:
    return two_bodies(sector)


def _pairs(two: TwoBodies) -> dict[str, str]:
    """An open pair (FTPOS and SOES exercises on payments) and one whose FTPOS side is
    restricted to Sydbanken."""
    sector = two.sector
    return {
        "ours": sector.propose("Övning betalningar vid elavbrott", kind="exercise"),
        "theirs": two.propose("Betalningsövning vid elavbrott", kind="exercise"),
        "hidden": sector.propose(SECRET, kind="exercise", restricted_to=["Sydbanken AB"]),
        "secret": two.propose("Sekretessbelagd clearingövning", kind="exercise"),
    }


def test_a_coordinator_sees_the_pairs_they_see_both_items_of(
    web: Flask, mailbox: Mailbox, two: TwoBodies
) -> None:
    ids = _pairs(two)
    anna = as_(web, mailbox, COORDINATOR).get("/overlap/2027").text
    for item_id in ids.values():
        assert item_id in anna
    assert SECRET in anna and "samma typ (övning)" in anna and "Träff " in anna
    kim = as_(web, mailbox, KIM).get("/overlap/2027").text
    assert ids["ours"] in kim and ids["theirs"] in kim
    assert ids["hidden"] not in kim and SECRET not in kim and ids["secret"] not in kim
    lea = as_(web, mailbox, LEA).get("/overlap/2027").text
    assert "Inga möjliga överlapp i 2027" in lea
    assert not any(item_id in lea for item_id in ids.values())


def test_anyone_else_is_refused_the_page_and_the_form(
    web: Flask, mailbox: Mailbox, two: TwoBodies
) -> None:
    ids = _pairs(two)
    bo = as_(web, mailbox, PROPOSER)
    page = bo.get("/overlap/2027")
    assert page.status_code == 403 and ids["ours"] not in page.text
    kim = as_(web, mailbox, KIM)
    kim.get("/overlap/2027")
    before = database(two.sector)
    form = {"a": ids["ours"], "b": ids["theirs"], "note": "förfalskat"}
    assert bo.post("/overlap/2027/mark", form).status_code == 403
    forged = kim.post("/overlap/2027/mark", {"a": ids["hidden"], "b": ids["secret"], "note": "x"})
    assert forged.status_code == 404 and SECRET not in forged.text
    assert database(two.sector) == before


def test_marking_a_pair_removes_it_and_tells_both_histories(
    web: Flask, mailbox: Mailbox, two: TwoBodies
) -> None:
    ids = _pairs(two)
    kim = as_(web, mailbox, KIM)
    assert "Markera som samordnat" in kim.get("/overlap/2027").text
    empty = kim.post("/overlap/2027/mark", {"a": ids["ours"], "b": ids["theirs"], "note": " "})
    assert empty.status_code == 303
    assert "Kommentaren" in kim.get("/overlap/2027").text  # said on the page; nothing written
    assert two.pairs(KIM) and two.pairs(KIM)[0].coordinated is None
    done = kim.post(
        "/overlap/2027/mark", {"a": ids["theirs"], "b": ids["ours"], "note": "FTPOS leder"}
    )
    assert done.headers["Location"] == "/overlap/2027"
    page = kim.get("/overlap/2027").text
    assert f"{ids['ours']} och {ids['theirs']} markerade som samordnade" in page
    assert "Markera som samordnat" not in page
    settled = kim.get("/overlap/2027?all=1").text
    assert ids["ours"] in settled and "FTPOS leder" in settled and KIM in settled
    item = as_(web, mailbox, COORDINATOR).get(f"/items/{ids['ours']}").text
    assert "Samordnat med ett annat samverkansorgan" in item
    assert f"{ids['theirs']}: FTPOS leder" in item
    with two.uow(write=False) as uow:
        assert uow.repo.history(ids["theirs"])[-1]["note"] == f"{ids['ours']}: FTPOS leder"
    services.audit(two.sector.uow(write=False))
