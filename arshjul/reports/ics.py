"""Meetings as iCalendar (RFC 5545): a moved meeting keeps its UID and raises its SEQUENCE, so
calendar programs replace their copy instead of adding a second one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

from arshjul.states.model import Meeting

PRODID = "-//Årshjul//FTPOS//SV"


def calendar(
    meetings: Sequence[Meeting],
    *,
    name: str,
    stamp: datetime,
    organizer: str,
    method: str | None = None,
    describe: dict[int, str] | None = None,
) -> str:
    """One VCALENDAR with a VEVENT a meeting; `method` REQUEST or CANCEL for invitations."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting.uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add("dtend", meeting.ends_at.astimezone(UTC))
        event.add("summary", meeting.title)
        event.add("categories", [meeting.kind.replace("_", " ")])
        if meeting.place:
            event.add("location", meeting.place)
        description = (describe or {}).get(meeting.id) or "\n".join(
            f"{n}. {point}" for n, point in enumerate(meeting.agenda, start=1)
        )
        if description:
            event.add("description", description)
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        address = vCalAddress(f"mailto:{organizer}")
        address.params["cn"] = vText(name)
        event.add("organizer", address)
        cal.add_component(event)
    text: str = cal.to_ical().decode("utf-8")
    return text
