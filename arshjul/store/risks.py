"""The internal control plan's risks and every assessment of them, in the database."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, String, cast, delete, exists, insert, literal, select, update
from sqlalchemy.engine import RowMapping

from arshjul.errors import NotFound
from arshjul.states.plan import Assessment, Deadline, Retired, Risk
from arshjul.store.bound import record_row
from arshjul.store.due import DUE
from arshjul.store.repository import PERSON, person_id
from arshjul.store.tables_plan import RiskAssessmentRow, RiskRow

RISK = RiskRow.__table__  # type: ignore[attr-defined]
ASSESSMENT = RiskAssessmentRow.__table__  # type: ignore[attr-defined]

#: A risk's due events name it so: R and its row id (item ids are digits, meetings M…).
SUBJECT_PREFIX = "R"

_RISK_SELECT = select(RISK, PERSON.c.email.label("person_email")).outerjoin(
    PERSON, PERSON.c.id == RISK.c.person_id
)


def subject(risk_id: int) -> str:
    return f"{SUBJECT_PREFIX}{risk_id}"


def add(conn: Connection, risk: Risk, *, by: str, at: datetime, note: str | None = None) -> int:
    """Insert a risk and its first assessment; returns its row id."""
    person = person_id(conn, risk.person) if risk.person else None
    risk_id: int = conn.execute(
        insert(RISK)
        .values(
            plan_year=risk.plan_year,
            number=risk.number,
            description=risk.description,
            responsible=risk.responsible,
            person_id=person,
            action_level=risk.action_level,
            probability=risk.probability,
            consequence=risk.consequence,
            action=risk.action,
            deadline_kind=risk.deadline.kind,
            deadline=risk.deadline.day,
            created_at=at,
            updated_at=at,
        )
        .returning(RISK.c.id)
    ).scalar_one()
    _assessment(conn, risk_id, risk.probability, risk.consequence, by=by, at=at, note=note)
    record_row(conn, "risk", risk_id, "risk_add", by, at)
    return risk_id


def assess(
    conn: Connection,
    risk_id: int,
    probability: int,
    consequence: int,
    *,
    by: str,
    at: datetime,
    note: str | None = None,
) -> None:
    """Score a risk anew; the scores before stay in its assessments."""
    _assessment(conn, risk_id, probability, consequence, by=by, at=at, note=note)
    conn.execute(
        update(RISK)
        .where(RISK.c.id == risk_id)
        .values(probability=probability, consequence=consequence, updated_at=at)
    )
    record_row(conn, "risk", risk_id, "assess", by, at)


def _assessment(
    conn: Connection,
    risk_id: int,
    probability: int,
    consequence: int,
    *,
    by: str,
    at: datetime,
    note: str | None,
) -> None:
    """One scoring of a risk, chained."""
    assessment_id: int = conn.execute(
        insert(ASSESSMENT)
        .values(
            risk_id=risk_id,
            probability=probability,
            consequence=consequence,
            note=note,
            assessed_by=by,
            assessed_at=at,
        )
        .returning(ASSESSMENT.c.id)
    ).scalar_one()
    record_row(conn, "risk_assessment", assessment_id, "assess", by, at)


def mark_done(conn: Connection, risk_id: int, *, by: str, at: datetime, note: str | None) -> None:
    conn.execute(
        update(RISK)
        .where(RISK.c.id == risk_id)
        .values(done_at=at, done_by=by, done_note=note, updated_at=at)
    )
    record_row(conn, "risk", risk_id, "risk_done", by, at)


def change(
    conn: Connection, risk_id: int, values: dict[str, Any], *, by: str, at: datetime, why: str
) -> None:
    """Write a risk's new text, responsible, action level or date, chained with the reason (its
    record before holds what it was). A new date forgets the reminders planned for the old
    one: the scheduler plans the new date's."""
    conn.execute(update(RISK).where(RISK.c.id == risk_id).values(**values, updated_at=at))
    if "deadline" in values or "deadline_kind" in values:
        conn.execute(delete(DUE).where(DUE.c.subject == subject(risk_id), DUE.c.fired_at.is_(None)))
    record_row(conn, "risk", risk_id, "risk_edit", by, at, note=why)


def retire(conn: Connection, risk_id: int, *, by: str, at: datetime, why: str) -> None:
    """Mark a risk retired, chained: it stays, and its reminders fire void from now on."""
    conn.execute(
        update(RISK)
        .where(RISK.c.id == risk_id)
        .values(retired_at=at, retired_by=by, retired_reason=why, updated_at=at)
    )
    record_row(conn, "risk", risk_id, "risk_retire", by, at, note=why)


def of_plan(conn: Connection, plan_year: int) -> list[Risk]:
    """The plan year's risks in number order, each with its assessments, oldest first."""
    return _load(conn, RISK.c.plan_year == plan_year)


def find(conn: Connection, plan_year: int, number: int) -> Risk:
    found = _load(conn, (RISK.c.plan_year == plan_year) & (RISK.c.number == number))
    if not found:
        raise NotFound("no_risk", number=number, plan_year=plan_year)
    return found[0]


def by_subject(conn: Connection, due_subject: str) -> Risk:
    [found] = _load(conn, RISK.c.id == int(due_subject.removeprefix(SUBJECT_PREFIX)))
    return found


def numbers(conn: Connection, plan_year: int) -> set[int]:
    query = select(RISK.c.number).where(RISK.c.plan_year == plan_year)
    return {number for (number,) in conn.execute(query)}


def _load(conn: Connection, where: Any) -> list[Risk]:
    rows = list(conn.execute(_RISK_SELECT.where(where).order_by(RISK.c.number)).mappings())
    history: dict[int, list[Assessment]] = defaultdict(list)
    if rows:
        query = (
            select(ASSESSMENT)
            .where(ASSESSMENT.c.risk_id.in_([r["id"] for r in rows]))
            .order_by(ASSESSMENT.c.id)
        )
        for a in conn.execute(query).mappings():
            history[a["risk_id"]].append(
                Assessment(
                    a["probability"],
                    a["consequence"],
                    a["assessed_at"],
                    a["assessed_by"],
                    a["note"],
                )
            )
    return [_risk(row, tuple(history[row["id"]])) for row in rows]


def _risk(row: RowMapping, history: tuple[Assessment, ...]) -> Risk:
    return Risk(
        id=row["id"],
        plan_year=row["plan_year"],
        number=row["number"],
        description=row["description"],
        responsible=row["responsible"],
        action_level=row["action_level"],
        probability=row["probability"],
        consequence=row["consequence"],
        action=row["action"],
        deadline=Deadline(row["deadline_kind"], row["deadline"]),
        person=row["person_email"],
        done_at=row["done_at"],
        done_by=row["done_by"],
        done_note=row["done_note"],
        history=history,
        retired=(
            Retired(row["retired_at"], row["retired_by"], row["retired_reason"])
            if row["retired_at"] is not None
            else None
        ),
    )


def unplanned(conn: Connection, everything: bool = False) -> list[tuple[int, date, datetime]]:
    """Current risks whose action is due by a date and not done, with no event waiting for them
    (or all of them, to plan anew): (id, the date, when the risk was added). One whose date
    changed has none waiting (`change` forgot them) and is planned anew."""
    query = select(RISK.c.id, RISK.c.deadline, RISK.c.created_at).where(
        RISK.c.deadline_kind == "date", RISK.c.done_at.is_(None), RISK.c.retired_at.is_(None)
    )
    if not everything:
        named = literal(SUBJECT_PREFIX, String) + cast(RISK.c.id, String)
        query = query.where(~exists().where(DUE.c.subject == named, DUE.c.fired_at.is_(None)))
    return [(risk_id, day, created) for risk_id, day, created in conn.execute(query)]
