"""The living plan in the store: decisions on a plan as a whole, requests for a new due date,
the history rows that revise a decided plan, and a measure's place and reminders replanned.
Every change of a decision or a request is recorded in the chain (`bound.record_row`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.engine import RowMapping

from arshjul.states.living import PlanDecision, ReplanRequest
from arshjul.states.plan import Quarter
from arshjul.store.bound import record_row
from arshjul.store.due import DUE
from arshjul.store.plan import ITEM_PLAN, ITEM_QUARTER
from arshjul.store.repository import HISTORY, ITEM, chunks
from arshjul.store.tables_living import PlanDecisionRow, ReplanRequestRow

DECISION = PlanDecisionRow.__table__  # type: ignore[attr-defined]
REQUEST = ReplanRequestRow.__table__  # type: ignore[attr-defined]


# decisions on the plan as a whole ---------------------------------------------------------


def add_decision(
    conn: Connection,
    body_id: int,
    plan_year: int,
    at: datetime,
    by: str,
    reference: str | None,
    note: str | None,
    digest: str,
) -> int:
    """Keep a decision and chain it; returns its id."""
    decision_id: int = conn.execute(
        insert(DECISION)
        .values(
            body_id=body_id,
            plan_year=plan_year,
            decided_at=at,
            decided_by=by,
            reference=reference,
            note=note,
            digest=digest,
        )
        .returning(DECISION.c.id)
    ).scalar_one()
    record_row(conn, "plan_decision", decision_id, "plan_decide", by, at, note=note)
    return decision_id


def decisions(conn: Connection, body_id: int, plan_year: int) -> list[PlanDecision]:
    """A body's decisions on its plan for `plan_year`, oldest first."""
    query = (
        select(DECISION)
        .where(DECISION.c.body_id == body_id, DECISION.c.plan_year == plan_year)
        .order_by(DECISION.c.decided_at, DECISION.c.id)
    )
    return [_decision(row) for row in conn.execute(query).mappings()]


def _decision(row: RowMapping) -> PlanDecision:
    return PlanDecision(
        row["id"],
        row["plan_year"],
        row["decided_at"],
        row["decided_by"],
        row["reference"],
        row["note"],
        row["digest"],
    )


def decision_seq(conn: Connection, decision_id: int) -> int | None:
    """The place in the chain of the history row that recorded decision `decision_id`."""
    query = select(HISTORY.c.seq).where(
        HISTORY.c.item_id.is_(None),  # the (item_id, seq) index: the subject rows alone
        HISTORY.c.subject_kind == "plan_decision",
        HISTORY.c.subject_id == str(decision_id),
        HISTORY.c.event == "plan_decide",
    )
    seq: int | None = conn.execute(query.order_by(HISTORY.c.seq).limit(1)).scalar()
    return seq


def revision_rows(
    conn: Connection,
    body_id: int,
    plan_year: int,
    after: datetime,
    ordinary: Iterable[str],
    *,
    after_seq: int | None = None,
) -> list[RowMapping]:
    """The history rows of a body's items of `plan_year` written after the decision (after its
    own row in the chain, `after_seq`: a change in the same instant is after it too; without
    it, after `after`) whose events are not `ordinary`, in the chain's order
    (`states.living.is_revision` says which are): a year's thousands of starts and completions
    are never read."""
    since = HISTORY.c.seq > after_seq if after_seq is not None else HISTORY.c.at > after
    query = (
        select(HISTORY)
        .join(ITEM, ITEM.c.id == HISTORY.c.item_id)
        .where(
            ITEM.c.body_id == body_id,
            ITEM.c.cycle == plan_year,
            since,
            HISTORY.c.event.not_in(sorted(ordinary)),
        )
        .order_by(HISTORY.c.seq)
    )
    return list(conn.execute(query).mappings())


# requests for a new due date ------------------------------------------------------------


def add_request(
    conn: Connection, body_id: int, item_id: str, by: str, at: datetime, due: date, reason: str
) -> int:
    request_id: int = conn.execute(
        insert(REQUEST)
        .values(
            body_id=body_id,
            item_id=item_id,
            requested_by=by,
            requested_at=at,
            due=due,
            reason=reason,
        )
        .returning(REQUEST.c.id)
    ).scalar_one()
    record_row(conn, "replan_request", request_id, "replan_request", by, at, note=reason)
    return request_id


def lock_item(conn: Connection, item_id: str) -> None:
    """Hold the item's row for this transaction (PostgreSQL; SQLite's writers are one at a
    time already): two owners' requests at once cannot both find none open."""
    conn.execute(select(ITEM.c.id).where(ITEM.c.id == item_id).with_for_update())


def open_request(conn: Connection, item_id: str, *, lock: bool = False) -> ReplanRequest | None:
    """The measure's open request, if any (locked: the answer is given once)."""
    query = select(REQUEST).where(REQUEST.c.item_id == item_id, REQUEST.c.answer.is_(None))
    if lock:
        query = query.with_for_update()
    row = conn.execute(query.order_by(REQUEST.c.id).limit(1)).mappings().first()
    return None if row is None else _request(row)


def open_requests_of(conn: Connection, item_ids: Sequence[str]) -> list[ReplanRequest]:
    """The open requests of the measures `item_ids`, their items' rows and theirs locked (in
    id order, as `lock_item` and a move take them): none is asked or answered meanwhile."""
    found: list[ReplanRequest] = []
    for chunk in chunks(sorted(item_ids)):
        conn.execute(
            select(ITEM.c.id).where(ITEM.c.id.in_(chunk)).order_by(ITEM.c.id).with_for_update()
        )
        query = (
            select(REQUEST)
            .where(REQUEST.c.item_id.in_(chunk), REQUEST.c.answer.is_(None))
            .order_by(REQUEST.c.item_id, REQUEST.c.id)
            .with_for_update()
        )
        found += [_request(row) for row in conn.execute(query).mappings()]
    return found


def open_requests(conn: Connection, body_id: int) -> list[ReplanRequest]:
    """A body's open requests, oldest first."""
    query = (
        select(REQUEST)
        .where(REQUEST.c.body_id == body_id, REQUEST.c.answer.is_(None))
        .order_by(REQUEST.c.requested_at, REQUEST.c.id)
    )
    return [_request(row) for row in conn.execute(query).mappings()]


def answer(
    conn: Connection, request_id: int, answer_: str, by: str, at: datetime, note: str | None
) -> None:
    """Close a request as accepted or declined, and chain that."""
    result = conn.execute(
        update(REQUEST)
        .where(REQUEST.c.id == request_id, REQUEST.c.answer.is_(None))
        .values(answer=answer_, answered_by=by, answered_at=at, answer_note=note)
    )
    assert result.rowcount == 1, f"request {request_id} answered twice"
    record_row(conn, "replan_request", request_id, f"replan_{answer_}", by, at, note=note)


def _request(row: RowMapping) -> ReplanRequest:
    return ReplanRequest(
        row["id"],
        row["item_id"],
        row["requested_by"],
        row["requested_at"],
        row["due"],
        row["reason"],
        row["answer"],
        row["answered_by"],
        row["answered_at"],
        row["answer_note"],
    )


# a measure replanned ---------------------------------------------------------------------


def drop_measure_events(conn: Connection, item_id: str, kinds: Sequence[str]) -> int:
    """Forget the measure's reminders and escalations not fired yet (they were for its old due
    date); returns how many."""
    result = conn.execute(
        delete(DUE).where(
            DUE.c.subject == item_id, DUE.c.kind.in_(list(kinds)), DUE.c.fired_at.is_(None)
        )
    )
    return int(result.rowcount or 0)


def set_quarters(conn: Connection, item_id: str, quarters: Sequence[Quarter]) -> None:
    conn.execute(delete(ITEM_QUARTER).where(ITEM_QUARTER.c.item_id == item_id))
    if quarters:
        conn.execute(
            insert(ITEM_QUARTER),
            [{"item_id": item_id, "year": y, "quarter": q} for y, q in quarters],
        )


def set_place(conn: Connection, item_id: str, **values: Any) -> None:
    """Change a measure's row of its place in the plan (goal, letter, responsible), making it
    if it has none."""
    found = conn.execute(select(ITEM_PLAN.c.item_id).where(ITEM_PLAN.c.item_id == item_id)).first()
    if found is None:
        conn.execute(insert(ITEM_PLAN).values(item_id=item_id, **values))
    else:
        conn.execute(update(ITEM_PLAN).where(ITEM_PLAN.c.item_id == item_id).values(**values))
