"""`arshjul demo --example fspos-soes`: FSPOS and SOES beside FTPOS, through the real engine.

FI's coordinator adds the two bodies with their built-in cycles (arshjul/fspos.toml, soes.toml)
and the organisations the boundary seed names, in the way each takes part; the communications
chiefs' network moves from FSPOS to FTPOS; a sector-wide payments exercise is proposed in both
bodies, decided in the same quarter, found by the overlap view and marked coordinated; the
decision deadline puts each body's recurring meetings in its calendar, each board meeting's
invitation carrying the other body's brief; and SOES's coordinator fixes the chiefs' meeting
when reminded to. The organisations are real, the people and the measures made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from arshjul.config import default_text
from arshjul.demo import COORDINATOR, DECIDER, Demo, _at, _email
from arshjul.i18n import language, state_name, t
from arshjul.states import Event
from arshjul.states.model import Meeting, id_prefix
from arshjul.store import bodies as body_store
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import bodies, brief, groups, meetings, overlaps, services
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import calendar_of

PLAN_YEAR = 2027
FI = "Finansinspektionen"
RB = "Riksbanken"
RG = "Riksgälden"
BANKS = ("Nordbanken AB", "Sydbanken AB", "Kustbanken AB")
BF = "Svenska Bankföreningen"
#: The organisations and their kind; the first body's (FTPOS) are FI, the Riksbank and two banks.
KINDS = {
    FI: "authority",
    RB: "authority",
    RG: "authority",
    **dict.fromkeys(BANKS, "company"),
    BF: "association",
    "Försäkringskassan": "authority",
    "Pensionsmyndigheten": "authority",
    "Skatteverket": "authority",
    "Arbetsförmedlingen": "authority",
    "Myndigheten för samhällsskydd och beredskap": "authority",
    "Försvarsmakten": "authority",
    "Solna stad": "authority",
    "Länsstyrelsen i Stockholms län": "authority",
}
FTPOS = (FI, RB, *BANKS[:2])
#: Who takes part in each body added, and how (the boundary seed: FSPOS's all members; SOES's
#: designated authorities, AF and MSB by MSB's decision, and its adjunct members).
MEMBERS = {
    "FSPOS": {
        FI: "member",
        RB: "member",
        RG: "member",
        **dict.fromkeys(BANKS, "member"),
        BF: "member",
    },
    "SOES": {
        FI: "designated",
        "Försäkringskassan": "designated",
        "Pensionsmyndigheten": "designated",
        RG: "designated",
        "Skatteverket": "designated",
        "Arbetsförmedlingen": "designated",
        "Myndigheten för samhällsskydd och beredskap": "designated",
        RB: "adjunct",
        "Försvarsmakten": "adjunct",
        "Solna stad": "adjunct",
        "Länsstyrelsen i Stockholms län": "adjunct",
    },
}
NAMES = {
    "FSPOS": "Finansiella sektorns privat-offentliga samverkan",
    "SOES": "Samverkansområdet ekonomisk säkerhet",
}
NETWORK = "Kommunikationschefsnätverket"
#: The communications chiefs in the network: Bankföreningen's takes FTPOS part with it.
CHIEFS = (FI, RB, BANKS[0], BANKS[1], BF)
MOVED_ON = "2026-01-01"


@dataclass(frozen=True)
class Measure:
    body: str
    title: str
    kind: str
    proposer_org: str
    description: str
    owner_org: str
    due: str


#: The first two are the same exercise, proposed in each body: the overlap view's pair.
MEASURES = (
    Measure(
        "FSPOS",
        "Sektorsövning betalningar: kortbetalningar och kontanter vid långvarigt elavbrott",
        "exercise",
        BANKS[0],
        "Arbetsgruppen Övning planerar en sektorsövning där banker, clearing och Riksbanken "
        "övar kortbetalningar och kontantförsörjning under ett långvarigt elavbrott.",
        RB,
        "2027-09-30",
    ),
    Measure(
        "SOES",
        "Sektorsövning betalningar: samhällets betalningar vid långvarigt elavbrott",
        "exercise",
        RG,
        "Myndigheterna övar utbetalningar, kortbetalningar och kontantförsörjning under ett "
        "långvarigt elavbrott, med Riksbanken.",
        RB,
        "2027-09-15",
    ),
    Measure(
        "FSPOS",
        "Kontinuitetssäkring: reservrutiner för bankernas kundtjänst",
        "analysis",
        BF,
        "Kartläggning av hur bankernas kundtjänst når kunderna när ordinarie kanaler ligger nere.",
        BANKS[1],
        "2027-05-31",
    ),
    Measure(
        "SOES",
        "Omvärldsbevakning: hot mot utbetalningssystemen",
        "analysis",
        "Försäkringskassan",
        "En gemensam lägesbild av hoten mot myndigheternas utbetalningar, två gånger om året.",
        "Försäkringskassan",
        "2027-06-30",
    ),
)
NOTE = "Samma övning: FSPOS arbetsgrupp Övning leder, SOES myndigheter deltar."
#: When SOES's coordinator holds the chiefs' meeting of the plan year, once reminded to fix it.
CHIEFS_MEETING = "2027-02-24 09:30"


class BodiesDemo(Demo):
    """FTPOS as the first body, FSPOS and SOES added beside it, for plan year 2027."""

    example = "fspos-soes"
    cycle = "ftpos"
    plan_year = PLAN_YEAR
    begins, ends = "2025-12-01 09:00", "2027-02-12 17:00"
    reports = ()
    look = "bodies_look"

    def play(self) -> None:
        self.calendars: dict[str, CycleCalendar] = {}
        self.ids: list[str] = []
        self.seed()
        self.when("2026-01-02 09:00", t("bodies_move_heading", name=NETWORK))
        self.move_network()
        self.when("2026-03-10 10:00", t("bodies_dialogue"))
        self.propose()
        self.when("2026-06-09 10:00", t("bodies_prioritisation"))
        self.prioritise()
        self.when("2026-09-22 13:00", t("bodies_decision"))
        self.decide()
        self.when("2026-09-24 10:00", t("bodies_overlap", year=PLAN_YEAR))
        self.overlap()
        self.when("2026-11-02 09:00", t("bodies_calendar", year=PLAN_YEAR))
        self.calendar_shown()
        self.when("2026-11-18 10:00", t("bodies_fix_dates"))
        self.fix_chiefs_meeting()
        self.when(self.ends, t("bodies_end"))

    def look_around(self) -> list[str]:
        """True as printed: the demo's world is in its own year, so the clock is set to its end."""
        return [
            f"export ARSHJUL_DB={self.db_url}",
            f"export ARSHJUL_AS={self.coordinator}",
            f"export ARSHJUL_NOW={_at(self.ends).isoformat()}",
            "arshjul body list",
            f"arshjul overlap {self.plan_year} --all",
            f"arshjul group show {NETWORK} --body FTPOS",
            f"arshjul meeting list --year {self.plan_year} --body FSPOS",
            f"arshjul meeting show {self.board_meeting} --body FSPOS",
            f"arshjul list --cycle {self.plan_year} --body SOES",
        ]

    def write_documents(self) -> None:
        """Each added body's meeting calendar of the plan year."""
        folder = self.folder / "reports"
        folder.mkdir(exist_ok=True)
        for short, calendar in self.calendars.items():
            target = folder / f"calendar-{short}-{self.plan_year}.ics"
            self.write_calendar(self.body_uow(short), calendar, target)

    def calendar_of(self, subject: str) -> CycleCalendar:
        return self.calendars.get(id_prefix(subject) or "", self.calendar)

    def body_uow(self, short: str) -> UnitOfWork:
        return UnitOfWork(self.engine, body=self.calendars[short].body.id)

    # who takes part ---------------------------------------------------------------------------

    def seed(self) -> None:
        self.echo(t("bodies_title", year=PLAN_YEAR, db=self.db_url))
        uow, clock = self.uow, self.clock
        services.add_org(uow(), clock, None, FI, "authority", lead=True)
        services.add_person(
            uow(), clock, None, COORDINATOR, "Anna Samordnare", FI, ["coordinator", "owner"]
        )
        services.add_person(uow(), clock, COORDINATOR, DECIDER, "Gd Ledning", FI, ["decider"])
        for org in FTPOS[1:]:
            services.add_org(uow(), clock, COORDINATOR, org, KINDS[org])
        for org in FTPOS:
            self.person(uow(), org)
        self.echo(f"   FTPOS: {t('bodies_members', members=', '.join(FTPOS))}")
        for short, name in NAMES.items():
            self.add_body(short, name)
        self.network()

    def person(self, uow: UnitOfWork, org: str) -> None:
        """The org's preparedness chief proposes and owns measures in the body `uow` works in."""
        email = _email(org, "beredskap")
        roles = ["proposer", "owner"]
        with uow:
            known = uow.repo.person(email) is not None
        if known:
            bodies.set_roles(uow, COORDINATOR, email, roles)
        else:
            services.add_person(
                uow, self.clock, COORDINATOR, email, f"Beredskapschef {org}", org, roles
            )

    def add_body(self, short: str, name: str) -> None:
        """FI's coordinator adds the body with its built-in cycle; then who takes part, how."""
        example = short.lower()
        added = bodies.add_body(
            self.uow(),
            self.clock,
            COORDINATOR,
            short,
            name,
            default_text(example),
            f"built-in {example}",
        )
        with self.uow() as uow:
            self.calendars[short] = calendar_of(uow.connection, added)
        for org, kind in MEMBERS[short].items():
            with self.uow() as uow:
                known = uow.repo.org(org) is not None
            if not known:
                services.add_org(self.body_uow(short), self.clock, COORDINATOR, org, KINDS[org])
            bodies.members(self.body_uow(short), self.clock, COORDINATOR, add=org, kind=kind)
            self.person(self.body_uow(short), org)
        bodies.set_roles(self.body_uow(short), COORDINATOR, DECIDER, ["decider"])
        with self.body_uow(short) as uow:
            taking_part = body_store.members(uow.connection, uow.body_id)
            people = len(uow.repo.people())
        by_kind = {kind: [org for org, k in taking_part if k == kind] for _, kind in taking_part}
        self.echo(f"   {t('bodies_added', short=short, name=name, people=people)}")
        for kind, orgs in by_kind.items():
            self.echo(f"      {t(f'membership_{kind}')}: {', '.join(orgs)}")
        standing = [g.name for g in groups.list_groups(self.body_uow(short), COORDINATOR)[1]]
        self.echo(f"      {t('bodies_groups', names=', '.join(standing))}")

    def network(self) -> None:
        """The communications chiefs' network of FSPOS, one from each of five organisations."""
        chiefs = [_email(org, "kommunikation") for org in CHIEFS]
        for org, email in zip(CHIEFS, chiefs, strict=True):
            services.add_person(
                self.body_uow("FSPOS"),
                self.clock,
                COORDINATOR,
                email,
                f"Kommunikationschef {org}",
                org,
                ["reference"],
            )
        groups.add_group(self.body_uow("FSPOS"), self.clock, COORDINATOR, NETWORK, network=True)
        groups.join(self.body_uow("FSPOS"), self.clock, COORDINATOR, NETWORK, chiefs)
        self.echo(f"   {t('bodies_network', name=NETWORK, count=len(chiefs))}")

    def move_network(self) -> None:
        """The network moves to FTPOS as of New Year's Day; an organisation of it outside FTPOS
        joins FTPOS with it."""
        with self.uow() as uow:
            before = {org for org, _ in body_store.members(uow.connection, uow.body_id)}
        left, moved = groups.move(
            self.body_uow("FSPOS"),
            self.clock,
            COORDINATOR,
            NETWORK,
            "FTPOS",
            on=MOVED_ON,
            add_orgs=True,
        )
        with self.uow() as uow:
            joined = [
                org
                for org, _ in body_store.members(uow.connection, uow.body_id)
                if org not in before
            ]
        self.echo(
            f"   {t('bodies_moved', name=moved.name, source=left.short, target='FTPOS', on=MOVED_ON)}"
        )
        if joined:
            self.echo(f"   {t('bodies_joined', orgs=', '.join(joined), target='FTPOS')}")

    # the measures ---------------------------------------------------------------------------

    def propose(self) -> None:
        for measure in MEASURES:
            item_id, _ = services.propose(
                self.body_uow(measure.body),
                self.clock,
                self.calendars[measure.body],
                _email(measure.proposer_org, "beredskap"),
                measure.title,
                description=measure.description,
                kind=measure.kind,
            )
            self.ids.append(item_id)
            self.echo(f"   {item_id}  {measure.title} ({measure.proposer_org})")

    def act(
        self, measure: Measure, item_id: str, event: Event, actor: str, **fields: object
    ) -> None:
        """A move in the measure's own body, told as the base demo tells one."""
        request = services.MoveRequest(event, (item_id,), **fields)  # type: ignore[arg-type]
        uow, calendar = self.body_uow(measure.body), self.calendars[measure.body]
        [moved] = services.move(uow, self.clock, calendar, actor, request)
        self.echo(f"   {moved.id}  {state_name(moved.from_state)} → {state_name(moved.to_state)}")

    def prioritise(self) -> None:
        for measure, item_id in zip(MEASURES, self.ids, strict=True):
            self.act(measure, item_id, Event.prioritise, COORDINATOR)

    def decide(self) -> None:
        for measure, item_id in zip(MEASURES, self.ids, strict=True):
            self.act(
                measure,
                item_id,
                Event.decide,
                DECIDER,
                owner=_email(measure.owner_org, "beredskap"),
                due=date.fromisoformat(measure.due),
            )

    def overlap(self) -> None:
        """What the overlap view finds, and the coordinators marking the pair coordinated."""
        found = overlaps.pairs(self.uow(), COORDINATOR, PLAN_YEAR)
        for rank, pair in enumerate(found, start=1):
            self.echo(_indented(overlaps.pair_text(pair, rank, self.calendar.tz)))
        for pair in found:
            a, b = overlaps.mark(self.uow(), self.clock, COORDINATOR, pair.a.id, pair.b.id, NOTE)
            self.echo(f"   {t('bodies_marked', a=a, b=b, by=COORDINATOR)}")
        for pair in overlaps.pairs(self.uow(), COORDINATOR, PLAN_YEAR, everything=True):
            mark = pair.coordinated
            if mark is not None:
                at = mark.at.astimezone(self.calendar.tz).strftime("%Y-%m-%d %H:%M")
                self.echo(f"      {t('overlap_coordinated', at=at, by=mark.by, note=mark.note)}")

    # the meetings ---------------------------------------------------------------------------

    def year_of(self, short: str) -> list[Meeting]:
        calendar = self.calendars[short]
        return meetings.meetings_of(self.body_uow(short), calendar, PLAN_YEAR, COORDINATOR)

    def calendar_shown(self) -> None:
        """Each body's recurring meetings, and the brief the first board meeting carries."""
        for short, calendar in self.calendars.items():
            for meeting in self.year_of(short):
                starts = calendar.local(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
                self.echo(f"   {short}  {starts}  {meeting.title}")
        board = next(m for m in self.year_of("FSPOS") if m.recurring == "styrelse")
        soes = next(m for m in self.year_of("SOES") if m.recurring == "soes-mote")
        self.board_meeting = board.id
        for short, meeting in (("FSPOS", board), ("SOES", soes)):
            self.echo(f"   {t('bodies_invitation', title=meeting.title)}")
            calendar = self.calendars[short]
            for shown in brief.briefs_for(self.body_uow(short), calendar, meeting, COORDINATOR):
                view = brief.view(shown, language(), calendar.local)
                self.echo(f"      {view['heading']}")
                for section in view["sections"]:
                    self.echo(f"        {section['heading']}")
                    for line in section["lines"]:
                        self.echo(f"          {line}")

    def fix_chiefs_meeting(self) -> None:
        """Reminded to, SOES's coordinator fixes the date of the chiefs' meeting."""
        starts = _at(CHIEFS_MEETING)
        added = meetings.add_meeting(
            self.body_uow("SOES"),
            self.clock,
            self.calendars["SOES"],
            COORDINATOR,
            "",
            "planning",
            starts,
            starts + timedelta(hours=3),
            recurring_key="chefsmote",
        )
        when = self.calendars["SOES"].local(added.starts_at).strftime("%Y-%m-%d %H:%M")
        self.echo(f"   SOES  {when}  {added.title}")


def _indented(text: str) -> str:
    return "\n".join(f"   {line}" for line in text.splitlines())
