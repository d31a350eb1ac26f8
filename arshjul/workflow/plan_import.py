"""A plan workbook imported into a plan year: its goals, indicators, measures (decided, with
their status), running activities and risks, all in one transaction or none of it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from arshjul.clock import Clock
from arshjul.errors import ArshjulError
from arshjul.i18n import t
from arshjul.states import Event, Item
from arshjul.states.events import ItemMoved
from arshjul.states.model import Actor
from arshjul.states.plan import Placement, RunningActivity
from arshjul.store import plan as store
from arshjul.store import risks as risk_store
from arshjul.store.uow import UnitOfWork
from arshjul.workflow.calendar import CycleCalendar, DueMove
from arshjul.workflow.goals import keeper
from arshjul.workflow.handlers import publish
from arshjul.workflow.placement import owner_of, responsible
from arshjul.workflow.plan_workbook import PlanWorkbook
from arshjul.workflow.proposals import fail
from arshjul.workflow.services import history_row


@dataclass(frozen=True)
class Imported:
    plan_year: int
    goals: int
    indicators: int
    measures: list[str]
    running: int
    risks: int
    #: The measures whose due date fell on a non-working day, as the working-day rule moved it.
    due_moved: dict[str, DueMove] = field(default_factory=dict)


@dataclass(frozen=True)
class _Owned:
    owner: str
    function: str | None


def import_plan(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan: PlanWorkbook,
    calendar: CycleCalendar | None = None,
) -> Imported:
    """A coordinator brings a plan in whole; every reference checked before anything is written.

    The measures enter in their status (Ej påbörjat: decided, Pågående: in progress, Klart:
    executed), proposed by the importing coordinator for their organisation, owned by the
    person or function the workbook names; their history says they were imported. With the
    body's `calendar`, a due date on a non-working day moves by its working-day rule, as a
    decision's does, and the result says which moved.
    """
    moves: dict[int, DueMove] = {}
    if calendar is not None:
        moves = {
            n: found for n, m in enumerate(plan.measures) if (found := calendar.due_move(m.due))
        }
        plan = replace(
            plan,
            measures=[
                replace(m, due=moves[n].to) if n in moves else m
                for n, m in enumerate(plan.measures)
            ],
        )
    with uow:
        actor = keeper(uow, actor_email)
        owners = _check(uow, plan)
        now = clock.now()
        goal_ids = _write_goals(uow, plan, actor, now)
        ids = _write_measures(uow, plan, actor, owners, goal_ids, now)
        conn = uow.connection
        after = store.next_number(conn, store.RUNNING, plan_year=plan.plan_year)
        for number, line in enumerate(plan.running, start=after):
            label = responsible(uow, line.responsible).label
            activity = RunningActivity(
                plan.plan_year, number, line.title, label, line.goal, line.letter
            )
            store.add_activity(conn, activity, goal_ids.get(line.goal or 0), now)
        for risk_line in plan.risks:
            who = responsible(uow, risk_line.responsible)
            risk = replace(risk_line.risk, responsible=who.label, person=who.person)
            risk_store.add(conn, risk, by=actor.email, at=now)
        uow.commit()
    return Imported(
        plan.plan_year,
        len(plan.goals),
        sum(len(g.indicators) for _, g in plan.goals),
        ids,
        len(plan.running),
        len(plan.risks),
        {ids[n]: found for n, found in moves.items()},
    )


def _check(uow: UnitOfWork, plan: PlanWorkbook) -> dict[str, _Owned]:
    """Every goal new or known, every letter free, every owner a person or function, every
    risk number free; returns the owners by how the workbook names them."""
    conn, year = uow.connection, plan.plan_year
    problems: list[str] = []

    def problem(kind: str, line: int, text: object) -> None:
        problems.append(
            t("import_sheet_row", sheet=plan.sheets.get(kind, kind), line=line, problem=text)
        )

    existing = {g.number for g in store.goals(conn, year)}
    for line, new_goal in plan.goals:
        if new_goal.number in existing:
            problem("goals", line, t("goal_exists", number=new_goal.number, plan_year=year))
    known = existing | {g.number for _, g in plan.goals}
    taken = {
        number: store.used_letters(conn, goal_id)
        for number in existing
        if (goal_id := store.goal_id(conn, year, number)) is not None
    }
    placed: list[tuple[int, int | None, str | None]] = [
        (m.line, m.goal, m.letter) for m in plan.measures
    ]
    placed += [(r.line, r.goal, r.letter) for r in plan.running if r.goal]
    for line, number, letter in placed:
        if number not in known:
            problem("measures", line, t("no_goal", number=number, plan_year=year))
        elif letter in taken.get(number or 0, set()):
            problem("measures", line, t("nr_taken", nr=f"{number}{letter}", plan_year=year))
    owners: dict[str, _Owned] = {}
    for m in plan.measures:
        if m.responsible not in owners:
            try:
                owners[m.responsible] = _Owned(*owner_of(uow, m.responsible))
            except ArshjulError as exc:
                problem("measures", m.line, exc)
    named = [("measures", r.line, r.responsible) for r in plan.running]
    named += [("risks", r.line, r.responsible) for r in plan.risks]
    for kind, line, who in named:
        try:
            responsible(uow, who)
        except ArshjulError as exc:
            problem(kind, line, exc)
    numbers = risk_store.numbers(conn, year)
    for r in plan.risks:
        if r.risk.number in numbers:
            problem("risks", r.line, t("risk_exists", number=r.risk.number, plan_year=year))
    fail(problems)
    return owners


def _write_goals(
    uow: UnitOfWork, plan: PlanWorkbook, actor: Actor, now: datetime
) -> dict[int, int]:
    """The workbook's goals and indicators; returns every goal of the plan year: number -> id."""
    conn = uow.connection
    for _, goal in plan.goals:
        goal_id = store.add_goal(conn, goal, actor.email, now)
        for indicator in goal.indicators:
            store.add_indicator(conn, goal_id, indicator, now)
    return {
        g.number: found
        for g in store.goals(conn, plan.plan_year)
        if (found := store.goal_id(conn, plan.plan_year, g.number)) is not None
    }


def _write_measures(
    uow: UnitOfWork,
    plan: PlanWorkbook,
    actor: Actor,
    owners: dict[str, _Owned],
    goal_ids: dict[int, int],
    now: datetime,
) -> list[str]:
    if not plan.measures:
        return []
    assert actor.org is not None
    year = plan.plan_year
    ids = uow.repo.new_ids(year, len(plan.measures))
    items = [
        Item(
            id=ids[n],
            cycle=year,
            title=m.title,
            org=actor.org,
            proposer=actor.email,
            state=m.state,
            owner=owners[m.responsible].owner,
            due=m.due,
            decided_at=now,
        )
        for n, m in enumerate(plan.measures)
    ]
    uow.repo.add_items(items, now)
    note = t("imported_note", file=plan.file)
    uow.repo.save(items, now)  # the owner, due date and decision the insert leaves out
    for item, m in zip(items, plan.measures, strict=True):
        owned = owners[m.responsible]
        placement = Placement(m.goal, m.letter, owned.function, m.quarters)
        store.place(uow.connection, item.id, goal_ids[m.goal], placement)
    uow.repo.append_history(
        [
            history_row(
                i.id,
                Event.import_,
                None,
                i.state,
                actor.email,
                now,
                note,
                owner=i.owner,
                due=i.due,
                restricted_to=i.restricted_to,
            )
            for i in items
        ]
    )
    # Owners are told what they own, as after a decision.
    publish(
        uow,
        [
            ItemMoved(now, i.id, Event.import_.value, "", i.state.value, actor.email, note)
            for i in items
        ],
    )
    return [i.id for i in items]
