"""Meetings, working groups and the calendar, on the real store; calendars read back with icalendar."""

from __future__ import annotations

from datetime import date, timedelta
from email import message_from_string, policy
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select, text

from arshjul.config import load_cycle_config
from arshjul.errors import ArshjulError, BadInput, NotAllowed
from arshjul.reports.ics import calendar as to_ics
from arshjul.store.outbox import OUTBOX
from arshjul.workflow import meetings, ticker
from arshjul.workflow.calendar import CycleCalendar
from tests.conftest import (
    COORDINATOR,
    DECIDER,
    OTHER_PROPOSER,
    OWNER,
    PROPOSER,
    REFERENCE,
    Sector,
    at,
)


def outbox(sector: Sector, kind: str) -> list[tuple[str, str, str | None]]:
    with sector.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT recipient, subject, attachment FROM outbox WHERE kind = :k ORDER BY id"),
            {"k": kind},
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def events_of(ics_text: str) -> list[dict[str, object]]:
    parsed = Calendar.from_ical(ics_text)
    return [
        {
            "uid": str(e["uid"]),
            "sequence": int(e["sequence"]),
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
            "status": str(e["status"]),
        }
        for e in parsed.walk("VEVENT")
    ]


def add(sector: Sector, **kw: object) -> object:
    values: dict[str, object] = {
        "title": "Planeringsmöte: sektorsövning",
        "kind": "planning",
        "starts": at("2026-08-20 13:00"),
        "ends": at("2026-08-20 15:00"),
        "orgs": ["Nordbanken AB"],
        "people": [COORDINATOR],
    } | kw
    return meetings.add_meeting(sector.uow(), sector.clock, sector.calendar, COORDINATOR, **values)  # type: ignore[arg-type]


def test_invitees_get_an_invitation_with_a_calendar_file(sector: Sector) -> None:
    """The organisation's people and the named person are invited; the .ics parses and names the meeting."""
    sector.clock.set(at("2026-08-01 10:00"))
    meeting = add(sector)
    invited = outbox(sector, "invitation")
    assert sorted(r for r, _, _ in invited) == sorted([PROPOSER, OWNER, COORDINATOR])
    _, subject, attachment = invited[0]
    assert subject == "Inbjudan: Planeringsmöte: sektorsövning, 2026-08-20 13:00"
    assert attachment is not None
    [event] = events_of(attachment)
    assert event["uid"] == meeting.uid and event["sequence"] == 0  # type: ignore[attr-defined]
    assert event["start"] == at("2026-08-20 13:00")


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence(sector: Sector) -> None:
    """Moving sends a new invitation that replaces the old one in calendar programs."""
    sector.clock.set(at("2026-08-01 10:00"))
    meeting = add(sector)
    moved = meetings.move_meeting(
        sector.uow(),
        sector.clock,
        sector.calendar,
        COORDINATOR,
        meeting.id,
        at("2026-08-21 09:00"),
        at("2026-08-21 11:00"),  # type: ignore[attr-defined]
    )
    assert (moved.uid, moved.sequence) == (meeting.uid, 1)  # type: ignore[attr-defined]
    [*_, (_, subject, attachment)] = outbox(sector, "meeting_moved")
    assert subject.startswith("Ändrad tid") and attachment is not None
    [event] = events_of(attachment)
    assert (event["uid"], event["sequence"], event["start"]) == (
        meeting.uid,
        1,
        at("2026-08-21 09:00"),
    )  # type: ignore[attr-defined]
    cal = to_ics([moved], name="FTPOS 2026", stamp=sector.clock.now(), organizer="fi@fi.example")
    assert events_of(cal)[0]["sequence"] == 1


def test_invitees_are_reminded_before_a_meeting_and_not_after_it_moves_away(sector: Sector) -> None:
    """Reminders 7 and 1 days before at 08:00; moving the meeting plans them anew; a cancelled one is silent."""
    ticker.start(sector.engine, sector.clock)
    sector.clock.set(at("2026-08-01 10:00"))
    meeting = add(sector)
    meetings.move_meeting(
        sector.uow(),
        sector.clock,
        sector.calendar,
        COORDINATOR,
        meeting.id,
        at("2026-09-03 13:00"),
        at("2026-09-03 15:00"),  # type: ignore[attr-defined]
    )
    sector.clock.set(at("2026-08-28 09:00"))
    fired = ticker.tick(sector.engine, sector.clock, sector.calendar)
    reminders = [(f.detail, f.due_at) for f in fired if f.kind == "meeting_reminder"]
    assert reminders == [("7", at("2026-08-27 08:00"))]  # not the ones for 20 August
    assert sorted(r for r, _, _ in outbox(sector, "meeting_reminder")) == sorted(
        [PROPOSER, OWNER, COORDINATOR]
    )
    meetings.cancel_meeting(sector.uow(), sector.clock, COORDINATOR, meeting.id)  # type: ignore[attr-defined]
    sector.clock.set(at("2026-09-04 00:00"))
    assert not [
        f
        for f in ticker.tick(sector.engine, sector.clock, sector.calendar)
        if f.kind == "meeting_reminder"
    ]
    [(_, _, attachment)] = outbox(sector, "meeting_cancelled")[:1]
    assert attachment and events_of(attachment)[0]["status"] == "CANCELLED"


def test_a_meetings_reminders_are_planned_anew_when_send_at_changes(
    sector: Sector, tmp_path: Path
) -> None:
    """send_at = "09:30": the meeting's unfired reminders move to 09:30; none is lost."""
    ticker.start(sector.engine, sector.clock)
    sector.clock.set(at("2026-08-01 10:00"))
    add(sector)
    ticker.tick(sector.engine, sector.clock, sector.calendar)
    path = tmp_path / "later.toml"
    path.write_text('[reminders]\nsend_at = "09:30"\n', encoding="utf-8")
    later = CycleCalendar(load_cycle_config(path))
    sector.clock.set(at("2026-08-13 09:30"))
    fired = ticker.tick(sector.engine, sector.clock, later)
    assert [(f.detail, f.due_at, f.void) for f in fired if f.kind == "meeting_reminder"] == [
        ("7", at("2026-08-13 09:30"), None)
    ]


def test_minutes_go_to_the_invitees(sector: Sector) -> None:
    """FI documents the meeting; everyone invited gets the minutes, nobody else."""
    sector.clock.set(at("2026-08-01 10:00"))
    meeting = add(sector, everyone=False, orgs=[], people=[OWNER])
    sector.clock.set(at("2026-08-21 10:00"))
    meetings.record_minutes(
        sector.uow(),
        sector.clock,
        COORDINATOR,
        meeting.id,
        "Beslut: övningen hålls i mars.\n<b>Inte fet</b>",
    )  # type: ignore[attr-defined]
    [(recipient, subject, _)] = outbox(sector, "minutes")
    assert recipient == OWNER and subject.startswith("Minnesanteckningar")
    with sector.engine.connect() as conn:
        html = conn.execute(text("SELECT html FROM outbox WHERE kind = 'minutes'")).scalar_one()
    assert "&lt;b&gt;Inte fet&lt;/b&gt;" in html


def test_only_coordinators_convene_and_a_meeting_needs_sense(sector: Sector) -> None:
    """A proposer may not convene; an end before the start, nobody invited, an unknown org: refused."""
    sector.clock.set(at("2026-08-01 10:00"))
    with pytest.raises(NotAllowed):
        meetings.add_meeting(
            sector.uow(),
            sector.clock,
            sector.calendar,
            PROPOSER,
            "X",
            "planning",
            at("2026-08-20 13:00"),
            at("2026-08-20 14:00"),
            everyone=True,
        )
    with pytest.raises(BadInput):
        add(sector, ends=at("2026-08-20 12:00"))
    with pytest.raises(BadInput):
        add(sector, orgs=[], people=[])
    with pytest.raises(ArshjulError, match="Okänd AB"):
        add(sector, orgs=["Okänd AB"])
    with sector.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM meeting")).scalar() == 0


def test_a_working_group_is_set_up_per_measure_and_told(sector: Sector) -> None:
    """The coordinator or the measure's owner adds members; each new member is told once."""
    sector.clock.set(at("2026-02-10 10:00"))
    item_id = sector.propose()
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", item_id, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    assert meetings.join_working_group(
        sector.uow(), sector.clock, COORDINATOR, item_id, [OTHER_PROPOSER, PROPOSER]
    ) == [OTHER_PROPOSER, PROPOSER]
    assert meetings.join_working_group(
        sector.uow(), sector.clock, OWNER, item_id, [PROPOSER, REFERENCE]
    ) == [REFERENCE]
    with pytest.raises(NotAllowed):
        meetings.join_working_group(sector.uow(), sector.clock, PROPOSER, item_id, [DECIDER])
    assert meetings.working_group(sector.uow(write=False), item_id, COORDINATOR) == sorted(
        [OTHER_PROPOSER, PROPOSER, REFERENCE]
    )
    assert sorted(r for r, _, _ in outbox(sector, "working_group")) == sorted(
        [OTHER_PROPOSER, PROPOSER, REFERENCE]
    )


def test_someone_outside_a_restricted_measure_cannot_join_its_working_group(
    sector: Sector,
) -> None:
    """Pia of Sydbanken is refused from Nordbanken's measure restricted to the Bankföreningen,
    naming her and the measure; nobody is added or told; Rut of the Bankföreningen joins."""
    item_id = sector.propose("Hemlig: reservsite", restricted_to=["Svenska Bankföreningen"])
    with pytest.raises(NotAllowed, match=f"{OTHER_PROPOSER}.*{item_id}"):
        meetings.join_working_group(
            sector.uow(), sector.clock, COORDINATOR, item_id, [REFERENCE, OTHER_PROPOSER]
        )
    assert meetings.working_group(sector.uow(write=False), item_id, COORDINATOR) == []
    assert outbox(sector, "working_group") == []
    meetings.join_working_group(sector.uow(), sector.clock, COORDINATOR, item_id, [REFERENCE])
    assert meetings.working_group(sector.uow(write=False), item_id, COORDINATOR) == [REFERENCE]


def test_the_decided_plan_and_its_calendar_go_to_everyone_when_communication_opens(
    sector: Sector,
) -> None:
    """At the decision deadline the information meetings are put in; on 1 October the plan goes out."""
    ticker.start(sector.engine, sector.clock)
    sector.clock.set(at("2026-02-10 10:00"))
    kept, left = sector.propose("Övning"), sector.propose("Analys")
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", kept, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", kept, actor=DECIDER, owner=OWNER, due=date(2027, 6, 30))
    sector.clock.set(at("2026-10-01 00:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar)
    year = meetings.meetings_of(sector.uow(write=False), sector.calendar, 2027, COORDINATOR)
    assert [(m.kind, m.starts_at) for m in year] == [
        ("information", at("2027-03-15 10:00")),
        ("information", at("2027-09-15 10:00")),
    ]
    published = outbox(sector, "plan_published")
    with sector.engine.connect() as conn:
        people = conn.execute(text("SELECT count(*) FROM person")).scalar()
    assert len(published) == people
    _, subject, attachment = published[0]
    assert subject == "Verksamhetsplan och möteskalender för FTPOS 2027"
    assert attachment and [e["summary"] for e in events_of(attachment)] == [m.title for m in year]
    with sector.engine.connect() as conn:
        body = conn.execute(
            text("SELECT text FROM outbox WHERE kind = 'plan_published' LIMIT 1")
        ).scalar_one()
    assert kept in body and left in body
    # the whole message, as delivered, carries the calendar as a part of its own
    from arshjul.notifications.delivery import email_message

    with sector.engine.connect() as conn:
        query = select(OUTBOX).where(OUTBOX.c.kind == "plan_published").limit(1)
        row = conn.execute(query).mappings().one()
    delivered = message_from_string(
        email_message(row, "fi@fi.example").as_string(), policy=policy.default
    )
    [part] = [p for p in delivered.iter_attachments()]
    assert part.get_filename() == "calendar.ics" and part.get_content_type() == "text/calendar"
    sector.clock.set(sector.clock.now() + timedelta(days=1))
    assert not [
        f
        for f in ticker.tick(sector.engine, sector.clock, sector.calendar)
        if f.detail == "decision"
    ]
