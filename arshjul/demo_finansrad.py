"""`arshjul demo --example finansrad`: a year of the regional finance council, through the real
engine: the 2023 plan proposed, prepared and decided into its goals with quarters, its internal
control plan, the council's quarterly meetings with their agenda, measures and risk actions
done (some late, two running into 2024), indicators against targets, the follow-up, and the
next plan decided. The plan is the regional seed's (finansrad_demo.toml), the people made up.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from arshjul.config import default_text
from arshjul.demo import Demo
from arshjul.i18n import t
from arshjul.states import Event
from arshjul.store import plan as plan_store
from arshjul.workflow import goals, meetings, risks, services
from arshjul.workflow.views import due_moved_text

COORDINATOR = "samordnare@regionorebrolan.example"
DECIDER = "finanschef@regionorebrolan.example"
#: The three regions; the first leads the cooperation's coordination.
REGIONS = ("Region Örebro län", "Region Sörmland", "Region Västmanland")
#: The functions, their names and who leads each (in which region).
FUNCTIONS = {
    "FO": ("Front office", "fo@regionorebrolan.example", "Region Örebro län"),
    "MO": ("Middle office", "mo@regionvastmanland.example", "Region Västmanland"),
    "BO": ("Back office", "bo@regionsormland.example", "Region Sörmland"),
}
#: Proposed for 2023 and not decided: one left out by hand, one by the decision deadline.
LEFT_OUT = ("Egen modell för kreditbedömning av motparter", "Ryms inte i 2023 års resurser.")
UNDECIDED = "Gemensam upphandling av kapitalförvaltare"
#: The plan for 2024: two goals, and the two proposals decided into them.
NEXT_GOALS = ("Säkerställd betalningskapacitet", "Hållbara/ansvarsfulla investeringar")
NOT_AGAIN = "Prövades för 2023; tas upp igen när resurser finns."
#: When the coordinator follows the year up (the follow-up phase runs to the end of February).
FOLLOW_UP = "2024-01-15 10:00"
NEXT_MEASURES = (
    ("Upphandling av bankavtal från 2025", "FO", 1, "Q1,Q2,Q3", "2024-09-30"),
    ("Klimatrapportering enligt TCFD för pensionsportföljerna", "MO", 2, "Q2,Q3", "2024-09-30"),
)


def plan_data() -> dict[str, Any]:
    text = resources.files("arshjul").joinpath("finansrad_demo.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


class CouncilDemo(Demo):
    example = cycle = "finansrad"
    plan_year = 2023
    begins, ends = "2022-08-08 09:00", "2024-03-20 09:00"
    coordinator = COORDINATOR
    reports = (("plan", 2023), ("followup", 2023), ("plan", 2024))
    look = "council_look"

    def look_around(self) -> list[str]:
        year = self.plan_year
        return [
            f"export ARSHJUL_DB={self.db_url}",
            f"export ARSHJUL_AS={self.coordinator}",
            f"export ARSHJUL_CONFIG={self.config_file}",
            f"arshjul goal list --cycle {year}",
            f"arshjul risk list --cycle {year}",
            f"arshjul risk show 4 --cycle {year}",
            f"arshjul meeting list --year {year}",
        ]

    @property
    def config_file(self) -> Path:
        return self.folder / "finansrad.toml"

    def play(self) -> None:
        # The cycle's configuration beside the database, for whoever looks around after.
        self.config_file.write_text(default_text("finansrad"), encoding="utf-8")
        self.data = plan_data()
        self.seed()
        ids = self.dialogue()
        self.prepare(ids)
        self.decide(ids)
        self.when("2022-12-16 09:00", t("council_plan_out", year=self.plan_year))
        self.year(ids)
        self.when(self.ends, t("council_end"))

    # the people -------------------------------------------------------------------------------

    def seed(self) -> None:
        self.echo(t("council_title", year=self.plan_year, db=self.db_url))
        uow, clock = self.uow, self.clock
        lead, *others = REGIONS
        services.add_org(uow(), clock, None, lead, "authority", lead=True)
        services.add_person(
            uow(), clock, None, COORDINATOR, "Karin Samordnare", lead, ["coordinator", "proposer"]
        )
        for region in others:
            services.add_org(uow(), clock, COORDINATOR, region, "authority")
        for region in REGIONS:
            slug = region.lower().replace(" ", "").replace("ö", "o").replace("ä", "a")
            services.add_person(
                uow(),
                clock,
                COORDINATOR,
                f"finanschef@{slug}.example",
                f"Finanschef {region}",
                region,
                ["decider", "proposer"],
            )
        for code, (name, head, region) in FUNCTIONS.items():
            services.add_person(
                uow(), clock, COORDINATOR, head, f"{code}-ansvarig", region, ["owner", "proposer"]
            )
            goals.add_function(uow(), clock, COORDINATOR, code, name, head)
        people = len(services.people(uow()))
        self.echo(f"   {t('council_sector', people=people, functions=', '.join(FUNCTIONS))}")

    def head(self, code: str) -> str:
        return FUNCTIONS[code][1]

    # the plan for 2023, from proposals to a decision ---------------------------------------------

    def dialogue(self) -> list[str]:
        self.when("2022-08-16 10:00", t("council_dialogue", year=self.plan_year))
        ids = []
        proposals = [(m["title"], m["owner"]) for m in self.data["measures"]]
        proposals += [(LEFT_OUT[0], "MO"), (UNDECIDED, "FO")]
        for title, code in proposals:
            item_id, _ = services.propose(
                self.uow(), self.clock, self.calendar, self.head(code), title
            )
            ids.append(item_id)
        self.echo(f"   {ids[0]} … {ids[-1]}  {t('council_proposed', count=len(ids))}")
        return ids

    def prepare(self, ids: list[str]) -> None:
        self.when("2022-10-04 09:00", t("council_prioritisation"))
        *kept, left_out, undecided = ids
        for rank, item_id in enumerate([*kept, undecided], start=1):
            request = services.MoveRequest(Event.prioritise, (item_id,), rank=rank)
            services.move(self.uow(), self.clock, self.calendar, COORDINATOR, request)
        self.echo(f"   {t('council_prioritised', count=len(kept) + 1)}")
        self.move(Event.deprioritise, left_out, COORDINATOR, note=LEFT_OUT[1])

    def decide(self, ids: list[str]) -> None:
        """The council's fourth-quarter meeting: goals, measures in them, the control plan."""
        self.when("2022-11-10 13:00", t("council_decision", year=self.plan_year))
        year, uow, clock = self.plan_year, self.uow, self.clock
        for goal in self.data["goals"]:
            added = goals.add_goal(uow(), clock, COORDINATOR, year, goal["title"])
            for i in goal.get("indicators", []):
                checked = goals.clean_indicator(
                    i["name"],
                    horizon=i.get("horizon"),
                    focus=i.get("focus"),
                    target=i.get("target"),
                    better=i.get("better"),
                    unit=i.get("unit"),
                )
                goals.add_indicator(uow(), clock, COORDINATOR, year, str(added.number), checked)
            for r in goal.get("running", []):
                goals.add_activity(
                    uow(), clock, COORDINATOR, year, r["title"], r["responsible"], str(added.number)
                )
            self.echo(f"   {t('council_goal', number=added.number, title=added.title)}")
        for measure, item_id in zip(self.data["measures"], ids, strict=False):
            request = services.MoveRequest(
                Event.decide,
                (item_id,),
                owner=measure["owner"],
                due=date.fromisoformat(measure["due"]),
                goal=str(measure["goal"]),
                quarters=(measure["quarters"],),
            )
            for moved in services.move(uow(), clock, self.calendar, DECIDER, request):
                if moved.due_moved is not None:  # told, as the command line tells the decider
                    self.echo(f"   {due_moved_text(moved.id, moved.due_moved)}")
        with uow() as reading:
            placed = plan_store.placements(reading.connection, ids)
        self.nr = {item_id: f"{p.nr} ({item_id})" for item_id, p in placed.items() if p.nr}
        self.echo(f"   {t('council_decided', count=len(self.data['measures']))}")
        for n, r in enumerate(self.data["risks"], start=1):
            risk = risks.clean_risk(
                year,
                r["description"],
                r["responsible"],
                action_level=r["level"],
                probability=r["probability"],
                consequence=r["consequence"],
                action=r["action"],
                deadline=r["by"],
            )
            risks.add_risk(uow(), clock, COORDINATOR, risk, r["responsible"], number=n)
        self.echo(f"   {t('council_risks', count=len(self.data['risks']))}")

    # the year -------------------------------------------------------------------------------

    def year(self, ids: list[str]) -> None:
        """Every dated step of the year, in the order of its dates, the scheduler in between."""
        measures = list(zip(self.data["measures"], ids, strict=False))
        steps: list[tuple[str, str, Callable[[], None]]] = [
            ("2023-01-16 09:00", t("council_start"), lambda: self.start(measures)),
            ("2023-03-15 17:00", t("council_minutes"), self.minutes),
            ("2023-08-16 10:00", t("council_next_dialogue", year=2024), self.next_dialogue),
            ("2023-10-03 09:00", t("council_next_prioritisation", year=2024), self.next_prioritise),
            ("2023-11-09 13:00", t("council_next_decision", year=2024), self.next_decide),
            (
                FOLLOW_UP,
                t("council_follow_up", year=self.plan_year),
                lambda: self.follow_up_all(measures),
            ),
            ("2023-12-20 10:00", t("council_indicators"), self.indicators),
        ]
        for measure, item_id in measures:
            if measure.get("done"):
                when = f"{measure['done']} 15:00"
                steps.append(
                    (when, t("council_done", id=self.nr[item_id]), self._done(measure, item_id))
                )
            elif measure.get("started") not in (None, "none"):
                when = f"{measure['started']} 09:00"
                steps.append(
                    (when, t("council_started", id=item_id), self._starter(measure, item_id))
                )
        for n, r in enumerate(self.data["risks"], start=1):
            if r.get("done"):
                steps.append(
                    (f"{r['done']} 14:00", t("council_risk_done", number=n), self._risk_done(n, r))
                )
            if r.get("reassessed"):
                again = r["reassessed"]
                steps.append(
                    (
                        f"{again['on']} 16:00",
                        t("council_reassess", number=n),
                        self._reassess(n, again),
                    )
                )
        for moment, heading, act in sorted(steps, key=lambda step: step[0]):
            self.when(moment, heading)
            act()

    def start(self, measures: list[tuple[dict[str, Any], str]]) -> None:
        for measure, item_id in measures:
            if "started" not in measure:
                request = services.MoveRequest(Event.start, (item_id,))
                services.move(
                    self.uow(), self.clock, self.calendar, self.head(measure["owner"]), request
                )
        self.echo(f"   {t('council_started_all')}")

    def _starter(self, measure: dict[str, Any], item_id: str) -> Callable[[], None]:
        return lambda: self.move(Event.start, item_id, self.head(measure["owner"]))

    def _done(self, measure: dict[str, Any], item_id: str) -> Callable[[], None]:
        def complete() -> None:
            self.move(Event.complete, item_id, self.head(measure["owner"]), note="Genomförd.")

        return complete

    def _risk_done(self, number: int, risk: dict[str, Any]) -> Callable[[], None]:
        def done() -> None:
            by = self.head(risk["responsible"]) if risk["responsible"] in FUNCTIONS else COORDINATOR
            risks.report_done(
                self.uow(), self.clock, by, self.plan_year, number, "Åtgärden är genomförd."
            )
            self.echo(f"   {t('council_risk_reported', number=number)}")

        return done

    def _reassess(self, number: int, again: dict[str, Any]) -> Callable[[], None]:
        def reassess() -> None:
            found = risks.assess_risk(
                self.uow(),
                self.clock,
                COORDINATOR,
                self.plan_year,
                number,
                probability=again["probability"],
                consequence=again["consequence"],
                note=again["note"],
            )
            scores = " → ".join(f"{a.probability}×{a.consequence}" for a in found.history)
            self.echo(f"   {t('council_reassessed', number=number, scores=scores)}")

        return reassess

    def minutes(self) -> None:
        """The first quarter's council meeting is documented."""
        [first, *_] = meetings.meetings_of(self.uow(), self.calendar, self.plan_year, COORDINATOR)
        text = "Verksamhetsberättelsen för 2022 godkändes. Förvaltningsresultat och avvikelser gicks igenom."
        meetings.record_minutes(self.uow(), self.clock, COORDINATOR, first.id, text)
        self.echo(f"   {first.title}: {t('council_minutes_kept')}")

    def indicators(self) -> None:
        year = self.plan_year
        for number, goal in enumerate(self.data["goals"], start=1):
            for n, i in enumerate(goal.get("indicators", []), start=1):
                _, outcome = goals.record_outcome(
                    self.uow(),
                    self.clock,
                    COORDINATOR,
                    year,
                    str(number),
                    value=i["outcome"],
                    period=str(year),
                    indicator=n,
                    met=i.get("met"),
                )
                verdict = t("council_met") if outcome.met else t("council_not_met")
                self.echo(f"   {number}.{n}  {outcome.value}: {verdict}")

    def follow_up_all(self, measures: list[tuple[dict[str, Any], str]]) -> None:
        for measure, item_id in measures:
            done = bool(measure.get("done")) and measure["done"] < FOLLOW_UP
            assessment, note = (
                ("achieved", "Målet nått.") if done else ("partly", "Fortsätter 2024.")
            )
            self.move(Event.follow_up, item_id, COORDINATOR, assessment=assessment, note=note)

    # the plan for 2024 --------------------------------------------------------------------------

    def next_dialogue(self) -> None:
        for title, code, *_ in NEXT_MEASURES:
            item_id, _ = services.propose(
                self.uow(), self.clock, self.calendar, self.head(code), title
            )
            self.echo(f"   {item_id}  {title}")

    def next_ids(self, *, carried: bool = False) -> list[str]:
        rows = services.list_items(self.uow(), COORDINATOR, self.calendar.tz, cycle=2024)
        return [row["id"] for row in rows if (row["carried_from"] is not None) == carried]

    def next_prioritise(self) -> None:
        """The new proposals go on; those carried from 2023 are left out, for good this time."""
        for item_id in self.next_ids():
            self.move(Event.prioritise, item_id, COORDINATOR)
        for item_id in self.next_ids(carried=True):
            self.move(Event.deprioritise, item_id, COORDINATOR, note=NOT_AGAIN, no_carry=True)

    def next_decide(self) -> None:
        for title in NEXT_GOALS:
            goals.add_goal(self.uow(), self.clock, COORDINATOR, 2024, title)
        for item_id, (_, code, goal, quarters, due) in zip(
            self.next_ids(), NEXT_MEASURES, strict=True
        ):
            self.move(
                Event.decide,
                item_id,
                DECIDER,
                owner=code,
                due=date.fromisoformat(due),
                goal=str(goal),
                quarters=(quarters,),
            )
