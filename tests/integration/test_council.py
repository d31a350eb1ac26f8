"""The regional council's cycle (the built-in example `finansrad`) on the real store: its
quarterly meetings with their agenda put in the calendar each year, invited with the agenda."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from arshjul.clock import FixedClock
from arshjul.config import load_cycle_config
from arshjul.notifications.notifier import Notifier
from arshjul.reports.build import build
from arshjul.reports.output import write
from arshjul.store.outbox import OUTBOX
from arshjul.workflow import ticker
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.handlers import HANDLERS, install
from arshjul.workflow.meetings import meetings_of
from tests.conftest import COORDINATOR, Sector, at

STANDING = [
    "Genomgång av verksamhetsplan",
    "Genomgång förvaltningsresultat",
    "Ansvarsfulla investeringar",
    "Avvikelsehantering (compliancerapport)",
]


@pytest.fixture
def council(engine: Engine, clock: FixedClock) -> Iterator[Sector]:
    """The small sector, run by the council's cycle, with its mail."""
    calendar = CycleCalendar(load_cycle_config(example="finansrad"))
    notifier = Notifier(calendar)
    install(notifier)
    clock.set(at("2022-08-01 09:00"))
    ticker.start(engine, clock)
    yield Sector(engine, clock, calendar)
    HANDLERS.remove(notifier)


def tick(council: Sector, moment: str) -> list[ticker.Fired]:
    council.clock.set(at(moment))
    return ticker.tick(council.engine, council.clock, council.calendar, instance="test")


def test_the_councils_quarterly_meetings_come_with_their_agenda_when_the_plan_is_decided(
    council: Sector,
) -> None:
    """At the decision deadline (15 December) the four meetings of the plan year go in the
    calendar, standing points first, and everyone is invited with the agenda and an .ics."""
    assert meetings_of(council.uow(write=False), council.calendar, 2023, COORDINATOR) == []
    [closing] = [
        f
        for f in tick(council, "2022-12-16 00:00")
        if (f.kind, f.subject, f.detail) == ("phase_closes", "2023", "decision")
    ]
    assert len(closing.effect["agenda_meetings"]) == 4 and "meetings" not in closing.effect
    year = meetings_of(council.uow(write=False), council.calendar, 2023, COORDINATOR)
    assert [
        (m.title, council.calendar.local(m.starts_at).strftime("%m-%d %H:%M")) for m in year
    ] == [
        ("Finansråd, kvartal 1 2023", "03-15 13:00"),
        ("Finansråd, kvartal 2 2023", "06-08 13:00"),
        ("Finansråd, kvartal 3 2023", "09-14 13:00"),
        ("Finansråd, kvartal 4 2023", "11-30 13:00"),
    ]
    assert year[0].agenda == (
        *STANDING,
        "Verksamhetsberättelse",
        "Analys av föregående års resultat och nyckeltalsjämförelser",
        "Koldioxidscreening föregående år",
    )
    assert year[3].agenda[-1] == "Revidering av verksamhetsplan"
    with council.engine.connect() as conn:
        invitations = conn.execute(
            select(OUTBOX.c.text, OUTBOX.c.attachment).where(OUTBOX.c.kind == "invitation")
        ).all()
    assert len(invitations) == 4 * 6  # four meetings, the six people registered
    text, attachment = next(row for row in invitations if "kvartal 4" in row[0])
    assert "Dagordning:\n  1. Genomgång av verksamhetsplan" in text
    assert "5. Revidering av verksamhetsplan" in text
    assert "DESCRIPTION:1. Genomgång av verksamhetsplan" in attachment
    assert tick(council, "2022-12-16 00:00") == []  # once
    plan = str(
        write(
            build(council.uow(write=False), council.calendar, "plan", 2023, None, "sv"), "md", None
        )
    )
    assert (
        "- 2023-03-15 13:00: Finansråd, kvartal 1 2023 (Hos värdregionen, och digitalt)\n  - Genomgång av verksamhetsplan"
        in plan
    )


def test_a_meeting_day_on_a_weekend_moves_like_a_deadline(council: Sector) -> None:
    """8 June 2024 is a Saturday: the second quarter's meeting is on Friday 7 June."""
    tick(council, "2023-12-16 00:00")
    year = meetings_of(council.uow(write=False), council.calendar, 2024, COORDINATOR)
    assert council.calendar.local(year[1].starts_at).date().isoformat() == "2024-06-07"
