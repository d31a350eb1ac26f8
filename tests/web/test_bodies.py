"""One person, one year on the web: a person whose organisation takes part in FTPOS and SOES
signs in once and sees both, each row marked with its body; someone only in FTPOS sees nothing
of SOES anywhere; roles in one body give nothing in the other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from icalendar import Calendar

from arshjul.config import default_text
from arshjul.states import Event
from arshjul.states.model import Body
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import bodies, meetings, services
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import calendar_of
from tests.conftest import COORDINATOR, DECIDER, OTHER_PROPOSER, OWNER, PROPOSER, Sector, at
from tests.web.conftest import Mailbox, Visitor, as_, database

MARK = re.compile(r'<span class="tag body">([A-Z]+)</span>')


@dataclass
class Soes:
    """The second body: FI and Nordbanken take part, Sydbanken does not. Chef runs it (FTPOS
    decider, SOES coordinator); Anna, FTPOS's coordinator, is a plain member of it."""

    sector: Sector
    body: Body
    calendar: CycleCalendar
    ftpos_item: str
    soes_item: str

    def uow(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.sector.engine, write=write, body=self.body.id)

    def show(self, item_id: str) -> dict[str, object]:
        return services.show_item(self.uow(False), DECIDER, item_id, self.calendar.tz)


@pytest.fixture
def soes(sector: Sector) -> Soes:
    clock = sector.clock
    body = bodies.add_body(
        sector.uow(), clock, COORDINATOR, "SOES", "Ekonomisk säkerhet", default_text("soes"), "x"
    )
    inside = lambda: UnitOfWork(sector.engine, body=body.id)  # noqa: E731
    bodies.members(inside(), clock, COORDINATOR, add="Nordbanken AB")
    for email, roles in (
        (DECIDER, ["coordinator", "decider"]),
        (PROPOSER, ["proposer"]),
        (OWNER, ["owner"]),
    ):
        bodies.set_roles(inside(), COORDINATOR, email, roles)
    bodies.set_roles(inside(), DECIDER, COORDINATOR, [])
    with inside() as uow:
        calendar = calendar_of(uow.connection, body)
    ftpos_item = sector.propose("Övning: kontanter vid elavbrott")
    soes_item, _ = services.propose(
        inside(), clock, calendar, PROPOSER, "Analys av betalningsflöden vid kris"
    )
    for title, chosen, by, start in (
        ("FTPOS: informationsmöte 2027", sector.calendar, COORDINATOR, "2027-03-15 10:00"),
        ("SOES: chefsmöte 2027", calendar, DECIDER, "2027-02-20 10:00"),
    ):
        meetings.add_meeting(
            sector.uow() if chosen is sector.calendar else inside(),
            clock,
            chosen,
            by,
            title,
            "information",
            at(start),
            at(start) + timedelta(hours=2),
            everyone=True,
        )
    return Soes(sector, body, calendar, ftpos_item, soes_item)


def link(item_id: str) -> str:
    return f'href="/items/{item_id}"'


def feed_of(visitor: Visitor, web: Flask, mailbox: Mailbox) -> Calendar:
    page = visitor.get("/calendar?year=2027").text
    path = page.split('id="feed-address">http://arshjul.test')[1].split("</p>")[0]
    response = Visitor(web, mailbox).get(path)
    assert response.status_code == 200
    return Calendar.from_ical(response.data)


def test_a_person_in_two_bodies_sees_both_each_marked(
    web: Flask, mailbox: Mailbox, soes: Soes
) -> None:
    """Bo of Nordbanken signs in once: his organisation's items of FTPOS and SOES, the meetings
    of both and one feed with both (each uid the meeting's own), every row marked."""
    assert soes.soes_item == "SOES-2027-001"
    bo = as_(web, mailbox, PROPOSER)
    page = bo.get("/items").text
    assert soes.ftpos_item in page and soes.soes_item in page
    assert "Övning: kontanter vid elavbrott" in page and "Analys av betalningsflöden" in page
    assert set(MARK.findall(page)) == {"FTPOS", "SOES"}
    assert "SOES 2027" in page and "FTPOS 2027" in page

    item = bo.get(f"/items/{soes.soes_item}")
    assert item.status_code == 200 and "Analys av betalningsflöden" in item.text
    assert MARK.findall(item.text) == ["SOES"]

    calendar = bo.get("/calendar?year=2027").text
    assert "SOES: chefsmöte 2027" in calendar and "FTPOS: informationsmöte 2027" in calendar
    assert calendar.index("SOES: chefsmöte") < calendar.index("FTPOS: informationsmöte")
    assert MARK.findall(calendar)[:2] == ["SOES", "FTPOS"]

    stored = {
        m.title: m.uid
        for uow, calendar_ in (
            (soes.sector.uow(), soes.sector.calendar),
            (soes.uow(), soes.calendar),
        )
        for m in meetings.meetings_of(uow, calendar_, 2027, DECIDER)
    }
    events = feed_of(bo, web, mailbox).walk("VEVENT")
    assert {str(e["summary"]): str(e["uid"]) for e in events} == stored
    downloaded = Calendar.from_ical(bo.get("/calendar/2027.ics").data).walk("VEVENT")
    assert {str(e["summary"]) for e in downloaded} == set(stored)


def test_a_person_only_in_ftpos_sees_nothing_of_soes(
    web: Flask, mailbox: Mailbox, soes: Soes
) -> None:
    """Pia's Sydbanken takes no part in SOES: no SOES item in her lists, its page missing as a
    missing item is, no SOES meeting on her calendar, in the download or in her feed, no SOES
    report, board or proposal; and a move she forges on its item changes nothing."""
    pia = as_(web, mailbox, OTHER_PROPOSER)
    assert "Analys av betalningsflöden" not in pia.get("/items").text
    missing = pia.get("/items/SOES-2027-999")
    hidden = pia.get(f"/items/{soes.soes_item}")
    assert missing.status_code == hidden.status_code == 404
    assert "Analys" not in hidden.text
    calendar = pia.get("/calendar?year=2027").text
    assert "FTPOS: informationsmöte 2027" in calendar and "SOES" not in calendar.replace(
        "FTPOS", ""
    )
    summaries = {str(e["summary"]) for e in feed_of(pia, web, mailbox).walk("VEVENT")}
    assert summaries == {"FTPOS: informationsmöte 2027"}
    downloaded = Calendar.from_ical(pia.get("/calendar/2027.ics").data).walk("VEVENT")
    assert {str(e["summary"]) for e in downloaded} == summaries
    for path in (
        "/reports?body=SOES",
        "/reports/plan-2027.md?body=SOES",
        "/reports/mine.md?body=SOES",
        "/items/new?body=SOES",
    ):
        assert pia.get(path).status_code == 404, path
    assert pia.get("/board?body=SOES").status_code == 403  # no board for her in any body
    before = database(soes.sector)
    pia.get("/items")
    response = pia.post(f"/items/{soes.soes_item}/withdraw", {"note": "x"})
    assert response.status_code == 404
    assert database(soes.sector) == before


def test_roles_in_one_body_give_nothing_in_the_other(
    web: Flask, mailbox: Mailbox, soes: Soes
) -> None:
    """Anna runs FTPOS but is a plain member of SOES: she sees the SOES item (FI sees all) with
    no move offered, has no SOES board, and her forged prioritisation is refused with nothing
    written. Chef, who runs SOES, prioritises it on its board, with himself in its history."""
    soes.sector.clock.set(at("2026-05-12 10:00"))  # SOES's prioritisation (and FTPOS's)
    anna = as_(web, mailbox, COORDINATOR)
    page = anna.get(f"/items/{soes.soes_item}").text
    assert "Analys av betalningsflöden" in page
    assert f"/items/{soes.soes_item}/prioritise" not in page
    board = anna.get("/board").text
    assert link(soes.ftpos_item) in board and link(soes.soes_item) not in board
    assert anna.get("/board?body=SOES").status_code == 404
    before = database(soes.sector)
    response = anna.post(f"/items/{soes.soes_item}/prioritise", {"rank": "1"})
    assert response.status_code == 403
    assert database(soes.sector) == before

    chef = as_(web, mailbox, DECIDER)
    board = chef.get("/board?body=SOES").text
    assert link(soes.soes_item) in board and link(soes.ftpos_item) not in board
    assert 'href="/board?body=FTPOS"' in board and 'href="/board?body=SOES"' in board
    assert f"/items/{soes.soes_item}/prioritise" in board
    response = chef.post(f"/items/{soes.soes_item}/prioritise", {"rank": "1", "next": "/board"})
    assert response.status_code == 303
    shown = soes.show(soes.soes_item)
    assert shown["state"] == "prioritised"
    assert [(e["event"], e["actor"]) for e in shown["history"]][-1] == ("prioritise", DECIDER)  # type: ignore[attr-defined]
    ftpos_board = chef.get("/board?body=FTPOS").text
    assert f"/items/{soes.ftpos_item}/prioritise" not in ftpos_board  # a decider there only


def test_a_proposal_and_reports_in_the_other_body(web: Flask, mailbox: Mailbox, soes: Soes) -> None:
    """Bo proposes in SOES from its form (need-to-know offers SOES's organisations) and the
    item is SOES's; his organisation's report of
    SOES holds SOES's items only; SOES's plan is not his before it is decided."""
    bo = as_(web, mailbox, PROPOSER)
    form = bo.get("/items/new?body=SOES").text
    assert 'action="/items/new?body=SOES"' in form and MARK.findall(form)[0] == "SOES"
    offered = re.findall(r'name="restricted_to" value="([^"]+)"', form)
    assert offered == ["Finansinspektionen"]  # Sydbanken takes no part in SOES
    ftpos_form = bo.get("/items/new").text
    assert re.findall(r'name="restricted_to" value="([^"]+)"', ftpos_form) == [
        "Finansinspektionen",
        "Svenska Bankföreningen",
        "Sydbanken AB",
    ]
    response = bo.post("/items/new?body=SOES", {"title": "Gemensam lägesbild", "kind": "analysis"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/items/SOES-2027-002"
    assert soes.show("SOES-2027-002")["title"] == "Gemensam lägesbild"
    mine = bo.get("/reports/mine.md?body=SOES")
    assert (
        mine.status_code == 200 and 'filename="mine-SOES.md"' in mine.headers["Content-Disposition"]
    )
    assert "Gemensam lägesbild" in mine.text and "kontanter vid elavbrott" not in mine.text
    reports = bo.get("/reports?body=SOES").text
    assert "/reports/mine.md?body=SOES" in reports
    assert bo.get("/reports/plan-2027.md?body=SOES").status_code == 403


def test_with_one_body_the_pages_carry_no_body_marks(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """The database has FTPOS only: no row, page or tab names a body."""
    item = sector.propose("Övning: kontanter vid elavbrott")
    bo = as_(web, mailbox, PROPOSER)
    for path in ("/items", f"/items/{item}", "/calendar", "/reports", "/items/new"):
        page = bo.get(path).text
        assert 'class="tag body"' not in page and "?body=" not in page, path
    board = as_(web, mailbox, COORDINATOR).get("/board").text
    assert 'class="tag body"' not in board and "?body=" not in board


def test_an_owners_measures_of_both_bodies_are_one_list(
    web: Flask, mailbox: Mailbox, soes: Soes
) -> None:
    """Olle owns a measure in FTPOS and one in SOES: both on his measures page, each marked,
    and reporting the SOES one started from that page moves it in SOES, with him as actor."""
    sector, clock = soes.sector, soes.sector.clock
    clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", soes.ftpos_item, actor=COORDINATOR)
    services.move(
        soes.uow(),
        clock,
        soes.calendar,
        DECIDER,
        services.MoveRequest(Event.prioritise, (soes.soes_item,)),
    )
    clock.set(at("2026-09-10 10:00"))
    sector.move("decide", soes.ftpos_item, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    services.move(
        soes.uow(),
        clock,
        soes.calendar,
        DECIDER,
        services.MoveRequest(Event.decide, (soes.soes_item,), owner=OWNER, due=date(2027, 3, 31)),
    )
    olle = as_(web, mailbox, OWNER)
    page = olle.get("/measures").text
    assert link(soes.ftpos_item) in page and link(soes.soes_item) in page
    assert set(MARK.findall(page)) == {"FTPOS", "SOES"}
    assert f"/items/{soes.soes_item}/start" in page
    response = olle.post(f"/items/{soes.soes_item}/start", {"next": "/measures"})
    assert response.status_code == 303 and response.headers["Location"] == "/measures"
    shown = soes.show(soes.soes_item)
    assert shown["state"] == "in_progress"
    assert [(e["event"], e["actor"]) for e in shown["history"]][-1] == ("start", OWNER)  # type: ignore[attr-defined]


def test_with_the_database_gone_a_signed_in_page_says_so_with_its_menu(
    web: Flask, mailbox: Mailbox, sector: Sector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the person's bodies fails: the page is the 503 page, its menu by the roles read
    at sign-in, never a failure inside the error page."""
    from arshjul.errors import StoreError
    from arshjul.web import bodies as web_bodies

    bo = as_(web, mailbox, PROPOSER)

    def unreachable(email: str) -> object:
        raise StoreError("db_unreachable", url="sqlite:///gone.db", reason="disk I/O error")

    monkeypatch.setattr(web_bodies, "seats_of", unreachable)
    response = bo.get("/items")
    assert response.status_code == 503 and "gone.db" in response.text
    assert 'href="/items/new"' in response.text  # Bo proposes: the menu says so
