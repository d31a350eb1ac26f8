"""`arshjul demo`: an FTPOS cycle played on a fresh embedded database, through the real engine.

The sector and the measures are made up but shaped on the framework (FI, Riksgälden, Riksbanken,
the trade associations it names, a dozen companies). The clock moves through the year; every
move goes through the same service layer as the command line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from arshjul.clock import STOCKHOLM, FixedClock
from arshjul.config import default_text, load_cycle_config
from arshjul.errors import ArshjulError, BadInput
from arshjul.i18n import DUE_NAMES, language, state_name, t
from arshjul.notifications.delivery import FolderDelivery, send_waiting
from arshjul.states import Event
from arshjul.store.engine import make_engine
from arshjul.store.migrate import upgrade
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import schedule, services, ticker
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_change import set_config
from arshjul.workflow.handlers import Mail, install
from arshjul.workflow.views import due_moved_text

PLAN_YEAR = 2027
PLAN_YEAR_MAX = 9999
#: The demo's year runs from its first moment to its last; the progress bar shows where it is.
BEGINS, ENDS = "2026-01-12 09:00", "2028-01-10 09:00"
BAR = 24

AUTHORITIES = [("Finansinspektionen", True), ("Riksgälden", False), ("Riksbanken", False)]
ASSOCIATIONS = [
    "Svenska Bankföreningen",
    "Svensk Försäkring",
    "Svenskt Värdepappersmarknad",
    "Fondbolagens förening",
    "Sparbankernas riksförbund",
    "Finansbolagens förening",
]
COMPANIES = [
    ("Nordbanken AB", True),
    ("Sydbanken AB", True),
    ("Kustbanken AB", True),
    ("Mälarsparbanken", False),
    ("Norrlandsbanken AB", False),
    ("Trygg Försäkring AB", True),
    ("Hem & Liv Försäkring", False),
    ("Clearinghuset AB", True),
    ("Betalväxeln AB", True),
    ("Fondförvaltarna AB", False),
    ("Kortinlösen Sverige AB", False),
    ("Värdepapperscentralen AB", True),
]

COORDINATOR = "samordnare@fi.example"
DECIDER = "ledning@fi.example"


@dataclass(frozen=True)
class Measure:
    title: str
    kind: str
    proposer_org: str
    description: str
    restricted_to: tuple[str, ...] = ()


MEASURES = [
    Measure(
        "Sektorsövning: betalningar vid långvarigt elavbrott",
        "exercise",
        "Svenska Bankföreningen",
        "En samverkansövning där banker, clearing och Riksbanken övar kontanter och kortbetalningar utan el.",
    ),
    Measure(
        "Gemensam lägesbild vid cyberangrepp mot clearing",
        "analysis",
        "Clearinghuset AB",
        "Format och kanaler för en gemensam lägesbild inom en timme efter ett angrepp.",
        ("Riksbanken", "Betalväxeln AB"),
    ),
    Measure(
        "Kommunikationschefsnätverket: samordnade budskap vid desinformation",
        "communication",
        "Svensk Försäkring",
        "Förberedda budskap och en kontaktkedja för att bemöta otillbörlig informationspåverkan.",
    ),
    Measure(
        "Seminarium: vad totalförsvarsplanering innebär för fondbolag",
        "information",
        "Fondbolagens förening",
        "Ett kunskapsseminarium öppet för alla fondbolag, med FI och Myndigheten för civilt försvar.",
    ),
    Measure(
        "Reservrutiner för RIX vid höjd beredskap",
        "exercise",
        "Riksbanken",
        "Övning av manuella reservrutiner för stora betalningar.",
        ("Riksgälden", "Betalväxeln AB"),
    ),
    Measure(
        "Analys av försäkringsbolagens skadereglering i kris",
        "analysis",
        "Trygg Försäkring AB",
        "Vilka skador kan regleras när ordinarie system är nere, och hur.",
    ),
    Measure(
        "Kontanthantering i glesbygd vid störning",
        "analysis",
        "Norrlandsbanken AB",
        "Kartläggning av uttagsmöjligheter utanför storstäderna när kortnätet ligger nere.",
    ),
    Measure(
        "Övning: värdepappersavveckling under höjd beredskap",
        "exercise",
        "Värdepapperscentralen AB",
        "Avveckling och förvaring när personal är inkallad och lokaler otillgängliga.",
    ),
    Measure(
        "Vägledning om prioriterade kunder vid ransonering av tjänster",
        "information",
        "Svenska Bankföreningen",
        "Hur banker kan prioritera samhällsviktiga kunder om tjänster måste begränsas.",
    ),
    Measure(
        "Personalförsörjning: krigsplacering av nyckelpersoner",
        "analysis",
        "Sparbankernas riksförbund",
        "Stöd till mindre institut i att identifiera och krigsplacera nyckelpersonal.",
    ),
    Measure(
        "Gemensam kontaktlista för incidenter utanför kontorstid",
        "communication",
        "Finansbolagens förening",
        "En kontaktlista som hålls aktuell och provas kvartalsvis.",
    ),
    Measure(
        "Informationsmöte om ny funktion för operativ krishantering",
        "information",
        "Riksgälden",
        "Vad den nya funktionen innebär för sektorn och hur FTPOS samordnas med den.",
    ),
]

#: What happens to each measure, by index: the decided ones with owner org and due date.
DECIDED = {
    0: ("Nordbanken AB", "2027-09-30"),
    1: ("Clearinghuset AB", "2027-06-30"),
    2: ("Trygg Försäkring AB", "2027-04-30"),
    3: ("Fondförvaltarna AB", "2027-03-31"),
    4: ("Betalväxeln AB", "2027-10-31"),
    7: ("Värdepapperscentralen AB", "2027-11-30"),
    8: ("Sydbanken AB", "2027-05-31"),
}
DEPRIORITISED = {
    5: "Ingår redan i Svensk Försäkrings eget program 2027.",
    10: "Löses inom befintlig incidentrutin; ingen åtgärd i FTPOS behövs.",
}
WITHDRAWN = {11: "Tas om hand av Riksbankens eget informationsmöte."}
NOT_DONE_IN_TIME = {4}  # started, still running at year end: followed up as continuing
NOT_STARTED = {7}


def _email(org: str, role: str) -> str:
    slug = "".join(
        ch
        for ch in org.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
        if ch.isalnum()
    )
    return f"{role}@{slug[:24]}.example"


Echo = Callable[[str], None]


class Demo:
    """The FTPOS cycle for 2027; a subclass plays another body's year (demo_finansrad)."""

    example = "ftpos"
    #: The built-in cycle the first body keeps (the example's own, but for several bodies').
    cycle = "ftpos"
    plan_year = PLAN_YEAR
    begins, ends = BEGINS, ENDS
    coordinator = COORDINATOR
    #: The words before the commands to look around with.
    look = "demo_look"
    #: The reports written at the end: (kind, plan year).
    reports: tuple[tuple[str, int], ...] = (("plan", PLAN_YEAR), ("followup", PLAN_YEAR))

    def __init__(self, folder: Path, echo: Echo) -> None:
        self.folder = folder
        self.echo = echo
        self.db_url = f"sqlite:///{folder / 'arshjul.db'}"
        self.mail_folder = folder / "mail"
        self.documents: list[Path] = []
        self.engine = make_engine(self.db_url)
        self.clock = FixedClock(_at(self.begins))
        self.calendar = CycleCalendar(load_cycle_config(example=self.cycle))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def run(self) -> None:
        upgrade(self.engine)
        ticker.start(self.engine, self.clock)
        # The database keeps its cycle, so whoever looks around after runs by it too.
        text = default_text(self.cycle)
        set_config(self.uow(), self.clock, None, text, f"built-in {self.cycle}", bootstrap=True)
        install(Mail(lambda: self.calendar))
        self.play()
        self.deliver()
        self.write_documents()
        self.engine.dispose()

    def look_around(self) -> list[str]:
        """Commands to try on what the demo wrote, as its coordinator."""
        return [
            f"export ARSHJUL_DB={self.db_url}",
            f"export ARSHJUL_AS={self.coordinator}",
            f"arshjul list --cycle {self.plan_year}",
            f"arshjul show {self.plan_year}-001",
        ]

    def play(self) -> None:
        self.seed()
        ids = self.dialogue()
        self.prioritisation(ids)
        self.decision(ids)
        self.execution(ids)
        self.follow_up(ids)
        self.when(self.ends, t("demo_next_cycle"))

    def write_documents(self) -> None:
        """The plan and the follow-up of the year in every format, and its meeting calendar."""
        from arshjul.reports.build import build
        from arshjul.reports.output import FORMATS, write

        folder = self.folder / "reports"
        folder.mkdir(exist_ok=True)
        with self.uow() as uow:
            person = uow.repo.person(self.coordinator)
        reader = person.as_actor() if person else None
        for kind, plan_year in self.reports:
            report = build(self.uow(), self.calendar, kind, plan_year, reader, "sv")
            for fmt in FORMATS:
                target = folder / f"{kind}-{plan_year}.{fmt}"
                write(report, fmt, target)
                self.documents.append(target)
        self.write_calendar(self.uow(), self.calendar, folder / f"calendar-{self.plan_year}.ics")

    def write_calendar(self, uow: UnitOfWork, calendar: CycleCalendar, target: Path) -> None:
        """A body's meetings of the plan year as its coordinator sees them, as an .ics."""
        from email.utils import parseaddr

        from arshjul.reports.ics import calendar as to_ics
        from arshjul.workflow.meetings import meetings_of

        year = meetings_of(uow, calendar, self.plan_year, self.coordinator)
        organizer = parseaddr(calendar.config.mail_from)[1]
        name = f"{calendar.config.name} {self.plan_year}"
        target.write_text(
            to_ics(year, name=name, stamp=self.clock.now(), organizer=organizer),
            encoding="utf-8",
            newline="",
        )
        self.documents.append(target)

    def deliver(self) -> None:
        """What the running service does after each wake-up: empty the outbox."""
        send_waiting(
            self.engine,
            self.clock,
            FolderDelivery(self.mail_folder),
            self.calendar.config.mail_from,
        )

    def when(self, moment: str, heading: str) -> None:
        """Move the clock, let the real scheduler take effect of what fell due, then act."""
        self.tick_until(_at(moment))
        self.deliver()
        self.echo(f"\n{self._bar(moment)} {moment[:10]}  {heading}")

    def tick_until(self, moment: datetime) -> None:
        """Tick at each planned event on the way, as the running service would wake for it."""
        quiet = dict.fromkeys(
            (
                schedule.PHASE_REMINDER,
                schedule.DUE_REMINDER,
                schedule.OVERDUE,
                schedule.DIGEST,
                *schedule.RISK_KINDS,
            ),
            0,
        )
        while True:
            upcoming = ticker.upcoming(self.engine, limit=1)
            step = min(upcoming[0]["due_at"], moment) if upcoming else moment
            self.clock.set(max(step, self.clock.now()))
            for fired in ticker.tick(self.engine, self.clock, self.calendar, instance="demo"):
                if _cycle_year(fired.subject) < self.plan_year:
                    continue  # the cycles before the demo's first have nothing in them
                if fired.kind == schedule.FIX_DATES and fired.void is not None:
                    continue  # the dates were fixed meanwhile: it tells nobody
                if fired.kind in quiet:
                    quiet[fired.kind] += fired.void is None  # void ones are not sent
                    continue
                self.echo(f"   ⏰ {self._fired(fired)}")
            if step >= moment:
                break
        counted = [f"{n} {DUE_NAMES[kind][language()]}" for kind, n in quiet.items() if n]
        if counted:
            self.echo(f"   ⏰ {t('demo_quiet', counts=', '.join(counted))}")

    def move(self, event: Event, item_id: str, actor: str, **fields: object) -> None:
        request = services.MoveRequest(event, (item_id,), **fields)  # type: ignore[arg-type]
        [moved] = services.move(self.uow(), self.clock, self.calendar, actor, request)
        was, now = state_name(moved.from_state), state_name(moved.to_state)
        if was == now:  # the follow-up of a measure that goes on
            self.echo(f"   {moved.id}  {now} ({t('demo_continues')})")
        else:
            self.echo(f"   {moved.id}  {was} → {now}")
        if moved.due_moved is not None:  # told, as the command line tells the decider
            self.echo(f"   {due_moved_text(moved.id, moved.due_moved)}")

    def seed(self) -> None:
        self.echo(t("demo_title", year=PLAN_YEAR, db=self.db_url))
        services.add_org(self.uow(), self.clock, None, "Finansinspektionen", "authority", lead=True)
        services.add_person(
            self.uow(),
            self.clock,
            None,
            COORDINATOR,
            "Anna Samordnare",
            "Finansinspektionen",
            ["coordinator", "owner"],
        )
        services.add_person(
            self.uow(),
            self.clock,
            COORDINATOR,
            DECIDER,
            "Gd Ledning",
            "Finansinspektionen",
            ["decider"],
        )
        orgs = [(name, "authority", False) for name, lead in AUTHORITIES if not lead]
        orgs += [(name, "association", False) for name in ASSOCIATIONS]
        orgs += [(name, "company", total) for name, total in COMPANIES]
        for name, kind, total in orgs:
            services.add_org(self.uow(), self.clock, COORDINATOR, name, kind, total_defence=total)
            services.add_person(
                self.uow(),
                self.clock,
                COORDINATOR,
                _email(name, "beredskap"),
                f"Beredskapschef {name}",
                name,
                ["proposer", "owner"],
            )
            if kind == "association" or total:
                services.add_person(
                    self.uow(),
                    self.clock,
                    COORDINATOR,
                    _email(name, "referens"),
                    f"Referensperson {name}",
                    name,
                    ["reference"],
                )
        people = len(services.people(self.uow()))
        self.echo(f"   {t('demo_sector', orgs=len(orgs) + 1, people=people)}")

    def dialogue(self) -> list[str]:
        self.when("2026-02-03 10:00", t("demo_dialogue"))
        ids = []
        for measure in MEASURES:
            item_id, _ = services.propose(
                self.uow(),
                self.clock,
                self.calendar,
                _email(measure.proposer_org, "beredskap"),
                measure.title,
                description=measure.description,
                kind=measure.kind,
                restricted_to=measure.restricted_to,
            )
            ids.append(item_id)
            secret = f"  {t('demo_restricted')}" if measure.restricted_to else ""
            self.echo(f"   {item_id}  {measure.title} ({measure.proposer_org}){secret}")
        self.when("2026-03-20 15:00", t("demo_withdraw"))
        for index, reason in WITHDRAWN.items():
            self.move(
                Event.withdraw,
                ids[index],
                _email(MEASURES[index].proposer_org, "beredskap"),
                note=reason,
            )
        return ids

    def prioritisation(self, ids: list[str]) -> None:
        self.when("2026-05-19 09:00", t("demo_prioritisation"))
        rank = 1
        for index, item_id in enumerate(ids):
            if index in WITHDRAWN:
                continue
            if index in DEPRIORITISED:
                self.move(Event.deprioritise, item_id, COORDINATOR, note=DEPRIORITISED[index])
            else:
                self.move(Event.prioritise, item_id, COORDINATOR, rank=rank)
                rank += 1

    def decision(self, ids: list[str]) -> None:
        self.when("2026-09-08 13:00", t("demo_decision"))
        for index, (org, due) in DECIDED.items():
            self.move(
                Event.decide,
                ids[index],
                DECIDER,
                owner=_email(org, "beredskap"),
                due=date.fromisoformat(due),
            )
        # FI management decides the plan as a whole, with its reference in FI's records.
        from arshjul.workflow.plan_decision import decide_plan

        decide_plan(
            self.uow(), self.clock, self.calendar, DECIDER, PLAN_YEAR, reference="FI 2026/1234"
        )
        # No one deprioritises the rest by hand: the decision deadline does, with its reason.

    def execution(self, ids: list[str]) -> None:
        self.when("2027-01-18 09:00", t("demo_start", year=PLAN_YEAR))
        for index, (org, _) in DECIDED.items():
            if index not in NOT_STARTED:
                self.move(
                    Event.start, ids[index], _email(org, "beredskap"), note="Arbetsgrupp tillsatt."
                )
        steps: list[tuple[str, str, Callable[[], None]]] = [
            (f"{due} 15:00", t("demo_done", id=ids[index]), self._completer(ids[index], org))
            for index, (org, due) in DECIDED.items()
            if index not in NOT_DONE_IN_TIME and index not in NOT_STARTED
        ]
        steps.append(
            (
                "2027-05-18 09:00",
                t("demo_next_prioritisation", year=PLAN_YEAR + 1),
                self.next_prioritisation,
            )
        )
        steps.append(
            (
                "2027-09-07 13:00",
                t("demo_next_decision", year=PLAN_YEAR + 1),
                self.next_decision,
            )
        )
        for moment, heading, act in sorted(steps, key=lambda step: step[0]):
            self.when(moment, heading)
            act()

    def _completer(self, item_id: str, org: str) -> Callable[[], None]:
        def complete() -> None:
            self.move(
                Event.complete, item_id, _email(org, "beredskap"), note="Genomförd enligt plan."
            )

        return complete

    def next_cycle(self) -> list[str]:
        return [
            row["id"]
            for row in services.list_items(self.uow(), COORDINATOR, STOCKHOLM, cycle=PLAN_YEAR + 1)
        ]

    def next_prioritisation(self) -> None:
        """The carried proposals come back to FI: two go on, one is left out for good."""
        first, second, _, fourth = self.next_cycle()
        self.move(Event.prioritise, first, COORDINATOR, rank=1)
        self.move(Event.prioritise, second, COORDINATOR, rank=2)
        self.move(
            Event.deprioritise,
            fourth,
            COORDINATOR,
            note="Hanteras i FI:s ordinarie tillsyn.",
            no_carry=True,
        )

    def next_decision(self) -> None:
        first = self.next_cycle()[0]
        self.move(
            Event.decide,
            first,
            DECIDER,
            owner=_email("Trygg Försäkring AB", "beredskap"),
            due=date(2028, 5, 31),
        )

    def follow_up(self, ids: list[str]) -> None:
        self.when("2027-11-22 10:00", t("demo_follow_up"))
        for index in DECIDED:
            unfinished = index in NOT_DONE_IN_TIME or index in NOT_STARTED
            assessment = (
                "not-achieved" if index in NOT_STARTED else "partly" if unfinished else "achieved"
            )
            note = "Fortsätter 2028." if unfinished else "Målet nått."
            self.move(Event.follow_up, ids[index], COORDINATOR, assessment=assessment, note=note)

    def calendar_of(self, subject: str) -> CycleCalendar:
        """The calendar of the body a scheduler's subject is of (the demo's one body's)."""
        return self.calendar

    def _bar(self, moment: str) -> str:
        """How far through the demo's two years the clock is, as a bar."""
        begins, ends = _at(self.begins), _at(self.ends)
        done = (_at(moment) - begins) / (ends - begins)
        filled = round(BAR * min(max(done, 0.0), 1.0))
        return f"[{'█' * filled}{'·' * (BAR - filled)}] {round(100 * done):3d}%"

    def _fired(self, fired: ticker.Fired) -> str:
        """What the scheduler did, in words: `2026-10-01  fas stänger 2027 Beslut … (…)`."""
        lang = language()
        local = fired.due_at.astimezone(STOCKHOLM).strftime("%Y-%m-%d")
        detail = fired.detail
        if fired.kind in (schedule.PHASE_OPENS, schedule.PHASE_CLOSES):
            config = self.calendar_of(fired.subject).config
            phase = config.phases[detail].name
            detail = phase if lang == config.language else detail.replace("_", " ")
        what = f"{local}  {DUE_NAMES[fired.kind][lang]} {fired.subject} {detail}".rstrip()
        if fired.kind == schedule.FIX_DATES and fired.effect:
            effect = fired.effect
            told = t(
                "demo_fix_dates", title=effect["title"], count=effect["to_fix"], by=effect["by"]
            )
            return f"{what}  ({told})"
        for key, value in fired.effect.items():
            if isinstance(value, dict):
                value = ", ".join(f"{a} → {b}" for a, b in value.items())
            elif isinstance(value, list):
                value = ", ".join(map(str, value))
            if value:
                what += f"  ({DUE_NAMES.get(key, {}).get(lang, key)}: {value})"
        return what


def _cycle_year(subject: str) -> int:
    """The plan year a cycle's subject names ("2027", "SOES-2027"); anything else (a measure,
    a meeting) counts as the demo's own."""
    found = re.fullmatch(r"(?:[A-Z]+-)?(\d{4})", subject)
    return int(found.group(1)) if found else PLAN_YEAR_MAX


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def run(folder: Path, echo: Echo, example: str = "ftpos") -> Demo:
    """Play the demo of `example` into `folder`, which must not hold a database already."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput("cannot_write", file=str(folder), reason=exc.strerror or str(exc)) from None
    if (folder / "arshjul.db").exists():
        raise ArshjulError("demo_exists", path=folder / "arshjul.db")
    if example == "finansrad":
        from arshjul.demo_finansrad import CouncilDemo

        demo: Demo = CouncilDemo(folder, echo)
    elif example == "fspos-soes":
        from arshjul.demo_bodies import BodiesDemo

        demo = BodiesDemo(folder, echo)
    else:
        demo = Demo(folder, echo)
    demo.run()
    return demo
