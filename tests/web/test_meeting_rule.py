"""One rule of who sees a meeting, in every download of the web page and in the mail, for every
kind of reader: the calendar page, its .ics and the private feed, the plan and the follow-up in
every format, and every message a person is sent (the calendar mailed with the plan, the
invitations, the minutes)."""

from __future__ import annotations

import io

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select

from arshjul.store.outbox import OUTBOX
from tests.conftest import Sector
from tests.meeting_rule import READERS, plan_year_2027, wrong
from tests.web.conftest import Mailbox, Visitor, as_

#: Downloads without a meeting calendar of their own: they must only leave out what is not seen.
NO_CALENDAR = {
    "/reports/plan-2027.csv",
    *(f"/reports/followup-2027.{f}" for f in ("md", "html", "csv")),
}


def _text(visitor: Visitor, path: str) -> str:
    response = visitor.get(path)
    assert response.status_code == 200, (path, response.status_code)
    if path.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return response.get_data(as_text=True)


def _mail(sector: Sector, email: str) -> str:
    """Every message to `email` as written: subject, text, html and attachment."""
    query = select(OUTBOX.c.subject, OUTBOX.c.text, OUTBOX.c.html, OUTBOX.c.attachment).where(
        OUTBOX.c.recipient == email
    )
    with sector.engine.connect() as conn:
        return "\n".join(part or "" for row in conn.execute(query) for part in row)


def test_every_download_and_every_message_shows_a_meeting_to_exactly_those_the_rule_lets_see_it(
    web: Flask, mailbox: Mailbox, sector: Sector
) -> None:
    """Coordinator, invited, uninvited, working-group member and the measure's organisation:
    each download and each person's mail shows each meeting exactly when the one rule says so."""
    plan_year_2027(sector)
    downloads = ["/calendar?year=2027", "/calendar/2027.ics"] + [
        f"/reports/{kind}-2027.{fmt}"
        for kind in ("plan", "followup")
        for fmt in ("md", "html", "csv", "xlsx")
    ]
    problems: list[str] = []
    for reader in READERS:
        if reader.email is None:
            continue  # nobody signs in as nobody in particular
        visitor = as_(web, mailbox, reader.email)
        for path in downloads:
            text = _text(visitor, path)
            problems += wrong(reader, path, text, lists=path not in NO_CALENDAR)
        page = visitor.get("/calendar").text
        feed = page.split('id="feed-address">http://arshjul.test')[1].split("</p>")[0]
        problems += wrong(reader, "the feed", _text(Visitor(web, mailbox), feed))
        problems += wrong(reader, "the mail", _mail(sector, reader.email))
    assert problems == [], "\n".join(problems)
