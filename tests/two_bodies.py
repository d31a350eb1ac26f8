"""Two bodies on the test sector's database: FTPOS (the sector) and SOES, for the overlap view's
tests on every layer."""

from __future__ import annotations

from dataclasses import dataclass

from arshjul.config import default_text, load_cycle_config
from arshjul.states.model import Body
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import bodies, overlaps, services
from arshjul.workflow.calendar import CycleCalendar
from tests.conftest import COORDINATOR, OTHER_PROPOSER, PROPOSER, Sector

KIM = "kim@fk.se"  # coordinates SOES; FK takes part in FTPOS too, without a role there
LEA = "lea@skv.se"  # coordinates SOES; SKV takes no part in FTPOS


@dataclass
class TwoBodies:
    sector: Sector
    soes: Body

    def uow(self, body: Body | None = None, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.sector.engine, write=write, body=(body or self.soes).id)

    def propose(self, title: str, actor: str = PROPOSER, **kw: object) -> str:
        """A proposal in SOES."""
        calendar = CycleCalendar(load_cycle_config(example="soes"), self.soes)
        item_id, _ = services.propose(self.uow(), self.sector.clock, calendar, actor, title, **kw)  # type: ignore[arg-type]
        return item_id

    def pairs(self, reader: str = COORDINATOR, **kw: bool) -> list[overlaps.Pair]:
        return overlaps.pairs(self.sector.uow(write=False), reader, 2027, **kw)


def _person_in(two: TwoBodies, email: str, org: str, *, ftpos: bool) -> None:
    """A SOES coordinator of a new authority, which takes part in FTPOS too if `ftpos`."""
    clock = two.sector.clock
    services.add_org(two.uow(), clock, COORDINATOR, org, "authority")
    if ftpos:
        bodies.members(two.sector.uow(), clock, COORDINATOR, add=org)
    services.add_person(two.uow(), clock, COORDINATOR, email, email[:3], org, ["coordinator"])


def two_bodies(sector: Sector) -> TwoBodies:
    """FTPOS (the sector) and SOES, which Anna adds; Nordbanken and Sydbanken propose in both."""
    soes = bodies.add_body(
        sector.uow(), sector.clock, COORDINATOR, "SOES", "SOES", default_text("soes"), "soes"
    )
    made = TwoBodies(sector, soes)
    for org, email in (("Nordbanken AB", PROPOSER), ("Sydbanken AB", OTHER_PROPOSER)):
        bodies.members(made.uow(), sector.clock, COORDINATOR, add=org)
        bodies.set_roles(made.uow(), COORDINATOR, email, ["proposer"])
    _person_in(made, KIM, "Försäkringskassan", ftpos=True)
    _person_in(made, LEA, "Skatteverket", ftpos=False)
    return made
