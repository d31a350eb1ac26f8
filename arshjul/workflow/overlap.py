"""Pairs of items of different cooperation bodies that may be the same work, so a coordinator
can see them before two bodies plan the same exercise twice. Pure: the caller reads the plan
year's items into `Candidate`s and keeps the "coordinated" marks; nothing here touches the
database or prints.

Only items of the same kind are paired (an exercise and an exercise): the issue's first
criterion, and the same work is done as one kind of measure; one body's analysis and another's
exercise on the same subject are two pieces of work. It also divides the comparisons by the
number of kinds.

Text similarity is rapidfuzz's (`rapidfuzz.fuzz`): maintained, one small wheel, no numpy or
scipy, where scikit-learn's TF-IDF would add ~100 MB to a tool whose start-up is measured.
`rapidfuzz.process.cdist` is not used although it is the many-against-many call: it imports
numpy to build its matrix. Instead the pairs worth comparing are found by a shared word stem
(`_partners`) and each item is compared with its partners in one `rapidfuzz.process.extract`
call, rapidfuzz's own loop in C++, which needs no numpy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from arshjul.states.model import KINDS

# Scoring. A pair's score is the weighted mean of three pieces of evidence: the text's
# similarity 0-1, and an overlapping quarter and a shared organisation, each 0 or 1. Text weighs
# most: two bodies' items are the same work because they are about the same thing; the quarter
# and the organisations only make it likelier. A piece that is not known (quarters or
# organisations empty on either side) is left out of the mean rather than counted as a
# mismatch: an item not yet placed in a quarter is not thereby less likely to overlap.
WEIGHTS = {"text": 0.7, "quarter": 0.15, "orgs": 0.15}
# Unrelated Swedish titles measure 33-46 % with these scorers (the words share letters and
# endings); differently worded titles about the same work 55-66 %, e.g. "Sektorsövergripande
# övning betalningar" against "Betalningsövning för flera sektorer" 55 %. Below the floor the
# text counts as no evidence at all and the pair is not flagged, whatever else it shares: two
# unrelated exercises in Q2 with the same bank taking part are common, not a finding.
TEXT_FLOOR = 0.5
# At the floor with the same quarter a pair is flagged (0.7 x 0.5 + 0.15 = 0.5), so is any
# pair at the floor sharing an organisation. Quarters not known and no organisation shared, the
# text must reach 0.61; in disjoint quarters with no organisation shared 0.71: the same work a
# quarter apart is still worth a look when the words say so.
THRESHOLD = 0.5

# Pairs compared: those of one kind sharing a stem (the first STEM letters) of a word of at
# least MIN_WORD letters, so "betalningar" meets "betalningsövning" and "och", "för" meet
# nothing. A stem in more than COMMON_SHARE of a kind's items ("övning" among exercises) says
# nothing about which work an item is and would make every pair a partner, so it is skipped:
# the IDF of TF-IDF, as a cut. A stem in no more than RARE_ENOUGH items is always kept: small
# plans compare everything that shares a word, and 50 items are only 1,225 pairs.
STEM = 5
MIN_WORD = 4
COMMON_SHARE = 0.2
RARE_ENOUGH = 50
# Swedish words that say nothing about the work, left out before comparing: without them two
# unrelated descriptions share less ("och", "för", "att" are in most of them).
FUNCTION_WORDS = frozenset(
    "och i för av med vid som att på till om en ett det den de är kan har inte eller så från "  # noqa: SIM905
    "inom under mellan efter samt hur vad när där ska skall blir bli var".split()
)

T = TypeVar("T", int, str)


@dataclass(frozen=True)
class Candidate:
    """One item of one body, as far as overlap is concerned."""

    id: str
    body: str
    kind: str
    quarters: frozenset[int]
    orgs: frozenset[str]
    title: str
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {KINDS}")
        if not self.quarters <= {1, 2, 3, 4}:
            raise ValueError(f"quarters {sorted(self.quarters)} are not within 1-4")


@dataclass(frozen=True)
class Reason:
    """Why a pair was flagged, by a stable `code` the CLI words in the reader's language and
    --json carries as is; only the field its code is about is filled in."""

    code: str  # "same_kind", "same_quarter", "shared_orgs", "similar_text"
    kind: str = ""
    quarters: tuple[int, ...] = ()
    orgs: tuple[str, ...] = ()
    percent: int = 0


@dataclass(frozen=True)
class Flag:
    """A pair that may be the same work: ids in order (a < b), score 0-1, and why."""

    a: str
    b: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class _Text:
    """A candidate's text normalised once, not once per pair."""

    title: str
    full: str  # title and description; "" when there is no description


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: rapidfuzz's default_process replaces
    every character that is not a letter or digit (Unicode's, so å, ä and ö stay)."""
    return " ".join(default_process(text).split())


def _words(text: str) -> str:
    """The normalised text without FUNCTION_WORDS, as compared."""
    return " ".join(word for word in normalise(text).split() if word not in FUNCTION_WORDS)


def find(candidates: Sequence[Candidate], *, threshold: float = THRESHOLD) -> list[Flag]:
    """Pairs of different bodies and one kind scoring at least `threshold`, highest first,
    then by ids. A lower threshold shows more pairs, never one whose text is below TEXT_FLOOR."""
    texts = [_text(candidate) for candidate in candidates]
    flags = []
    for i, partners in _partners(candidates, texts).items():
        for j, similarity in _similar(texts[i], {j: texts[j] for j in partners}).items():
            flag = _flag(candidates[i], candidates[j], similarity)
            if flag.score >= threshold:
                flags.append(flag)
    return sorted(flags, key=lambda flag: (-flag.score, flag.a, flag.b))


def _text(candidate: Candidate) -> _Text:
    title = _words(candidate.title)
    description = _words(candidate.description)
    return _Text(title, f"{title} {description}" if description else "")


def _stems(text: _Text) -> set[str]:
    return {word[:STEM] for word in text.title.split() if len(word) >= MIN_WORD}


def _partners(candidates: Sequence[Candidate], texts: Sequence[_Text]) -> dict[int, set[int]]:
    """For each item, the later items of its kind and other bodies it shares a not too common
    stem with. Set operations, not a Python loop over pairs: 6,000 items are 18 million pairs."""
    of_kind: dict[str, list[int]] = defaultdict(list)
    of_body: dict[str, set[int]] = defaultdict(set)
    for i, candidate in enumerate(candidates):
        of_kind[candidate.kind].append(i)
        of_body[candidate.body].add(i)
    partners: dict[int, set[int]] = defaultdict(set)
    for members in of_kind.values():
        holders: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for stem in _stems(texts[i]):
                holders[stem].append(i)
        limit = max(RARE_ENOUGH, COMMON_SHARE * len(members))
        for holding in holders.values():
            if len(holding) <= limit:
                for position, i in enumerate(holding[:-1]):
                    partners[i].update(holding[position + 1 :])
    for i, later in partners.items():
        later -= of_body[candidates[i].body]
    return {i: later for i, later in partners.items() if later}


def _similar(text: _Text, partners: dict[int, _Text]) -> dict[int, float]:
    """Partners whose text reaches TEXT_FLOOR, with the similarity 0-1: the mean of title
    against title and title+description against title+description, or the titles' alone when
    either has no description.

    Titles by token_sort_ratio: word order does not matter, but a short title ("Övning") is not
    the same as a long one that contains it. Title+description by token_set_ratio: the words
    both share weigh, extra sentences on one side do not. The mean, not the better of the two:
    unrelated descriptions reach 50-60 % now and then on shared everyday words, and the title,
    which names the work, should hold that down."""
    titles = _scores(
        text.title, {j: other.title for j, other in partners.items()}, fuzz.token_sort_ratio
    )
    fulls: dict[int, float] = {}
    if text.full:
        choices = {j: other.full for j, other in partners.items() if other.full}
        fulls = _scores(text.full, choices, fuzz.token_set_ratio)
    similar = {j: (title + fulls[j]) / 2 if j in fulls else title for j, title in titles.items()}
    return {j: similarity for j, similarity in similar.items() if similarity >= TEXT_FLOOR}


def _scores(query: str, choices: dict[int, str], scorer: Callable[..., float]) -> dict[int, float]:
    """The query against every choice, 0-1, in rapidfuzz's loop rather than Python's."""
    return {
        j: score / 100 for _, score, j in process.extract(query, choices, scorer=scorer, limit=None)
    }


def _flag(first: Candidate, second: Candidate, similarity: float) -> Flag:
    """The pair's score and reasons; known pieces only, see WEIGHTS."""
    reasons = [Reason("similar_text", percent=round(similarity * 100))]
    reasons.append(Reason("same_kind", kind=first.kind))
    evidence = {"text": similarity}
    quarters = _shared(first.quarters, second.quarters)
    if quarters is not None:
        evidence["quarter"] = float(bool(quarters))
    if quarters:
        reasons.append(Reason("same_quarter", quarters=quarters))
    orgs = _shared(first.orgs, second.orgs)
    if orgs is not None:
        evidence["orgs"] = float(bool(orgs))
    if orgs:
        reasons.append(Reason("shared_orgs", orgs=orgs))
    a, b = sorted((first.id, second.id))
    return Flag(a, b, _mean(evidence.items()), tuple(reasons))


def _shared(first: frozenset[T], second: frozenset[T]) -> tuple[T, ...] | None:
    """What both have, in order; None when either is not known (empty)."""
    if not first or not second:
        return None
    return tuple(sorted(first & second))


def _mean(evidence: Iterable[tuple[str, float]]) -> float:
    """Weighted mean over the pieces known, rounded so ties rank by ids, not float noise."""
    pieces = list(evidence)
    total = sum(WEIGHTS[name] for name, _ in pieces)
    return round(sum(WEIGHTS[name] * value for name, value in pieces) / total, 4)
