"""The overlap finder's scoring: which pairs of different bodies' items may be the same work, and
why. Pure: no database."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from arshjul.workflow.overlap import Candidate, Flag, Reason, find, normalise


def item(
    id: str,
    body: str,
    title: str,
    description: str = "",
    *,
    kind: str = "exercise",
    quarters: Iterable[int] = (),
    orgs: Iterable[str] = (),
) -> Candidate:
    return Candidate(id, body, kind, frozenset(quarters), frozenset(orgs), title, description)


PAYMENTS_FSPOS = item(
    "FSPOS-2027-004",
    "FSPOS",
    "Sektorsövergripande övning betalningar",
    "Övningsarbetsgruppen planerar en övning där banker, clearing och Riksbanken hanterar ett "
    "långvarigt avbrott i betalningarna.",
    quarters=[2],
    orgs=["Riksbanken", "Svenska Bankföreningen", "Finansinspektionen"],
)
PAYMENTS_SOES = item(
    "SOES-2027-011",
    "SOES",
    "Övning: störningar i betalningar mellan sektorer",
    "Energi, transporter och finans övar tillsammans hur betalningar upprätthålls vid en störning.",
    quarters=[2, 3],
    orgs=["Riksbanken", "Energimyndigheten"],
)
SEMINAR_SOES = item(
    "SOES-2027-012",
    "SOES",
    "Seminarium om desinformation för kommunikatörer",
    "Ett kunskapsseminarium om otillbörlig informationspåverkan.",
    kind="information",
    quarters=[2],
    orgs=["Riksbanken"],
)


def reason(flag: Flag, code: str) -> Reason:
    [found] = [reason for reason in flag.reasons if reason.code == code]
    return found


def test_the_same_exercise_worded_differently_by_two_bodies_is_flagged_with_its_reasons() -> None:
    """FSPOS's exercise working group and SOES plan the payments exercise in the same quarter:
    one flag, ids in order, with the shared quarter and organisation named."""
    [flag] = find([PAYMENTS_SOES, PAYMENTS_FSPOS, SEMINAR_SOES])
    assert (flag.a, flag.b) == ("FSPOS-2027-004", "SOES-2027-011")
    assert [reason.code for reason in flag.reasons] == [
        "similar_text",
        "same_kind",
        "same_quarter",
        "shared_orgs",
    ]
    assert 55 <= reason(flag, "similar_text").percent < 100
    assert reason(flag, "same_kind").kind == "exercise"
    assert reason(flag, "same_quarter").quarters == (2,)
    assert reason(flag, "shared_orgs").orgs == ("Riksbanken",)
    assert 0.5 <= flag.score <= 1


def test_differently_worded_titles_alone_are_enough_in_the_same_quarter() -> None:
    """No description, no organisation in common: the titles and the quarter carry it."""
    fspos = item("F-1", "FSPOS", "Sektorsövergripande övning betalningar", quarters=[2])
    soes = item("S-1", "SOES", "Betalningsövning för flera sektorer", quarters=[2])
    assert [(flag.a, flag.b) for flag in find([fspos, soes])] == [("F-1", "S-1")]


def test_the_same_description_under_different_titles_is_flagged() -> None:
    """The titles alone are too far apart; the description both carry brings the pair up."""
    cash = "Banker och handlare övar att ta emot kontanter när kortbetalningar ligger nere i dagar."
    fspos = item("F-1", "FSPOS", "Kontanter vid långvarigt elavbrott", cash, quarters=[2])
    soes = item("S-1", "SOES", "Reservrutiner för kontanthantering", cash, quarters=[2])
    assert [(flag.a, flag.b) for flag in find([fspos, soes])] == [("F-1", "S-1")]
    titles_only = [item(c.id, c.body, c.title, quarters=[2]) for c in (fspos, soes)]
    assert find(titles_only) == []


def test_items_of_one_body_are_never_paired() -> None:
    """Two bodies' identical items are a pair; one body's own two identical items are not."""
    twin = item("FSPOS-2027-005", "FSPOS", PAYMENTS_FSPOS.title, PAYMENTS_FSPOS.description)
    assert find([PAYMENTS_FSPOS, twin]) == []
    soes = item("SOES-2027-001", "SOES", PAYMENTS_FSPOS.title, PAYMENTS_FSPOS.description)
    pairs = [(flag.a, flag.b) for flag in find([PAYMENTS_FSPOS, twin, soes])]
    assert pairs == [("FSPOS-2027-004", "SOES-2027-001"), ("FSPOS-2027-005", "SOES-2027-001")]


def test_unrelated_work_is_not_flagged_however_much_else_it_shares() -> None:
    """An exercise against another body's information measure, and against an unrelated
    exercise ("övning" in both titles) in the same quarter with the same organisations:
    nothing."""
    unrelated = item(
        "SOES-2027-013",
        "SOES",
        "Övning i krisledning för försäkringsbolag",
        "Ledningsgrupperna övar beslut om skadereglering när ordinarie system är nere.",
        quarters=[2],
        orgs=PAYMENTS_FSPOS.orgs,
    )
    assert find([PAYMENTS_FSPOS, SEMINAR_SOES, unrelated]) == []


def test_another_kind_is_another_piece_of_work() -> None:
    """The same words on an information measure are not the exercise done twice."""
    briefing = item(
        "SOES-2027-014",
        "SOES",
        "Sektorsövergripande övning betalningar",
        kind="information",
        quarters=[2],
    )
    assert find([PAYMENTS_FSPOS, briefing]) == []


def test_quarters_not_known_do_not_count_against_a_pair_but_disjoint_ones_do() -> None:
    """Unknown on one side: flagged, no quarter reason, and scored above the same pair known to
    be a quarter apart."""
    unplaced = item("SOES-1", "SOES", PAYMENTS_SOES.title, PAYMENTS_SOES.description)
    later = item("SOES-1", "SOES", PAYMENTS_SOES.title, PAYMENTS_SOES.description, quarters=[4])
    [unknown] = find([PAYMENTS_FSPOS, unplaced])
    assert "same_quarter" not in [reason.code for reason in unknown.reasons]
    [apart] = find([PAYMENTS_FSPOS, later], threshold=0)
    assert "same_quarter" not in [reason.code for reason in apart.reasons]
    [together] = find([PAYMENTS_FSPOS, PAYMENTS_SOES])
    assert together.score > unknown.score > apart.score


def test_pairs_rank_by_score_then_by_ids() -> None:
    """The identical pair first, the reworded one after; two equal pairs by their ids."""
    same = item("CBB-9", "CBB", PAYMENTS_FSPOS.title, PAYMENTS_FSPOS.description, quarters=[2])
    also_same = item("CBB-1", "CBB", PAYMENTS_FSPOS.title, PAYMENTS_FSPOS.description, quarters=[2])
    flags = find([PAYMENTS_SOES, same, PAYMENTS_FSPOS, also_same])
    assert [(flag.a, flag.b) for flag in flags[:2]] == [
        ("CBB-1", "FSPOS-2027-004"),
        ("CBB-9", "FSPOS-2027-004"),
    ]
    assert flags[0].score == flags[1].score
    assert ("FSPOS-2027-004", "SOES-2027-011") in [(flag.a, flag.b) for flag in flags[2:]]
    assert [flag.score for flag in flags] == sorted((flag.score for flag in flags), reverse=True)


def test_reasons_name_every_shared_quarter_and_organisation_in_order() -> None:
    first = item(
        "A", "FSPOS", "Övning betalningar", quarters=[1, 2, 3], orgs=["Sydbank", "Nordbanken", "FI"]
    )
    second = item(
        "B", "SOES", "Övning betalningar", quarters=[3, 2, 4], orgs=["Nordbanken", "Sydbank"]
    )
    [flag] = find([second, first])
    assert reason(flag, "same_quarter").quarters == (2, 3)
    assert reason(flag, "shared_orgs").orgs == ("Nordbanken", "Sydbank")
    assert reason(flag, "similar_text").percent == 100


def test_case_and_punctuation_do_not_matter_and_swedish_letters_stay() -> None:
    assert normalise("  SEKTORSÖVERGRIPANDE övning: Betalningar (Q2) – Å/Ä/Ö! ") == (
        "sektorsövergripande övning betalningar q2 å ä ö"
    )
    shouting = item("B", "SOES", "ÖVNING, BETALNINGAR!!", "Avbrott: kort-betalningar.")
    quiet = item("A", "FSPOS", "övning betalningar", "avbrott kort betalningar")
    [flag] = find([shouting, quiet])
    assert reason(flag, "similar_text").percent == 100


def test_a_candidate_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        item("A", "FSPOS", "Övning", kind="party")
    with pytest.raises(ValueError, match="quarters"):
        item("A", "FSPOS", "Övning", quarters=[5])
