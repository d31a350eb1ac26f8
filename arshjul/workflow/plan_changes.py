"""Goals, indicators, running activities and risks edited and retired, each with a reason, by
the coordinators who keep the plan. One transaction each.

What a thing was is kept: an edit is a history row naming the fields it changed with their
values before and after (a risk, bound to the chain, is recorded whole after each change, so
its record before holds what it was). A retired thing stays, marked when, by whom and why; it
is no longer part of the plan as it is. A goal under which something still runs (an open
measure, a current running activity) is not retired: what runs under it is moved to another
goal (`replan ID --goal G`) or ended first, so nothing open is left under a goal nobody follows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from arshjul.clock import Clock
from arshjul.errors import BadInput, NotFound, Refused
from arshjul.i18n import t
from arshjul.states.events import PlanChanged
from arshjul.states.lifecycle import OPEN_MEASURE
from arshjul.states.plan import Deadline, Indicator, goal_number
from arshjul.store import history, plan
from arshjul.store import risks as risk_store
from arshjul.store.repository import person_id
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.activity_recurrence import told_about
from arshjul.workflow.goals import activity_row, clean_indicator, keeper
from arshjul.workflow.handlers import publish
from arshjul.workflow.placement import goal_row, responsible

REASON_LIMIT = validate.NOTE_LIMIT


@dataclass(frozen=True)
class Changed:
    """What an edit or retirement did: the thing (goal 2, indicator 2.1, activity 6d, risk 4),
    the fields it changed with their values before and after, and why."""

    kind: str  # goal | indicator | activity | risk
    name: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }


def reason_of(reason: str | None, event: str) -> str:
    """The reason every edit and retirement needs."""
    if reason is None or not reason.strip():
        raise Refused("needs_reason", event=event)
    return validate.required_text("reason", reason, REASON_LIMIT)


def _difference(row: Any, wanted: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    before = {k: _plain(row[k]) for k, v in wanted.items() if v is not None and row[k] != v}
    after = {k: _plain(wanted[k]) for k in before}
    if not after:
        raise BadInput("nothing_changed")
    return before, after


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _not_retired(row: Any, kind: str, name: str) -> None:
    if row["retired_at"] is not None:
        raise Refused("already_retired", what=f"{t(f'kind_{kind}')} {name}")


def _record(
    uow: UnitOfWork,
    kind: str,
    row_id: int,
    event: str,
    actor: str,
    at: datetime,
    data: Mapping[str, Any],
    reason: str,
) -> None:
    history.append(
        uow.connection,
        [history.subject_row(kind, row_id, event, actor, at, data, note=reason)],
    )


def _tell(
    uow: UnitOfWork,
    at: datetime,
    kind: str,
    name: str,
    plan_year: int,
    title: str,
    actor: str,
    why: str,
    changes: Mapping[str, tuple[Any, Any]] | None,
    told: tuple[str | None, ...],
) -> None:
    """Whoever answers for an activity or risk, before and after, is told what changed; `told`
    is (before, after) when who answers may change, and the one before who no longer answers
    is told so."""
    people = tuple(dict.fromkeys(email for email in told if email))
    if not people:
        return
    replaced = (told[0],) if len(told) == 2 and told[0] and told[0] not in told[1:] else ()
    lines = tuple(
        (field, _text(before), _text(after)) for field, (before, after) in (changes or {}).items()
    )
    publish(
        uow,
        [
            PlanChanged(
                at,
                kind,
                name,
                plan_year,
                title,
                actor,
                why,
                changes is None,
                lines,
                people,
                replaced,
            )
        ],
    )


def _text(value: Any) -> str:
    return "-" if value is None else str(_plain(value))


# goals ------------------------------------------------------------------------------------


def set_goal(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    goal: str,
    *,
    reason: str | None,
    title: str | None = None,
    number: str | None = None,
) -> Changed:
    """A goal's title or number changed (its measures and activities keep their letters)."""
    validate.plan_year(plan_year)
    why = reason_of(reason, "goal set")
    wanted: dict[str, Any] = {
        "title": validate.required_text("title", title, validate.TITLE_LIMIT) if title else None,
        "number": goal_number(number) if number else None,
    }
    with uow:
        actor = keeper(uow, actor_email)
        conn = uow.connection
        goal_id = goal_row(uow, plan_year, goal, lock=True, retired=True)
        row = plan.goal_record(conn, goal_id)
        what = f"{row['number']}"
        _not_retired(row, "goal", what)
        before, after = _difference(row, wanted)
        if "number" in after and plan.goal_id(conn, plan_year, after["number"]) is not None:
            raise BadInput("goal_exists", number=after["number"], plan_year=plan_year)
        plan.change(conn, plan.GOAL, goal_id, **after)
        now = clock.now()
        data = {"plan_year": plan_year, "before": before, "after": after}
        _record(uow, "goal", goal_id, "goal_edit", actor.email, now, data, why)
        uow.commit()
    return Changed("goal", what, before, after, why)


def retire_goal(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    goal: str,
    *,
    reason: str | None,
) -> Changed:
    """A goal leaves the plan as it is; refused while an open measure or a current running
    activity is under it (they are moved or ended first). Completed and cancelled measures stay
    under it, and the reports show them there, the goal marked retired."""
    validate.plan_year(plan_year)
    why = reason_of(reason, "goal retire")
    with uow:
        actor = keeper(uow, actor_email)
        conn = uow.connection
        goal_id = goal_row(uow, plan_year, goal, lock=True, retired=True)
        row = plan.goal_record(conn, goal_id)
        what = f"{row['number']}"
        _not_retired(row, "goal", what)
        still = plan.open_in_goal(conn, goal_id, sorted(s.value for s in OPEN_MEASURE))
        if still:
            raise Refused("goal_still_runs", number=row["number"], open=", ".join(still))
        return _retire(uow, clock, actor.email, "goal", plan.GOAL, goal_id, what, why, plan_year)


def _retire(
    uow: UnitOfWork,
    clock: Clock,
    actor: str,
    kind: str,
    table: Any,
    row_id: int,
    what: str,
    why: str,
    plan_year: int,
    tell: tuple[str, tuple[str | None, ...]] | None = None,
) -> Changed:
    """Retire, record and commit; `tell` (its title, who answers for it) mails them."""
    now = clock.now()
    plan.retire(uow.connection, table, row_id, at=now, by=actor, why=why)
    _record(uow, kind, row_id, f"{kind}_retire", actor, now, {"plan_year": plan_year}, why)
    if tell is not None:
        title, told = tell
        _tell(uow, now, kind, what, plan_year, title, actor, why, None, told)
    uow.commit()
    return Changed(kind, what, {"retired": False}, {"retired": True}, why)


# indicators -------------------------------------------------------------------------------


def _indicator_id(uow: UnitOfWork, plan_year: int, goal: str, number: int) -> int:
    goal_id = goal_row(uow, plan_year, goal, retired=True)
    ids = plan.indicator_ids(uow.connection, goal_id)
    if number not in ids:
        raise NotFound("no_indicator", number=number, goal=goal_number(goal), plan_year=plan_year)
    return ids[number]


def set_indicator(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    goal: str,
    number: int,
    *,
    reason: str | None,
    name: str | None = None,
    horizon: str | None = None,
    focus: str | None = None,
    target: str | None = None,
    better: str | None = None,
    unit: str | None = None,
) -> Changed:
    """An indicator's text, horizon, focus, target, direction or unit changed; the outcomes
    recorded stay (a new target judges only what is recorded after it)."""
    validate.plan_year(plan_year)
    why = reason_of(reason, "indicator set")
    checked: Indicator = clean_indicator(
        name or "-", horizon=horizon, focus=focus, target=target, better=better, unit=unit
    )
    wanted = {
        "name": checked.name if name else None,
        "horizon": checked.horizon,
        "focus": checked.focus,
        "target": checked.target,
        "better": checked.better if better else None,
        "unit": checked.unit,
    }
    with uow:
        actor = keeper(uow, actor_email)
        row_id = _indicator_id(uow, plan_year, goal, number)
        row = plan.indicator_record(uow.connection, row_id)
        what = f"{goal_number(goal)}.{number}"
        _not_retired(row, "indicator", what)
        before, after = _difference(row, wanted)
        plan.change(uow.connection, plan.INDICATOR, row_id, **after)
        data = {"plan_year": plan_year, "before": before, "after": after}
        _record(uow, "indicator", row_id, "indicator_edit", actor.email, clock.now(), data, why)
        uow.commit()
    return Changed("indicator", what, before, after, why)


def retire_indicator(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    goal: str,
    number: int,
    *,
    reason: str | None,
) -> Changed:
    """An indicator no longer followed up; its outcomes stay, and it keeps its number."""
    validate.plan_year(plan_year)
    why = reason_of(reason, "indicator retire")
    with uow:
        actor = keeper(uow, actor_email)
        row_id = _indicator_id(uow, plan_year, goal, number)
        row = plan.indicator_record(uow.connection, row_id)
        what = f"{goal_number(goal)}.{number}"
        _not_retired(row, "indicator", what)
        return _retire(
            uow, clock, actor.email, "indicator", plan.INDICATOR, row_id, what, why, plan_year
        )


# running activities -----------------------------------------------------------------------


def set_activity(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    nr: str,
    *,
    reason: str | None,
    title: str | None = None,
    responsible_text: str | None = None,
) -> Changed:
    """A running activity's title or who answers for it changed (its number stays)."""
    validate.plan_year(plan_year)
    why = reason_of(reason, "activity set")
    cleaned = validate.required_text("title", title, validate.TITLE_LIMIT) if title else None
    with uow:
        actor = keeper(uow, actor_email)
        row = activity_row(uow, plan_year, nr, lock=True)
        _not_retired(row, "activity", nr)
        who = responsible(uow, responsible_text).label if responsible_text else None
        before, after = _difference(row, {"title": cleaned, "responsible": who})
        plan.change(uow.connection, plan.RUNNING, row["id"], **after)
        data = {"plan_year": plan_year, "before": before, "after": after}
        now = clock.now()
        _record(uow, "activity", row["id"], "activity_edit", actor.email, now, data, why)
        told = (told_about(uow, row["responsible"]), told_about(uow, who or row["responsible"]))
        changes = {k: (before[k], after[k]) for k in after}
        title_now = after.get("title", row["title"])
        _tell(uow, now, "activity", nr, plan_year, title_now, actor.email, why, changes, told)
        uow.commit()
    return Changed("activity", nr, before, after, why)


def retire_activity(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    nr: str,
    *,
    reason: str | None,
) -> Changed:
    """A running activity ends; a recurring one is reminded of no further occurrence."""
    validate.plan_year(plan_year)
    why = reason_of(reason, "activity retire")
    with uow:
        actor = keeper(uow, actor_email)
        row = activity_row(uow, plan_year, nr, lock=True)
        _not_retired(row, "activity", nr)
        told = (told_about(uow, row["responsible"]),)
        return _retire(
            uow,
            clock,
            actor.email,
            "activity",
            plan.RUNNING,
            row["id"],
            nr,
            why,
            plan_year,
            (row["title"], told),
        )


# risks ------------------------------------------------------------------------------------


def set_risk(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    number: int,
    *,
    reason: str | None,
    description: str | None = None,
    responsible_text: str | None = None,
    action_level: int | None = None,
    action: str | None = None,
    deadline: str | None = None,
) -> Changed:
    """A risk's description, who answers for it, its action level, action or date changed
    (its scores change with `risk assess`). A new date is reminded of anew."""
    from arshjul.states.plan import ACTION_LEVELS, check_score

    validate.plan_year(plan_year)
    why = reason_of(reason, "risk set")
    wanted: dict[str, Any] = {
        "description": validate.text("risk", description, validate.DESCRIPTION_LIMIT)
        if description
        else None,
        "action": validate.text("action", action, validate.DESCRIPTION_LIMIT) if action else None,
        "action_level": check_score("action level", action_level, ACTION_LEVELS)
        if action_level is not None
        else None,
    }
    if deadline is not None:
        parsed = Deadline.parse(deadline)
        wanted["deadline_kind"] = parsed.kind
        wanted["deadline"] = parsed.day
    with uow:
        actor = keeper(uow, actor_email)
        conn = uow.connection
        found = risk_store.find(conn, plan_year, number)
        if found.retired is not None:
            raise Refused("already_retired", what=f"{t('kind_risk')} {number}")
        if responsible_text is not None:
            who = responsible(uow, responsible_text)
            wanted["responsible"] = who.label
            wanted["person_id"] = person_id(conn, who.person) if who.person else None
        current = {
            "description": found.description,
            "action": found.action,
            "action_level": found.action_level,
            "deadline_kind": found.deadline.kind,
            "deadline": found.deadline.day,
            "responsible": found.responsible,
            "person_id": person_id(conn, found.person) if found.person else None,
        }
        before, after = _difference_keeping_none(current, wanted)
        now = clock.now()
        risk_store.change(conn, found.id, after, by=actor.email, at=now, why=why)
        person_after = who.person if responsible_text is not None else found.person
        shown = {k: (before[k], v) for k, v in after.items() if k != "person_id"}
        title = _first_line(after.get("description", found.description))
        told = (found.person, person_after)
        _tell(uow, now, "risk", str(number), plan_year, title, actor.email, why, shown, told)
        uow.commit()
    return Changed("risk", str(number), _shown(before), _shown(after), why)


def _difference_keeping_none(
    current: Mapping[str, Any], wanted: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Like `_difference`, but a date cleared (a date turned Löpande) counts as a change."""
    changed = {
        k: v
        for k, v in wanted.items()
        if (v is not None or (k == "deadline" and "deadline_kind" in wanted)) and current[k] != v
    }
    if not changed or set(changed) == {"person_id"}:
        raise BadInput("nothing_changed")
    return {k: current[k] for k in changed}, changed


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def _shown(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in values.items() if k != "person_id"}


def retire_risk(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    number: int,
    *,
    reason: str | None,
) -> Changed:
    """A risk leaves the internal control plan: no more reminders or escalations (those
    planned fire void), it leaves the matrix, and the reports list it marked retired."""
    validate.plan_year(plan_year)
    why = reason_of(reason, "risk retire")
    with uow:
        actor = keeper(uow, actor_email)
        found = risk_store.find(uow.connection, plan_year, number)
        if found.retired is not None:
            raise Refused("already_retired", what=f"{t('kind_risk')} {number}")
        now = clock.now()
        risk_store.retire(uow.connection, found.id, by=actor.email, at=now, why=why)
        title = _first_line(found.description)
        told = (found.person,)
        _tell(uow, now, "risk", str(number), plan_year, title, actor.email, why, None, told)
        uow.commit()
    return Changed("risk", str(number), {"retired": False}, {"retired": True}, why)
