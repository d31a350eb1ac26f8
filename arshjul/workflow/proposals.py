"""A proposal as someone writes it, checked the same way from every door."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from arshjul.errors import BadInput
from arshjul.states.model import KINDS
from arshjul.workflow import validate

SHOWN_PROBLEMS = 10


@dataclass(frozen=True)
class Proposal:
    """A proposal as someone writes it, before it has an id."""

    title: str
    org: str
    proposer: str
    description: str | None = None
    kind: str = "other"
    restricted_to: tuple[str, ...] = ()
    carried_from: str | None = None  # a deprioritised item of the cycle before


@dataclass(frozen=True)
class Placement:
    """Where proposals went: the cycle, and whether its dialogue is open or when it opens."""

    cycle: int
    dialogue_open: bool
    dialogue_opens: date


def clean_proposal(
    title: str,
    org: str,
    proposer: str,
    description: str | None,
    kind: str | None,
    restricted_to: Iterable[str],
) -> Proposal:
    """A proposal as written, its text checked and trimmed; BadInput names the first problem.
    (Fields, not a Proposal to copy: an import cleans 100,000 of them.)"""
    return Proposal(
        title=validate.required_text("title", title, validate.TITLE_LIMIT),
        org=org,
        proposer=proposer,
        description=validate.text(
            "description", description, validate.DESCRIPTION_LIMIT, required=False
        ),
        kind=validate.choice("kind", kind or "other", KINDS),
        restricted_to=tuple(sorted({o.strip() for o in restricted_to if o.strip()})),
    )


def fail(problems: Sequence[str]) -> None:
    """One error naming every bad line (the first ten, and how many more)."""
    if not problems:
        return
    shown = "; ".join(problems[:SHOWN_PROBLEMS])
    if len(problems) > SHOWN_PROBLEMS:
        shown += f"; … (+{len(problems) - SHOWN_PROBLEMS})"
    raise BadInput("import_rows", count=len(problems), first=shown)
