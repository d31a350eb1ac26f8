"""A real browser: Debian's Chromium, driven by Playwright, against `arshjul serve`."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import COORDINATOR, DECIDER, OTHER_PROPOSER, OWNER, PROPOSER, Sector, at
from tests.web.conftest import Mailbox, Served, plan_2027

CHROMIUM = Path("/usr/bin/chromium")
WAIT_MS = 120_000  # the longest any page, mail link or expectation is waited for
TITLE = "Övning: kontanthantering vid långvarigt elavbrott"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)",
)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's bounds (5 s for an expectation, 30 s for an action) are for an idle machine:
    # on a busy one a page can take longer, and a bound is a ceiling, not a wait.
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Person:
    """One person at their own browser, with what it complained about (CSP and the like)."""

    def __init__(self, browser: object, served: Served, mailbox: Mailbox, shots: Path) -> None:
        self.context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.context.set_default_timeout(WAIT_MS)
        self.page = self.context.new_page()
        self.served, self.mailbox, self.shots = served, mailbox, shots
        self.complaints: list[str] = []
        self.used_link = ""
        self.page.on(
            "console",
            lambda message: (
                self.complaints.append(message.text)
                if message.type in ("error", "warning")
                else None
            ),
        )

    def shot(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def sign_in(self, email: str, prefix: str, used: str | None = None) -> None:
        """Sign in through the newest link mailed to `email` (not `used`, one used before)."""
        page = self.page
        page.goto(self.served.url + "/")
        expect(page).to_have_url(re.compile(r"/signin$"))
        page.get_by_label("E-postadress").fill(email)
        self.shot(f"{prefix}-signin")
        page.get_by_role("button", name="Skicka inloggningslänk").click()
        expect(page.get_by_text("Titta i din inkorg")).to_be_visible()
        self.shot(f"{prefix}-signin-sent")
        link = self._link(email, used)
        page.goto(self.served.url + link)
        self.shot(f"{prefix}-link")
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
        self.used_link = link

    def _link(self, email: str, used: str | None, timeout: float = WAIT_MS / 1000) -> str:
        """The link in the mail: the server's courier delivers it to the dir:// folder."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                link = self.mailbox.link(email)
                assert link != used, "the new link has not come yet"
                return link
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


def test_a_proposer_follows_their_item_from_the_mail_link_to_its_prioritising(
    browser: object,
    sector: Sector,
    serve: Callable[..., Served],
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    """Bo signs in through the mailed link, proposes in February, sees it; in April, when
    prioritisation has opened (a second server at that clock, on the same database), Anna
    prioritises it on the board; Bo sees the new state and its history. No page breaks the CSP."""
    served = serve("2026-02-10T09:00")
    shots = tmp_path / "screenshots"
    bo = Person(browser, served, mailbox, shots)
    bo.sign_in(PROPOSER, "01-proposer")
    bo.shot("02-proposer-items")
    stranger = Person(browser, served, mailbox, shots)
    stranger.page.goto(served.url + bo.used_link)
    expect(stranger.page.get_by_text("Länken har redan använts")).to_be_visible()
    stranger.shot("02-used-link-refused")

    page = bo.page
    page.get_by_role("link", name="Lämna förslag").click()
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Beskrivning").fill(
        "Banker, värdetransportörer och Riksbanken övar försörjningen av kontanter\n"
        "när el och datakommunikation ligger nere i en vecka."
    )
    page.get_by_label("Typ av åtgärd").select_option("exercise")
    bo.shot("03-proposer-propose")
    page.get_by_role("button", name="Lämna förslaget").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("2027-001 är föreslagen i cykel 2027")).to_be_visible()
    bo.shot("04-proposer-item")
    page.get_by_role("link", name="Våra ärenden").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    bo.shot("05-proposer-items-with-one")

    april = serve("2026-04-14T09:00")
    anna = Person(browser, april, mailbox, shots)
    anna.sign_in(COORDINATOR, "06-coordinator")
    board = anna.page
    expect(board).to_have_url(re.compile(r"/board$"))
    anna.shot("07-coordinator-board")
    row = board.locator("#proposed tr", has_text="2027-001")
    row.locator("summary", has_text=re.compile(r"^Prioritera 2027-001")).click()
    row.get_by_label("Rang").fill("1")
    row.get_by_label("Kommentar").fill("Viktig för kontantförsörjningen")
    anna.shot("08-coordinator-prioritising")
    row.get_by_role("button", name="Prioritera 2027-001").click()
    expect(board.get_by_text("2027-001: föreslagen → prioriterad")).to_be_visible()
    expect(board.locator("#prioritised", has_text="2027-001")).to_be_visible()
    anna.shot("09-coordinator-board-after")
    board.get_by_role("link", name="Rapporter").click()
    anna.shot("10-coordinator-reports")
    board.get_by_role("link", name="Möteskalender").click()
    anna.shot("11-coordinator-calendar")

    bo_in_april = Person(browser, april, mailbox, shots)  # his February session has expired
    bo_in_april.sign_in(PROPOSER, "12-proposer-april", used=bo.used_link)
    page = bo_in_april.page
    page.goto(april.url + "/items/2027-001")
    expect(page.locator(".state", has_text="prioriterad").first).to_be_visible()
    history = page.locator("table", has_text="Historik")
    expect(history.get_by_text("Prioriterat")).to_be_visible()
    expect(history.get_by_text(COORDINATOR)).to_be_visible()
    expect(history.get_by_text("Viktig för kontantförsörjningen")).to_be_visible()
    bo.shot("12-proposer-item-prioritised")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    bo.shot("13-proposer-item-english")

    assert bo.complaints == [] and anna.complaints == [] and bo_in_april.complaints == []
    print(f"screenshots in {shots}")


def test_an_owner_reports_an_overdue_measure_done_when_the_follow_up_is_asked_for(
    browser: object,
    sector: Sector,
    serve: Callable[..., Served],
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    """Olle sees his overdue measure first and FI's follow-up request, reports it done with the
    keyboard alone, and finds his meetings in the calendar."""
    ids = plan_2027(sector)
    served = serve("2027-11-05T10:00")
    olle = Person(browser, served, mailbox, tmp_path / "screenshots")
    olle.sign_in(OWNER, "21-owner")
    page = olle.page
    expect(page).to_have_url(re.compile(r"/measures$"))
    expect(page.get_by_text("Uppföljning av FTPOS 2027")).to_be_visible()
    rows = page.locator("tbody tr")
    assert (
        "försenad 128 dagar" in rows.nth(0).inner_text() and ids["june"] in rows.nth(0).inner_text()
    )
    olle.shot("22-owner-measures")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    summary = rows.nth(0).locator("summary", has_text=re.compile(r"^Rapportera klar"))
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Övningen hölls i oktober, rapporten är skickad")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"{ids['june']}: beslutad → genomförd")).to_be_visible()
    olle.shot("23-owner-measures-after")

    page.get_by_role("link", name="Möteskalender").click()
    page.get_by_role("link", name="2027").click()
    table = page.locator("table")
    expect(table.get_by_text("Bilateralt möte FI–Nordbanken")).to_be_visible()
    expect(table.get_by_text("Arbetsgrupp clearing")).to_have_count(0)  # Sydbanken's only
    expect(table.get_by_text("Inställt")).to_be_visible()
    expect(table.locator("tr", has_text="Bilateralt").get_by_text("Du är inbjuden")).to_be_visible()
    olle.shot("24-owner-calendar")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(served.url + f"/items/{ids['june']}")
    expect(page.get_by_role("heading", name="Övning: betalningar vid elavbrott")).to_be_visible()
    olle.shot("25-owner-item-on-a-phone")
    assert olle.complaints == []


def test_fi_management_decides_the_plan_from_the_board(
    browser: object,
    sector: Sector,
    serve: Callable[..., Served],
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    """In the decision phase the decider opens a prioritised proposal's form on the board,
    picks its owner and due date, and the board shows it decided."""
    ids = [
        sector.propose("Sektorsövning: betalningar vid långvarigt elavbrott"),
        sector.propose("Gemensam lägesbild vid cyberangrepp", actor=OTHER_PROPOSER),
        sector.propose("Hemlig: reservsite", actor=OTHER_PROPOSER, restricted_to=["Sydbanken AB"]),
        sector.propose("Kontanthantering i glesbygd"),
    ]
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", *ids[:3], actor=COORDINATOR)
    sector.move("deprioritise", ids[3], actor=COORDINATOR, note="Ingår i bankernas egna planer")
    served = serve("2026-09-08T13:00")
    chef = Person(browser, served, mailbox, tmp_path / "screenshots")
    chef.sign_in(DECIDER, "31-decider")
    board = chef.page
    chef.shot("32-decider-board")
    row = board.locator("#prioritised tr", has_text=ids[0])
    row.locator("summary", has_text=re.compile(r"^Besluta")).click()
    row.get_by_label("Ansvarig").select_option(OWNER)
    row.get_by_label("Klart senast").fill("2027-09-30")
    chef.shot("33-decider-deciding")
    row.get_by_role("button", name=f"Besluta {ids[0]} in i planen").click()
    expect(board.get_by_text(f"{ids[0]}: prioriterad → beslutad")).to_be_visible()
    expect(board.locator("#decided", has_text=OWNER)).to_be_visible()
    chef.shot("34-decider-board-after")
    assert chef.complaints == []


def test_a_flood_of_link_requests_from_one_client_does_not_keep_the_person_out(
    browser: object,
    sector: Sector,
    serve: Callable[..., Served],
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    """Behind a trusted proxy, one client asks 40 times for Bo's link and is refused after its
    own limit; Bo, at his own browser from another address, gets his link by mail and signs
    in with it."""
    from arshjul.workflow import access

    served = serve("2026-02-10T09:00", "--trusted-proxy", "127.0.0.1")
    flood = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.66"})  # type: ignore[attr-defined]
    form = flood.request.get(served.url + "/signin").text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf is not None
    statuses = [
        flood.request.post(
            served.url + "/signin", form={"csrf": csrf.group(1), "address": PROPOSER}
        ).status
        for _ in range(40)
    ]
    flood.close()
    allowed = access.PER_CLIENT_ADDRESS
    assert statuses == [200] * allowed + [429] * (40 - allowed)
    flooded = _mails_to(mailbox, PROPOSER, allowed)

    bo = Person(browser, served, mailbox, tmp_path / "screenshots")
    bo.context.set_extra_http_headers({"X-Forwarded-For": "192.0.2.44"})
    page = bo.page
    page.goto(served.url + "/signin")
    page.get_by_label("E-postadress").fill(PROPOSER)
    page.get_by_role("button", name="Skicka inloggningslänk").click()
    expect(page.get_by_text("Titta i din inkorg")).to_be_visible()
    _mails_to(mailbox, PROPOSER, flooded + 1)
    page.goto(served.url + mailbox.link(PROPOSER))
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    bo.shot("31-signed-in-after-a-flood")
    assert bo.complaints == []


def _mails_to(mailbox: Mailbox, email: str, count: int, timeout: float = 30.0) -> int:
    """Wait until `count` sign-in mails reached `email` (the server's courier sends them);
    fail if they do not come in time or more come."""
    deadline = time.monotonic() + timeout
    while True:
        got = [m for m in mailbox.messages(email) if m["X-Arshjul-Kind"] == "signin"]
        if len(got) >= count or time.monotonic() > deadline:
            assert len(got) == count, (len(got), count)
            return count
        time.sleep(0.1)
