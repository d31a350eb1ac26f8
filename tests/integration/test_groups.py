"""Standing working groups and networks, on SQLite and PostgreSQL: a body's configured groups,
who is in them, moving one to another body with its members and history, and the chain that
holds every change."""

from __future__ import annotations

from importlib.resources import files

import pytest
from sqlalchemy import text

from arshjul.errors import ArshjulError, BadInput, NotAllowed, NotFound, Refused
from arshjul.states import Role
from arshjul.states.model import Body
from arshjul.store import bodies, groups
from arshjul.store.audit import verify
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import groups as work
from arshjul.workflow.bodies import add_body, members, set_roles
from tests.conftest import COORDINATOR, OTHER_PROPOSER, PROPOSER, REFERENCE, Sector, at

NETWORK = "Kommunikationschefsnätverket"
FSPOS_GROUPS = ["Information", "Kontinuitetssäkring", "Övning"]


def fspos(sector: Sector) -> Body:
    """FSPOS beside FTPOS, with FI and Nordbanken taking part."""
    toml = files("arshjul").joinpath("fspos.toml").read_text(encoding="utf-8")
    body = add_body(sector.uow(), sector.clock, COORDINATOR, "FSPOS", "FSPOS", toml, "fspos.toml")
    members(in_(sector, body), sector.clock, COORDINATOR, add="Nordbanken AB")
    return body


def in_(sector: Sector, body: Body, write: bool = True) -> UnitOfWork:
    return UnitOfWork(sector.engine, write=write, body=body.id)


def names(sector: Sector, body_id: int) -> list[str]:
    with sector.uow(write=False) as uow:
        return [g.name for g in groups.groups_of(uow.connection, body_id)]


def emails(sector: Sector, body_id: int, name: str) -> list[str]:
    with sector.uow(write=False) as uow:
        return groups.member_emails(uow.connection, body_id, name)


def audit_holds(sector: Sector) -> None:
    with sector.uow(write=False) as uow:
        verify(uow.connection)


def network(sector: Sector, body: Body) -> None:
    """The communications chiefs' network in `body`, with a coordinator and a proposer in it."""
    work.add_group(in_(sector, body), sector.clock, COORDINATOR, NETWORK, network=True)
    work.join(in_(sector, body), sector.clock, COORDINATOR, NETWORK, [COORDINATOR, PROPOSER])


def test_a_body_added_has_the_standing_groups_its_configuration_names(sector: Sector) -> None:
    body = fspos(sector)
    assert names(sector, body.id) == FSPOS_GROUPS
    assert names(sector, 1) == []  # FTPOS keeps its rule: none standing
    audit_holds(sector)


def test_ftpos_keeps_no_standing_working_groups_but_may_have_a_network(sector: Sector) -> None:
    with pytest.raises(Refused) as refused:
        work.add_group(sector.uow(), sector.clock, COORDINATOR, "Övning")
    assert refused.value.key == "body_keeps_no_groups"
    work.add_group(sector.uow(), sector.clock, COORDINATOR, NETWORK, network=True)
    assert names(sector, 1) == [NETWORK]
    with pytest.raises(BadInput):
        work.add_group(sector.uow(), sector.clock, COORDINATOR, NETWORK, network=True)


def test_people_join_and_leave_and_only_those_taking_part_may_join(sector: Sector) -> None:
    body = fspos(sector)
    joined = work.join(in_(sector, body), sector.clock, COORDINATOR, "Övning", [PROPOSER])
    assert joined == [PROPOSER]
    # Again: nobody new, nothing written.
    assert work.join(in_(sector, body), sector.clock, COORDINATOR, "Övning", [PROPOSER]) == []
    with pytest.raises(BadInput) as outside:  # Sydbanken does not take part in FSPOS
        work.join(in_(sector, body), sector.clock, COORDINATOR, "Övning", [OTHER_PROPOSER])
    assert outside.value.key == "org_not_in_body"
    with pytest.raises(NotFound):
        work.join(in_(sector, body), sector.clock, COORDINATOR, "Nope", [PROPOSER])
    with pytest.raises(NotAllowed):  # a proposer is no coordinator
        work.join(in_(sector, body), sector.clock, PROPOSER, "Övning", [COORDINATOR])
    assert emails(sector, body.id, "Övning") == [PROPOSER]
    assert emails(sector, body.id, "Information") == []
    assert emails(sector, body.id, "No such group") == []
    sector.clock.set(at("2026-03-01 10:00"))
    work.leave(in_(sector, body), sector.clock, COORDINATOR, "Övning", PROPOSER)
    assert emails(sector, body.id, "Övning") == []
    with pytest.raises(BadInput) as not_in:
        work.leave(in_(sector, body), sector.clock, COORDINATOR, "Övning", PROPOSER)
    assert not_in.value.key == "not_in_group"
    # Rejoining is a new membership; the history keeps both.
    work.join(in_(sector, body), sector.clock, COORDINATOR, "Övning", [PROPOSER])
    _, changes = work.show(in_(sector, body, write=False), COORDINATOR, "Övning")
    assert [(c.event, c.email) for c in changes] == [
        ("group_add", None),
        ("group_join", PROPOSER),
        ("group_leave", PROPOSER),
        ("group_join", PROPOSER),
    ]
    audit_holds(sector)


def test_a_network_moves_with_its_members_and_history(sector: Sector) -> None:
    body = fspos(sector)
    network(sector, body)
    sector.clock.set(at("2026-02-20 10:00"))
    source, moved = work.move(
        in_(sector, body), sector.clock, COORDINATOR, NETWORK, "FTPOS", on="2026-01-01"
    )
    assert (source.short, moved.body, moved.kind) == ("FSPOS", "FTPOS", "network")
    assert moved.moved_at == at("2026-01-01 00:00")
    assert moved.members == (COORDINATOR, PROPOSER)
    assert names(sector, body.id) == FSPOS_GROUPS
    assert emails(sector, 1, NETWORK) == [COORDINATOR, PROPOSER]
    _, changes = work.show(sector.uow(write=False), COORDINATOR, NETWORK)
    assert [(c.event, c.email, c.body, c.from_body) for c in changes] == [
        ("group_add", None, "FSPOS", None),
        ("group_join", COORDINATOR, None, None),
        ("group_join", PROPOSER, None, None),
        ("group_move", None, "FTPOS", "FSPOS"),
    ]
    assert changes[-1].at == at("2026-02-20 10:00")  # recorded when it was done
    audit_holds(sector)
    # FSPOS sees its history until it left, not who is in it now.
    sector.clock.set(at("2026-02-21 10:00"))
    work.join(sector.uow(), sector.clock, COORDINATOR, NETWORK, [REFERENCE])
    left, until = work.show(in_(sector, body, write=False), PROPOSER, NETWORK)
    assert (left.body, left.members) == ("FTPOS", ())
    assert until == changes
    with pytest.raises(NotFound):  # nor is it FSPOS's to change
        work.join(in_(sector, body), sector.clock, COORDINATOR, NETWORK, [COORDINATOR])
    with pytest.raises(NotFound):  # a group never in a body is not found there
        work.show(in_(sector, body, write=False), COORDINATOR, "Nät")


def test_a_move_is_for_a_coordinator_of_both_bodies(sector: Sector) -> None:
    body = fspos(sector)
    network(sector, body)
    # Svenska Bankföreningen's reference person becomes a coordinator of FSPOS only.
    members(in_(sector, body), sector.clock, COORDINATOR, add="Svenska Bankföreningen")
    set_roles(in_(sector, body), COORDINATOR, REFERENCE, [Role.coordinator])
    with pytest.raises(NotAllowed) as both:
        work.move(in_(sector, body), sector.clock, REFERENCE, NETWORK, "FTPOS")
    assert both.value.key == "needs_coordinator_both"
    # Roles of one body give nothing in the other.
    with pytest.raises(NotAllowed) as other:
        work.add_group(sector.uow(), sector.clock, REFERENCE, "Nät", network=True)
    assert other.value.key == "needs_coordinator_group"
    work.add_group(in_(sector, body), sector.clock, REFERENCE, "Nät", network=True)
    assert emails(sector, 1, NETWORK) == []
    audit_holds(sector)


def test_members_outside_the_target_are_named_or_their_organisations_join_it(
    sector: Sector,
) -> None:
    body = fspos(sector)
    network(sector, body)
    with sector.uow() as uow:  # Nordbanken takes part in FSPOS only
        uow.repo.leave("Nordbanken AB")
        uow.commit()
    with pytest.raises(Refused) as refused:
        work.move(in_(sector, body), sector.clock, COORDINATOR, NETWORK, "FTPOS")
    assert refused.value.key == "group_move_outsiders"
    assert PROPOSER in str(refused.value) and "Nordbanken AB" in str(refused.value)
    assert names(sector, 1) == []  # nothing moved
    work.move(in_(sector, body), sector.clock, COORDINATOR, NETWORK, "FTPOS", add_orgs=True)
    with sector.uow(write=False) as uow:
        assert uow.repo.takes_part("Nordbanken AB")
    assert emails(sector, 1, NETWORK) == [COORDINATOR, PROPOSER]
    audit_holds(sector)


def test_a_move_is_refused_where_it_makes_no_sense(sector: Sector) -> None:
    body = fspos(sector)
    network(sector, body)
    refusals = {
        "group_move_same": dict(to_short="FSPOS"),
        "no_body": dict(to_short="SOES"),
        "group_move_ahead": dict(to_short="FTPOS", on="2026-03-01"),
        "bad_date": dict(to_short="FTPOS", on="1 januari"),
    }
    for key, given in refusals.items():
        with pytest.raises(ArshjulError) as refused:
            work.move(in_(sector, body), sector.clock, COORDINATOR, NETWORK, **given)  # type: ignore[arg-type]
        assert refused.value.key == key
    with pytest.raises(Refused) as no_groups:  # a working group does not move into FTPOS
        work.move(in_(sector, body), sector.clock, COORDINATOR, "Övning", "FTPOS")
    assert no_groups.value.key == "body_keeps_no_groups"
    work.add_group(sector.uow(), sector.clock, COORDINATOR, NETWORK, network=True)
    with pytest.raises(BadInput) as taken:
        work.move(in_(sector, body), sector.clock, COORDINATOR, NETWORK, "FTPOS")
    assert taken.value.key == "group_exists"


def test_a_body_s_groups_are_for_those_taking_part_in_it(sector: Sector) -> None:
    body = fspos(sector)
    network(sector, body)
    with pytest.raises(NotAllowed) as outside:  # Sydbanken does not take part in FSPOS
        work.list_groups(in_(sector, body, write=False), OTHER_PROPOSER)
    assert outside.value.key == "not_in_body"
    with pytest.raises(NotAllowed):
        work.show(in_(sector, body, write=False), OTHER_PROPOSER, NETWORK)
    with pytest.raises(NotAllowed):
        work.list_groups(in_(sector, body, write=False), None)
    shown, found = work.list_groups(in_(sector, body, write=False), PROPOSER)
    assert shown.short == "FSPOS" and NETWORK in [g.name for g in found]
    # Someone whose organisation leaves the body is no longer listed, nor invited.
    members(in_(sector, body), sector.clock, COORDINATOR, remove="Nordbanken AB")
    assert emails(sector, body.id, NETWORK) == [COORDINATOR]


def test_a_change_behind_the_engine_s_back_is_found(sector: Sector) -> None:
    body = fspos(sector)
    network(sector, body)
    audit_holds(sector)
    with sector.engine.begin() as conn:  # moved without a record
        conn.execute(text("UPDATE standing_group SET body_id = 1 WHERE kind = 'network'"))
    with pytest.raises(ArshjulError) as moved:
        audit_holds(sector)
    assert moved.value.key == "audit_subject_differs"
    with sector.engine.begin() as conn:
        conn.execute(
            text("UPDATE standing_group SET body_id = :b WHERE kind = 'network'"), {"b": body.id}
        )
        conn.execute(
            text(
                "DELETE FROM standing_group_member WHERE id = (SELECT MAX(id) FROM standing_group_member)"
            )
        )
    with pytest.raises(ArshjulError) as gone:
        audit_holds(sector)
    assert gone.value.key == "audit_subject_gone"


def test_a_configuration_that_names_a_new_group_makes_it(sector: Sector) -> None:
    from arshjul.workflow.cycle_change import set_config

    body = fspos(sector)
    toml = files("arshjul").joinpath("fspos.toml").read_text(encoding="utf-8")
    changed = toml.replace('"Övning"]', '"Övning", "Cyber"]')
    assert changed != toml
    set_config(in_(sector, body), sector.clock, COORDINATOR, changed, "fspos2.toml")
    assert names(sector, body.id) == ["Cyber", *FSPOS_GROUPS]
    with sector.uow(write=False) as uow:
        assert bodies.by_short(uow.connection, "FSPOS") == body
    audit_holds(sector)


def test_groups_a_configuration_names_are_made_where_they_are_missing(sector: Sector) -> None:
    """A body whose configuration was stored before its groups could be (an upgrade) gets
    them from `ensure_standing_groups`, once."""
    from arshjul.workflow.cycle_config import calendar_of

    body = fspos(sector)
    with sector.engine.begin() as conn:  # as an upgraded database has it: no groups yet
        conn.execute(text("DELETE FROM standing_group"))
        conn.execute(text("DELETE FROM history WHERE subject_kind = 'standing_group'"))
    with in_(sector, body) as uow:
        calendar = calendar_of(uow.connection, body)
        made = work.ensure_standing_groups(uow, calendar, sector.clock.now())
        again = work.ensure_standing_groups(uow, calendar, sector.clock.now())
        uow.commit()
    assert (made, again) == (FSPOS_GROUPS, [])
    with sector.uow() as uow:  # FTPOS names none
        assert (
            work.ensure_standing_groups(
                uow, calendar_of(uow.connection, uow.repo.body), sector.clock.now()
            )
            == []
        )
    assert names(sector, body.id) == FSPOS_GROUPS


def test_a_standing_group_meets_its_members_and_a_meeting_is_for_those_taking_part(
    sector: Sector,
) -> None:
    """`meeting add --group NAME` invites the group's members as they are; an organisation or
    person outside the body is refused, whether named or not."""
    from arshjul.workflow.calendar import CycleCalendar
    from arshjul.workflow.cycle_config import calendar_of
    from arshjul.workflow.meetings import add_meeting

    body = fspos(sector)
    work.join(in_(sector, body), sector.clock, COORDINATOR, "Övning", [PROPOSER])
    with in_(sector, body, write=False) as uow:
        calendar: CycleCalendar = calendar_of(uow.connection, body)
    starts = at("2026-03-10 10:00")

    def add(**invite: object) -> object:
        return add_meeting(
            in_(sector, body), sector.clock, calendar, COORDINATOR, "AG Övning", "working_group",
            starts, starts.replace(hour=11), **invite,  # type: ignore[arg-type]
        )  # fmt: skip

    added = add(groups=["Övning"])
    assert added.people == (PROPOSER,) and added.body == body.id  # type: ignore[attr-defined]
    with pytest.raises(NotFound, match="Information, Kontinuitetssäkring, Övning"):
        add(groups=["Övningar"])
    with pytest.raises(BadInput, match="Sydbanken AB deltar inte i FSPOS"):
        add(people=[OTHER_PROPOSER])
    with pytest.raises(BadInput, match="Sydbanken AB deltar inte i FSPOS"):
        add(orgs=["Sydbanken AB"])
