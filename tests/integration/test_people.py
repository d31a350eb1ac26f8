"""People and organisations change, on SQLite and PostgreSQL: roles given and taken, a person
deactivated (no commands, no mail) and back, a leaver's measures and working-group places
handed over all or none, an organisation's total-defence mark; each in the chain."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from arshjul.errors import ArshjulError, BadInput, NotAllowed, Refused
from arshjul.workflow import meetings, people, services, ticker
from tests.conftest import (
    COORDINATOR,
    DECIDER,
    OTHER_PROPOSER,
    OWNER,
    PROPOSER,
    REFERENCE,
    Sector,
    at,
)
from tests.two_bodies import KIM, two_bodies

NILS = "nils@nordbanken.se"  # takes over Olle's measures
#: Rules that touch the store no differently from the tests run on both: SQLite only.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def rows(sector: Sector, query: str, **params: Any) -> list[Any]:
    with sector.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(query), params)]


def mail(sector: Sector, kind: str | None = None) -> list[tuple[str, str]]:
    """(recipient, kind) of every message written, in order."""
    found = rows(sector, "SELECT recipient, kind FROM outbox ORDER BY id")
    return [(r, k) for r, k in found if kind is None or k == kind]


def person_rows(sector: Sector) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    found = rows(
        sector,
        "SELECT event, actor, note, data FROM history WHERE subject_kind = 'person' ORDER BY seq",
    )
    return [(event, actor, note, json.loads(data)) for event, actor, note, data in found]


def audit(sector: Sector) -> None:
    services.audit(sector.uow(write=False))


def add_nils(sector: Sector) -> None:
    services.add_person(
        sector.uow(), sector.clock, COORDINATOR, NILS, "Nils", "Nordbanken AB", ["owner"]
    )


def decide(sector: Sector, *titles: str, secret: str | None = None) -> list[str]:
    """Measures owned by Olle, decided for 2027 (due 15 March); `secret` restricted to
    Nordbanken."""
    ids = [sector.propose(title) for title in titles]
    if secret is not None:
        ids.append(sector.propose(secret, restricted_to=["Nordbanken AB"]))
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", *ids, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", *ids, actor=DECIDER, owner=OWNER, due=date(2027, 3, 15))
    return ids


# roles ----------------------------------------------------------------------------------------


@sqlite_only
def test_roles_are_added_and_removed_in_the_chain_and_the_last_coordinator_keeps_hers(
    sector: Sector,
) -> None:
    """--add-role keeps the others, --remove-role takes one; who gave whom what, and why, is a
    person row; the body's last coordinator cannot lose the role, by either way."""
    uow, clock = sector.uow, sector.clock
    changed = people.change_roles(
        uow(), clock, COORDINATOR, PROPOSER, add=["owner", "reference"], reason="Tar över"
    )
    assert sorted(changed.roles) == ["owner", "proposer", "reference"]
    changed = people.change_roles(uow(), clock, COORDINATOR, PROPOSER, remove=["reference"])
    assert sorted(changed.roles) == ["owner", "proposer"]
    [given, taken] = person_rows(sector)
    assert given[:3] == ("roles", COORDINATOR, "Tar över")
    assert given[3] == {
        "email": PROPOSER,
        "body": "FTPOS",
        "roles": ["owner", "proposer", "reference"],
        "added": ["owner", "reference"],
        "removed": [],
    }
    assert taken[3]["removed"] == ["reference"]
    for how in ({"remove": ["coordinator"]}, {"roles": ["decider"]}):
        with pytest.raises(Refused) as refused:
            people.change_roles(uow(), clock, COORDINATOR, COORDINATOR, **how)  # type: ignore[arg-type]
        assert refused.value.key == "last_coordinator"
    # With a second coordinator, the first may step down.
    people.change_roles(uow(), clock, COORDINATOR, DECIDER, add=["coordinator"])
    people.change_roles(uow(), clock, DECIDER, COORDINATOR, remove=["coordinator"])
    with pytest.raises(BadInput):
        people.change_roles(uow(), clock, DECIDER, PROPOSER, add=["owner"], remove=["owner"])
    assert len(person_rows(sector)) == 4
    # Each is told of their new roles (in their language), nobody else.
    assert mail(sector, "person_changed") == [
        (PROPOSER, "person_changed"),
        (PROPOSER, "person_changed"),
        (DECIDER, "person_changed"),
        (COORDINATOR, "person_changed"),
    ]
    [first] = rows(sector, "SELECT text FROM outbox WHERE kind = 'person_changed' ORDER BY id")[0]
    assert "Tillagda: åtgärdsägare, referensgrupp." in first and "Skäl: Tar över" in first
    audit(sector)


@sqlite_only
def test_a_change_that_changes_nothing_is_refused_and_writes_nothing(sector: Sector) -> None:
    """A role they have already, the roles they have, or no preference at all: refused, as an
    edit that changes nothing is, not reported as done."""
    uow, clock = sector.uow, sector.clock
    for how in ({"add": ["owner"]}, {"roles": ["owner"]}, {"remove": ["reference"]}):
        with pytest.raises(Refused) as refused:
            people.change_roles(uow(), clock, COORDINATOR, OWNER, **how)  # type: ignore[arg-type]
        assert refused.value.key == "roles_unchanged"
        assert "inget ändrat" in str(refused.value)
    with pytest.raises(BadInput) as bad:
        services.set_preferences(uow(), COORDINATOR, OWNER)
    assert bad.value.key == "nothing_changed"
    assert person_rows(sector) == [] and mail(sector, "person_changed") == []


@sqlite_only
def test_an_owner_keeps_the_means_to_own_while_they_own_open_measures(sector: Sector) -> None:
    """Taking the owner role (or all but proposer) from someone who owns decided measures is
    refused, naming them and the handover; a coordinator may own, so giving them that first
    lets the owner role go; one with no open measure loses it freely."""
    uow, clock = sector.uow, sector.clock
    ids = decide(sector, "Första", "Andra")
    for how in ({"remove": ["owner"]}, {"roles": ["proposer"]}):
        with pytest.raises(Refused) as refused:
            people.change_roles(uow(), clock, COORDINATOR, OWNER, **how)  # type: ignore[arg-type]
        assert refused.value.key == "roles_owner_has_measures"
        assert all(i in str(refused.value) for i in ids) and "handover" in str(refused.value)
    assert person_rows(sector) == []
    changed = people.change_roles(uow(), clock, COORDINATOR, OWNER, roles=["coordinator"])
    assert sorted(changed.roles) == ["coordinator"]
    add_nils(sector)
    people.change_roles(uow(), clock, COORDINATOR, NILS, remove=["owner"], add=["proposer"])
    audit(sector)


# who may not --------------------------------------------------------------------------------


@sqlite_only
def test_only_a_coordinator_of_the_body_changes_people_and_organisations(sector: Sector) -> None:
    """The proposer, the owner, the decider and a coordinator of another body are refused every
    change, and nothing is written."""
    two = two_bodies(sector)
    assert two.soes.short == "SOES"
    add_nils(sector)
    [measure] = decide(sector, "Åtgärd")
    uow, clock = sector.uow, sector.clock
    changes: dict[str, Callable[[str], object]] = {
        "add role": lambda who: people.change_roles(uow(), clock, who, NILS, add=["proposer"]),
        "replace roles": lambda who: people.change_roles(uow(), clock, who, NILS, roles=["owner"]),
        "deactivate": lambda who: people.deactivate(uow(), clock, who, OWNER, "slutar"),
        "activate": lambda who: people.activate(uow(), clock, who, OWNER, "tillbaka"),
        "handover": lambda who: people.handover(uow(), clock, who, OWNER, NILS, [measure]),
        "org set": lambda who: people.set_org(
            uow(), clock, who, "Sydbanken AB", total_defence=False
        ),
    }
    before = rows(sector, "SELECT count(*) FROM history")
    for who in (PROPOSER, OWNER, DECIDER, KIM):
        for name, change in changes.items():
            with pytest.raises(NotAllowed) as refused:
                change(who)
            assert refused.value.key == "needs_coordinator_people", (who, name)
    assert rows(sector, "SELECT count(*) FROM history") == before


@sqlite_only
def test_a_coordinator_of_one_body_cannot_deactivate_someone_with_roles_in_another(
    sector: Sector,
) -> None:
    """Kim coordinates SOES only: Bo proposes in SOES and in FTPOS, so deactivating him is for
    a coordinator of both."""
    two = two_bodies(sector)
    with pytest.raises(NotAllowed) as refused:
        people.deactivate(two.uow(), sector.clock, KIM, PROPOSER, "slutar")
    assert refused.value.key == "person_other_bodies"
    assert "FTPOS" in str(refused.value)


# deactivating ---------------------------------------------------------------------------------


def test_a_deactivated_person_cannot_act_is_told_nothing_and_is_listed_with_what_they_leave(
    sector: Sector,
) -> None:
    """Olle leaves: the command lists his open measures and working-group places; --as him is
    refused; a move that would tell him (and his manager's copy of it) tells nobody; messages
    to him not yet sent are withheld; back again, he acts and is told."""
    add_nils(sector)
    people.change_roles(sector.uow(), sector.clock, COORDINATOR, DECIDER, add=["coordinator"])
    first, second = decide(sector, "Första", "Andra")
    meetings.join_working_group(sector.uow(), sector.clock, COORDINATOR, second, [PROPOSER])
    pending = rows(sector, "SELECT count(*) FROM outbox WHERE recipient = :r AND sent_at IS NULL",
                   r=PROPOSER)[0][0]  # fmt: skip
    assert pending > 0
    left = people.deactivate(sector.uow(), sector.clock, COORDINATOR, PROPOSER, "Slutat")
    assert not left.person.active
    assert left.places.groups == [second] and left.places.measures == []
    left = people.deactivate(sector.uow(), sector.clock, COORDINATOR, OWNER, "Slutat")
    assert [(m.id, m.state) for m in left.places.measures] == [
        (first, "decided"),
        (second, "decided"),
    ]
    # Chef, the other coordinator, learns what Olle leaves; Olle is told nothing.
    [(told,)] = rows(sector, "SELECT text FROM outbox WHERE kind = 'person_changed' "
                             "AND recipient = :r AND subject = :s", r=DECIDER,
                     s="Olle är inaktiverad: det som ska lämnas över")  # fmt: skip
    assert first in told and second in told and f"arshjul handover {OWNER} NY" in told
    assert mail(sector, "person_changed").count((OWNER, "person_changed")) == 0
    withheld = rows(sector, "SELECT last_error FROM outbox WHERE recipient = :r "
                            "AND sent_at IS NULL AND failed_at IS NULL", r=PROPOSER)  # fmt: skip
    assert withheld == []
    with pytest.raises(NotAllowed) as refused:
        sector.move("start", first, actor=OWNER)
    assert refused.value.key == "person_deactivated"
    with pytest.raises(NotAllowed):
        services.show_item(sector.uow(write=False), PROPOSER, first, sector.calendar.tz)
    with pytest.raises(Refused):
        people.deactivate(sector.uow(), sector.clock, COORDINATOR, OWNER, "igen")
    with pytest.raises(BadInput):  # nor placed in a working group, where nothing would reach him
        meetings.join_working_group(sector.uow(), sector.clock, COORDINATOR, first, [OWNER])
    told_before = len(mail(sector))
    sector.clock.set(at("2027-01-10 10:00"))
    sector.move("start", first, second, actor=COORDINATOR)  # tells the proposer: he left
    meetings.add_meeting(
        sector.uow(), sector.clock, sector.calendar, COORDINATOR, "Informationsmöte",
        "information", at("2027-03-15 13:00"), at("2027-03-15 15:00"), everyone=True,
    )  # fmt: skip
    assert (NILS, "invitation") in mail(sector)[told_before:]
    assert [m for m in mail(sector)[told_before:] if m[0] in (PROPOSER, OWNER)] == []
    people.activate(sector.uow(), sector.clock, COORDINATOR, PROPOSER, "Tillbaka")
    sector.move("complete", first, actor=COORDINATOR)
    assert (PROPOSER, "moved") in mail(sector)[told_before:]
    events = ["roles", "deactivate", "deactivate", "activate"]
    assert [r[0] for r in person_rows(sector)] == events
    assert (PROPOSER, "person_changed") in mail(sector)[told_before:]  # told he is back
    audit(sector)


@sqlite_only
def test_the_last_coordinator_cannot_be_deactivated(sector: Sector) -> None:
    """Anna is FTPOS's only coordinator; nothing is written."""
    with pytest.raises(Refused) as refused:
        people.deactivate(sector.uow(), sector.clock, COORDINATOR, COORDINATOR, "slutar")
    assert refused.value.key == "last_coordinator_deactivate"
    assert person_rows(sector) == []


# handing over ---------------------------------------------------------------------------------


def test_a_handover_moves_measures_and_places_in_the_chain_and_reminders_follow(
    sector: Sector,
) -> None:
    """Olle leaves; Nils takes over both measures and Olle's working-group place: each measure's
    history names the new owner (audit verify binds it), both are told, and the reminder
    before the due date goes to Nils."""
    add_nils(sector)
    ticker.start(sector.engine, sector.clock)
    first, second = decide(sector, "Första", "Andra")
    meetings.join_working_group(sector.uow(), sector.clock, COORDINATOR, first, [OWNER, REFERENCE])
    done = people.handover(sector.uow(), sector.clock, COORDINATOR, OWNER, NILS, reason="Slutar")
    assert (done.measures, done.groups) == ([first, second], [first])
    for item_id in (first, second):
        shown = sector.show(item_id)
        assert shown["owner"] == NILS
        last = shown["history"][-1]  # type: ignore[index]
        assert (last["event"], last["actor"]) == ("handover", COORDINATOR)
        assert last["note"] == f"{OWNER} → {NILS}: Slutar"
    assert meetings.working_group(sector.uow(write=False), first, COORDINATOR) == [NILS, REFERENCE]
    assert mail(sector, "handover") == [(NILS, "handover"), (OWNER, "handover")]
    [received] = rows(sector, "SELECT text FROM outbox WHERE kind = 'handover' AND recipient = :r",
                      r=NILS)  # fmt: skip
    assert first in received[0] and "Slutar" in received[0]
    assert person_rows(sector)[-1][3]["measures"] == [first, second]
    audit(sector)
    sector.clock.set(at("2027-03-02 09:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar, instance="test")
    assert {r for r, _ in mail(sector, "due_reminder")} == {NILS}


def test_a_handover_is_all_or_none(sector: Sector) -> None:
    """One id not the giver's, a taker who may not own or see a restricted measure, or a
    deactivated taker: refused, and no owner, place, history row or message changes."""
    add_nils(sector)
    first, second, secret = decide(sector, "Första", "Andra", secret="Hemlig")
    other = sector.propose("Annans", actor=OTHER_PROPOSER)
    services.add_person(sector.uow(), sector.clock, COORDINATOR, "sam@sydbank.se", "Sam",
                        "Sydbanken AB", ["owner"])  # fmt: skip
    before = (rows(sector, "SELECT count(*) FROM history"), len(mail(sector)))
    attempts: list[tuple[type[ArshjulError], str, Callable[[], object]]] = [
        (BadInput, "handover_not_theirs",
         lambda: people.handover(sector.uow(), sector.clock, COORDINATOR, OWNER, NILS,
                                 [first, other])),
        (BadInput, "owner_not_owner",
         lambda: people.handover(sector.uow(), sector.clock, COORDINATOR, OWNER, PROPOSER)),
        (NotAllowed, "handover_not_visible",
         lambda: people.handover(sector.uow(), sector.clock, COORDINATOR, OWNER,
                                 "sam@sydbank.se")),
        (BadInput, "handover_same",
         lambda: people.handover(sector.uow(), sector.clock, COORDINATOR, OWNER, OWNER)),
    ]  # fmt: skip
    for error, key, attempt in attempts:
        with pytest.raises(error) as refused:
            attempt()
        assert refused.value.key == key
    people.deactivate(sector.uow(), sector.clock, COORDINATOR, NILS, "Slutar också")
    with pytest.raises(BadInput) as refused:
        people.handover(sector.uow(), sector.clock, COORDINATOR, OWNER, NILS)
    assert refused.value.key == "person_deactivated"
    assert rows(sector, "SELECT count(*) FROM history")[0][0] == before[0][0][0] + 1
    owners = {item_id: sector.show(item_id)["owner"] for item_id in (first, second, secret)}
    assert set(owners.values()) == {OWNER}
    audit(sector)


@sqlite_only
def test_a_deactivated_giver_is_not_told_of_the_handover(sector: Sector) -> None:
    """Handed over after Olle left: Nils is told, Olle not."""
    add_nils(sector)
    [measure] = decide(sector, "Åtgärd")
    people.deactivate(sector.uow(), sector.clock, COORDINATOR, OWNER, "Slutat")
    people.handover(sector.uow(), sector.clock, COORDINATOR, OWNER, NILS, [measure])
    assert mail(sector, "handover") == [(NILS, "handover")]
    audit(sector)


# organisations ----------------------------------------------------------------------------------


@sqlite_only
def test_an_organisations_total_defence_mark_changes_in_the_chain(sector: Sector) -> None:
    """Bankföreningen becomes important for total defence: `org list` shows it, an organisation row
    records it with the reason; the same mark again, or none, is refused and writes nothing."""
    changed = people.set_org(
        sector.uow(),
        sector.clock,
        COORDINATOR,
        "Svenska Bankföreningen",
        total_defence=True,
        reason="MSB",
    )
    assert changed.total_defence
    for mark, refusal in ((True, Refused), (None, BadInput)):
        with pytest.raises(refusal) as refused:
            people.set_org(
                sector.uow(),
                sector.clock,
                COORDINATOR,
                "Svenska Bankföreningen",
                total_defence=mark,
            )
        assert refused.value.key in ("org_unchanged", "nothing_changed")
    [org] = [
        o for o in services.orgs(sector.uow(write=False)) if o.name == "Svenska Bankföreningen"
    ]
    assert org.total_defence
    found = rows(
        sector, "SELECT event, note, data FROM history WHERE subject_kind = 'organisation'"
    )
    assert [(e, n, json.loads(d)["total_defence"]) for e, n, d in found] == [
        ("org_set", "MSB", True)
    ]
    audit(sector)


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_two_coordinators_taking_each_others_role_at_once_leave_one(sector: Sector) -> None:
    """Anna and Chef coordinate; each takes the other's role at the same moment: the changes
    queue on the body's row, so one is made and the other is refused (Chef, or Anna, is no
    coordinator any more), never both, which would leave the body with none."""
    people.change_roles(sector.uow(), sector.clock, COORDINATOR, DECIDER, add=["coordinator"])
    outcomes: list[str] = []

    def take(actor: str, target: str) -> None:
        try:
            people.change_roles(sector.uow(), sector.clock, actor, target, remove=["coordinator"])
            outcomes.append("made")
        except ArshjulError as exc:
            outcomes.append(exc.key)

    holder = sector.engine.connect()
    holder.begin()
    holder.execute(text("SELECT id FROM body FOR UPDATE"))  # both must wait for it
    threads = [
        threading.Thread(target=take, args=(COORDINATOR, DECIDER)),
        threading.Thread(target=take, args=(DECIDER, COORDINATOR)),
    ]
    for thread in threads:
        thread.start()
    waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted"
    deadline = time.monotonic() + 60
    while rows(sector, waiting)[0][0] < 2:  # both queued behind the holder
        assert time.monotonic() < deadline, "the two changes did not queue on the body's row"
        time.sleep(0.01)
    holder.rollback()
    holder.close()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["made", "needs_coordinator_people"]
    coordinators = [p for p in services.people(sector.uow(write=False)) if "coordinator" in p.roles]
    assert len(coordinators) == 1
    audit(sector)
