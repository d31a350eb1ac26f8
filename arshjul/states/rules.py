"""Who may fire which event, and when: rules, not conventions. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from arshjul import clock
from arshjul.errors import BadInput, NotAllowed, Refused
from arshjul.i18n import t
from arshjul.states.lifecycle import Event
from arshjul.states.model import ASSESSMENTS, Actor, Item, Meeting, Role

#: The roles that fire each event. Start and complete also belong to the item's owner.
FIRED_BY: dict[Event, tuple[Role, ...]] = {
    Event.submit: (Role.proposer,),
    Event.prioritise: (Role.coordinator,),
    Event.deprioritise: (Role.coordinator,),
    Event.decide: (Role.decider,),
    Event.start: (Role.coordinator,),
    Event.complete: (Role.coordinator,),
    Event.follow_up: (Role.coordinator,),
    Event.withdraw: (Role.proposer,),
    Event.reinstate: (Role.coordinator,),
    Event.edit: (Role.proposer,),
    Event.replan: (Role.coordinator, Role.decider),
    Event.cancel: (Role.coordinator, Role.decider),
}
OWNER_EVENTS = frozenset({Event.start, Event.complete})
#: Moves on a proposal that only its own organisation's proposers make.
ORG_EVENTS = frozenset({Event.withdraw, Event.edit})
#: Moves that must say why: the history and the people told read the reason.
NEEDS_REASON = frozenset({Event.deprioritise, Event.reinstate, Event.replan, Event.cancel})
#: The plan years the engine plans, and so the years a due date may fall in.
FIRST_YEAR, LAST_YEAR = clock.FIRST_YEAR, clock.LAST_YEAR
#: A rank is a place in FI's priority order.
RANK_LIMIT = 999_999


def check_data(
    event: Event,
    *,
    note: str | None,
    force: bool = False,
    owner: str | None = None,
    due: date | None = None,
    assessment: str | None = None,
    rank: int | None = None,
) -> None:
    """What a move must bring: a reason to deprioritise or force, an owner and due date to
    decide (the deprioritised are documented with their reason)."""
    if event in NEEDS_REASON and not note:
        raise Refused("needs_reason", event=event)
    if force and not note:
        raise Refused("force_needs_reason")
    if event is Event.decide and (not owner or due is None):
        raise Refused("needs_owner_due")
    if event is Event.follow_up and assessment not in ASSESSMENTS:
        raise Refused("needs_assessment")
    if rank is not None and not 1 <= rank <= RANK_LIMIT:
        raise BadInput("bad_rank", limit=RANK_LIMIT)
    if due is not None and not FIRST_YEAR <= due.year <= LAST_YEAR:
        raise BadInput("bad_due", value=due.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)


def check_force(actor: Actor, event: Event) -> None:
    """A coordinator moves an item outside its window; a decider may also decide late (a
    decision meeting that slips past the decision phase)."""
    if actor.has(Role.coordinator) or (event is Event.decide and actor.has(Role.decider)):
        return
    raise NotAllowed("force_refused", email=actor.email)


def may_own(candidate: Actor) -> bool:
    """A measure is owned by someone active with the owner role (or a coordinator)."""
    return candidate.active and bool(candidate.roles & {Role.owner, Role.coordinator})


def check_owner(candidate: Actor) -> None:
    if not candidate.active:
        raise BadInput("person_deactivated", email=candidate.email)
    if not may_own(candidate):
        raise BadInput("owner_not_owner", email=candidate.email)


def may(actor: Actor, event: Event, item: Item) -> bool:
    if actor.is_system:
        return True
    if event in OWNER_EVENTS and item.owner == actor.email:
        return True
    if not any(actor.has(role) for role in FIRED_BY[event]):
        return False
    return event not in ORG_EVENTS or actor.org == item.org


def check_actor(actor: Actor, event: Event, item: Item) -> None:
    """Refuse, naming the rule, unless `actor` may fire `event` on `item`."""
    if may(actor, event, item):
        return
    if event in OWNER_EVENTS:
        raise NotAllowed(
            "owner_refused", email=actor.email, event=event, id=item.id, owner=item.owner or "—"
        )
    if event in ORG_EVENTS and actor.has(Role.proposer):
        raise NotAllowed("org_refused", email=actor.email, event=event, id=item.id, org=item.org)
    roles = ", ".join(role.value for role in FIRED_BY[event])
    raise NotAllowed("role_refused", email=actor.email, event=event, id=item.id, roles=roles)


def in_window(now: datetime, window: tuple[datetime | None, datetime | None]) -> bool:
    start, end = window
    return (start is None or start <= now) and (end is None or now < end)


def check_window(
    item: Item,
    event: Event,
    now: datetime,
    window: tuple[datetime | None, datetime | None],
    *,
    force: bool,
    now_text: str,
    late_only: bool = False,
) -> bool:
    """Refuse a move outside its window unless forced; returns True when forcing was needed.
    With `late_only` (a decider forcing a decision), forcing covers only after the window: a
    decision meeting that slipped, never one before the phase has opened."""
    if in_window(now, window):
        return False
    start, end = window
    late = end is not None and now >= end
    if force and (late or not late_only):
        return True
    # A window's end is the midnight after its last day: people read the day before it.
    last = (end - timedelta(days=1)).date().isoformat() if end else ""
    first = start.date().isoformat() if start else ""
    if start and end:
        text = t("window_between", start=first, end=last)
    else:
        text = t("window_from", start=first) if start else t("window_until", end=last)
    forcer = t("forcer_decide" if event is Event.decide and late else "forcer")  # a late decision
    raise Refused(
        "outside_window",
        event=event,
        id=item.id,
        window=text,
        cycle=item.cycle,
        now=now_text,
        forcer=forcer,
    )


def may_read_plan(actor: Actor, decided: bool) -> bool:
    """The plan and its follow-up are FI's working papers until the plan is decided; then
    everyone's (each sees only the measures their need-to-know allows)."""
    return decided or actor.has(Role.coordinator) or actor.has(Role.decider)


def mail_of(actor: Actor) -> str | None:
    """Whose messages a person may read in the outbox: a coordinator everyone's (None), anyone
    else only those to them (recipients and subjects are need-to-know too)."""
    return None if actor.has(Role.coordinator) else actor.email


@dataclass(frozen=True)
class Audience:
    """One reader of meetings: the one rule of who sees which meeting, for every output that
    shows one (`meeting list` and `show`, the calendar, its page, .ics and feed, the reports'
    meeting calendars) and for who is mailed about one (`store.meetings.invitees`)."""

    reader: Actor | None  # None: nobody in particular (a report run without --as)
    groups: frozenset[str] = frozenset()  # the measures in whose working group they are

    def invited(self, meeting: Meeting) -> bool:
        """Among the invitees: the meeting is open to all, or their organisation, they, or
        the working group of one of its measures is invited."""
        if meeting.everyone:
            return True
        reader = self.reader
        return reader is not None and (
            reader.org in meeting.orgs
            or reader.email in meeting.people
            or not self.groups.isdisjoint(meeting.items)
        )

    def sees(self, meeting: Meeting) -> bool:
        """Invited, or a coordinator: FI convenes every meeting. Nobody in particular sees
        only the meetings open to all."""
        coordinator = self.reader is not None and self.reader.has(Role.coordinator)
        return coordinator or self.invited(meeting)

    def sees_item(self, item: Item) -> bool:
        """A measure on a meeting's agenda, and its working group, as need-to-know allows:
        a working group is as restricted as its measure."""
        return item.visible_to(self.reader)
