"""Items as people see them: JSON shapes of CLI.md and text, with need-to-know applied."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from arshjul.i18n import language, state_name, t
from arshjul.states.model import Actor, Item
from arshjul.workflow.calendar import CycleCalendar, DueMove, holiday_name
from arshjul.workflow.proposals import Placement
from arshjul.workflow.schedule import is_late


def _moment(value: datetime | None, tz: ZoneInfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat()


def item_json(
    item: Item,
    viewer: Actor | None,
    carried_to: str | None,
    tz: ZoneInfo,
    history: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """The item as `viewer` may see it: outside its need-to-know, only id, cycle and state."""
    visible = item.visible_to(viewer)
    shown: dict[str, Any] = {
        "id": item.id,
        "cycle": item.cycle,
        "title": item.title if visible else None,
        "state": item.state.value,
        "org": item.org if visible else None,
        "owner": item.owner if visible else None,
        "due": item.due.isoformat() if visible and item.due else None,
        "carried_from": item.carried_from,
        "carried_to": carried_to,
        "description": item.description if visible else None,
        "kind": item.kind if visible else None,
        "proposer": item.proposer if visible else None,
        "rank": item.rank if visible else None,
        "assessment": item.assessment if visible else None,
        "no_carry": item.no_carry,
        "restricted": item.restricted,
        "restricted_to": list(item.restricted_to) if visible else None,
        "version": item.version,
    }
    if history is not None:
        shown["history"] = [_entry(row, visible, tz) for row in history]
        if any(row["event"] == "edit" for row in history):
            from arshjul.workflow.edits import mark_edits

            mark_edits(shown["history"], item, history, viewer)
    return shown


def _entry(row: Mapping[str, Any], visible: bool, tz: ZoneInfo) -> dict[str, Any]:
    actor = row["actor"]
    return {
        "event": row["event"],
        "from": row["from_state"],
        "to": row["to_state"],
        "actor": actor if visible or actor == "system" else None,
        "at": _moment(row["at"], tz),
        "note": row["note"] if visible else None,
        "forced": row["forced"],
        "scheduled_at": _moment(row["scheduled_at"], tz),
        "late": row["scheduled_at"] is not None and is_late(row["scheduled_at"], row["at"]),
    }


_LABELS = {
    "cycle": {"sv": "cykel", "en": "cycle"},
    "org": {"sv": "organisation", "en": "organisation"},
    "proposer": {"sv": "förslagsställare", "en": "proposer"},
    "kind": {"sv": "typ", "en": "kind"},
    "rank": {"sv": "rang", "en": "rank"},
    "owner": {"sv": "ägare", "en": "owner"},
    "due": {"sv": "klart senast", "en": "due"},
    "assessment": {"sv": "bedömning", "en": "assessment"},
    "restricted_to": {"sv": "begränsad till", "en": "restricted to"},
    "carried_from": {"sv": "överförd från", "en": "carried from"},
    "carried_to": {"sv": "överförd till", "en": "carried to"},
    "no_carry": {"sv": "förs inte vidare", "en": "not carried over"},
    "description": {"sv": "beskrivning", "en": "description"},
    "history": {"sv": "historik", "en": "history"},
    "forced": {"sv": "framtvingad", "en": "forced"},
    "late": {"sv": "sen, planerad", "en": "late, due"},
}


def _label(key: str, lang: str) -> str:
    return _LABELS[key][lang]


def item_text(shown: Mapping[str, Any], lang: str) -> str:
    """`show` for a person: the item, then its history oldest first."""
    title = shown["title"] if shown["title"] is not None else t("restricted", lang=lang)
    lines = [
        f"{shown['id']}  {title}",
        f"  {state_name(shown['state'], lang)} · {_label('cycle', lang)} {shown['cycle']}",
    ]
    for key in (
        "org",
        "proposer",
        "kind",
        "rank",
        "owner",
        "due",
        "assessment",
        "carried_from",
        "carried_to",
    ):
        if shown.get(key) is not None:
            lines.append(f"  {_label(key, lang)}: {shown[key]}")
    if shown.get("restricted_to"):
        lines.append(f"  {_label('restricted_to', lang)}: {', '.join(shown['restricted_to'])}")
    if shown.get("no_carry"):
        lines.append(f"  {_label('no_carry', lang)}")
    if shown.get("description"):
        lines.append(f"  {_label('description', lang)}:")
        lines.extend(f"    {line}" for line in shown["description"].splitlines())
    lines.append(f"  {_label('history', lang)}:")
    for entry in shown.get("history", []):
        moved = f"{entry['from']} → {entry['to']}" if entry["from"] else f"→ {entry['to']}"
        line = f"    {entry['at'][:16].replace('T', ' ')}  {entry['event']:<12} {moved:<28} {entry['actor'] or ''}"
        if entry["forced"]:
            line += f"  [{_label('forced', lang)}]"
        if entry["late"]:
            line += f"  [{_label('late', lang)} {entry['scheduled_at'][:16].replace('T', ' ')}]"
        lines.append(line.rstrip())
        if entry["note"]:
            lines.append(f"      {entry['note']}")
        if entry.get("changed"):
            from arshjul.workflow.edits import changes_text

            lines.extend(changes_text(entry["changed"], lang, entry["version"]))
    return "\n".join(lines)


def list_text(rows: Sequence[Mapping[str, Any]], lang: str) -> str:
    if not rows:
        return t("nothing", lang=lang)
    return "\n".join(
        f"{row['id']}  {state_name(row['state'], lang):<16} {row['org'] or '':<28} "
        f"{row['title'] if row['title'] is not None else t('restricted', lang=lang)}".rstrip()
        for row in rows
    )


def next_step(
    calendar: CycleCalendar,
    cycle: int,
    state: str,
    no_carry: bool,
    lang: str,
    now: datetime | None = None,
) -> str:
    """What happens next to an item in `state`, and when, from the cycle calendar ("" when
    nothing more does). Given `now`, a proposal whose phase has closed (a reinstated one) is
    told that what is left is a move outside the window, not a date already past."""
    if state == "proposed":
        phase = calendar.phase(cycle, "prioritisation")
        if now is not None and now >= calendar.closes_at(cycle, "prioritisation"):
            return t("next_proposed_late", lang=lang, closes=phase.closes.isoformat())
        return t(
            "next_proposed",
            lang=lang,
            opens=phase.opens.isoformat(),
            closes=phase.closes.isoformat(),
        )
    if state == "prioritised":
        closes = calendar.phase(cycle, "decision").closes.isoformat()
        if now is not None and now >= calendar.closes_at(cycle, "decision"):
            return t("next_prioritised_late", lang=lang, closes=closes)
        return t("next_prioritised", lang=lang, closes=closes)
    if state == "decided":
        phase = calendar.phase(cycle, "execution")
        return t(
            "next_decided",
            lang=lang,
            opens=phase.opens.isoformat(),
            closes=phase.closes.isoformat(),
        )
    if state in ("in_progress", "executed"):
        opens = calendar.phase(cycle, "follow_up").opens.isoformat()
        return t("next_running", lang=lang, opens=opens)
    if state == "deprioritised":
        if no_carry:
            return t("next_not_carried", lang=lang)
        opens = calendar.phase(cycle + 1, "dialogue").opens.isoformat()
        return t("next_carried", lang=lang, opens=opens)
    return ""


def placement_text(item_id: str, placement: Placement) -> str:
    """Which cycle took a new proposal, and why that one."""
    if placement.dialogue_open:
        why = t("cycle_dialogue_open")
    else:
        why = t("cycle_dialogue_next", date=placement.dialogue_opens.isoformat())
    return t("proposed_into", id=item_id, cycle=placement.cycle, why=why)


def due_moved_text(item_id: str, move: DueMove, lang: str | None = None) -> str:
    """What the person who set a due date is told when the working-day rule moved it:
    "2027-004: due 2027-06-06 is a holiday (National Day): moved to 2027-06-04 by …"."""
    name = holiday_name(move.asked, lang or language())
    if name is not None:
        why = t("due_holiday", lang=lang, name=name)
    else:
        why = t("due_saturday" if move.asked.weekday() == 5 else "due_sunday", lang=lang)
    return t(
        "due_moved",
        lang=lang,
        id=item_id,
        asked=move.asked.isoformat(),
        why=why,
        to=move.to.isoformat(),
        rule=move.rule,
    )
