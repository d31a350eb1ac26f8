"""The overlap view on a real database (SQLite and PostgreSQL): pairs of two bodies' items as
a coordinator may see them, marking a pair coordinated, and what prioritising tells."""

from __future__ import annotations

import pytest

from arshjul.errors import BadInput, NotAllowed, NotFound, Refused
from arshjul.workflow import overlaps, services
from tests.conftest import COORDINATOR, OTHER_PROPOSER, PROPOSER, Sector, at
from tests.two_bodies import KIM, LEA, TwoBodies, two_bodies


@pytest.fixture
def two(sector: Sector) -> TwoBodies:
    return two_bodies(sector)


def test_two_bodies_similar_exercises_are_a_pair_with_why(two: TwoBodies) -> None:
    ours = two.sector.propose(
        "Övning betalningar vid elavbrott", kind="exercise", description="Kontanter och kort"
    )
    theirs = two.propose(
        "Betalningsövning vid elavbrott", kind="exercise", description="Kort och kontanter"
    )
    two.sector.propose("Analys av betalkedjan", kind="analysis")  # nothing like it in SOES
    [pair] = two.pairs()
    shown = pair.as_json()
    assert (shown["a"]["id"], shown["b"]["id"]) == (ours, theirs)
    assert shown["a"] == {
        "id": ours,
        "body": "FTPOS",
        "title": "Övning betalningar vid elavbrott",
        "kind": "exercise",
    }
    assert shown["b"]["body"] == "SOES" and theirs.startswith("SOES-2027-")
    codes = {reason["code"]: reason for reason in shown["reasons"]}
    assert codes["same_kind"] == {"code": "same_kind", "kind": "exercise"}
    assert codes["shared_orgs"] == {"code": "shared_orgs", "orgs": ["Nordbanken AB"]}
    assert codes["similar_text"]["percent"] >= 50
    assert 0.5 <= shown["score"] <= 1 and shown["coordinated"] is None
    texts = [overlaps.reason_text(reason) for reason in pair.reasons]
    assert "samma typ (övning)" in texts and "gemensamma organisationer: Nordbanken AB" in texts


def test_a_reader_sees_a_pair_only_when_they_see_both_items(two: TwoBodies) -> None:
    """A restricted FTPOS item is scored for Anna (FI sees all) but for nobody outside its
    need-to-know; a coordinator whose organisation takes no part in FTPOS sees none of it."""
    hidden = two.sector.propose(
        "Sekretessbelagd övning clearing", kind="exercise", restricted_to=["Sydbanken AB"]
    )
    open_ = two.sector.propose("Informationsträff om kontanthantering", kind="information")
    theirs = two.propose("Sekretessbelagd clearingövning", kind="exercise")
    info = two.propose("Informationsträff kontanthantering", kind="information")
    assert {(p.a.id, p.b.id) for p in two.pairs()} == {(hidden, theirs), (open_, info)}
    kims = two.pairs(KIM)
    assert [(p.a.id, p.b.id) for p in kims] == [(open_, info)]
    assert "Sekretessbelagd övning clearing" not in repr(kims)
    assert two.pairs(LEA) == []  # SKV takes no part in FTPOS: nothing of it, not even an id


def test_only_a_coordinator_of_some_body_reads_the_view(two: TwoBodies) -> None:
    with pytest.raises(NotAllowed) as refused:
        two.pairs(PROPOSER)
    assert refused.value.key == "overlap_refused"
    with pytest.raises(NotFound):
        two.pairs("nobody@example.se")
    with pytest.raises(NotAllowed):
        overlaps.pairs(two.sector.uow(write=False), None, 2027)


def test_marking_a_pair_removes_it_and_writes_history_on_both(two: TwoBodies) -> None:
    ours = two.sector.propose("Övning betalningar vid elavbrott", kind="exercise")
    theirs = two.propose("Betalningsövning vid elavbrott", kind="exercise")
    two.sector.clock.set(at("2026-03-02 10:00"))
    assert overlaps.mark(
        two.sector.uow(), two.sector.clock, KIM, theirs, ours, "  FTPOS leder, SOES deltar "
    ) == (ours, theirs)
    assert two.pairs() == []
    [marked] = two.pairs(everything=True)
    assert marked.coordinated is not None
    assert (marked.coordinated.note, marked.coordinated.by) == ("FTPOS leder, SOES deltar", KIM)
    assert marked.as_json()["coordinated"]["at"].startswith("2026-03-02T09:00")
    for item_id, other, body in ((ours, theirs, None), (theirs, ours, two.soes)):
        with two.uow(body, write=False) as uow:
            last = uow.repo.history(item_id)[-1]
        assert (last["event"], last["actor"]) == ("coordinated", KIM)
        assert last["from_state"] == last["to_state"] == "proposed"
        assert last["note"] == f"{other}: FTPOS leder, SOES deltar"
    services.audit(two.sector.uow(write=False))  # the chain and every item still hold
    with pytest.raises(Refused) as again:
        overlaps.mark(two.sector.uow(), two.sector.clock, COORDINATOR, ours, theirs, "igen")
    assert again.value.key == "overlap_marked_already"


def test_who_may_mark_a_pair(two: TwoBodies) -> None:
    hidden = two.sector.propose(
        "Sekretessbelagd övning clearing", kind="exercise", restricted_to=["Sydbanken AB"]
    )
    theirs = two.propose("Sekretessbelagd clearingövning", kind="exercise")
    other = two.propose("Något annat", kind="exercise")
    clock = two.sector.clock

    def mark(actor: str, *ids: str) -> None:
        overlaps.mark(two.sector.uow(), clock, actor, *ids, "samordnat")  # type: ignore[arg-type]

    with pytest.raises(NotFound) as missing:
        mark(KIM, hidden, theirs)  # not in Kim's need-to-know: as if there were no such item
    assert missing.value.key == "no_item"
    with pytest.raises(NotFound):
        mark(LEA, hidden, theirs)
    with pytest.raises(NotAllowed):
        mark(OTHER_PROPOSER, hidden, theirs)  # sees it, but coordinates nothing
    with pytest.raises(BadInput) as same:
        mark(COORDINATOR, theirs, other)
    assert same.value.key == "overlap_same_body"
    with pytest.raises(BadInput):
        overlaps.mark(two.sector.uow(), clock, COORDINATOR, hidden, theirs, "  ")
    with pytest.raises(NotFound):
        mark(COORDINATOR, hidden, "SOES-2027-999")
    with pytest.raises(NotFound):
        mark(COORDINATOR, hidden, "NOPE-2027-001")
    mark(COORDINATOR, hidden, theirs)


def test_prioritising_tells_of_an_unhandled_overlap(two: TwoBodies) -> None:
    ours = two.sector.propose("Övning betalningar vid elavbrott", kind="exercise")
    alone = two.sector.propose("Analys av betalkedjan", kind="analysis")
    theirs = two.propose("Betalningsövning vid elavbrott", kind="exercise")
    two.sector.clock.set(at("2026-05-11 10:00"))
    two.sector.move("prioritise", ours, alone, actor=COORDINATOR)

    def told(reader: str = COORDINATOR) -> dict[str, list[str]]:
        return overlaps.unhandled(two.sector.uow(write=False), reader, [ours, alone])

    assert told() == {ours: [theirs]}
    assert told(LEA) == {}  # who sees nothing of FTPOS is told nothing of it
    overlaps.mark(two.sector.uow(), two.sector.clock, COORDINATOR, ours, theirs, "klart")
    assert told() == {}


def test_one_body_is_told_nothing(sector: Sector) -> None:
    ours = sector.propose("Övning betalningar vid elavbrott", kind="exercise")
    assert overlaps.unhandled(sector.uow(write=False), COORDINATOR, [ours]) == {}
    assert overlaps.pairs(sector.uow(write=False), COORDINATOR, 2027) == []
