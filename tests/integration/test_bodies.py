"""Several cooperation bodies in one database: each numbers its own items, keeps its own
configuration and roles, ticks by its own calendar, and is for the organisations taking part."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from arshjul.clock import FixedClock
from arshjul.config import default_text
from arshjul.errors import NotAllowed, NotFound
from arshjul.states.model import Body
from arshjul.store import bodies as body_store
from arshjul.store.due import DUE
from arshjul.store.outbox import OUTBOX
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import bodies, services, ticker
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import calendar_of
from arshjul.workflow.handlers import HANDLERS, Mail, install
from tests.conftest import COORDINATOR, DECIDER, PROPOSER, Sector, at

RB = "rut@riksbanken.se"


@dataclass
class Two:
    sector: Sector
    soes: Body
    soes_calendar: CycleCalendar

    def uow(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.sector.engine, write=write, body=self.soes.id)

    def propose(self, actor: str, title: str) -> str:
        item_id, _ = services.propose(
            self.uow(), self.sector.clock, self.soes_calendar, actor, title, kind="exercise"
        )
        return item_id

    def move(self, event: str, item_id: str, actor: str, **fields: object) -> None:
        from arshjul.states import Event

        request = services.MoveRequest(Event(event), (item_id,), **fields)  # type: ignore[arg-type]
        services.move(self.uow(), self.sector.clock, self.soes_calendar, actor, request)


@pytest.fixture
def mail(calendar: CycleCalendar) -> Iterator[Mail]:
    """Mail of every body, each by its own calendar, as the command line has it."""
    installed = Mail(lambda: calendar)
    install(installed)
    yield installed
    HANDLERS.remove(installed)


@pytest.fixture
def two(engine: Engine, clock: FixedClock, calendar: CycleCalendar, mail: Mail) -> Two:
    """FTPOS (the first body) and SOES, added by FI's coordinator; the Riksbank takes part in
    SOES only, as an adjunct, with a proposer there."""
    sector = Sector(engine, clock, calendar)
    soes = bodies.add_body(
        UnitOfWork(engine),
        clock,
        COORDINATOR,
        "SOES",
        "Samverkansområdet ekonomisk säkerhet",
        default_text("soes"),
        "soes.toml",
    )
    services.add_org(
        UnitOfWork(engine, body=soes.id), clock, COORDINATOR, "Riksbanken", "authority"
    )
    bodies.members(
        UnitOfWork(engine, body=soes.id), clock, COORDINATOR, add="Riksbanken", kind="adjunct"
    )
    services.add_person(
        UnitOfWork(engine, body=soes.id), clock, COORDINATOR, RB, "Rut", "Riksbanken", ["proposer"]
    )
    with UnitOfWork(engine, write=False) as uow:
        soes_calendar = calendar_of(uow.connection, soes)
    return Two(sector, soes, soes_calendar)


def test_each_body_numbers_its_own_items_and_ids_name_the_body(two: Two) -> None:
    assert two.sector.propose() == "2027-001"
    assert two.propose(RB, "Övning betalningar") == "SOES-2027-001"
    assert two.propose(RB, "Analys av kontantförsörjning") == "SOES-2027-002"
    assert two.sector.propose() == "2027-002"
    with two.uow(write=False) as uow:
        assert [i.id for i in uow.repo.list_items(2027, None, None)] == [
            "SOES-2027-001",
            "SOES-2027-002",
        ]
    with two.sector.uow(write=False) as uow:
        assert [i.id for i in uow.repo.list_items(2027, None, None)] == ["2027-001", "2027-002"]
        with pytest.raises(NotFound):  # another body's item is not found in this one
            uow.repo.items(["SOES-2027-001"])


def test_the_founder_is_the_new_bodys_coordinator_and_their_organisation_its_member(
    two: Two,
) -> None:
    with two.uow(write=False) as uow:
        assert body_store.members(uow.connection, two.soes.id) == [
            ("Finansinspektionen", "member"),
            ("Riksbanken", "adjunct"),
        ]
        founder = uow.repo.person(COORDINATOR)
        assert founder is not None and founder.roles == {"coordinator"}
        assert [p.email for p in uow.repo.people()] == [COORDINATOR, DECIDER, RB]


def test_roles_of_one_body_give_nothing_in_the_other(two: Two) -> None:
    """FTPOS's decider is a plain member of SOES; SOES's proposer is nobody in FTPOS."""
    item_id = two.propose(RB, "Övning betalningar")
    ftpos_item = two.sector.propose()
    two.sector.clock.set(at("2026-05-12 10:00"))  # both bodies prioritise
    with pytest.raises(NotAllowed):
        two.move("prioritise", item_id, DECIDER, rank=1)
    bodies.set_roles(two.uow(), COORDINATOR, DECIDER, ["coordinator"])
    two.move("prioritise", item_id, DECIDER, rank=1)  # a coordinator in SOES now
    with pytest.raises(NotAllowed, match="Riksbanken"):  # not a member of FTPOS at all
        two.sector.move("prioritise", ftpos_item, actor=RB, rank=1)
    with pytest.raises(NotAllowed):  # a coordinator in SOES, still only a decider in FTPOS
        two.sector.move("prioritise", ftpos_item, actor=DECIDER, rank=1)


def test_a_person_outside_a_body_may_not_act_or_read_in_it(two: Two) -> None:
    two.propose(RB, "Övning betalningar")
    with pytest.raises(NotAllowed, match="deltar inte i SOES"):
        two.propose(PROPOSER, "En banks förslag")
    with pytest.raises(NotAllowed, match="deltar inte i SOES"):
        services.show_item(two.uow(write=False), PROPOSER, "SOES-2027-001", two.soes_calendar.tz)


def test_two_bodies_with_different_calendars_tick_in_one_process(two: Two) -> None:
    """FTPOS's dialogue closes on 1 April, SOES's on 1 May: one tick fires each by its own,
    and each body's phase mail goes to its own people."""
    engine, clock = two.sector.engine, two.sector.clock
    ticker.tick(engine, clock, two.sector.calendar)
    clock.set(at("2026-04-02 09:00"))
    ticker.tick(engine, clock, two.sector.calendar)
    fired = _fired(engine, "phase_closes")
    assert ("2027", "dialogue", 1) in fired
    assert ("SOES-2027", "dialogue", two.soes.id) not in fired
    clock.set(at("2026-05-02 09:00"))
    ticker.tick(engine, clock, two.sector.calendar)
    assert ("SOES-2027", "dialogue", two.soes.id) in _fired(engine, "phase_closes")
    with engine.connect() as conn:
        told = {
            (recipient, subject)
            for recipient, cause, subject in conn.execute(
                select(OUTBOX.c.recipient, OUTBOX.c.cause, OUTBOX.c.subject)
            )
            if "SOES-2027" in cause
        }
    assert told, "SOES's phases tell somebody"
    assert {recipient for recipient, _ in told} <= {COORDINATOR, DECIDER, RB}
    assert all("SOES" in subject for _, subject in told), told


def _fired(engine: Engine, kind: str) -> set[tuple[str, str, int]]:
    query = select(DUE.c.subject, DUE.c.detail, DUE.c.body_id).where(
        DUE.c.kind == kind, DUE.c.fired_at.is_not(None)
    )
    with engine.connect() as conn:
        return {tuple(row) for row in conn.execute(query)}  # type: ignore[misc]


def test_each_body_s_mail_comes_from_its_own_sender(two: Two, tmp_path: Path) -> None:
    """SOES's configuration sends as "SOES <…>": its mail says so, FTPOS's as before."""
    from email import message_from_bytes, policy

    from arshjul.notifications.delivery import FolderDelivery, send_waiting

    two.propose(RB, "Övning betalningar")
    two.sector.propose()
    folder = tmp_path / "mail"
    sent = send_waiting(
        two.sector.engine, two.sector.clock, FolderDelivery(folder), "Årshjul <arshjul@localhost>"
    )
    assert sent.sent >= 2
    senders = {}
    for path in folder.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        senders[str(message["To"])] = str(message["From"])
    assert senders[RB] == "SOES <arshjul@localhost>"
    assert senders[PROPOSER] == "Årshjul <arshjul@localhost>"
