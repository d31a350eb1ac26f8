"""Nothing restricted or forged gets through: CSRF on every form, need-to-know on every page,
download and feed, forms edited to act on others' items, literal titles, security headers."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from arshjul.workflow import services
from tests.conftest import COORDINATOR, OTHER_PROPOSER, OWNER, PROPOSER, REFERENCE, Sector, at
from tests.web.conftest import Mailbox, Visitor, as_, database, every_path, plan_2027

SECRET_TITLE = "Hemlig: reservsite för clearing"
SECRET_TEXT = "Reservsiten ligger i Bergslagen"
SECRET_NOTE = "Prioriterad efter underrättelse"


def restricted(sector: Sector) -> str:
    """Pia's proposal, its content for Sydbanken (and FI) alone, prioritised with a note."""
    item_id = sector.propose(
        SECRET_TITLE, actor=OTHER_PROPOSER, description=SECRET_TEXT, restricted_to=["Sydbanken AB"]
    )
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR, note=SECRET_NOTE)
    return item_id


def secrets_in(response: TestResponse) -> list[str]:
    body = (
        response.get_data(as_text=True)
        if response.mimetype != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else _cells(response.data)
    )
    return [secret for secret in (SECRET_TITLE, SECRET_TEXT, SECRET_NOTE) if secret in body]


def _cells(data: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
    )


def _without_tokens(response: TestResponse, item_id: str) -> str:
    page = response.get_data(as_text=True).replace(item_id, "ID")
    return re.sub(r'name="csrf" value="[^"]+"', "", page).replace("/items/ID", "/items/X")


# CSRF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/items/new", {"title": "Förfalskat förslag"}),
        ("/items/2027-001/withdraw", {"note": "förfalskat"}),
        ("/calendar/feed", {}),
        ("/signout", {}),
        ("/language", {"lang": "en"}),
        ("/signin", {"address": PROPOSER}),
    ],
)
@pytest.mark.parametrize("token", [None, "not-the-token"])
def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    web: Flask, mailbox: Mailbox, sector: Sector, path: str, form: dict[str, str], token: str | None
) -> None:
    """Another site's form (no token, or a wrong one) gets 400 and moves, writes, sends nothing."""
    item_id = sector.propose()
    bo = as_(web, mailbox, PROPOSER)
    feed_before = bo.get("/calendar").text.split('id="feed-address">')[1][:80]
    mail_before = len(mailbox.messages())
    data = dict(form) | ({"csrf": token} if token else {})
    response = bo.post(path, data, csrf=False)
    assert response.status_code == 400
    assert "saknade sin säkerhetskod" in response.text
    assert sector.show(item_id)["state"] == "proposed"
    assert len(services.list_items(sector.uow(), COORDINATOR, sector.calendar.tz)) == 1
    assert bo.get("/calendar").text.split('id="feed-address">')[1][:80] == feed_before
    assert "Våra ärenden" in bo.get("/items").text  # still signed in, still Swedish
    assert len(mailbox.messages()) == mail_before


# need-to-know -----------------------------------------------------------------------------


def test_a_restricted_item_is_missing_to_an_outsider_exactly_as_an_item_that_does_not_exist(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo guessing Pia's restricted id gets the very page a missing id gets; acting on it too."""
    item_id = restricted(sector)
    bo = as_(web, mailbox, PROPOSER)
    guessed, missing = bo.get(f"/items/{item_id}"), bo.get("/items/2027-999")
    assert guessed.status_code == missing.status_code == 404
    assert _without_tokens(guessed, item_id) == _without_tokens(missing, "2027-999")
    moved, moved_missing = (
        bo.post(f"/items/{item_id}/withdraw", {}),
        bo.post("/items/2027-999/withdraw", {}),
    )
    assert moved.status_code == moved_missing.status_code == 404
    assert _without_tokens(moved, item_id) == _without_tokens(moved_missing, "2027-999")
    assert sector.show(item_id)["state"] == "prioritised"


def test_a_restricted_item_is_in_no_page_download_or_feed_for_an_outsider(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo (another bank) and Rut (the reference group) find its title, text and notes nowhere."""
    ids = plan_2027(sector)
    item_id = ids["secret"]
    sector.clock.set(at("2027-11-10 09:00"))
    for email in (PROPOSER, OWNER, REFERENCE):
        visitor = as_(web, mailbox, email)
        paths = [
            "/items",
            "/measures",
            "/calendar?year=2027",
            f"/items/{item_id}",
            "/reports?cycle=2027",
            "/reports/mine.md",
            "/reports/mine.html",
        ] + [
            f"/reports/{kind}-2027.{fmt}"
            for kind in ("plan", "followup")
            for fmt in ("md", "html", "csv", "xlsx")
        ]
        for path in paths:
            assert secrets_in(visitor.get(path)) == [], (email, path)
        calendar = visitor.get("/calendar").text
        feed = calendar.split('id="feed-address">http://arshjul.test')[1].split("</p>")[0]
        assert secrets_in(Visitor(web, mailbox).get(feed)) == []
        plan = visitor.get("/reports/plan-2027.md").text
        assert f"| {item_id} | Begränsad åtgärd |" in plan  # it exists, its content does not show


def test_the_insiders_see_the_restricted_item(web: Flask, mailbox: Mailbox, sector: Sector) -> None:
    """Sydbanken's own people and FI read it, notes and all."""
    item_id = restricted(sector)
    for email in (OTHER_PROPOSER, COORDINATOR):
        page = as_(web, mailbox, email).get(f"/items/{item_id}").text
        assert SECRET_TITLE in page and SECRET_TEXT in page and SECRET_NOTE in page


# forged forms -----------------------------------------------------------------------------


def test_another_organisations_proposal_cannot_be_withdrawn_by_editing_the_form(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Bo sends the withdraw form with Pia's id: refused, named, unchanged."""
    theirs = sector.propose("Sydbankens analys", actor=OTHER_PROPOSER)
    bo = as_(web, mailbox, PROPOSER)
    assert "/withdraw" not in bo.get(f"/items/{theirs}").text
    response = bo.post(f"/items/{theirs}/withdraw", {"note": "bort med den"})
    assert response.status_code == 403
    assert "ärendet tillhör Sydbanken AB" in response.text
    assert sector.show(theirs)["state"] == "proposed"
    assert len(sector.show(theirs)["history"]) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("event", ["start", "complete"])
@pytest.mark.parametrize("email", [PROPOSER, OTHER_PROPOSER])
def test_someone_elses_measure_cannot_be_started_or_completed_by_editing_the_form(
    web: Flask, mailbox: Mailbox, sector: Sector, event: str, email: str
) -> None:
    """Only Olle, who owns it, or FI reports on his measure: Bo of his own bank and Pia of
    another are refused, and it stays as it was."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-03-01 09:00"))
    response = as_(web, mailbox, email).post(f"/items/{ids['june']}/{event}", {"note": "klart!"})
    assert response.status_code == 403 and f"åtgärdens ägare {OWNER}" in response.text
    assert sector.show(ids["june"])["state"] == "decided"


def test_an_owner_cannot_report_on_a_restricted_measure_of_another(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Olle sending Anna's restricted measure's id gets the missing page; it does not move."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-03-01 09:00"))
    response = as_(web, mailbox, OWNER).post(f"/items/{ids['secret']}/complete", {})
    assert response.status_code == 404
    assert sector.show(ids["secret"])["state"] == "decided"


def test_an_unknown_move_is_a_missing_page(web: Flask, mailbox: Mailbox, sector: Sector) -> None:
    """A made-up event in the address is not a way in."""
    item_id = sector.propose()
    assert as_(web, mailbox, PROPOSER).post(f"/items/{item_id}/delete", {}).status_code == 404


# what is shown ----------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}x"])
def test_a_title_shows_up_exactly_as_written(
    web: Flask, mailbox: Mailbox, sector: Sector, title: str
) -> None:
    """Markup and template syntax in a title are text, on every page it is on."""
    bo = as_(web, mailbox, PROPOSER)
    bo.get("/items/new")
    created = bo.post("/items/new", {"title": title})
    assert created.status_code == 303
    escaped = title.replace("<", "&lt;").replace(">", "&gt;")
    pages = [bo.get(created.headers["Location"]), bo.get("/items")]
    sector.clock.set(at("2026-05-11 10:00"))
    pages.append(as_(web, mailbox, COORDINATOR).get("/board"))
    for page in pages:
        assert escaped in page.text
        assert "<script>alert" not in page.text


def test_every_answer_carries_the_security_headers(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """A CSP without inline script or style, nosniff, no referrer, no framing; on pages,
    errors, downloads, feeds and the sign-in page alike."""
    plan_2027(sector)
    sector.clock.set(at("2027-02-01 09:00"))
    anna = as_(web, mailbox, COORDINATOR)
    feed = (
        anna.get("/calendar")
        .text.split('id="feed-address">http://arshjul.test')[1]
        .split("</p>")[0]
    )
    responses = [
        Visitor(web, mailbox).get("/signin"),
        anna.get("/board"),
        anna.get("/items/2027-999"),
        anna.get("/reports/plan-2027.xlsx"),
        anna.get("/static/arshjul.css"),
        Visitor(web, mailbox).get(feed),
        anna.post("/items/new", {}, csrf=False),
    ]
    for response in responses:
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "style-src 'self'" in csp and "unsafe-inline" not in csp and "script-src" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"
    assert responses[1].headers["Cache-Control"] == "no-store"


def test_no_page_needs_inline_script_or_style(web: Flask, mailbox: Mailbox, sector: Sector) -> None:
    """What the CSP forbids is not there to be blocked: no script, no style attribute."""
    ids = plan_2027(sector)
    sector.clock.set(at("2027-11-10 09:00"))
    for email, paths in (
        (
            COORDINATOR,
            ["/board?cycle=2027", f"/items/{ids['june']}", "/reports", "/calendar", "/items/new"],
        ),
        (OWNER, ["/measures", "/items", "/calendar?year=2027"]),
    ):
        visitor = as_(web, mailbox, email)
        for path in paths:
            page = visitor.get(path).text
            assert "<script" not in page and " style=" not in page and "<style" not in page, path
    for page in (
        Visitor(web, mailbox).get("/signin").text,
        Visitor(web, mailbox).get("/nowhere").text,
    ):
        assert "<script" not in page and " style=" not in page


def test_a_form_sends_one_back_only_to_a_page_of_ours(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """A `next` pointing elsewhere (another site, a scheme) is ignored."""
    bo = as_(web, mailbox, PROPOSER)
    for target in (
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "items",
    ):
        response = bo.post("/language", {"lang": "en", "next": target})
        assert response.headers["Location"] == "/", target


def test_what_a_person_cannot_cause_is_a_page_not_a_traceback(
    web: Flask, mailbox: Mailbox, sector: Sector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing page, a wrong method, too much text, and a fault of ours each get a page of
    ours in Swedish; the fault changes nothing."""
    bo = as_(web, mailbox, PROPOSER)
    assert bo.get("/nowhere").status_code == 404 and "Sidan finns inte" in bo.get("/nowhere").text
    assert bo.get("/signout").status_code == 405
    big = bo.post("/items/new", {"title": "x", "description": "y" * 300_000})
    assert big.status_code == 413 and "För mycket text" in big.text

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(services, "list_items", broken)
    response = bo.get("/items")
    assert response.status_code == 500
    assert "Något gick fel hos oss. Ingenting ändrades." in response.text
    assert "RuntimeError" not in response.text and "Traceback" not in response.text


# every route ------------------------------------------------------------------------------


def _world(web: Flask, mailbox: Mailbox, sector: Sector) -> tuple[Visitor, dict[str, object]]:
    """Cycle 2027 under way, Anna signed in with her calendar seen, a sign-in link of Bo's
    not yet used; and arguments for every route that takes some."""
    from arshjul.web.items import BY_NAME

    ids = plan_2027(sector)
    sector.clock.set(at("2027-03-01 09:00"))
    anna = as_(web, mailbox, COORDINATOR)
    feed = anna.get("/calendar").text.split('id="feed-address">http://arshjul.test/feed/')[1]
    Visitor(web, mailbox).post("/signin", {"address": PROPOSER})
    link = mailbox.link(PROPOSER).rsplit("/", 1)[1]
    values: dict[str, object] = {
        "signin.confirm": {"token": link},
        "items.item": {"item_id": ids["june"]},
        "items.move": [{"item_id": ids["june"], "event": event} for event in BY_NAME],
        "items.edit": {"item_id": ids["june"]},
        "living.replan": {"item_id": ids["june"]},
        "living.ask": {"item_id": ids["june"]},
        "living.answer": {"item_id": ids["june"]},
        "board.download": [
            {"kind": kind, "plan_year": 2027, "fmt": fmt}
            for kind in ("plan", "followup")
            for fmt in ("md", "html", "csv", "xlsx")
        ],
        "board.download_mine": [{"fmt": "md"}, {"fmt": "html"}],
        "meetings.year_ics": {"year": 2027},
        "overlap.page": {"plan_year": 2027},
        "overlap.mark": {"plan_year": 2027},
        "meetings.feed": {"token": feed.split(".ics")[0]},
    }
    return anna, values


@pytest.mark.parametrize("token", [None, "not-the-token"])
def test_every_post_route_refuses_a_form_without_its_csrf_token_and_changes_nothing(
    web: Flask, mailbox: Mailbox, sector: Sector, token: str | None
) -> None:
    """Each POST in the URL map, sent without the token or with a wrong one, is 400 and leaves
    every table and the mail folder as they were."""
    anna, values = _world(web, mailbox, sector)
    paths = every_path(web, "POST", values)  # type: ignore[arg-type]
    from arshjul.web.items import BY_NAME

    # signin, the link, signout, language, propose, editing a proposal, feed, marking an overlap;
    # replan, asking for a new date, answering the request
    assert len(paths) == 11 + len(BY_NAME)
    before, mail_before = database(sector), len(mailbox.messages())
    form = {"note": "förfalskat", "rank": "1", "lang": "en", "address": PROPOSER}
    for path in paths:
        response = anna.post(path, form | ({"csrf": token} if token else {}), csrf=False)
        assert response.status_code == 400, path
        assert "saknade sin säkerhetskod" in response.text, path
    assert database(sector) == before
    assert len(mailbox.messages()) == mail_before


def test_no_get_page_writes_anything(web: Flask, mailbox: Mailbox, sector: Sector) -> None:
    """Every GET in the URL map, for FI and for a proposer, leaves every table as it was (the
    feed address, made on the first view of the calendar, already exists)."""
    anna, values = _world(web, mailbox, sector)
    bo = as_(web, mailbox, OTHER_PROPOSER)
    bo.get("/calendar")
    paths = every_path(web, "GET", values)  # type: ignore[arg-type]
    before = database(sector)
    for visitor in (anna, bo, Visitor(web, mailbox)):
        for path in paths:
            assert visitor.get(path).status_code < 500, path
    assert database(sector) == before


def test_every_answer_of_every_route_carries_the_security_headers(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Pages, downloads, feeds, redirects and each kind of error page alike."""
    anna, values = _world(web, mailbox, sector)
    responses = [anna.get(path) for path in every_path(web, "GET", values)]  # type: ignore[arg-type]
    bo = as_(web, mailbox, PROPOSER)
    responses += [
        Visitor(web, mailbox).get("/items"),  # 302 to sign in
        bo.get("/board"),  # 403
        bo.get("/nowhere"),  # 404
        bo.get("/signout"),  # 405
        bo.post("/items/new", {}, csrf=False),  # 400
        bo.post("/items/new", {"title": "x", "description": "y" * 300_000}),  # 413
        bo.get("/board?cycle=tjugo"),  # 400, a bad year
        Visitor(web, mailbox).get("/signin/not-a-token"),  # 404, a link never sent
    ]
    statuses = {response.status_code for response in responses}
    assert {200, 302, 400, 403, 404, 405, 413} <= statuses
    for response in responses:
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "script-src" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "{{ 7*7 }}"])
def test_markup_in_titles_notes_reasons_and_names_shows_literally_on_every_page(
    web: Flask, mailbox: Mailbox, sector: Sector, payload: str
) -> None:
    """An organisation, a person, a title, a note, a reason and a meeting carrying markup or
    template syntax are text on every page and download that shows them."""
    from arshjul.workflow import meetings

    clock = sector.clock
    org, email = f"Bank {payload}", "eva@payload.example"
    services.add_org(sector.uow(), clock, COORDINATOR, org, "company")
    services.add_person(
        sector.uow(), clock, COORDINATOR, email, f"Eva {payload}", org, ["proposer"]
    )
    kept = sector.propose(f"Titel {payload}", actor=email, description=f"Text {payload}")
    left = sector.propose(f"Annan {payload}", actor=email)
    clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", kept, actor=COORDINATOR, note=f"Not {payload}")
    sector.move("deprioritise", left, actor=COORDINATOR, note=f"Skäl {payload}")
    meetings.add_meeting(
        sector.uow(),
        clock,
        sector.calendar,
        COORDINATOR,
        f"Möte {payload}",
        "bilateral",
        at("2027-04-01 10:00"),
        at("2027-04-01 11:00"),
        place=f"Rum {payload}",
        orgs=[org],
    )
    clock.set(at("2026-10-05 10:00"))
    escaped = payload.replace("<", "&lt;").replace(">", "&gt;")
    eva = Visitor(web, mailbox)
    eva.post("/signin", {"address": email})
    confirm = eva.get(mailbox.link(email)).text
    assert f"Eva {escaped}, Bank {escaped}" in confirm and "<script>alert" not in confirm
    eva.post(mailbox.link(email))
    anna, bo = as_(web, mailbox, COORDINATOR), as_(web, mailbox, PROPOSER)
    pages = {
        (eva, "/items"): ["Titel", "Annan"],
        (eva, f"/items/{kept}"): ["Titel", "Text", "Not", "Bank"],
        (eva, f"/items/{left}"): ["Annan", "Skäl"],
        (eva, "/calendar?year=2027"): ["Möte", "Rum"],
        (eva, "/reports/mine.html"): ["Titel", "Annan", "Bank"],
        (eva, "/reports/plan-2027.html"): ["Annan", "Skäl"],
        (anna, "/board?cycle=2027"): ["Annan"],
        (anna, f"/items/{left}"): ["Annan", "Skäl", "Bank"],
        (bo, "/items/new"): ["Bank"],
    }
    for (visitor, path), words in pages.items():
        body = visitor.get(path).text
        assert "<script>alert" not in body, path  # and "{{ 7*7 }}" stays itself, not 49:
        for word in words:
            assert f"{word} {escaped}" in body, (path, word)
    assert f"Eva {escaped}, Bank {escaped}" in eva.get("/items").text  # who is signed in
