"""Text is text in Markdown reports: what a person wrote in a title, a note or a reason
cannot become HTML, a link or an image where the report is read."""

from __future__ import annotations

import re
from datetime import date

import pytest

from arshjul.reports.build import build, mine
from arshjul.reports.output import markdown_text, write
from arshjul.states import Actor
from arshjul.workflow import ticker
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
IMAGE = "![](http://evil/)"
HOSTILE = f"{SCRIPT} {IMG} {LINK} {IMAGE} *b* _i_ `c` # h"


def _reader(sector: Sector, email: str) -> Actor:
    with sector.uow(write=False) as uow:
        found = uow.repo.person(email)
    assert found is not None
    return found.as_actor()


def _inert(markdown: str) -> None:
    """None of the hostile markup is left as markup; each piece is there as escaped text."""
    bare = re.sub(r"\\.", "", markdown)  # what is left when every escaped character is taken out
    for raw in ("<", ">", "](", "![", "*b*", "_i_", "`c`", "# h"):
        assert raw not in bare, raw
    assert "\\<script\\>alert(1)\\</script\\>" in markdown
    assert "\\<img src=x onerror=alert(1)\\>" in markdown
    assert "\\[x\\](javascript:alert(1))" in markdown
    assert "\\!\\[\\](http://evil/)" in markdown


@pytest.fixture
def hostile(sector: Sector) -> dict[str, str]:
    """2027: a measure titled and noted with markup, decided, done and followed up; a proposal
    left out for a reason with markup."""
    ticker.start(sector.engine, sector.clock)
    sector.clock.set(at("2026-02-10 10:00"))
    ids = {"measure": sector.propose(HOSTILE), "left": sector.propose(f"Kvar {HOSTILE}")}
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", ids["measure"], actor=COORDINATOR, note=HOSTILE)
    sector.move("deprioritise", ids["left"], actor=COORDINATOR, note=HOSTILE)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move(
        "decide", ids["measure"], actor=DECIDER, owner=OWNER, due=date(2027, 5, 31), note=HOSTILE
    )
    sector.clock.set(at("2026-10-01 00:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar)
    sector.clock.set(at("2027-01-20 10:00"))
    sector.move("start", ids["measure"], actor=OWNER, note=HOSTILE)
    sector.clock.set(at("2027-05-20 10:00"))
    sector.move("complete", ids["measure"], actor=OWNER, note=HOSTILE)
    sector.clock.set(at("2027-11-15 10:00"))
    sector.move("follow_up", ids["measure"], actor=COORDINATOR, assessment="achieved", note=HOSTILE)
    return ids


@pytest.mark.parametrize("kind", ["plan", "followup"])
def test_markup_in_titles_notes_and_reasons_is_inert_text_in_markdown_reports(
    sector: Sector, hostile: dict[str, str], kind: str
) -> None:
    """`<script>`, `<img onerror>`, a javascript: link and a remote image in a title, a
    follow-up note and a reason for leaving out come out as escaped text."""
    report = build(
        sector.uow(write=False), sector.calendar, kind, 2027, _reader(sector, COORDINATOR), "sv"
    )
    markdown = str(write(report, "md", None))
    _inert(markdown)


def test_markup_in_the_history_notes_is_inert_text_in_my_items_report(
    sector: Sector, hostile: dict[str, str]
) -> None:
    """Every note in an item's history, as the proposer's organisation reads it, is text."""
    view = mine(sector.uow(write=False), sector.calendar, _reader(sector, PROPOSER), "sv")
    markdown = str(write(view, "md", None))
    _inert(markdown)
    assert markdown.count("\\<script\\>") >= 6  # two titles and the notes of every step


def test_markdown_text_escapes_what_makes_markup_and_keeps_the_rest() -> None:
    """One escaping for every Markdown template: markup characters get a backslash, a line
    break becomes a space, a list or numbered item at the start is kept as text."""
    assert markdown_text("a|b\nc\u2028d") == "a\\|b c d"
    assert markdown_text("- punkt") == "\\- punkt"
    assert markdown_text("1. punkt") == "1\\. punkt"
    assert markdown_text("Övning: kontanter vid elavbrott") == "Övning: kontanter vid elavbrott"
    assert markdown_text("a\\*b") == "a\\\\\\*b"
