"""Plain domain objects the machine is attached to (never SQLModel rows: transitions#635)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from arshjul.states.events import DomainEvent
    from arshjul.states.lifecycle import State


class Role(enum.StrEnum):
    coordinator = "coordinator"  # FI runs the cycle
    decider = "decider"  # FI management
    owner = "owner"  # carries out measures
    proposer = "proposer"
    reference = "reference"  # reference group member


#: A body's short name: what its ids start with where there is more than one body.
BODY_SHORT = r"[A-Z][A-Z0-9]{1,11}"
MEMBERSHIPS = ("member", "designated", "adjunct")
FIRST_BODY = 1  # the body an existing database became on upgrade; its ids carry no prefix


@dataclass(frozen=True)
class Body:
    """A cooperation forum (FTPOS, FSPOS, SOES, …) with its own cycle, members, roles,
    numbering, meetings and working groups."""

    id: int
    short: str
    name: str = ""

    @property
    def first(self) -> bool:
        return self.id == FIRST_BODY

    @property
    def prefix(self) -> str:
        """What its ids and its cycles' names start with: nothing for the first body."""
        return "" if self.first else f"{self.short}-"

    def item_id(self, cycle: int, number: int) -> str:
        return f"{self.prefix}{cycle}-{number:03d}"

    def cycle_subject(self, plan_year: int) -> str:
        """A cycle's name among the scheduler's subjects: "2027", "SOES-2027"."""
        return f"{self.prefix}{plan_year}"


def derived_short(name: str, fallback: str = "FTPOS") -> str:
    """A short name made from a configuration's name ("FTPOS" → "FTPOS", "Finansrådet
    Region Väst" → "FINANSRADETR"): its letters and digits in ASCII capitals, at most 12."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    short = "".join(ch for ch in folded.upper() if ch.isalnum())[:12]
    return short if len(short) >= 2 and short[0].isalpha() else fallback


def id_prefix(item_id: str) -> str | None:
    """The body short name an id starts with ("SOES-2027-004" → "SOES"), None for the first's."""
    head, _, rest = item_id.partition("-")
    return head if head and not head.isdigit() and rest else None


def plan_year_of(subject: str) -> int:
    """The plan year a cycle's subject names ("2027", "SOES-2027")."""
    return int(subject.rpartition("-")[2])


KINDS = ("exercise", "information", "communication", "analysis", "other")
ORG_KINDS = ("authority", "company", "association")
ASSESSMENTS = ("achieved", "partly", "not-achieved")


@dataclass(frozen=True)
class Actor:
    """Who acts: a registered person, or the scheduler (`system`)."""

    email: str
    org: str | None
    roles: frozenset[Role]
    lead: bool = False  # of the organisation that leads the cooperation (FI)
    member: bool = True  # their organisation takes part in the body they act in
    active: bool = True  # not deactivated (`person deactivate`): may own, be told, act

    @property
    def is_system(self) -> bool:
        return self.email == "system"

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def sees_all_content(self) -> bool:
        """FI and those who run or decide the cycle see every restricted item's content."""
        return self.lead or self.has(Role.coordinator) or self.has(Role.decider)


SYSTEM = Actor("system", None, frozenset(Role), lead=True)


@dataclass(slots=True)
class Item:
    """A proposal and the measure it becomes."""

    id: str
    cycle: int
    title: str
    org: str
    proposer: str
    state: State
    description: str | None = None
    kind: str = "other"
    rank: int | None = None
    owner: str | None = None
    due: date | None = None
    decided_at: datetime | None = None
    carried_from: str | None = None
    no_carry: bool = False
    assessment: str | None = None
    restricted_to: tuple[str, ...] = ()
    version: int = 1
    created_at: datetime | None = None
    events: list[DomainEvent] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        return bool(self.restricted_to)

    def visible_to(self, viewer: Actor | None) -> bool:
        """Need-to-know: content is for the named organisations, the proposer's, the owner, FI."""
        if viewer is not None and not viewer.member:
            return False  # a body's items are for the organisations that take part in it
        if not self.restricted_to:
            return True
        if viewer is None:
            return False
        return (
            viewer.sees_all_content
            or viewer.org == self.org
            or viewer.org in self.restricted_to
            or viewer.email == self.owner
        )


class ItemRef(NamedTuple):
    """What deciding who is told about an item needs, without its content: a change that moves
    100,000 items reads this much of each, and the whole item only for the lines a message shows.
    A tuple, as it is made 100,000 at a time (a frozen dataclass costs five times more)."""

    id: str
    cycle: int
    state: str
    proposer: str
    owner: str | None

    @classmethod
    def of(cls, item: Item) -> ItemRef:
        return cls(item.id, item.cycle, str(item.state), item.proposer, item.owner)


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: str
    total_defence: bool = False
    lead: bool = False


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    org: str
    roles: frozenset[Role]
    lang: str | None = None
    lead: bool = False
    digest: bool = False  # prefers a weekly digest to single messages
    manager: str | None = None  # told, with them, about the measures they own
    member: bool = True  # their organisation takes part in the body read in
    deactivated_at: datetime | None = None  # no sign-in, no commands, no mail from then on

    @property
    def active(self) -> bool:
        return self.deactivated_at is None

    def as_actor(self) -> Actor:
        return Actor(self.email, self.org, self.roles, self.lead, self.member, self.active)


MEETING_KINDS = (
    "planning",
    "execution",
    "information",
    "bilateral",
    "reference_group",
    "working_group",
)


@dataclass(frozen=True)
class Meeting:
    """A meeting FI convenes (framework §4.2.2): who is invited, about what, and its minutes."""

    id: int
    uid: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    everyone: bool = False
    orgs: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    sequence: int = 0
    cancelled: bool = False
    minutes: str | None = None
    minutes_at: datetime | None = None
    agenda: tuple[str, ...] = ()  # the points to go through, in order
    body: int = FIRST_BODY  # the body that convenes it
    recurring: str | None = None  # the key of the recurring meeting it is one of
