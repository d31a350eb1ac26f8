"""The weekly digest: a person's messages gathered in one, reminders still on their day."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

from arshjul.notifications.delivery import FolderDelivery, send_waiting
from arshjul.store import outbox
from arshjul.workflow import services, ticker
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at


def delivered(folder: Path) -> list[tuple[str, str]]:
    messages = [
        message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted(folder.glob("*.eml"))
    ]
    return [(str(m["To"]), str(m["Subject"])) for m in messages]


def test_a_digest_reader_gets_one_weekly_message_and_reminders_on_their_day(
    sector: Sector, tmp_path: Path
) -> None:
    """Bo's receipts and state changes wait for Monday; Olle's due reminder is not held back."""
    folder = FolderDelivery(tmp_path / "mail")
    ticker.start(sector.engine, sector.clock)
    services.set_preferences(sector.uow(), PROPOSER, PROPOSER, digest=True)
    services.set_preferences(sector.uow(), COORDINATOR, OWNER, digest=True)
    sector.clock.set(at("2026-03-31 10:00"))  # a Tuesday, the dialogue's last day
    first, second = sector.propose("Förslag ett"), sector.propose("Förslag två")
    sector.clock.set(at("2026-04-01 10:00"))  # prioritisation opens
    sector.move("prioritise", first, actor=COORDINATOR)
    send_waiting(sector.engine, sector.clock, folder, "fi@fi.example")
    assert [s for to, s in delivered(folder.folder) if to == PROPOSER] == []
    with sector.uow(write=False) as uow:
        assert outbox.counts(uow.connection)["held"] == 3

    sector.clock.set(at("2026-04-06 00:00"))  # Monday, Easter Monday
    fired = ticker.tick(sector.engine, sector.clock, sector.calendar)
    assert ("digest", "week", "2026-W15") in [(f.kind, f.subject, f.detail) for f in fired]
    send_waiting(sector.engine, sector.clock, folder, "fi@fi.example")
    assert [s for to, s in delivered(folder.folder) if to == PROPOSER] == []  # not at night
    sector.clock.set(at("2026-04-06 08:00"))
    send_waiting(sector.engine, sector.clock, folder, "fi@fi.example")
    assert [s for to, s in delivered(folder.folder) if to == PROPOSER] == []  # nor on a holiday
    sector.clock.set(at("2026-04-07 08:00"))
    send_waiting(sector.engine, sector.clock, folder, "fi@fi.example")
    [digest] = [s for to, s in delivered(folder.folder) if to == PROPOSER]
    assert digest == "Veckans sammanfattning från FTPOS: 3 meddelanden"
    [eml] = [
        p
        for p in folder.folder.glob("*.eml")
        if "sammanfattning"
        in str(message_from_bytes(p.read_bytes(), policy=policy.default)["Subject"])
    ]
    body = message_from_bytes(eml.read_bytes(), policy=policy.default).get_body(("plain",))
    assert body is not None
    text = str(body.get_content())
    assert (
        f"Vi har tagit emot ditt förslag {first}" in text
        and f"{second}" in text
        and f"{first} är nu prioriterad" in text
    )
    with sector.uow(write=False) as uow:
        assert outbox.counts(uow.connection)["held"] == 0
        assert {
            r["bundled_in"]
            for r in outbox.messages(uow.connection, limit=50)
            if r["kind"] == "receipt"
        } != {None}

    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", first, actor=DECIDER, owner=OWNER, due=date(2027, 3, 15))
    sector.clock.set(at("2027-03-01 08:00"))  # 14 days before: a Monday, with a digest too
    ticker.tick(sector.engine, sector.clock, sector.calendar)
    send_waiting(sector.engine, sector.clock, folder, "fi@fi.example")
    to_owner = [s for to, s in delivered(folder.folder) if to == OWNER]
    assert f"Påminnelse: {first} ska vara klar 2027-03-15" in to_owner
    assert any(s.startswith("Veckans sammanfattning") for s in to_owner)  # the assignment waited


def test_only_the_person_or_a_coordinator_changes_how_they_get_mail(sector: Sector) -> None:
    """Bo may set his own digest; he may not set Olle's."""
    import pytest

    from arshjul.errors import NotAllowed

    assert (
        services.set_preferences(sector.uow(), PROPOSER, PROPOSER, digest=True, lang="en").lang
        == "en"
    )
    with pytest.raises(NotAllowed):
        services.set_preferences(sector.uow(), PROPOSER, OWNER, digest=True)
