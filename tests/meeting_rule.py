"""The one rule of who sees a meeting, as a table: a plan year with a meeting open to all, a
bilateral, a restricted measure's working group, the reference group's and FI management's, and
each kind of reader with the meetings they should see. The command line's and the web page's
table tests both read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tests.conftest import COORDINATOR, DECIDER, OTHER_PROPOSER, OWNER, REFERENCE, Sector, at

SECRET_TITLE = "Hemlig: reservsite i Bergslagen"
MINUTES = "Protokollet: nycklarna till reservsiten ligger hos vakten"
OUTSIDER = "vera@vastbanken.se"

#: The meetings of 2027 by the words that name them; a plain title (no comma, nothing to escape)
#: reads the same in every format, the .ics included.
OPEN = "Informationsmote for alla 2027"
BILATERAL = "Bilateralt FI och Sydbanken"
GROUP = "Arbetsgrupp reservsiten"
REFERENCE_GROUP = "Referensgruppens samrad"
MANAGEMENT = "FI-ledningens beslutsmote"
MEETINGS = (OPEN, BILATERAL, GROUP, REFERENCE_GROUP, MANAGEMENT)


@dataclass(frozen=True)
class Reader:
    kind: str
    email: str | None  # None: nobody in particular
    sees: frozenset[str]  # the meetings
    in_the_know: bool  # may see the restricted measure


#: Each kind of reader, with what the rule lets them see.
READERS = (
    Reader("coordinator", COORDINATOR, frozenset(MEETINGS), True),
    Reader("invited org member", OTHER_PROPOSER, frozenset({OPEN, BILATERAL}), False),
    Reader("uninvited other bank", OUTSIDER, frozenset({OPEN}), False),
    Reader(
        "working group member",
        REFERENCE,
        frozenset({OPEN, BILATERAL, GROUP, REFERENCE_GROUP}),
        True,
    ),
    Reader("restricted measure's org", OWNER, frozenset({OPEN}), True),
    Reader("nobody in particular", None, frozenset({OPEN}), False),
)


def restricted_measure_decided(sector: Sector) -> str:
    """The scheduler started; Västbanken, whom nobody invites, with Vera; Nordbanken's measure
    restricted to Svenska Bankföreningen, prioritised and decided (due 1 September 2027). The
    clock is left at 20 August 2026; returns the measure's id."""
    from arshjul.workflow import services, ticker

    clock = sector.clock
    ticker.start(sector.engine, clock)
    services.add_org(sector.uow(), clock, COORDINATOR, "Västbanken AB", "company")
    services.add_person(
        sector.uow(), clock, COORDINATOR, OUTSIDER, "Vera", "Västbanken AB", ["proposer"]
    )
    secret = sector.propose(SECRET_TITLE, restricted_to=["Svenska Bankföreningen"])
    clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", secret, actor=COORDINATOR)
    clock.set(at("2026-08-20 10:00"))
    sector.move("decide", secret, actor=DECIDER, owner=COORDINATOR, due=date(2027, 9, 1))
    return secret


def plan_year_2027(sector: Sector) -> dict[str, object]:
    """Nordbanken's measure restricted to Svenska Bankföreningen, decided, with Rut of the
    Bankföreningen in its working group; a bank nobody invites (Västbanken); the five meetings
    (the bilateral has the restricted measure on its agenda, so its working group is invited
    too); the working group's minutes; the communication phase opened (the decided plan and
    each reader's calendar mailed); the year run to June (the meetings' reminders). The clock
    is left at 2 June 2027."""
    from arshjul.workflow import meetings, ticker

    clock = sector.clock
    secret = restricted_measure_decided(sector)
    meetings.join_working_group(sector.uow(), clock, COORDINATOR, secret, [REFERENCE])
    ids: dict[str, int] = {}
    for title, kind, day, invited in (
        (OPEN, "information", "2027-03-15", {"everyone": True}),
        (BILATERAL, "bilateral", "2027-04-20", {"orgs": ["Sydbanken AB"], "items": [secret]}),
        (GROUP, "working_group", "2027-05-04", {"orgs": ["Finansinspektionen"], "items": [secret]}),
        (REFERENCE_GROUP, "reference_group", "2027-05-18", {"people": [REFERENCE]}),
        (MANAGEMENT, "planning", "2027-06-01", {"people": [DECIDER]}),
    ):
        starts = at(f"{day} 10:00")
        ids[title] = meetings.add_meeting(
            sector.uow(),
            clock,
            sector.calendar,
            COORDINATOR,
            title,
            kind,
            starts,
            starts + timedelta(hours=2),
            **invited,  # type: ignore[arg-type]
        ).id
    meetings.record_minutes(sector.uow(), clock, COORDINATOR, ids[GROUP], MINUTES)
    clock.set(at("2026-10-01 00:30"))
    ticker.tick(sector.engine, clock, sector.calendar)  # the plan and its calendar mailed
    clock.set(at("2027-06-02 09:00"))
    ticker.tick(sector.engine, clock, sector.calendar)  # the meetings' reminders
    return {"secret": secret, "meetings": ids}


def wrong(
    reader: Reader,
    output: str,
    text: str,
    among: tuple[str, ...] = MEETINGS,
    *,
    lists: bool = True,
) -> list[str]:
    """What `text`, one output as `reader` gets it, shows that it should not or misses that it
    should: each meeting of `among` present exactly when the rule lets them see it (only absent
    when the output does not list meetings: `lists` False); the working group's minutes and the
    restricted measure's title never outside."""
    found = []
    for title in among:
        if title in text and title not in reader.sees:
            found.append(f"{output} as {reader.kind}: shows {title!r}")
        elif lists and title not in text and title in reader.sees:
            found.append(f"{output} as {reader.kind}: misses {title!r}")
    if GROUP not in reader.sees and MINUTES in text:
        found.append(f"{output} as {reader.kind}: shows the working group's minutes")
    if not reader.in_the_know and SECRET_TITLE in text:
        found.append(f"{output} as {reader.kind}: shows the restricted measure's title")
    return found


def wrong_group(reader: Reader, output: str, text: str) -> list[str]:
    """A working group is as restricted as its measure: its member is named to exactly those
    who may see the measure."""
    if (REFERENCE in text) != reader.in_the_know:
        shown = "shows" if REFERENCE in text else "misses"
        return [f"{output} as {reader.kind}: {shown} the working group's member"]
    return []
