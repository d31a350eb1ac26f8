"""Domain events: what happened, recorded by the machine, acted on by handlers after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class DomainEvent:
    at: datetime


@dataclass(frozen=True)
class ItemSubmitted(DomainEvent):
    item_id: str
    cycle: int
    actor: str
    carried_from: str | None = None


@dataclass(frozen=True)
class ItemMoved(DomainEvent):
    item_id: str
    event: str
    from_state: str
    to_state: str
    actor: str
    note: str | None = None
    forced: bool = False


@dataclass(frozen=True)
class DueEventFired(DomainEvent):
    """A scheduled event took effect (a phase opened or closed, a reminder, an escalation)."""

    kind: str
    subject: str
    detail: str
    due_at: datetime
    late: bool
    effect: dict[str, Any] = field(default_factory=dict)
    void: str | None = None  # it tells nobody, and why (its moment had passed, …)


@dataclass(frozen=True)
class MeetingScheduled(DomainEvent):
    """A meeting was put in the calendar, or moved (`sequence` above 0)."""

    meeting_id: int
    sequence: int
    actor: str


@dataclass(frozen=True)
class MeetingCancelled(DomainEvent):
    meeting_id: int
    sequence: int
    actor: str


@dataclass(frozen=True)
class MinutesRecorded(DomainEvent):
    meeting_id: int
    actor: str


@dataclass(frozen=True)
class WorkingGroupJoined(DomainEvent):
    item_id: str
    members: tuple[str, ...]
    actor: str


@dataclass(frozen=True)
class SignInRequested(DomainEvent):
    """A registered person asked the web page for a sign-in link; mail carries it to them."""

    email: str
    link: str
    expires_at: datetime


@dataclass(frozen=True)
class MailFailed(DomainEvent):
    """A message failed for good: refused by the mail server, or too many attempts."""

    outbox_id: int
    recipient: str
    kind: str
    subject: str
    reason: str
    attempts: int


@dataclass(frozen=True)
class ItemEdited(ItemMoved):
    """A proposal's text or need-to-know was corrected (an `edit` move): which fields, and the
    version of its text it made."""

    changed: tuple[str, ...] = ()
    version: int = 0


@dataclass(frozen=True)
class MeasuresHandedOver(DomainEvent):
    """A coordinator handed one person's open measures and working-group places to another."""

    giver: str
    taker: str
    item_ids: tuple[str, ...]  # the measures the taker now owns
    groups: tuple[str, ...]  # the measures whose working group the taker sits in instead
    standing: tuple[str, ...]  # the body's standing groups the taker is in instead
    actor: str
    note: str | None = None
    #: The giver's open requests for a new due date, closed with the handover: (id, date asked).
    requests: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PersonChanged(DomainEvent):
    """A coordinator changed a person's standing: their roles in a body (`roles`), or they
    were deactivated (`deactivated`) or are back (`activated`)."""

    email: str
    change: str
    actor: str
    note: str | None = None
    roles: tuple[str, ...] = ()  # after a change of roles: all of them, then what was
    added: tuple[str, ...] = ()  # given and taken
    removed: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()  # deactivated: the open measures they leave
    groups: tuple[str, ...] = ()  # and the working groups and standing groups they sat in


@dataclass(frozen=True)
class PlanChanged(DomainEvent):
    """A running activity or a risk was edited or retired, with why; whoever answers for it,
    before and after, is told (`told`)."""

    kind: str  # activity | risk
    name: str  # 6a, L2 | the risk's number
    plan_year: int
    title: str
    actor: str
    reason: str
    retired: bool
    changes: tuple[tuple[str, str, str], ...]  # (field, before, after), as text
    told: tuple[str, ...]
    replaced: tuple[str, ...] = ()  # of `told`, who answered for it before and no longer does


@dataclass(frozen=True)
class PlanDecided(DomainEvent):
    """FI management decided a body's plan for a plan year as a whole."""

    plan_year: int
    actor: str
    reference: str | None
    digest: str
    earlier: int = 0  # how many decisions of this plan there were before


@dataclass(frozen=True)
class MeasureReplanned(DomainEvent):
    """A decided measure's due date, owner, quarters or goal changed, with why; `changes` maps
    each changed field to its (old, new) text."""

    item_id: str
    actor: str
    reason: str
    changes: dict[str, tuple[str, str]]
    old_owner: str | None
    new_owner: str | None
    requested_by: str | None = None  # a request accepted


@dataclass(frozen=True)
class ReplanRequested(DomainEvent):
    """An owner asked for a new due date of their measure."""

    item_id: str
    actor: str
    due: str
    reason: str


@dataclass(frozen=True)
class ReplanDeclined(DomainEvent):
    """A coordinator declined an owner's request for a new due date."""

    item_id: str
    actor: str
    requested_by: str
    due: str
    reason: str
