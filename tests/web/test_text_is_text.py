"""What a title cannot hide, and what a refusal cannot tell: bidi and invisible characters
refused on the form, a restricted item refused with the same database work as a missing one."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from arshjul.errors import NotFound
from arshjul.workflow import services
from tests.conftest import COORDINATOR, OTHER_PROPOSER, PROPOSER, Sector
from tests.web.conftest import Mailbox, as_


@contextmanager
def statements(sector: Sector) -> Iterator[list[str]]:
    """Every SQL statement the engine runs inside the block, in order."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(sector.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(sector.engine, "before_cursor_execute", record)


def _secret(sector: Sector) -> str:
    return sector.propose(
        "Hemlig: reservsite för clearing", actor=OTHER_PROPOSER, restricted_to=["Sydbanken AB"]
    )


def test_a_restricted_item_page_is_refused_with_the_same_statements_as_a_missing_id(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo asks for Sydbanken's restricted item and for an id nobody has: the same 404, after
    the very same SQL statements, in the same order."""
    secret = _secret(sector)
    bo = as_(web, mailbox, PROPOSER)
    answers = {}
    ran = {}
    for name, item_id in (("restricted", secret), ("missing", "2027-099")):
        bo.get("/items")  # the same state of the session before each
        with statements(sector) as seen:
            response = bo.get(f"/items/{item_id}")
        answers[name] = (response.status_code, response.text.replace(item_id, "ID"))
        ran[name] = seen
    assert answers["restricted"] == answers["missing"] and answers["missing"][0] == 404
    assert ran["restricted"] == ran["missing"] and ran["missing"]


def test_show_runs_the_same_statements_for_a_restricted_item_as_for_a_missing_id(
    sector: Sector,
) -> None:
    """The command line's `show` does the same database work for both before it answers."""
    secret = _secret(sector)
    ran: dict[str, list[str]] = {}
    for name, item_id in (("restricted", secret), ("missing", "2027-099")):
        with statements(sector) as seen, suppress(NotFound):
            services.show_item(sector.uow(write=False), PROPOSER, item_id, sector.calendar.tz)
        ran[name] = seen
    assert ran["restricted"] == ran["missing"] and ran["missing"]


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Bra \u202eövning", "det osynliga tecknet U+202E på plats 5"),
        ("\u200b", "det osynliga tecknet U+200B på plats 1"),
        ("Övning\ufeff", "det osynliga tecknet U+FEFF på plats 7"),
        ("\u0301\u0308", "Rubriken har inget synligt tecken."),
        ("Rad ett\u2028rad två", "Rubriken ska vara en enda rad."),
    ],
)
def test_a_title_with_an_invisible_character_is_refused_on_the_form_naming_where(
    web: Flask, mailbox: Mailbox, sector: Sector, title: str, said: str
) -> None:
    """The form tells which character, by code point and place, and makes nothing."""
    bo = as_(web, mailbox, PROPOSER)
    bo.get("/items/new")
    response = bo.post("/items/new", {"title": title})
    assert response.status_code == 400 and said in html.unescape(response.text)
    assert services.list_items(sector.uow(), COORDINATOR, sector.calendar.tz) == []
