"""Recurring meetings by cadence in two bodies' calendars, the coordinators' reminder to fix
a date until it is fixed, and the standing information point's brief of another body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine, text

from arshjul.clock import FixedClock
from arshjul.config import Cadence, Recurring, default_text
from arshjul.states import Event
from arshjul.states.model import Body
from arshjul.store import bodies, meetings
from arshjul.store.engine import make_engine
from arshjul.store.migrate import upgrade
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import brief, recurring, services, ticker
from arshjul.workflow.bodies import add_body
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import calendar_of
from arshjul.workflow.handlers import HANDLERS, Mail, install
from arshjul.workflow.meetings import add_meeting
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, Sector, at, keep_config

#: A coordinator of FSPOS only (FI takes part in SOES, but he has no role there).
FSPOS_ONLY = "karl@fi.se"
#: A coordinator, proposer, decider and owner in SOES, at a designated authority.
SOES_COORDINATOR = "sara@fk.se"


@dataclass
class Two:
    """FSPOS (the first body, the sector's banks its members) and SOES (FI and FK designated,
    the Riksbank adjunct), each by its built-in configuration."""

    engine: Engine
    clock: FixedClock
    fspos: CycleCalendar
    soes: CycleCalendar

    def uow(self, body: Body, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.engine, write=write, body=body.id)

    def tick(self, moment: str) -> list[ticker.Fired]:
        self.clock.set(at(moment))
        return ticker.tick(self.engine, self.clock, self.fspos)

    def move(self, event: str, item_id: str, **fields: object) -> None:
        request = services.MoveRequest(Event(event), (item_id,), **fields)  # type: ignore[arg-type]
        services.move(self.uow(self.soes.body), self.clock, self.soes, SOES_COORDINATOR, request)

    def mail(self, kind: str, about: str = "") -> list[tuple[str, str]]:
        """(recipient, text) of the messages of `kind` whose subject holds `about`."""
        with self.engine.connect() as conn:
            query = text("SELECT recipient, subject, text FROM outbox WHERE kind = :k ORDER BY id")
            found = conn.execute(query, {"k": kind})
            return [(r, body) for r, subject, body in found if about in subject]


def _join(engine: Engine, body: Body, org: str, kind: str, clock: FixedClock) -> None:
    with UnitOfWork(engine, body=body.id) as uow:
        uow.repo.join(org, kind, clock.now(), replace=True)
        uow.commit()


@pytest.fixture
def two(db_url: str) -> Iterator[Two]:
    engine = make_engine(db_url)
    upgrade(engine)
    keep_config(engine, default_text("fspos"), "built-in FSPOS")
    clock = FixedClock(at("2026-02-10 09:00"))
    with UnitOfWork(engine, write=False) as uow:
        fspos = calendar_of(uow.connection, uow.repo.body)
    mail = Mail(lambda: fspos)
    install(mail)
    try:
        Sector(engine, clock, fspos)
        ticker.start(engine, clock)
        services.add_person(
            UnitOfWork(engine), clock, COORDINATOR, FSPOS_ONLY, "Karl", "Finansinspektionen",
            ["coordinator"],
        )  # fmt: skip
        soes_body = add_body(
            UnitOfWork(engine), clock, COORDINATOR, "SOES", "Samverkansområdet ekonomisk säkerhet",
            default_text("soes"), "soes.toml",
        )  # fmt: skip
        in_soes = lambda: UnitOfWork(engine, body=soes_body.id)  # noqa: E731
        for name in ("Försäkringskassan", "Riksbanken"):
            services.add_org(in_soes(), clock, COORDINATOR, name, "authority")
        _join(engine, soes_body, "Finansinspektionen", "designated", clock)
        _join(engine, soes_body, "Försäkringskassan", "designated", clock)
        _join(engine, soes_body, "Riksbanken", "adjunct", clock)
        services.add_person(
            in_soes(), clock, COORDINATOR, SOES_COORDINATOR, "Sara", "Försäkringskassan",
            ["coordinator", "proposer", "decider", "owner"],
        )  # fmt: skip
        with UnitOfWork(engine, write=False) as uow:
            soes = calendar_of(uow.connection, soes_body)
        yield Two(engine, clock, fspos, soes)
    finally:
        HANDLERS.remove(mail)
        engine.dispose()


def _meetings(two: Two, body: Body, key: str) -> list[meetings.Meeting]:
    with two.uow(body, write=False) as uow:
        return meetings.of_recurring(uow.connection, body.id, key)


def test_the_boards_four_meetings_are_in_the_calendar_once_the_plan_is_decided(two: Two) -> None:
    fspos, soes = two.fspos.body, two.soes.body
    assert _meetings(two, fspos, "styrelse") == []
    fired = two.tick("2026-11-02 10:00")
    closing = [f for f in fired if (f.kind, f.detail) == ("phase_closes", "decision")]
    assert {f.subject for f in closing} == {"2027", "SOES-2027"}
    board = _meetings(two, fspos, "styrelse")
    assert [two.fspos.local(m.starts_at).date() for m in board] == [
        date(2027, 2, 11), date(2027, 5, 13), date(2027, 9, 16), date(2027, 11, 25),
    ]  # fmt: skip
    # Invited by membership kind: the organisations taking part in FSPOS as members.
    assert {m.orgs for m in board} == {
        ("Finansinspektionen", "Nordbanken AB", "Svenska Bankföreningen", "Sydbanken AB")
    }
    assert not any(m.everyone for m in board)
    assert board[0].agenda[-1] == "Information från SOES"
    assert board[0].agenda[0] == "Föregående mötes protokoll"
    # SOES's six configured meetings, to its designated and adjunct authorities.
    soes_meetings = _meetings(two, soes, "soes-mote")
    assert len(soes_meetings) == 6
    assert {m.orgs for m in soes_meetings} == {
        ("Finansinspektionen", "Försäkringskassan", "Riksbanken")
    }
    assert all(m.body == soes.id and m.uid.startswith("soes-") for m in soes_meetings)
    # Every 2-3 years from 2025: 2027 may hold the assembly, nothing fixes it.
    assert _meetings(two, fspos, "fullmaktige") == []
    # Once: a later tick puts nothing there twice.
    two.tick("2026-11-03 10:00")
    assert len(_meetings(two, fspos, "styrelse")) == 4
    # The invitation goes to those invited: a bank's people, not the Försäkringskassan's.
    invited = {recipient for recipient, _ in two.mail("invitation")}
    assert PROPOSER in invited and COORDINATOR in invited
    assert SOES_COORDINATOR in invited  # invited to the SOES meetings


def _fix_dates(fired: list[ticker.Fired]) -> list[ticker.Fired]:
    return [f for f in fired if f.kind == "fix_dates"]


def test_soes_coordinators_are_reminded_to_fix_the_chiefs_meeting_until_it_is_fixed(
    two: Two,
) -> None:
    two.tick("2026-11-02 10:00")
    assert _meetings(two, two.soes.body, "chefsmote") == []  # nothing configured: to fix
    # By 2 December (30 days before Q1 opens), reminded from 14 days before that.
    assert _fix_dates(two.tick("2026-11-17 10:00")) == []
    [first] = _fix_dates(two.tick("2026-11-18 10:00"))
    assert (first.subject, first.detail, first.void) == ("SOES-2027", "chefsmote:1", None)
    assert first.effect["to_fix"] == 1 and first.effect["by"] == "2026-12-02"
    told = two.mail("fix_dates")
    assert sorted(r for r, _ in told) == sorted([COORDINATOR, SOES_COORDINATOR])
    assert FSPOS_ONLY not in {r for r, _ in told}
    assert "--recurring chefsmote" in told[0][1]
    # Until it is fixed: a week later again.
    [again] = _fix_dates(two.tick("2026-11-25 10:00"))
    assert (again.detail, again.void) == ("chefsmote:2", None)
    assert len(two.mail("fix_dates")) == 4
    # The coordinator fixes the date: title, agenda and invitees from the configuration.
    fixed = add_meeting(
        two.uow(two.soes.body), two.clock, two.soes, SOES_COORDINATOR, "", "planning",
        at("2027-02-15 09:30"), at("2027-02-15 12:00"), recurring_key="chefsmote",
    )  # fmt: skip
    assert (fixed.title, fixed.recurring) == ("SOES chefsmöte 2027", "chefsmote")
    assert fixed.orgs == ("Finansinspektionen", "Försäkringskassan", "Riksbanken")
    assert fixed.agenda[0] == "Året som gått i samverkansområdet"
    [stopped] = _fix_dates(two.tick("2026-12-02 10:00"))
    assert (stopped.detail, stopped.void) == ("chefsmote:3", "fixed")
    assert len(two.mail("fix_dates")) == 4  # nobody told any more
    assert _fix_dates(two.tick("2026-12-31 10:00")) == []  # and none planned after it


def test_the_board_invitation_briefs_a_decided_soes_measure_to_those_who_see_it(two: Two) -> None:
    soes = two.soes
    two.clock.set(at("2026-03-02 10:00"))  # SOES's dialogue for 2027 is open
    shared, _ = services.propose(
        two.uow(soes.body), two.clock, soes, SOES_COORDINATOR,
        "Övning: betalningar vid långvarigt elavbrott", kind="exercise",
    )  # fmt: skip
    secret, _ = services.propose(
        two.uow(soes.body), two.clock, soes, SOES_COORDINATOR,
        "Hemlig analys av kontantförsörjningen", restricted_to=["Försäkringskassan"],
    )  # fmt: skip
    assert shared.startswith("SOES-2027-")
    two.clock.set(at("2026-05-04 10:00"))  # SOES's prioritisation
    for item_id in (shared, secret):
        two.move("prioritise", item_id)
    two.clock.set(at("2026-09-15 10:00"))
    for item_id in (shared, secret):
        two.move("decide", item_id, owner=SOES_COORDINATOR, due=date(2027, 3, 15))
    two.tick("2026-11-02 10:00")
    first = _meetings(two, two.fspos.body, "styrelse")[0]
    invitations = dict(two.mail("invitation", "FSPOS styrelsemöte 1 2027"))
    # FI takes part in SOES: its people are briefed of the decided measure, never the secret one.
    for reader in (COORDINATOR, DECIDER):
        assert "Information från SOES sedan" in invitations[reader]
        assert f"{shared}  Övning: betalningar vid långvarigt elavbrott" in invitations[reader]
        assert "Hemlig analys" not in invitations[reader] and secret not in invitations[reader]
    # A bank takes no part in SOES: its people are told nothing of it.
    assert "Information från SOES sedan" not in invitations[PROPOSER]
    assert shared not in invitations[PROPOSER]
    # `meeting show` gives the brief as the reader sees it.
    [seen] = brief.briefs_for(two.uow(two.fspos.body, False), two.fspos, first, COORDINATOR)
    assert seen.body.short == "SOES"
    assert [i.id for i in seen.decided] == [shared]
    assert [i.id for i in seen.exercises] == [shared]  # due in the coming months from Feb
    assert brief.briefs_for(two.uow(two.fspos.body, False), two.fspos, first, PROPOSER) == []
    # The next board meeting's brief starts at this one: the decision is told once.
    second = _meetings(two, two.fspos.body, "styrelse")[1]
    [later] = brief.briefs_for(two.uow(two.fspos.body, False), two.fspos, second, COORDINATOR)
    assert later.since == at("2027-02-11 00:00") and later.decided == ()
    two.clock.set(at("2027-03-01 10:00"))  # and a cancellation is told at the next one
    two.move("cancel", shared, note="Ersatt av FSPOS-övningen")
    [later] = brief.briefs_for(two.uow(two.fspos.body, False), two.fspos, second, COORDINATOR)
    assert [(i.id, i.state) for i in later.cancelled] == [(shared, "cancelled")]
    with two.uow(two.fspos.body, False) as uow:
        assert bodies.by_short(uow.connection, "SOES") == soes.body


def _entry(*invite: str) -> Recurring:
    return Recurring("grupp", "Övningsgruppen", Cadence("per_year", 4, 4), invite=invite)


def test_a_standing_group_is_invited_by_its_members(sector: Sector) -> None:
    """`group:NAME` invites the group's members, the membership kinds beside it as
    organisations; a group nobody joined invites nobody."""
    from arshjul.workflow import groups

    groups.add_group(sector.uow(), sector.clock, COORDINATOR, "Övning", network=True)
    with sector.uow(write=False) as uow:
        assert recurring.invited(uow.connection, 1, _entry("group:Övning")) == (False, (), ())
    groups.join(sector.uow(), sector.clock, COORDINATOR, "Övning", [OWNER, PROPOSER])
    with sector.uow(write=False) as uow:
        found = recurring.invited(uow.connection, uow.body_id, _entry("group:Övning", "member"))
    everyone, orgs, people = found
    assert not everyone and people == (PROPOSER, OWNER)
    assert orgs == ("Finansinspektionen", "Nordbanken AB", "Svenska Bankföreningen", "Sydbanken AB")
    with sector.uow(write=False) as uow:
        assert recurring.invited(uow.connection, 1, _entry("everyone"))[0] is True
