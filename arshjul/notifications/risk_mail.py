"""Mail about the internal control plan: before a risk's action is due, the person answering
for it is reminded (the coordinators, when only a name answers for it, such as "Alla"); after,
they and the coordinators are told every week until the action is reported done."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arshjul.states.events import DueEventFired
from arshjul.states.model import Role
from arshjul.states.plan import Risk
from arshjul.store import risks
from arshjul.workflow import schedule

if TYPE_CHECKING:
    from arshjul.notifications.notifier import Notifier, Outgoing, World


def compose(notifier: Notifier, world: World, event: DueEventFired, cause: str) -> list[Outgoing]:
    risk = risks.by_subject(world.repo.conn, event.subject)
    if risk.done_at is not None or risk.deadline.day is None:
        return []
    coordinators = world.emails(Role.coordinator)
    if event.kind == schedule.RISK_REMINDER:
        told = [risk.person] if risk.person else coordinators
        days = notifier.days_between(event.at, risk.deadline.day)
        return notifier.tell(world, told, "risk_reminder", cause, risk=view(risk), days=days)
    told = [*([risk.person] if risk.person else []), *coordinators]
    return notifier.tell(
        world,
        told,
        "risk_overdue",
        cause,
        risk=view(risk),
        count=int(event.detail),
        every=notifier.config.reminders.overdue_every_days,
    )


def view(risk: Risk) -> dict[str, Any]:
    assert risk.deadline.day is not None
    return {
        "number": risk.number,
        "plan_year": risk.plan_year,
        "description": risk.description,
        "action": risk.action,
        "responsible": risk.responsible,
        "due": risk.deadline.day.isoformat(),
        "level": risk.level,
    }
