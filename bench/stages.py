"""Årshjul's own stages, one per process, through the real service layer and the real ticker.

The driver (`run.py`) starts this script once per stage; the database carries what one stage
leaves to the next. The year played, for cycle C = 2028 and N items:

- import: N proposals for C from a CSV file, as `arshjul import` reads and writes them;
- deadline: nobody decides anything, so the decision deadline of C leaves all N out of the plan;
- carry_over: C+1's dialogue opens and the N come back as new proposals;
- transitions: a sample of 1,000 of them prioritised, then decided, one transaction each;
- bulk_move: the rest prioritised and decided, one command each for all of them;
- due_events: the ticker plans the reminders of the N decided measures;
- report_{plan,followup}_{md,xlsx}: C+1's plan and follow-up, every one of the N a row.

Before each timed stage the clock moves and the ticker catches up, untimed, so a stage times
its own work only (and the notifier's outbox rows, which the real service writes with it).
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Stage, emit, timed

from arshjul.clock import STOCKHOLM, FixedClock
from arshjul.config import load_cycle_config
from arshjul.notifications.notifier import Notifier
from arshjul.states import Event
from arshjul.store.engine import make_engine
from arshjul.store.migrate import upgrade
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import importer, services, ticker
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.handlers import install

CYCLE = 2028
SAMPLE = 1000
ORGS = 20
COORDINATOR = "samordnare@fi.example"
DECIDER = "ledning@fi.example"
STAGES = (
    "setup",
    "import",
    "deadline",
    "carry_over",
    "transitions",
    "bulk_move",
    "due_events",
    "report_plan_md",
    "report_plan_xlsx",
    "report_followup_md",
    "report_followup_xlsx",
)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


class Year:
    def __init__(self, url: str, folder: Path, n: int) -> None:
        self.engine = make_engine(url)
        self.folder = folder
        self.n = n
        self.calendar = CycleCalendar(load_cycle_config())
        self.clock = FixedClock(_at("2027-01-04 09:00"))
        install(Notifier(self.calendar))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def catch_up(self, moment: datetime) -> None:
        """The clock moves to `moment` and the ticker takes effect of what fell due on the way."""
        self.clock.set(moment)
        ticker.tick(self.engine, self.clock, self.calendar, instance="bench")

    def ids(self, cycle: int) -> list[str]:
        return [f"{cycle}-{number:03d}" for number in range(1, self.n + 1)]

    def move(self, event: Event, ids: list[str], actor: str, **fields: object) -> int:
        if not ids:
            return 0
        request = services.MoveRequest(event, tuple(ids), **fields)  # type: ignore[arg-type]
        return len(services.move(self.uow(), self.clock, self.calendar, actor, request))

    # the stages ---------------------------------------------------------------------

    def setup(self, stage: Stage) -> None:
        upgrade(self.engine)
        ticker.start(self.engine, self.clock)
        services.add_org(self.uow(), self.clock, None, "Finansinspektionen", "authority", lead=True)
        services.add_person(
            self.uow(), self.clock, None, COORDINATOR, "Samordnare", "Finansinspektionen",
            ["coordinator", "owner"],
        )  # fmt: skip
        services.add_person(
            self.uow(), self.clock, COORDINATOR, DECIDER, "Ledning", "Finansinspektionen",
            ["decider"],
        )  # fmt: skip
        with (self.folder / "proposals.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["title", "description", "kind", "org", "proposer"])
            for n in range(self.n):
                org = f"Institut {n % ORGS + 1:02d} AB"
                writer.writerow(
                    [
                        f"Åtgärd {n + 1}: övning av reservrutiner för betalningar",
                        "En övning med sektorns aktörer, planerad med referensgruppen.",
                        ("exercise", "analysis", "information", "communication")[n % 4],
                        org,
                        f"beredskap{n % ORGS + 1:02d}@institut.example",
                    ]
                )
        for n in range(ORGS):
            org = f"Institut {n + 1:02d} AB"
            services.add_org(self.uow(), self.clock, COORDINATOR, org, "company")
            services.add_person(
                self.uow(), self.clock, COORDINATOR, f"beredskap{n + 1:02d}@institut.example",
                f"Beredskapschef {n + 1}", org, ["proposer", "owner"],
            )  # fmt: skip
        self.catch_up(_at("2027-02-01 09:00"))

    def import_(self, stage: Stage) -> None:
        with timed(stage):
            rows = importer.read(self.folder / "proposals.csv")
            ids, _ = services.import_proposals(
                self.uow(), self.clock, self.calendar, COORDINATOR, rows
            )
        stage.items = len(ids)

    def deadline(self, stage: Stage) -> None:
        closes = self.calendar.closes_at(CYCLE, "decision")
        self.catch_up(closes - timedelta(minutes=1))
        self.clock.set(closes + timedelta(minutes=1))
        with timed(stage):
            fired = ticker.tick(self.engine, self.clock, self.calendar, instance="bench")
        stage.items = sum(len(f.effect.get("deprioritised", ())) for f in fired)

    def carry_over(self, stage: Stage) -> None:
        opens = self.calendar.opens_at(CYCLE + 1, "dialogue")
        self.catch_up(opens - timedelta(minutes=1))
        self.clock.set(opens + timedelta(minutes=1))
        with timed(stage):
            fired = ticker.tick(self.engine, self.clock, self.calendar, instance="bench")
        stage.items = sum(len(f.effect.get("carried", ())) for f in fired)

    def transitions(self, stage: Stage) -> None:
        sample = self.ids(CYCLE + 1)[:SAMPLE]
        self.catch_up(_at("2028-05-08 09:00"))
        with timed(stage):
            for rank, item_id in enumerate(sample, start=1):
                self.move(Event.prioritise, [item_id], COORDINATOR, rank=rank)
            # the decisions come in the decision phase; the clock moves, untimed, in between
            prioritising = stage.seconds
        self.catch_up(_at("2028-09-04 09:00"))
        with timed(stage):
            for item_id in sample:
                self.move(
                    Event.decide, [item_id], DECIDER, owner=COORDINATOR, due=date(2029, 6, 30)
                )
        stage.seconds += prioritising
        stage.items = 2 * len(sample)

    def bulk_move(self, stage: Stage) -> None:
        rest = self.ids(CYCLE + 1)[SAMPLE:]
        self.clock.set(_at("2028-09-05 09:00"))
        with timed(stage):
            self.move(Event.prioritise, rest, COORDINATOR, rank=SAMPLE + 1)
            self.move(Event.decide, rest, DECIDER, owner=COORDINATOR, due=date(2029, 6, 30))
        stage.items = 2 * len(rest)

    def due_events(self, stage: Stage) -> None:
        self.clock.set(_at("2028-09-05 10:00"))
        with UnitOfWork(self.engine, write=False) as uow:
            before = uow.connection.exec_driver_sql("SELECT count(*) FROM due_event").scalar_one()
        with timed(stage):
            ticker.tick(self.engine, self.clock, self.calendar, instance="bench")
        with UnitOfWork(self.engine, write=False) as uow:
            after = uow.connection.exec_driver_sql("SELECT count(*) FROM due_event").scalar_one()
        stage.items = self.n
        stage.extra["due_events_planned"] = after - before

    def report(self, stage: Stage, kind: str, fmt: str) -> None:
        from arshjul.reports.build import build
        from arshjul.reports.output import write

        with self.uow() as uow:
            person = uow.repo.person(COORDINATOR)
        assert person is not None
        target = self.folder / f"{kind}-{CYCLE + 1}.{fmt}"
        with timed(stage):
            report = build(self.uow(), self.calendar, kind, CYCLE + 1, person.as_actor(), "sv")
            write(report, fmt, target)
        stage.items = sum(report.counts.values())  # a walk of its own, after the clock stopped
        stage.extra["bytes"] = target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("--db", required=True)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--backend", required=True)
    args = parser.parse_args()
    year = Year(args.db, args.dir, args.n)
    stage = Stage("arshjul", args.backend, args.n, args.stage)
    if args.stage.startswith("report_"):
        _, kind, fmt = args.stage.split("_")
        year.report(stage, kind, fmt)
    else:
        getattr(year, "import_" if args.stage == "import" else args.stage)(stage)
    year.engine.dispose()
    emit([stage] if args.stage != "setup" else [])


if __name__ == "__main__":
    main()
