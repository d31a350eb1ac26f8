"""Correcting a proposal (`edit`) on the real store, SQLite and PostgreSQL: who may, until when,
every earlier version kept in the chain and read only by those it was for, and who is told."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from arshjul.clock import STOCKHOLM
from arshjul.errors import BadInput, Conflict, NotAllowed, NotFound, Refused
from arshjul.store.outbox import OUTBOX
from arshjul.store.repository import HISTORY
from arshjul.workflow import edits, services
from arshjul.workflow.edits import EditRequest
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

COLLEAGUE = "bea@nordbanken.se"  # a second proposer of Nordbanken AB
SYD, ASSOCIATION = "Sydbanken AB", "Svenska Bankföreningen"
#: Checks that are no matter of the store: on SQLite only, the suite is slow enough.
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _edit(sector: Sector, actor: str, item_id: str, **fields: Any) -> edits.Edited:
    return edits.edit(sector.uow(), sector.clock, actor, EditRequest(item_id, **fields))


def _version(sector: Sector, reader: str | None, item_id: str, number: int) -> dict[str, Any]:
    return edits.show_version(sector.uow(write=False), reader, item_id, number, STOCKHOLM)


def _colleague(sector: Sector) -> None:
    services.add_person(
        sector.uow(), sector.clock, COORDINATOR, COLLEAGUE, "Bea", "Nordbanken AB", ["proposer"]
    )


def _rows(sector: Sector) -> int:
    with sector.engine.connect() as conn:
        return len(conn.execute(select(HISTORY.c.seq)).all())


def _mail(sector: Sector, kind: str) -> list[tuple[str, str]]:
    with sector.engine.connect() as conn:
        query = select(OUTBOX.c.recipient, OUTBOX.c.text).where(OUTBOX.c.kind == kind)
        return sorted((r, t) for r, t in conn.execute(query))


def test_a_colleague_corrects_a_typo_and_the_history_keeps_the_version_before(
    sector: Sector,
) -> None:
    """The edit row holds the old and new title in the chain; version 0 still reads as proposed."""
    _colleague(sector)
    item_id = sector.propose("Övning: kontanter vid elavrbott", description="Ett dygn utan ström")
    sector.clock.set(at("2026-02-11 10:00"))
    edited = _edit(
        sector, COLLEAGUE, item_id, title="Övning: kontanter vid elavbrott", reason="Stavfel"
    )
    assert (edited.version, edited.changed) == (
        1,
        {
            "title": {
                "old": "Övning: kontanter vid elavrbott",
                "new": "Övning: kontanter vid elavbrott",
            }
        },
    )
    shown = sector.show(item_id)
    assert shown["title"] == "Övning: kontanter vid elavbrott" and shown["state"] == "proposed"
    [_, entry] = shown["history"]  # type: ignore[misc]
    assert (entry["event"], entry["actor"], entry["note"], entry["version"]) == (
        "edit",
        COLLEAGUE,
        "Stavfel",
        1,
    )
    assert entry["changed"]["title"]["old"] == "Övning: kontanter vid elavrbott"
    with sector.engine.connect() as conn:
        data = conn.execute(select(HISTORY.c.data).where(HISTORY.c.event == "edit")).scalar_one()
    assert json.loads(data)["changed"]["title"]["new"] == "Övning: kontanter vid elavbrott"
    first = _version(sector, PROPOSER, item_id, 0)
    assert (first["title"], first["description"], first["actor"]) == (
        "Övning: kontanter vid elavrbott",
        "Ett dygn utan ström",
        PROPOSER,
    )
    assert _version(sector, PROPOSER, item_id, 1)["title"] == "Övning: kontanter vid elavbrott"
    services.audit(sector.uow(write=False))


@SQLITE
def test_every_earlier_version_is_printable_after_several_edits(sector: Sector) -> None:
    """Three edits of different fields: versions 0-3 each read as they were; 4 does not exist."""
    item_id = sector.propose("A", description="första", kind="other")
    _edit(sector, PROPOSER, item_id, title="B")
    _edit(sector, PROPOSER, item_id, description="", kind="exercise")
    _edit(sector, PROPOSER, item_id, title="C", description="tredje")
    read = [_version(sector, COORDINATOR, item_id, n) for n in range(4)]
    assert [(v["title"], v["description"], v["kind"]) for v in read] == [
        ("A", "första", "other"),
        ("B", "första", "other"),
        ("B", None, "exercise"),
        ("C", "tredje", "exercise"),
    ]
    assert {v["latest"] for v in read} == {3}
    with pytest.raises(BadInput) as refused:
        _version(sector, COORDINATOR, item_id, 4)
    assert refused.value.key == "no_version"


def test_a_narrowed_then_lifted_restriction_keeps_old_versions_for_those_they_were_for(
    sector: Sector,
) -> None:
    """Restricted to Sydbanken, then to the association, then open: each reader reads only the
    versions they were in (and sees the item now); FI reads all; audit verify binds each step."""
    item_id = sector.propose("Känsligt", restricted_to=[SYD])
    _edit(sector, PROPOSER, item_id, restricted_to=(ASSOCIATION,), reason="Fel mottagare")
    services.audit(sector.uow(write=False))
    with pytest.raises(Conflict):  # a second writer who read version 1 is told, not obeyed
        _edit(sector, PROPOSER, item_id, restricted_to=(SYD,), expect_version=1)
    # Sydbanken is out: the item and every version of it are hidden from Pia now.
    assert sector.show(item_id, OTHER_PROPOSER)["title"] is None
    with pytest.raises(NotAllowed) as hidden:  # though version 0 was for Sydbanken
        _version(sector, OTHER_PROPOSER, item_id, 0)
    assert hidden.value.key == "version_hidden_now"
    # The association reads the version made for it, not the one before.
    assert _version(sector, REFERENCE, item_id, 1)["restricted_to"] == [ASSOCIATION]
    with pytest.raises(NotAllowed) as refused:
        _version(sector, REFERENCE, item_id, 0)
    assert refused.value.key == "version_hidden"
    [_, edit] = sector.show(item_id, REFERENCE)["history"]  # type: ignore[misc]
    assert edit["changed"] == {"restricted_to": None}  # which field, not whom it was for

    _edit(sector, PROPOSER, item_id, open=True, reason="Inget känsligt")
    services.audit(sector.uow(write=False))
    assert sector.show(item_id, OTHER_PROPOSER)["restricted_to"] == []
    assert _version(sector, OTHER_PROPOSER, item_id, 0)["restricted_to"] == [SYD]
    assert _version(sector, OTHER_PROPOSER, item_id, 2)["restricted_to"] == []
    with pytest.raises(NotAllowed):
        _version(sector, OTHER_PROPOSER, item_id, 1)
    history = sector.show(item_id, OTHER_PROPOSER)["history"]
    assert [e.get("changed") for e in history] == [  # type: ignore[attr-defined]
        None,
        {"restricted_to": None},
        {"restricted_to": None},
    ]
    for reader in (COORDINATOR, DECIDER, PROPOSER):
        assert [_version(sector, reader, item_id, n)["restricted_to"] for n in range(3)] == [
            [SYD],
            [ASSOCIATION],
            [],
        ]


@SQLITE
def test_only_a_proposer_of_its_organisation_may_edit(sector: Sector) -> None:
    """Another organisation's proposer and every other role are refused; nothing is written."""
    item_id = sector.propose()
    before = _rows(sector)
    for actor, key in (
        (OTHER_PROPOSER, "org_refused"),
        (COORDINATOR, "role_refused"),
        (DECIDER, "role_refused"),
        (OWNER, "role_refused"),
        (REFERENCE, "role_refused"),
    ):
        with pytest.raises(NotAllowed) as refused:
            _edit(sector, actor, item_id, title="Något annat")
        assert refused.value.key == key, actor
    assert _rows(sector) == before and sector.show(item_id)["version"] == 1


@SQLITE
def test_a_prioritised_proposal_is_not_edited_and_the_refusal_names_its_state(
    sector: Sector,
) -> None:
    """Once prioritised the proposal is FI's to weigh as it reads: the refusal says prioritised."""
    item_id = sector.propose()
    sector.clock.set(at("2026-05-11 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    with pytest.raises(Refused) as refused:
        _edit(sector, PROPOSER, item_id, title="För sent")
    assert refused.value.key == "edit_too_late" and "är prioriterad:" in str(refused.value)


@SQLITE
def test_bad_or_empty_edits_are_refused_and_write_nothing(sector: Sector) -> None:
    """Checked as `propose` checks; a field equal to what it is is no change."""
    item_id = sector.propose()
    before = _rows(sector)
    for fields, refusal, key in (
        ({}, BadInput, "edit_nothing_given"),
        ({"title": "  "}, BadInput, "empty"),
        ({"title": "x" * 201}, BadInput, "too_long"),
        ({"kind": "party"}, BadInput, "bad_choice"),
        ({"open": True, "restricted_to": (SYD,)}, BadInput, "edit_open_and_restricted"),
        ({"restricted_to": ("Ingen AB",)}, NotFound, "no_org"),
        ({"title": "Övning: kontanter vid elavbrott"}, Refused, "edit_unchanged"),
        ({"open": True}, Refused, "edit_unchanged"),
        ({"title": "Ny", "expect_version": 7}, Conflict, "changed_meanwhile"),
    ):
        with pytest.raises(refusal) as refused:
            _edit(sector, PROPOSER, item_id, **fields)
        assert refused.value.key == key, fields
    assert _rows(sector) == before and sector.show(item_id)["version"] == 1


@SQLITE
def test_an_organisation_outside_the_body_is_refused_as_a_restriction(sector: Sector) -> None:
    """Need-to-know names organisations taking part in the body."""
    services.add_org(sector.uow(), sector.clock, COORDINATOR, "Utanför AB", "company")
    with sector.uow() as uow:
        uow.repo.leave("Utanför AB")
        uow.commit()
    item_id = sector.propose()
    with pytest.raises(BadInput) as refused:
        _edit(sector, PROPOSER, item_id, restricted_to=("Utanför AB",))
    assert refused.value.key == "org_not_in_body"


@SQLITE
def test_the_coordinators_and_the_proposer_are_told_nobody_else(sector: Sector) -> None:
    """A colleague's edit tells the coordinator and the proposer which fields changed and why;
    the proposer's own edit tells only the coordinator."""
    _colleague(sector)
    item_id = sector.propose(restricted_to=[SYD])
    _edit(sector, COLLEAGUE, item_id, title="Ny rubrik", description="Ny text", reason="Tydligare")
    told = _mail(sector, "edited")
    assert [to for to, _ in told] == [COORDINATOR, PROPOSER]
    assert all("rubrik, beskrivning" in text and "Tydligare" in text for _, text in told)
    assert "Ny rubrik" in told[0][1]
    _edit(sector, PROPOSER, item_id, kind="exercise")
    assert [to for to, _ in _mail(sector, "edited")] == [COORDINATOR, COORDINATOR, PROPOSER]


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_two_proposers_editing_at_once_one_wins_and_the_other_is_told(sector: Sector) -> None:
    """Both read version 1 and write at once: one edit is kept, the other is refused as changed
    meanwhile, one history row, and the chain still proves."""
    from concurrent.futures import ThreadPoolExecutor

    _colleague(sector)
    item_id = sector.propose("Förslag")

    def attempt(actor: str, title: str) -> str:
        try:
            _edit(sector, actor, item_id, title=title, expect_version=1)
        except Conflict:
            return "conflict"
        return "edited"

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(attempt, (PROPOSER, COLLEAGUE), ("Bos rubrik", "Beas rubrik")))
    assert sorted(results) == ["conflict", "edited"]
    history = sector.show(item_id)["history"]
    assert [e["event"] for e in history] == ["submit", "edit"]  # type: ignore[attr-defined]
    services.audit(sector.uow(write=False))
