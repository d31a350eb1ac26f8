"""A real browser: Debian's Chromium, driven by Playwright, against `arshjul serve`."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import COORDINATOR, OWNER, PROPOSER, Sector
from tests.web.conftest import Mailbox, Served, plan_2027

CHROMIUM = Path("/usr/bin/chromium")
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

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Person:
    """One person at their own browser, with what it complained about (CSP and the like)."""

    def __init__(self, browser: object, served: Served, mailbox: Mailbox, shots: Path) -> None:
        self.context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.served, self.mailbox, self.shots = served, mailbox, shots
        self.complaints: list[str] = []
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

    def sign_in(self, email: str, prefix: str) -> None:
        page = self.page
        page.goto(self.served.url + "/")
        expect(page).to_have_url(re.compile(r"/signin$"))
        page.get_by_label("E-postadress").fill(email)
        self.shot(f"{prefix}-signin")
        page.get_by_role("button", name="Skicka inloggningslänk").click()
        expect(page.get_by_text("Titta i din inkorg")).to_be_visible()
        self.shot(f"{prefix}-signin-sent")
        link = self._link(email)
        page.goto(self.served.url + link)
        self.shot(f"{prefix}-link")
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    def _link(self, email: str, timeout: float = 20.0) -> str:
        """The link in the mail: the server's courier delivers it to the dir:// folder."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.mailbox.link(email)
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
    """Bo signs in through the mailed link, proposes, sees it; Anna prioritises it on the board;
    Bo sees the new state and its history. No page breaks the CSP."""
    served = serve("2026-02-10T09:00")
    shots = tmp_path / "screenshots"
    bo = Person(browser, served, mailbox, shots)
    bo.sign_in(PROPOSER, "01-proposer")
    bo.shot("02-proposer-items")

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

    anna = Person(browser, served, mailbox, shots)
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

    page.goto(served.url + "/items/2027-001")
    expect(page.locator(".state", has_text="prioriterad").first).to_be_visible()
    history = page.locator("table", has_text="Historik")
    expect(history.get_by_text("Prioriterat")).to_be_visible()
    expect(history.get_by_text(COORDINATOR)).to_be_visible()
    expect(history.get_by_text("Viktig för kontantförsörjningen")).to_be_visible()
    bo.shot("12-proposer-item-prioritised")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    bo.shot("13-proposer-item-english")

    assert bo.complaints == [] and anna.complaints == []
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
    expect(
        table.get_by_text("Arbetsgrupp clearing")
    ).to_be_visible()  # the year's calendar, as mailed
    expect(table.get_by_text("Inställt")).to_be_visible()
    expect(table.locator("tr", has_text="Bilateralt").get_by_text("Du är inbjuden")).to_be_visible()
    expect(table.locator("tr", has_text="Arbetsgrupp").get_by_text("Du är inbjuden")).to_have_count(
        0
    )
    olle.shot("24-owner-calendar")
    assert olle.complaints == []
