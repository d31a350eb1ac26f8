"""Every role's pages through Flask's test client, on the real store and with real mail: what
each person sees, and every move going through the service layer with them as actor."""

from __future__ import annotations

import html
import io
from html.parser import HTMLParser

import pytest
from flask import Flask
from icalendar import Calendar
from openpyxl import load_workbook

from arshjul.workflow import services
from tests.conftest import (
    COORDINATOR,
    DECIDER,
    OTHER_PROPOSER,
    OWNER,
    PROPOSER,
    Sector,
    at,
)
from tests.web.conftest import Mailbox, Visitor, as_, plan_2027


def history(sector: Sector, item_id: str) -> list[tuple[str, str, str | None]]:
    shown = sector.show(item_id)
    return [(e["event"], e["actor"], e["note"]) for e in shown["history"]]  # type: ignore[attr-defined]


def kinds_to(mailbox: Mailbox, email: str) -> list[str]:
    return [str(m["X-Arshjul-Kind"]) for m in mailbox.messages(email)]


# proposers --------------------------------------------------------------------------------


def test_a_proposer_sees_their_organisations_items_with_state_cycle_and_next_step(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo sees Nordbanken's proposals, in which cycle, what happens next and when; not Pia's."""
    ours = sector.propose("Övning: kontanter vid elavbrott")
    sector.propose("Sydbankens egen analys", actor=OTHER_PROPOSER)
    page = as_(web, mailbox, PROPOSER).get("/items").text
    assert ours in page and "Övning: kontanter vid elavbrott" in page
    assert "FTPOS 2027" in page and "föreslagen" in page
    assert "FI prioriterar förslagen 2026-04-01–2026-06-30" in page
    assert "Sydbankens egen analys" not in page


def test_a_proposer_proposes_through_the_same_checks_as_the_command_line(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """A bad proposal is told on the form and makes nothing; a good one is the organisation's,
    by Bo, with a receipt by mail."""
    bo = as_(web, mailbox, PROPOSER)
    bo.get("/items/new")
    for form, said in (
        ({"title": "  "}, "Rubriken måste fyllas i."),
        ({"title": "x" * 201}, "Rubriken har 201 tecken; det får vara högst 200."),
        ({"title": "A\nB"}, "Rubriken ska vara en enda rad."),
        ({"title": "A", "kind": "party"}, "kind 'party' är inte ett av"),
        ({"title": "A", "restricted_to": "Okänd AB"}, "Ingen organisation Okänd AB"),
    ):
        response = bo.post("/items/new", form)
        assert response.status_code == 400 and said in html.unescape(response.text), form
    assert services.list_items(sector.uow(), COORDINATOR, sector.calendar.tz) == []
    response = bo.post(
        "/items/new",
        {
            "title": "Reservrutiner för kontantförsörjning",
            "description": "Vad som händer när uttagsautomaterna är nere.",
            "kind": "exercise",
            "restricted_to": "Sydbanken AB",
        },
    )
    assert response.status_code == 303 and response.headers["Location"] == "/items/2027-001"
    page = bo.get("/items/2027-001").text
    assert "Tack! 2027-001 är föreslagen i cykel 2027 (dess dialog är öppen)." in page
    shown = sector.show("2027-001")
    assert (shown["org"], shown["proposer"], shown["kind"], shown["restricted_to"]) == (
        "Nordbanken AB",
        PROPOSER,
        "exercise",
        ["Sydbanken AB"],
    )
    assert history(sector, "2027-001") == [("submit", PROPOSER, None)]
    assert "receipt" in kinds_to(mailbox, PROPOSER)


def test_a_proposer_withdraws_their_organisations_proposal_with_a_reason(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """The withdraw form is on the item; sending it withdraws, with Bo and the reason in the
    history."""
    item_id = sector.propose()
    bo = as_(web, mailbox, PROPOSER)
    page = bo.get(f"/items/{item_id}").text
    assert f'action="/items/{item_id}/withdraw"' in page
    response = bo.post(
        f"/items/{item_id}/withdraw", {"note": "Görs inom Bankföreningen", "version": "1"}
    )
    assert response.status_code == 303
    assert "föreslagen → återtagen" in bo.get(response.headers["Location"]).text
    assert history(sector, item_id)[-1] == ("withdraw", PROPOSER, "Görs inom Bankföreningen")


def test_the_item_page_shows_the_whole_history_and_offers_nothing_it_would_refuse(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Every move with its actor and note; once prioritised, Bo is offered no withdrawal."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR, note="Viktig för kontanterna", rank=2)
    page = as_(web, mailbox, PROPOSER).get(f"/items/{item_id}").text
    assert "Förslag lämnat" in page and "Prioriterat" in page
    assert COORDINATOR in page and "Viktig för kontanterna" in page
    assert "FI:s ledning beslutar verksamhetsplanen senast 2026-09-30." in page
    assert "/withdraw" not in page and "Det här kan du göra nu" not in page


def test_the_item_page_names_the_upgrades_record_of_owner_and_due_date(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """The row migration 0012 writes to bind an older measure's owner and due date is shown in
    words, like every move."""
    from arshjul.store import bound

    ids = plan_2027(sector)
    with sector.engine.begin() as conn:
        bound.adopt(conn, sector.clock.now())
    page = as_(web, mailbox, OWNER).get(f"/items/{ids['june']}").text
    assert "Ägare och datum bokförda i historiken" in page


# owners -----------------------------------------------------------------------------------


def test_an_owner_sees_their_measures_overdue_first_with_due_dates(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """In July, June's measure is overdue and comes first; nobody asks for a follow-up yet."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-07-15 09:00"))
    page = as_(web, mailbox, OWNER).get("/measures").text
    assert page.index(ids["june"]) < page.index(ids["december"])
    assert "försenad 15 dagar" in page and "2027-12-15" in page
    assert ids["secret"] not in page
    assert "Uppföljning av FTPOS 2027" not in page


def test_an_owner_starts_and_completes_with_a_note_and_the_proposer_is_told(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Olle reports his measure started, then done: he is the actor, his notes are kept, and
    Bo, who proposed it, gets mail."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-03-01 09:00"))
    olle = as_(web, mailbox, OWNER)
    told_before = kinds_to(mailbox, PROPOSER).count("moved")
    page = olle.get("/measures").text
    assert f'action="/items/{ids["june"]}/start"' in page
    olle.post(f"/items/{ids['june']}/start", {"note": "Planeringsmöte hållet", "next": "/measures"})
    olle.get("/measures")
    response = olle.post(
        f"/items/{ids['june']}/complete", {"note": "Övningen hölls i maj", "next": "/measures"}
    )
    assert response.headers["Location"] == "/measures"
    assert history(sector, ids["june"])[-2:] == [
        ("start", OWNER, "Planeringsmöte hållet"),
        ("complete", OWNER, "Övningen hölls i maj"),
    ]
    assert sector.show(ids["june"])["state"] == "executed"
    assert kinds_to(mailbox, PROPOSER).count("moved") == told_before + 2


def test_the_follow_up_request_shows_when_the_follow_up_opens(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """On 1 November the owner is asked to report by the follow-up's last day; before, not."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-10-31 23:00"))
    olle = as_(web, mailbox, OWNER)
    assert "Uppföljning av FTPOS 2027" not in olle.get("/measures").text
    sector.clock.set(at("2027-11-01 08:00"))
    page = olle.get("/measures").text
    assert "Uppföljning av FTPOS 2027" in page
    assert f"Rapportera läget för {ids['june']}, {ids['december']} senast 2028-01-31" in page


# coordinators and deciders ----------------------------------------------------------------


def test_the_board_shows_the_cycle_by_state_with_its_phase(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """In May the board opens at 2027, in prioritisation, with its items under their states."""
    first, second = sector.propose("Ett"), sector.propose("Två", actor=OTHER_PROPOSER)
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", first, actor=COORDINATOR, rank=1)
    page = as_(web, mailbox, COORDINATOR).get("/board").text
    assert "Cykeltavla 2027" in page and "Nu pågår Prioritering, 2026-04-01 – 2026-06-30." in page
    assert (
        page.index('id="proposed"')
        < page.index(second)
        < page.index('id="prioritised"')
        < page.index(first)
    )
    assert 'href="/board?cycle=2026"' in page


def test_a_coordinator_prioritises_and_deprioritises_from_the_board(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """A rank, then leaving out: a missing reason is told and changes nothing; with one, it
    is kept, and the proposer is told."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    anna = as_(web, mailbox, COORDINATOR)
    page = anna.get("/board").text
    assert (
        f'action="/items/{item_id}/prioritise"' in page
        and f'action="/items/{item_id}/deprioritise"' in page
    )
    anna.post(f"/items/{item_id}/prioritise", {"rank": "3", "note": "Hög nytta", "next": "/board"})
    assert (sector.show(item_id)["state"], sector.show(item_id)["rank"]) == ("prioritised", 3)
    response = anna.post(f"/items/{item_id}/deprioritise", {"note": "", "next": "/board"})
    assert response.headers["Location"] == "/board"
    assert (
        "Skriv ett skäl: det krävs för att prioritera bort ett förslag." in anna.get("/board").text
    )
    assert sector.show(item_id)["state"] == "prioritised"
    anna.post(f"/items/{item_id}/deprioritise", {"note": "Ryms inte i år", "no_carry": "on"})
    shown = sector.show(item_id)
    assert (shown["state"], shown["no_carry"]) == ("deprioritised", True)
    assert history(sector, item_id)[1:] == [
        ("prioritise", COORDINATOR, "Hög nytta"),
        ("deprioritise", COORDINATOR, "Ryms inte i år"),
    ]
    assert kinds_to(mailbox, PROPOSER).count("moved") == 2


def test_a_decider_decides_with_an_owner_and_a_due_date_from_the_board(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """FI management picks the owner from the list and a date; the owner is told. A
    coordinator is offered no decision, and one forged is refused."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-20 10:00"))
    anna = as_(web, mailbox, COORDINATOR)
    assert f"/items/{item_id}/decide" not in anna.get("/board").text
    forged = anna.post(f"/items/{item_id}/decide", {"owner": OWNER, "due": "2027-06-30"})
    assert forged.status_code == 403 and sector.show(item_id)["state"] == "prioritised"
    chef = as_(web, mailbox, DECIDER)
    page = chef.get("/board").text
    assert f'action="/items/{item_id}/decide"' in page and f'<option value="{OWNER}">' in page
    chef.post(f"/items/{item_id}/decide", {"owner": "ingen@nordbanken.se", "due": "2027-06-30"})
    assert "Ingen person ingen@nordbanken.se" in chef.get("/board").text
    chef.post(
        f"/items/{item_id}/decide", {"owner": OWNER, "due": "2027-06-30", "note": "Ingår i planen"}
    )
    shown = sector.show(item_id)
    assert (shown["state"], shown["owner"], shown["due"]) == ("decided", OWNER, "2027-06-30")
    assert history(sector, item_id)[-1] == ("decide", DECIDER, "Ingår i planen")
    assert "assigned" in kinds_to(mailbox, OWNER)


def test_a_decision_due_on_a_holiday_is_moved_and_the_decider_told_on_the_page(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """National Day 2027 (a Sunday) is stored as Friday 4 June, and the page says so."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-20 10:00"))
    chef = as_(web, mailbox, DECIDER)
    chef.post(f"/items/{item_id}/decide", {"owner": OWNER, "due": "2027-06-06"})
    page = chef.get(f"/items/{item_id}").text
    assert (
        f"{item_id}: förfallodagen 2027-06-06 är en helgdag (Nationaldagen): flyttad till"
        " 2027-06-04 enligt arbetsdagsregeln (previous)"
    ) in page
    assert sector.show(item_id)["due"] == "2027-06-04"


def test_the_board_is_for_fi_alone(web: Flask, mailbox: Mailbox, sector: Sector) -> None:
    """A proposer or an owner opening the board is told it is not for them."""
    for email in (PROPOSER, OWNER):
        response = as_(web, mailbox, email).get("/board")
        assert response.status_code == 403 and "FI:s samordnare och beslutsfattare" in response.text


def test_the_plan_and_the_follow_up_download_in_every_format(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Markdown, HTML, CSV and a real workbook, as files; and the organisation's own items."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-11-10 09:00"))
    anna = as_(web, mailbox, COORDINATOR)
    page = anna.get("/reports?cycle=2027").text
    for kind in ("plan", "followup"):
        for fmt, kind_of_file in (
            ("md", "text/markdown"),
            ("html", "text/html"),
            ("csv", "text/csv"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ):
            name = f"{kind}-2027.{fmt}"
            assert f'href="/reports/{name}"' in page
            response = anna.get(f"/reports/{name}")
            assert response.status_code == 200 and response.mimetype == kind_of_file
            assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
            if fmt == "xlsx":
                sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
                cells = [c.value for row in sheet.iter_rows() for c in row]
                assert ids["june"] in cells and "Övning: betalningar vid elavbrott" in cells
            else:
                assert "Övning: betalningar vid elavbrott" in response.text
    assert "# Verksamhetsplan FTPOS 2027" in anna.get("/reports/plan-2027.md").text
    mine = as_(web, mailbox, PROPOSER).get("/reports/mine.html")
    assert mine.status_code == 200 and "Kontaktlista för incidenter utanför kontorstid" in mine.text
    assert anna.get("/reports/plan-2027.pdf").status_code == 404


# everyone ---------------------------------------------------------------------------------


def test_the_calendar_shows_the_plan_years_meetings_and_marks_invitations(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """The year's meetings Olle is invited to, marked, the cancelled one saying so; not
    Sydbanken's working group."""
    plan_2027(sector)
    sector.clock.set(at("2027-02-01 09:00"))
    page = as_(web, mailbox, OWNER).get("/calendar").text
    assert "Möteskalender 2027" in page
    for title in ("informationsmöte 1 2027", "Bilateralt möte FI–Nordbanken", "Genomförandemöte"):
        assert title in page
    assert "Arbetsgrupp clearing" not in page
    assert page.count("Du är inbjuden") == 3 and "Inställt" in page


def test_one_rule_says_who_sees_a_meeting_on_the_page_in_the_download_and_in_the_feed(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Pia of Sydbanken sees Sydbanken's working group and not FI's bilateral with Nordbanken;
    Olle sees a meeting on a measure whose working group he is in; FI sees every meeting; the
    page, the year's .ics and the feed agree for each."""
    from arshjul.workflow import meetings

    ids = plan_2027(sector)
    meetings.join_working_group(sector.uow(), sector.clock, COORDINATOR, ids["june"], [OWNER])
    meetings.add_meeting(
        sector.uow(),
        sector.clock,
        sector.calendar,
        COORDINATOR,
        "Arbetsgruppen för betalningsövningen",
        "working_group",
        at("2027-05-10 09:00"),
        at("2027-05-10 11:00"),
        orgs=["Svenska Bankföreningen"],
        items=[ids["june"]],
    )
    sector.clock.set(at("2027-02-01 09:00"))
    seen = {
        OTHER_PROPOSER: {"Arbetsgrupp clearing"},
        OWNER: {"Bilateralt möte FI–Nordbanken", "Arbetsgruppen för betalningsövningen"},
        COORDINATOR: {
            "Arbetsgrupp clearing",
            "Bilateralt möte FI–Nordbanken",
            "Arbetsgruppen för betalningsövningen",
        },
    }
    everyone = {"FTPOS: informationsmöte 1 2027", "Genomförandemöte"}
    others = {
        "Arbetsgrupp clearing",
        "Bilateralt möte FI–Nordbanken",
        "Arbetsgruppen för betalningsövningen",
    }
    for email, expected in seen.items():
        visitor = as_(web, mailbox, email)
        page = visitor.get("/calendar?year=2027").text
        shown = {title for title in everyone | others if title in page}
        download = visitor.get("/calendar/2027.ics")
        in_file = {str(e["summary"]) for e in Calendar.from_ical(download.data).walk("VEVENT")}
        path = page.split('id="feed-address">http://arshjul.test')[1].split("</p>")[0]
        feed = Visitor(web, mailbox).get(path)
        in_feed = {str(e["summary"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")}
        assert shown == in_file == in_feed == everyone | expected, email


def test_the_private_feed_serves_a_persons_meetings_to_a_calendar_program(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """The address on the calendar page opens without signing in and holds Olle's meetings
    (the cancelled one as cancelled), not Sydbanken's working group; a new address ends the old."""
    plan_2027(sector)
    sector.clock.set(at("2027-02-01 09:00"))
    olle = as_(web, mailbox, OWNER)
    page = olle.get("/calendar").text
    feed = page.split('<p class="feed" id="feed-address">')[1].split("</p>")[0]
    assert feed.startswith("http://arshjul.test/feed/") and feed.endswith(".ics")
    path = feed.removeprefix("http://arshjul.test")
    response = Visitor(web, mailbox).get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = {
        str(e["summary"]): str(e["status"])
        for e in Calendar.from_ical(response.data).walk("VEVENT")
    }
    assert events == {
        "FTPOS: informationsmöte 1 2027": "CONFIRMED",
        "Bilateralt möte FI–Nordbanken": "CONFIRMED",
        "Genomförandemöte": "CANCELLED",
    }
    olle.post("/calendar/feed")
    assert Visitor(web, mailbox).get(path).status_code == 404
    renewed = olle.get("/calendar").text
    assert "Du har en ny prenumerationsadress" in renewed and path not in renewed
    assert Visitor(web, mailbox).get("/feed/guessed-token.ics").status_code == 404


def test_the_coordinators_feed_has_every_meeting(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """FI convenes them all, so FI's feed holds them all."""
    plan_2027(sector)
    sector.clock.set(at("2027-02-01 09:00"))
    page = as_(web, mailbox, COORDINATOR).get("/calendar").text
    path = page.split('id="feed-address">http://arshjul.test')[1].split("</p>")[0]
    feed = Visitor(web, mailbox).get(path)
    assert len(Calendar.from_ical(feed.data).walk("VEVENT")) == 4


def test_the_page_is_swedish_by_default_english_by_setting_and_by_the_switch(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo reads Swedish until he switches; Pia, who set English, reads English at once, the
    engine's words too."""
    bo = as_(web, mailbox, PROPOSER)
    assert "Våra ärenden" in bo.get("/items").text
    response = bo.post("/language", {"lang": "en", "next": "/items"})
    assert response.headers["Location"] == "/items"
    page = bo.get("/items").text
    assert '<html lang="en">' in page and "Our items" in page
    bo.post("/language", {"lang": "sv", "next": "/items"})
    assert "Våra ärenden" in bo.get("/items").text
    services.set_preferences(sector.uow(), OTHER_PROPOSER, OTHER_PROPOSER, lang="en")
    pia = as_(web, mailbox, OTHER_PROPOSER)
    assert "Our items" in pia.get("/items").text
    pia.get("/items/new")
    assert "The title must be filled in." in pia.post("/items/new", {"title": ""}).text


def test_a_move_on_an_item_changed_meanwhile_is_refused(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo's withdraw form carries the version he saw; Anna prioritised since: nothing moves."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    bo = as_(web, mailbox, PROPOSER)
    assert 'name="version" value="1"' in bo.get(f"/items/{item_id}").text
    sector.move("prioritise", item_id, actor=COORDINATOR)
    response = bo.post(f"/items/{item_id}/withdraw", {"version": "1"})
    assert response.status_code == 303
    assert "ändrades av någon annan under tiden; försök igen" in bo.get(f"/items/{item_id}").text
    assert sector.show(item_id)["state"] == "prioritised"


def test_a_move_outside_its_window_is_refused_with_when_it_is_possible(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """After the decision phase, prioritising is not offered, and a forged one says when it
    would have been possible."""
    item_id = sector.propose()
    sector.clock.set(at("2026-10-15 10:00"))
    anna = as_(web, mailbox, COORDINATOR)
    assert f"/items/{item_id}/prioritise" not in anna.get(f"/items/{item_id}").text
    anna.post(f"/items/{item_id}/prioritise", {})
    page = anna.get(f"/items/{item_id}").text
    assert (
        f"{item_id} kan inte prioriteras nu: det går från 2026-04-01 till och med 2026-09-30 "
        "(cykel 2027), och nu är det 2026-10-15 10:00."
    ) in page
    assert sector.show(item_id)["state"] == "proposed"


def test_two_first_views_of_the_calendar_at_once_give_one_feed_address(sector: Sector) -> None:
    """A person's feed token made by two requests at the same moment is one token, and both
    are told it."""
    import threading

    from arshjul.workflow import access

    got: list[str] = []
    start = threading.Barrier(8)

    def first_view() -> None:
        start.wait()
        got.append(access.feed_token(sector.uow(), sector.clock, OWNER))

    threads = [threading.Thread(target=first_view) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(got) == 8 and len(set(got)) == 1
    assert access.feed_person(sector.uow(), sector.clock, got[0], "192.0.2.1") is not None
    assert access.feed_token(sector.uow(), sector.clock, OWNER) == got[0]


@pytest.mark.parametrize(
    ("rank", "told"),
    [
        ("tre", "är inget heltal"),
        ("1_000", "är inget heltal"),
        ("١٢", "är inget heltal"),
        ("0", "rang ska vara ett heltal från 1 till 999999"),
        ("-4", "rang ska vara ett heltal från 1 till 999999"),
        ("1000000", "rang ska vara ett heltal från 1 till 999999"),
        ("99999999999", "rang ska vara ett heltal från 1 till 999999"),
        ("9" * 40, "är inget heltal"),
    ],
)
def test_a_bad_rank_is_told_on_the_page_and_changes_nothing(
    web: Flask, mailbox: Mailbox, sector: Sector, rank: str, told: str
) -> None:
    """Words, other digits, zero and numbers too big for the database are refused with a
    message on the board, never an error of ours."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    anna = as_(web, mailbox, COORDINATOR)
    response = anna.post(f"/items/{item_id}/prioritise", {"rank": rank, "next": "/board"})
    assert response.status_code == 303
    assert told in html.unescape(anna.get("/board").text)
    assert sector.show(item_id)["state"] == "proposed"


@pytest.mark.parametrize(
    ("due", "told"),
    [
        ("2027-02-30", "är inget datum"),
        ("30/6", "är inget datum"),
        ("0001-01-01", "är inget rimligt slutdatum"),
        ("9999-12-31", "är inget rimligt slutdatum"),
    ],
)
def test_a_bad_due_date_is_told_on_the_page_and_decides_nothing(
    web: Flask, mailbox: Mailbox, sector: Sector, due: str, told: str
) -> None:
    """A date that does not exist, or one outside the plan years, is told on the board."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-20 10:00"))
    chef = as_(web, mailbox, DECIDER)
    response = chef.post(f"/items/{item_id}/decide", {"owner": OWNER, "due": due, "next": "/board"})
    assert response.status_code == 303
    assert told in html.unescape(chef.get("/board").text)
    assert sector.show(item_id)["state"] == "prioritised"


def test_a_forged_version_of_any_size_is_told_not_an_error(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """The hidden version edited to a huge or a negative number asks to reload the page."""
    item_id = sector.propose()
    bo = as_(web, mailbox, PROPOSER)
    for version in ("99999999999", "-1", "x"):
        response = bo.post(f"/items/{item_id}/withdraw", {"version": version})
        assert response.status_code == 303
        page = html.unescape(bo.get(f"/items/{item_id}").text)
        assert "ladda om sidan" in page or "är inget heltal" in page
    assert sector.show(item_id)["state"] == "proposed"


@pytest.mark.parametrize(
    "path",
    ["/board?cycle=tjugo", "/board?cycle=99999999999", "/calendar?year=1900", "/calendar?year=-1"],
)
def test_a_bad_year_in_the_address_is_told_not_an_error(
    web: Flask, mailbox: Mailbox, sector: Sector, path: str
) -> None:
    """A plan year that is not one, or outside 1901–2999, gets a clear page (400)."""
    response = as_(web, mailbox, COORDINATOR).get(path)
    assert response.status_code == 400
    assert "planår" in response.text or "heltal" in response.text


def test_a_plan_year_is_checked_alike_by_the_command_line_and_the_page() -> None:
    """1901 and 2999 are plan years, 1900 and 3000 are not, in the one shared check."""
    from arshjul.errors import BadInput
    from arshjul.workflow import validate

    assert validate.plan_year(1901) == 1901 and validate.plan_year(2999) == 2999
    for year in (1900, 3000):
        with pytest.raises(BadInput):
            validate.plan_year(year)


def test_the_published_calendar_in_the_mail_follows_the_same_rule(sector: Sector) -> None:
    """When the plan goes out, Olle's calendar holds Nordbanken's bilateral and not
    Sydbanken's working group; Pia's the other way round."""
    from sqlalchemy import text

    from arshjul.workflow import ticker

    plan_2027(sector)
    sector.clock.set(at("2026-10-02 09:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar)
    with sector.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT recipient, attachment FROM outbox WHERE kind = 'plan_published'")
        ).all()
    calendars = {
        recipient: {str(e["summary"]) for e in Calendar.from_ical(ics).walk("VEVENT")}
        for recipient, ics in rows
    }
    assert "Bilateralt möte FI–Nordbanken" in calendars[OWNER]
    assert "Arbetsgrupp clearing" not in calendars[OWNER]
    assert "Arbetsgrupp clearing" in calendars[OTHER_PROPOSER]
    assert "Bilateralt möte FI–Nordbanken" not in calendars[OTHER_PROPOSER]
    assert {"Arbetsgrupp clearing", "Bilateralt möte FI–Nordbanken"} <= calendars[COORDINATOR]


def test_the_plan_is_fis_working_draft_until_it_is_decided(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """In May Bo is told when the plan for 2027 comes and cannot download it or its
    follow-up, while FI's coordinator and management can; from October Bo can too."""
    sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    bo = as_(web, mailbox, PROPOSER)
    page = bo.get("/reports?cycle=2027").text
    assert "/reports/plan-2027.md" not in page and "Planen för 2027 beslutas 2026-09-30" in page
    for path in ("/reports/plan-2027.md", "/reports/followup-2027.xlsx"):
        refused = bo.get(path)
        assert refused.status_code == 403 and "beslutas 2026-09-30" in refused.text
    assert bo.get("/reports/mine.md").status_code == 200
    for email in (COORDINATOR, DECIDER):
        fi = as_(web, mailbox, email)
        assert "/reports/plan-2027.md" in fi.get("/reports?cycle=2027").text
        assert fi.get("/reports/plan-2027.md").status_code == 200
    sector.clock.set(at("2026-10-01 00:00"))
    bo = as_(web, mailbox, PROPOSER)
    assert bo.get("/reports/plan-2027.md").status_code == 200
    assert "/reports/plan-2027.md" in bo.get("/reports?cycle=2027").text


class _Fields(HTMLParser):
    """The form fields of a page a person fills in, and the labels there are for them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str | None]] = []  # (name, id)
        self.labelled: set[str] = set()
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label":
            self._in_label += 1
            if found.get("for"):
                self.labelled.add(str(found["for"]))
        elif tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            key = f"wrapped-{len(self.fields)}" if self._in_label else found.get("id")
            if self._in_label:
                self.labelled.add(key or "")
            self.fields.append((str(found.get("name")), key))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._in_label -= 1


def _pages_of_every_role(web: Flask, mailbox: Mailbox, sector: Sector) -> list[tuple[Visitor, str]]:
    ids = plan_2027(sector)
    item_id = sector.propose("Nytt förslag i dialogen")
    sector.clock.set(at("2026-08-20 11:00"))
    pages = []
    for email, paths in (
        (PROPOSER, ["/items", f"/items/{item_id}", "/items/new", "/reports", "/calendar"]),
        (OWNER, ["/measures", f"/items/{ids['june']}"]),
        (COORDINATOR, ["/board", "/board?cycle=2027", f"/items/{ids['june']}"]),
        (DECIDER, ["/board?cycle=2027"]),
    ):
        visitor = as_(web, mailbox, email)
        pages += [(visitor, path) for path in paths]
    stranger = Visitor(web, mailbox)
    pages += [(stranger, "/signin"), (stranger, "/nowhere")]
    return pages


def test_every_form_field_on_every_page_has_a_label(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """A screen reader names each field: a label for it, or one around it."""
    counted = 0
    for visitor, path in _pages_of_every_role(web, mailbox, sector):
        parser = _Fields()
        parser.feed(visitor.get(path).text)
        for name, key in parser.fields:
            assert key is not None and key in parser.labelled, (path, name)
        counted += len(parser.fields)
    assert counted > 10  # the board's decide forms, the proposal form, the sign-in form, …


def test_the_language_switch_works_on_every_page(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Each page is Swedish by default; switching on it gives the same page in English, and
    back."""
    for visitor, path in _pages_of_every_role(web, mailbox, sector):
        page = visitor.get(path)
        assert '<html lang="sv">' in page.text and 'value="en" lang="en">English' in page.text
        switched = visitor.post("/language", {"lang": "en", "next": path})
        assert switched.headers["Location"] == path
        english = visitor.get(path).text
        assert '<html lang="en">' in english and 'value="sv" lang="sv">Svenska' in english, path
        assert visitor.get(path).status_code == page.status_code
        visitor.post("/language", {"lang": "sv", "next": path})
        assert '<html lang="sv">' in visitor.get(path).text
