"""Mail about running activities and risks that change: before a recurring activity's day, whom
it answers to is reminded (the coordinators, when only a name answers for it); after it, they
and the coordinators are told until the occurrence is reported done. An activity or risk edited
or retired is told to whoever answers for it, before and after."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arshjul.states.events import DueEventFired, PlanChanged
from arshjul.states.model import Role
from arshjul.states.plan import RunningActivity
from arshjul.store import plan
from arshjul.workflow import schedule
from arshjul.workflow.goals import due_on
from arshjul.workflow.plan_views import change_lines

if TYPE_CHECKING:
    from arshjul.notifications.notifier import Notifier, Outgoing, World


def compose(notifier: Notifier, world: World, event: DueEventFired, cause: str) -> list[Outgoing]:
    activity_id, year = plan.parse_occurrence_subject(event.subject)
    activity = plan.activity_by_id(world.repo.conn, activity_id)
    if activity.retired is not None or any(o.year == year for o in activity.occurrences):
        return []
    assert activity.on is not None
    day = due_on(activity.on, year)
    person = _person(world, activity)
    coordinators = world.emails(Role.coordinator)
    shown = view(activity, year, day.isoformat())
    if event.kind == schedule.ACTIVITY_REMINDER:
        told = [person] if person else coordinators
        days = notifier.days_between(event.at, day)
        return notifier.tell(world, told, "activity_reminder", cause, activity=shown, days=days)
    return notifier.tell(
        world,
        [*([person] if person else []), *coordinators],
        "activity_overdue",
        cause,
        activity=shown,
        count=int(event.detail),
        every=notifier.calendar.config.reminders.overdue_every_days,
    )


def changed(notifier: Notifier, world: World, event: PlanChanged) -> list[Outgoing]:
    """Who answers for it is told; who answered before and no longer does is told that."""
    cause = f"plan:{event.kind}:{event.plan_year}:{event.name}:{event.at.isoformat()}"
    change = {
        "kind": event.kind,
        "name": event.name,
        "plan_year": event.plan_year,
        "title": event.title,
        "actor": event.actor,
        "reason": event.reason,
        "retired": event.retired,
        "changes": [list(c) for c in event.changes],
    }
    answering = [e for e in event.told if e not in event.replaced]
    return [
        *notifier.tell(
            world, answering, "plan_changed", cause, change=change | {"replaced": False}
        ),
        *notifier.tell(
            world, event.replaced, "plan_changed", cause, change=change | {"replaced": True}
        ),
    ]


def worded(change: dict[str, Any], lang: str) -> dict[str, Any]:
    """The change with its fields named, and the plan's words, in the reader's language."""
    lines = change_lines((tuple(c) for c in change["changes"]), lang)
    return change | {"changes": [list(line) for line in lines]}


def _person(world: World, activity: RunningActivity) -> str | None:
    label = activity.responsible
    if "@" in label:
        return label
    function = plan.function(world.repo.conn, label)
    return function.head if function is not None else None


def view(activity: RunningActivity, year: int, due: str) -> dict[str, Any]:
    return {
        "nr": activity.nr,
        "plan_year": activity.plan_year,
        "year": year,
        "title": activity.title,
        "responsible": activity.responsible,
        "due": due,
    }
