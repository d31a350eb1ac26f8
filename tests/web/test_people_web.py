"""A deactivated person cannot sign in: no link is mailed to them, a link mailed before no
longer works, and a session they had ends at their next page."""

from __future__ import annotations

import pytest

from arshjul.workflow import people
from tests.conftest import COORDINATOR, PROPOSER, Sector
from tests.web.conftest import Mailbox, Visitor


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_deactivated_person_cannot_sign_in(
    sector: Sector, visitor: Visitor, mailbox: Mailbox
) -> None:
    """Bo is signed in, and has a second link in his mail; he is deactivated: his next page
    asks him to sign in, the link is refused, and asking for another mails him nothing."""
    visitor.sign_in(PROPOSER)
    visitor.get("/signin")
    visitor.post("/signin", {"address": PROPOSER})
    unused = mailbox.link(PROPOSER)
    ours = visitor.get("/").headers["Location"]
    assert visitor.get(ours).status_code == 200
    people.deactivate(sector.uow(), sector.clock, COORDINATOR, PROPOSER, "Slutat")
    page = visitor.get(ours)
    assert page.status_code == 302 and page.headers["Location"].endswith("/signin")
    assert visitor.get(unused).status_code == 410
    assert visitor.post(unused).status_code == 410
    links = len(mailbox.messages(PROPOSER))
    visitor.get("/signin")
    asked = visitor.post("/signin", {"address": PROPOSER})
    assert asked.status_code == 200 and "Titta i din inkorg" in asked.get_data(as_text=True)
    assert len(mailbox.messages(PROPOSER)) == links
    # Back again, he signs in as before.
    people.activate(sector.uow(), sector.clock, COORDINATOR, PROPOSER, "Tillbaka")
    assert "Bo, Nordbanken AB" in visitor.sign_in(PROPOSER).text
