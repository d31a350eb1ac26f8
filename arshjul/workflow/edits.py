"""Correcting a proposal: its organisation's proposers edit title, description, kind and
need-to-know until it is prioritised, and every earlier version stays readable in the history.

An edit is a move (`edit`, proposed → proposed) with its own history row, whose `data` holds
what changed (old and new values) and the need-to-know from then on, so the chain keeps every
version and `audit verify` binds the restriction. Versions are numbered by the edits: 0 is the
proposal as it was made, N the text after the Nth edit.

Need-to-know covers old versions too: a reader sees a version only if they may see the item now
and were among those that version was for (its restriction, the proposer's organisation, FI).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from arshjul.clock import Clock
from arshjul.errors import BadInput, Conflict, NotAllowed, NotFound, Refused
from arshjul.i18n import state_name
from arshjul.states import Event, Item, State, check_actor, fire
from arshjul.states.events import ItemEdited
from arshjul.states.lifecycle import sources
from arshjul.states.model import KINDS, Actor
from arshjul.states.rules import may
from arshjul.store import history
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.handlers import publish
from arshjul.workflow.services import actor_of, history_row, viewer

#: What an edit may change, in the order it is told.
FIELDS = ("title", "description", "kind", "restricted_to")
#: The fields' names as people read them.
FIELD_NAMES = {
    "title": {"sv": "rubrik", "en": "title"},
    "description": {"sv": "beskrivning", "en": "description"},
    "kind": {"sv": "typ", "en": "kind"},
    "restricted_to": {"sv": "begränsad till", "en": "restricted to"},
}
_WORDS = FIELD_NAMES | {"reason": {"sv": "skäl", "en": "reason"}}


@dataclass(frozen=True)
class EditRequest:
    """What a proposer asks to change; None leaves a field as it is. `open` lifts the
    need-to-know; an empty description removes it."""

    item_id: str
    title: str | None = None
    description: str | None = None
    kind: str | None = None
    restricted_to: tuple[str, ...] | None = None
    open: bool = False
    reason: str | None = None
    expect_version: int | None = None


@dataclass(frozen=True)
class Edited:
    id: str
    version: int  # the version the edit made (1 after the first edit)
    changed: dict[str, dict[str, Any]]  # field -> {"old": …, "new": …}


@dataclass(frozen=True)
class Version:
    """A proposal's text as it read from one edit (or its proposal) to the next."""

    number: int
    at: datetime
    actor: str
    note: str | None
    title: str
    description: str | None
    kind: str
    restricted_to: tuple[str, ...]
    changed: dict[str, dict[str, Any]] | None  # what the edit that made it changed (None: 0)


def _wanted(request: EditRequest) -> dict[str, Any]:
    """The fields asked for, checked as `propose` checks them."""
    if request.open and request.restricted_to:
        raise BadInput("edit_open_and_restricted")
    wanted: dict[str, Any] = {}
    if request.title is not None:
        wanted["title"] = validate.required_text("title", request.title, validate.TITLE_LIMIT)
    if request.description is not None:
        wanted["description"] = validate.text(
            "description", request.description, validate.DESCRIPTION_LIMIT, required=False
        )
    if request.kind is not None:
        wanted["kind"] = validate.choice("kind", request.kind, KINDS)
    if request.open:
        wanted["restricted_to"] = ()
    elif request.restricted_to:
        names = sorted({name.strip() for name in request.restricted_to if name.strip()})
        wanted["restricted_to"] = tuple(names)
    if not wanted:
        raise BadInput("edit_nothing_given")
    return wanted


def edit(uow: UnitOfWork, clock: Clock, actor_email: str | None, request: EditRequest) -> Edited:
    """A proposer of the item's organisation corrects its proposal: all of it, or nothing."""
    [item_id] = validate.item_ids([request.item_id])
    wanted = _wanted(request)
    note = validate.text("reason", request.reason, validate.NOTE_LIMIT, required=False)
    with uow.glance() as seen:
        expected = seen.repo.versions([item_id])[item_id]
    if request.expect_version is not None:
        expected = request.expect_version
    with uow:
        actor = actor_of(uow, actor_email)
        [item] = uow.repo.items([item_id])
        if not item.visible_to(actor):  # a refusal naming its organisation would tell
            raise NotFound("no_item", id=item.id)
        if item.version != expected:
            raise Conflict("changed_meanwhile", id=item.id)
        check_actor(actor, Event.edit, item)
        _check_proposed(item)
        for name in sorted(set(wanted.get("restricted_to", ())) - set(item.restricted_to)):
            if uow.repo.org(name) is None:
                raise NotFound("no_org", name=name)
            if not uow.repo.takes_part(name):
                raise BadInput("org_not_in_body", org=name, body=uow.repo.body.short)
        changed = {
            field: {"old": _plain(getattr(item, field)), "new": _plain(value)}
            for field, value in wanted.items()
            if getattr(item, field) != value
        }
        if not changed:
            raise Refused("edit_unchanged", id=item.id)
        number = len([r for r in uow.repo.history(item.id) if r["event"] == Event.edit]) + 1
        now = clock.now()
        moved = fire(item, Event.edit, actor=actor.email, at=now, note=note)
        for field, value in wanted.items():
            setattr(item, field, value)
        uow.repo.save_text(item, now, restriction="restricted_to" in changed)
        row = history_row(item.id, Event.edit, State.proposed, item.state, actor.email, now, note)
        row["data"] = history.canonical(
            {"changed": changed, "restricted_to": list(item.restricted_to)}
        )
        uow.repo.append_history([row])
        fields = dataclasses.asdict(moved)
        publish(uow, [ItemEdited(**fields, changed=tuple(changed), version=number)])
        uow.commit()
    return Edited(item.id, number, changed)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def may_edit(actor: Actor, item: Item) -> bool:
    """Whether `actor` may edit `item` now (what the page offers; `edit` checks it again)."""
    return item.state is State.proposed and may(actor, Event.edit, item)


def editable(uow: UnitOfWork, actor_email: str, item_id: str) -> Item:
    """The item as `actor_email` may edit it now, or the refusal `edit` would give (the page's
    form is offered by the same rules)."""
    with uow:
        actor = actor_of(uow, actor_email)
        [item] = uow.repo.items(validate.item_ids([item_id]))
        if not item.visible_to(actor):
            raise NotFound("no_item", id=item.id)
        check_actor(actor, Event.edit, item)
        _check_proposed(item)
        return item


def _check_proposed(item: Item) -> None:
    """A proposal is corrected until it is prioritised: the refusal names the state it is in."""
    if item.state not in sources(Event.edit):
        raise Refused("edit_too_late", id=item.id, state=state_name(item.state))


# the versions ---------------------------------------------------------------------------


def versions(item: Item, rows: Sequence[Any]) -> list[Version]:
    """Every version of the item's text, oldest first, from its current text and its history
    (each edit row says what it changed, so the versions before are its old values)."""
    edits = [row for row in rows if row["event"] == Event.edit]
    text = {field: _plain(getattr(item, field)) for field in FIELDS}
    made: list[Version] = []
    for n in range(len(edits), -1, -1):
        row = edits[n - 1] if n else (rows[0] if rows else None)
        changed = json.loads(edits[n - 1]["data"])["changed"] if n else None
        made.append(
            Version(
                number=n,
                at=row["at"] if row else item.created_at,  # type: ignore[arg-type]
                actor=row["actor"] if row else item.proposer,
                note=row["note"] if row and n else None,
                title=text["title"],
                description=text["description"],
                kind=text["kind"],
                restricted_to=tuple(text["restricted_to"]),
                changed=changed,
            )
        )
        for field, values in (changed or {}).items():
            text[field] = values["old"]
    return made[::-1]


def readable(version: Version, item: Item, reader: Actor | None) -> bool:
    """May see the item now, and was among those the version was for (FI always)."""
    then = dataclasses.replace(item, restricted_to=version.restricted_to, owner=None, events=[])
    return item.visible_to(reader) and then.visible_to(reader)


def mark_edits(
    entries: list[dict[str, Any]],
    item: Item,
    rows: Sequence[Any],
    reader: Actor | None,
) -> None:
    """`show`'s history entries of edits get the version each made and what it changed: the
    old and new values for a reader of both versions, else only which fields."""
    made = versions(item, rows)
    number = 0
    for entry in entries:
        if entry["event"] != Event.edit:
            continue
        number += 1
        entry["version"] = number
        before, after = made[number - 1], made[number]
        assert after.changed is not None
        if not item.visible_to(reader):
            entry["changed"] = None
        elif readable(before, item, reader) and readable(after, item, reader):
            entry["changed"] = after.changed
        else:
            entry["changed"] = dict.fromkeys(after.changed)


def show_version(
    uow: UnitOfWork, viewer_email: str | None, item_id: str, number: int, tz: ZoneInfo
) -> dict[str, Any]:
    """The item's text as it read at version `number` (0: as proposed), as `show --version`
    prints it; refused to a reader who may not see that version."""
    [checked] = validate.item_ids([item_id])
    with uow:
        reader = viewer(uow, viewer_email)
        [item] = uow.repo.items([checked])
        made = versions(item, uow.repo.history(checked))
    who = reader.email if reader else "–"
    if not item.visible_to(reader):  # whatever it was once: its content is not theirs now
        raise NotAllowed("version_hidden_now", email=who, number=number, id=item.id)
    if not 0 <= number < len(made):
        raise BadInput("no_version", id=item.id, number=number, latest=len(made) - 1)
    version = made[number]
    if not readable(version, item, reader):
        raise NotAllowed("version_hidden", email=who, number=number, id=item.id)
    return {
        "id": item.id,
        "cycle": item.cycle,
        "version": number,
        "latest": len(made) - 1,
        "at": version.at.astimezone(tz).isoformat(),
        "actor": version.actor,
        "reason": version.note,
        "org": item.org,
        "proposer": item.proposer,
        "title": version.title,
        "description": version.description,
        "kind": version.kind,
        "restricted_to": list(version.restricted_to),
        "changed": version.changed,
    }


def _label(key: str, lang: str) -> str:
    return _WORDS[key][lang]


def field_names(fields: Sequence[str], lang: str) -> str:
    return ", ".join(FIELD_NAMES[field][lang] for field in _ordered(fields))


def _ordered(fields: Sequence[str]) -> list[str]:
    """Fields in the order people read them (the chain keeps them sorted by name)."""
    return sorted(fields, key=FIELDS.index)


def version_text(shown: Mapping[str, Any], lang: str) -> str:
    """`show --version` for a person."""
    of = {"sv": "version {n} av {latest}", "en": "version {n} of {latest}"}[lang]
    lines = [
        f"{shown['id']}  {shown['title']}",
        f"  {of.format(n=shown['version'], latest=shown['latest'])} · "
        f"{shown['at'][:16].replace('T', ' ')} · {shown['actor']}",
        f"  {_label('kind', lang)}: {shown['kind']}",
    ]
    if shown["restricted_to"]:
        lines.append(f"  {_label('restricted_to', lang)}: {', '.join(shown['restricted_to'])}")
    if shown["reason"]:
        lines.append(f"  {_label('reason', lang)}: {shown['reason']}")
    if shown["description"]:
        lines.append(f"  {_label('description', lang)}:")
        lines.extend(f"    {line}" for line in shown["description"].splitlines())
    return "\n".join(lines)


def changes_text(changed: Mapping[str, Any] | None, lang: str, version: int) -> list[str]:
    """An edit's lines in `show`'s history: old → new, a description only said to change."""
    lines = []
    for field in _ordered(list(changed or {})):
        values, name = (changed or {})[field], FIELD_NAMES[field][lang]
        if values is None:
            lines.append(f"      {name}")
        elif field == "description":
            see = {"sv": "ändrad (show --version {n})", "en": "changed (show --version {n})"}
            lines.append(f"      {name}: {see[lang].format(n=version)}")
        else:
            old, new = (_words(values[k]) for k in ("old", "new"))
            lines.append(f"      {name}: {old} → {new}")
    return lines


def _words(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "–"
    return "–" if value is None else str(value)
