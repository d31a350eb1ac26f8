"""Mail about the living plan: the plan decided as a whole (to the body's coordinators and
deciders), a measure replanned (to its owner, old and new, and whoever asked), a request for a
new due date (to the coordinators) and its answer (to whoever asked). Nobody is told of their
own act, and a restricted measure's content only within its need-to-know."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arshjul.states.events import (
    DomainEvent,
    MeasureReplanned,
    PlanDecided,
    ReplanDeclined,
    ReplanRequested,
)
from arshjul.states.model import Role

if TYPE_CHECKING:
    from arshjul.notifications.notifier import Notifier, Outgoing, World

EVENTS = (PlanDecided, MeasureReplanned, ReplanRequested, ReplanDeclined)


def compose(notifier: Notifier, world: World, event: DomainEvent) -> list[Outgoing]:
    at = world.minute(event.at)
    if isinstance(event, PlanDecided):
        told = [*world.emails(Role.coordinator), *world.emails(Role.decider)]
        return notifier.tell(
            world,
            [e for e in told if e != event.actor],
            "plan_decided",
            f"plan_decide:{event.plan_year}:{at.iso}",
            plan_year=event.plan_year,
            day=at.local[:10],
            by=event.actor,
            reference=event.reference or "",
            digest=event.digest,
            earlier=event.earlier,
        )
    if isinstance(event, MeasureReplanned):
        concerned = [event.new_owner, event.old_owner, event.requested_by]
        return _about_item(
            notifier,
            world,
            event.item_id,
            [e for e in concerned if e],
            event.actor,
            "replanned",
            f"replan:{event.item_id}:{at.iso}",
            changes=[[key, old, new] for key, (old, new) in event.changes.items()],
            reason=event.reason,
            by=event.actor,
            at=at.local,
            asked=event.requested_by or "",
            new_owner=event.new_owner or "",
        )
    if isinstance(event, ReplanRequested):
        return _about_item(
            notifier,
            world,
            event.item_id,
            world.emails(Role.coordinator),
            event.actor,
            "replan_requested",
            f"replan_request:{event.item_id}:{at.iso}",
            due=event.due,
            reason=event.reason,
            by=event.actor,
            at=at.local,
        )
    if isinstance(event, ReplanDeclined):
        return _about_item(
            notifier,
            world,
            event.item_id,
            [event.requested_by],
            event.actor,
            "replan_declined",
            f"replan_decline:{event.item_id}:{at.iso}",
            due=event.due,
            reason=event.reason,
            by=event.actor,
            at=at.local,
        )
    return []


def _about_item(
    notifier: Notifier,
    world: World,
    item_id: str,
    emails: list[str],
    actor: str,
    kind: str,
    cause: str,
    **context: Any,
) -> list[Outgoing]:
    """One message about the item to each of `emails` but the actor. What changed and why is
    content: a reader outside the measure's need-to-know (an owner it was taken from) is told
    only that it changed (`hidden`)."""
    item = world.item(item_id)
    told: list[Outgoing] = []
    for email in dict.fromkeys(emails):
        if email == actor:
            continue
        person = world.person(email)
        if person is None:
            continue
        visible = item.visible_to(person.as_actor())
        shown = dict(context) if visible else {"by": context.get("by"), "at": context.get("at")}
        told += notifier.tell(
            world, [email], kind, cause, item_id=item_id, hidden=not visible, **shown
        )
    return told
