"""Who is told what, as messages written to the outbox in the transaction of their
cause. Each message is rendered in its reader's language and shows only what the reader may
see: a restricted item's content never reaches someone outside its need-to-know list."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from arshjul.i18n import t
from arshjul.notifications import activity_mail, meeting_mail, plan_mail, risk_mail
from arshjul.notifications.render import Rendered, render
from arshjul.states.events import (
    DomainEvent,
    DueEventFired,
    ItemEdited,
    ItemMoved,
    ItemSubmitted,
    MailFailed,
    MeasuresHandedOver,
    PersonChanged,
    PlanChanged,
    SignInRequested,
)
from arshjul.states.lifecycle import OPEN_MEASURE, TO_FOLLOW_UP, UNDECIDED, State
from arshjul.states.model import Item, ItemRef, Person, Role, plan_year_of
from arshjul.store import outbox
from arshjul.workflow import schedule
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.followup import followup_requests
from arshjul.workflow.views import next_step

if TYPE_CHECKING:
    from arshjul.store.repository import Repository
    from arshjul.store.uow import UnitOfWork

SYSTEM = "system"
# The same groups as state names, as an ItemRef carries them.
_TO_FOLLOW_UP = frozenset(s.value for s in TO_FOLLOW_UP)
_OPEN_MEASURE = frozenset(s.value for s in OPEN_MEASURE)
_UNDECIDED = frozenset(s.value for s in UNDECIDED)
#: What owners are told, and so their managers too (owners and their managers).
OWNER_KINDS = frozenset({"assigned", "due_reminder", "overdue", "followup_request", "cancelled"})
#: Told once per item; a change touching several of one person's items tells them once, listing
#: them (an import of thousands, or a deadline, must not send thousands of messages to one desk).
PER_ITEM = frozenset({"receipt", "moved", "carried", "assigned"})
#: A list in a message shows this many lines, then says how many more and where they are.
LIST_LIMIT = 200
#: Never held for a weekly digest: they matter on their day (reminders must not come weeks late).
IMMEDIATE = frozenset(
    {
        "due_reminder",
        "overdue",
        "meeting_reminder",
        "invitation",
        "meeting_moved",
        "meeting_cancelled",
        "digest",
        "signin",
        "risk_reminder",
        "risk_overdue",
        "activity_reminder",
        "activity_overdue",
        "plan_changed",
        "mail_failed",
    }
)


@dataclass(frozen=True)
class CycleList:
    """A list in a message of a plan year's items in `states`: its first lines are read when
    the message is written, the rest only counted."""

    plan_year: int
    states: frozenset[str]


@dataclass(frozen=True)
class Outgoing:
    kind: str
    to: Person
    cause: str
    context: dict[str, Any] = field(default_factory=dict)
    attachment: tuple[str, str, str] | None = None  # file name, content type, text


class Notifier:
    """The handler that turns domain events into messages in the outbox."""

    def __init__(self, calendar: CycleCalendar) -> None:
        self.calendar = calendar
        self.config = calendar.config
        _, address = parseaddr(self.config.mail_from)
        self.domain = address.rpartition("@")[2] or "arshjul.invalid"

    def __call__(self, uow: UnitOfWork, events: Sequence[DomainEvent]) -> None:
        world = World(uow.repo, events, self.calendar)
        # A deactivated person is told nothing, whatever the cause, nor copied as a manager.
        messages = _bundled(
            [m for event in events for m in self.compose(world, event) if m.to.active]
        )
        messages += [m for m in self._manager_copies(world, messages) if m.to.active]
        rows = [self._row(world, m, events[0].at) for m in messages]
        for row in rows:
            row["not_before"] = uow.mail_not_before
            row["body_id"] = uow.body_id
        outbox.add(uow.connection, rows)
        for message, row in zip(messages, rows, strict=True):
            if message.kind == "digest":
                outbox.bundle(
                    uow.connection, message.context["held_ids"], row["message_id"], events[0].at
                )

    # who is told what ------------------------------------------------------------------

    def compose(self, world: World, event: DomainEvent) -> list[Outgoing]:
        if isinstance(event, ItemSubmitted):
            return self._submitted(world, event)
        if isinstance(event, ItemEdited):
            return self._edited(world, event)
        if isinstance(event, ItemMoved):
            return self._moved(world, event)
        if isinstance(event, DueEventFired):
            return self._due(world, event)
        if isinstance(event, SignInRequested):
            return self._signin(world, event)
        if isinstance(event, MailFailed):
            return self._mail_failed(world, event)
        if isinstance(event, MeasuresHandedOver):
            return self._handed_over(world, event)
        if isinstance(event, PersonChanged):
            return self._person_changed(world, event)
        if isinstance(event, PlanChanged):
            return activity_mail.changed(self, world, event)
        if isinstance(event, plan_mail.EVENTS):
            return plan_mail.compose(self, world, event)
        return meeting_mail.compose(self, world, event)

    def _person_changed(self, world: World, event: PersonChanged) -> list[Outgoing]:
        """A person is told of their new roles, and that they are back; a person deactivated
        is told nothing (the notifier tells nobody deactivated), but the body's other
        coordinators learn what they leave to hand over."""
        what = "|".join(",".join(part) for part in (event.roles, event.added, event.removed))
        cause = f"person:{event.change}:{event.email}:{world.minute(event.at).iso}:{what}"
        person = world.person(event.email)
        context: dict[str, Any] = {
            "change": event.change,
            "note": event.note,
            "by": event.actor,
            "who": person.name if person else event.email,
            "email": event.email,
            "roles": list(event.roles),
            "added": list(event.added),
            "removed": list(event.removed),
            "body": world.repo.body.short,
        }
        if event.change != "deactivated":
            return self.tell(world, [event.email], "person_changed", cause, **context)
        told = [e for e in world.emails(Role.coordinator) if e not in (event.actor, event.email)]
        return self.tell(
            world,
            told,
            "person_changed",
            cause,
            item_ids=list(event.measures),
            groups=list(event.groups),
            **context,
        )

    def _handed_over(self, world: World, event: MeasuresHandedOver) -> list[Outgoing]:
        """The one who takes over is told what is now theirs, the one who leaves it (if still
        active: the notifier tells nobody deactivated) to whom it went."""
        cause = f"handover:{event.giver}:{event.taker}:{world.minute(event.at).iso}"
        giver, taker = world.person(event.giver), world.person(event.taker)
        common = {
            "item_ids": list(event.item_ids),
            "groups": list(event.groups),
            "standing": list(event.standing),
            "note": event.note,
            "by": event.actor,
            "giver": giver.name if giver else event.giver,
            "taker": taker.name if taker else event.taker,
            "requests": [{"id": i, "due": d} for i, d in event.requests],
        }
        return [
            Outgoing("handover", person, cause, {**common, "received": person.email == event.taker})
            for person in (taker, giver)
            if person is not None
        ]

    def _submitted(self, world: World, event: ItemSubmitted) -> list[Outgoing]:
        item = world.ref(event.item_id)
        proposer = world.person(item.proposer)
        if proposer is None:
            return []
        cause = f"submit:{item.id}"
        if event.carried_from:
            return [
                Outgoing(
                    "carried", proposer, cause, {"original": event.carried_from, "item_id": item.id}
                )
            ]
        return [Outgoing("receipt", proposer, cause, {"item_id": item.id})]

    def _moved(self, world: World, event: ItemMoved) -> list[Outgoing]:
        item = world.ref(event.item_id)
        at = world.minute(event.at)
        cause = f"move:{item.id}:{event.event}:{at.iso}"
        move = {
            "from": event.from_state,
            "to": event.to_state,
            "note": event.note,
            "by": event.actor if event.actor != SYSTEM else "Årshjul",
            "at": at.local,
        }
        told: list[Outgoing] = []
        proposer = world.person(item.proposer)
        if proposer and proposer.email != event.actor and event.from_state != event.to_state:
            told.append(Outgoing("moved", proposer, cause, {"item_id": item.id, "move": move}))
        if event.event in ("decide", "import") and item.owner and item.owner != event.actor:
            owner = world.person(item.owner)
            if owner:
                told.append(Outgoing("assigned", owner, cause, {"item_id": item.id}))
        if event.event == "cancel" and item.owner and item.owner != event.actor:
            ended = world.person(item.owner)  # no more reminders for them, nothing to report
            if ended:
                told = [m for m in told if m.to.email != ended.email]  # a proposer who owns it
                told.append(Outgoing("cancelled", ended, cause, {"item_id": item.id, "move": move}))
        return told

    def _edited(self, world: World, event: ItemEdited) -> list[Outgoing]:
        """A corrected proposal: the body's coordinators are told, and its proposer when a
        colleague corrected it; each reads every version (FI, the proposer's organisation)."""
        item = world.item(event.item_id)
        at = world.minute(event.at)
        readers = [
            person
            for email in (*world.emails(Role.coordinator), item.proposer)
            if email != event.actor
            for person in [world.person(email)]
            if person is not None and item.visible_to(person.as_actor())
        ]
        return self.tell(
            world,
            [person.email for person in readers],
            "edited",
            f"edit:{item.id}:{event.version}",
            item_id=item.id,
            changed_fields=list(event.changed),
            version=event.version,
            note=event.note,
            by=event.actor,
            at=at.local,
        )

    def _signin(self, world: World, event: SignInRequested) -> list[Outgoing]:
        """The one-time link, to the person who asked for it and nobody else."""
        until = self.calendar.local(event.expires_at)
        minutes = round((event.expires_at - event.at).total_seconds() / 60)
        cause = f"signin:{hashlib.sha256(event.link.encode()).hexdigest()[:32]}"  # not the link
        return self.tell(
            world,
            [event.email],
            "signin",
            cause,
            link=event.link,
            minutes=minutes,
            until=until.strftime("%H:%M"),
        )

    def _mail_failed(self, world: World, event: MailFailed) -> list[Outgoing]:
        """The coordinators learn of a message that failed for good: once each, never about
        such a notice itself (that would loop), nor the recipient about their own address."""
        if event.kind == "mail_failed":
            return []
        told = [e for e in world.emails(Role.coordinator) if e != event.recipient]
        return self.tell(
            world,
            told,
            "mail_failed",
            f"mailfailed:{event.outbox_id}",
            recipient=event.recipient,
            failed_subject=event.subject,
            reason=event.reason,
            attempts=event.attempts,
        )

    def _due(self, world: World, event: DueEventFired) -> list[Outgoing]:
        if event.void:
            return []  # what it would say is no longer true (ticker._void says why)
        cause = f"due:{event.kind}:{event.subject}:{event.detail}:{event.due_at.isoformat()}"
        if event.kind == schedule.MEETING_REMINDER:
            return meeting_mail.reminder(self, world, event, cause)
        if event.kind == schedule.DIGEST:
            return self._digests(world, cause)
        if event.kind in schedule.RISK_KINDS:
            return risk_mail.compose(self, world, event, cause)
        if event.kind in schedule.ACTIVITY_KINDS:
            return activity_mail.compose(self, world, event, cause)
        if event.kind == schedule.DUE_REMINDER:
            item = world.ref(event.subject)
            if item.state not in _OPEN_MEASURE or not item.owner:
                return []
            day = world.item(item.id).due
            days = self.days_between(event.at, day) if day else int(event.detail)
            return self.tell(world, [item.owner], "due_reminder", cause, item_id=item.id, days=days)
        if event.kind == schedule.OVERDUE:
            item = world.ref(event.subject)
            if item.state not in _OPEN_MEASURE:
                return []
            day = world.item(item.id).due
            escalated_to = [item.owner or "", *world.emails(Role.coordinator)]
            return self.tell(
                world,
                escalated_to,
                "overdue",
                cause,
                item_id=item.id,
                count=int(event.detail),
                days_late=-self.days_between(event.at, day) if day else 0,
                every=self.config.reminders.overdue_every_days,
            )
        if event.kind == schedule.FIX_DATES:
            # The coordinators fix a recurring meeting's dates: ticker said how many are left.
            coordinators = world.emails(Role.coordinator)
            return self.tell(world, coordinators, "fix_dates", cause, **event.effect)
        plan_year = plan_year_of(event.subject)  # "2027", "SOES-2027"
        if event.kind == schedule.FOLLOWUP_REQUEST:
            return self._followup_request(world, plan_year, cause)
        phase_key = event.detail.split(":")[0]
        phase = self.calendar.phase(plan_year, phase_key)
        phase_view = {
            "key": phase.key,
            "name": phase.name,
            "opens": phase.opens.isoformat(),
            "closes": phase.closes.isoformat(),
        }
        common: dict[str, Any] = {"plan_year": plan_year, "phase": phase_view}
        if event.kind == schedule.PHASE_REMINDER:
            days = self.days_between(event.at, phase.closes)
            return self._phase_reminder(world, plan_year, phase_key, days, cause, common)
        opened = event.kind == schedule.PHASE_OPENS
        told = self.tell(
            world,
            world.emails(Role.coordinator),
            "phase_summary",
            cause,
            opened=opened,
            at=self.calendar.local(event.due_at).strftime("%Y-%m-%d"),
            effect=_effect(event),
            **common,
        )
        if opened and phase_key == "communication":
            told += meeting_mail.plan_published(self, world, plan_year, cause, common)
        if opened and phase_key == "dialogue":
            told += self.tell(
                world,
                world.everyone(),
                "dialogue_opened",
                cause,
                closes=phase.closes.isoformat(),
                **common,
            )
        if opened and phase_key == "prioritisation":
            told += self.tell(
                world,
                world.emails(Role.reference),
                "reference_list",
                cause,
                closes=phase.closes.isoformat(),
                items=CycleList(plan_year, _UNDECIDED),
                **common,
            )
        return told

    def _manager_copies(self, world: World, messages: list[Outgoing]) -> list[Outgoing]:
        """Owners' managers are told what their owners are told about the measures they own;
        an overdue notice only where the owner's kind of organisation escalates
        (`[escalation] kinds`)."""
        copies = []
        for message in messages:
            kinds = {e["kind"] for e in message.context.get("entries", [{"kind": message.kind}])}
            if not kinds & OWNER_KINDS or not message.to.manager:
                continue
            if message.kind == "overdue" and (
                message.to.email != world.ref(message.context["item_id"]).owner
                or world.org_kind(message.to.org) not in self.config.escalation
            ):
                # The coordinators' copy of an escalation is not the owner's; and taking part
                # is voluntary for companies and associations: no escalation to their managers.
                continue
            manager = world.person(message.to.manager)
            if manager and manager.email != message.to.email:
                context = _seen_by(world, message.context, manager)
                if context is None:
                    continue
                copies.append(
                    Outgoing(
                        message.kind,
                        manager,
                        message.cause,
                        context | {"copy_of": message.to.name},
                        message.attachment,
                    )
                )
        return copies

    def _digests(self, world: World, cause: str) -> list[Outgoing]:
        """Each reader's held messages of the week, as one message."""
        by_reader: dict[str, list[Any]] = {}
        for row in outbox.held(world.repo.conn):
            by_reader.setdefault(row["recipient"], []).append(row)
        told = []
        for email, rows in by_reader.items():
            person = world.person(email)
            if person is None or not person.active:
                continue
            held = [{"subject": r["subject"], "text": r["text"]} for r in rows]
            told.append(
                Outgoing(
                    "digest", person, cause, {"held": held, "held_ids": [r["id"] for r in rows]}
                )
            )
        return told

    def _followup_request(self, world: World, plan_year: int, cause: str) -> list[Outgoing]:
        measures = ((i.id, i.cycle, i.state, i.owner) for i in world.cycle(plan_year))
        told = []
        for request in followup_requests(self.calendar, plan_year, measures):
            person = world.person(request.owner)
            if person:
                context = {
                    "plan_year": plan_year,
                    "closes": request.closes.isoformat(),
                    "item_ids": list(request.item_ids),
                }
                told.append(Outgoing("followup_request", person, cause, context))
        return told

    def _phase_reminder(
        self,
        world: World,
        plan_year: int,
        phase: str,
        days: int,
        cause: str,
        common: dict[str, Any],
    ) -> list[Outgoing]:
        items = world.cycle(plan_year)
        owing: dict[str, list[str]] = {}  # email -> the items they owe something on
        if phase == "dialogue":
            owing = {
                email: [] for email in world.emails(Role.proposer) + world.emails(Role.reference)
            }
        elif phase == "prioritisation":
            waiting = [i.id for i in items if i.state == "proposed"]
            owing = {email: waiting for email in world.emails(Role.coordinator)} if waiting else {}
        elif phase == "decision":
            waiting = [i.id for i in items if i.state == "prioritised"]
            owing = {email: waiting for email in world.emails(Role.decider)} if waiting else {}
        elif phase == "communication":
            owing = {email: [] for email in world.emails(Role.coordinator)}
        elif phase == "execution":
            for i in items:
                if i.state in _OPEN_MEASURE and i.owner:
                    owing.setdefault(i.owner, []).append(i.id)
        elif phase == "follow_up":
            waiting = [i.id for i in items if i.state in _TO_FOLLOW_UP]
            owing = {email: waiting for email in world.emails(Role.coordinator)} if waiting else {}
        told = []
        for email, item_ids in owing.items():
            person = world.person(email)
            if person:
                told.append(
                    Outgoing(
                        "phase_reminder",
                        person,
                        cause,
                        {**common, "days": days, "item_ids": item_ids, "owed_key": f"owed_{phase}"},
                    )
                )
        return told

    def days_between(self, moment: datetime, day: date) -> int:
        """Days from the day of `moment` (the cycle's time zone) to `day`: what a reminder says
        is counted when it is written, not when it was planned."""
        return (day - self.calendar.local(moment).date()).days

    def tell(
        self,
        world: World,
        emails: Iterable[str],
        kind: str,
        cause: str,
        attachment: tuple[str, str, str] | None = None,
        **context: Any,
    ) -> list[Outgoing]:
        """One message of `kind` to each registered person among `emails`, once each."""
        told: list[Outgoing] = []
        seen: set[str] = set()
        for email in emails:
            person = world.person(email)
            if person and email not in seen:
                seen.add(email)
                told.append(Outgoing(kind, person, cause, dict(context), attachment))
        return told

    # rendering -------------------------------------------------------------------------

    def _row(self, world: World, message: Outgoing, at: datetime) -> dict[str, Any]:
        lang = message.to.lang or self.config.language
        rendered = render(message.kind, lang, self._context(world, message, lang))
        if "copy_of" in message.context:
            notice = t("manager_copy", lang=lang, owner=message.context["copy_of"])
            rendered = Rendered(
                t("copy_subject", lang=lang, subject=rendered.subject),
                f"{notice}\n\n{rendered.text}",
                rendered.html,
            )
        key = (
            f"{message.cause}|{message.kind}|{message.to.email}"  # one cause may send several kinds
        )
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return {
            "message_id": f"<{digest}@{self.domain}>",
            "cause": message.cause[:200],
            "kind": message.kind,
            "recipient": message.to.email,
            "lang": lang,
            "subject": rendered.subject[:300],
            "text": rendered.text,
            "html": rendered.html,
            "created_at": at,
            "next_attempt_at": at,
            "held": message.to.digest and message.kind not in IMMEDIATE,
            "attachment_name": message.attachment[0] if message.attachment else None,
            "attachment_type": message.attachment[1] if message.attachment else None,
            "attachment": message.attachment[2] if message.attachment else None,
        }

    def _context(self, world: World, message: Outgoing, lang: str) -> dict[str, Any]:
        reader = message.to.as_actor()
        context = dict(message.context)
        context.update(
            person={"name": message.to.name, "email": message.to.email},
            cycle_name=self.config.name,
            convener=self.config.convener,
            restricted=t("restricted", lang=lang),
        )
        if "item_id" in context:
            item = world.item(context.pop("item_id"))
            context["item"] = shown(item, reader)
            context["next_step"] = self._next_step(item, lang, world.now)
            if message.kind == "assigned":
                context["reminded"] = self._reminded(item, world.now)
        if "item_ids" in context:
            context["items"] = context.pop("item_ids")
        if "entries" in context:
            context.update(self._entries(world, context.pop("entries"), lang))
        if "meeting_id" in context:
            meeting_id = context.pop("meeting_id")
            context["meeting"] = meeting_mail.view(self, world, meeting_id, reader, lang)
            if message.kind in meeting_mail.BRIEFED:
                context["briefs"] = meeting_mail.briefs(self, world, meeting_id, reader.email, lang)
        if "meeting_ids" in context:
            context["meetings"] = [
                meeting_mail.view(self, world, m, reader, lang) for m in context.pop("meeting_ids")
            ]
        if "copy_of" in context:
            context["copy_notice"] = t("manager_copy", lang=lang, owner=context.pop("copy_of"))
        if "changed_fields" in context:
            from arshjul.workflow.edits import field_names

            context["changed"] = field_names(context.pop("changed_fields"), lang)
        if message.kind == "plan_changed":
            context["change"] = activity_mail.worded(context["change"], lang)
        if "owed_key" in context:
            context["owed"] = t(context.pop("owed_key"), lang=lang)
        if message.kind == "phase_summary":
            context.update(self._summary(world, context, lang))
        # A list stops at LIST_LIMIT lines, and only the items of those lines are read.
        for key in ("items", "left_out", "entries"):
            if context.get(key) is None:
                continue
            page, total = _page(world, context[key])
            ids = [e["item_id"] for e in page] if key == "entries" else page
            context[f"more_{key}"] = ""
            if total > LIST_LIMIT:
                cycle = world.ref(ids[0]).cycle
                context[f"more_{key}"] = t(
                    "list_more", lang=lang, count=total - LIST_LIMIT, cycle=cycle
                )
            lines = [shown(item, reader) for item in world.items(ids)]
            if key == "entries":
                lines = [
                    {k: v for k, v in e.items() if k != "item_id"} | {"item": line}
                    for e, line in zip(page, lines, strict=True)
                ]
            context[key] = lines
        return context

    def _entries(self, world: World, entries: list[dict[str, Any]], lang: str) -> dict[str, Any]:
        """A bundle's lines; a reason or next step they all share is said once, not per line."""
        notes = {(e.get("move") or {}).get("note") for e in entries}
        moved_to = {(e.get("move") or {}).get("to") for e in entries}
        refs = [world.ref(e["item_id"]) for e in entries]
        same_state = len({ref.state for ref in refs}) == 1
        return {
            "entries": entries,
            "kinds": sorted({e["kind"] for e in entries}),
            "count": len({e["item_id"] for e in entries}),  # items, not changes to them
            "note": notes.pop() if len(notes) == 1 else None,
            "moved_to": moved_to.pop() if len(moved_to) == 1 else None,
            "next_step": (
                self._next_step(world.item(refs[0].id), lang, world.now) if same_state else ""
            ),
        }

    def _summary(self, world: World, context: dict[str, Any], lang: str) -> dict[str, Any]:
        counts = world.repo.count_states(context["plan_year"], [s.value for s in State])
        effect = context["effect"]
        waiting = []
        if counts.get("proposed"):
            waiting.append(t("waiting_prioritise", lang=lang, count=counts["proposed"]))
        if counts.get("executed"):
            waiting.append(t("waiting_follow_up", lang=lang, count=counts["executed"]))
        return {
            "counts": sorted(counts.items()),
            "effect": t(effect[0], lang=lang, count=effect[1]) if effect else "",
            "waiting": ", ".join(waiting),
        }

    def _next_step(self, item: Item, lang: str, now: datetime | None = None) -> str:
        return next_step(self.calendar, item.cycle, item.state.value, item.no_carry, lang, now)

    def _reminded(self, item: Item, now: datetime) -> bool:
        """Whether a reminder before its due date is still to come (a late decision of a measure
        due soon has none: the mail must not promise one)."""
        if item.due is None:
            return False
        planned = schedule.deadline_events(self.calendar, item.id, item.due, now)
        return any(e.kind == schedule.DUE_REMINDER for e in planned)


def _bundled(messages: list[Outgoing]) -> list[Outgoing]:
    """Per-item messages to one person in one change become one message listing the items."""
    kept: list[Outgoing] = []
    per_reader: dict[str, list[Outgoing]] = {}
    for message in messages:
        if message.kind in PER_ITEM:
            if message.to.email not in per_reader:
                per_reader[message.to.email] = []
                kept.append(message)  # holds the place of the reader's first
            per_reader[message.to.email].append(message)
        else:
            kept.append(message)
    for n, message in enumerate(kept):
        group = per_reader.get(message.to.email, []) if message.kind in PER_ITEM else []
        if len(group) > 1:
            causes = hashlib.sha256("\n".join(m.cause for m in group).encode()).hexdigest()
            entries = [{"kind": m.kind, **m.context} for m in group]
            kept[n] = Outgoing(
                "changes", message.to, f"changes:{causes[:32]}", {"entries": entries}
            )
    return kept


def _seen_by(world: World, context: dict[str, Any], reader: Person) -> dict[str, Any] | None:
    """A message's context with only the items `reader` may see, or None when nothing is left:
    a manager outside an item's need-to-know gets no copy about it (an owner may see what their
    manager may not, and a copy of a notice about it would tell its due date and owner)."""
    actor = reader.as_actor()

    def visible(item_id: str) -> bool:
        return world.item(item_id).visible_to(actor)

    if "item_id" in context and not visible(context["item_id"]):
        return None
    if isinstance(context.get("item_ids"), list):
        ids = [i for i in context["item_ids"] if visible(i)]
        if not ids:
            return None
        context = context | {"item_ids": ids}
    if "entries" in context:
        entries = [e for e in context["entries"] if visible(e["item_id"])]
        if not entries:
            return None
        context = context | {"entries": entries}
    return context


def _page(world: World, listed: list[Any] | CycleList) -> tuple[list[Any], int]:
    """A list's first LIST_LIMIT lines, and how many it has in all."""
    if isinstance(listed, CycleList):
        return world.cycle_page(listed)
    return listed[:LIST_LIMIT], len(listed)


def _effect(event: DueEventFired) -> tuple[str, int] | None:
    """What a deadline did, for the coordinators' summary."""
    if event.effect.get("deprioritised"):
        return ("effect_deprioritised", len(event.effect["deprioritised"]))
    if event.effect.get("carried"):
        return ("effect_carried", len(event.effect["carried"]))
    return None


def shown(item: Item, reader: Any) -> dict[str, Any]:
    """The item as the reader may see it: outside need-to-know, only id, cycle and state."""
    visible = item.visible_to(reader)
    return {
        "id": item.id,
        "cycle": item.cycle,
        "state": item.state.value,
        "title": item.title if visible else None,
        "org": item.org if visible else None,
        "owner": item.owner if visible else None,
        "due": item.due.isoformat() if visible and item.due else None,
    }


@dataclass(frozen=True)
class _Minute:
    iso: str  # the moment, for causes
    local: str  # the minute, in the cycle's time zone, for readers


class World:
    """What the messages of one change need, each read once: a reference to every item the
    change touches and to every item of a cycle a message counts (ItemRef: state and people);
    whole items only for the lines a message shows; people from the repository, which reads
    each once a transaction."""

    def __init__(self, repo: Repository, events: Sequence[DomainEvent], calendar: CycleCalendar):
        self.repo = repo
        self.calendar = calendar
        self.now = events[0].at
        ids = {e.item_id for e in events if isinstance(e, ItemSubmitted | ItemMoved)}
        ids.update(
            e.subject
            for e in events
            if isinstance(e, DueEventFired) and e.kind in schedule.MEASURE_KINDS
        )
        self._refs = repo.refs(sorted(ids)) if ids else {}
        self._items: dict[str, Item] = {}
        self._cycles: dict[int, list[ItemRef]] = {}
        self._pages: dict[CycleList, tuple[list[str], int]] = {}
        self._minutes: dict[datetime, _Minute] = {}
        self._org_kinds: dict[str, str | None] = {}

    def ref(self, item_id: str) -> ItemRef:
        if item_id not in self._refs:
            self._refs.update(self.repo.refs([item_id]))
        return self._refs[item_id]

    def item(self, item_id: str) -> Item:
        [item] = self.items([item_id])
        return item

    def items(self, ids: Sequence[str]) -> list[Item]:
        """Whole items, for the lines a message shows: those not read yet, in one query."""
        missing = [i for i in ids if i not in self._items]
        if missing:
            self._items.update((item.id, item) for item in self.repo.items(missing))
        return [self._items[i] for i in ids]

    def person(self, email: str) -> Person | None:
        return self.repo.person(email)

    def org_kind(self, name: str) -> str | None:
        """The kind of organisation `name` is (authority, company, association)."""
        if name not in self._org_kinds:
            org = self.repo.org(name)
            self._org_kinds[name] = org.kind if org else None
        return self._org_kinds[name]

    def emails(self, role: Role) -> list[str]:
        return [p.email for p in self.repo.people() if role in p.roles]

    def everyone(self) -> list[str]:
        return [p.email for p in self.repo.people()]

    def cycle(self, plan_year: int) -> list[ItemRef]:
        if plan_year not in self._cycles:
            self._cycles[plan_year] = self.repo.cycle_refs(plan_year)
            self._refs.update((ref.id, ref) for ref in self._cycles[plan_year])
        return self._cycles[plan_year]

    def cycle_page(self, listed: CycleList) -> tuple[list[str], int]:
        """The first LIST_LIMIT ids of the list, and how many it has (one query for everyone
        the list goes to)."""
        if listed not in self._pages:
            self._pages[listed] = self.repo.cycle_page(listed.plan_year, listed.states, LIST_LIMIT)
        return self._pages[listed]

    def minute(self, moment: datetime) -> _Minute:
        """A moment as causes and readers write it (a change of many items shares one)."""
        if moment not in self._minutes:
            local = self.calendar.local(moment).strftime("%Y-%m-%d %H:%M")
            self._minutes[moment] = _Minute(moment.isoformat(), local)
        return self._minutes[moment]
