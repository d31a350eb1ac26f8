"""The plan as a living document: FI management's decisions on a plan as a whole, and owners'
requests for a new due date with their answers. Both are bound to the history chain."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class PlanDecisionRow(SQLModel, table=True):
    """FI management decided a body's plan for a plan year: when, who, the reference in FI's
    records, and the SHA-256 of the plan document as it read when decided."""

    __tablename__ = "plan_decision"

    id: int | None = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="body.id", index=True)
    plan_year: int
    decided_at: datetime
    decided_by: str = Field(max_length=254)
    reference: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=4000)
    digest: str = Field(max_length=64)


class ReplanRequestRow(SQLModel, table=True):
    """An owner asks for a new due date of their measure; a coordinator accepts or declines.
    Open while `answer` is null (one open request a measure)."""

    __tablename__ = "replan_request"

    id: int | None = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="body.id", index=True)
    item_id: str = Field(foreign_key="item.id", index=True, max_length=20)
    requested_by: str = Field(max_length=254)
    requested_at: datetime
    due: date
    reason: str = Field(max_length=4000)
    answer: str | None = Field(default=None, max_length=10)  # accepted | declined | closed
    answered_by: str | None = Field(default=None, max_length=254)
    answered_at: datetime | None = None
    answer_note: str | None = Field(default=None, max_length=4000)
